/*
 * t_bigmem: a program can use the machine. Started at the shell with the
 * default quota, it touches pages until it holds 90% of the user frames
 * nobody else held when it began (the kernel's free pool and its own), then
 * gives them back. With a smaller quota (quota=SIZE) it ends out of quota.
 */
#include "tap.h"
#include "ulib.h"

int main(const char *args)
{
    (void)args;
    struct quota_info qi;
    int r = quota_self(&qi);
    uint32_t mine = r < 0 ? 0 : qi.usage, machine = (uint32_t)sys_kinfo(KINFO_FRAMES_FREE, 0);
    uint32_t want = (uint64_t)(machine + mine) * 9 / 10;
    printf("# quota %u frames; %u free in the machine, %u mine\n", qi.quota, machine, mine);
    tap_plan(2);
    uint32_t pages = want > mine ? want - mine : 0;
    char *heap = sbrk((intptr_t)pages * PAGE_SIZE);
    if (heap == (char *)-1) {
        tap_ok(0, "sbrk of %u pages: %s", pages, errtext(sbrk_error));
        return tap_done();
    }
    for (uint32_t i = 0; i < pages; i++)
        heap[i * PAGE_SIZE] = 1;
    int held = quota_usage();
    tap_ok(held >= (int)want, "holds %d frames, 90%% of the %u nobody else held is %u", held,
           machine + mine, want);
    sbrk(-(intptr_t)pages * PAGE_SIZE);
    uint32_t tables = pages / 1024 + 2; /* page tables stay until the task ends */
    tap_ok(quota_usage() <= (int)(mine + tables), "gave them back: usage %d, %u before",
           quota_usage(), mine);
    return tap_done();
}
