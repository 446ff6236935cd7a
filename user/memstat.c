/*
 * memstat: the pager's counters per process and in total, each process's
 * container quota and usage (frames), its pages by kind (its own, shared
 * with other processes, copy-on-write among those, the initrd's), the pager's own
 * memory, and the swap store.
 */
#include "ulib.h"

static void print_counters(uint32_t task)
{
    struct pager_stats s;
    if (pager_stats(task, &s) < 0)
        return;
    printf(" %7u %7u %5u/%-5u %6u %6u %6u %6u\n", s.faults, s.mapped, s.prefetch_used,
           s.prefetch_wasted, s.prefetched, s.evictions, s.swap_outs, s.swap_ins);
}

int main(const char *args)
{
    (void)args;
    printf("%-4s %-10s %4s %6s %6s %5s %5s %5s %5s %6s %7s %7s %11s %6s %6s %6s %6s\n", "task",
           "name", "cont", "quota", "usage", "res", "priv", "shrd", "cow", "initrd", "faults",
           "mapped", "pref u/w", "pref", "evict", "swpout", "swpin");
    struct ps_entry e;
    for (uint32_t slot = 0; ps_next(&slot, &e) > 0;) {
        printf("%-4u %-10s %4u %6u %6u %5u %5u %5u %5u %6u", e.task, e.name, e.container, e.quota,
               e.usage, e.resident, e.private_pages, e.shared_pages, e.cow_pages, e.initrd_pages);
        print_counters(e.task);
    }
    printf("%-4s %-10s %4s %6s %6s %5s %5s %5s %5s %6s", "", "total", "", "", "", "", "", "", "",
           "");
    print_counters(0);
    struct pager_mem pm;
    if (pager_mem(&pm) == 0)
        printf("pager: %u processes, heap %u frames (%u KiB in use), from the root container\n",
               pm.processes, pm.heap_frames, pm.heap_in_use / 1024);
    struct swap_info si;
    if (swap_info(&si) == 0)
        printf("swap: %u of %u slots in use, %u pages written, %u read\n", si.used, si.slots,
               si.writes, si.reads);
    else
        printf("swap: none\n");
    return 0;
}
