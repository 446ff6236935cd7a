/*
 * Ctrl-C and the console's foreground task. Needs someone at COM1: the boot
 * test (test/boot/cases.py, "Ctrl-C") types what each prompt line asks for.
 *   1. a spinning child named foreground is ended by Ctrl-C, reason
 *      REASON_INTERRUPT, and the foreground is cleared with it;
 *   2. so is a child blocked in IPC;
 *   3. with no foreground, Ctrl-C is an ordinary input byte;
 *   4. only a parent (or RIGHT_SPACE) names the foreground.
 * The children's frames come back: usage ends where it began.
 */
#include "tap.h"
#include "ulib.h"

/* Start a child in the given mode, make it the foreground, ask for Ctrl-C; its end reason. */
static uint32_t interrupt_child(const char *mode, int step)
{
    int child = spawn("t_intr", mode, 32);
    if (child < 0)
        return REASON_NONE;
    tap_ok(sys_console_fg((uint32_t)child) == 0, "%s child %d named foreground", mode, child);
    printf("t_intr: press Ctrl-C (%d)\n", step);
    uint32_t reason = REASON_NONE;
    int r = wait(child, 0, &reason, 0);
    tap_ok(r == child, "wait for the %s child answers", mode);
    return reason;
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (!strcmp(word, "spin"))
        for (;;)
            ;
    if (!strcmp(word, "sleep")) {
        msg_t m;
        return ipc_recv(TID_ANY, &m, 0);
    }
    tap_plan(12);
    struct quota_info before, after;
    quota_self(&before);
    uint32_t reason = interrupt_child("spin", 1);
    tap_ok(reason == REASON_INTERRUPT, "Ctrl-C ended the spinning child: %s", reason_str(reason));
    tap_ok(sys_console_fg(0) == 0, "its end cleared the foreground");
    reason = interrupt_child("sleep", 2);
    tap_ok(reason == REASON_INTERRUPT, "Ctrl-C ended the blocked child: %s", reason_str(reason));
    printf("t_intr: type Ctrl-C and a line\n");
    tap_ok(getchar() == 0x03, "with no foreground, Ctrl-C is read as byte 3");
    char line[16];
    int n = 0;
    for (int c; (c = getchar()) != '\r' && c >= 0 && n < (int)sizeof(line) - 1;)
        line[n++] = (char)c;
    line[n] = 0;
    tap_ok(!strcmp(line, "abc"), "the line after it reads back: '%s'", line);
    int pager_task = sys_kinfo(KINFO_THREAD_TASK, TID_PAGER);
    int r = sys_console_fg((uint32_t)pager_task);
    tap_ok(r == E_PERM, "naming a task that is not a child: %s", errstr(r));
    r = sys_console_fg(0x7FFFFFFF); /* no task has this id */
    tap_ok(r == E_NOENT, "naming a task that does not exist: %s", errstr(r));
    quota_self(&after);
    tap_ok(after.usage == before.usage, "usage back to %u (now %u)", before.usage, after.usage);
    return tap_done();
}
