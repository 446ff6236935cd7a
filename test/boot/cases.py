"""The boot tests: each case boots QEMU once and checks what the kernel printed.

A case is a dict: name, append (kernel command line), mem (MiB), expect
(regexes that must all appear), forbid (regexes that must not), status (the
QEMU exit status wanted), check (an extra function of the console text that
returns an error string or None), tap (True: the console holds TAP lines from
test programs, each counted as a test), cpu (a QEMU -cpu model), icount (True: run
under -icount, the TSC counting instructions).
"""
import re

import qemu
import shell_cases
import testlist
from qemu import EXIT_OK, EXIT_PANIC, EXIT_REFUSED

BANNER = r"microkernel: i386"


def mem_total_ok(mib):
    """The usable RAM the kernel reports must be what QEMU gave it, less the PC holes."""
    def check(text):
        m = re.search(r"mem: (\d+) KiB usable RAM", text)
        if not m:
            return "no memory total printed"
        kib = int(m.group(1))
        low, high = mib * 1024 - 1024, mib * 1024
        if not low <= kib <= high:
            return "usable RAM %d KiB is not within [%d, %d] for -m %d" % (kib, low, high, mib)
        return None
    return check


def mem_case(mib):
    return dict(name="memory -m %d" % mib, append="init=t_hello", mem=mib,
                expect=[BANNER, r"paging: on", r"quota: root container",
                        r"pager: ready", r"hello from user space"],
                forbid=[r"PANIC"], status=EXIT_OK, check=mem_total_ok(mib))


def plan_met(text):
    """The TAP plans printed add up to the ok / not ok lines printed, each numbered in turn."""
    plans = [int(n) for n in re.findall(r"^1\.\.(\d+)$", text, re.M)]
    want = [i for n in plans for i in range(1, n + 1)]
    got = [int(n) for n in re.findall(r"^(?:not )?ok (\d+)", text, re.M)]
    if got != want:
        return "TAP lines numbered %s for plans of %s" % (
            ",".join(map(str, got[:40])) or "none", "+".join(map(str, plans)) or "none")
    return None


def program_case(prog, mem=128, timeout=90):
    return dict(name=prog, append="init=" + prog, mem=mem, expect=[r"1\.\.\d+"],
                forbid=[r"PANIC", r"^not ok"], status=EXIT_OK, tap=True, timeout=timeout,
                check=plan_met)


CASES = [mem_case(m) for m in (16, 128, 1024, 3072)] + [
    dict(name="kernel page fault panics", append="selftest=pagefault", mem=32,
         expect=[r"PANIC: kernel page fault at address dead0000 \(page not present, write, "
                 r"kernel mode\)", r"eip=c0"],
         status=EXIT_PANIC),
    dict(name="unknown boot option reported", append="init=t_hello bogus=1 alsobad", mem=32,
         expect=[r"cmdline: unknown option 'bogus=1' ignored",
                 r"cmdline: unknown option 'alsobad' ignored", r"hello from user space"],
         status=EXIT_OK),
]

PROGRAMS = testlist.tests()
CASES += [program_case(p) for p in PROGRAMS]
# All of them in one boot, one after the other: the books must balance at the end.
CASES += [dict(name="init=test: every test program in one boot", append="init=test", mem=128,
               expect=[r"init: %d test programs, 0 failed, quota books balance" % len(PROGRAMS)],
               forbid=[r"PANIC", r"^not ok"], status=EXIT_OK, timeout=180)]


def under_policy(prog, policy, name, timeout=120):
    """prog booted under pager.policy=policy, which the pager must report."""
    case = program_case(prog, timeout=timeout)
    case["append"] += " pager.policy=" + policy
    case["name"] = name
    case["expect"] = case["expect"] + [r"pager: ready, .*policy (demand\+)?%s," % re.escape(policy)]
    return case


def policy_case(policy, args="", timeout=120):
    """t_swap (with args) under policy."""
    return under_policy("t_swap" + (":" + args if args else ""), policy,
                        "t_swap %s under %s" % (args or "4x quota", policy), timeout)


# Replacement policies: four times the quota goes through the swap disk and back.
CASES += [policy_case(p) for p in ("fifo", "clock", "prefetch:4+clock", "eager+fifo")]
# A switch half way through the run keeps every byte.
CASES += [policy_case("fifo", "switch,clock"), policy_case("clock", "switch,prefetch:2+fifo")]
# A swap disk of 16 slots cannot take 4 x 48 pages: the task ends, nothing leaks.
CASES += [dict(policy_case("clock", "full"), swap="swap-small.img")]
# Mapping policies alone: a run within the quota works, four times the quota ends the task.
CASES += [policy_case(p, "within") for p in ("demand", "eager", "prefetch:4")]


# Pages a parent and its fork share go to swap once and come back once for both (t_swapfork).
CASES += [under_policy("t_swapfork", p, "t_swapfork under %s: shared and copy-on-write pages "
                       "through swap" % p) for p in ("clock", "fifo")]


def _abi():
    """tools/ipctrace's view of the ABI, read from libipc/include's headers."""
    import os
    import sys
    tools = os.path.join(qemu.ROOT, "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    from ipctracelib import abi
    return abi.Abi(abi.default_dir())


def _trace_records(boot):
    """Decode the COM2 stream of a boot with tools/ipctrace's decoder."""
    a = _abi()
    from ipctracelib import decode
    records, problems = decode.Decoder(a).decode(boot.trace, False)
    ops = {name: value for value, name in a.ops.items()}
    labels = {name: value for value, (name, _) in a.labels.items()}
    return records, problems, ops, labels


def fault_path_in_order(boot):
    """One demand-zero fault, in causal order: FAULT to the pager, QUOTA_ALLOC to quota
    and its reply, the map into the faulting task, and the answer that resumes it (OK after
    a sys_map, or MAP, whose map the kernel records before it delivers the answer). A fault
    answered by a map with no QUOTA_ALLOC before it took a page of the initrd (program
    text), one with a window MAP a page filled from the program file: neither counts."""
    recs, problems, op, lab = _trace_records(boot)
    if any(p.fatal for p in problems) or not recs:
        return "trace not decodable: %s" % "; ".join(p.message for p in problems)
    pager, quota, kernel, window = 2, 1, 0xFFFFFFFF, 0xB0000000
    for i, r in enumerate(recs):
        if not (r.op == op["TOP_FAULT"] and r.frm == kernel and r.to == pager
                and r.label == lab["MSG_FAULT"]):
            continue
        page = r.w[0] & ~0xFFF
        rest = recs[i + 1:i + 40]
        if any(x.op == op["TOP_MAP"] and x.w[0] == window for x in rest[:4]):
            continue  # filled from the program file: not a demand-zero page
        first = next((x for x in rest[:4] if x.op in (op["TOP_MAP"], op["TOP_CALL"])), None)
        if first is not None and first.op == op["TOP_MAP"] and first.w[0] == page:
            continue  # the initrd's own frame: no frame taken, not a demand-zero page
        want = [lambda x: x.op == op["TOP_CALL"] and x.frm == pager and x.to == quota
                and x.label == lab["QUOTA_ALLOC"],
                lambda x: x.op == op["TOP_REPLY"] and x.frm == quota and x.to == pager
                and x.label == lab["MSG_OK"],
                lambda x: x.op == op["TOP_MAP"] and x.frm == pager and x.w[0] == page,
                lambda x: x.op == op["TOP_REPLY"] and x.frm == pager
                and x.label in (lab["MSG_OK"], lab["MSG_MAP"])]
        k = 0
        for x in rest:
            if k < len(want) and want[k](x):
                k += 1
        if k == len(want):
            return None
        return "fault at %08x: only %d of the 4 following steps found in order" % (r.w[0], k)
    return "no demand-zero heap fault in the trace (%d records)" % len(recs)


def ipctrace_renders(boot):
    """tools/ipctrace turns a real trace into text, Chrome JSON and an SVG chart."""
    import json
    import os
    import subprocess
    import tempfile
    import xml.etree.ElementTree as ET
    err = fault_path_in_order(boot)
    if err:
        return err
    tool = os.path.join(qemu.ROOT, "tools", "ipctrace")
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "trace.bin")
        with open(trace, "wb") as f:
            f.write(boot.trace)
        for args in (["text", trace], ["json", trace, "-o", os.path.join(tmp, "t.json")],
                     ["svg", trace, "-o", os.path.join(tmp, "t.svg")], ["summary", trace]):
            p = subprocess.run(["python3", tool] + args, capture_output=True, text=True)
            if p.returncode != 0:
                return "ipctrace %s failed: %s" % (args[0], p.stderr.strip()[-300:])
            if args[0] == "text" and "MSG_FAULT" not in p.stdout:
                return "ipctrace text shows no MSG_FAULT"
        with open(os.path.join(tmp, "t.json")) as f:
            events = json.load(f)
        events = events["traceEvents"] if isinstance(events, dict) else events
        if not any(e.get("ph") == "X" for e in events):
            return "Chrome JSON has no call slices"
        svg = ET.parse(os.path.join(tmp, "t.svg")).getroot()
        if "MSG_FAULT" not in ET.tostring(svg, encoding="unicode"):
            return "the SVG chart does not show the fault"
    return None


def cow_fault_in_order(boot):
    """A copy-on-write fault after fork, in causal order: FAULT for a write to a present page,
    QUOTA_ALLOC (for an unzeroed frame, FRAME_UNZEROED: the copy fills it whole) and its reply,
    the copy (frame_copy, a system call the trace does not record) mapped writable over the
    shared page (PERM_REPLACE, by the MAP answer: no unmap first), the answer; ipctrace names it
    in text, JSON and SVG."""
    recs, problems, op, lab = _trace_records(boot)
    if any(p.fatal for p in problems) or not recs:
        return "trace not decodable: %s" % "; ".join(p.message for p in problems)
    pager, quota, kernel = 2, 1, 0xFFFFFFFF
    replace = _abi().defines["PERM_REPLACE"]
    unzeroed = _abi().defines["FRAME_UNZEROED"]
    cow = [i for i, r in enumerate(recs) if r.op == op["TOP_FAULT"] and r.frm == kernel
           and r.to == pager and r.w[1] & 3 == 3]
    if not cow:
        return "no copy-on-write fault in the trace (%d records)" % len(recs)
    r = recs[cow[0]]
    page = r.w[0] & ~0xFFF
    want = [lambda x: x.op == op["TOP_CALL"] and x.frm == pager and x.to == quota
            and x.label == lab["QUOTA_ALLOC"] and x.w[1] == unzeroed,
            lambda x: x.op == op["TOP_REPLY"] and x.frm == quota and x.label == lab["MSG_OK"],
            lambda x: x.op == op["TOP_MAP"] and x.frm == pager and x.w[0] == page
            and x.w[2] & 2 and x.w[2] & replace,
            lambda x: x.op == op["TOP_REPLY"] and x.frm == pager
            and x.label in (lab["MSG_OK"], lab["MSG_MAP"])]
    k = 0
    for x in recs[cow[0] + 1:cow[0] + 60]:
        if k < len(want) and want[k](x):
            k += 1
    if k < len(want):
        return "copy-on-write fault at %08x: only %d of the %d steps in order" % (r.w[0], k,
                                                                                 len(want))
    return _ipctrace_shows_cow(boot)


def _ipctrace_shows_cow(boot):
    import os
    import subprocess
    import tempfile
    tool = os.path.join(qemu.ROOT, "tools", "ipctrace")
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "trace.bin")
        with open(trace, "wb") as f:
            f.write(boot.trace)
        for args, out in ((["text", trace], None), (["json", trace], "t.json"),
                          (["svg", trace, "--around-fault", "1", "--cow"], "t.svg")):
            if out:
                args += ["-o", os.path.join(tmp, out)]
            p = subprocess.run(["python3", tool] + args, capture_output=True, text=True)
            if p.returncode != 0:
                return "ipctrace %s failed: %s" % (args[0], p.stderr.strip()[-300:])
            shown = p.stdout if not out else open(os.path.join(tmp, out)).read()
            if "copy-on-write" not in shown:
                return "ipctrace %s does not name the copy-on-write fault" % args[0]
    return None


def filter_keeps_only_quota(boot):
    """trace=ipc:quota keeps events to or from the quota server and nothing else."""
    recs, problems, op, lab = _trace_records(boot)
    if any(p.fatal for p in problems):
        return "trace not decodable"
    msgs = [r for r in recs if r.op in (op["TOP_SEND"], op["TOP_CALL"], op["TOP_REPLY"],
                                        op["TOP_FAULT"])]
    if not any(r.label == lab["QUOTA_ALLOC"] for r in msgs):
        return "no QUOTA_ALLOC kept"
    stray = [r for r in msgs if 1 not in (r.frm, r.to)]
    if stray:
        return "%d events kept that do not involve quota (first: op %d %x -> %x)" % (
            len(stray), stray[0].op, stray[0].frm, stray[0].to)
    return None


def pings_traced(n):
    """n PING calls in the trace, counting records the ring lost (TOP_DROP): tracing was on
    throughout, so IPC took the general path."""
    def check(boot):
        recs, problems, op, lab = _trace_records(boot)
        calls = sum(1 for r in recs if r.op == op["TOP_CALL"] and r.label == lab["MSG_PING"])
        lost = sum(r.w[0] for r in recs if r.op == op["TOP_DROP"])
        if any(p.fatal for p in problems) or calls == 0 or calls + lost < n:
            return "%d PING calls traced and %d records lost, wanted %d PINGs: tracing was " \
                   "not on throughout" % (calls, lost, n)
        return None
    return check


# With tracing on, IPC takes the general path instead of the fast path: same results.
CASES += [dict(program_case("t_ipc"), name="t_ipc on the general path (trace on)",
               append="init=t_ipc trace=ipc", trace=True, check_boot=pings_traced(10000))]

def filter_keeps_only_quota_alloc(boot):
    """trace=ipc:0x0200 (a server label by number) keeps QUOTA_ALLOC messages and no others."""
    recs, problems, op, lab = _trace_records(boot)
    if any(p.fatal for p in problems):
        return "trace not decodable"
    msgs = [r for r in recs if r.op in (op["TOP_SEND"], op["TOP_CALL"], op["TOP_REPLY"],
                                        op["TOP_FAULT"])]
    if not msgs:
        return "no message kept"
    other = [r for r in msgs if r.label != lab["QUOTA_ALLOC"]]
    if other:
        return "%d messages kept with another label (first: 0x%x)" % (len(other), other[0].label)
    return None


CASES += [
    dict(name="trace of a demand-zero fault, rendered by ipctrace", append="init=t_sbrk trace=ipc",
         mem=64, trace=True, status=EXIT_OK, check_boot=ipctrace_renders),
    dict(name="trace of a copy-on-write fault after fork, rendered by ipctrace",
         append="init=t_fork trace=ipc", mem=64, trace=True, status=EXIT_OK,
         check_boot=cow_fault_in_order),
    dict(name="trace filter", append="init=t_sbrk trace=ipc:quota", mem=64,
         trace=True, status=EXIT_OK, check_boot=filter_keeps_only_quota),
    dict(name="trace filter by label number", append="init=t_sbrk trace=ipc:0x0200", mem=64,
         trace=True, status=EXIT_OK, check_boot=filter_keeps_only_quota_alloc),
]

# The shell, driven through COM1 with keystrokes.
CASES += shell_cases.CASES

# The CPU floor (microkernel/cpu.c): a Pentium runs everything; a 486 is told why not.
CASES += [
    dict(name="boots on a Pentium (-cpu pentium)", append="init=t_hello", mem=32, cpu="pentium",
         expect=[r"hello from user space"], forbid=[r"PANIC"], status=EXIT_OK),
    dict(name="a 486 is refused with a reason (-cpu 486)", append="init=t_hello", mem=32,
         cpu="486", expect=[r"^cpu: family 4 model \d+ has no time stamp counter \(TSC\); "
                            r"this kernel needs a Pentium or later$", r"^powering off$"],
         forbid=[r"PANIC", r"paging: on"], status=EXIT_REFUSED),
    # An exception before memory and paging are set up prints a panic, not a triple fault.
    dict(name="an early exception panics with its trap", append="selftest=ud", mem=32,
         expect=[r"selftest: an invalid opcode", r"PANIC: unexpected trap 6 in kernel mode",
                 r"eip=c0"], forbid=[r"mem: "], status=EXIT_PANIC),
]

# Too little memory (microkernel/kmain.c memory_check): a sentence naming the minimum and
# power-off, never a panic; at the minimum it names, the default boot's first program runs.
TOO_LITTLE = r"^mem: (\d+) KiB of RAM is too little: .*; this kernel needs at least (\d+) MiB$"


def demo_runs(boot):
    if boot.status != EXIT_OK or not re.search(r"^demo: done$", boot.console, re.M):
        return "demo did not run to its end (status %s)" % boot.status
    return None


def memory_verdict(mib, must_refuse):
    """Refused with a true minimum (checked by booting at it and one MiB below), or runs."""
    def check(boot):
        m = re.search(TOO_LITTLE, boot.console, re.M)
        if not m:
            return "refused nothing at -m %d" % mib if must_refuse else demo_runs(boot)
        if boot.status != qemu.EXIT_REFUSED or boot.panicked():
            return "refusal ended with status %s" % boot.status
        least = int(m.group(2))
        if least <= mib:
            return "refused -m %d yet names %d MiB as the minimum" % (mib, least)
        err = demo_runs(qemu.qemu(append="init=demo", mem=least))
        if err:
            return "at the stated minimum of %d MiB: %s" % (least, err)
        below = qemu.qemu(append="init=demo", mem=least - 1)
        if below.status != qemu.EXIT_REFUSED or not re.search(TOO_LITTLE, below.console, re.M):
            return "%d MiB, below the stated minimum, was not refused" % (least - 1)
        return None
    return check


CASES += [dict(name="-m 4: too little memory is a sentence with the minimum", append="init=demo",
               mem=4, check_boot=memory_verdict(4, True)),
          dict(name="-m 8: runs the demo or names a true minimum", append="init=demo", mem=8,
               check_boot=memory_verdict(8, False))]

# The guest fuzzer (user/fuzz.c, docs/fuzz.md): a short seeded run; make fuzz runs long ones.
FUZZ_OK = (r"^fuzz: books balance after every round, frames all back, servers answer, "
           r"t_hello runs$")
CASES += [dict(name="guest fuzzer, seed 1: 8 rounds of 3000 random calls", mem=64,
               append="init=fuzz:1,3000,8",
               expect=[r"^fuzz: 8 rounds, 24000 system calls made, 0 hangs$", FUZZ_OK],
               forbid=[r"PANIC", r"\((quota|pager|swap)\) ended"], status=EXIT_OK)]

# The concurrent hammer (user/hammer.c): 6 workers spawning, waiting, growing and shrinking
# heaps and pools at once; every ending as expected, no hang, every frame back. Its deadline
# counts TSC cycles: under -icount they are instructions, so a busy host is not a hang.
CASES += [dict(name="hammer: 6 workers of 40 steps, seed 1", mem=64, append="init=hammer:6,40,1",
               icount=True,
               expect=[r"^hammer: 6 workers of 40 steps, 0 failures, 0 hangs; books balance, "
                       r"frames all back$"],
               forbid=[r"PANIC", r"\((quota|pager|swap)\) ended"], status=EXIT_OK)]
