/*
 * The seeds' entry points (alloc_page, alloc_mem_quota of the MPTNew layer)
 * as thin wrappers over the fault engine and the quota client, and the two
 * ways a task grows and shrinks its address space on request: the heap
 * (sbrk) and VM pools. Their request handlers are in main.c.
 */
#include "pager.h"

/* A zero-filled frame from the process's container, mapped at vaddr; MagicNumber if none. */
uint32_t alloc_page(uint32_t proc_index, uint32_t vaddr, uint32_t perm)
{
    struct proc *p = proctab_at(proc_index);
    if (!p)
        return MagicNumber;
    struct fault_action a = {.action = FAULT_MAP, .fill = FILL_ZERO, .page = vaddr, .perm = perm};
    uint32_t left, reason;
    if (page_in(p, &a, 0, &left, &reason) < 0)
        return MagicNumber;
    return pagemap_get(&p->pm, vaddr);
}

/* A child container of id with quota frames: its id, or a negative abi_errno. */
int alloc_mem_quota(uint32_t id, uint32_t quota)
{
    return quota_split(id, quota);
}

/* Move p's break by incr bytes (memregion_extend); pages given up are freed now. */
int proc_sbrk(struct proc *p, int32_t incr, uint32_t *old)
{
    struct region *heap = vmspace_heap(&p->vs);
    if (!heap)
        return ERR_VM_INVALID;
    struct page_range freed;
    uint32_t old_end = heap->end;
    int r = memregion_extend(&p->vs, heap, incr, old, &freed);
    if (r < 0)
        return r;
    if (freed.start < freed.end)
        proc_free_range(p, freed.start, freed.end);
    else if (heap->end > old_end)
        map_eagerly(p, old_end, heap->end);
    return 0;
}

/* A VM pool of npages read-write pages; *addr gets its start. */
int proc_pool_alloc(struct proc *p, uint32_t npages, uint32_t *addr)
{
    int r = vm_allocate(&p->vs, npages, addr);
    if (r == 0)
        map_eagerly(p, *addr, *addr + npages * PAGE_SIZE);
    return r;
}

/* Give back the VM pool starting at addr, and every page of it. */
int proc_pool_release(struct proc *p, uint32_t addr)
{
    struct page_range freed = {0, 0};
    int r = vm_release(&p->vs, addr, &freed);
    if (r == 0)
        proc_free_range(p, freed.start, freed.end);
    return r;
}
