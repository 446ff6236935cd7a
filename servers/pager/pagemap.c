/*
 * Pagemap: page address -> frame, one table per task (see pagemap.h).
 *
 * Invariant: every stored entry is reachable by probing linearly from its
 * home slot without crossing an empty slot. pagemap_vacate keeps it on
 * deletion by shifting later entries of the probe run back into the hole.
 */
#include "pagemap.h"

#include "abi/errno.h"
#include "abi/syscall.h"
#include "str.h"

#define PAGE_SHIFT 12
#define SLOT_MASK  (PAGEMAP_CAP - 1)

_Static_assert(PAGE_SIZE == 1u << PAGE_SHIFT, "PAGE_SHIFT does not match PAGE_SIZE");

/* Home slot of a page: Fibonacci hashing spreads neighbouring pages apart. */
static uint32_t pagemap_home(uint32_t vpn)
{
    return (vpn * 0x9E3779B1u) >> (32 - PAGEMAP_BITS);
}

static bool slot_used(const struct pagemap_slot *s)
{
    return s->frame != 0;
}

/* Slot holding vaddr, or -1; probes at most PAGEMAP_CAP slots since the table may be full. */
static int pagemap_find(const struct pagemap *pm, uint32_t vaddr)
{
    if (vaddr & (PAGE_SIZE - 1))
        return -1;
    uint32_t vpn = vaddr >> PAGE_SHIFT;
    uint32_t i = pagemap_home(vpn);

    for (uint32_t n = 0; n < PAGEMAP_CAP && slot_used(&pm->slot[i]); n++) {
        if (pm->slot[i].vpn == vpn)
            return (int)i;
        i = (i + 1) & SLOT_MASK;
    }
    return -1;
}

void pagemap_init(struct pagemap *pm)
{
    memset(pm, 0, sizeof(*pm));
}

/* Record that frame backs the page at vaddr: E_ALIGN, E_INVAL (frame 0), E_EXIST, E_NOMEM. */
int pagemap_set(struct pagemap *pm, uint32_t vaddr, uint32_t frame)
{
    if (vaddr & (PAGE_SIZE - 1))
        return E_ALIGN;
    if (frame == 0)
        return E_INVAL;
    if (pagemap_find(pm, vaddr) >= 0)
        return E_EXIST;
    if (pm->count == PAGEMAP_CAP)
        return E_NOMEM;
    uint32_t vpn = vaddr >> PAGE_SHIFT;
    uint32_t i = pagemap_home(vpn);
    while (slot_used(&pm->slot[i]))
        i = (i + 1) & SLOT_MASK;
    pm->slot[i] = (struct pagemap_slot){.vpn = vpn, .flags = 0, .frame = frame};
    pm->count++;
    return 0;
}

/* Frame backing the page at vaddr, or 0 (also for an unaligned vaddr). */
uint32_t pagemap_get(const struct pagemap *pm, uint32_t vaddr)
{
    int i = pagemap_find(pm, vaddr);
    return i < 0 ? 0 : pm->slot[i].frame;
}

/* Change what backs a recorded page (a frame for a swap slot, or back); no entry, no change. */
void pagemap_replace(struct pagemap *pm, uint32_t vaddr, uint32_t entry)
{
    int i = pagemap_find(pm, vaddr);
    if (i >= 0 && entry != 0)
        pm->slot[i].frame = entry;
}

/* Empty slot hole, pulling back each later entry of the run whose home allows it. */
static void pagemap_vacate(struct pagemap *pm, uint32_t hole)
{
    uint32_t j = hole;

    pm->slot[hole].frame = 0;
    for (;;) {
        j = (j + 1) & SLOT_MASK;
        if (!slot_used(&pm->slot[j]))
            return;
        uint32_t home = pagemap_home(pm->slot[j].vpn);
        /* The entry may fill the hole if the hole lies on its probe path [home, j). */
        if (((j - home) & SLOT_MASK) >= ((j - hole) & SLOT_MASK)) {
            pm->slot[hole] = pm->slot[j];
            pm->slot[j].frame = 0;
            hole = j;
        }
    }
}

/* Forget the page at vaddr; returns the frame that backed it, or 0 if none. */
uint32_t pagemap_remove(struct pagemap *pm, uint32_t vaddr)
{
    int i = pagemap_find(pm, vaddr);
    if (i < 0)
        return 0;
    uint32_t frame = pm->slot[i].frame;
    pagemap_vacate(pm, (uint32_t)i);
    pm->count--;
    return frame;
}

uint32_t pagemap_count(const struct pagemap *pm)
{
    return pm->count;
}

/*
 * Iterate: start with *cursor = 0; each true return yields one entry. The
 * map must not change during an iteration (a removal shifts entries); to
 * free everything, iterate, then pagemap_init.
 */
bool pagemap_next(const struct pagemap *pm, uint32_t *cursor, uint32_t *vaddr, uint32_t *frame)
{
    for (uint32_t i = *cursor; i < PAGEMAP_CAP; i++) {
        if (!slot_used(&pm->slot[i]))
            continue;
        *vaddr = (uint32_t)pm->slot[i].vpn << PAGE_SHIFT;
        *frame = pm->slot[i].frame;
        *cursor = i + 1;
        return true;
    }
    *cursor = PAGEMAP_CAP;
    return false;
}

/* Policy flags of the page at vaddr, or E_NOENT. */
int pagemap_flags_get(const struct pagemap *pm, uint32_t vaddr)
{
    int i = pagemap_find(pm, vaddr);
    return i < 0 ? E_NOENT : (int)pm->slot[i].flags;
}

int pagemap_flags_set(struct pagemap *pm, uint32_t vaddr, uint8_t flags)
{
    int i = pagemap_find(pm, vaddr);
    if (i < 0)
        return E_NOENT;
    pm->slot[i].flags = flags;
    return 0;
}
