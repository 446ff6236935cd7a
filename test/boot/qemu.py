"""Boot the kernel in QEMU or Bochs headless and capture what it prints.

QEMU runs with isa-debug-exit, so the kernel ends the machine itself: status
1 is a clean power-off with code 0, 3 a power-off with code 1 (a failed
test), 5 a kernel panic, 7 a machine the kernel refuses (boot_refuse: an old
CPU, too little memory). A wall-clock timeout ends a machine that hangs.

A boot may be driven like a person at the keyboard: keys is a list of
(pattern, text) steps; each waits until the regex pattern appears in what
COM1 printed after the previous step's match, then types text into COM1
(text may be a function of the match, to type what the system printed).
Session does the same step by step for a test that also reads the VGA
screen or measures the host CPU time QEMU uses.
"""
import json
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")

EXIT_OK, EXIT_FAIL, EXIT_PANIC, EXIT_REFUSED = 1, 3, 5, 7


class Boot:
    """The outcome of one boot: console text, QEMU's exit status, timing."""

    def __init__(self, console, status, timed_out, seconds, trace=b""):
        self.console = console
        self.status = status
        self.timed_out = timed_out
        self.seconds = seconds
        self.trace = trace

    def panicked(self):
        return "PANIC" in self.console


def _qemu_cmd(append, mem, com1, com2, kernel="kernel.elf", swap="swap.img", build=BUILD):
    """The QEMU command line of every boot test: no display, COM1 and COM2 as given,
    the kernel, initrd and swap disk from build (this tree's build/)."""
    return ["qemu-system-i386", "-kernel", os.path.join(build, kernel),
            "-initrd", os.path.join(build, "initrd.tar"), "-m", str(mem),
            "-append", append, "-display", "none", "-monitor", "none",
            "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-serial", com1, "-serial", com2,
            "-drive", "file=%s,format=raw,if=ide,index=2,snapshot=on"
            % os.path.join(build, swap)]


def _typed(append, mem, timeout, keys, swap, extra):
    """Boot with COM1 on a pipe and run the keys script; a step whose pattern never shows
    stops the script."""
    start = time.monotonic()
    deadline = start + timeout
    with Session(append, mem, swap=swap, extra=extra) as s:
        seen = 0
        for pattern, text in keys:
            m = s.expect(pattern, max(0, deadline - time.monotonic()), seen)
            if m is None:
                break
            seen = m.end()
            if callable(text):
                text = text(m)
            s.type(text)
        status = s.wait(max(0.1, deadline - time.monotonic()))
        return Boot(s.console, status, status is None, time.monotonic() - start)


def qemu(append="", mem=128, timeout=60, icount=False, trace=False, extra=(),
         kernel="kernel.elf", swap="swap.img", keys=(), build=BUILD):
    """Boot BUILD/KERNEL with BUILD/initrd.tar (keys: always this tree's); returns a Boot."""
    if keys:
        return _typed(append, mem, timeout, keys, swap, extra)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "com1.txt")
        com2 = os.path.join(tmp, "com2.bin")
        cmd = _qemu_cmd(append, mem, "file:" + out, "file:" + com2, kernel, swap, build)
        if icount:
            cmd += ["-icount", "shift=0,align=off,sleep=off"]
        cmd += list(extra)
        start = time.monotonic()
        timed_out = False
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            status = proc.wait(max(0.1, start + timeout - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            status, timed_out = None, True
        if proc.returncode < 0:
            status, timed_out = None, True
        seconds = time.monotonic() - start
        with open(out, "rb") as f:
            console = f.read().decode("utf-8", "replace").replace("\r\n", "\n")
        data = b""
        if trace and os.path.exists(com2):
            with open(com2, "rb") as f:
                data = f.read()
        return Boot(console, status, timed_out, seconds, data)


def bochs(wait_for, timeout=180, keys=()):
    """Boot build/kernel.iso in Bochs until wait_for appears on COM1, then run the keys script
    (as qemu's, typed on Bochs' term display, so into the PS/2 keyboard). Without keys, Bochs
    is stopped at once; with keys, it must end by itself (poweroff) before the timeout.
    Returns a Boot whose trace holds what the term display drew."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import bochsterm
    with tempfile.TemporaryDirectory() as tmp:
        serial = os.path.join(tmp, "bochs-serial.txt")
        rc = os.path.join(tmp, "bochsrc")
        with open(os.path.join(ROOT, "scripts", "bochsrc")) as f:
            conf = f.read()
        conf = conf.replace("path=kernel.iso", "path=" + os.path.join(BUILD, "kernel.iso"))
        conf = conf.replace("dev=bochs-serial.txt", "dev=" + serial)
        conf = conf.replace("dev=bochs-trace.bin", "dev=" + os.path.join(tmp, "trace.bin"))
        disk = os.path.join(tmp, "swap.img")
        shutil.copyfile(os.path.join(BUILD, "swap.img"), disk)
        conf = conf.replace("path=swap.img", "path=" + disk)
        conf = conf.replace("log: bochs.log", "log: " + os.path.join(tmp, "bochs.log"))
        with open(rc, "w") as f:
            f.write(conf)
        cont = os.path.join(tmp, "cont.rc")
        with open(cont, "w") as f:
            f.write("c\n")
        start = time.monotonic()
        deadline = start + timeout
        proc, screen = bochsterm.start(rc, cont, tmp)
        drawn = bytearray()

        def console():
            while True:
                ready, _, _ = select.select([screen], [], [], 0)
                if not ready:
                    break
                try:
                    data = os.read(screen, 65536)
                except OSError:
                    break
                if not data:  # Bochs has closed its display
                    break
                drawn.extend(data)
            if not os.path.exists(serial):
                return ""
            with open(serial, "rb") as f:
                return f.read().decode("utf-8", "replace").replace("\r\n", "\n")

        def until(pattern, since):
            while time.monotonic() < deadline and proc.poll() is None:
                m = re.compile(pattern, re.M).search(console(), since)
                if m:
                    return m
                time.sleep(0.3)
            return None

        m = until(wait_for, 0)
        found = m is not None
        for pattern, text in keys if found else ():
            m = until(pattern, m.end())
            if m is None:
                found = False
                break
            for c in text.encode():
                os.write(screen, bytes([c]))
                time.sleep(0.1)  # Bochs polls its display for keys
                console()  # and blocks when what it draws is not read
        status = None
        if found and keys:
            while time.monotonic() < deadline and proc.poll() is None:
                console()
                time.sleep(0.3)
            status = proc.poll()
        elif found:
            status = 0
        text = console()
        bochsterm.stop(proc)
        os.close(screen)
        return Boot(text, status, status is None, time.monotonic() - start, bytes(drawn))


VGA_TEXT = 0xB8000
VGA_COLS, VGA_ROWS = 80, 25


class Session:
    """A running QEMU with COM1 on a pipe: type into it, wait for what it prints.

    Use as a context manager; the machine is killed on leaving it if it has
    not powered off by then.
    """

    def __init__(self, append="", mem=128, swap="swap.img", extra=()):
        self._tmp = tempfile.TemporaryDirectory()
        self._qmp_path = os.path.join(self._tmp.name, "qmp.sock")
        cmd = _qemu_cmd(append, mem, "stdio", "file:" + os.path.join(self._tmp.name, "com2"),
                        swap=swap) + list(extra)
        cmd += ["-qmp", "unix:%s,server=on,wait=off" % self._qmp_path]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self._out = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._qmp = None

    def _read(self):
        while True:
            data = self.proc.stdout.read1(4096)
            if not data:
                return
            with self._lock:
                self._out += data

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def console(self):
        """Everything COM1 has printed so far, with CR LF as LF."""
        with self._lock:
            return self._out.decode("utf-8", "replace").replace("\r\n", "\n")

    def expect(self, pattern, timeout=30, start=0):
        """Wait until pattern appears in the console after offset start; the match or None."""
        deadline = time.monotonic() + timeout
        while True:
            m = re.compile(pattern, re.M).search(self.console, start)
            if m or time.monotonic() > deadline or self.proc.poll() is not None:
                return m or re.compile(pattern, re.M).search(self.console, start)
            time.sleep(0.05)

    def type(self, data, delay=0.002):
        """Type bytes into COM1, one at a time as a person would."""
        if isinstance(data, str):
            data = data.encode()
        for b in data:
            self.proc.stdin.write(bytes([b]))
            self.proc.stdin.flush()
            time.sleep(delay)

    def press(self, *chords, delay=0.02):
        """Press keys on the PS/2 keyboard, one chord at a time: QEMU key names (qcodes)
        joined by '-', as "t", "shift-minus", "ctrl-c", "left", "ret"."""
        for chord in chords:
            keys = [{"type": "qcode", "data": k} for k in chord.split("-")]
            reply = self._qmp_command("send-key", keys=keys)
            if "error" in reply:
                raise ValueError("send-key %s: %s" % (chord, reply["error"]))
            time.sleep(delay)

    def wait(self, timeout=30):
        """QEMU's exit status once the machine powers off, None if it is still running.
        Once it has, everything it printed is in console (the reader has met the end)."""
        try:
            status = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        self._reader.join(5)
        return status

    def _qmp_command(self, execute, **arguments):
        if self._qmp is None:
            self._qmp = socket.socket(socket.AF_UNIX)
            self._qmp.connect(self._qmp_path)
            self._qmp_file = self._qmp.makefile("rw")
            self._qmp_file.readline()  # the greeting
            self._qmp_command("qmp_capabilities")
        self._qmp_file.write(json.dumps({"execute": execute, "arguments": arguments}) + "\n")
        self._qmp_file.flush()
        while True:
            reply = json.loads(self._qmp_file.readline())
            if "return" in reply or "error" in reply:
                return reply

    def screen(self):
        """The VGA text screen as 25 lines of 80 characters (trailing blanks kept)."""
        path = os.path.join(self._tmp.name, "vga.bin")
        self._qmp_command("pmemsave", val=VGA_TEXT, size=VGA_COLS * VGA_ROWS * 2, filename=path)
        with open(path, "rb") as f:
            cells = f.read()
        chars = bytes(cells[0::2]).decode("latin-1")
        return [chars[r * VGA_COLS:(r + 1) * VGA_COLS] for r in range(VGA_ROWS)]

    def cpu_seconds(self):
        """Host CPU time (user + system) QEMU has used so far."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self._qmp is not None:
            self._qmp.close()
        self._tmp.cleanup()
