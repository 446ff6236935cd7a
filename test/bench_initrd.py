#!/usr/bin/env python3
"""make bench-initrd: spawn+exit+wait (user/bench.c under qemu -icount) with
the initrd as the build makes it, and with FILLERS more files ahead of every
program. The pager finds a program through an index built once at start
(servers/pager/initrd.c), so the figure must not grow with the files; it
fails when the big initrd costs more than 1% more per spawn."""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "boot"))
import bench  # noqa: E402
import qemu  # noqa: E402

FILLERS = 1000
BUILD = os.path.join(qemu.ROOT, "build")
BIG = os.path.join(BUILD, "initrd-big")


def make_big_initrd():
    """BIG/ holds this build's kernel and swap disk and an initrd of FILLERS files, then
    the programs: the same command line as the Makefile's, the fillers put first."""
    fill = os.path.join(BIG, "fill")
    os.makedirs(fill, exist_ok=True)
    names = []
    for i in range(FILLERS):
        name = os.path.join(fill, "filler%04d" % i)
        with open(name, "w") as f:
            f.write("filler %d\n" % i)
        names.append(name)
    programs = sorted(os.path.join(BUILD, "bin", p) for p in os.listdir(os.path.join(BUILD, "bin")))
    subprocess.run([sys.executable, os.path.join(qemu.ROOT, "tools", "mkinitrd"),
                    os.path.join(BIG, "initrd.tar")] + names + programs, check=True)
    for f in ("kernel.elf", "swap.img"):
        shutil.copyfile(os.path.join(BUILD, f), os.path.join(BIG, f))


def spawn_figure(build):
    boot = qemu.qemu(append="init=bench", mem=128, timeout=300, icount=True, build=build)
    if boot.timed_out or "bench: done" not in boot.console:
        sys.exit("bench-initrd: the benchmark did not finish:\n" + boot.console[-2000:])
    return bench.figure([line[len("bench: "):] for line in boot.console.splitlines()
                         if line.startswith("bench: ")], "spawn+exit+wait")


def main():
    make_big_initrd()
    small, big = spawn_figure(BUILD), spawn_figure(BIG)
    files = len(os.listdir(os.path.join(BUILD, "bin")))
    print("bench-initrd: spawn+exit+wait %d instructions with %d files in the initrd, %d with %d "
          "(%+.2f%%)" % (small, files, big, files + FILLERS, 100.0 * (big - small) / small))
    if big > small * 1.01:
        print("bench-initrd: spawn costs more with more files")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
