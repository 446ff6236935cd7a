#!/usr/bin/env python3
"""make fuzz (docs/fuzz.md): the libFuzzer harnesses of test/fuzz/, then the
guest fuzzer (user/fuzz.c) and the concurrent hammer (user/hammer.c) booted
in QEMU, for a time budget given in seconds (FUZZ_S: half to the harnesses,
a third of the rest to the hammer; FUZZ_PARTS picks some of them). Prints
what ran and what it found; the exit status is non-zero when any harness
broke an invariant, the kernel panicked, a server died, a child hung or the
books did not balance.

test/run.py imports seed_corpora() and harness_run() for the short seeded
run that make test includes.
"""
import glob
import io
import os
import re
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD = os.path.join(ROOT, "build")
sys.path.insert(0, os.path.join(HERE, "boot"))

import qemu  # noqa: E402

GUEST_CALLS = 4000      # system calls per guest round
GUEST_RATE = 5          # rounds a second under QEMU (measured: about 25000 calls/s)
HAMMER_WORKERS = 6      # within the pager's 20 process slots, with their children
HAMMER_RATE = 60        # steps a second for each worker (measured: about 65)
# Both boots run under -icount, so their deadlines (TSC cycles) count instructions and a busy
# host is not a hang; the host may run QEMU many times slower than the rates above, so a boot is
# only given up after SLACK times its budget.
SLACK = 20
SERVERS = r"\((quota|pager|swap)\) ended"


def harnesses():
    return sorted(b for b in glob.glob(os.path.join(BUILD, "fuzz", "fuzz_*"))
                  if os.access(b, os.X_OK) and not b.endswith(".d"))


def seed_corpora():
    """A starting input or two per harness, made from the build, in build/fuzz/seed/NAME."""
    with open(os.path.join(BUILD, "bin", "t_hello"), "rb") as f:
        hello = f.read()
    tar = io.BytesIO()
    with tarfile.open(fileobj=tar, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in (("t_hello", hello[:3000]), ("./etc/motd", b"hi\n")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    seeds = {
        "fuzz_elf": [hello],
        "fuzz_ustar": [tar.getvalue()],
        "fuzz_cmdline": [b"/boot/kernel init=sh pager.policy=prefetch:4+clock trace=ipc:quota x"],
        "fuzz_fmt": [b"%-08.3lld|%5s|%p|%c|%%|%05x|%.2s|%zu|%q"],
        # every key added twice, growing when full, then each dropped: a full, crowded table
        "fuzz_share": [bytes(x for k in range(96) for x in (0x80, k, 0, k, 0x80, k, 0, k))
                       + bytes(x for k in range(96) for x in (2, k))],
    }
    dirs = {}
    for b in harnesses():
        name = os.path.basename(b)
        d = os.path.join(BUILD, "fuzz", "seed", name)
        os.makedirs(d, exist_ok=True)
        for i, data in enumerate(seeds.get(name, [bytes(range(64))])):
            with open(os.path.join(d, "seed%d" % i), "wb") as f:
                f.write(data)
        dirs[name] = d
    return dirs


def harness_run(binary, seed_dir, seed, runs=None, seconds=None, corpus=None):
    """Run one harness, growing corpus (default build/fuzz/corpus/NAME); returns (ok, runs
    done, the report's lines about what went wrong)."""
    name = os.path.basename(binary)
    corpus = corpus or os.path.join(BUILD, "fuzz", "corpus", name)
    os.makedirs(corpus, exist_ok=True)
    crashes = os.path.join(BUILD, "fuzz", "crashes", name)
    os.makedirs(crashes, exist_ok=True)
    cmd = [binary, corpus, seed_dir, "-seed=%d" % seed, "-max_len=4096", "-timeout=10",
           "-artifact_prefix=%s/" % crashes, "-print_final_stats=1"]
    cmd += ["-runs=%d" % runs] if runs else ["-max_total_time=%d" % seconds]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=BUILD)
    done = re.search(r"stat::number_of_executed_units:\s*(\d+)", p.stderr)
    tail = "\n".join(l for l in p.stderr.splitlines()
                     if re.search(r"invariant|ERROR|SUMMARY|runtime error|Test unit written", l))
    return p.returncode == 0, int(done.group(1)) if done else 0, tail


def guest_run(seconds, seed):
    """Boot init=fuzz for about seconds; returns (ok, summary lines)."""
    rounds = max(1, seconds * GUEST_RATE)
    boot = qemu.qemu(append="init=fuzz:%d,%d,%d" % (seed, GUEST_CALLS, rounds), mem=128,
                     icount=True, timeout=seconds * SLACK + 120)
    text = boot.console
    panics = len(re.findall(r"PANIC", text))
    deaths = len(re.findall(SERVERS, text, re.M))
    m = re.search(r"^fuzz: (\d+) rounds, (\d+) system calls made, (\d+) hangs$", text, re.M)
    endings = re.search(r"^fuzz: endings:(.*)$", text, re.M)
    books = re.search(r"^fuzz: books (.*)$", text, re.M)
    lines = ["guest: seed %d, %s rounds, %s system calls, %d panics, %d server deaths, %s hangs%s"
             % (seed, m.group(1) if m else "?", m.group(2) if m else "?", panics, deaths,
                m.group(3) if m else "?", " (timed out)" if boot.timed_out else ""),
             "guest: endings:%s" % (endings.group(1) if endings else " (no report)"),
             "guest: books %s" % (books.group(1) if books else "(no report)")]
    ok = (boot.status == qemu.EXIT_OK and not panics and not deaths and m is not None
          and m.group(3) == "0")
    if not ok:
        lines.append("---- console (end) ----\n" + text[-3000:])
    return ok, lines


def hammer_run(seconds, seed):
    """Boot init=hammer for about seconds; returns (ok, summary lines)."""
    steps = max(1, seconds * HAMMER_RATE)
    boot = qemu.qemu(append="init=hammer:%d,%d,%d" % (HAMMER_WORKERS, steps, seed), mem=128,
                     icount=True, timeout=seconds * SLACK + 120)
    text = boot.console
    m = re.search(r"^hammer: (\d+) workers of (\d+) steps, (\d+) failures, (\d+) hangs; "
                  r"books (\w+), frames (.*)$", text, re.M)
    panics = len(re.findall(r"PANIC", text))
    deaths = len(re.findall(SERVERS, text, re.M))
    lines = ["hammer: seed %d, %s, %d panics, %d server deaths%s"
             % (seed, m.group(0)[len("hammer: "):] if m else "no report", panics, deaths,
                " (timed out)" if boot.timed_out else "")]
    ok = boot.status == qemu.EXIT_OK and not panics and not deaths and m is not None
    if not ok:
        lines.append("---- console (end) ----\n" + text[-3000:])
    return ok, lines


PARTS = ("harnesses", "guest", "hammer")


def budget(seconds, parts, nbins):
    """Seconds for each harness, the guest fuzzer and the hammer: half to the harnesses when
    anything else runs, the rest two to one between the guest and the hammer; a part alone
    gets it all."""
    each = 0
    if "harnesses" in parts:
        share = seconds // 2 if len(parts) > 1 else seconds
        each = max(1, share // max(1, nbins))
        seconds = max(2, seconds - each * nbins)
    guest = hammer = 0
    if "guest" in parts and "hammer" in parts:
        guest, hammer = seconds - seconds // 3, seconds // 3
    elif "guest" in parts:
        guest = seconds
    elif "hammer" in parts:
        hammer = seconds
    return each, max(1, guest), max(1, hammer)


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    seed = int(os.environ.get("FUZZ_SEED", "1"))
    parts = os.environ.get("FUZZ_PARTS", ",".join(PARTS)).split(",")
    unknown = [p for p in parts if p not in PARTS]
    if unknown or not parts:
        print("fuzz: FUZZ_PARTS is a comma-separated list of %s, not %r"
              % (", ".join(PARTS), os.environ.get("FUZZ_PARTS")))
        return 2
    bins = harnesses() if "harnesses" in parts else []
    seeds = seed_corpora()
    each, guest, hammer = budget(seconds, parts, len(bins))
    ok = True
    for b in bins:
        name = os.path.basename(b)
        good, runs, tail = harness_run(b, seeds[name], seed, seconds=each)
        ok &= good
        print("%s %s: %d inputs in %d s%s" % ("ok  " if good else "FAIL", name, runs, each,
                                               "" if good else "\n" + tail), flush=True)
    for part, run, share in (("guest", guest_run, guest), ("hammer", hammer_run, hammer)):
        if part not in parts:
            continue
        good, lines = run(share, seed)
        ok &= good
        print("\n".join(lines), flush=True)
    print("fuzz: %s" % ("nothing found" if ok else "FOUND PROBLEMS (see above; inputs in "
                                                     "build/fuzz/crashes/)"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
