"""Bytes to trace records.

A stream is a run of TRACE_RECORD_SIZE-byte records (struct trace_record).
Garbage before the first record is skipped by scanning for a valid record;
inside the stream a record with a bad magic, version or check field is
corrupt: decoding stops there, or with resync skips to the next valid
record. A partial record at the end is a truncation, reported, not fatal.
"""
import struct
from collections import namedtuple

# struct trace_record: magic, version, op, seq, tsc, from, to, label, w[3], result, check
LAYOUT = struct.Struct("<HBBIQIII3IiI")
WORDS = struct.Struct("<11I")

Record = namedtuple("Record", "offset seq op tsc frm to label w result")


class Problem(namedtuple("Problem", "fatal offset message")):
    """Something wrong with the stream; fatal ones stop decoding (exit status 2)."""


def _where(offset):
    return "byte offset %d (0x%x)" % (offset, offset)


class Decoder:
    """Decodes one stream against the magic and version the ABI headers define."""

    def __init__(self, abi):
        if abi.record_size != LAYOUT.size:
            raise ValueError("trace.h: TRACE_RECORD_SIZE is %d but struct trace_record decodes "
                             "as %d bytes" % (abi.record_size, LAYOUT.size))
        self.magic = abi.magic
        self.version = abi.version
        self.magic_bytes = struct.pack("<H", abi.magic)

    def flaw(self, data, off):
        """Why the record at off is invalid, or None when it is a good record."""
        magic, version = struct.unpack_from("<HB", data, off)
        if magic != self.magic:
            return "bad magic 0x%04x (want 0x%04x)" % (magic, self.magic)
        if version != self.version:
            return "bad version %d (want %d)" % (version, self.version)
        check = struct.unpack_from("<I", data, off + 44)[0]
        want = sum(WORDS.unpack_from(data, off)) & 0xFFFFFFFF
        if check != want:
            return "bad check 0x%08x (sum of words is 0x%08x)" % (check, want)
        return None

    def next_valid(self, data, off):
        """Offset of the first valid whole record at or after off, or None."""
        while True:
            off = data.find(self.magic_bytes, off)
            if off < 0 or off + LAYOUT.size > len(data):
                return None
            if self.flaw(data, off) is None:
                return off
            off += 1

    def decode(self, data, resync=False):
        """(records, problems) for a whole stream."""
        problems = []
        off = self.next_valid(data, 0)
        if off is None:
            return [], [self._nothing(data)] if data else []
        if off:
            problems.append(Problem(False, 0, "skipped %d bytes of garbage before the first "
                                    "record at %s" % (off, _where(off))))
        records = []
        size = LAYOUT.size
        while off + size <= len(data):
            why = self.flaw(data, off)
            if why is None:
                f = LAYOUT.unpack_from(data, off)
                records.append(Record(off, f[3], f[2], f[4], f[5], f[6], f[7], f[8:11], f[11]))
                off += size
                continue
            msg = "corrupt record at %s: %s" % (_where(off), why)
            if not resync:
                problems.append(Problem(True, off, msg + " (--resync skips it)"))
                return records, problems
            nxt = self.next_valid(data, off + 1)
            end = nxt if nxt is not None else len(data)
            problems.append(Problem(False, off, "%s; skipped %d bytes to %s" % (
                msg, end - off, "the next record at " + _where(nxt) if nxt is not None
                else "the end")))
            off = end
        if off < len(data):
            problems.append(Problem(False, off, "truncated trace: %d bytes left at %s, a "
                                    "partial record" % (len(data) - off, _where(off))))
        return records, problems

    @staticmethod
    def _nothing(data):
        if len(data) < LAYOUT.size:
            return Problem(False, 0, "truncated trace: %d bytes left at %s, a partial record"
                           % (len(data), _where(0)))
        return Problem(True, 0, "no valid trace record in %d bytes" % len(data))
