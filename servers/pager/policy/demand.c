/* demand: a zero-filled (or file-filled) page on first touch, one per fault. The default. */
#include "policy.h"

static uint32_t demand_fault_pages(uint32_t page, uint32_t region_end, uint32_t quota_free,
                                   uint32_t arg)
{
    (void)page, (void)region_end, (void)quota_free, (void)arg;
    return 1;
}

const struct map_policy policy_demand = {"demand", demand_fault_pages, false};
