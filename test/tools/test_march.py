"""The CPU floor is a Pentium (Makefile -march=i586, microkernel/cpu.c): the
kernel and every program in build/ must hold no instruction the Pentium lacks
(cmov, fcmov, fcomi/fucomi came with the Pentium Pro; sysenter with the
Pentium II). Reads the real binaries with the cross objdump.
"""
import glob
import os
import re
import subprocess
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(os.path.dirname(os.path.dirname(HERE)), "build")
OBJDUMP = "i686-linux-gnu-objdump"
P6_ONLY = re.compile(r"\t(cmov\w+|fcmov\w+|fu?comip?|sysenter|sysexit)\s")


class PentiumFloor(unittest.TestCase):
    def binaries(self):
        found = [os.path.join(BUILD, "kernel.elf")] + sorted(glob.glob(os.path.join(BUILD, "bin", "*")))
        found = [b for b in found if os.path.isfile(b)]
        self.assertGreater(len(found), 3, "build/ holds no kernel and programs: run make all")
        return found

    def test_no_p6_instructions(self):
        for b in self.binaries():
            text = subprocess.run([OBJDUMP, "-d", b], capture_output=True, text=True,
                                  check=True).stdout
            bad = P6_ONLY.findall(text)
            self.assertEqual(bad, [], "%s uses instructions a Pentium lacks: %s"
                             % (os.path.basename(b), sorted(set(bad))))

    def test_the_pattern_sees_cmov(self):
        self.assertTrue(P6_ONLY.search("c0100000:\t0f 44 c2             \tcmove  %edx,%eax\n"))


if __name__ == "__main__":
    unittest.main()
