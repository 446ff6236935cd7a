/*
 * clock (second chance): the hand walks the resident pages in mapping
 * order; a page accessed since the hand last passed gets its accessed bit
 * cleared and is skipped once; the first page not accessed is the victim.
 * After one full turn every bit is clear, so two turns always find one.
 */
#include "policy.h"

static struct pm_entry *clock_victim(struct resident *res, accessed_fn accessed, void *ctx)
{
    if (res->count == 0)
        return 0;
    if (!res->hand)
        res->hand = resident_oldest(res);
    for (uint32_t step = 0; step < 2 * res->count + 1; step++) {
        if (!accessed(ctx, resident_va(res->hand)))
            return res->hand;
        res->hand = resident_after(res, res->hand);
    }
    return res->hand;
}

const struct repl_policy policy_clock = {"clock", clock_victim};
