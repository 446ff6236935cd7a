/*
 * Page directories and tables. All of them live in the kernel frame pool.
 * The kernel half (PDEs 768 and up: the direct map and the frame windows)
 * is built once at boot and copied into every new directory; it never
 * changes after, so all spaces agree on it. PDE 1022 of the current space
 * is the foreign slot, PDE 1023 the recursive one.
 */
#include "paging.h"
#include "abi/errno.h"
#include "panic.h"
#include "pmem.h"
#include "str.h"
#include "x86.h"

static uint32_t kernel_pd;
static pte_t *window_pt; /* page table behind the frame windows */

static pte_t *self_pd(void)
{
    return (pte_t *)SELF_PD;
}

void paging_init(uint32_t pd_phys)
{
    kernel_pd = pd_phys;
    pte_t *pd = (pte_t *)(pd_phys + KERNBASE);
    for (int i = 0; i < KMAP_PTS; i++)
        pd[i] = 0; /* drop the boot identity map */
    pd[PDE_SELF] = pd_phys | PTE_P | PTE_W;

    uint32_t wf = pmem_alloc_kernel();
    KASSERT(wf != 0);
    window_pt = (pte_t *)((wf << 12) + KERNBASE);
    memset(window_pt, 0, 4096);
    pd[PDE_WINDOW] = (wf << 12) | PTE_P | PTE_W;
    write_cr3(pd_phys);
}

uint32_t paging_kernel_pd(void)
{
    return kernel_pd;
}

void paging_switch(uint32_t pd)
{
    if (read_cr3() != pd)
        write_cr3(pd);
}

/* Make the foreign slot of the current space show pd's tables. */
static void foreign_attach(uint32_t pd)
{
    pte_t want = pd | PTE_P | PTE_W;
    if (self_pd()[PDE_FOREIGN] != want) {
        self_pd()[PDE_FOREIGN] = want;
        write_cr3(read_cr3()); /* flush the old foreign window's translations */
    }
}

/* The PTE slot for va in pd, or NULL; with create, a missing table is made. */
static pte_t *pte_slot(uint32_t pd, uint32_t va, int create)
{
    uint32_t pt_base = SELF_PT, pd_base = SELF_PD;
    if (pd != read_cr3()) {
        foreign_attach(pd);
        pt_base = FOREIGN_PT;
        pd_base = FOREIGN_PD;
    }
    pte_t *pde = (pte_t *)pde_addr(pd_base, va);
    if (!(*pde & PTE_P)) {
        if (!create)
            return 0;
        uint32_t f = pmem_alloc_kernel();
        if (!f)
            return 0;
        *pde = (f << 12) | PTE_P | PTE_W | PTE_U;
        invlpg(pt_page_of(pt_base, va));
        memset((void *)pt_page_of(pt_base, va), 0, 4096);
    }
    return (pte_t *)pte_addr(pt_base, va);
}

uint32_t space_create(void)
{
    uint32_t f = pmem_alloc_kernel();
    if (!f)
        return 0;
    pte_t *pd = (pte_t *)((f << 12) + KERNBASE);
    pte_t *kpd = (pte_t *)(kernel_pd + KERNBASE);
    memset(pd, 0, 768 * sizeof(pte_t));
    for (int i = 768; i < 1024; i++)
        pd[i] = kpd[i];
    pd[PDE_FOREIGN] = 0;
    pd[PDE_SELF] = (f << 12) | PTE_P | PTE_W;
    return f << 12;
}

void space_destroy(uint32_t pd)
{
    pte_t *dir = (pte_t *)(pd + KERNBASE);
    for (int i = 0; i < 768; i++) {
        if (dir[i] & PTE_P)
            pmem_free_kernel(dir[i] >> 12);
    }
    pmem_free_kernel(pd >> 12);
}

int page_map(uint32_t pd, uint32_t va, uint32_t frame, uint32_t flags)
{
    pte_t *pte = pte_slot(pd, va, 1);
    if (!pte)
        return E_NOMEM;
    *pte = (frame << 12) | (flags & 0xFFF) | PTE_P;
    if (pd == read_cr3())
        invlpg(va);
    return 0;
}

pte_t page_unmap(uint32_t pd, uint32_t va)
{
    pte_t *pte = pte_slot(pd, va, 0);
    if (!pte || !(*pte & PTE_P))
        return 0;
    pte_t old = *pte;
    *pte = 0;
    if (pd == read_cr3())
        invlpg(va);
    return old;
}

pte_t page_lookup(uint32_t pd, uint32_t va)
{
    pte_t *pte = pte_slot(pd, va, 0);
    return pte ? *pte : 0;
}

int page_set_flags(uint32_t pd, uint32_t va, uint32_t set, uint32_t clear)
{
    pte_t *pte = pte_slot(pd, va, 0);
    if (!pte || !(*pte & PTE_P))
        return E_NOENT;
    *pte = (*pte & ~clear) | set;
    if (pd == read_cr3())
        invlpg(va);
    return 0;
}

void *frame_window(uint32_t frame, int slot)
{
    if (frame < (KMAP_SIZE >> 12))
        return (void *)((frame << 12) + KERNBASE);
    uint32_t va = KWINDOW_BASE + slot * 4096;
    window_pt[slot] = (frame << 12) | PTE_P | PTE_W;
    invlpg(va);
    return (void *)va;
}

void frame_zero(uint32_t frame)
{
    uint32_t *p = frame_window(frame, 0);
    uint32_t n = 1024;
    asm volatile("rep stosl" : "+D"(p), "+c"(n) : "a"(0) : "memory");
}

pte_t page_lookup_pde(uint32_t pd, uint32_t va)
{
    if (pd == read_cr3())
        return *(pte_t *)pde_addr(SELF_PD, va);
    foreign_attach(pd);
    return *(pte_t *)pde_addr(FOREIGN_PD, va);
}

/* Directories are kernel-pool frames, always reachable through the direct map. */
void page_forget_foreign(uint32_t pd, uint32_t dead)
{
    pte_t *dir = (pte_t *)(pd + KERNBASE);
    if (dir[PDE_FOREIGN] == (dead | PTE_P | PTE_W)) {
        dir[PDE_FOREIGN] = 0;
        if (pd == read_cr3())
            write_cr3(pd);
    }
}
