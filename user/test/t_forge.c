/*
 * The sender id is the kernel's to stamp: a receiver always sees the real
 * one whatever the sender puts in its registers, and a task that sends the
 * pager a message only the kernel may send (FAULT) is ended as a forger.
 */
#include "tap.h"
#include "ulib.h"

int main(const char *args)
{
    if (!strcmp(args, "t_forge forger")) {
        msg_t m = {MSG_FAULT, {0x00400000, PF_USER | PF_WRITE, 0, TID_INIT}};
        ipc_call(TID_PAGER, &m);
        return 0; /* not reached: the pager ends this task */
    }
    tap_plan(5);
    uint32_t echo = 0;
    int child = spawn_partner("t_echo", "", 64, &echo);
    msg_t m;
    /* Registers claim to be the kernel and the pager: the echo reports who really called. */
    m = (msg_t){MSG_PING, {TID_KERNEL, TID_PAGER, TID_QUOTA, TID_KERNEL}};
    int r = ipc_call(echo, &m);
    tap_ok(r == 0 && m.w[2] == sys_getid(), "receiver saw sender %u, the caller is %u", m.w[2],
           sys_getid());
    m = (msg_t){MSG_OK, {0, 0, 0, 0}};
    ipc_call(echo, &m);
    int status = -1;
    r = wait(child, &status, 0, 0);
    tap_ok(r == child && status == 0, "the echo ended normally: status %d", status);

    struct child_end end;
    child_run("t_forge", "forger", 64, &end);
    tap_ok(end.task > 0 && end.waited == end.task, "forger spawned and collected: task %d",
           end.task);
    tap_ok(child_ended_clean(&end, REASON_BADMSG), "forger ended: %s; usage %d, was %d",
           reason_str(end.reason), end.usage_after, end.usage_before);
    tap_ok(quota_check() == -1, "the quota books balance");
    return tap_done();
}
