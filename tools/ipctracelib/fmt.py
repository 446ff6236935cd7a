"""How values look: hex words, page-fault and permission bits, kill reasons
and error codes, each decoded with the names the ABI headers give."""

# Argument decoders keyed by (label, argument) or by argument name alone.
# The names are the ones in MSG_LABELS and the proto/ lists; a renamed label simply loses its
# decoding, never its arguments.
BY_LABEL = {
    ("MSG_FAULT", "err"): "pf",
    ("MSG_KILL", "reason"): "reason",
    ("MSG_EXIT", "reason"): "reason",
    ("MSG_ERR", "code"): "errno",
}
BY_NAME = {"perm": "perm", "status": "signed", "incr": "signed"}


def hexval(v):
    """Small values short (0x6), addresses zero-padded (0x0804a000)."""
    return "0x%x" % v if v < 0x10000 else "0x%08x" % v


def signed(v):
    return v - (1 << 32) if v & 0x80000000 else v


def bits_text(v, flags):
    """0x6(write,user): the set bits by name, unknown ones in hex."""
    names = [name for bit, name in flags if v & bit]
    rest = v & ~sum(bit for bit, _ in flags)
    if rest:
        names.append(hexval(rest))
    return "%s(%s)" % (hexval(v), ",".join(names)) if names else hexval(v)


class Formatter:
    """Turns a record's label and words into named, decoded arguments."""

    def __init__(self, abi):
        self.abi = abi
        self.pf = abi.flags("PF_")
        self.perm = abi.flags("PERM_")

    def errno_text(self, v):
        name = self.abi.errnos.get(v)
        return name[0] if name else str(v)

    def result_text(self, result):
        """'' for 0, E_QUOTA for a known negative code, the number otherwise."""
        if result == 0:
            return ""
        return self.errno_text(result) if result < 0 else str(result)

    def value(self, label, arg, v):
        kind = BY_LABEL.get((label, arg)) or BY_NAME.get(arg)
        if kind == "pf":
            return bits_text(v, self.pf)
        if kind == "perm":
            return bits_text(v, self.perm)
        if kind == "reason":
            r = self.abi.reasons.get(v)
            return "%s(%s)" % (hexval(v), r[0]) if r else hexval(v)
        if kind == "errno":
            return "%d(%s)" % (signed(v), self.errno_text(signed(v)))
        if kind == "signed":
            return str(signed(v))
        return hexval(v)

    def label_name(self, label):
        entry = self.abi.labels.get(label)
        return entry[0] if entry else "label=%s" % hexval(label)

    def args(self, opname, rec):
        """(label name or None, [(arg, text)]) for a record of op opname (TOP_...)."""
        if opname == "TOP_NAME":
            return None, [("name", '"%s"' % task_name(rec.w))]
        if opname == "TOP_DROP":
            return None, [("lost", str(rec.w[0]))]
        words = self.abi.op_words.get(opname)
        if words:
            return None, [(a, self.value(None, a, v)) for a, v in zip(words, rec.w)]
        entry = self.abi.labels.get(rec.label)
        if entry is None:
            names = ["w0", "w1", "w2"]
        else:
            names = entry[1][:len(rec.w)]
        label = self.label_name(rec.label)
        return label, [(a, self.value(label, a, v)) for a, v in zip(names, rec.w)]


def task_name(words):
    """The 12-byte NUL-padded name TOP_NAME carries in w0..w2."""
    raw = b"".join(w.to_bytes(4, "little") for w in words)
    return raw.split(b"\0", 1)[0].decode("ascii", "replace")
