/*
 * Pagemap: page address -> frame, flags and resident-list links, one map
 * per task (see pagemap.h): leaves of PM_LEAF_PAGES entries found through
 * a directory hash.
 *
 * Invariants: a leaf is in the directory exactly while used != 0, and bit
 * i of used is set exactly when its entry i has a frame; an entry without
 * a frame is zero throughout; count is the number of bits set in all the
 * leaves' used; while last_key is not 0, last is the directory's leaf
 * under it, NULL when it has none.
 */
#include "pagemap.h"

#include "abi/errno.h"
#include "abi/syscall.h"
#include "ulib.h"

_Static_assert(PAGE_SIZE == 1u << PM_PAGE_SHIFT, "PM_PAGE_SHIFT does not match PAGE_SIZE");
_Static_assert(PM_FLAG_BITS == PAGE_SIZE - 1, "an entry's flags are its address's in-page bits");

struct pm_dir_slot {
    uint32_t key; /* the leaf's number + 1 (0 marks an empty slot) */
    struct pm_leaf *leaf;
};

struct pm_leaf *pm_leaf_lookup(struct pagemap *pm, uint32_t key)
{
    const struct pm_dir_slot *d = hash_find(&pm->dir, key);
    pm->last_key = key;
    pm->last = d ? d->leaf : 0;
    return pm->last;
}

void pagemap_init(struct pagemap *pm)
{
    hash_init(&pm->dir, sizeof(struct pm_dir_slot));
    pm->count = pm->last_key = 0;
    pm->last = 0;
}

/* Forget every page and give the map's memory back. */
void pagemap_clear(struct pagemap *pm)
{
    uint32_t cursor = 0;
    const struct pm_dir_slot *d;
    while ((d = hash_next(&pm->dir, &cursor)))
        free(d->leaf);
    hash_clear(&pm->dir);
    pagemap_init(pm);
}

struct pm_leaf *pm_leaf_get(struct pagemap *pm, uint32_t vaddr)
{
    struct pm_leaf *leaf = pm_leaf_of(pm, vaddr);
    if (!leaf) {
        leaf = calloc(1, sizeof(*leaf));
        struct pm_dir_slot *d = leaf ? hash_insert(&pm->dir, pm_leaf_key(vaddr)) : 0;
        if (!d) {
            free(leaf);
            return 0;
        }
        d->leaf = leaf;
    }
    pm->last_key = pm_leaf_key(vaddr);
    pm->last = leaf;
    return leaf;
}

/* Frame backing the page at vaddr, or 0 (also for an unaligned vaddr). */
uint32_t pagemap_get(struct pagemap *pm, uint32_t vaddr)
{
    const struct pm_entry *e = pagemap_find(pm, vaddr);
    return e ? e->frame : 0;
}

/* Change what backs a recorded page (a frame for a swap slot, or back); no entry, no change. */
void pagemap_replace(struct pagemap *pm, uint32_t vaddr, uint32_t entry)
{
    struct pm_entry *e = pagemap_find(pm, vaddr);
    if (e && entry != 0)
        e->frame = entry;
}

/*
 * Forget the page at vaddr (the caller has taken it off the resident list);
 * returns the frame that backed it, or 0 if none. Its leaf goes with its
 * last page, else is kept as the last (a run of removals is a run of
 * neighbours).
 */
uint32_t pagemap_remove(struct pagemap *pm, uint32_t vaddr)
{
    struct pm_leaf *leaf = vaddr & (PAGE_SIZE - 1) ? 0 : pm_leaf_of(pm, vaddr);
    struct pm_entry *e = leaf ? &leaf->e[pm_leaf_index(vaddr)] : 0;
    if (!e || !e->frame)
        return 0;
    uint32_t frame = e->frame;
    *e = (struct pm_entry){0, 0, 0, 0};
    pm->count--;
    leaf->used &= ~(1u << pm_leaf_index(vaddr));
    if (leaf->used) {
        pm->last_key = pm_leaf_key(vaddr);
        pm->last = leaf;
        return frame;
    }
    hash_remove(&pm->dir, pm_leaf_key(vaddr));
    free(leaf);
    if (pm->last == leaf)
        pm->last_key = 0;
    return frame;
}

uint32_t pagemap_count(const struct pagemap *pm)
{
    return pm->count;
}

/*
 * Iterate: start with *cursor = 0; each call gives the next page's entry,
 * NULL after the last. The map must not change during an iteration (a
 * removal may free a leaf); to free everything, iterate, then
 * pagemap_clear. The cursor is the directory's cursor (hash_next's) of the
 * leaf walked, times PM_LEAF_PAGES, plus the entry to look at next.
 */
struct pm_entry *pagemap_next(const struct pagemap *pm, uint32_t *cursor)
{
    uint32_t at = *cursor / PM_LEAF_PAGES, i = *cursor % PM_LEAF_PAGES;
    for (;;) {
        uint32_t next = at;
        const struct pm_dir_slot *d = hash_next(&pm->dir, &next);
        if (!d) {
            *cursor = next * PM_LEAF_PAGES;
            return 0;
        }
        if (next - 1 != at)
            i = 0;                               /* a leaf further on: from its first entry */
        uint32_t left = d->leaf->used >> i << i; /* its entries from i on */
        if (left) {
            i = (uint32_t)__builtin_ctz(left);
            *cursor = (next - 1) * PM_LEAF_PAGES + i + 1;
            return &d->leaf->e[i];
        }
        at = next;
        i = 0;
    }
}

/* Policy flags of the page at vaddr, or E_NOENT. */
int pagemap_flags_get(struct pagemap *pm, uint32_t vaddr)
{
    const struct pm_entry *e = pagemap_find(pm, vaddr);
    return e ? (int)pm_flags(e) : E_NOENT;
}

int pagemap_flags_set(struct pagemap *pm, uint32_t vaddr, uint8_t flags)
{
    struct pm_entry *e = pagemap_find(pm, vaddr);
    if (!e)
        return E_NOENT;
    pm_set_flags(e, flags);
    return 0;
}
