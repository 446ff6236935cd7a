"""The ABI as the headers define it, read at run time.

Every number and name the decoder knows comes from libipc/include: the
kernel ABI in abi/ (X(...) lines of TRACE_OPS, MSG_LABELS, KILL_REASONS and
ERRNO_LIST, and plain #defines: TRACE_MAGIC, TID_*, PF_*, PERM_*) and the
servers' protocols in proto/ (QUOTA_LABELS, PAGER_LABELS, SWAP_LABELS).
Nothing here is a second copy of those lists.
"""
import os
import re

HEADERS = ("abi/trace.h", "abi/msg.h", "abi/errno.h", "abi/syscall.h", "proto/quota.h",
           "proto/pager.h", "proto/swap.h")
# Which header holds each list of labels.
LABEL_LISTS = (("abi/msg.h", "MSG_LABELS"), ("proto/quota.h", "QUOTA_LABELS"),
               ("proto/pager.h", "PAGER_LABELS"), ("proto/swap.h", "SWAP_LABELS"))

_NUM = r"(-?(?:0[xX][0-9a-fA-F]+|\d+))[uUlL]*"
_X_LINE = re.compile(r"X\(\s*(\w+)\s*,\s*" + _NUM + r"\s*(?:,\s*\"([^\"]*)\")?\s*\)(.*)")
_DEFINE = re.compile(r"^[ \t]*#[ \t]*define\s+(\w+)\s+" + _NUM + r"\b", re.M)


class AbiError(Exception):
    """A header is missing or lacks a definition the decoder needs."""


def default_dir():
    """../libipc/include relative to the tools directory holding ipctrace."""
    tools = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(os.path.dirname(tools), "libipc", "include")


def _macro_lines(text, macro, path):
    """The lines of a multi-line #define MACRO(X), joined by backslashes."""
    m = re.search(r"^[ \t]*#[ \t]*define\s+" + macro + r"\(X\)", text, re.M)
    if not m:
        raise AbiError("%s: no #define %s(X)" % (path, macro))
    lines = []
    for line in text[m.start():].splitlines():
        lines.append(line)
        if not line.rstrip().endswith("\\"):
            break
    return lines


def x_entries(text, macro, path):
    """[(name, value, string, rest of line)] of every X(...) in MACRO(X)."""
    out = []
    for line in _macro_lines(text, macro, path):
        m = _X_LINE.search(line)
        if m:
            out.append((m.group(1), int(m.group(2), 0), m.group(3), m.group(4)))
    if not out:
        raise AbiError("%s: %s(X) has no X(...) entries" % (path, macro))
    return out


def _op_words(comment):
    """Word names a TRACE_OPS comment gives, e.g. 'w0=vaddr, w1=frame' -> [vaddr, frame]."""
    names = {}
    for idx, name in re.findall(r"\bw(\d)=(\w+)", comment):
        names[int(idx)] = name
    return [names[i] for i in sorted(names)]


def read_headers(directory):
    """{header name: text} of the ABI and protocol headers."""
    texts = {}
    for h in HEADERS:
        path = os.path.join(directory, h)
        try:
            with open(path, encoding="utf-8") as f:
                texts[h] = f.read()
        except OSError as e:
            raise AbiError("cannot read ABI header %s: %s" % (path, e.strerror or e))
    return texts


NEEDED = ("TRACE_MAGIC", "TRACE_VERSION", "TRACE_RECORD_SIZE", "TID_KERNEL", "TID_QUOTA",
          "TID_PAGER", "TID_INIT")


class Abi:
    """The decoder's view of the ABI, parsed from the header directory."""

    def __init__(self, directory):
        texts = read_headers(directory)
        self.defines = {}
        for text in texts.values():
            for name, value in _DEFINE.findall(text):
                self.defines[name] = int(value, 0)
        missing = [n for n in NEEDED if n not in self.defines]
        if missing:
            raise AbiError("%s: no #define %s" % (directory, missing[0]))
        ops = x_entries(texts["abi/trace.h"], "TRACE_OPS", "abi/trace.h")
        self.ops = {v: n for n, v, _, _ in ops}
        self.op_words = {n: _op_words(rest) for n, _, _, rest in ops}
        labels = [e for h, macro in LABEL_LISTS for e in x_entries(texts[h], macro, h)]
        self.labels = {v: (n, [a for a in (s or "").split(",") if a]) for n, v, s, _ in labels}
        reasons = x_entries(texts["abi/msg.h"], "KILL_REASONS", "abi/msg.h")
        self.reasons = {v: (n, s) for n, v, s, _ in reasons}
        errnos = x_entries(texts["abi/errno.h"], "ERRNO_LIST", "abi/errno.h")
        self.errnos = {v: (n, s) for n, v, s, _ in errnos}
        self.magic = self.defines["TRACE_MAGIC"]
        self.version = self.defines["TRACE_VERSION"]
        self.record_size = self.defines["TRACE_RECORD_SIZE"]
        self.tid_kernel = self.defines["TID_KERNEL"]

    def flags(self, prefix):
        """[(bit, short lower-case name)] of the #defines PREFIX_*, e.g. PF_WRITE -> write."""
        out = [(v, n[len(prefix):].lower()) for n, v in self.defines.items()
               if n.startswith(prefix) and v and v & (v - 1) == 0]
        return sorted(out)

    def boot_names(self):
        """Thread ids named before any TOP_NAME record arrives."""
        d = self.defines
        return {d["TID_QUOTA"]: "quota", d["TID_PAGER"]: "pager", d["TID_INIT"]: "init",
                d["TID_KERNEL"]: "kernel"}
