/*
 * The pager's way out (struct pager_ops, pager.h) in the running pager:
 * frames from the quota server (quota_client.c), page tables in the kernel
 * (system calls), the swap server (swap_client.c), and the window: a frame
 * mapped at WINDOW_VA in the pager's own space for the length of one copy
 * (a page copy maps the second at the page after it).
 * test/unit/test_fault.c defines its own, with fakes.
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

/* Copy frame src into frame dst: src at the window, dst at the page after it. */
static int window_copy(uint32_t dst, uint32_t src)
{
    int r = sys_map(0, WINDOW_VA, src, PERM_R);
    if (r < 0)
        return r;
    r = sys_map(0, WINDOW_VA + PAGE_SIZE, dst, PERM_R | PERM_W);
    if (r == 0) {
        memcpy((uint8_t *)WINDOW_VA + PAGE_SIZE, (const uint8_t *)WINDOW_VA, PAGE_SIZE);
        sys_unmap(0, WINDOW_VA + PAGE_SIZE);
    }
    sys_unmap(0, WINDOW_VA);
    return r;
}

const struct pager_ops pager_ops = {
    .frame_alloc = quota_alloc,
    .frame_free = quota_free,
    .map = sys_map,
    .table_add = sys_table_add,
    .unmap = sys_unmap,
    .protect = sys_protect,
    .query = sys_query,
    .swap_alloc = swap_alloc,
    .swap_free = swap_free,
    .swap_out = swap_out,
    .swap_in = swap_in,
    .frame_write = window_write,
    .frame_read = window_read,
    .frame_copy = window_copy,
    .mem_alloc = heap_calloc,
    .mem_free = heap_free,
};
