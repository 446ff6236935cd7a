"""Tests of test/boot/testlist.py: the one list of test programs is checked
against the sources, and the real user/test/TESTS passes that check."""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test", "boot"))

import testlist  # noqa: E402

SOURCES = ["t_a", "t_b", "t_help"]
GOOD = "# comment\ntest t_b\n\ntest t_a  # trailing comment\nhelper t_help started by t_a\n"


class Parse(unittest.TestCase):
    def error(self, text, sources=SOURCES):
        with self.assertRaises(testlist.ListError) as cm:
            testlist.parse(text, sources)
        return str(cm.exception)

    def test_tests_in_order_without_helpers(self):
        self.assertEqual(testlist.parse(GOOD, SOURCES), ["t_b", "t_a"])

    def test_unlisted_source(self):
        msg = self.error("test t_a\nhelper t_help why\n")
        self.assertIn("t_b.c not listed", msg)

    def test_line_without_source(self):
        self.assertIn("TESTS:6: t_gone has no source", self.error(GOOD + "test t_gone\n"))

    def test_listed_twice(self):
        self.assertIn("t_a is listed twice", self.error(GOOD + "helper t_a again\n"))

    def test_helper_needs_reason(self):
        self.assertIn("helper t_help needs a reason",
                      self.error("test t_a\ntest t_b\nhelper t_help\n"))

    def test_unknown_kind(self):
        self.assertIn("TESTS:1: a line is", self.error("run t_a\n"))

    def test_test_takes_one_name(self):
        self.assertIn("'test t_a' takes no more words", self.error("test t_a t_b\n"))


class Real(unittest.TestCase):
    def test_every_program_is_listed(self):
        names = testlist.tests()
        self.assertIn("t_ipc", names)
        self.assertNotIn("t_echo", names)

    def test_header_names_every_test(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "tests.h")
            p = subprocess.run([sys.executable, os.path.join(ROOT, "test", "boot",
                                                             "testlist.py"), out])
            self.assertEqual(p.returncode, 0)
            with open(out) as f:
                text = f.read()
        want = ", ".join('"%s"' % n for n in testlist.tests())
        self.assertIn("#define TEST_PROGRAMS %s\n" % want, text)


if __name__ == "__main__":
    unittest.main()
