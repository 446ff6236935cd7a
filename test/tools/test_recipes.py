"""The docs' recipes work as written: in a copy of the tree, follow
docs/policies.md's steps for a new policy and docs/programs.md's for a new
program word for word (the code is taken from the docs' own code blocks,
the edits from their sentences), build, run the policy unit test and boot
the result. Skipped when the cross compiler or QEMU is missing."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test", "boot"))
import qemu  # noqa: E402


def doc(name):
    with open(os.path.join(ROOT, "docs", name)) as f:
        return f.read()


def code_block(text):
    """The first ```c block of text."""
    return re.search(r"```c\n(.*?)```", text, re.S).group(1)


def copy_tree(dst):
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for f in filter(None, files):
        src = os.path.join(ROOT, f.decode())
        if os.path.isfile(src):
            os.makedirs(os.path.dirname(os.path.join(dst, f.decode())), exist_ok=True)
            shutil.copy2(src, os.path.join(dst, f.decode()))


def follow_policy_recipe(tree):
    """docs/policies.md, "Writing a policy": the file, then the two edits it names."""
    text = doc("policies.md").split("## Writing a policy", 1)[1]
    code = code_block(text)
    path = re.match(r"/\* (\S+) \*/", code).group(1)
    with open(os.path.join(tree, path), "w") as f:
        f.write(code)
    entry, table, listing = re.search(r"In `(servers/\S+\.c)`, add `(&\w+)` at the end of the"
                                      r"\s+`(\w+)\[\]` list", text).groups()
    path_c = os.path.join(tree, entry)
    with open(path_c) as f:
        src = f.read()
    src = re.sub(r"(%s\[\] = \{[^}]*?)\}" % re.escape(listing), r"\1, %s}" % table, src, count=1)
    with open(path_c, "w") as f:
        f.write(src)
    header, decl = re.search(r"In `(servers/\S+\.h)`, declare it after the others:\s+`([^`]+)`",
                             text).groups()
    path_h = os.path.join(tree, header)
    with open(path_h) as f:
        lines = f.read().split("\n")
    last = max(i for i, line in enumerate(lines) if line.startswith("extern const struct"))
    lines.insert(last + 1, decl)
    with open(path_h, "w") as f:
        f.write("\n".join(lines))
    return re.search(r'\{"(\w+)"', code).group(1)


def follow_program_recipe(tree):
    """docs/programs.md: write the file the first step names; nothing else."""
    text = doc("programs.md")
    path = re.search(r"1\. Write `(user/\w+\.c)`", text).group(1)
    with open(os.path.join(tree, path), "w") as f:
        f.write(code_block(text))
    return os.path.basename(path)[:-2]


@unittest.skipUnless(shutil.which("i686-linux-gnu-gcc") and shutil.which("qemu-system-i386"),
                     "needs the cross compiler and QEMU")
class RecipesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.tree = cls.tmp.name
        copy_tree(cls.tree)
        cls.policy = follow_policy_recipe(cls.tree)
        cls.program = follow_program_recipe(cls.tree)
        cls.make = subprocess.run(["make", "-j2", "all", "build/unit/test_policy"],
                                  cwd=cls.tree, capture_output=True, text=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def boot(self, append):
        return qemu.qemu(append=append, mem=64, timeout=60,
                         build=os.path.join(self.tree, "build")).console

    def test_the_tree_builds(self):
        self.assertEqual(self.make.returncode, 0, self.make.stdout[-2000:] + self.make.stderr)

    def test_the_policy_unit_test_passes(self):
        p = subprocess.run([os.path.join(self.tree, "build", "unit", "test_policy")],
                           capture_output=True, text=True)
        self.assertRegex(p.stdout, r"100%: Checks: \d+, Failures: 0, Errors: 0")

    def test_the_new_policy_is_known_and_chosen_at_boot(self):
        text = self.boot("init=pagerctl pager.policy=" + self.policy)
        self.assertRegex(text, r"pager: ready, .*policy %s," % self.policy)
        self.assertRegex(text, r"policy %s \(known: demand, eager, prefetch:N, %s, fifo, clock;"
                         % (self.policy, self.policy))

    def test_the_new_program_runs_and_help_knows_it(self):
        text = self.boot("init=%s:you" % self.program)
        self.assertIn("greet: hello, you", text)
        with open(os.path.join(self.tree, "build", "initrd.tar"), "rb") as f:
            data = f.read()
        self.assertIn(b"greet\tsay hello to NAME, or to the world\n", data)


if __name__ == "__main__":
    unittest.main()
