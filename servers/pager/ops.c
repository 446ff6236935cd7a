/*
 * The fault engine's way out (struct pager_ops, pager.h) in the running
 * pager: frames from the quota server (quota_client.c), page tables in the
 * kernel (system calls), the swap server (swap_client.c) and the pager's
 * window (taskmem.c). test/unit/test_fault.c defines its own, with fakes.
 */
#include "pager.h"
#include "ipc.h"

const struct pager_ops pager_ops = {
    .frame_alloc = quota_alloc,
    .frame_free = quota_free,
    .map = sys_map,
    .unmap = sys_unmap,
    .query = sys_query,
    .swap_alloc = swap_alloc,
    .swap_free = swap_free,
    .swap_out = swap_out,
    .swap_in = swap_in,
    .frame_write = window_write,
};
