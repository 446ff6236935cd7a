"""Boot the kernel in QEMU or Bochs headless and capture what it prints.

QEMU runs with isa-debug-exit, so the kernel ends the machine itself: status
1 is a clean power-off with code 0, 3 a power-off with code 1 (a failed
test), 5 a kernel panic, 7 a machine the kernel refuses (boot_refuse: an old
CPU, too little memory). A wall-clock timeout ends a machine that hangs.

A boot may be driven like a person at the keyboard: keys is a list of
(pattern, text) steps; each waits until the regex pattern appears in what
COM1 printed after the previous step's match, then types text into COM1
(text may be a function of the match, to type what the system printed).
"""
import os
import re
import shutil
import subprocess
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


def _typist(proc, fifo, keys, deadline):
    """Run the keys script against a QEMU whose COM1 is the pipe pair fifo.in/.out.
    Returns the console text; a step whose pattern never shows stops the script."""
    chunks = []
    out = os.open(fifo + ".out", os.O_RDONLY | os.O_NONBLOCK)
    inp = None
    while inp is None and proc.poll() is None and time.monotonic() < deadline:
        try:
            inp = os.open(fifo + ".in", os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO until QEMU has opened its end
            time.sleep(0.05)
    if inp is None:
        os.close(out)
        return ""
    os.set_blocking(inp, True)
    reader = threading.Thread(target=_drain, args=(out, chunks, proc), daemon=True)
    reader.start()
    seen = 0
    try:
        for pattern, text in keys:
            m = None
            while m is None and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.05)
                m = re.compile(pattern).search(_text(chunks), seen)
            if m is None:
                break
            seen = m.end()
            if callable(text):
                text = text(m)
            for c in text.encode():
                os.write(inp, bytes([c]))
                time.sleep(0.002)
    finally:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        reader.join(2)
        os.close(inp)
        os.close(out)
    return _text(chunks)


def _drain(fd, chunks, proc):
    while True:
        try:
            data = os.read(fd, 4096)
        except BlockingIOError:
            if proc.poll() is not None:
                return
            time.sleep(0.02)
            continue
        if data:
            chunks.append(data)
        elif proc.poll() is not None:
            return
        else:
            time.sleep(0.02)


def _text(chunks):
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def qemu(append="", mem=128, timeout=60, icount=False, trace=False, extra=(),
         kernel="kernel.elf", swap="swap.img", keys=()):
    """Boot build/KERNEL with build/initrd.tar; returns a Boot."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "com1.txt")
        com2 = os.path.join(tmp, "com2.bin")
        fifo = os.path.join(tmp, "com1")
        if keys:
            os.mkfifo(fifo + ".in")
            os.mkfifo(fifo + ".out")
            com1 = ["-chardev", "pipe,id=com1,path=" + fifo, "-serial", "chardev:com1"]
        else:
            com1 = ["-serial", "file:" + out]
        cmd = ["qemu-system-i386", "-kernel", os.path.join(BUILD, kernel),
               "-initrd", os.path.join(BUILD, "initrd.tar"), "-m", str(mem),
               "-append", append, "-display", "none", "-monitor", "none",
               "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"] + com1 + [
               "-serial", "file:" + com2,
               "-drive", "file=%s,format=raw,if=ide,index=2,snapshot=on"
               % os.path.join(BUILD, swap)]
        if icount:
            cmd += ["-icount", "shift=0,align=off,sleep=off"]
        cmd += list(extra)
        start = time.monotonic()
        timed_out = False
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        if keys:
            console = _typist(proc, fifo, keys, start + timeout)
        try:
            status = proc.wait(max(0.1, start + timeout - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            status, timed_out = None, True
        if proc.returncode < 0:
            status, timed_out = None, True
        seconds = time.monotonic() - start
        if not keys:
            with open(out, "rb") as f:
                console = f.read().decode("utf-8", "replace").replace("\r\n", "\n")
        data = b""
        if trace and os.path.exists(com2):
            with open(com2, "rb") as f:
                data = f.read()
        return Boot(console, status, timed_out, seconds, data)


def bochs(wait_for, timeout=180):
    """Boot build/kernel.iso in Bochs until wait_for appears on COM1; returns a Boot."""
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
        cmd = ["script", "-qec", "bochs -q -f %s -rc %s" % (rc, cont), "/dev/null"]
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, cwd=tmp, start_new_session=True)
        text, found = "", False
        while time.monotonic() - start < timeout:
            time.sleep(0.5)
            if os.path.exists(serial):
                with open(serial, "rb") as f:
                    text = f.read().decode("utf-8", "replace").replace("\r\n", "\n")
                if re.search(wait_for, text):
                    found = True
                    break
            if proc.poll() is not None:
                break
        try:
            os.killpg(proc.pid, 9)
        except ProcessLookupError:
            pass
        proc.wait()
        return Boot(text, 0 if found else None, not found, time.monotonic() - start)
