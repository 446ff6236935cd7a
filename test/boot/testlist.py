#!/usr/bin/env python3
"""The one list of test programs, user/test/TESTS (docs/testing.md).

testlist.py OUT.h writes the C header init includes (TEST_PROGRAMS, the tests
in order); cases.py calls tests(). Both check the list against the sources
first: every user/test/*.c has exactly one line, and every line has a source.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEST_DIR = os.path.join(ROOT, "user", "test")
LIST = os.path.join(TEST_DIR, "TESTS")


class ListError(Exception):
    pass


def parse(text, sources):
    """The test names of TESTS text, in order, checked against the source names."""
    tests, seen = [], set()
    for n, line in enumerate(text.splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        where = "user/test/TESTS:%d" % n
        if words[0] not in ("test", "helper") or len(words) < 2:
            raise ListError("%s: a line is 'test NAME' or 'helper NAME WHY', not '%s'"
                            % (where, line.strip()))
        kind, name = words[0], words[1]
        if kind == "test" and len(words) != 2:
            raise ListError("%s: 'test %s' takes no more words" % (where, name))
        if kind == "helper" and len(words) < 3:
            raise ListError("%s: helper %s needs a reason it is not a test" % (where, name))
        if name in seen:
            raise ListError("%s: %s is listed twice" % (where, name))
        if name not in sources:
            raise ListError("%s: %s has no source user/test/%s.c" % (where, name, name))
        seen.add(name)
        if kind == "test":
            tests.append(name)
    missing = sorted(set(sources) - seen)
    if missing:
        raise ListError("user/test/TESTS: %s not listed: add each as 'test NAME' or "
                        "'helper NAME WHY'" % ", ".join(s + ".c" for s in missing))
    return tests


def tests():
    """The test programs of user/test/TESTS, in order."""
    sources = [f[:-2] for f in os.listdir(TEST_DIR) if f.endswith(".c")]
    with open(LIST) as f:
        return parse(f.read(), sources)


def header(names):
    return ("/* Generated from user/test/TESTS by test/boot/testlist.py. */\n"
            "#define TEST_PROGRAMS %s\n" % ", ".join('"%s"' % n for n in names))


def main(argv):
    if len(argv) != 1:
        print("usage: testlist.py OUT.h", file=sys.stderr)
        return 1
    try:
        text = header(tests())
    except ListError as e:
        print("testlist: %s" % e, file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(argv[0]) or ".", exist_ok=True)
    with open(argv[0], "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
