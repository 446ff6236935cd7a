"""One line per event:

    SEQ  TIME  OP  SENDER -> RECEIVER  LABEL  name=value...  [result=E_..] [for=..] [latency=..]
        [kind=copy-on-write]

TIME is in TSC ticks since the first record. NAME and DROP have no receiver.
"""


def line(trace, ev):
    parts = ["%6d %11d %-6s" % (ev.seq, trace.time(ev), ev.op)]
    if ev.op == "NAME":
        parts.append("tid%d" % ev.rec.frm)
    elif ev.op == "DROP":
        parts.append(ev.sender)
    else:
        parts.append("%s -> %s" % (ev.sender, ev.receiver))
    if ev.label:
        parts.append(ev.label)
    parts.extend("%s=%s" % a for a in ev.args)
    if ev.result:
        parts.append("result=%s" % ev.result)
    if ev.faulter:
        parts.append("for=%s" % ev.faulter[1])
    if ev.request is not None:
        parts.append("latency=%d" % ev.latency)
    if ev.kind:
        parts.append("kind=%s" % ev.kind)
    return " ".join(parts)


def render(trace, events, out):
    for ev in events:
        out.write(line(trace, ev) + "\n")
