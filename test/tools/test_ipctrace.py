"""Tests of tools/ipctrace: synthetic traces built here by an encoder that
follows abi/trace.h (48-byte little-endian records, check = sum of the
first eleven words), run through the real command line.

Run from the repository root: python3 -m unittest discover -s test/tools -v
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOOL = os.path.join(ROOT, "tools", "ipctrace")
ABI = os.path.join(ROOT, "libipc", "include")
HEADERS = ("abi/trace.h", "abi/msg.h", "abi/errno.h", "abi/syscall.h", "proto/quota.h",
           "proto/pager.h", "proto/swap.h")
SVG = "{http://www.w3.org/2000/svg}"


def abi_value(name):
    """NAME's value from an X(NAME, value...) line or a #define in the ABI and protocol headers."""
    for h in HEADERS:
        with open(os.path.join(ABI, h)) as f:
            text = f.read()
        m = re.search(r"X\(\s*%s\s*,\s*(-?\w+)" % name, text) or \
            re.search(r"#define\s+%s\s+(\w+?)u?\b" % name, text)
        if m:
            return int(m.group(1), 0)
    raise KeyError(name)


KERNEL, QUOTA, PAGER = abi_value("TID_KERNEL"), abi_value("TID_QUOTA"), abi_value("TID_PAGER")
SH = 4  # a user thread (and task) id


class Enc:
    """Builds a trace stream record by record; seq counts up, tsc is given."""

    def __init__(self):
        self.seq = 0
        self.out = b""

    def record(self, op, tsc, frm, to, label=0, w=(0, 0, 0), result=0):
        word0 = abi_value("TRACE_MAGIC") | abi_value("TRACE_VERSION") << 16 | abi_value(op) << 24
        body = struct.pack("<IIQIII3Ii", word0, self.seq, tsc, frm, to, label, *w, result)
        check = sum(struct.unpack("<11I", body)) & 0xFFFFFFFF
        self.seq += 1
        self.out += body + struct.pack("<I", check)
        return self

    def msg(self, op, tsc, frm, to, label, *w, result=0):
        words = [x & 0xFFFFFFFF for x in w] + [0] * (3 - len(w))
        return self.record(op, tsc, frm, to, abi_value(label), words, result)

    def name(self, tsc, tid, name):
        raw = name.encode().ljust(12, b"\0")
        return self.record("TOP_NAME", tsc, tid, 0, 0, struct.unpack("<3I", raw))


def fault_trace():
    """A demand-zero fault of sh, then a second fault that runs out of quota."""
    e = Enc()
    e.name(1000, SH, "sh")  # seq 0
    e.msg("TOP_FAULT", 1100, KERNEL, PAGER, "MSG_FAULT", 0x0804A000, 6, 0x08048123)
    e.msg("TOP_CALL", 1300, PAGER, QUOTA, "QUOTA_ALLOC", 2)
    e.msg("TOP_REPLY", 1700, QUOTA, PAGER, "MSG_OK", 0x1234)
    e.record("TOP_MAP", 1800, PAGER, SH, 0, (0x0804A000, 0x1234, 3))
    e.msg("TOP_REPLY", 2100, PAGER, SH, "MSG_OK")  # seq 5
    e.msg("TOP_FAULT", 3000, KERNEL, PAGER, "MSG_FAULT", 0x0804B000, 6, 0x08048200)
    e.msg("TOP_CALL", 3100, PAGER, QUOTA, "QUOTA_ALLOC", 2)
    e.msg("TOP_REPLY", 3300, QUOTA, PAGER, "MSG_ERR", abi_value("E_QUOTA"))
    e.msg("TOP_REPLY", 3500, PAGER, SH, "MSG_KILL", abi_value("REASON_QUOTA"), 0x0804B000)
    e.msg("TOP_KILL", 3600, KERNEL, SH, "MSG_EXIT", SH, -1, abi_value("REASON_QUOTA"))  # seq 10
    e.msg("TOP_EXIT", 3700, KERNEL, PAGER, "MSG_EXIT", SH, -1, abi_value("REASON_QUOTA"))
    e.record("TOP_DROP", 3800, KERNEL, 0, 0, (7, 0, 0))
    e.msg("TOP_CALL", 3900, abi_value("TID_INIT"), PAGER, "PAGER_WAIT", SH)
    e.msg("TOP_REPLY", 4000, PAGER, abi_value("TID_INIT"), "MSG_ERR", 0,
          result=abi_value("E_NOENT"))
    return e.out


FIRST_FAULT_TEXT = """\
1 100 FAULT kernel -> pager MSG_FAULT addr=0x0804a000 err=0x6(write,user) eip=0x08048123 for=sh
2 300 CALL pager -> quota QUOTA_ALLOC container=0x2
3 700 REPLY quota -> pager MSG_OK val=0x1234 a1=0x0 a2=0x0 latency=400
4 800 MAP pager -> sh vaddr=0x0804a000 frame=0x1234 perm=0x3(r,w)
5 1100 REPLY pager -> sh MSG_OK val=0x0 a1=0x0 a2=0x0 latency=1000"""


class Run:
    """One run of the tool: exit status, stdout, stderr."""

    def __init__(self, args, data):
        p = subprocess.run([sys.executable, TOOL] + args, input=data, capture_output=True)
        self.rc = p.returncode
        self.out = p.stdout.decode()
        self.err = p.stderr.decode()

    def lines(self):
        return [" ".join(line.split()) for line in self.out.splitlines()]


class IpctraceCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ipctrace-test-")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def path(self, name, data=None):
        p = os.path.join(self.tmp, name)
        if data is not None:
            with open(p, "wb") as f:
                f.write(data)
        return p

    def run_tool(self, *args, data=None):
        return Run(list(args), data)


class TextTest(IpctraceCase):
    def test_fault_sequence_lines(self):
        r = self.run_tool("text", self.path("t.bin", fault_trace()), "--from", "1", "--to", "5")
        self.assertEqual(r.rc, 0, r.err)
        self.assertEqual(r.lines(), FIRST_FAULT_TEXT.splitlines())
        self.assertEqual(r.err, "")

    def test_reasons_errors_drops(self):
        r = self.run_tool("text", "-", data=fault_trace())
        self.assertEqual(r.rc, 0, r.err)
        lines = r.lines()
        self.assertEqual(len(lines), 15)
        self.assertEqual(lines[0], '0 0 NAME tid4 name="sh"')
        self.assertIn("MSG_ERR code=-10(E_QUOTA)", lines[8])
        self.assertIn("MSG_KILL reason=0x5(REASON_QUOTA) addr=0x0804b000", lines[9])
        self.assertEqual(lines[10], "10 2600 KILL kernel -> sh MSG_EXIT task=0x4 status=-1 "
                         "reason=0x5(REASON_QUOTA)")
        self.assertEqual(lines[12], "12 2800 DROP kernel lost=7")
        self.assertTrue(lines[14].endswith("MSG_ERR code=0(E_OK) result=E_NOENT latency=100"),
                        lines[14])

    def test_boot_names_before_any_name_record(self):
        e = Enc().msg("TOP_CALL", 5, abi_value("TID_INIT"), QUOTA, "QUOTA_SELF")
        e.msg("TOP_SEND", 9, 77, KERNEL, "MSG_PING", 1)
        r = self.run_tool("text", "-", data=e.out)
        self.assertEqual(r.lines(), ["0 0 CALL init -> quota QUOTA_SELF part=0x0",
                                     "1 4 SEND tid77 -> kernel MSG_PING seq=0x1 a1=0x0 a2=0x0"])

    def test_names_change_when_a_tid_is_reused(self):
        e = Enc().name(0, SH, "sh").msg("TOP_SEND", 1, SH, PAGER, "MSG_PING")
        e.name(2, SH, "ls").msg("TOP_SEND", 3, SH, PAGER, "MSG_PING")
        lines = self.run_tool("text", "-", data=e.out).lines()
        self.assertIn("sh -> pager", lines[1])
        self.assertIn("ls -> pager", lines[3])


class JsonTest(IpctraceCase):
    def chrome(self, *extra):
        out = self.path("t.json")
        r = self.run_tool("json", self.path("t.bin", fault_trace()), "-o", out, *extra)
        self.assertEqual(r.rc, 0, r.err)
        with open(out) as f:
            return json.load(f)["traceEvents"]

    def test_tracks_named_per_thread(self):
        ev = self.chrome()
        names = {e["tid"]: e["args"]["name"] for e in ev
                 if e["ph"] == "M" and e["name"] == "thread_name"}
        self.assertEqual(names[SH], "sh")
        self.assertEqual(names[PAGER], "pager")
        self.assertEqual(names[0], "kernel")

    def test_calls_are_slices_from_request_to_reply(self):
        slices = [e for e in self.chrome() if e["ph"] == "X"]
        got = [(e["name"], e["cat"], e["tid"], e["ts"], e["dur"]) for e in slices]
        self.assertEqual(got, [
            ("MSG_FAULT", "fault", SH, 0.1, 1.0),
            ("QUOTA_ALLOC", "call", PAGER, 0.3, 0.4),
            ("MSG_FAULT", "fault", SH, 2.0, 0.5),
            ("QUOTA_ALLOC", "call", PAGER, 2.1, 0.2),
            ("PAGER_WAIT", "call", abi_value("TID_INIT"), 2.9, 0.1),
        ])
        self.assertEqual(slices[0]["args"]["addr"], "0x0804a000")
        self.assertEqual(slices[2]["args"]["reply"], "MSG_KILL")

    def test_instants_for_faults_maps_kills(self):
        inst = [(e["name"], e["cat"], e["tid"]) for e in self.chrome() if e["ph"] == "i"]
        self.assertEqual(inst, [("#PF", "fault", SH), ("MAP", "map", PAGER), ("#PF", "fault", SH),
                                ("KILL", "kill", 0), ("EXIT", "exit", PAGER),
                                ("DROP", "drop", 0)])

    def test_tsc_mhz_scales_time(self):
        first = [e for e in self.chrome("--tsc-mhz", "100") if e["ph"] == "X"][0]
        self.assertEqual((first["ts"], first["dur"]), (1.0, 10.0))

    def test_bad_tsc_mhz(self):
        r = self.run_tool("json", self.path("t.bin", fault_trace()), "--tsc-mhz", "0")
        self.assertEqual(r.rc, 1)


class SvgTest(IpctraceCase):
    def chart(self, *extra, rc=0):
        out = self.path("t.svg")
        r = self.run_tool("svg", self.path("t.bin", fault_trace()), "-o", out, *extra)
        self.assertEqual(r.rc, rc, r.err)
        return ET.parse(out).getroot() if rc == 0 else r

    @staticmethod
    def arrows(root):
        out = []
        for g in root.iter(SVG + "g"):
            if g.get("class", "").startswith("msg ") and g.get("class") != "msg drop":
                line = g.find(SVG + "line")
                out.append((g.get("class")[4:], g.get("data-from"), g.get("data-to"),
                            g.get("data-label"), float(line.get("y1")), line))
        return out

    def test_demand_zero_fault_window(self):
        root = self.chart()
        lifelines = [g.get("data-name") for g in root.iter(SVG + "g")
                     if g.get("class") == "lifeline"]
        self.assertEqual(lifelines, ["sh", "kernel", "pager", "quota"])
        arrows = self.arrows(root)
        self.assertEqual([a[:4] for a in arrows], [
            ("fault", "sh", "kernel", "#PF"),
            ("fault", "kernel", "pager", "MSG_FAULT"),
            ("call", "pager", "quota", "QUOTA_ALLOC"),
            ("reply", "quota", "pager", "MSG_OK"),
            ("map", "pager", "kernel", "MAP"),
            ("fault-reply", "pager", "sh", "MSG_OK"),
        ])
        ys = [a[4] for a in arrows]
        self.assertEqual(ys, sorted(ys))
        self.assertEqual(len(set(ys)), len(ys))
        self.assertEqual(arrows[0][5].get("stroke"), "#c62828")
        self.assertIsNone(arrows[2][5].get("stroke-dasharray"))
        self.assertIsNotNone(arrows[3][5].get("stroke-dasharray"))
        self.assertTrue(any(g.get("class") == "legend" for g in root.iter(SVG + "g")))

    def test_arrows_run_between_their_lifelines(self):
        root = self.chart()
        x = {}
        for g in root.iter(SVG + "g"):
            if g.get("class") == "lifeline":
                x[g.get("data-name")] = float(g.find(SVG + "line").get("x1"))
        for _, src, dst, _, _, line in self.arrows(root):
            self.assertEqual((float(line.get("x1")), float(line.get("x2"))), (x[src], x[dst]))

    def test_around_second_fault(self):
        arrows = self.arrows(self.chart("--around-fault", "2"))
        self.assertEqual(arrows[-1][:4], ("fault-reply", "pager", "sh", "MSG_KILL"))
        self.assertEqual(len(arrows), 5)

    def test_seq_window(self):
        root = self.chart("--from", "10", "--to", "12")
        self.assertEqual([a[:4] for a in self.arrows(root)], [("kill", "kernel", "sh", "KILL"),
                                                              ("kill", "kernel", "pager", "EXIT")])
        drops = [g for g in root.iter(SVG + "g") if g.get("class") == "msg drop"]
        self.assertEqual([g.get("data-seq") for g in drops], ["12"])
        self.assertIn("7 records lost", "".join(drops[0].itertext()))

    def test_window_options_exclude_each_other(self):
        r = self.chart("--around-fault", "1", "--from", "2", rc=1)
        self.assertIn("exclude each other", r.err)

    def test_no_such_fault(self):
        r = self.chart("--around-fault", "3", rc=1)
        self.assertIn("has 2 faults", r.err)
        self.assertEqual(len(r.err.splitlines()), 1)


def cow_trace():
    """sh reads a page (demand zero), then writes a copy-on-write page: the pager gets a frame,
    copies the page (frame_copy, not traced) and maps the copy in place of the shared frame."""
    e = Enc()
    e.name(1000, SH, "sh")
    e.msg("TOP_FAULT", 1100, KERNEL, PAGER, "MSG_FAULT", 0x0804A000, 4, 0x08048123)  # seq 1
    e.record("TOP_MAP", 1200, PAGER, SH, 0, (0x0804A000, 0x1234, 1))
    e.msg("TOP_REPLY", 1300, PAGER, SH, "MSG_OK")
    e.msg("TOP_FAULT", 2000, KERNEL, PAGER, "MSG_FAULT", 0x0804C000, 7, 0x08048200)  # seq 4
    e.msg("TOP_CALL", 2100, PAGER, QUOTA, "QUOTA_ALLOC", 2)
    e.msg("TOP_REPLY", 2200, QUOTA, PAGER, "MSG_OK", 0x2000)
    e.record("TOP_UNMAP", 2700, PAGER, SH, 0, (0x0804C000, 0x1500, 0))
    e.record("TOP_MAP", 2800, PAGER, SH, 0, (0x0804C000, 0x2000, 3))
    e.msg("TOP_REPLY", 2900, PAGER, SH, "MSG_OK")  # seq 9
    return e.out


class CowTest(IpctraceCase):
    """A copy-on-write fault (a write to a present page) is named in every output."""

    def test_text_names_the_kind(self):
        r = self.run_tool("text", self.path("t.bin", cow_trace()))
        self.assertEqual(r.rc, 0, r.err)
        kinds = [line.split()[0] for line in r.lines() if "kind=copy-on-write" in line]
        self.assertEqual(kinds, ["4"])  # the read fault is not one

    def test_json_instant(self):
        out = self.path("t.json")
        r = self.run_tool("json", self.path("t.bin", cow_trace()), "-o", out)
        self.assertEqual(r.rc, 0, r.err)
        with open(out) as f:
            names = [e["name"] for e in json.load(f)["traceEvents"] if e["ph"] == "i"]
        self.assertEqual(names.count("#PF copy-on-write"), 1)
        self.assertEqual(names.count("#PF"), 1)

    def test_svg_window_of_the_first_cow_fault(self):
        out = self.path("t.svg")
        r = self.run_tool("svg", self.path("t.bin", cow_trace()), "-o", out, "--around-fault",
                          "1", "--cow")
        self.assertEqual(r.rc, 0, r.err)
        root = ET.parse(out).getroot()
        title = "".join(root.find(SVG + "title").itertext())
        self.assertIn("copy-on-write fault 1 at 0x0804c000, seq 4..9", title)
        texts = ["".join(t.itertext()) for t in root.iter(SVG + "text")]
        self.assertTrue(any(t.startswith("#PF copy-on-write") for t in texts), texts)
        maps = [t for t in texts if t.startswith(("MAP", "UNMAP"))]
        self.assertEqual(len(maps), 2)  # the remap: the shared frame out, the copy in

    def test_cow_needs_around_fault(self):
        r = self.run_tool("svg", self.path("t.bin", cow_trace()), "--cow")
        self.assertEqual(r.rc, 1)
        self.assertIn("--cow goes with --around-fault", r.err)


class SummaryTest(IpctraceCase):
    def test_counts_and_latencies(self):
        r = self.run_tool("summary", self.path("t.bin", fault_trace()))
        self.assertEqual(r.rc, 0, r.err)
        lines = r.lines()
        self.assertIn("dropped: 7", lines)
        section = lines[lines.index("per label:"):lines.index("per pair:")]
        self.assertIn("QUOTA_ALLOC 2", section)
        self.assertIn("MSG_FAULT 2", section)
        self.assertIn("MSG_EXIT 2", section)
        section = lines[lines.index("per pair:"):]
        self.assertIn("pager -> quota 2", section)
        self.assertIn("kernel -> pager 3", section)
        self.assertIn("QUOTA_ALLOC 2 200 300 400", lines)
        self.assertIn("MSG_FAULT 2 500 750 1000", lines)
        self.assertIn("PAGER_WAIT 1 100 100 100", lines)


class DamageTest(IpctraceCase):
    def test_truncated_trace_warns_and_keeps_records(self):
        data = fault_trace()
        r = self.run_tool("text", "-", data=data[:6 * 48 + 20])
        self.assertEqual(r.rc, 0)
        self.assertEqual(len(r.lines()), 6)
        self.assertIn("warning: truncated trace: 20 bytes left at byte offset 288", r.err)

    def test_corrupt_record_stops_with_status_2(self):
        data = bytearray(fault_trace())
        data[3 * 48 + 28] ^= 0x40  # a bit of w[0]: the check no longer matches
        r = self.run_tool("text", "-", data=bytes(data))
        self.assertEqual(r.rc, 2)
        self.assertEqual([line.split()[0] for line in r.lines()], ["0", "1", "2"])
        self.assertIn("error: corrupt record at byte offset 144", r.err)
        self.assertIn("bad check", r.err)

    def test_resync_skips_the_corrupt_record(self):
        data = bytearray(fault_trace())
        data[3 * 48] = 0  # the magic
        r = self.run_tool("text", "-", "--resync", data=bytes(data))
        self.assertEqual(r.rc, 0, r.err)
        seqs = [int(line.split()[0]) for line in r.lines()]
        self.assertEqual(seqs, [0, 1, 2] + list(range(4, 15)))
        self.assertIn("corrupt record at byte offset 144", r.err)
        self.assertIn("bad magic", r.err)

    def test_resync_to_the_end(self):
        data = fault_trace()
        r = self.run_tool("text", "-", "--resync", data=data[:2 * 48] + b"\x00" * 100)
        self.assertEqual(r.rc, 0)
        self.assertEqual(len(r.lines()), 2)
        self.assertIn("corrupt record at byte offset 96", r.err)
        self.assertIn("skipped 100 bytes to the end", r.err)

    def test_bad_version_is_corrupt(self):
        data = bytearray(fault_trace())
        data[48 + 2] += 1
        r = self.run_tool("summary", "-", data=bytes(data))
        self.assertEqual(r.rc, 2)
        self.assertTrue(r.lines()[0].startswith("records: 1 "), r.out)
        self.assertIn("byte offset 48", r.err)
        self.assertIn("bad version", r.err)

    def test_corrupt_json_written_before_status_2(self):
        data = fault_trace()
        out = self.path("t.json")
        r = self.run_tool("json", "-", "-o", out, data=data[:4 * 48] + b"\xff" * 48 + data[4 * 48:])
        self.assertEqual(r.rc, 2)
        with open(out) as f:
            slices = [e for e in json.load(f)["traceEvents"] if e["ph"] == "X"]
        self.assertEqual([e["name"] for e in slices], ["QUOTA_ALLOC"])

    def test_garbage_before_first_record(self):
        r = self.run_tool("text", "-", data=b"\x00\x01TRjunk" + fault_trace())
        self.assertEqual(r.rc, 0)
        self.assertEqual(len(r.lines()), 15)
        self.assertIn("skipped 8 bytes of garbage", r.err)

    def test_no_record_at_all(self):
        r = self.run_tool("text", "-", data=b"\x55" * 100)
        self.assertEqual(r.rc, 2)
        self.assertIn("no valid trace record in 100 bytes", r.err)

    def test_empty_input_is_empty_output(self):
        r = self.run_tool("text", "-", data=b"")
        self.assertEqual((r.rc, r.out, r.err), (0, "", ""))

    def test_unreadable_input(self):
        r = self.run_tool("text", self.path("missing.bin"))
        self.assertEqual(r.rc, 1)
        self.assertEqual(len(r.err.splitlines()), 1)
        self.assertIn("cannot read", r.err)


class AbiTest(IpctraceCase):
    def abi_copy(self, header, edit):
        d = os.path.join(self.tmp, "include")
        shutil.copytree(ABI, d)
        path = os.path.join(d, header)
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(edit(text))
        return d

    def test_labels_and_arguments_come_from_the_header(self):
        d = self.abi_copy("proto/quota.h", lambda t: t.replace('X(QUOTA_ALLOC, 0x0200, "container")',
                                              'X(QUOTA_GRAB, 0x0200, "pool")'))
        trace = self.path("t.bin", fault_trace())
        r = self.run_tool("text", trace, "--from", "2", "--to", "2", "--abi", d)
        self.assertEqual(r.lines(), ["2 300 CALL pager -> quota QUOTA_GRAB pool=0x2"])
        r = self.run_tool("text", trace, "--from", "2", "--to", "2")
        self.assertEqual(r.lines(), ["2 300 CALL pager -> quota QUOTA_ALLOC container=0x2"])

    def test_reason_names_come_from_the_header(self):
        d = self.abi_copy("abi/msg.h", lambda t: t.replace("REASON_QUOTA,", "REASON_NO_MEMORY,"))
        r = self.run_tool("text", self.path("t.bin", fault_trace()), "--abi", d)
        self.assertIn("reason=0x5(REASON_NO_MEMORY)", r.out)

    def test_unknown_label_shows_its_value(self):
        d = self.abi_copy("proto/quota.h", lambda t: t.replace("X(QUOTA_ALLOC, 0x0200,", "X(QUOTA_ALLOC, 0x0250,"))
        r = self.run_tool("text", self.path("t.bin", fault_trace()), "--to", "2", "--abi", d)
        self.assertEqual(r.lines()[2], "2 300 CALL pager -> quota label=0x200 w0=0x2 w1=0x0 w2=0x0")

    def test_missing_header_directory(self):
        r = self.run_tool("text", self.path("t.bin", fault_trace()), "--abi", self.tmp)
        self.assertEqual(r.rc, 1)
        self.assertEqual(len(r.err.splitlines()), 1)
        self.assertIn("trace.h", r.err)


if __name__ == "__main__":
    unittest.main()
