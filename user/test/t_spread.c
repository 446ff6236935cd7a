/*
 * Page tables are charged to the container of the task they serve: a child
 * that touches one byte every 4 MiB, over more 4 MiB stretches than the
 * kernel's own pool has frames, pays a page and a page table for each touch
 * from its own quota, takes nothing from the kernel's pool, and cannot
 * starve another task; at its quota's end it ends with "out of memory
 * quota", and everything comes back when it ends.
 */
#include "fmt.h"
#include "tap.h"
#include "ulib.h"

#define SPAN    0x400000u /* what one page table maps */
#define SPARE   8         /* stretches beyond the kernel pool's free frames */
#define HOG_MAX 256u      /* the endless spreader's heap: 1 GiB, far more than its quota maps */

/* The first 4 MiB boundary at or above a heap of n more stretches (0 if sbrk fails). */
static volatile char *spread_heap(uint32_t n)
{
    char *p = sbrk((intptr_t)((n + 1) * SPAN));
    if (p == (char *)-1)
        return 0;
    return (volatile char *)(((uint32_t)p + SPAN - 1) & ~(SPAN - 1));
}

/* Touch n stretches, tell the parent what they cost (frames of the quota, of the kernel pool),
 * then wait to be ended. */
static int spread(uint32_t n, uint32_t parent)
{
    volatile char *q = spread_heap(n);
    if (!q)
        return 3;
    int before = quota_usage(), kfree = sys_kinfo(KINFO_KPOOL_FREE, 0);
    for (uint32_t i = 0; i < n; i++)
        q[i * SPAN] = 1;
    int kfree_after = sys_kinfo(KINFO_KPOOL_FREE, 0);
    msg_t m = {MSG_PING, {(uint32_t)(quota_usage() - before), (uint32_t)(kfree - kfree_after)}};
    ipc_send(parent, &m);
    return ipc_recv(TID_ANY, &m, 0);
}

/* Touch one byte every 4 MiB until the quota ends the task. */
static int spread_forever(void)
{
    volatile char *q = spread_heap(HOG_MAX);
    for (uint32_t i = 0; q && i < HOG_MAX; i++)
        q[i * SPAN] = 1;
    return 3;
}

/* Touch 64 heap pages across two stretches; 0 when all of them hold what was written. */
static int touch(void)
{
    volatile char *q = spread_heap(2);
    if (!q)
        return 3;
    int bad = 0;
    for (uint32_t i = 0; i < 64; i++)
        q[SPAN / 2 + i * PAGE_SIZE] = (char)i;
    for (uint32_t i = 0; i < 64; i++)
        bad += q[SPAN / 2 + i * PAGE_SIZE] != (char)i;
    return bad;
}

int main(const char *args)
{
    char word[16];
    const char *rest = first_arg(args, word, sizeof(word));
    if (!strcmp(word, "spread")) {
        const char *after;
        uint32_t n = (uint32_t)strtol_simple(rest, &after);
        return spread(n, (uint32_t)strtol_simple(after, 0));
    }
    if (!strcmp(word, "forever"))
        return spread_forever();
    if (!strcmp(word, "touch"))
        return touch();
    tap_plan(7);
    int kfree = sys_kinfo(KINFO_KPOOL_FREE, 0), usage = quota_usage();
    uint32_t n = (uint32_t)kfree + SPARE;
    char arg[48];
    snformat(arg, sizeof(arg), "spread %u %u", n, sys_getid());
    int hog = spawn("t_spread", arg, 2 * n + 64);
    msg_t m = {0, {0, 0, 0, 0}};
    int r = hog > 0 ? ipc_recv(TID_ANY, &m, 0) : hog;
    tap_ok(r == 0 && m.w[0] == 2 * n,
           "%u touches 4 MiB apart cost the child %u frames: %u pages "
           "and %u page tables",
           n, m.w[0], n, n);
    tap_ok(r == 0 && m.w[1] == 0, "the kernel pool gave none of them (%u frames; %d free before)",
           m.w[1], kfree);
    struct child_end end;
    child_run("t_spread", "touch", 128, &end);
    tap_ok(child_ended_clean(&end, REASON_NONE),
           "meanwhile another child maps its pages (status %d, %s)", end.status,
           reason_str(end.reason));
    uint32_t reason = 0;
    kill(hog);
    int waited = wait(hog, 0, &reason, 0);
    tap_ok(waited == hog && reason == REASON_KILLED, "the spreading child ends: %s",
           reason_str(reason));
    child_run("t_spread", "forever", 128, &end);
    tap_ok(child_ended_clean(&end, REASON_QUOTA),
           "a child spreading without end stops at its quota: %s at %08x", reason_str(end.reason),
           end.addr);
    int usage_now = quota_usage(), kfree_now = sys_kinfo(KINFO_KPOOL_FREE, 0);
    tap_ok(usage_now == usage && kfree_now == kfree,
           "usage %d (before %d), kernel pool %d frames free (before %d)", usage_now, usage,
           kfree_now, kfree);
    tap_ok(quota_check() == -1, "the quota books balance");
    return tap_done();
}
