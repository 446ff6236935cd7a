"""Command line: ipctrace {text,json,svg,summary} TRACE [options].

Exit status: 0 on success (warnings on stderr), 1 when the input, an ABI
header or the output cannot be used, 2 when the trace holds a corrupt
record (after writing what was decoded before it) unless --resync.
"""
import argparse
import json
import sys

from . import chrome, summary, svg, text
from .abi import Abi, AbiError, default_dir
from .decode import Decoder
from .model import Trace


class Fail(Exception):
    """A one-line error that ends the run with exit status 1."""


class Parser(argparse.ArgumentParser):
    """Usage errors exit with 1: status 2 means a corrupt trace."""

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(1, "ipctrace: error: %s\n" % message)


def parser():
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("trace", metavar="TRACE",
                        help="raw trace file (COM2 output), - for stdin")
    common.add_argument("--abi", metavar="DIR", default=default_dir(),
                        help="include directory holding abi/ and proto/ (default: %(default)s)")
    common.add_argument("--resync", action="store_true",
                        help="skip corrupt records and go on at the next valid one")
    window = argparse.ArgumentParser(add_help=False)
    window.add_argument("--from", dest="first", type=int, metavar="SEQ", help="first seq shown")
    window.add_argument("--to", dest="last", type=int, metavar="SEQ", help="last seq shown")
    out = argparse.ArgumentParser(add_help=False)
    out.add_argument("-o", dest="out", metavar="FILE", default="-",
                     help="output file (- for stdout)")

    p = Parser(prog="ipctrace", description="Decode the kernel's IPC trace.")
    sub = p.add_subparsers(dest="cmd", required=True, metavar="COMMAND")
    sub.add_parser("text", parents=[common, window], help="one event a line")
    j = sub.add_parser("json", parents=[common, out], help="Chrome trace-event JSON (Perfetto)")
    j.add_argument("--tsc-mhz", type=float, default=1000.0, metavar="MHZ",
                   help="TSC ticks per microsecond (default: %(default)g)")
    s = sub.add_parser("svg", parents=[common, window, out], help="message sequence chart")
    s.add_argument("--around-fault", type=int, metavar="N",
                   help="window of the Nth fault (1-based)")
    s.add_argument("--cow", action="store_true",
                   help="with --around-fault: count copy-on-write faults only")
    sub.add_parser("summary", parents=[common], help="counts and call latencies")
    return p


def read_input(path):
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise Fail("cannot read %s: %s" % (path, e.strerror or e))


def write_output(path, data):
    if path == "-":
        sys.stdout.write(data)
        return
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(data)
    except OSError as e:
        raise Fail("cannot write %s: %s" % (path, e.strerror or e))


def check_args(a):
    if getattr(a, "tsc_mhz", 1.0) <= 0:
        raise Fail("--tsc-mhz must be positive")
    if getattr(a, "around_fault", None) is not None:
        if a.first is not None or a.last is not None:
            raise Fail("--around-fault and --from/--to exclude each other")
        if a.around_fault < 1:
            raise Fail("--around-fault counts from 1")
    if getattr(a, "cow", False) and a.around_fault is None:
        raise Fail("--cow goes with --around-fault")


def emit(a, trace):
    if a.cmd == "text":
        text.render(trace, trace.select(a.first, a.last), sys.stdout)
    elif a.cmd == "summary":
        summary.render(trace, sys.stdout)
    elif a.cmd == "json":
        write_output(a.out, json.dumps(chrome.build(trace, a.tsc_mhz), indent=1) + "\n")
    else:
        try:
            kind = "copy-on-write" if a.cow else None
            events, title = svg.window(trace, a.first, a.last, a.around_fault, kind)
        except ValueError as e:
            raise Fail(str(e))
        write_output(a.out, svg.render(trace, events, title))


def run(a):
    check_args(a)
    try:
        abi = Abi(a.abi)
        decoder = Decoder(abi)
    except (AbiError, ValueError) as e:
        raise Fail(str(e))
    records, problems = decoder.decode(read_input(a.trace), a.resync)
    fatal = [p for p in problems if p.fatal]
    for p in problems:
        if not p.fatal:
            print("ipctrace: warning: %s" % p.message, file=sys.stderr)
    emit(a, Trace(abi, records))
    sys.stdout.flush()
    for p in fatal:
        print("ipctrace: error: %s" % p.message, file=sys.stderr)
    return 2 if fatal else 0


def main(argv=None):
    a = parser().parse_args(argv)
    try:
        return run(a)
    except Fail as e:
        print("ipctrace: error: %s" % e, file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
