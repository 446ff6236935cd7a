#!/usr/bin/env python3
"""Run Bochs with its text display in this terminal (make bochs).

Debian's Bochs is built with its debugger, so its term display does not
draw on the terminal it was started from: it opens a new pseudo-terminal
and says so ("Bochs connected to screen /dev/pts/N"). This script starts
Bochs under `script` (which gives it the terminal it wants), finds that
pseudo-terminal, and joins it to this one: the VGA text screen appears
here and keys typed here reach the guest's PS/2 keyboard.

Leave with `poweroff` in the system (Bochs ends), or Ctrl-] (Bochs is
stopped). Bochs' own messages go to bochs-out.txt in the run directory.

The boot tests (test/boot/qemu.py) drive Bochs through start() too.
"""
import os
import re
import select
import signal
import subprocess
import sys
import termios
import time
import tty

QUIT_KEY = 0x1D  # Ctrl-]
ROWS, COLS = 25, 80


def start(bochsrc, rc, cwd, timeout=30):
    """Start Bochs; returns (process, screen fd) once its display exists, or raises."""
    out_path = os.path.join(cwd, "bochs-out.txt")
    env = dict(os.environ, TERM=os.environ.get("TERM") or "xterm", LINES=str(ROWS),
               COLUMNS=str(COLS))
    cmd = ["script", "-qec", "bochs -q -f %s -rc %s" % (bochsrc, rc), "/dev/null"]
    with open(out_path, "wb") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT,
                                cwd=cwd, env=env, start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        with open(out_path, "rb") as f:
            m = re.search(rb'connected to screen "([^"]+)"', f.read())
        if m:
            return proc, os.open(m.group(1).decode(), os.O_RDWR | os.O_NOCTTY)
        time.sleep(0.1)
    stop(proc)
    raise RuntimeError("Bochs opened no screen; its messages are in " + out_path)


def stop(proc):
    """End Bochs and script (its session) if still running."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def join(proc, screen):
    """Copy the screen to stdout and stdin to the keyboard until Bochs ends or Ctrl-]."""
    saved = termios.tcgetattr(sys.stdin) if sys.stdin.isatty() else None
    if saved:
        tty.setraw(sys.stdin)
    try:
        while proc.poll() is None:
            ready, _, _ = select.select([screen, sys.stdin], [], [], 0.2)
            if screen in ready:
                try:
                    data = os.read(screen, 4096)
                except OSError:  # Bochs closed its side: it has ended
                    break
                os.write(sys.stdout.fileno(), data)
            if sys.stdin in ready:
                keys = os.read(sys.stdin.fileno(), 1024)
                if not keys or QUIT_KEY in keys:
                    break
                os.write(screen, keys)
    finally:
        if saved:
            termios.tcsetattr(sys.stdin, termios.TCSADRAIN, saved)
        stop(proc)
        os.close(screen)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: bochsterm.py BOCHSRC RCFILE (run from the directory bochsrc names)")
    print("bochs: starting; leave with 'poweroff' at the prompt, or Ctrl-] to stop Bochs")
    proc, screen = start(sys.argv[1], sys.argv[2], os.getcwd())
    join(proc, screen)
    print("\r\nbochs: ended (its messages: bochs-out.txt, bochs.log; COM1: bochs-serial.txt)")


if __name__ == "__main__":
    main()
