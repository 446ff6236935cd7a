/*
 * memstat: the pager's counters per process and in total, each process's
 * container quota and usage (frames), and the swap store.
 */
#include "ulib.h"
#include "proto/pager.h"

static int pager_ask(uint32_t label, uint32_t a, uint32_t b, msg_t *m)
{
    *m = (msg_t){label, {a, b, 0, 0}};
    int r = ipc_call(TID_PAGER, m);
    return r < 0 ? r : m->label == MSG_OK ? 0 : (int)m->w[0];
}

static void print_counters(uint32_t task)
{
    msg_t a, b;
    if (pager_ask(PAGER_STATS, task, 0, &a) < 0 || pager_ask(PAGER_STATS, task, 1, &b) < 0)
        return;
    printf(" %7u %7u %5u/%-5u %6u %6u %6u %6u\n", a.w[0], a.w[1], a.w[3], b.w[0], a.w[2], b.w[1],
           b.w[2], b.w[3]);
}

int main(const char *args)
{
    (void)args;
    printf("%-4s %-10s %4s %6s %6s %5s %7s %7s %11s %6s %6s %6s %6s\n", "task", "name", "cont",
           "quota", "usage", "res", "faults", "mapped", "pref u/w", "pref", "evict", "swpout",
           "swpin");
    struct ps_entry e;
    for (uint32_t slot = 0; ps_next(&slot, &e) > 0;) {
        printf("%-4u %-10s %4u %6u %6u %5u", e.task, e.name, e.container, e.quota, e.usage,
               e.resident);
        print_counters(e.task);
    }
    printf("%-4s %-10s %4s %6s %6s %5s", "", "total", "", "", "", "");
    print_counters(0);
    msg_t s;
    if (pager_ask(PAGER_STATS, TID_KERNEL, 0, &s) == 0)
        printf("swap: %u of %u slots in use, %u pages written, %u read\n", s.w[1], s.w[0], s.w[2],
               s.w[3]);
    else
        printf("swap: none\n");
    return 0;
}
