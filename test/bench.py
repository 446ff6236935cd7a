#!/usr/bin/env python3
"""make bench: boot the bench program under QEMU -icount (one TSC tick per
guest instruction) twice, check both runs give the same figures, and print
them. The figures are instruction counts, comparable run to run."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "boot"))
import qemu  # noqa: E402


def run(append):
    boot = qemu.qemu(append=append, mem=128, timeout=300, icount=True)
    if boot.timed_out or "bench: done" not in boot.console:
        sys.exit("bench: the benchmark did not finish:\n" + boot.console[-2000:])
    return re.findall(r"^bench: (.*)$", boot.console, re.M)


def main():
    first, second = run("init=bench"), run("init=bench")
    for line in first:
        print(line)
    if first != second:
        print("bench: the two runs differ:\n  " + "\n  ".join(second))
        return 1
    print("bench: both runs gave the same figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
