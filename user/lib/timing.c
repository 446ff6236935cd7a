/*
 * What make bench (user/bench.c) and make bench-scale (user/bscale.c) both
 * time, in instructions under qemu -icount (tsc counts them): first touches
 * of new heap pages, and IPC round trips with a partner task.
 */
#include "ulib.h"

uint64_t time_faults(uint32_t pages)
{
    volatile char *p = sbrk((intptr_t)pages * PAGE_SIZE);
    if (p == (volatile char *)-1)
        return 0;
    uint64_t t0 = tsc();
    for (uint32_t i = 0; i < pages; i++)
        p[i * PAGE_SIZE] = 1;
    uint64_t t = tsc() - t0;
    sbrk(-(intptr_t)pages * PAGE_SIZE);
    return t;
}

int ping_serve(uint32_t parent)
{
    msg_t m = {MSG_PING, {0, 0, 0, 0}};
    uint32_t sender;
    ipc_send(parent, &m);
    int r = ipc_recv(TID_ANY, &m, &sender);
    while (r == 0 && m.label == MSG_PING)
        r = ipc_reply_recv(sender, &m, &sender);
    return 0;
}

uint64_t time_round_trips(const char *program, uint32_t quota, uint32_t rounds)
{
    uint32_t server = 0;
    int task = spawn_partner(program, "echo", quota, &server);
    if (task < 0)
        return 0;
    msg_t m = {MSG_PING, {0, 0, 0, 0}};
    ipc_call(server, &m); /* warm up: both sides' pages are in */
    uint64_t t0 = tsc();
    for (uint32_t i = 0; i < rounds; i++) {
        m.label = MSG_PING;
        ipc_call(server, &m);
    }
    uint64_t t = tsc() - t0;
    m = (msg_t){MSG_OK, {0, 0, 0, 0}};
    ipc_send(server, &m);
    wait(task, 0, 0, 0);
    return t;
}
