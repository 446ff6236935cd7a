/*
 * Pagemap: page address -> frame, one table per task (see pagemap.h), over
 * the pager's hash table. A page's key is its page number, never 0: page 0
 * is below USER_BASE and never mapped.
 */
#include "pagemap.h"

#include "abi/errno.h"
#include "abi/syscall.h"

#define PAGE_SHIFT 12

_Static_assert(PAGE_SIZE == 1u << PAGE_SHIFT, "PAGE_SHIFT does not match PAGE_SIZE");

struct pagemap_slot {
    uint32_t vpn;   /* virtual page number (vaddr >> 12): the key */
    uint32_t frame; /* a frame, or SWAPPED | a swap slot */
    uint8_t flags;  /* policy bits, 0 when set */
};

/* The slot of vaddr, or NULL (also for an unaligned vaddr). */
static struct pagemap_slot *pagemap_find(const struct pagemap *pm, uint32_t vaddr)
{
    if (vaddr & (PAGE_SIZE - 1))
        return 0;
    return hash_find(&pm->h, vaddr >> PAGE_SHIFT);
}

void pagemap_init(struct pagemap *pm)
{
    hash_init(&pm->h, sizeof(struct pagemap_slot));
}

/* Forget every page and give the table's memory back. */
void pagemap_clear(struct pagemap *pm)
{
    hash_clear(&pm->h);
}

/* Record that frame backs the page at vaddr: E_ALIGN, E_INVAL (frame or page 0), E_EXIST, E_NOMEM.
 */
int pagemap_set(struct pagemap *pm, uint32_t vaddr, uint32_t frame)
{
    if (vaddr & (PAGE_SIZE - 1))
        return E_ALIGN;
    if (frame == 0 || vaddr == 0)
        return E_INVAL;
    struct pagemap_slot *s = hash_insert(&pm->h, vaddr >> PAGE_SHIFT);
    if (!s)
        return pagemap_find(pm, vaddr) ? E_EXIST : E_NOMEM;
    s->frame = frame;
    return 0;
}

/* Frame backing the page at vaddr, or 0 (also for an unaligned vaddr). */
uint32_t pagemap_get(const struct pagemap *pm, uint32_t vaddr)
{
    const struct pagemap_slot *s = pagemap_find(pm, vaddr);
    return s ? s->frame : 0;
}

/* Change what backs a recorded page (a frame for a swap slot, or back); no entry, no change. */
void pagemap_replace(struct pagemap *pm, uint32_t vaddr, uint32_t entry)
{
    struct pagemap_slot *s = pagemap_find(pm, vaddr);
    if (s && entry != 0)
        s->frame = entry;
}

/* Forget the page at vaddr; returns the frame that backed it, or 0 if none. */
uint32_t pagemap_remove(struct pagemap *pm, uint32_t vaddr)
{
    const struct pagemap_slot *s = pagemap_find(pm, vaddr);
    if (!s)
        return 0;
    uint32_t frame = s->frame;
    hash_remove(&pm->h, vaddr >> PAGE_SHIFT);
    return frame;
}

uint32_t pagemap_count(const struct pagemap *pm)
{
    return pm->h.count;
}

/*
 * Iterate: start with *cursor = 0; each true return yields one entry. The
 * map must not change during an iteration (a removal moves entries); to
 * free everything, iterate, then pagemap_clear.
 */
bool pagemap_next(const struct pagemap *pm, uint32_t *cursor, uint32_t *vaddr, uint32_t *frame)
{
    const struct pagemap_slot *s = hash_next(&pm->h, cursor);
    if (!s)
        return false;
    *vaddr = s->vpn << PAGE_SHIFT;
    *frame = s->frame;
    return true;
}

/* Policy flags of the page at vaddr, or E_NOENT. */
int pagemap_flags_get(const struct pagemap *pm, uint32_t vaddr)
{
    const struct pagemap_slot *s = pagemap_find(pm, vaddr);
    return s ? (int)s->flags : E_NOENT;
}

int pagemap_flags_set(struct pagemap *pm, uint32_t vaddr, uint8_t flags)
{
    struct pagemap_slot *s = pagemap_find(pm, vaddr);
    if (!s)
        return E_NOENT;
    s->flags = flags;
    return 0;
}
