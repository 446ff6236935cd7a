/* fifo: evict the page that was mapped first. */
#include "policy.h"

static int fifo_victim(struct resident *res, accessed_fn accessed, void *ctx)
{
    (void)accessed, (void)ctx;
    return res->count ? (int)resident_oldest(res) : -1;
}

const struct repl_policy policy_fifo = {"fifo", fifo_victim};
