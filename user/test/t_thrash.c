/*
 * Replacement never livelocks (issue 11 item 2). Under clock or fifo, a child with
 * a one-page quota (beyond the frames its space and kernel objects are built
 * of: its directory, task and thread, and the page tables of its code and
 * its stack) cannot hold the two heap
 * pages one instruction writes (a word across their boundary; its code
 * costs no frame, being the initrd's): each fault evicts the page the same
 * instruction needs next. The pager sees the instruction fault again and
 * again on the same two pages and ends the child with "memory quota too
 * small for one instruction"; the parent's wait returns. A child with a
 * small quota that still holds what
 * one instruction needs runs through pages four times its quota and ends
 * normally.
 */
#include "tap.h"
#include "ulib.h"

#define PAGES 24 /* heap pages the worker writes and checks, round after round */
#define SPACE                                                                                      \
    5 /* a child's page directory, task, thread, and the page tables of its code and stack */
#define QUOTA (SPACE + 6) /* frames of the worker: code, data and stack fit, the heap does not */

/* Write every heap page, then check each twice: evictions and swap-ins on the way. */
static int worker(void)
{
    char *heap = sbrk(PAGES * PAGE_SIZE);
    if (heap == (char *)-1)
        return 1;
    for (uint32_t i = 0; i < PAGES; i++)
        heap[i * PAGE_SIZE] = (char)(i + 1);
    for (int round = 0; round < 2; round++)
        for (uint32_t i = 0; i < PAGES; i++)
            if (heap[i * PAGE_SIZE] != (char)(i + 1))
                return 2;
    return 0;
}

/* One instruction writes a word across two heap pages: it needs both at once. */
static int straddle(void)
{
    char *heap = sbrk(2 * PAGE_SIZE);
    if (heap == (char *)-1)
        return 1;
    *(volatile uint32_t *)(heap + PAGE_SIZE - 2) = 0x01020304u;
    return 0;
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (!strcmp(word, "worker"))
        return worker();
    if (!strcmp(word, "straddle"))
        return straddle();
    tap_plan(2 + 2 * 2);
    char *before;
    int r = policy_get(0, &before);
    tap_ok(r >= 0, "the policy in force is %s", r >= 0 ? before : errstr(r));
    static const char *const policies[] = {"clock", "fifo"};
    for (int i = 0; i < 2; i++) {
        struct child_end end;
        r = policy_set(policies[i]);
        child_run("t_thrash", "straddle", SPACE + 1, &end);
        tap_ok(r == 0 && child_ended_clean(&end, REASON_NO_PROGRESS),
               "%s, a one-page quota: the child ended: %s", policies[i], reason_str(end.reason));
        child_run("t_thrash", "worker", QUOTA, &end);
        tap_ok(child_ended_clean(&end, REASON_NONE),
               "%s, a %d-frame quota through %d heap pages: %s, status %d", policies[i], QUOTA,
               PAGES, reason_str(end.reason), end.status);
    }
    r = policy_set(before);
    tap_ok(r == 0 && quota_check() == -1, "policy %s again, and the books balance", before);
    return tap_done();
}
