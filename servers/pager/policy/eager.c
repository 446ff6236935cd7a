/* eager: every page of a region is mapped when the region is created or grown. */
#include "policy.h"

/*
 * No fault_pages: the faulting page alone (a fault still happens after
 * eviction, or when the quota ran out).
 */
const struct map_policy policy_eager = {"eager", 0, true};
