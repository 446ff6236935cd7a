#!/usr/bin/env python3
"""make bench: boot the bench program under QEMU -icount (one TSC tick per
guest instruction) twice, check both runs give the same figures, and print
them. The figures are instruction counts, comparable run to run."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "boot"))
import qemu  # noqa: E402


def run(append, kernel="kernel.elf"):
    boot = qemu.qemu(append=append, mem=128, timeout=300, icount=True, kernel=kernel)
    if boot.timed_out or "bench: done" not in boot.console:
        sys.exit("bench: the benchmark did not finish:\n" + boot.console[-2000:])
    return re.findall(r"^bench: (.*)$", boot.console, re.M)


def figure(lines, name):
    for line in lines:
        m = re.match(r"%s\s+(\d+) instructions" % re.escape(name), line)
        if m:
            return int(m.group(1))
    sys.exit("bench: no figure for %r" % name)


def main():
    first, second = run("init=bench"), run("init=bench")
    notrace = run("init=bench", kernel="kernel-notrace.elf")
    for line in first:
        print(line)
    if first != second:
        print("bench: the two runs differ:\n  " + "\n  ".join(second))
        return 1
    print("bench: both runs gave the same figures")
    off, bare = figure(first, "ipc round trip"), figure(notrace, "ipc round trip")
    ratio = 100.0 * (off - bare) / bare
    print("bench: ipc round trip without trace compiled in: %d; with it compiled in but off: "
          "%d (%+.1f%%)" % (bare, off, ratio))
    if abs(ratio) > 2.0:
        print("bench: tracing off costs more than 2%")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
