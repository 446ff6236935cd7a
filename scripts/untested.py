#!/usr/bin/env python3
"""make coverage: which .c files of servers/, libipc/ and microkernel/ no host
unit test compiles. A unit test compiles a source by #including it
(test/unit/test_*.c); gcovr can only report on those, so this names the rest.
Prints one summary line, then the files by directory."""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TREES = ("servers", "libipc", "microkernel")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+\.c)"', re.M)


def compiled_by_tests():
    """Repo-relative paths of the .c files the unit tests #include."""
    seen = set()
    for test in glob.glob(os.path.join(ROOT, "test", "unit", "test_*.c")):
        with open(test) as f:
            for name in INCLUDE.findall(f.read()):
                # the unit tests build with -I. (the repo root) or name a path from their folder
                for base in (ROOT, os.path.dirname(test)):
                    path = os.path.normpath(os.path.join(base, name))
                    if os.path.exists(path):
                        seen.add(os.path.relpath(path, ROOT))
                        break
    return seen


def tree_sources():
    out = []
    for tree in TREES:
        for path in glob.glob(os.path.join(ROOT, tree, "**", "*.c"), recursive=True):
            out.append(os.path.relpath(path, ROOT))
    return sorted(out)


def main():
    tested = compiled_by_tests()
    sources = tree_sources()
    missing = [s for s in sources if s not in tested]
    print("host tests compile %d of the %d .c files in %s; no host test compiles:"
          % (len(sources) - len(missing), len(sources), ", ".join(t + "/" for t in TREES)))
    by_dir = {}
    for path in missing:
        by_dir.setdefault(os.path.dirname(path), []).append(os.path.basename(path))
    for d in sorted(by_dir):
        print("  %-22s %s" % (d + "/", " ".join(by_dir[d])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
