/* eager: every page of a region is mapped when the region is created or grown. */
#include "policy.h"

static uint32_t eager_fault_pages(uint32_t page, uint32_t region_end, uint32_t quota_free,
                                  uint32_t arg)
{
    (void)page, (void)region_end, (void)quota_free, (void)arg;
    return 1; /* a fault still happens after eviction, or when the quota ran out */
}

const struct map_policy policy_eager = {"eager", eager_fault_pages, true};
