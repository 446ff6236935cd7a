"""Tests of the boot tests' judgement of TAP output (test/boot/cases.py plan_met,
test/run.py judge): a plan not met, a failed check or a wrong exit status fails."""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test", "boot"))
sys.path.insert(0, os.path.join(ROOT, "test"))

import cases  # noqa: E402
import run  # noqa: E402

GOOD = "init: started (t_x)\n1..3\nok 1 - a\nok 2 - b\n# note\nok 3 - c\ninit: 1 test programs\n"


class Boot:
    def __init__(self, console, status=cases.EXIT_OK):
        self.console, self.status, self.timed_out, self.seconds = console, status, False, 1.0


class PlanMet(unittest.TestCase):
    def test_met(self):
        self.assertIsNone(cases.plan_met(GOOD))

    def test_two_plans_one_after_the_other(self):
        self.assertIsNone(cases.plan_met(GOOD + "1..1\nnot ok 1 - d\n"))

    def test_line_missing(self):
        self.assertIn("numbered 1,2 for plans of 3", cases.plan_met("1..3\nok 1\nok 2\n"))

    def test_line_too_many(self):
        self.assertIsNotNone(cases.plan_met("1..1\nok 1\nok 2\n"))

    def test_out_of_order(self):
        self.assertIsNotNone(cases.plan_met("1..2\nok 2\nok 1\n"))

    def test_no_plan(self):
        self.assertIn("plans of none", cases.plan_met("ok 1\n"))


class Judge(unittest.TestCase):
    case = cases.program_case("t_x")

    def test_good_passes(self):
        self.assertEqual(run.judge(self.case, Boot(GOOD)), [])

    def test_not_ok_fails(self):
        problems = run.judge(self.case, Boot(GOOD.replace("ok 2", "not ok 2")))
        self.assertTrue(any("not ok" in p for p in problems), problems)

    def test_exit_status_fails(self):
        problems = run.judge(self.case, Boot(GOOD, status=3))
        self.assertTrue(any("exit status 3" in p for p in problems), problems)

    def test_short_run_fails(self):
        problems = run.judge(self.case, Boot(GOOD.replace("ok 3 - c\n", "")))
        self.assertTrue(any("plans of 3" in p for p in problems), problems)


if __name__ == "__main__":
    unittest.main()
