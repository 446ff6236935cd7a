"""A message sequence chart of a window of events: one lifeline per task
(the kernel has its own), one horizontal arrow per message, top to bottom
in event order. A page fault is drawn as the faulting thread's #PF to the
kernel, then the kernel's FAULT call to the pager, both red; replies are
dashed; MAP/UNMAP go from the caller to the kernel lifeline.

Every arrow is a <g class="msg KIND"> with data-seq, data-from, data-to
and data-label, and a <title> holding all its arguments.
"""
import xml.etree.ElementTree as ET

NS = "http://www.w3.org/2000/svg"
FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace"
CHAR = 6.7  # px per character at 11px monospace
MARGIN, TOP, ROW = 20, 104, 30
SMALL = 6.1  # px per character at 10px
COL_MIN, COL_MAX = 150, 300
UNANSWERED_ROWS = 40  # a fault window without a reply stops after this many events

# kind: (colour, dash pattern or None, legend text)
STYLES = {
    "call": ("#212121", None, "call (request)"),
    "reply": ("#616161", "6,4", "reply"),
    "send": ("#1565c0", None, "send / recv (no reply)"),
    "fault": ("#c62828", None, "page fault: #PF, FAULT call"),
    "fault-reply": ("#c62828", "6,4", "pager's answer to a fault"),
    "map": ("#2e7d32", None, "map / unmap (to the kernel)"),
    "kill": ("#ef6c00", None, "kill / exit notice"),
}


class Arrow:
    def __init__(self, ev, kind, src, dst, text, title):
        self.ev, self.kind, self.src, self.dst = ev, kind, src, dst
        self.text, self.title = text, title


def window(trace, first=None, last=None, nth_fault=None, kind=None):
    """(events, title) to draw: a seq range, or the nth fault (1-based; of kind, when given)
    up to its reply."""
    if first is not None or last is not None:
        events = trace.select(first, last)
        if not events:
            raise ValueError("no events with seq in [%s, %s]" % (first, last))
        return events, "seq %d..%d" % (events[0].seq, events[-1].seq)
    nth = nth_fault or 1
    faults = trace.faults(kind)
    what = "%s faults" % kind if kind else "faults"
    if len(faults) < nth:
        raise ValueError("the trace has %d %s, no fault %d (use --from/--to)"
                         % (len(faults), what, nth))
    f = faults[nth - 1]
    end = f.reply.index if f.reply else min(len(trace.events) - 1, f.index + UNANSWERED_ROWS)
    addr = dict(f.args).get("addr", "?")
    return trace.events[f.index:end + 1], "%s fault %d at %s, seq %d..%d" % (
        f.kind or "page", nth, addr, f.seq, trace.events[end].seq)


def _key(ev, n):
    return " ".join("%s=%s" % a for a in ev.args[:n]) + (" " + ev.result if ev.result else "")


def _full(ev):
    words = ["#%d %s %s -> %s" % (ev.seq, ev.op, ev.sender, ev.receiver)]
    if ev.label:
        words.append(ev.label)
    words.extend("%s=%s" % a for a in ev.args)
    if ev.result:
        words.append("result=" + ev.result)
    if ev.latency is not None:
        words.append("latency=%d ticks" % ev.latency)
    return " ".join(words)


def arrows(events, kernel):
    """The arrows for a window of events, in drawing order."""
    out = []
    for ev in events:
        full = _full(ev)
        if ev.op == "FAULT":
            if ev.faulter:
                pf = "#PF %s " % ev.kind if ev.kind else "#PF "
                out.append(Arrow(ev, "fault", ev.faulter[1], kernel, pf + _key(ev, 2), full))
            out.append(Arrow(ev, "fault", kernel, ev.receiver, "%s %s" % (ev.label, _key(ev, 2)),
                             full))
        elif ev.op == "REPLY":
            fault = ev.request is not None and ev.request.op == "FAULT"
            out.append(Arrow(ev, "fault-reply" if fault else "reply", ev.sender, ev.receiver,
                             "%s %s" % (ev.label, _key(ev, 1)), full))
        elif ev.op in ("MAP", "UNMAP"):
            out.append(Arrow(ev, "map", ev.sender, kernel,
                             "%s %s: %s" % (ev.op, ev.receiver, _key(ev, 2)), full))
        elif ev.op in ("KILL", "EXIT"):
            out.append(Arrow(ev, "kill", ev.sender, ev.receiver,
                             "%s %s" % (ev.op, _key(ev, 3)), full))
        elif ev.op == "DROP":
            out.append(Arrow(ev, "drop", None, None, "%s records lost" % ev.rec.w[0], full))
        elif ev.op != "NAME":
            kind = "call" if ev.op == "CALL" else "send"
            out.append(Arrow(ev, kind, ev.sender, ev.receiver,
                             "%s %s" % (ev.label or ev.op, _key(ev, 2)), full))
    return out


def _lifelines(items, kernel):
    names = []
    for a in items:
        for n in (a.src, a.dst):
            if n is not None and n not in names:
                names.append(n)
    return names or [kernel]


def _col_width(items, col):
    need = COL_MIN
    for a in items:
        if a.src is not None and a.src != a.dst:
            span = abs(col[a.src] - col[a.dst])
            need = max(need, (len(a.text) * CHAR + 24) / span)
    return min(need, COL_MAX)


def _el(parent, tag, text=None, **attrs):
    e = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): str(v)
                                    for k, v in attrs.items() if v is not None})
    if text is not None:
        e.text = text
    return e


class Chart:
    def __init__(self, trace, events, title):
        kernel = trace.names.thread(trace.abi.tid_kernel)
        self.kernel = kernel
        self.items = arrows(events, kernel)
        self.names = _lifelines(self.items, kernel)
        self.col = {n: i for i, n in enumerate(self.names)}
        self.width = _col_width(self.items, self.col)
        self.title = title
        self.t0 = events[0].rec.tsc
        last = events[-1]
        self.seq_w = (len(str(last.seq)) + 2) * SMALL
        self.gutter = MARGIN + self.seq_w + (len(str(last.rec.tsc - self.t0)) + 2) * SMALL
        self.bottom = TOP + max(len(self.items), 1) * ROW

    def x(self, name):
        return self.gutter + self.width / 2 + self.col[name] * self.width

    def render(self):
        right = self.gutter + len(self.names) * self.width
        for a in self.items:
            if a.src is not None:
                right = max(right, min(self.x(a.src), self.x(a.dst)) + 8 + len(a.text) * CHAR)
        width = int(max(right, self.gutter + 480) + MARGIN)
        height = self.bottom + 40 + 20 * ((len(STYLES) + 2) // 2 + 1) + MARGIN
        svg = ET.Element("svg", {"xmlns": NS, "width": str(width), "height": str(height),
                                 "viewBox": "0 0 %d %d" % (width, height),
                                 "font-family": FONT, "font-size": "11"})
        _el(svg, "title", "ipctrace: " + self.title)
        _el(svg, "rect", x=0, y=0, width=width, height=height, fill="#ffffff")
        self.defs(svg)
        _el(svg, "text", "IPC trace: " + self.title, x=MARGIN, y=24, font_size=14,
            font_weight="bold")
        for name in self.names:
            self.lifeline(svg, name)
        for row, a in enumerate(self.items):
            self.arrow(svg, a, TOP + row * ROW, width)
        self.legend(svg, self.bottom + 30)
        ET.indent(svg)
        return ET.tostring(svg, encoding="unicode", xml_declaration=True) + "\n"

    def defs(self, svg):
        defs = _el(svg, "defs")
        for kind, (colour, _, _) in STYLES.items():
            m = _el(defs, "marker", id="head-" + kind, viewBox="0 0 10 10", refX=10, refY=5,
                    markerWidth=8, markerHeight=8, orient="auto-start-reverse")
            _el(m, "path", d="M0,0 L10,5 L0,10 z", fill=colour)

    def lifeline(self, svg, name):
        g = _el(svg, "g", class_="lifeline", data_name=name)
        x = self.x(name)
        w = min(self.width - 16, max(70, len(name) * CHAR + 20))
        fill = "#cfd8dc" if name == self.kernel else "#e3f2fd"
        _el(g, "rect", x=x - w / 2, y=40, width=w, height=28, rx=4, fill=fill, stroke="#455a64")
        _el(g, "text", name, x=x, y=58, text_anchor="middle", font_weight="bold", font_size=12)
        _el(g, "line", x1=x, y1=68, x2=x, y2=self.bottom, stroke="#90a4ae",
            stroke_dasharray="4,4")

    def arrow(self, svg, a, y, width):
        ev = a.ev
        _el(svg, "text", "#%d" % ev.seq, x=MARGIN, y=y + 4, fill="#757575", font_size=10)
        _el(svg, "text", "+%d" % (ev.rec.tsc - self.t0), x=MARGIN + self.seq_w, y=y + 4, fill="#9e9e9e",
            font_size=10)
        if a.kind == "drop":
            g = _el(svg, "g", class_="msg drop", data_seq=ev.seq, data_label="DROP")
            _el(g, "title", a.title)
            _el(g, "rect", x=self.gutter, y=y - 10, width=width - self.gutter - MARGIN, height=16,
                fill="#eeeeee")
            _el(g, "text", a.text, x=self.gutter + 8, y=y + 2, fill="#616161")
            return
        colour, dash, _ = STYLES[a.kind]
        g = _el(svg, "g", class_="msg " + a.kind, data_seq=ev.seq, data_from=a.src,
                data_to=a.dst, data_label=a.text.split(" ", 1)[0])
        _el(g, "title", a.title)
        x1, x2 = self.x(a.src), self.x(a.dst)
        style = {"stroke": colour, "stroke_width": 1.5, "fill": "none",
                 "marker_end": "url(#head-%s)" % a.kind}
        if dash:
            style["stroke_dasharray"] = dash
        if x1 == x2:
            _el(g, "path", d="M%g,%d h28 v10 h-26" % (x1, y - 4), **style)
            tx = x1 + 34
        else:
            _el(g, "line", x1=x1, y1=y, x2=x2, y2=y, **style)
            tx = min(x1, x2) + 8
        _el(g, "text", a.text, x=tx, y=y - 5, fill=colour)

    def legend(self, svg, y):
        g = _el(svg, "g", class_="legend")
        _el(g, "text", "Legend", x=MARGIN, y=y, font_weight="bold", font_size=12)
        for i, (kind, (colour, dash, text)) in enumerate(STYLES.items()):
            x, yy = MARGIN + (i % 2) * 320, y + 20 + (i // 2) * 20
            attrs = {"stroke": colour, "stroke_width": 1.5, "marker_end": "url(#head-%s)" % kind}
            if dash:
                attrs["stroke_dasharray"] = dash
            _el(g, "line", x1=x, y1=yy - 4, x2=x + 44, y2=yy - 4, **attrs)
            _el(g, "text", text, x=x + 54, y=yy)
        yy = y + 20 + ((len(STYLES) + 1) // 2) * 20
        _el(g, "text", "left: #seq and +TSC ticks since the first event shown; hover an arrow "
            "for all its arguments", x=MARGIN, y=yy, fill="#757575")


def render(trace, events, title):
    """The SVG document for a window of events, as text."""
    return Chart(trace, events, title).render()
