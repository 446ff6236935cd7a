"""The boot tests: each case boots QEMU once and checks what the kernel printed.

A case is a dict: name, append (kernel command line), mem (MiB), expect
(regexes that must all appear), forbid (regexes that must not), status (the
QEMU exit status wanted), check (an extra function of the console text that
returns an error string or None), tap (True: the console holds TAP lines from
test programs, each counted as a test).
"""
import re

from qemu import EXIT_OK, EXIT_PANIC

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


def program_case(prog, mem=128, timeout=90):
    return dict(name=prog, append="init=" + prog, mem=mem, expect=[r"1\.\.\d+"],
                forbid=[r"PANIC", r"^not ok"], status=EXIT_OK, tap=True, timeout=timeout)


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

PROGRAMS = ["t_ipc", "t_forge", "t_rights", "t_badcall", "t_except", "t_stack", "t_sbrk",
            "t_malloc", "t_segv", "t_quota", "t_spawn", "t_secret", "t_vmpool"]
CASES += [program_case(p) for p in PROGRAMS]
