"""Counts per op, per label and per (sender, receiver) pair; call-to-reply
latency per request label in TSC ticks; records lost."""
import statistics
from collections import Counter


def _table(out, title, rows, head=None):
    out.write("%s:\n" % title)
    if not rows:
        out.write("  (none)\n")
        return
    width = max(len(r[0]) for r in rows + ([head] if head else []))
    if head:
        out.write("  %-*s %s\n" % (width, head[0], " ".join("%8s" % h for h in head[1:])))
    for r in rows:
        out.write("  %-*s %s\n" % (width, r[0], " ".join("%8s" % c for c in r[1:])))


def _num(v):
    return str(int(v)) if float(v).is_integer() else "%.1f" % v


def latencies(events):
    """{request label: [ticks]} over every answered CALL and FAULT."""
    out = {}
    for ev in events:
        if ev.reply is not None:
            out.setdefault(ev.label, []).append(ev.latency)
    return out


def render(trace, out):
    ev = trace.events
    lost = sum(e.rec.w[0] for e in ev if e.op == "DROP")
    if ev:
        out.write("records: %d (seq %d..%d, %d ticks)\n" % (
            len(ev), ev[0].seq, ev[-1].seq, trace.time(ev[-1])))
    else:
        out.write("records: 0\n")
    out.write("dropped: %d\n" % lost)
    ops = Counter(e.op for e in ev)
    _table(out, "per op", [(k, n) for k, n in ops.most_common()])
    labels = Counter(e.label for e in ev if e.label)
    _table(out, "per label", [(k, n) for k, n in labels.most_common()])
    pairs = Counter("%s -> %s" % (e.sender, e.receiver) for e in ev if e.receiver is not None)
    _table(out, "per pair", [(k, n) for k, n in pairs.most_common()])
    rows = []
    for label, ticks in sorted(latencies(ev).items()):
        rows.append((label, len(ticks), min(ticks), _num(statistics.median(ticks)), max(ticks)))
    _table(out, "latency (ticks, call to reply)", rows, ("label", "n", "min", "median", "max"))
