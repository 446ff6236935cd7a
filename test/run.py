#!/usr/bin/env python3
"""make test: host unit tests (Check), host tool tests (unittest), QEMU boot
tests and a Bochs smoke test. Ends with one line 'N passed, M failed' and a
non-zero exit status when anything failed."""
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "boot"))
sys.path.insert(0, HERE)

import cases  # noqa: E402
import session_cases  # noqa: E402
import qemu  # noqa: E402
import fuzz  # noqa: E402

# make test's short libFuzzer run: inputs per harness, seed 1, from the seed corpus only.
FUZZ_RUNS = {"fuzz_malloc": 300, "fuzz_pagemap": 300, "fuzz_container": 3000, "fuzz_share": 3000,
             "fuzz_proctab": 3000, "fuzz_idtab": 1000}
FUZZ_RUNS_DEFAULT = 20000


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def add(self, ok, label, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print("%s %s%s" % ("PASS" if ok else "FAIL", label, (": " + detail) if detail else ""),
              flush=True)


def run_unit(t):
    bins = sorted(glob.glob(os.path.join(ROOT, "build", "unit", "test_*")))
    bins = [b for b in bins if os.access(b, os.X_OK) and not b.endswith((".gcda", ".gcno"))]
    for b in bins:
        p = subprocess.run([b], capture_output=True, text=True, cwd=ROOT,
                           env=dict(os.environ, CK_FORK="yes"))
        m = re.search(r"(\d+)%: Checks: (\d+), Failures: (\d+), Errors: (\d+)", p.stdout)
        name = os.path.basename(b)
        if not m:
            t.add(False, "unit " + name, "no Check summary (exit %d)\n%s" % (p.returncode,
                                                                            p.stdout + p.stderr))
            continue
        checks, fails, errs = int(m.group(2)), int(m.group(3)), int(m.group(4))
        t.passed += checks - fails - errs
        t.failed += fails + errs
        ok = fails + errs == 0 and p.returncode == 0
        print("%s unit %s: %d checks, %d failed" % ("PASS" if ok else "FAIL", name, checks,
                                                    fails + errs), flush=True)
        if not ok:
            print(p.stdout[-4000:])


def run_tool_tests(t):
    tools = os.path.join(HERE, "tools")
    if not glob.glob(os.path.join(tools, "test_*.py")):
        return
    suite = unittest.defaultTestLoader.discover(tools, top_level_dir=tools)
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=0).run(suite)
    bad = len(result.failures) + len(result.errors)
    t.passed += result.testsRun - bad
    t.failed += bad
    print("%s tools: %d tests, %d failed" % ("PASS" if bad == 0 else "FAIL", result.testsRun, bad))


def run_fuzzers(t):
    seeds = fuzz.seed_corpora()
    for b in fuzz.harnesses():
        name = os.path.basename(b)
        with tempfile.TemporaryDirectory() as corpus:
            ok, runs, tail = fuzz.harness_run(b, seeds[name], 1, corpus=corpus,
                                              runs=FUZZ_RUNS.get(name, FUZZ_RUNS_DEFAULT))
        t.add(ok, "fuzz %s: %d inputs, seed 1" % (name, runs), tail)


def judge(case, boot):
    """Return a list of problems with one boot (empty: it passed)."""
    text = boot.console
    problems = []
    if boot.timed_out:
        problems.append("timed out after %.0f s" % boot.seconds)
    elif case.get("status") is not None and boot.status != case["status"]:
        problems.append("QEMU exit status %s, wanted %s" % (boot.status, case["status"]))
    for pat in case.get("expect", []):
        if not re.search(pat, text, re.M):
            problems.append("missing /%s/" % pat)
    for pat in case.get("forbid", []):
        m = re.search(pat, text, re.M)
        if m:
            problems.append("unexpected /%s/: %r" % (pat, m.group(0)))
    if case.get("check"):
        err = case["check"](text)
        if err:
            problems.append(err)
    if case.get("check_boot"):
        err = case["check_boot"](boot)
        if err:
            problems.append(err)
    return problems


def tap_lines(text):
    return re.findall(r"^(ok|not ok) (\d+)(.*)$", text, re.M)


def run_case(case):
    boot = qemu.qemu(append=case.get("append", ""), mem=case.get("mem", 128),
                     timeout=case.get("timeout", 60), trace=case.get("trace", False),
                     icount=case.get("icount", False),
                     swap=case.get("swap", "swap.img"), keys=case.get("keys", ()),
                     extra=["-cpu", case["cpu"]] if case.get("cpu") else [])
    return case, boot


def run_boot(t, jobs):
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for case, boot in ex.map(run_case, cases.CASES):
            problems = judge(case, boot)
            if case.get("tap"):
                for status, num, desc in tap_lines(boot.console):
                    t.add(status == "ok", "%s %s%s" % (case["name"], num, desc))
            t.add(not problems, "boot %s (%.1f s)" % (case["name"], boot.seconds),
                  "; ".join(problems))
            if problems:
                print("---- console of '%s' ----\n%s\n----" % (case["name"], boot.console[-3000:]))


def run_session(case):
    start = time.monotonic()
    with qemu.Session(case.get("append", ""), case.get("mem", 128)) as s:
        err = case["run"](s)
        return case, err, s.console, time.monotonic() - start


def run_sessions(t, jobs):
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for case, err, console, seconds in ex.map(run_session, session_cases.SESSIONS):
            if case.get("tap"):
                for status, num, desc in tap_lines(console):
                    t.add(status == "ok", "%s %s%s" % (case["name"], num, desc))
            t.add(not err, "session %s (%.1f s)" % (case["name"], seconds), err or "")
            if err:
                print("---- console of '%s' ----\n%s\n----" % (case["name"], console[-3000:]))


def run_bochs(t):
    if not os.path.exists(os.path.join(ROOT, "build", "kernel.iso")):
        t.add(False, "bochs", "build/kernel.iso missing (make iso)")
        return
    boot = qemu.bochs(cases.BANNER + r"[\s\S]*paging: on", timeout=240,
                      keys=[(r"^\$ ", "poweroff\r")])
    problems = [] if not boot.timed_out else ["no prompt, or Bochs did not end after poweroff"]
    if not re.search(r"^\$ poweroff\npoweroff: the machine is going down", boot.console, re.M):
        problems.append("'poweroff' typed on the keyboard did not reach the shell")
    # What Bochs' term display draws is not checked: it refreshes on its own clock and, in
    # about one boot in three, had not drawn the system's text when poweroff ended Bochs.
    # The keys above travel through that display, so it is shown to be live.
    t.add(not problems, "bochs: the prompt, keys on its display, poweroff ends it (%.0f s)"
          % boot.seconds, "; ".join(problems) + ("\nconsole:\n" + boot.console[-2000:]
                                                 if problems else ""))


def main():
    t = Tally()
    only = sys.argv[1:]
    if not only or "unit" in only:
        run_unit(t)
    if not only or "tools" in only:
        run_tool_tests(t)
    if not only or "fuzz" in only:
        run_fuzzers(t)
    if not only or "boot" in only:
        run_boot(t, int(os.environ.get("TEST_JOBS", "2")))
    if not only or "session" in only:
        run_sessions(t, int(os.environ.get("TEST_JOBS", "2")))
    if not only or "bochs" in only:
        run_bochs(t)
    print("%d passed, %d failed" % (t.passed, t.failed))
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
