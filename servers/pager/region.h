/*
 * Regions: the pager's description of one task's address space, and the
 * decisions made from it (is an address legitimate, what to do on a fault,
 * how sbrk moves the heap, where an anonymous VM pool allocation goes).
 *
 * Invariants of a struct vmspace (kept by every function here):
 *  - r[0..n) is sorted by start; starts are strictly increasing and
 *    r[i].end <= region_low(r[i+1]) (regions never overlap);
 *  - every bound is page aligned and lies in [PAGE_SIZE, USER_TOP);
 *  - only a heap may be empty ([start, start)); it still owns its start;
 *  - a stack owns its whole growth window of USTACK_PAGES pages and the
 *    guard page below it, so nothing else can be placed there;
 *  - no page of [ANON_BASE, anon_free) is free: the search for room for a
 *    VM pool or an mmap starts at anon_free.
 * Plain functions over plain data: no IPC, no system call. The table grows on
 * the pager's heap (malloc) as regions come, so a space holds as many
 * regions as the pager has memory for; a struct region * handed out stays
 * valid until the next call that adds, cuts or removes a region.
 */
#ifndef PAGER_REGION_H
#define PAGER_REGION_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/errno.h"
#include "abi/msg.h"
#include "abi/syscall.h"

#define STACK_GUARD_PAGES 16  /* faults this far below the limit are stack overflows */
#define REGION_SHARED     0x1 /* flags: MAP_SHARED memory, whose frames fork shares, never copies */

enum region_kind {
    REGION_TEXT,
    REGION_DATA,
    REGION_BSS,
    REGION_HEAP,
    REGION_STACK,
    REGION_ANON,
    REGION_FILE, /* mmap of an initrd file: its bytes are the initrd's, past them nothing */
    REGION_KIND_COUNT
};

struct region {
    uint32_t start, end; /* [start, end), page aligned */
    uint32_t brk;        /* byte-granular end: end == brk rounded up to a page */
    uint32_t perm;       /* PERM_R | PERM_W | PERM_X */
    /* Image bytes [file_off, file_off + file_size) back [start, start + file_size);
     * the rest of the region is zero filled. The image is the program's ELF
     * file, or for REGION_FILE the whole initrd: there a page past the
     * file's last one is no page (REASON_FILE_END). */
    uint32_t file_off, file_size;
    uint8_t kind;  /* enum region_kind */
    uint8_t flags; /* REGION_SHARED */
};

struct vmspace {
    struct region *r;    /* r[0..cap) on the pager's heap, NULL while cap is 0 */
    uint32_t n, cap;     /* regions in use, room */
    uint32_t heap_start; /* start of the heap made by vmspace_init_heap, 0 if none */
    uint32_t anon_free;  /* no page of [ANON_BASE, anon_free) is free */
    uint32_t last;       /* the region the last fault was in, tried first (checked, not trusted) */
    uint32_t heap;       /* the heap's index when last found, tried first (checked, not trusted) */
};

/* The regions r[first, first + count), all inside one range (region_isolate). */
struct region_span {
    uint32_t first, count;
};

/* A run of pages [start, end); empty when start == end. */
struct page_range {
    uint32_t start, end;
};

enum fault_verdict { FAULT_MAP, FAULT_KILL };
enum fault_fill { FILL_ZERO, FILL_FILE };

/* What the pager must do about one page fault. */
struct fault_action {
    uint8_t action;        /* FAULT_MAP or FAULT_KILL */
    uint8_t reason;        /* enum kill_reason; REASON_NONE with FAULT_MAP */
    uint8_t fill;          /* FAULT_MAP: FILL_ZERO or FILL_FILE */
    uint8_t write;         /* the access was a write */
    uint32_t page;         /* FAULT_MAP: page-aligned address to map */
    uint32_t perm;         /* FAULT_MAP: PERM_* of the new mapping */
    uint32_t file_off;     /* FILL_FILE: image offset of the first byte to copy */
    uint32_t file_bytes;   /* FILL_FILE: bytes copied to the page start; the rest is zero */
    struct region *region; /* the region concerned, NULL for SEGV, NULL and kernel faults */
};

void vmspace_init(struct vmspace *vs);
void vmspace_free(struct vmspace *vs);
int vmspace_copy(struct vmspace *dst, const struct vmspace *src);
int vmspace_init_stack(struct vmspace *vs, uint32_t top);
int vmspace_init_heap(struct vmspace *vs, uint32_t start);
struct region *vmspace_heap_search(struct vmspace *vs);

int region_add(struct vmspace *vs, uint32_t start, uint32_t end, uint32_t perm, uint8_t kind,
               uint32_t file_off, uint32_t file_size);
int region_remove(struct vmspace *vs, uint32_t start);
struct region *region_find(struct vmspace *vs, uint32_t addr);
bool is_legitimate(const struct vmspace *vs, uint32_t addr);

int region_lookup_remember(struct vmspace *vs, uint32_t addr);
struct fault_action fault_outside(struct vmspace *vs, uint32_t addr);

int region_place(const struct vmspace *vs, uint32_t hint, uint32_t size, uint32_t *addr);
int region_isolate(struct vmspace *vs, uint32_t start, uint32_t end, struct region_span *span);
void region_delete_span(struct vmspace *vs, const struct region_span *span);
bool region_covered(const struct vmspace *vs, uint32_t start, uint32_t end);

int vm_allocate(struct vmspace *vs, uint32_t npages, uint32_t *addr);
int vm_release(struct vmspace *vs, uint32_t addr, struct page_range *freed);

/*
 * The heap's lookup and sbrk, inline in the pager's proc_sbrk (a call into
 * region.c cost 33 instructions an sbrk), with the footprint helpers they
 * share with region.c.
 */
#define PAGE_MASK (PAGE_SIZE - 1)

/* Lowest page the stack r may grow down to. */
static inline uint32_t stack_limit(const struct region *r)
{
    return r->end - USTACK_PAGES * PAGE_SIZE;
}

/* Lowest address r owns: a stack owns its growth window and the guard page below. */
static inline uint32_t region_low(const struct region *r)
{
    return r->kind == REGION_STACK ? stack_limit(r) - PAGE_SIZE : r->start;
}

/* Pages from addr on became free: the search for room must look there again. */
static inline void anon_note_free(struct vmspace *vs, uint32_t addr)
{
    if (addr < vs->anon_free)
        vs->anon_free = addr < ANON_BASE ? ANON_BASE : addr;
}

/*
 * sbrk: move the heap's break by increment bytes. *old_bound gets the break
 * before the call (in every case). A break below the heap's start is
 * ERR_VM_INVALID; a page-rounded end reaching the next region's footprint or
 * USER_TOP is ERR_VM_BOUND; on error nothing moves. On success *freed holds
 * the pages a shrink gave up (empty otherwise), for the caller to unmap.
 * In 32 bits: each way is checked against the room it has before it moves.
 */
static inline int memregion_extend(struct vmspace *vs, struct region *region, int32_t increment,
                                   uint32_t *old_bound, struct page_range *freed)
{
    uint32_t brk = region->brk;

    *old_bound = brk;
    if (region->kind != REGION_HEAP)
        return E_INVAL;
    freed->start = freed->end = region->end;
    if (increment < 0) {
        uint32_t down = 0u - (uint32_t)increment;
        if (down > brk - region->start)
            return ERR_VM_INVALID;
        brk -= down;
        freed->start = (brk + PAGE_MASK) & ~PAGE_MASK;
        anon_note_free(vs, freed->start);
    } else {
        uint32_t high = region + 1 == vs->r + vs->n ? USER_TOP : region_low(region + 1);
        if ((uint32_t)increment > high - brk) /* brk <= end <= high */
            return ERR_VM_BOUND;
        brk += (uint32_t)increment; /* <= high <= USER_TOP: rounding it up cannot wrap */
    }
    region->brk = brk;
    region->end = (brk + PAGE_MASK) & ~PAGE_MASK;
    return 0;
}

/*
 * The heap made by vmspace_init_heap, or NULL if there is none (or it was
 * removed): vs->heap first, which needs no updating when the table changes
 * (starts are unique, so a heap starting at heap_start is the one).
 */
static inline struct region *vmspace_heap(struct vmspace *vs)
{
    uint32_t hint = vs->heap;
    if (hint < vs->n && vs->r[hint].start == vs->heap_start && vs->r[hint].kind == REGION_HEAP)
        return &vs->r[hint];
    return vmspace_heap_search(vs);
}

/* What a fault calls for (fault_decide) and its pieces, inline on the fault path. */
static inline struct fault_action fault_kill(uint8_t reason, struct region *r)
{
    return (struct fault_action){.action = FAULT_KILL, .reason = reason, .region = r};
}

/* Map the page holding addr in r, filled from the image where r is file backed. */
static inline struct fault_action fault_map(struct region *r, uint32_t addr)
{
    uint32_t page = addr & ~PAGE_MASK;
    uint32_t off = page - r->start;
    struct fault_action a = {.action = FAULT_MAP,
                             .reason = REASON_NONE,
                             .fill = FILL_ZERO,
                             .page = page,
                             .perm = r->perm,
                             .region = r};

    if (off < r->file_size) {
        a.fill = FILL_FILE;
        a.file_off = r->file_off + off;
        a.file_bytes = r->file_size - off < PAGE_SIZE ? r->file_size - off : PAGE_SIZE;
    }
    return a;
}

/*
 * A fault inside r: a forbidden access, a read of a present page or a touch
 * of a mapped file's page past its end ends the task, else map it (a write to a present page of a
 * writable region is copy-on-write, which the fault engine knows of).
 */
static inline struct fault_action fault_in_region(struct region *r, uint32_t addr, uint32_t err)
{
    bool write = err & PF_WRITE;

    if (write && !(r->perm & PERM_W))
        return fault_kill(REASON_WRITE_RO, r);
    if (!write && !(r->perm & (PERM_R | PERM_X)))
        return fault_kill(REASON_PROT, r);
    if ((err & PF_PRESENT) && !write)
        return fault_kill(REASON_PROT, r);
    if (r->kind == REGION_FILE && (addr & ~PAGE_MASK) - r->start >= r->file_size)
        return fault_kill(REASON_FILE_END, r);
    struct fault_action a = fault_map(r, addr);
    a.write = write;
    return a;
}

/*
 * Decide what a page fault at addr with CPU error code err calls for. May
 * grow a stack region. PF_USER is not consulted: an access the kernel makes
 * on the task's behalf is judged like the task's own. Faults come in runs
 * in one region: vs->last is tried first. Inline, with the helpers above,
 * in the fault engine: a call cost every fault about 20 instructions.
 */
static inline __attribute__((always_inline)) struct fault_action
fault_decide(struct vmspace *vs, uint32_t addr, uint32_t err)
{
    if (addr < PAGE_SIZE)
        return fault_kill(REASON_NULL, 0);
    if (addr >= USER_TOP)
        return fault_kill(REASON_KADDR, 0);
    uint32_t i = vs->last; /* checked, not trusted: regions never overlap */
    if (i >= vs->n || addr < vs->r[i].start || addr >= vs->r[i].end) {
        int found = region_lookup_remember(vs, addr);
        if (found < 0)
            return fault_outside(vs, addr);
        i = (uint32_t)found;
    }
    return fault_in_region(&vs->r[i], addr, err);
}

#endif
