/*
 * IPC between two tasks: 10,000 call/reply round trips with t_echo, every
 * reply checked (each of the four words carries something both ways), and
 * the partner's count of calls matching ours.
 */
#include "tap.h"
#include "ulib.h"

#define ROUNDS 10000

int main(const char *args)
{
    (void)args;
    tap_plan(7);
    uint32_t echo = 0;
    int child = spawn_partner("t_echo", "", 64, &echo);
    tap_ok(child > 0, "spawn t_echo: %d", child);
    tap_ok(child > 0 && sys_kinfo(KINFO_THREAD_TASK, echo) == child,
           "hello from thread %u of task %d", echo, child);
    msg_t m;
    int r;
    uint32_t good = 0, me = sys_getid();
    for (uint32_t i = 0; i < ROUNDS; i++) {
        m = (msg_t){MSG_PING, {i, 0, 0, ~i}};
        if (ipc_call(echo, &m) == 0 && m.label == MSG_OK && m.w[0] == i + 1 && m.w[1] == i + 1 &&
            m.w[2] == me && m.w[3] == ~i + 1)
            good++;
    }
    tap_ok(good == ROUNDS, "%u of %u round trips answered in order, every word both ways", good,
           ROUNDS);
    m = (msg_t){MSG_OK, {0, 0, 0, 0}};
    r = ipc_call(echo, &m);
    tap_ok(r == 0 && m.w[0] == ROUNDS + 1, "partner counted %u calls (want %u)", m.w[0],
           ROUNDS + 1);
    int status;
    r = wait(child, &status, 0, 0);
    tap_ok(r == child && status == 0, "t_echo exited with status %d", status);

    /* A partner that ends while we wait for its reply wakes us with E_DEAD. */
    child = spawn_partner("t_echo", "", 64, &echo);
    m = (msg_t){MSG_KILL, {0, 0, 0, 0}};
    r = ipc_call(echo, &m);
    tap_ok(r == E_DEAD, "a call whose partner ends before replying: %s", errstr(r));
    wait(child, 0, 0, 0);
    m = (msg_t){MSG_PING, {0, 0, 0, 0}};
    r = ipc_send(echo, &m);
    tap_ok(r == E_NOENT, "a send to the ended thread: %s", errstr(r));
    return tap_done();
}
