/*
 * Page directories and tables. The boot tasks' live in the kernel frame
 * pool; every other space is built of user frames its pager paid for from
 * the task's container (space_create with a frame, page_table_add), which
 * the kernel lets go when the space goes (pmem_let_go). The kernel half (PDEs 768 and up: the
 * direct map and the frame windows) is built once at boot and copied into every new directory; it
 * never changes after, so all spaces agree on it. PDE 1022 of the current space is the foreign
 * slot, PDE 1023 the recursive one.
 */
#include "paging.h"
#include "abi/errno.h"
#include "panic.h"
#include "pmem.h"
#include "str.h"
#include "task.h"
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

/*
 * Make the foreign slot of the current space show pd's tables (page_view
 * calls this only when it shows another). Its entry carries accessed and
 * dirty from the start (foreign_pde): the CPU sets them on its first walk
 * through the slot (dirty when a foreign directory entry is written, the
 * slot then serving as a PTE), and an entry they changed no longer
 * matched, so every map into another space flushed the TLB.
 */
void page_foreign_attach(uint32_t pd)
{
    self_pd()[PDE_FOREIGN] = foreign_pde(pd);
    task_foreign_attached(read_cr3());
    write_cr3(read_cr3()); /* flush the old foreign window's translations */
}

/* Where pd's tables appear now (*pt_base) and the PDE for va (page_view). */
static pte_t *pde_slot(uint32_t pd, uint32_t va, uint32_t *pt_base)
{
    return (pte_t *)pde_addr(page_view(pd, pt_base), va);
}

/* Frame f becomes the (cleared) page table for va's 4 MiB, seen at pt_base. */
static void table_install(pte_t *pde, uint32_t pt_base, uint32_t va, uint32_t f)
{
    *pde = (f << 12) | PTE_P | PTE_W | PTE_U;
    invlpg(pt_page_of(pt_base, va));
    memset((void *)pt_page_of(pt_base, va), 0, 4096);
}

pte_t *page_pte_make(uint32_t pd, uint32_t va)
{
    uint32_t pt_base;
    pte_t *pde = pde_slot(pd, va, &pt_base);
    if (!(*pde & PTE_P)) {
        uint32_t f = pmem_alloc_kernel();
        if (!f)
            return 0;
        table_install(pde, pt_base, va, f);
    }
    return (pte_t *)pte_addr(pt_base, va);
}

int page_map(uint32_t pd, uint32_t va, uint32_t frame, uint32_t flags)
{
    pte_t *pte = page_pte_make(pd, va);
    if (!pte)
        return E_NOMEM;
    if (*pte & PTE_P)
        return E_EXIST;
    page_pte_set(va, pte, (frame << 12) | (flags & 0xFFF) | PTE_P, ~0u);
    return 0;
}

int page_table_add(uint32_t pd, uint32_t va, uint32_t frame)
{
    uint32_t pt_base;
    pte_t *pde = pde_slot(pd, va, &pt_base);
    if (*pde & PTE_P)
        return E_EXIST;
    table_install(pde, pt_base, va, frame);
    return 0;
}

uint32_t space_create(uint32_t frame)
{
    uint32_t f = frame ? frame : pmem_alloc_kernel();
    if (!f)
        return 0;
    pte_t *pd = frame_window(f, 0);
    const pte_t *kpd = (const pte_t *)(kernel_pd + KERNBASE);
    memset(pd, 0, 768 * sizeof(pte_t));
    memcpy(pd + 768, kpd + 768, 256 * sizeof(pte_t)); /* rep movsl: a loop took five an entry */
    pd[PDE_FOREIGN] = 0;
    pd[PDE_SELF] = (f << 12) | PTE_P | PTE_W;
    return f << 12;
}

/*
 * The index of the first nonzero entry of e[from..n), or n: repe scasl
 * steps over zeros one instruction an entry (a C loop takes five), and a
 * space is mostly zeros (a small program's three tables hold a few dozen
 * entries of 3,072).
 */
static int next_used(const pte_t *e, int from, int n)
{
    const pte_t *at = e + from;
    uint32_t left = (uint32_t)(n - from);
    if (left == 0)
        return n;
    asm volatile("repe scasl" : "+D"(at), "+c"(left) : "a"(0) : "memory", "cc");
    int i = (int)(at - e) - 1; /* the entry it stopped at: nonzero, or the last */
    return e[i] ? i : n;
}

/* Drop the map count of every frame the page table in frame maps, and clear its entries. */
static void table_unref(uint32_t frame)
{
    pte_t *pt = frame_window(frame, 1);
    for (int i = next_used(pt, 0, 1024); i < 1024; i = next_used(pt, i + 1, 1024)) {
        if (pt[i] & PTE_P)
            pmem_map_unref(pt[i] >> 12);
        pt[i] = 0;
    }
}

/*
 * One pass over the directory, seen through window 0 and each table through
 * window 1, not through the foreign slot: a table at a time, not a page at a
 * time (that took 1,024 unmaps a table).
 */
void space_destroy(uint32_t pd)
{
    const pte_t *dir = frame_window(pd >> 12, 0); /* pmem_let_go uses no window */
    for (int i = next_used(dir, 0, 768); i < 768; i = next_used(dir, i + 1, 768)) {
        if (dir[i] & PTE_P) {
            table_unref(dir[i] >> 12);
            pmem_let_go(dir[i] >> 12);
        }
    }
    pmem_let_go(pd >> 12);
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

uint32_t __attribute__((regparm(1))) frame_zero(uint32_t frame)
{
    uint32_t *p = frame_window(frame, 0);
    uint32_t n = 1024;
    asm volatile("rep stosl" : "+D"(p), "+c"(n) : "a"(0) : "memory");
    return frame;
}

/* Copy frame src into frame dst, a page of 32-bit moves through windows 0 and 1. */
void frame_copy(uint32_t dst, uint32_t src)
{
    uint32_t *d = frame_window(dst, 0);
    const uint32_t *s = frame_window(src, 1);
    uint32_t n = 1024;
    asm volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
}

void page_forget_foreign(uint32_t pd, uint32_t dead)
{
    pte_t *dir = frame_window(pd >> 12, 0);
    if (dir[PDE_FOREIGN] == foreign_pde(dead)) {
        dir[PDE_FOREIGN] = 0;
        if (pd == read_cr3())
            write_cr3(pd);
    }
}
