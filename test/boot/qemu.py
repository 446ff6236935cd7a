"""Boot the kernel in QEMU or Bochs headless and capture what it prints.

QEMU runs with isa-debug-exit, so the kernel ends the machine itself: status
1 is a clean power-off with code 0, 3 a power-off with code 1 (a failed
test), 5 a kernel panic. A wall-clock timeout ends a machine that hangs.
"""
import os
import re
import shutil
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")

EXIT_OK, EXIT_FAIL, EXIT_PANIC = 1, 3, 5


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


def qemu(append="", mem=128, timeout=60, icount=False, trace=False, extra=(),
         kernel="kernel.elf", swap="swap.img"):
    """Boot build/KERNEL with build/initrd.tar; returns a Boot."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "com1.txt")
        com2 = os.path.join(tmp, "com2.bin")
        cmd = ["qemu-system-i386", "-kernel", os.path.join(BUILD, kernel),
               "-initrd", os.path.join(BUILD, "initrd.tar"), "-m", str(mem),
               "-append", append, "-display", "none", "-monitor", "none",
               "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
               "-serial", "file:" + out, "-serial", "file:" + com2,
               "-drive", "file=%s,format=raw,if=ide,index=2,snapshot=on"
               % os.path.join(BUILD, swap)]
        if icount:
            cmd += ["-icount", "shift=0,align=off,sleep=off"]
        cmd += list(extra)
        start = time.monotonic()
        timed_out = False
        try:
            status = subprocess.run(cmd, timeout=timeout, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
        except subprocess.TimeoutExpired:
            status, timed_out = None, True
        seconds = time.monotonic() - start
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
