/*
 * Two-level i386 paging with the recursive trick: PDE 1023 of every page
 * directory points at the directory itself, so the page tables of the
 * current space appear at SELF_PT and the directory at SELF_PD with no
 * other mapping. A second slot, PDE 1022, shows the tables of one foreign
 * space at FOREIGN_PT when the kernel maps on another space's behalf.
 */
#ifndef KERNEL_PAGING_H
#define KERNEL_PAGING_H

#include <stdint.h>
#include "abi/errno.h"
#include "layout.h"
#include "x86.h"

#define PTE_P     0x001
#define PTE_W     0x002
#define PTE_U     0x004
#define PTE_A     0x020
#define PTE_D     0x040
#define PTE_FRAME 0xFFFFF000u

typedef uint32_t pte_t;

static inline uint32_t pdx(uint32_t va)
{
    return va >> 22;
}

static inline uint32_t ptx(uint32_t va)
{
    return (va >> 12) & 0x3FF;
}

/* Where the PTE for va lives, seen through a recursive slot at window base. */
static inline uint32_t pte_addr(uint32_t window, uint32_t va)
{
    return window + (va >> 12) * sizeof(pte_t);
}

/* Where the PDE for va lives, seen through a recursive slot at window base. */
static inline uint32_t pde_addr(uint32_t window_pd, uint32_t va)
{
    return window_pd + pdx(va) * sizeof(pte_t);
}

/* Where va's page table itself appears, seen through a recursive slot at window base. */
static inline uint32_t pt_page_of(uint32_t window, uint32_t va)
{
    return window + pdx(va) * 4096;
}

void paging_init(uint32_t kernel_pd_phys);
uint32_t paging_kernel_pd(void);
/* Run on address space pd (inline: every thread switch calls it). */
static inline void paging_switch(uint32_t pd)
{
    if (read_cr3() != pd)
        write_cr3(pd);
}

/* A new directory sharing the kernel half in frame (taken: pmem_hold), or with frame 0 in a
 * kernel-pool frame (0 if none). */
uint32_t space_create(uint32_t frame);
/* The space pd (not the current one) goes: every user mapping dropped, its tables and itself let
 * go. */
void space_destroy(uint32_t pd);

/* The foreign slot's entry when it shows pd (page_foreign_attach says why A and D are set). */
static inline pte_t foreign_pde(uint32_t pd)
{
    return pd | PTE_P | PTE_W | PTE_A | PTE_D;
}

/* The foreign slot of the current space shows pd from now on (the TLB flushed). */
void page_foreign_attach(uint32_t pd);

/*
 * Where pd's directory appears now (returned) and its tables (*tables): the
 * current space's through the recursive slot, another's through the
 * foreign slot, made to show pd. Valid until a call reaches another space.
 */
static inline uint32_t page_view(uint32_t pd, uint32_t *tables)
{
    if (pd == read_cr3()) {
        *tables = SELF_PT;
        return SELF_PD;
    }
    if (((const pte_t *)(uintptr_t)SELF_PD)[PDE_FOREIGN] != foreign_pde(pd))
        page_foreign_attach(pd);
    *tables = FOREIGN_PT;
    return FOREIGN_PD;
}

/*
 * The PTE slot of va in pd, or NULL when its 4 MiB has no table: one walk
 * to read an entry and change it. Inline: every map, unmap, protect and
 * query, and the fault's MAP answer, take it.
 */
static inline pte_t *page_pte(uint32_t pd, uint32_t va)
{
    uint32_t tables;
    uint32_t dir = page_view(pd, &tables);
    const pte_t *pde = (const pte_t *)(uintptr_t)pde_addr(dir, va);
    return (*pde & PTE_P) ? (pte_t *)(uintptr_t)pte_addr(tables, va) : 0;
}

/* page_pte, a missing table first made from the kernel pool (cleared): NULL when it has none. */
pte_t *page_pte_make(uint32_t pd, uint32_t va);

/*
 * *pte, page_pte's slot of va, becomes (*pte & ~clear) | set; the TLB
 * forgets va when the slot is the current space's (seen at SELF_PT: the
 * foreign slot's space is not loaded, its TLB entries went with cr3).
 */
static inline void page_pte_set(uint32_t va, pte_t *pte, uint32_t set, uint32_t clear)
{
    *pte = (*pte & ~clear) | set;
    if ((uintptr_t)pte >= SELF_PT)
        invlpg(va);
}

/* Map frame at va where nothing is mapped (else E_EXIST), a missing table made from the kernel
 * pool (E_NOMEM if none): the boot tasks' pages (loader.c). */
int page_map(uint32_t pd, uint32_t va, uint32_t frame, uint32_t flags);

/* Frame (taken: pmem_hold) becomes the page table for va's 4 MiB: 0, or E_EXIST. */
int page_table_add(uint32_t pd, uint32_t va, uint32_t frame);

/* The entry va had in pd (0 when nothing was mapped), now cleared. */
static inline pte_t page_unmap(uint32_t pd, uint32_t va)
{
    pte_t *pte = page_pte(pd, va);
    if (!pte || !(*pte & PTE_P))
        return 0;
    pte_t old = *pte;
    page_pte_set(va, pte, 0, ~0u);
    return old;
}

/* The entry of va in pd, 0 when its 4 MiB has no table. */
static inline pte_t page_lookup(uint32_t pd, uint32_t va)
{
    pte_t *pte = page_pte(pd, va);
    return pte ? *pte : 0;
}

/* No foreign slot of pd's (its directory, through a window) shows the dead space any more. */
void page_forget_foreign(uint32_t pd, uint32_t dead);

/* A kernel pointer to frame's contents, valid until the next call with the same slot. */
void *frame_window(uint32_t frame, int slot);
/* Frame's page cleared; frame comes back, in eax (regparm): sc_frame_alloc's answer, a tail call.
 */
uint32_t __attribute__((regparm(1))) frame_zero(uint32_t frame);
void frame_copy(uint32_t dst, uint32_t src);

#endif
