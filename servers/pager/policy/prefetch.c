/*
 * prefetch:N: on a fault, also map up to N following pages of the same
 * region, as far as the region goes and the quota allows.
 */
#include "policy.h"
#include "abi/syscall.h"

static uint32_t prefetch_fault_pages(uint32_t page, uint32_t region_end, uint32_t quota_free,
                                     uint32_t n)
{
    uint32_t room = (region_end - page) / PAGE_SIZE; /* pages from page to the region's end */
    if (n > quota_free)
        n = quota_free;
    return 1 + n < room ? 1 + n : room;
}

const struct map_policy policy_prefetch = {"prefetch", prefetch_fault_pages, false};
