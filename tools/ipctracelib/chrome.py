"""Chrome trace-event JSON (chrome://tracing, Perfetto): one track per
thread, each answered call or fault a complete slice ("X") on the caller's
track from request to reply, everything else an instant ("i"). The kernel
track has tid 0. Timestamps are microseconds: ticks / --tsc-mhz."""

PID = 1
CATEGORY = {"CALL": "call", "FAULT": "fault", "REPLY": "reply", "SEND": "send",
            "RECV": "recv", "MAP": "map", "UNMAP": "map", "KILL": "kill", "EXIT": "exit",
            "DROP": "drop"}


class Builder:
    def __init__(self, trace, mhz):
        self.trace = trace
        self.mhz = mhz
        self.out = []
        self.tracks = {}  # json tid -> [names]

    def track(self, tid, name):
        """The JSON tid of a thread id, remembering the names it had."""
        jtid = 0 if tid == self.trace.abi.tid_kernel else tid
        names = self.tracks.setdefault(jtid, [])
        if name not in names:
            names.append(name)
        return jtid

    def us(self, ev):
        return round(self.trace.time(ev) / self.mhz, 3)

    def args(self, ev):
        a = {"seq": ev.seq}
        if ev.receiver is not None:
            a["from"], a["to"] = ev.sender, ev.receiver
        a.update(ev.args)
        if ev.result:
            a["result"] = ev.result
        return a

    def instant(self, ev, tid, name, cat, scope="t", **extra):
        e = {"name": name, "cat": cat, "ph": "i", "s": scope, "ts": self.us(ev), "pid": PID,
             "tid": tid, "args": self.args(ev)}
        e["args"].update(extra)
        self.out.append(e)

    def slice(self, ev, tid, cat):
        rep = ev.reply
        a = self.args(ev)
        a.update({"reply": rep.label, "reply_seq": rep.seq, "latency_ticks": ev.latency})
        a.update(("reply." + k, v) for k, v in rep.args)
        if rep.result:
            a["reply.result"] = rep.result
        self.out.append({"name": ev.label, "cat": cat, "ph": "X", "ts": self.us(ev),
                         "dur": round(self.us(rep) - self.us(ev), 3), "pid": PID, "tid": tid,
                         "args": a})

    def event(self, ev):
        r, cat = ev.rec, CATEGORY.get(ev.op, "other")
        kernel = self.track(self.trace.abi.tid_kernel, "kernel")
        if ev.op == "CALL":
            tid = self.track(r.frm, ev.sender)
            if ev.reply:
                self.slice(ev, tid, cat)
            else:
                self.instant(ev, tid, ev.label, cat, unanswered=True)
        elif ev.op == "FAULT":
            if ev.faulter:
                tid = self.track(*ev.faulter)
                self.instant(ev, tid, "#PF " + ev.kind if ev.kind else "#PF", "fault")
                self.slice(ev, tid, cat)
            else:
                self.instant(ev, kernel, "#PF", "fault", unanswered=True)
        elif ev.op == "REPLY":
            if not ev.request:
                self.instant(ev, self.track(r.frm, ev.sender), ev.label, cat, unanswered=True)
        elif ev.op in ("SEND", "RECV", "MAP", "UNMAP"):
            self.instant(ev, self.track(r.frm, ev.sender), ev.label or ev.op, cat)
        elif ev.op == "EXIT":
            self.instant(ev, self.track(r.to, ev.receiver), "EXIT", cat)
        elif ev.op == "DROP":
            self.instant(ev, kernel, "DROP", cat, scope="g")
        elif ev.op != "NAME":
            self.instant(ev, kernel, ev.op, cat)

    def metadata(self):
        meta = [{"name": "process_name", "ph": "M", "pid": PID, "tid": 0,
                 "args": {"name": "ipc trace"}}]
        for jtid, names in sorted(self.tracks.items()):
            meta.append({"name": "thread_name", "ph": "M", "pid": PID, "tid": jtid,
                         "args": {"name": "/".join(names)}})
            meta.append({"name": "thread_sort_index", "ph": "M", "pid": PID, "tid": jtid,
                         "args": {"sort_index": jtid}})
        return meta


def build(trace, mhz):
    """The whole trace as a Chrome trace-event JSON object."""
    b = Builder(trace, mhz)
    for ev in trace.events:
        b.event(ev)
    return {"traceEvents": b.metadata() + b.out, "displayTimeUnit": "ns",
            "otherData": {"source": "ipctrace", "tsc_mhz": mhz}}
