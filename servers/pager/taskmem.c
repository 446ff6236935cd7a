/*
 * Another task's memory, as the pager reads and writes it, one frame at a
 * time through the window (pager_ops.frame_read and frame_write). proc_read
 * faults pages in (as reads) when they are not resident, so a request's
 * arguments may live anywhere the task may read.
 */
#include "pager.h"
#include "str.h"

/* The frame behind va in p in *frame, faulting it in (as a read) when not resident. */
static int proc_frame(struct proc *p, uint32_t va, uint32_t *frame)
{
    uint32_t page = va & ~(PAGE_SIZE - 1), reason;
    *frame = pagemap_get(&p->pm, page);
    if (*frame && !(*frame & SWAPPED))
        return 0;
    int r = fault_handle(p, page, PF_USER, &reason);
    *frame = pagemap_get(&p->pm, page);
    return r;
}

/* Copy len bytes at va in p into buf: 0, or why a page could not be had. */
int proc_read(struct proc *p, uint32_t va, void *buf, uint32_t len)
{
    uint8_t *dst = buf;
    while (len) {
        uint32_t off = va & (PAGE_SIZE - 1), frame;
        uint32_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
        int r = proc_frame(p, va, &frame);
        if (r == 0)
            r = pager_ops.frame_read(frame, off, dst, n);
        if (r < 0)
            return r;
        va += n, dst += n, len -= n;
    }
    return 0;
}

/*
 * Read a NUL-terminated string of at most size-1 bytes; E_RANGE if longer.
 * A page at a time (one window map, not one a byte): bytes after the NUL
 * in the same page are read too, and never a page past it.
 */
int proc_read_str(struct proc *p, uint32_t va, char *buf, uint32_t size)
{
    for (uint32_t i = 0; i < size;) {
        uint32_t n = PAGE_SIZE - ((va + i) & (PAGE_SIZE - 1));
        if (n > size - i)
            n = size - i;
        int r = proc_read(p, va + i, &buf[i], n);
        if (r < 0)
            return r;
        if (memchr(&buf[i], 0, n))
            return 0;
        i += n;
    }
    return E_RANGE;
}

/*
 * Fill the page holding va (allocated here if needed, copied first if it
 * is copy-on-write) with len bytes at va.
 */
int proc_write_page(struct proc *p, uint32_t va, const void *src, uint32_t len)
{
    uint32_t page = va & ~(PAGE_SIZE - 1), reason;
    uint32_t frame = pagemap_get(&p->pm, page);
    int flags = pagemap_flags_get(&p->pm, page);
    if (flags > 0 && (flags & PM_COW)) { /* shared until now: the task's own copy first */
        int r = fault_handle(p, page, PF_USER | PF_PRESENT | PF_WRITE, &reason);
        if (r < 0)
            return r;
        frame = pagemap_get(&p->pm, page);
    }
    if (frame == 0) {
        frame = alloc_page(p->index, page, PERM_R | PERM_W);
        if (frame == MagicNumber)
            return E_QUOTA;
    }
    return pager_ops.frame_write(frame, va - page, src, len);
}

/*
 * Copy len bytes from src to va in p as the task's own writes would go:
 * a page it may write that is not in memory, not mapped in its space
 * (PM_ABSENT) or copy-on-write is faulted in as a write first. 0, or E_FAULT at the first page the
 * task may not write (the pages before it are written).
 */
int proc_write(struct proc *p, uint32_t va, const void *src, uint32_t len)
{
    const uint8_t *from = src;
    while (len) {
        uint32_t page = va & ~(PAGE_SIZE - 1), off = va - page, reason;
        uint32_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
        uint32_t frame = pagemap_get(&p->pm, page);
        const struct region *g = region_find(&p->vs, page);
        int flags = pagemap_flags_get(&p->pm, page);
        int ready = frame && !(frame & SWAPPED) && g && (g->perm & PERM_W) &&
                    !(flags > 0 && (flags & (PM_COW | PM_ABSENT)));
        int r = ready ? 0 : fault_handle(p, page, PF_USER | PF_WRITE, &reason);
        if (r == 0)
            r = pager_ops.frame_write(pagemap_get(&p->pm, page), off, from, n);
        if (r < 0)
            return r;
        va += n, from += n, len -= n;
    }
    return 0;
}
