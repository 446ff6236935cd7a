/*
 * Bad requests to the servers get error codes, and the servers go on: every
 * pager request with wild pointers, unterminated strings and impossible
 * sizes, unknown labels to pager, quota and swap, and afterwards a normal
 * spawn still works.
 */
#include "tap.h"
#include "proto/pager.h"
#include "ulib.h"
#include "ustar.h"

static int ask(uint32_t to, uint32_t label, uint32_t a, uint32_t b, uint32_t c)
{
    msg_t m = {label, {a, b, c, 0}};
    int r = ipc_call(to, &m);
    if (r < 0)
        return r;
    return m.label == MSG_OK ? 0 : (int)m.w[0];
}

static int spawn_raw(uint32_t name, uint32_t args, uint32_t quota)
{
    return ask(TID_PAGER, PAGER_SPAWN, name, args, quota);
}

int main(const char *argstr)
{
    (void)argstr;
    static char long_name[USTAR_NAME_MAX + 2];
    memset(long_name, 'a', USTAR_NAME_MAX + 1);
    tap_plan(17);
    int r;
    r = spawn_raw(0, (uint32_t) "", 16);
    tap_ok(r == E_FAULT, "spawn with a NULL name: %s", errstr(r));
    r = spawn_raw(0xC0001000, (uint32_t) "", 16);
    tap_ok(r == E_FAULT, "spawn with a kernel pointer: %s", errstr(r));
    r = spawn_raw(0x5000000, (uint32_t) "", 16);
    tap_ok(r == E_FAULT, "spawn with a pointer into no region: %s", errstr(r));
    r = spawn_raw((uint32_t)long_name, (uint32_t) "", 16);
    tap_ok(r == E_RANGE, "spawn with a name longer than an initrd name: %s", errstr(r));
    r = spawn_raw((uint32_t) "t_hello", 0xDEAD0000, 16);
    tap_ok(r == E_FAULT, "spawn with wild arguments: %s", errstr(r));
    r = spawn_raw((uint32_t) "t_hello", (uint32_t) "", 0);
    tap_ok(r == E_QUOTA, "spawn with a quota of 0: %s", errstr(r));
    r = spawn_raw((uint32_t) "t_hello", (uint32_t) "", 0xFFFFFFFF);
    tap_ok(r == E_QUOTA, "spawn with a quota of 2^32-1: %s", errstr(r));
    r = ask(TID_PAGER, PAGER_WAIT, sys_gettask(), 0, 0);
    tap_ok(r == E_NOENT, "wait for oneself: %s", errstr(r));
    r = ask(TID_PAGER, PAGER_VM_ALLOC, 0, 0, 0);
    tap_ok(r == E_INVAL, "a pool of 0 pages: %s", errstr(r));
    r = ask(TID_PAGER, PAGER_VM_ALLOC, 0xFFFFFFFF, 0, 0);
    tap_ok(r == E_INVAL, "a pool of 2^32-1 pages, more than the pool window: %s", errstr(r));
    r = ask(TID_PAGER, PAGER_VM_RELEASE, 0x12345000, 0, 0);
    tap_ok(r == E_NOENT, "release of a pool that does not exist: %s", errstr(r));
    r = ask(TID_PAGER, PAGER_POLICY, (uint32_t) "clock", 1u << 30, 0);
    tap_ok(r == E_RANGE, "a policy name of 1 GiB: %s", errstr(r));
    r = ask(TID_PAGER, PAGER_STATS, 9999, 0, 0);
    tap_ok(r == E_NOENT, "counters of task 9999: %s", errstr(r));
    r = ask(TID_PAGER, 0x9999, 1, 2, 3);
    tap_ok(r == E_NOSYS, "an unknown label to the pager: %s", errstr(r));
    r = ask(TID_QUOTA, 0x9999, 1, 2, 3);
    tap_ok(r == E_NOSYS, "an unknown label to quota (the loop knows no such label): %s", errstr(r));
    int task = spawn("t_hello", "", 32);
    int status = -1;
    wait(task, &status, 0, 0);
    tap_ok(task > 0 && status == 0, "and the pager still spawns: task %d, status %d", task, status);
    tap_ok(quota_check() == -1, "the quota books balance");
    return tap_done();
}
