/*
 * The pager's side of the swap protocol (proto/swap.h, docs/swap.md). A frame
 * travels to or from the disk by being mapped at SWAP_BUF in the swap
 * server's address space for the length of one request.
 */
#include "pager.h"
#include "ipc.h"

uint32_t swap_tid;
static uint32_t swap_task;

static int swap_call(uint32_t label, uint32_t a, uint32_t b, uint32_t *val)
{
    if (!swap_tid)
        return E_NOSPC; /* no swap server: no store to put a page in */
    msg_t m = {label, {a, b, 0, 0}};
    int r = ipc_call(swap_tid, &m);
    if (r < 0)
        return r; /* E_DEAD: the swap server ended during the call */
    if (m.label != MSG_OK)
        return (int)m.w[0];
    if (val)
        *val = m.w[0];
    return 0;
}

int swap_alloc(void)
{
    uint32_t slot = 0;
    int r = swap_call(SWAP_ALLOC, 0, 0, &slot);
    return r < 0 ? r : (int)slot;
}

int swap_free(uint32_t slot)
{
    return swap_call(SWAP_FREE, slot, 0, 0);
}

/* One page between frame and slot, with the frame lent to the swap server meanwhile. */
static int swap_move(uint32_t label, uint32_t slot, uint32_t frame, uint32_t va)
{
    if (!swap_task)
        swap_task = (uint32_t)sys_kinfo(KINFO_THREAD_TASK, swap_tid);
    int r = sys_map(swap_task, SWAP_BUF, frame, PERM_R | PERM_W);
    if (r < 0)
        return r;
    r = swap_call(label, slot, va, 0);
    sys_unmap(swap_task, SWAP_BUF);
    return r;
}

int swap_out(uint32_t slot, uint32_t frame, uint32_t va)
{
    return swap_move(SWAP_OUT, slot, frame, va);
}

int swap_in(uint32_t slot, uint32_t frame, uint32_t va)
{
    return swap_move(SWAP_IN, slot, frame, va);
}
