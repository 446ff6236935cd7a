/*
 * bpolicy: the workloads of make bench-policies. As "bpolicy" it runs every
 * workload under every policy the pager knows (prefetch:N as prefetch:4)
 * and under prefetch:4+clock, each in a child with a quota of QUOTA
 * frames, and prints one line per run: faults, swap traffic, prefetched
 * pages and guest instructions (the TSC under qemu -icount). As
 * "bpolicy WORKLOAD" it is that child; it first prints the frames its heap
 * has (the quota less what it holds already), which test/bench_policies.py
 * gives OPT and LRU. The page order of each workload is mirrored there.
 *   seq       write 4 x QUOTA pages in order, then read them in order
 *   random    4000 writes to random pages of 4 x QUOTA pages
 *   loop-fit  8 passes over QUOTA / 2 pages (fits the quota)
 *   loop-big  4 passes over 2 x QUOTA pages (does not)
 */
#include "fmt.h"
#include "ulib.h"

#define QUOTA 64

static const char *const workloads[] = {"seq", "random", "loop-fit", "loop-big"};

static void passes(volatile uint8_t *p, uint32_t pages, uint32_t rounds)
{
    for (uint32_t r = 0; r < rounds; r++)
        for (uint32_t i = 0; i < pages; i++)
            p[i * PAGE_SIZE + (r & 0xFF)] += (uint8_t)r;
}

static int workload(const char *name)
{
    uint32_t pages = !strcmp(name, "loop-fit")   ? QUOTA / 2
                     : !strcmp(name, "loop-big") ? 2 * QUOTA
                                                 : 4 * QUOTA;
    struct quota_info qi;
    if (quota_self(&qi) == 0)
        printf("bpolicy: %s heap-frames=%u\n", name, qi.quota - qi.usage);
    volatile uint8_t *p = sbrk((intptr_t)(pages * PAGE_SIZE));
    if (p == (volatile uint8_t *)-1)
        return 1;
    if (!strcmp(name, "seq")) {
        passes(p, pages, 1);
        uint32_t sum = 0;
        for (uint32_t i = 0; i < pages; i++)
            sum += p[i * PAGE_SIZE];
        return sum == 0 ? 0 : 2;
    }
    if (!strcmp(name, "random")) {
        uint32_t seed = 7;
        for (int i = 0; i < 4000; i++) {
            seed = seed * 1103515245 + 12345;
            p[((seed >> 8) % pages) * PAGE_SIZE] = (uint8_t)i;
        }
        return 0;
    }
    passes(p, pages, !strcmp(name, "loop-fit") ? 8 : 4);
    return 0;
}

static void run(const char *policy, const char *work)
{
    struct pager_stats a = {0}, b = {0};
    int status = -1;
    uint32_t reason = 0;
    pager_stats(0, &a);
    uint64_t t0 = tsc();
    int task = spawn("bpolicy", work, QUOTA);
    wait(task, &status, &reason, 0);
    uint64_t t = tsc() - t0;
    pager_stats(0, &b);
    printf("bpolicy: %-16s %-8s faults=%u swapout=%u swapin=%u prefetched=%u instr=%llu %s\n",
           policy, work, b.faults - a.faults, b.swap_outs - a.swap_outs, b.swap_ins - a.swap_ins,
           b.prefetched - a.prefetched, t,
           reason        ? "killed"
           : status == 0 ? "ok"
                         : "failed");
}

/* Every workload under one policy; a prefetch:N is run as prefetch:4. */
static void run_policy(const char *known)
{
    char name[40];
    int n = (int)strlen(known);
    int takes_n = n >= 2 && !strcmp(known + n - 2, ":N");
    snformat(name, sizeof(name), takes_n ? "%.*s:4" : "%.*s", takes_n ? n - 2 : n, known);
    int r = policy_set(name);
    if (r < 0) {
        printf("bpolicy: cannot set policy %s: %s\n", name, errtext(r));
        return;
    }
    for (uint32_t j = 0; j < sizeof(workloads) / sizeof(workloads[0]); j++)
        run(name, workloads[j]);
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (word[0])
        return workload(word);
    char *known;
    for (uint32_t i = 1; policy_get(i, &known) >= 0; i++) {
        run_policy(known);
        free(known);
    }
    run_policy("prefetch:4+clock");
    printf("bpolicy: done\n");
    return 0;
}
