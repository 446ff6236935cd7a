/*
 * clock (second chance): the hand walks the resident pages in mapping
 * order; a page accessed since the hand last passed gets its accessed bit
 * cleared and is skipped once; the first page not accessed is the victim.
 * After one full turn every bit is clear, so two turns always find one.
 */
#include "policy.h"

static int clock_victim(struct resident *res, accessed_fn accessed, void *ctx)
{
    if (res->count == 0)
        return -1;
    for (uint32_t step = 0; step < 2 * res->count + 1; step++) {
        if (res->hand >= res->count)
            res->hand = 0;
        if (!accessed(ctx, res->va[res->hand]))
            return (int)res->hand;
        res->hand++;
    }
    return (int)(res->hand % res->count);
}

const struct repl_policy policy_clock = {"clock", clock_victim};
