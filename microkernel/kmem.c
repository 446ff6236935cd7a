/*
 * Kernel object memory (see kmem.h). The object area's slots are handed out
 * in order, then from a free list kept in the page-table entries of the
 * free slots themselves (an entry without PTE_P holds the next free slot,
 * plus one, shifted left once), so the area costs nothing beyond its
 * page tables.
 */
#include "kmem.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "layout.h"
#include "paging.h"
#include "pmem.h"
#include "str.h"

#define KOBJ_BASE      (KERNBASE + KMAP_SIZE)
#define KOBJ_MAX_PAGES ((KWINDOW_BASE - KOBJ_BASE) / PAGE_SIZE)

static uint32_t area_pages; /* slots the area's page tables cover */
static uint32_t area_made;  /* slots handed out at least once: [0, area_made) */
static uint32_t free_slot;  /* the first free slot, plus one (0: none) */

static pte_t *slot_pte(uint32_t slot)
{
    return (pte_t *)pte_addr(SELF_PT, KOBJ_BASE + slot * PAGE_SIZE);
}

void kmem_init(uint32_t nframes)
{
    uint32_t above = nframes > KMAP_SIZE / PAGE_SIZE ? nframes - KMAP_SIZE / PAGE_SIZE : 0;
    uint32_t want = above < KOBJ_MAX_PAGES ? above : KOBJ_MAX_PAGES;
    pte_t *kpd = (pte_t *)(paging_kernel_pd() + KERNBASE);
    for (uint32_t va = KOBJ_BASE; area_pages < want; va += 1024 * PAGE_SIZE) {
        void *pt = kmem_kernel();
        if (!pt)
            return; /* a smaller area: objects above the direct map fail with E_NOMEM */
        kpd[pdx(va)] = ((uint32_t)pt - KERNBASE) | PTE_P | PTE_W;
        area_pages += 1024;
    }
}

void *kmem_kernel(void)
{
    uint32_t f = pmem_alloc_kernel();
    if (!f)
        return 0;
    void *page = (void *)((f << FRAME_SHIFT) + KERNBASE);
    memset(page, 0, PAGE_SIZE);
    return page;
}

/* A slot of the object area, or -1 when every one is in use. */
static int32_t slot_take(void)
{
    if (free_slot) {
        uint32_t slot = free_slot - 1;
        free_slot = *slot_pte(slot) >> 1;
        return (int32_t)slot;
    }
    return area_made < area_pages ? (int32_t)area_made++ : -1;
}

int kmem_take(uint32_t frame, void **page)
{
    int r = pmem_hold(frame);
    if (r < 0)
        return r;
    if (frame < KMAP_SIZE / PAGE_SIZE) {
        *page = (void *)((frame << FRAME_SHIFT) + KERNBASE);
    } else {
        int32_t slot = slot_take();
        if (slot < 0) {
            pmem_let_go(frame);
            return E_NOMEM;
        }
        *page = (void *)(KOBJ_BASE + (uint32_t)slot * PAGE_SIZE);
        *slot_pte((uint32_t)slot) = (frame << FRAME_SHIFT) | PTE_P | PTE_W;
        invlpg((uint32_t)*page);
    }
    return 0;
}

void kmem_give_back(void *page)
{
    uint32_t va = (uint32_t)page;
    if (va < KOBJ_BASE) {
        pmem_let_go((va - KERNBASE) >> FRAME_SHIFT);
        return;
    }
    uint32_t slot = (va - KOBJ_BASE) / PAGE_SIZE;
    pte_t *pte = slot_pte(slot);
    uint32_t frame = *pte >> FRAME_SHIFT;
    *pte = free_slot << 1;
    free_slot = slot + 1;
    invlpg(va);
    pmem_let_go(frame);
}
