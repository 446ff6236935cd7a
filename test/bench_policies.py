#!/usr/bin/env python3
"""make bench-policies: run user/bpolicy under qemu -icount, print the table,
and write it with an SVG bar chart into build/policies.md and
build/policies-chart.svg (docs/policies.md keeps a copy a person updates
on purpose). For each workload it also gives the faults Belady's optimal
policy (OPT) and exact LRU take on the same page reference string, made
here by mirroring user/bpolicy.c, with the frames the child's heap had."""
import collections
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "boot"))
import qemu  # noqa: E402

OUT = os.path.join(qemu.ROOT, "build", "policies.md")
CHART = os.path.join(qemu.ROOT, "build", "policies-chart.svg")
LINE = re.compile(r"^bpolicy: (\S+)\s+(\S+)\s+faults=(\d+) swapout=(\d+) swapin=(\d+) "
                  r"prefetched=(\d+) instr=(\d+) (\w+)$", re.M)
FRAMES = re.compile(r"^bpolicy: (\S+) heap-frames=(\d+)$", re.M)

QUOTA = 64  # user/bpolicy.c's QUOTA
PAGES = {"seq": 4 * QUOTA, "random": 4 * QUOTA, "loop-fit": QUOTA // 2, "loop-big": 2 * QUOTA}


def references(work):
    """The heap pages user/bpolicy.c's workload touches, in order."""
    pages = PAGES[work]
    if work == "seq":
        return list(range(pages)) * 2  # write each page, then read each
    if work == "random":
        seed, refs = 7, []
        for _ in range(4000):
            seed = (seed * 1103515245 + 12345) & 0xFFFFFFFF
            refs.append((seed >> 8) % pages)
        return refs
    return list(range(pages)) * (8 if work == "loop-fit" else 4)


def opt_faults(refs, frames):
    """Belady: on a miss with memory full, evict the page used again farthest ahead."""
    following, last = [0] * len(refs), {}
    for i in range(len(refs) - 1, -1, -1):
        following[i] = last.get(refs[i], math.inf)
        last[refs[i]] = i
    resident, faults = {}, 0  # page -> index of its next use
    for i, page in enumerate(refs):
        if page not in resident:
            faults += 1
            if len(resident) == frames:
                del resident[max(resident, key=resident.get)]
        resident[page] = following[i]
    return faults


def lru_faults(refs, frames):
    """Exact LRU: on a miss with memory full, evict the page used longest ago."""
    resident, faults = collections.OrderedDict(), 0
    for page in refs:
        if page in resident:
            resident.move_to_end(page)
            continue
        faults += 1
        if len(resident) == frames:
            resident.popitem(last=False)
        resident[page] = True
    return faults


def bounds(frames):
    """{workload: (frames, OPT faults, LRU faults)} for the heap frames each child had."""
    out = {}
    for work, n in frames.items():
        refs = references(work)
        out[work] = (n, opt_faults(refs, n), lru_faults(refs, n))
    return out


def measure():
    boot = qemu.qemu(append="init=bpolicy", mem=128, timeout=900, icount=True)
    if "bpolicy: done" not in boot.console:
        sys.exit("bench-policies: the run did not finish:\n" + boot.console[-3000:])
    rows = [dict(policy=m[0], work=m[1], faults=int(m[2]), out=int(m[3]), inn=int(m[4]),
                 pref=int(m[5]), instr=int(m[6]), status=m[7])
            for m in LINE.findall(boot.console)]
    frames = {}
    for work, n in FRAMES.findall(boot.console):
        frames[work] = min(frames.get(work, int(n)), int(n))
    return rows, frames


def limits(b):
    out = ["| workload | references | heap frames | OPT faults | LRU faults |",
           "| --- | ---: | ---: | ---: | ---: |"]
    for work, (n, opt, lru) in b.items():
        out.append("| %s | %d | %d | %d | %d |" % (work, len(references(work)), n, opt, lru))
    return "\n".join(out)


def table(rows):
    out = ["| policy | workload | faults | swap-outs | swap-ins | prefetched | "
           "instructions | outcome |", "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        outcome = {"ok": "ok", "killed": "ended: out of quota"}.get(r["status"], r["status"])
        out.append("| `%s` | %s | %d | %d | %d | %d | %d | %s |" % (
            r["policy"], r["work"], r["faults"], r["out"], r["inn"], r["pref"], r["instr"],
            outcome))
    return "\n".join(out)


def chart(rows):
    """Grouped bars on a log scale: instructions per workload, one bar per policy."""
    works = list(dict.fromkeys(r["work"] for r in rows))
    pols = list(dict.fromkeys(r["policy"] for r in rows))
    colors = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1"]
    lo = 10 ** int(math.floor(math.log10(max(1, min(r["instr"] for r in rows)))))
    hi = 10 ** int(math.ceil(math.log10(max(r["instr"] for r in rows) + 1)))
    decades = max(1, round(math.log10(hi / lo)))
    bw, gap, h, left, base = 14, 30, 220, 60, 260

    def height(v):
        return h * math.log10(max(v, lo) / lo) / decades
    width = left + len(works) * (len(pols) * bw + gap) + 180
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="320" '
           'font-family="sans-serif" font-size="11">' % width,
           '<text x="10" y="16" font-size="13" font-weight="bold">Guest instructions per '
           'workload, log scale (pale: the task was ended, out of quota)</text>',
           '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>' % (left, base, width - 180,
                                                                     base)]
    for k in range(decades + 1):
        y = base - h * k / decades
        svg.append('<text x="%d" y="%.0f" text-anchor="end">1e%d</text>' % (
            left - 4, y + 4, round(math.log10(lo)) + k))
        svg.append('<line x1="%d" y1="%.0f" x2="%d" y2="%.0f" stroke="#ddd"/>' % (
            left, y, width - 180, y))
    for i, w in enumerate(works):
        x0 = left + gap / 2 + i * (len(pols) * bw + gap)
        svg.append('<text x="%.0f" y="%d" text-anchor="middle">%s</text>' % (
            x0 + len(pols) * bw / 2, base + 16, w))
        for j, p in enumerate(pols):
            r = next((r for r in rows if r["work"] == w and r["policy"] == p), None)
            if not r:
                continue
            bh = height(r["instr"])
            style = 'fill="%s"' % colors[j % len(colors)]
            if r["status"] != "ok":
                style += ' fill-opacity="0.35" stroke="%s"' % colors[j % len(colors)]
            svg.append('<rect x="%.0f" y="%.1f" width="%d" height="%.1f" %s><title>%s %s: %d '
                       'instructions, %s</title></rect>' % (x0 + j * bw, base - bh, bw - 2, bh,
                                                            style, p, w, r["instr"],
                                                            r["status"]))
    for j, p in enumerate(pols):
        y = 40 + j * 18
        svg.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>' % (
            width - 170, y, colors[j % len(colors)]))
        svg.append('<text x="%d" y="%d">%s</text>' % (width - 152, y + 10, p))
    svg.append("</svg>")
    return "\n".join(svg) + "\n"


def main():
    rows, frames = measure()
    text = table(rows)
    limit = limits(bounds(frames))
    print(text)
    print()
    print("The same heap page references under Belady's optimal policy and exact LRU, with the")
    print("frames the child's heap had (faults on heap pages only; the runs above also count")
    print("the few faults on the stack):")
    print(limit)
    with open(CHART, "w") as f:
        f.write(chart(rows))
    with open(OUT, "w") as f:
        f.write("# make bench-policies\n\n%s\n\n%s\n\n![Instructions per workload and policy]"
                "(policies-chart.svg)\n" % (text, limit))
    print("bench-policies: wrote build/policies.md and build/policies-chart.svg; "
          "docs/policies.md holds a copy a person updates on purpose")
    return 0


if __name__ == "__main__":
    sys.exit(main())
