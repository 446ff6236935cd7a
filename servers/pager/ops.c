/*
 * The pager's way out (struct pager_ops, pager.h) in the running pager:
 * frames from the quota server (quota_client.c), page tables in the kernel
 * (system calls), the swap server (swap_client.c), and the window: a frame
 * mapped at WINDOW_VA in the pager's own space for the length of one copy
 * (a whole page is copied frame to frame by the kernel: SYS_FRAME_COPY).
 * test/unit/test_fault.c defines its own, with fakes.
 *
 * Map in the reply: while a task's FAULT is resolved, the map of the
 * faulting page itself is not a system call but is kept here and carried
 * by the answer, MSG_MAP{vaddr, frame, perm} (main.c do_fault), which the
 * kernel maps as it resumes the thread: one kernel entry less per fault.
 * Every other map (prefetched pages, the pager's own accesses) is made at once.
 */
#include "pager.h"
#include "ipc.h"
#include "str.h"
#include "ulib.h"

/* Copy len bytes into frame at offset off, through the pager's window. */
static int window_write(uint32_t frame, uint32_t off, const void *src, uint32_t len)
{
    int r = sys_map(0, WINDOW_VA, frame, PERM_R | PERM_W);
    if (r < 0)
        return r;
    memcpy((uint8_t *)WINDOW_VA + off, src, len);
    sys_unmap(0, WINDOW_VA);
    return 0;
}

/* Copy len bytes out of frame at offset off, through the pager's window. */
static int window_read(uint32_t frame, uint32_t off, void *dst, uint32_t len)
{
    int r = sys_map(0, WINDOW_VA, frame, PERM_R);
    if (r < 0)
        return r;
    memcpy(dst, (const uint8_t *)WINDOW_VA + off, len);
    sys_unmap(0, WINDOW_VA);
    return 0;
}

/* Zeroed memory for the pager's own tables, from its heap (heap.c). */
static void *heap_calloc(uint32_t bytes)
{
    return calloc(1, bytes);
}

static void heap_free(void *mem, uint32_t bytes)
{
    (void)bytes;
    free(mem);
}

struct reply_map reply_map;

static int is_reply_map(uint32_t task, uint32_t va)
{
    return reply_map.armed && reply_map.task == task && reply_map.va == va;
}

static int map_or_keep(uint32_t task, uint32_t va, uint32_t frame, uint32_t perm)
{
    if (!is_reply_map(task, va))
        return sys_map(task, va, frame, perm);
    reply_map.frame = frame;
    reply_map.perm = perm;
    reply_map.made = 1;
    return 0;
}

/* Unmapping the kept map (the fault engine undoing a step) drops it; it returns the frame. */
static int unmap_or_drop(uint32_t task, uint32_t va)
{
    if (!is_reply_map(task, va) || !reply_map.made)
        return sys_unmap(task, va);
    reply_map.made = 0;
    return (int)reply_map.frame;
}

const struct pager_ops pager_ops = {
    .frame_alloc = quota_alloc,
    .frame_free = quota_free,
    .map = map_or_keep,
    .table_add = sys_table_add,
    .kmem_add = sys_kmem_add,
    .unmap = unmap_or_drop,
    .protect = sys_protect,
    .query = sys_query,
    .swap_alloc = swap_alloc,
    .swap_free = swap_free,
    .swap_out = swap_out,
    .swap_in = swap_in,
    .frame_write = window_write,
    .frame_read = window_read,
    .frame_copy = sys_frame_copy,
    .mem_alloc = heap_calloc,
    .mem_free = heap_free,
};
