/* fifo: evict the page that was mapped first. */
#include "policy.h"

static struct pm_entry *fifo_victim(struct resident *res, accessed_fn accessed, void *ctx)
{
    (void)accessed, (void)ctx;
    return resident_oldest(res);
}

const struct repl_policy policy_fifo = {"fifo", fifo_victim};
