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
#include <stddef.h>
#include <stdint.h>
#include "abi/errno.h"
#include "hash.h"

#define PM_PAGE_SHIFT 12 /* PAGE_SIZE == 1 << PM_PAGE_SHIFT (pagemap.c checks) */
#define PM_LEAF_BITS  4  /* 16 pages a leaf: 64 KiB of address space, 260 bytes on i386 */
#define PM_LEAF_PAGES (1u << PM_LEAF_BITS)
#define PM_FLAG_BITS  0xFFFu /* an entry's flags: the low bits of its page's address */

/* One recorded page. */
struct pm_entry {
    uint32_t frame;               /* a frame, or SWAPPED | a swap slot; 0: no page */
    uint32_t page;                /* its address | its flags (PM_FLAG_BITS) */
    struct pm_entry *prev, *next; /* its neighbours on the resident list; NULL when off it */
};

struct pm_leaf {
    uint32_t used; /* a bit an entry with a frame (bit i: e[i]) */
    struct pm_entry e[PM_LEAF_PAGES];
};

struct pagemap {
    struct hash dir;      /* leaf number + 1 -> struct pm_leaf * */
    uint32_t count;       /* pages recorded */
    uint32_t last_key;    /* the leaf last looked for (0: none), tried first: a task's */
    struct pm_leaf *last; /* faults come in runs of neighbours; NULL: last_key has none */
};

/* The directory's key of the leaf holding the page at vaddr, never 0. */
static inline uint32_t pm_leaf_key(uint32_t vaddr)
{
    return (vaddr >> (PM_PAGE_SHIFT + PM_LEAF_BITS)) + 1;
}

/* The place in its leaf of the page at vaddr. */
static inline uint32_t pm_leaf_index(uint32_t vaddr)
{
    return (vaddr >> PM_PAGE_SHIFT) & (PM_LEAF_PAGES - 1);
}

/*
 * The leaf under key, or NULL; remembered as the last either way (the
 * first page of a leaf is looked for, then recorded: one search, not
 * two). Out of line: a leaf not the last.
 */
struct pm_leaf *pm_leaf_lookup(struct pagemap *pm, uint32_t key);

/* The leaf holding the page at vaddr, or NULL. */
static inline struct pm_leaf *pm_leaf_of(struct pagemap *pm, uint32_t vaddr)
{
    uint32_t key = pm_leaf_key(vaddr);
    return key == pm->last_key ? pm->last : pm_leaf_lookup(pm, key);
}

/*
 * The place of the page at vaddr in its leaf: its entry, or an empty one
 * (frame 0) that pagemap_fill can record it in; NULL when the page has no
 * leaf (no neighbour recorded) or vaddr is unaligned. The place stays
 * valid while the leaf has a page: until the next pagemap_remove.
 * Inline: every fault. Not const: the leaf found is kept as the last.
 */
static inline struct pm_entry *pagemap_slot(struct pagemap *pm, uint32_t vaddr)
{
    struct pm_leaf *leaf = vaddr & PM_FLAG_BITS ? 0 : pm_leaf_of(pm, vaddr);
    return leaf ? &leaf->e[pm_leaf_index(vaddr)] : 0;
}

/* The entry of the page at vaddr, or NULL (also for an unaligned vaddr). */
static inline struct pm_entry *pagemap_find(struct pagemap *pm, uint32_t vaddr)
{
    struct pm_entry *e = pagemap_slot(pm, vaddr);
    return e && e->frame ? e : 0;
}

/*
 * Record that frame backs the page at vaddr (page aligned, not 0) in its
 * empty place e (pagemap_slot's), with no flags and off the resident
 * list: 0, or E_INVAL for frame 0 (nothing recorded). A fault that found
 * the place empty records its page with stores, no second lookup.
 */
static inline int pagemap_fill(struct pagemap *pm, struct pm_entry *e, uint32_t vaddr,
                               uint32_t frame)
{
    uint32_t i = pm_leaf_index(vaddr);
    struct pm_leaf *leaf =
        (struct pm_leaf *)(void *)((uint8_t *)(e - i) - offsetof(struct pm_leaf, e));
    if (frame == 0)
        return E_INVAL;
    e->frame = frame;
    e->page = vaddr;
    leaf->used |= 1u << i;
    pm->count++;
    return 0;
}

/*
 * The leaf for vaddr, made (and put in the directory) when it has none,
 * and remembered as the last; NULL when memory is out. Out of line.
 */
struct pm_leaf *pm_leaf_get(struct pagemap *pm, uint32_t vaddr);

/*
 * Record that frame backs the page at vaddr, with no flags and off the
 * resident list; *entry (when entry is not NULL): its entry. 0, E_ALIGN,
 * E_INVAL (frame or page 0), E_EXIST, E_NOMEM. Inline: every fault, and
 * in the last leaf a store.
 */
static inline int pagemap_set(struct pagemap *pm, uint32_t vaddr, uint32_t frame,
                              struct pm_entry **entry)
{
    if (vaddr & PM_FLAG_BITS)
        return E_ALIGN;
    if (frame == 0 || vaddr == 0)
        return E_INVAL;
    struct pm_leaf *leaf = pm_leaf_key(vaddr) == pm->last_key ? pm->last : 0;
    if (!leaf && !(leaf = pm_leaf_get(pm, vaddr)))
        return E_NOMEM;
    struct pm_entry *e = &leaf->e[pm_leaf_index(vaddr)];
    if (e->frame)
        return E_EXIST;
    pagemap_fill(pm, e, vaddr, frame);
    if (entry)
        *entry = e;
    return 0;
}

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
uint32_t pagemap_get(struct pagemap *pm, uint32_t vaddr);
void pagemap_replace(struct pagemap *pm, uint32_t vaddr, uint32_t entry);
uint32_t pagemap_remove(struct pagemap *pm, uint32_t vaddr);
uint32_t pagemap_count(const struct pagemap *pm);
struct pm_entry *pagemap_next(const struct pagemap *pm, uint32_t *cursor);
int pagemap_flags_get(struct pagemap *pm, uint32_t vaddr);
int pagemap_flags_set(struct pagemap *pm, uint32_t vaddr, uint8_t flags);

#endif
