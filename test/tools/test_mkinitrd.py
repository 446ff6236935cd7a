"""Tests of tools/mkinitrd through its command line: the archive's members,
the "programs" index help prints, and the errors that stop a build."""
import os
import subprocess
import sys
import tarfile
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(os.path.dirname(os.path.dirname(HERE)), "tools", "mkinitrd")
ELF = b"\x7fELF" + b"\0" * 60


class MkinitrdTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.out = self.path("initrd.tar")

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def file(self, name, data):
        with open(self.path(name), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return self.path(name)

    def run_tool(self, *args):
        return subprocess.run([sys.executable, TOOL, self.out] + list(args),
                              capture_output=True, text=True)

    def members(self):
        with tarfile.open(self.out) as tar:
            return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}

    def test_each_file_starts_a_page_and_the_archive_is_whole_pages(self):
        sizes = {"a": 1, "b": 511, "c": 512, "d": 4096 - 512, "e": 4096, "f": 9000, "g": 0}
        paths = [self.file(n, bytes([i + 1]) * s) for i, (n, s) in enumerate(sizes.items())]
        p = self.run_tool(*paths)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(os.path.getsize(self.out) % 4096, 0)
        with tarfile.open(self.out) as tar:
            files = [m for m in tar.getmembers() if m.isfile()]
            self.assertEqual([m.name for m in files], list(sizes))
            for m in files:
                self.assertEqual(m.offset_data % 4096, 0, m.name)
            pads = [m for m in tar.getmembers() if not m.isfile()]
            self.assertTrue(pads and all(m.type == b"P" for m in pads))
        self.assertEqual(self.members(), {n: bytes([i + 1]) * s
                                          for i, (n, s) in enumerate(sizes.items())})

    def test_index_lists_every_program_with_its_first_clause(self):
        prog = self.file("ps", ELF)
        kill = self.file("kill", ELF)
        data = self.file("notes.txt", "not a program")
        src = self.file("ps.c", "/*\n * ps: every process, with its\n * quota. More here.\n */\n")
        ksrc = self.file("kill.c", "/* kill TASK: end a task you started; see docs. */\n")
        p = self.run_tool("--about", "ps=" + src, "--about", "kill=" + ksrc, prog, kill, data)
        self.assertEqual(p.returncode, 0, p.stderr)
        m = self.members()
        self.assertEqual(list(m), ["ps", "kill", "notes.txt", "programs"])
        self.assertEqual(m["programs"].decode(),
                         "ps\tevery process, with its quota\nkill\tend a task you started\n")

    def test_a_program_without_a_description_stops_the_build(self):
        prog = self.file("ps", ELF)
        other = self.file("top", ELF)
        src = self.file("ps.c", "/* ps: every process. */\n")
        p = self.run_tool("--about", "ps=" + src, prog, other)
        self.assertEqual(p.returncode, 1)
        self.assertIn("top: a program without --about top=SOURCE", p.stderr)
        self.assertFalse(os.path.exists(self.out))

    def test_a_source_without_an_opening_comment_stops_the_build(self):
        prog = self.file("ps", ELF)
        src = self.file("ps.c", "int main(void) { return 0; }\n")
        p = self.run_tool("--about", "ps=" + src, prog)
        self.assertEqual(p.returncode, 1)
        self.assertIn("no opening comment", p.stderr)

    def test_a_name_the_archive_cannot_hold_stops_the_build(self):
        prog = self.file("ps", ELF)
        p = self.run_tool("x" * 101 + "=" + prog)
        self.assertEqual(p.returncode, 1)
        self.assertIn("name longer than 100 bytes", p.stderr)

    def test_without_about_there_is_no_index(self):
        prog = self.file("ps", ELF)
        self.assertEqual(self.run_tool(prog).returncode, 0)
        self.assertEqual(list(self.members()), ["ps"])


if __name__ == "__main__":
    unittest.main()
