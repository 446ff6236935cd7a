"""Records to events: names as they were at each event, and each call or
fault paired with its reply.

Names: TOP_NAME names a thread id (and, when its `to` is non-zero, a task
id) from that record on; before that the boot threads are named from
TID_QUOTA/PAGER/INIT and TID_KERNEL is "kernel". MAP, UNMAP and KILL name a
task id as receiver; a task id nobody named is shown by the thread of the
same number, which is the task's first thread while tasks are created in
step with their threads.

Pairing: a TOP_REPLY from P to X answers X's pending TOP_CALL to P; when X
has none, it answers the oldest pending TOP_FAULT delivered to P (the
kernel makes that call on X's behalf, so X is the faulting thread).
"""
from .fmt import Formatter, task_name

# Ops whose `to` is a task id rather than a thread id (see the kernel's trace_event calls).
TASK_TARGET_OPS = ("TOP_MAP", "TOP_UNMAP", "TOP_KILL")


class Event:
    """One decoded record with its names, arguments and call/reply links."""

    def __init__(self, index, rec, op, sender, receiver, label, args, result):
        self.index = index
        self.rec = rec
        self.op = op  # "CALL", "FAULT", ... (TOP_ stripped), or "op=N" if unknown
        self.sender = sender
        self.receiver = receiver  # None for NAME and DROP
        self.label = label  # None for ops without a message (MAP, NAME, ...)
        self.args = args  # [(name, text)]
        self.result = result  # '' or E_... text
        self.request = None  # for a REPLY: the CALL or FAULT it answers
        self.reply = None  # for a CALL or FAULT: its REPLY
        self.faulter = None  # for a FAULT: (tid, name) of the faulting thread once known
        self.kind = ""  # for a FAULT: "copy-on-write" for a write to a present page, else ''

    @property
    def seq(self):
        return self.rec.seq

    @property
    def latency(self):
        """Ticks from request to reply, on either end of a pair, else None."""
        if self.reply:
            return self.reply.rec.tsc - self.rec.tsc
        if self.request:
            return self.rec.tsc - self.request.rec.tsc
        return None


class Names:
    """Thread and task names as they change along the trace."""

    def __init__(self, abi):
        self.threads = dict(abi.boot_names())
        self.tasks = {}

    def thread(self, tid):
        return self.threads.get(tid, "tid%d" % tid)

    def task(self, tid):
        if tid in self.tasks:
            return self.tasks[tid]
        return self.threads.get(tid, "task%d" % tid)

    def learn(self, rec):
        name = task_name(rec.w)
        self.threads[rec.frm] = name
        if rec.to:
            self.tasks[rec.to] = name


class Trace:
    """All events of a stream, in record order, with names and pairs resolved."""

    def __init__(self, abi, records):
        self.abi = abi
        self.fmt = Formatter(abi)
        # A write to a present page of a task is the pager's copy-on-write (docs/pager.md).
        self.cow_bits = abi.defines["PF_PRESENT"] | abi.defines["PF_WRITE"]
        self.names = Names(abi)
        self.t0 = records[0].tsc if records else 0
        self.events = [self._event(i, r) for i, r in enumerate(records)]
        self._pair()

    def _event(self, index, rec):
        opname = self.abi.ops.get(rec.op, "op=%d" % rec.op)
        if opname == "TOP_NAME":
            self.names.learn(rec)
        sender = self.names.thread(rec.frm)
        receiver = None
        if opname in TASK_TARGET_OPS:
            receiver = self.names.task(rec.to)
        elif opname not in ("TOP_NAME", "TOP_DROP"):
            receiver = self.names.thread(rec.to)
        label, args = self.fmt.args(opname, rec)
        op = opname[4:] if opname.startswith("TOP_") else opname
        ev = Event(index, rec, op, sender, receiver, label, args, self.fmt.result_text(rec.result))
        if op == "FAULT" and rec.w[1] & self.cow_bits == self.cow_bits:
            ev.kind = "copy-on-write"  # the pager copies the page (or makes it writable)
        return ev

    def _pair(self):
        calls = {}  # caller tid -> its pending CALL
        faults = {}  # pager tid -> pending FAULTs delivered to it, oldest first
        for ev in self.events:
            r = ev.rec
            if ev.op == "CALL":
                calls[r.frm] = ev
            elif ev.op == "FAULT":
                faults.setdefault(r.to, []).append(ev)
            elif ev.op == "REPLY":
                self._answer(ev, calls, faults)

    @staticmethod
    def _answer(ev, calls, faults):
        r = ev.rec
        call = calls.get(r.to)
        if call is not None and call.rec.to == r.frm:
            del calls[r.to]
            req = call
        elif faults.get(r.frm):
            req = faults[r.frm].pop(0)
            req.faulter = (r.to, ev.receiver)
        else:
            return
        req.reply = ev
        ev.request = req

    def time(self, ev):
        """Ticks since the first record."""
        return ev.rec.tsc - self.t0

    def select(self, first=None, last=None):
        """Events whose seq lies in [first, last] (either bound may be None)."""
        return [e for e in self.events
                if (first is None or e.seq >= first) and (last is None or e.seq <= last)]

    def faults(self, kind=None):
        """FAULT events, or only those of kind (e.g. "copy-on-write")."""
        return [e for e in self.events if e.op == "FAULT" and kind in (None, e.kind)]
