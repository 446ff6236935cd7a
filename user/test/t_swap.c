/*
 * Replacement and swap: a child writes a pattern over four times its
 * container's quota and reads every byte back, so pages must go out to the
 * swap disk and come back. Run as "t_swap" (one child), "t_swap switch
 * POLICY" (the child switches the pager policy half way), or
 * "t_swap within" (a run that fits the quota, for policies without
 * replacement, then one that does not and must end with "out of memory
 * quota"), or "t_swap full" (booted with a small swap disk: the child must
 * end with "swap store full").
 */
#include "fmt.h"
#include "tap.h"
#include "ulib.h"

#define CHILD_QUOTA 48

static uint8_t pattern(uint32_t page, uint32_t off)
{
    return (uint8_t)(page * 31 + off * 7 + (off >> 8));
}

/* Write then check npages of heap; switch to policy half way through if given. */
static int work(uint32_t npages, const char *policy)
{
    uint8_t *p = sbrk((intptr_t)(npages * PAGE_SIZE));
    if (p == (uint8_t *)-1)
        return 10;
    for (uint32_t i = 0; i < npages; i++) {
        if (policy[0] && i == npages / 2 && policy_set(policy) < 0)
            return 11;
        for (uint32_t off = 0; off < PAGE_SIZE; off += 4)
            *(uint32_t *)(p + i * PAGE_SIZE + off) =
                pattern(i, off) | (uint32_t)pattern(i, off + 1) << 8 | i << 16;
    }
    uint32_t bad = 0;
    for (uint32_t i = 0; i < npages; i++)
        for (uint32_t off = 0; off < PAGE_SIZE; off += 4)
            bad += *(uint32_t *)(p + i * PAGE_SIZE + off) !=
                   (pattern(i, off) | (uint32_t)pattern(i, off + 1) << 8 | i << 16);
    printf("# t_swap: %u pages written and read back, %u words wrong\n", npages, bad);
    return bad ? 12 : 0;
}

static int swap_used(void)
{
    struct swap_info si;
    int r = swap_info(&si);
    return r < 0 ? r : (int)si.used;
}

/* The pager's total of swap-outs and swap-ins. */
static void swap_traffic(uint32_t *out, uint32_t *in)
{
    struct pager_stats s = {0};
    pager_stats(0, &s);
    *out = s.swap_outs;
    *in = s.swap_ins;
}

static int run_child(const char *args, uint32_t *reason)
{
    int task = spawn("t_swap", args, CHILD_QUOTA);
    int status = -1;
    *reason = 0;
    wait(task, &status, reason, 0);
    return status;
}

int main(const char *args)
{
    char word[16], policy[32];
    const char *rest = first_arg(args, word, sizeof(word));
    next_word(rest, policy, sizeof(policy));
    if (!strcmp(word, "work"))
        return work((uint32_t)strtol_simple(policy, 0), "");
    if (!strcmp(word, "workswitch"))
        return work(4 * CHILD_QUOTA, policy);
    uint32_t reason;
    char arg[48];
    if (!strcmp(word, "within")) {
        tap_plan(3);
        snformat(arg, sizeof(arg), "work %u", CHILD_QUOTA / 2);
        tap_ok(run_child(arg, &reason) == 0 && reason == 0,
               "a run within the quota keeps every byte");
        snformat(arg, sizeof(arg), "work %u", 4 * CHILD_QUOTA);
        run_child(arg, &reason);
        tap_ok(reason == REASON_QUOTA, "four times the quota without replacement: %s",
               reason_str(reason));
        tap_ok(quota_check() == -1, "the quota books balance");
        return tap_done();
    }
    if (!strcmp(word, "full")) {
        tap_plan(3);
        int used = swap_used();
        snformat(arg, sizeof(arg), "work %u", 4 * CHILD_QUOTA);
        run_child(arg, &reason);
        tap_ok(reason == REASON_SWAP, "more pages than the swap disk holds: %s",
               reason_str(reason));
        tap_ok(swap_used() == used, "the swap slots are free again (%d in use)", swap_used());
        tap_ok(quota_check() == -1, "the quota books balance");
        return tap_done();
    }
    tap_plan(5);
    int before = swap_used();
    uint32_t out0, in0, out1, in1;
    swap_traffic(&out0, &in0);
    tap_ok(before >= 0, "a swap store is there (%d slots in use)", before);
    if (!strcmp(word, "switch"))
        snformat(arg, sizeof(arg), "workswitch %s", policy);
    else
        snformat(arg, sizeof(arg), "work %u", 4 * CHILD_QUOTA);
    int status = run_child(arg, &reason);
    tap_ok(status == 0 && reason == 0, "%s: every byte of %u pages read back (status %d, %s)", arg,
           4 * CHILD_QUOTA, status, reason_str(reason));
    swap_traffic(&out1, &in1);
    tap_ok(out1 - out0 >= 3 * CHILD_QUOTA && in1 - in0 > 0,
           "pages went to the swap disk and came back: %u out, %u in", out1 - out0, in1 - in0);
    tap_ok(swap_used() == before, "the swap slots are free again (%d in use)", swap_used());
    tap_ok(quota_check() == -1, "the quota books balance");
    return tap_done();
}
