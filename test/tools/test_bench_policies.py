"""Tests of test/bench_policies.py's limits: Belady's OPT and exact LRU
against fault counts worked out by hand, and the workloads' reference
strings against user/bpolicy.c, which they mirror."""
import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test"))
sys.path.insert(0, os.path.join(ROOT, "test", "boot"))
import bench_policies as bp  # noqa: E402

# The textbook string (Silberschatz): 3 frames give OPT 9 faults, LRU 12.
TEXTBOOK = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1]


class LimitsTest(unittest.TestCase):
    def test_textbook_string(self):
        self.assertEqual(bp.opt_faults(TEXTBOOK, 3), 9)
        self.assertEqual(bp.lru_faults(TEXTBOOK, 3), 12)

    def test_tiny_string_by_hand(self):
        # 2 frames. LRU: 1 2 3(-1) 1(-2) 4(-3) 1 hit, 2(-4): 6 faults.
        # OPT: 1 2 3(-2, used last) 1 hit 4(-3, never again) 1 hit 2(-any): 5 faults.
        refs = [1, 2, 3, 1, 4, 1, 2]
        self.assertEqual(bp.lru_faults(refs, 2), 6)
        self.assertEqual(bp.opt_faults(refs, 2), 5)

    def test_what_fits_faults_once_per_page(self):
        refs = list(range(8)) * 5
        self.assertEqual(bp.opt_faults(refs, 8), 8)
        self.assertEqual(bp.lru_faults(refs, 8), 8)

    def test_a_loop_one_page_too_big_defeats_lru_not_opt(self):
        refs = list(range(5)) * 3
        self.assertEqual(bp.lru_faults(refs, 4), 15)
        self.assertEqual(bp.opt_faults(refs, 4), 7)


class WorkloadsTest(unittest.TestCase):
    def test_reference_strings(self):
        self.assertEqual(bp.references("seq"), list(range(256)) * 2)
        self.assertEqual(bp.references("loop-fit"), list(range(32)) * 8)
        self.assertEqual(bp.references("loop-big"), list(range(128)) * 4)
        rnd = bp.references("random")
        self.assertEqual(len(rnd), 4000)
        # seed 7 * 1103515245 + 12345 mod 2^32 = 3429651764; >> 8 = 13397077; % 256 = 85
        self.assertEqual(rnd[0], 85)

    def test_mirrors_bpolicy(self):
        with open(os.path.join(ROOT, "user", "bpolicy.c")) as f:
            src = f.read()
        self.assertEqual(int(re.search(r"#define QUOTA (\d+)", src).group(1)), bp.QUOTA)
        self.assertIn("seed * 1103515245 + 12345", src)
        self.assertIn("i < 4000", src)


if __name__ == "__main__":
    unittest.main()
