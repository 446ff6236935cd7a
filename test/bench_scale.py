#!/usr/bin/env python3
"""make bench-scale: how costs grow with the size of the system (issue 10).
Boots a 1 GiB machine under QEMU -icount (one TSC tick per guest
instruction), types 'bscale' at the shell (so it runs with the shell's
default quota: the machine), then runs make bench-initrd's two boots (spawn
with the build's initrd and with 1,000 more files), and prints each figure
beside the same figure at its smallest size and against the issue's target,
met or MISS. Writes the table to build/bench-scale.md. A missed target is reported,
not an error: make bench-scale fails only when bscale does not finish."""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "boot"))
import bench_initrd  # noqa: E402
import qemu  # noqa: E402

ICOUNT = ["-icount", "shift=0,align=off,sleep=off"]
PROMPT = r"\$ "

# Figures whose value must reach their size: a count of things the system held at once.
REACH = {"chain-depth": "nested spawns", "live-processes": "processes alive at once",
         "pools": "one-page VM pools in one process", "mapped-90%": "frames one program holds"}
# Figures compared with the same figure at its first size: (largest ratio allowed, what).
RATIO = {"fault": (1.10, "demand-zero fault, instructions"),
         "ipc": (1.10, "IPC round trip, instructions"),
         "spawn": (1.10, "spawn+exit+wait, instructions"),
         "spawn-initrd": (1.10, "spawn+exit+wait of user/bench.c, instructions"),
         "free-sbrk": (1.20, "touched pages freed by sbrk, instructions a page"),
         "free-pool": (1.20, "touched pages freed by pool release, a page"),
         "free-exit": (1.20, "touched pages freed by kill+wait, a page")}


def run():
    keys = [(PROMPT, "bscale\r"), (r"bscale: done\n[\s\S]*?" + PROMPT, "exit\r")]
    boot = qemu.qemu(append="init=sh", mem=1024, timeout=1800, keys=keys, extra=ICOUNT)
    if "bscale: done" not in boot.console:
        sys.exit("bench-scale: bscale did not finish:\n" + boot.console[-3000:])
    return boot.console


def initrd_rows():
    """make bench-initrd's figures: spawn with the build's initrd, then with FILLERS more files."""
    bench_initrd.make_big_initrd()
    files = len(os.listdir(os.path.join(bench_initrd.BUILD, "bin")))
    return [("spawn-initrd", "%d-files" % files, bench_initrd.spawn_figure(bench_initrd.BUILD)),
            ("spawn-initrd", "%d-files" % (files + bench_initrd.FILLERS),
             bench_initrd.spawn_figure(bench_initrd.BIG))]


def rows(console):
    """(figure, size, value) in the order bscale printed them."""
    return [(m.group(1), m.group(2), int(m.group(3)))
            for m in re.finditer(r"(?m)^bscale: (\S+) (\S+) (\d+)$", console)]


def judge(figures):
    """Table rows: figure, size, value, ratio or target, met or MISS."""
    out = []
    base = {}
    for name, size, value in figures:
        if name in RATIO and name not in base:
            base[name] = (size, value)
    for name, size, value in figures:
        if name in REACH:
            want = int(size)
            out.append((REACH[name], "%s of %d" % (value, want), "",
                        "met" if value >= want else "MISS"))
        elif name in RATIO:
            limit, what = RATIO[name]
            first, first_value = base[name]
            if size == first:
                out.append((what, "%s: %d" % (size, value), "1.00x (the base)",
                            "" if value else "MISS"))
                continue
            if value == 0 or first_value == 0:
                out.append((what, "%s: not measured" % size, "", "MISS"))
                continue
            ratio = value / first_value
            out.append((what, "%s: %d" % (size, value), "%.2fx (<= %.2fx)" % (ratio, limit),
                        "met" if ratio <= limit else "MISS"))
    return out


def main():
    console = run()
    for line in re.findall(r"(?m)^bscale: .*$", console):
        print(line)
    table = judge(rows(console) + initrd_rows())
    lines = ["| figure | size: value | vs. its base size | target |",
             "| --- | --- | --- | --- |"]
    lines += ["| %s | %s | %s | %s |" % row for row in table]
    for row in table:
        print("bench-scale: %-48s %-20s %-18s %s" % row)
    out = os.path.join(HERE, "..", "build", "bench-scale.md")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("bench-scale: wrote build/bench-scale.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
