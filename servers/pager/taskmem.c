/*
 * Another task's memory, as the pager reads and writes it: a frame is
 * mapped at WINDOW_VA in the pager's own space for the length of one copy.
 * proc_read faults pages in (as reads) when they are not resident, so a
 * request's arguments may live anywhere the task may read.
 */
#include "pager.h"
#include "ipc.h"
#include "str.h"

/* Copy len bytes into frame at offset off, through the pager's window. */
int window_write(uint32_t frame, uint32_t off, const void *src, uint32_t len)
{
    int r = sys_map(0, WINDOW_VA, frame, PERM_R | PERM_W);
    if (r < 0)
        return r;
    memcpy((uint8_t *)WINDOW_VA + off, src, len);
    sys_unmap(0, WINDOW_VA);
    return 0;
}

static int window_read(uint32_t frame, uint32_t off, void *dst, uint32_t len)
{
    int r = sys_map(0, WINDOW_VA, frame, PERM_R);
    if (r < 0)
        return r;
    memcpy(dst, (const uint8_t *)WINDOW_VA + off, len);
    sys_unmap(0, WINDOW_VA);
    return 0;
}

/* The frame behind va in p, faulting it in (as a read) when not resident; 0 if none. */
static uint32_t proc_frame(struct proc *p, uint32_t va)
{
    uint32_t page = va & ~(PAGE_SIZE - 1);
    uint32_t frame = pagemap_get(&p->pm, page);
    uint32_t reason;
    if ((frame == 0 || (frame & SWAPPED)) && fault_handle(p, page, PF_USER, &reason) == 0)
        frame = pagemap_get(&p->pm, page);
    return frame & SWAPPED ? 0 : frame;
}

int proc_read(struct proc *p, uint32_t va, void *buf, uint32_t len)
{
    uint8_t *dst = buf;
    while (len) {
        uint32_t off = va & (PAGE_SIZE - 1);
        uint32_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
        uint32_t frame = va < USER_TOP ? proc_frame(p, va) : 0;
        if (frame == 0 || window_read(frame, off, dst, n) < 0)
            return E_FAULT;
        va += n, dst += n, len -= n;
    }
    return 0;
}

/* Read a NUL-terminated string of at most size-1 bytes; E_RANGE if longer. */
int proc_read_str(struct proc *p, uint32_t va, char *buf, uint32_t size)
{
    for (uint32_t i = 0; i < size; i++) {
        int r = proc_read(p, va + i, &buf[i], 1);
        if (r < 0)
            return r;
        if (buf[i] == 0)
            return 0;
    }
    return E_RANGE;
}

/* Fill the page holding va (allocated here if needed) with len bytes at va. */
int proc_write_page(struct proc *p, uint32_t va, const void *src, uint32_t len)
{
    uint32_t page = va & ~(PAGE_SIZE - 1);
    uint32_t frame = pagemap_get(&p->pm, page);
    if (frame == 0) {
        frame = alloc_page(proc_index(p), page, PERM_R | PERM_W);
        if (frame == MagicNumber)
            return E_QUOTA;
    }
    return window_write(frame, va - page, src, len);
}
