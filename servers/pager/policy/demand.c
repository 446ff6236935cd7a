/* demand: a zero-filled (or file-filled) page on first touch, one per fault. The default. */
#include "policy.h"

/* No fault_pages: the faulting page alone. */
const struct map_policy policy_demand = {"demand", 0, false};
