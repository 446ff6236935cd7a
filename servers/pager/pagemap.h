/*
 * Pagemap: which frame backs each page of one task, with the page's policy
 * flags and its links on the task's resident list (policy/resident.c), all
 * in one entry, so a fault finds its page once and records it with stores.
 * The pager uses it to free every frame on exit, to unmap the pages a heap
 * shrink or vm_release gives up, and to keep replacement state per page.
 *
 * Laid out like a page table: an entry lives in a leaf of PM_LEAF_PAGES
 * neighbouring pages, allocated when the first of them is recorded and
 * freed when the last goes; a directory (a hash, hash.h, keyed by the
 * leaf's number) finds the leaf. Recording a page is a store into its
 * leaf: nothing moves as the map grows (only the directory doubles, one
 * pointer a leaf), and an entry's address stays valid until its page is
 * removed. Keys are page-aligned addresses; frame 0 is never stored (it
 * is the "not found" answer).
 */
#ifndef PAGER_PAGEMAP_H
#define PAGER_PAGEMAP_H

#include <stdbool.h>
#include <stdint.h>
#include "hash.h"

#define PM_LEAF_BITS  4 /* 16 pages a leaf: 64 KiB of address space, 260 bytes on i386 */
#define PM_LEAF_PAGES (1u << PM_LEAF_BITS)
#define PM_FLAG_BITS  0xFFFu /* an entry's flags: the low bits of its page's address */

/* One recorded page. */
struct pm_entry {
    uint32_t frame;               /* a frame, or SWAPPED | a swap slot; 0: no page */
    uint32_t page;                /* its address | its flags (PM_FLAG_BITS) */
    struct pm_entry *prev, *next; /* its neighbours on the resident list; NULL when off it */
};

struct pm_leaf {
    uint32_t used; /* entries with a frame */
    struct pm_entry e[PM_LEAF_PAGES];
};

struct pagemap {
    struct hash dir;      /* leaf number + 1 -> struct pm_leaf * */
    uint32_t count;       /* pages recorded */
    uint32_t last_key;    /* the leaf a page was last recorded in (0: none), tried first: */
    struct pm_leaf *last; /* a task's faults come in runs of neighbouring pages */
};

static inline uint32_t pm_va(const struct pm_entry *e)
{
    return e->page & ~PM_FLAG_BITS;
}

static inline uint32_t pm_flags(const struct pm_entry *e)
{
    return e->page & PM_FLAG_BITS;
}

static inline void pm_set_flags(struct pm_entry *e, uint32_t flags)
{
    e->page = pm_va(e) | (flags & PM_FLAG_BITS);
}

void pagemap_init(struct pagemap *pm);
void pagemap_clear(struct pagemap *pm);
struct pm_entry *pagemap_find(const struct pagemap *pm, uint32_t vaddr);
int pagemap_set(struct pagemap *pm, uint32_t vaddr, uint32_t frame, struct pm_entry **entry);
uint32_t pagemap_get(const struct pagemap *pm, uint32_t vaddr);
void pagemap_replace(struct pagemap *pm, uint32_t vaddr, uint32_t entry);
uint32_t pagemap_remove(struct pagemap *pm, uint32_t vaddr);
uint32_t pagemap_count(const struct pagemap *pm);
bool pagemap_next(const struct pagemap *pm, uint32_t *cursor, uint32_t *vaddr, uint32_t *frame);
int pagemap_flags_get(const struct pagemap *pm, uint32_t vaddr);
int pagemap_flags_set(struct pagemap *pm, uint32_t vaddr, uint8_t flags);

#endif
