/*
 * The physical allocation table: one entry per 4 KiB frame, as mCertiKOS's
 * AT layer (at_is_norm, at_is_allocated), plus the pool a frame belongs to
 * and how many page-table entries map it. Frames are split into two pools:
 * the kernel pool (the boot tasks' page directories, tables and kernel
 * objects; always direct-mapped) and the user pool, which only the quota
 * server allocates from. A user-pool frame the pager gives the kernel as a
 * page table, a directory or a kernel object's memory (AT_HELD) can be
 * neither mapped nor freed until the kernel lets it go.
 */
#ifndef KERNEL_PMEM_H
#define KERNEL_PMEM_H

#include <stdbool.h>
#include <stdint.h>
#include "abi/errno.h"

#define FRAME_SHIFT 12
#define MAX_FRAMES  (1u << 20) /* 4 GiB of address space */

#define AT_NORM  0x1  /* usable RAM (Multiboot type 1) */
#define AT_ALLOC 0x2  /* allocated */
#define AT_USER  0x4  /* belongs to the user pool */
#define AT_KERN  0x8  /* belongs to the kernel pool */
#define AT_HELD  0x10 /* a user-pool frame the kernel holds: a table, directory or object */
#define AT_RO    0x20 /* a whole page of the boot module: mappable read-only, never freed */
#define AT_FREED 0x40 /* freed while held: goes back to the pool when the kernel lets it go */

struct pmem_stats {
    uint32_t nframes;       /* entries in the table (highest frame + 1) */
    uint32_t norm_frames;   /* usable RAM frames */
    uint32_t kernel_frames; /* frames of the kernel image, boot data and modules */
    uint32_t kpool_frames;  /* kernel pool size */
    uint32_t upool_frames;  /* user pool size */
    uint32_t upool_free;    /* user-pool frames not allocated */
    uint32_t kpool_free;    /* kernel-pool frames not allocated */
};

/* Table storage: 2 bytes per frame, provided by the caller. */
void pmem_init(uint8_t *storage, uint32_t nframes);
/* Mark [base, base+len) as usable RAM; parts above 4 GiB are ignored. */
void pmem_add_ram(uint64_t base, uint64_t len);
/* Mark frames overlapping [start, end) allocated forever (kernel, modules). */
void pmem_reserve(uint32_t start, uint32_t end);
/* Mark the whole frames inside [start, end) (the initrd) mappable read-only by any space. */
void pmem_share_readonly(uint32_t start, uint32_t end);
/* Split the free normal frames: the first kpool below kmap_limit go to the kernel. */
void pmem_make_pools(uint32_t kpool, uint32_t kmap_limit);

uint32_t pmem_alloc_kernel(void); /* frame number, 0 when none */
void pmem_free_kernel(uint32_t frame);
uint32_t pmem_alloc_user(void); /* frame number, 0 when none */
/* 0, or E_RANGE, E_INVAL (not allocated, or freed already), E_BUSY (mapped); a held frame goes
 * when the kernel lets it go. */
int pmem_free_user(uint32_t frame);
/* The kernel holds an allocated, unmapped user frame (AT_HELD): 0, E_RANGE, E_INVAL, E_BUSY. */
int pmem_hold(uint32_t frame);
/* A held frame is no longer used: a kernel-pool one is freed, a user one is let go. */
void pmem_let_go(uint32_t frame);

uint32_t pmem_map_count(uint32_t frame);

void pmem_get_stats(struct pmem_stats *st);

/*
 * The table itself. pmem.c alone changes the flags; the checks below, on
 * every map and unmap, read it inline (a call each cost about what the
 * check does).
 */
struct pmem_table {
    uint8_t *at;       /* AT_* flags per frame */
    uint8_t *mapcount; /* page-table entries naming the frame (saturates: see pmem_map_ref) */
    uint32_t nframes;
};
extern struct pmem_table pmem;

static inline bool at_is_norm(uint32_t frame)
{
    return frame < pmem.nframes && (pmem.at[frame] & AT_NORM);
}

static inline bool at_is_allocated(uint32_t frame)
{
    return frame < pmem.nframes && (pmem.at[frame] & AT_ALLOC);
}

static inline bool at_is_user(uint32_t frame)
{
    return frame < pmem.nframes && (pmem.at[frame] & AT_USER);
}

/* 0 if frame is an allocated user frame, not held (a table): else E_RANGE, E_INVAL or E_BUSY. */
static inline int pmem_check_user(uint32_t frame)
{
    if (frame == 0 || !at_is_user(frame))
        return E_RANGE;
    if (!at_is_allocated(frame))
        return E_INVAL;
    return (pmem.at[frame] & AT_HELD) ? E_BUSY : 0;
}

/* 0 if a page table may name frame (writable or not): an allocated user frame, or an AT_RO
 * frame read-only (E_PERM writable); else what pmem_check_user says. */
static inline int pmem_check_map(uint32_t frame, bool writable)
{
    if (frame >= pmem.nframes)
        return E_RANGE;
    uint8_t at = pmem.at[frame];
    if ((at & (AT_RO | AT_USER | AT_ALLOC | AT_HELD)) == (AT_USER | AT_ALLOC))
        return 0; /* every fault's frame: one compare (frame 0 is in no pool) */
    if (at & AT_RO)
        return writable ? E_PERM : 0;
    return pmem_check_user(frame);
}

/* Map counts saturate at 255 and then never drop: such a frame stays pinned. The frame is in
 * the table (pmem_check_map allowed it, or it was just allocated): no range check here. */
static inline void pmem_map_ref(uint32_t frame)
{
    if (pmem.mapcount[frame] < 255)
        pmem.mapcount[frame]++;
}

static inline void pmem_map_unref(uint32_t frame)
{
    if (frame < pmem.nframes && pmem.mapcount[frame] > 0 && pmem.mapcount[frame] < 255)
        pmem.mapcount[frame]--;
}

#endif
