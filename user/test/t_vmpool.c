/*
 * VM pools (the seed's allocate/release): anonymous regions of whole pages,
 * mapped on first touch, whose frames go back on release; an access after
 * release ends the task. The page tables they need are charged too, and
 * stay until the task ends.
 */
#include "tap.h"
#include "ulib.h"

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
    tap_plan(7);
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
    return tap_done();
}
