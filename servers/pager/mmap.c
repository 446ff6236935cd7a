/*
 * mmap, munmap and mprotect of a task's address space (PAGER_MMAP,
 * PAGER_MUNMAP, PAGER_MPROTECT; their handlers are in main.c). The regions
 * change first (region.c cuts them at any page boundary), then the pages:
 * what munmap gives up is unmapped and freed, and mprotect changes the
 * page-table permission of every page already in memory.
 * MAP_SHARED memory is shared with the children fork makes: fork first
 * brings every page of it into memory (mmap_share_all), and the pages a
 * process has at fork are what it shares. A file of the initrd maps as a
 * REGION_FILE region over the initrd's bytes (fault.c maps its whole
 * read-only pages from the initrd's own frames, and copies one at the
 * first write of a MAP_PRIVATE mapping).
 *
 * A PROT_NONE page in memory keeps its frame and its page-table entry,
 * made inaccessible to the task (SYS_PROTECT with no permission).
 */
#include <sys/mman.h>

#include "pager.h"

#define PROT_ALL  (PROT_READ | PROT_WRITE | PROT_EXEC)
#define MAP_KNOWN (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS)

_Static_assert(PROT_READ == PERM_R && PROT_WRITE == PERM_W && PROT_EXEC == PERM_X,
               "a region's perm is the prot mmap was given");

/* len bytes rounded up to whole pages in *size; E_INVAL for 0, E_NOMEM past the address space. */
static int mmap_size(uint32_t len, uint32_t *size)
{
    if (len == 0)
        return E_INVAL;
    if (len > USER_TOP)
        return E_NOMEM;
    *size = (len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    return 0;
}

/* The region perm for prot: a writable page is readable too (i386 has no write-only pages). */
static int mmap_perm(uint32_t prot, uint32_t *perm)
{
    if (prot & ~PROT_ALL)
        return E_INVAL;
    *perm = prot & PROT_WRITE ? prot | PROT_READ : prot;
    return 0;
}

/* Unmap and free the pages of [start, end) once its regions are gone. */
static void mmap_drop(struct proc *p, uint32_t start, uint32_t end, struct region_span *span)
{
    region_delete_span(&p->vs, span);
    proc_free_range(p, start, end);
}

/*
 * A new mapping of size bytes, a region of kind (REGION_ANON or
 * REGION_FILE, with file_off and file_size as region.h has them): at
 * exactly addr with MAP_FIXED (what was there goes), else at addr when
 * that range is free, else where there is room in [ANON_BASE, ANON_LIMIT).
 * *out gets its start.
 */
static int mmap_place(struct proc *p, uint32_t addr, uint32_t size, uint32_t perm, uint32_t flags,
                      uint8_t kind, uint32_t file_off, uint32_t file_size, uint32_t *out)
{
    int r;
    if (flags & MAP_FIXED) {
        struct region_span span;
        if (addr & (PAGE_SIZE - 1))
            return E_INVAL;
        if ((r = region_isolate(&p->vs, addr, addr + size, &span)) < 0)
            return r;
        mmap_drop(p, addr, addr + size, &span);
    } else if ((r = region_place(&p->vs, addr & ~(PAGE_SIZE - 1), size, &addr)) < 0) {
        return r;
    }
    r = region_add(&p->vs, addr, addr + size, perm, kind, file_off, file_size);
    if (r < 0)
        return r;
    region_find(&p->vs, addr)->flags = flags & MAP_SHARED ? REGION_SHARED : 0;
    map_eagerly(p, addr, addr + size);
    *out = addr;
    return 0;
}

/*
 * A mapping of the file fd names from off (page aligned), read-only with
 * MAP_SHARED: its whole pages are the initrd's frames. Bytes past the
 * file's end are zeros up to the end of its last page; a page past that
 * is none (region.c: REASON_FILE_END).
 */
static int mmap_file(struct proc *p, uint32_t addr, uint32_t size, uint32_t perm, uint32_t flags,
                     int fd, uint32_t off, uint32_t *out)
{
    const struct open_file *f = fd_get(&p->fds, fd);
    if (!f)
        return E_BADF;
    if (off % PAGE_SIZE || off > INT32_MAX)
        return E_INVAL;
    if ((flags & MAP_SHARED) && (perm & PERM_W))
        return E_ACCES; /* the initrd is read-only */
    uint32_t left = off < f->file->size ? f->file->size - off : 0;
    return mmap_place(p, addr, size, perm, flags, REGION_FILE, f->file->offset + off,
                      left < size ? left : size, out);
}

/* PAGER_MMAP: the word packs prot, flags and fd (MMAP_WORD); off is the file offset. */
int proc_mmap(struct proc *p, uint32_t addr, uint32_t len, uint32_t word, uint32_t off,
              uint32_t *out)
{
    uint32_t flags = MMAP_FLAGS(word), size, perm;
    int r = mmap_size(len, &size);
    if (r == 0)
        r = mmap_perm(MMAP_PROT(word), &perm);
    if (r < 0)
        return r;
    if ((flags & ~MAP_KNOWN) || !(flags & MAP_SHARED) == !(flags & MAP_PRIVATE))
        return E_INVAL;
    if (!(flags & MAP_ANONYMOUS))
        return mmap_file(p, addr, size, perm, flags, MMAP_FD(word), off, out);
    return mmap_place(p, addr, size, perm, flags, REGION_ANON, 0, 0, out);
}

/* PAGER_MUNMAP: every page of [addr, addr + len) leaves the address space; holes are fine. */
int proc_munmap(struct proc *p, uint32_t addr, uint32_t len)
{
    struct region_span span;
    uint32_t size;
    int r = mmap_size(len, &size);
    if (r == 0)
        r = region_isolate(&p->vs, addr, addr + size, &span);
    if (r == 0)
        mmap_drop(p, addr, addr + size, &span);
    return r;
}

/*
 * Give the pages of [start, end) that are mapped the page-table permission
 * of perm; a copy-on-write page stays read-only (its first write copies it).
 */
static int pages_protect(struct proc *p, uint32_t start, uint32_t end, uint32_t perm)
{
    int err = 0;
    for (uint32_t va = start; va < end; va += PAGE_SIZE) {
        uint32_t frame = pagemap_get(&p->pm, va);
        int flags = pagemap_flags_get(&p->pm, va);
        if (!frame || (frame & SWAPPED) || (flags & PM_ABSENT))
            continue; /* not in its page table: mapped with the region's perm when it comes */
        uint32_t bits = perm == PROT_NONE ? 0 : map_perm_bits(perm);
        if (flags > 0 && (flags & PM_COW))
            bits &= ~PERM_W;
        int r = pager_ops.protect(p->task, va, bits);
        err = err < 0 ? err : r;
    }
    return err;
}

/*
 * PAGER_MPROTECT: [addr, addr + len) must be mapped throughout (E_NOMEM if
 * not); a MAP_SHARED file mapping cannot be made writable (E_ACCES).
 */
int proc_mprotect(struct proc *p, uint32_t addr, uint32_t len, uint32_t prot)
{
    struct region_span span;
    uint32_t size, perm;
    int r = mmap_size(len, &size);
    if (r == 0)
        r = mmap_perm(prot, &perm);
    if (r == 0 && (addr & (PAGE_SIZE - 1)))
        r = E_INVAL;
    if (r == 0 && !region_covered(&p->vs, addr, addr + size))
        r = E_NOMEM;
    if (r == 0)
        r = region_isolate(&p->vs, addr, addr + size, &span);
    for (uint32_t i = span.first; r == 0 && i < span.first + span.count; i++)
        if (p->vs.r[i].kind == REGION_FILE && (p->vs.r[i].flags & REGION_SHARED) && (perm & PERM_W))
            r = E_ACCES; /* a MAP_SHARED file stays read-only */
    if (r < 0)
        return r;
    for (uint32_t i = span.first; i < span.first + span.count; i++)
        p->vs.r[i].perm = perm;
    return pages_protect(p, addr, addr + size, perm);
}

/*
 * Every page of p's accessible MAP_SHARED anonymous regions in memory (fork
 * then shares each with the child): 0, or the error of the first that
 * cannot be. A MAP_SHARED file is read-only: every mapper reads the
 * initrd's pages, so the child maps them as it touches them.
 */
int mmap_share_all(struct proc *p)
{
    uint32_t reason;
    int r = 0;
    for (uint32_t i = 0; r == 0 && i < p->vs.n; i++) {
        const struct region *g = &p->vs.r[i];
        if (!(g->flags & REGION_SHARED) || g->kind == REGION_FILE || g->perm == PROT_NONE)
            continue;
        uint32_t start = g->start, end = g->end, err = g->perm & PERM_W ? PF_WRITE : 0;
        for (uint32_t va = start; r == 0 && va < end; va += PAGE_SIZE)
            if (!pagemap_get(&p->pm, va))
                r = fault_handle(p, va, PF_USER | err, &reason);
    }
    return r;
}
