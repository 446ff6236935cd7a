/* A task without the rights gets E_PERM from every privileged call. */
#include "tap.h"
#include "proto/quota.h"
#include "ulib.h"

int main(const char *args)
{
    (void)args;
    tap_plan(14);
    int r;
    r = sys_frame_alloc(0);
    tap_ok(r == E_PERM, "frame_alloc without the frame right: %s", errstr(r));
    r = sys_frame_alloc(FRAME_UNZEROED);
    tap_ok(r == E_PERM, "frame_alloc unzeroed without the frame right: %s", errstr(r));
    r = sys_frame_alloc(0xFFFFFFFFu);
    tap_ok(r == E_PERM, "frame_alloc with bad flags without the frame right: %s", errstr(r));
    r = sys_frame_free(300);
    tap_ok(r == E_PERM, "frame_free without the frame right: %s", errstr(r));
    r = sys_map(0, 0x10000000, 300, PERM_R | PERM_W);
    tap_ok(r == E_PERM, "map without the map right: %s", errstr(r));
    r = sys_unmap(0, 0x00400000);
    tap_ok(r == E_PERM, "unmap without the map right: %s", errstr(r));
    r = sys_protect(0, 0x00400000, PERM_R | PERM_W);
    tap_ok(r == E_PERM, "protect without the map right: %s", errstr(r));
    r = sys_query(0, 0x00400000);
    tap_ok(r == E_PERM, "query without the map right: %s", errstr(r));
    r = sys_task_create(0, 0, "evil", 0, 0);
    tap_ok(r == E_PERM, "task_create without the space right: %s", errstr(r));
    r = sys_task_destroy(sys_kinfo(KINFO_THREAD_TASK, TID_QUOTA), 0, 0, 0);
    tap_ok(r == E_PERM, "destroying the quota server: %s", errstr(r));
    r = sys_ioport(0x1F0, 8);
    tap_ok(r == E_PERM, "I/O ports without the right: %s", errstr(r));
    static uint32_t stack[64];
    r = sys_thread_create(0, 0x00400000, (uint32_t)&stack[63], TID_INIT);
    tap_ok(r == E_PERM, "a thread whose faults would go to another task (init): %s", errstr(r));
    msg_t m = {QUOTA_ALLOC, {0, 0, 0, 0}};
    r = ipc_call(TID_QUOTA, &m);
    tap_ok(r == 0 && m.label == MSG_ERR && (int)m.w[0] == E_PERM,
           "QUOTA_ALLOC from a user task is refused: %s", errstr((int)m.w[0]));
    m = (msg_t){QUOTA_ALLOC, {0, FRAME_UNZEROED, 0, 0}};
    r = ipc_call(TID_QUOTA, &m);
    tap_ok(r == 0 && m.label == MSG_ERR && (int)m.w[0] == E_PERM,
           "QUOTA_ALLOC unzeroed from a user task is refused: %s", errstr((int)m.w[0]));
    return tap_done();
}
