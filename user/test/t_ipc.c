/*
 * IPC between two tasks: 10,000 call/reply round trips with t_echo, every
 * reply checked (each of the four words carries something both ways), and
 * the partner's count of calls matching ours; then the cases the IPC fast
 * path (microkernel/fastpath.S) must leave to the general path or take
 * exactly as it would: calls to ids that name no thread (never made, a
 * slot beyond the table, a wrong generation, an ended thread), to
 * ourselves, a partner calling us back while we wait for its reply, and a
 * reply to a thread that does not wait for it. test/boot runs this program
 * on the fast path and again with the trace on, which takes the general
 * path for every IPC: both must pass.
 */
#include "echo.h"
#include "fmt.h"
#include "tap.h"
#include "ulib.h"

#define ROUNDS 10000

/* Calls that reach no thread, with ended the id of a thread that has ended. */
static void check_calls_to_nobody(uint32_t ended)
{
    msg_t m = {MSG_PING, {0, 0, 0, 0}};
    int r = ipc_call(sys_getid(), &m);
    tap_ok(r == E_INVAL, "a call to ourselves: %s", errstr(r));
    m = (msg_t){MSG_PING, {0, 0, 0, 0}};
    r = ipc_call(ended, &m);
    tap_ok(r == E_NOENT, "a call to an ended thread: %s", errstr(r));
    uint32_t ids[] = {0, ID_SLOT(~0u), ID_SLOT(sys_getid()) | (sys_getid() + (1u << ID_SLOT_BITS))};
    int noent = 0;
    for (uint32_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        m = (msg_t){MSG_PING, {0, 0, 0, 0}};
        noent += ipc_call(ids[i], &m) == E_NOENT;
    }
    tap_ok(noent == 3,
           "calls to id 0, to the last slot and to our slot in the next generation: "
           "%d of 3 found nobody",
           noent);
}

/* A partner that calls us back while we wait for its reply; a reply nobody waits for. */
static void check_partner_states(void)
{
    uint32_t echo = 0, sender = 0;
    int child = spawn_partner("t_echo", "", 64, &echo);
    msg_t m = {MSG_PING, {5, ECHO_CALL_BACK, 0, 0}};
    int r = ipc_call(echo, &m);
    tap_ok(r == 0 && m.label == MSG_PING && m.w[0] == 6,
           "our call is answered by the partner's call back: %s, label %x, seq %u", errstr(r),
           m.label, m.w[0]);
    m = (msg_t){MSG_OK, {7, 0, 0, 0}};
    r = ipc_reply_recv(echo, &m, &sender);
    tap_ok(r == 0 && sender == echo && m.label == MSG_OK && m.w[0] == 8 && m.w[1] == 1,
           "our reply reaches it, and its answer us: %s, from %u (want %u), seq %u, calls %u",
           errstr(r), sender, echo, m.w[0], m.w[1]);

    /* echo waits for anyone, not for our reply: a second partner's hello is what comes */
    char arg[16];
    snformat(arg, sizeof(arg), "%u", sys_getid());
    int second = spawn("t_echo", arg, 64);
    m = (msg_t){MSG_PING, {9, 0, 0, 0}};
    r = ipc_reply_recv(echo, &m, &sender);
    tap_ok(second > 0 && r == 0 && sender != echo && m.label == MSG_PING && m.w[0] == 0,
           "a reply to a thread not waiting for it is not delivered: %s, from %u, label %x",
           errstr(r), sender, m.label);
    m = (msg_t){MSG_PING, {20, 0, 0, 0}};
    r = ipc_call(echo, &m);
    tap_ok(r == 0 && m.w[0] == 21 && m.w[1] == 2,
           "the partner saw only our two calls: %s, seq %u, calls %u", errstr(r), m.w[0], m.w[1]);
    m = (msg_t){MSG_KILL, {0, 0, 0, 0}};
    ipc_send(sender, &m);
    ipc_send(echo, &m);
    int status = -1, status2 = -1;
    wait(child, &status, 0, 0);
    wait(second, &status2, 0, 0);
    tap_ok(status == 0 && status2 == 0, "both partners exited with status 0 (%d, %d)", status,
           status2);
}

int main(const char *args)
{
    (void)args;
    tap_plan(15);
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
    check_calls_to_nobody(echo);

    /* A partner that ends while we wait for its reply wakes us with E_DEAD. */
    child = spawn_partner("t_echo", "", 64, &echo);
    m = (msg_t){MSG_KILL, {0, 0, 0, 0}};
    r = ipc_call(echo, &m);
    tap_ok(r == E_DEAD, "a call whose partner ends before replying: %s", errstr(r));
    wait(child, 0, 0, 0);
    m = (msg_t){MSG_PING, {0, 0, 0, 0}};
    r = ipc_send(echo, &m);
    tap_ok(r == E_NOENT, "a send to the ended thread: %s", errstr(r));
    check_partner_states();
    return tap_done();
}
