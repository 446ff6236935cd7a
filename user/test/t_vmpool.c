/*
 * VM pools (the seed's allocate/release): anonymous regions of whole pages,
 * mapped on first touch, whose frames go back on release; an access after
 * release ends the task. The page tables they need are charged too, and
 * stay until the task ends.
 */
#include "tap.h"
#include "ulib.h"

#define MANY 1000 /* one-page pools held at once (make bench-scale goes to 10,000) */

/* MANY one-page pools at once, each with its own page; all of them given back. */
static void many_pools(void)
{
    static uint32_t addr[MANY];
    int before = quota_usage(), made = 0, kept = 0;
    while (made < MANY && vmpool_alloc(1, &addr[made]) == 0) {
        *(volatile uint32_t *)addr[made] = addr[made];
        made++;
    }
    int usage = quota_usage(), tables = usage - before - made;
    tap_ok(made == MANY && tables >= 0 && tables <= MANY / 1024 + 2,
           "%d one-page pools of %d, touched: %d frames and %d page tables", made, MANY,
           usage - before - tables, tables);
    for (int i = 0; i < made; i++)
        kept += *(volatile uint32_t *)addr[i] == addr[i];
    tap_ok(kept == made, "each pool kept its own page (%d of %d)", kept, made);
    int released = 0;
    for (int i = 0; i < made; i++)
        released += vmpool_release(addr[i]) == 0;
    usage = quota_usage();
    tap_ok(released == made && usage == before + tables,
           "all %d released: usage %d, was %d and the page tables", released, usage, before);
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (!strcmp(word, "stale")) {
        uint32_t a;
        vmpool_alloc(2, &a);
        *(volatile int *)a = 1;
        vmpool_release(a);
        return *(volatile int *)a;
    }
    tap_plan(10);
    int before = quota_usage();
    uint32_t a = 0, b = 0;
    int r = vmpool_alloc(8, &a);
    tap_ok(r == 0 && a >= ANON_BASE && a + 8 * PAGE_SIZE <= ANON_LIMIT, "8 pages at %08x", a);
    r = vmpool_alloc(4, &b);
    tap_ok(r == 0 && (b >= a + 8 * PAGE_SIZE || b + 4 * PAGE_SIZE <= a), "4 more at %08x, apart",
           b);
    for (int i = 0; i < 8; i++)
        ((volatile char *)a)[i * PAGE_SIZE] = (char)i;
    int tables = (int)(((a + 8 * PAGE_SIZE - 1) >> 22) - (a >> 22) + 1), usage = quota_usage();
    tap_ok(usage == before + 8 + tables,
           "8 touched pages cost 8 frames and %d page table (usage %d, was %d)", tables, usage,
           before);
    r = vmpool_release(a);
    usage = quota_usage();
    tap_ok(r == 0 && usage == before + tables,
           "release gives the pages back, the page table stays (usage %d)", usage);
    tap_ok(vmpool_release(a) == E_NOENT, "a second release: E_NOENT");
    tap_ok(vmpool_release(b) == 0, "release of the untouched pool");
    int task = spawn("t_vmpool", "stale", 32);
    uint32_t reason = 0;
    wait(task, 0, &reason, 0);
    tap_ok(reason == REASON_SEGV, "touching a released pool ends the task: %s", reason_str(reason));
    many_pools();
    return tap_done();
}
