"""Boot tests that keep QEMU running with COM1 on a pipe (qemu.Session).

A session case is a dict: name, append, mem, run (a function of the Session
that types, waits and looks, and returns an error string or None), tap
(True: the TAP lines the console holds count as tests).
"""
import time

from qemu import EXIT_OK

PROMPT = r"^\$ "


def ctrl_c_ends_foreground(s):
    """t_intr asks for each key on its own line; type it once the line is there."""
    for step, keys in ((r"press Ctrl-C \(1\)", b"\x03"), (r"press Ctrl-C \(2\)", b"\x03"),
                       (r"type Ctrl-C and a line", b"\x03abc\r")):
        if not s.expect(step):
            return "t_intr never printed /%s/" % step
        s.type(keys)
    status = s.wait(60)
    return None if status == EXIT_OK else "QEMU exit status %s, wanted %d" % (status, EXIT_OK)


def big_read_faults_little(s):
    """t_bigread's child reads a typed line into a pool of 32 times its quota, under clock."""
    if not s.expect(r"t_bigread: type a line", 60):
        return "t_bigread never asked for a line"
    s.type(b"hello\r")
    status = s.wait(60)
    return None if status == EXIT_OK else "QEMU exit status %s, wanted %d" % (status, EXIT_OK)


def idle_shell_sleeps(s):
    """At the prompt, nothing is ready: the kernel halts and QEMU uses under 5% of a core."""
    if not s.expect(PROMPT, 90):
        return "no shell prompt"
    time.sleep(1)  # let the boot's last output settle
    cpu0, t0 = s.cpu_seconds(), time.monotonic()
    time.sleep(4)
    share = (s.cpu_seconds() - cpu0) / (time.monotonic() - t0)
    print("idle shell: QEMU used %.1f%% of a host core" % (100 * share))
    return None if share < 0.05 else "idle QEMU used %.0f%% of a core" % (100 * share)


def typed_text_on_both_consoles(s):
    """What is typed into COM1 is echoed on COM1 and on the VGA screen, at the prompt line."""
    if not s.expect(PROMPT, 90):
        return "no shell prompt"
    start = len(s.console)
    s.type("xyz123")
    if not s.expect(r"xyz123", 10, start):
        return "the typed text was not echoed on COM1"
    rows = [r.rstrip() for r in s.screen() if r.strip()]
    if not rows or rows[-1] != "$ xyz123":
        return "the screen's last line is %r, wanted '$ xyz123'" % (rows[-1] if rows else "")
    return None


def keyboard_types_into_the_shell(s):
    """Keys pressed on the PS/2 keyboard reach the shell like COM1's bytes: letters, Shift,
    the arrows' escape sequences (the line editor inserts before the cursor) and Ctrl-C."""
    if not s.expect(PROMPT, 90):
        return "no shell prompt"
    start = len(s.console)
    s.press("t", "shift-minus", "h", "e", "l", "l", "o", "spc", "shift-x", "left", "y", "ret")
    if not s.expect(r"hello from user space \(t_hello yX\)", 10, start):
        return "t_hello did not get 'yX' from the keyboard: %r" % s.console[start:][-300:]
    if not s.expect(PROMPT, 10, start + 1):
        return "no prompt after t_hello"
    start = len(s.console)
    s.press("t", "ctrl-c")
    if not s.expect(r"t\^C", 10, start):
        return "Ctrl-C on the keyboard did not reach the shell: %r" % s.console[start:]
    rows = [r.rstrip() for r in s.screen()]
    if not any("(t_hello yX)" in r for r in rows):
        return "the screen does not show t_hello's line"
    return None


def poweroff_ends_qemu(s):
    """The poweroff program ends the machine: QEMU exits through isa-debug-exit with code 0."""
    if not s.expect(PROMPT, 90):
        return "no shell prompt"
    s.type("poweroff\r")
    status = s.wait(30)
    if not s.expect(r"^poweroff: the machine is going down$", 1):
        return "poweroff said nothing"
    return None if status == EXIT_OK else "QEMU exit status %s, wanted %d" % (status, EXIT_OK)


SESSIONS = [
    dict(name="Ctrl-C ends the foreground task (t_intr)", append="init=t_intr",
         run=ctrl_c_ends_foreground, tap=True),
    dict(name="a huge console_read faults in only what it copies (t_bigread, clock)",
         append="init=t_bigread pager.policy=clock", run=big_read_faults_little, tap=True),
    dict(name="an idle shell uses under 5% of a host core", append="init=sh",
         run=idle_shell_sleeps),
    dict(name="typed text echoes on COM1 and the VGA screen", append="init=sh",
         run=typed_text_on_both_consoles),
    dict(name="the PS/2 keyboard types into the shell", append="init=sh",
         run=keyboard_types_into_the_shell),
    dict(name="poweroff ends QEMU", append="init=sh", run=poweroff_ends_qemu),
]
