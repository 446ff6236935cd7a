/*
 * Frames into address spaces: alloc_page and alloc_mem_quota (the MPTNew
 * layer of the seeds), page-fault resolution under the policy in force,
 * eviction to swap, reading a task's memory, sbrk and VM pools.
 *
 * Every page a task has is in its pagemap: a frame number, or a swap slot
 * tagged SWAPPED. Every resident page is also in its resident list (in
 * mapping order), which the replacement policy picks victims from.
 */
#include "pager.h"
#include "ipc.h"
#include "str.h"

struct policy policy = {&policy_demand, 0, 0};
struct pager_stats totals;

static uint32_t pte_perm(uint32_t perm)
{
    return PERM_R | (perm & (PERM_W | PERM_X));
}

int map_page(uint32_t proc_index, uint32_t vaddr, uint32_t frame, uint32_t perm)
{
    struct proc *p = &procs[proc_index];
    int r = pagemap_set(&p->pm, vaddr, frame);
    if (r < 0)
        return r;
    r = sys_map(p->task, vaddr, frame, pte_perm(perm));
    if (r == 0)
        r = resident_add(&p->res, vaddr);
    if (r < 0) {
        sys_unmap(p->task, vaddr);
        pagemap_remove(&p->pm, vaddr);
        return r;
    }
    p->st.mapped++;
    totals.mapped++;
    return 0;
}

/* A frame from the process's container, mapped at vaddr; MagicNumber if none. */
uint32_t alloc_page(uint32_t proc_index, uint32_t vaddr, uint32_t perm)
{
    struct proc *p = &procs[proc_index];
    uint32_t frame = container_alloc(p->container);
    if (frame == 0)
        return MagicNumber;
    if (map_page(proc_index, vaddr, frame, perm) < 0) {
        container_free(p->container, frame);
        return MagicNumber;
    }
    return frame;
}

uint32_t alloc_mem_quota(uint32_t id, uint32_t quota)
{
    return (uint32_t)container_split(id, quota);
}

/* Copy len bytes into frame at offset off, through the pager's window. */
static int frame_write(uint32_t frame, uint32_t off, const void *src, uint32_t len)
{
    int r = sys_map(0, WINDOW_VA, frame, PERM_R | PERM_W);
    if (r < 0)
        return r;
    memcpy((uint8_t *)WINDOW_VA + off, src, len);
    sys_unmap(0, WINDOW_VA);
    return 0;
}

static int frame_read(uint32_t frame, uint32_t off, void *dst, uint32_t len)
{
    int r = sys_map(0, WINDOW_VA, frame, PERM_R);
    if (r < 0)
        return r;
    memcpy(dst, (const uint8_t *)WINDOW_VA + off, len);
    sys_unmap(0, WINDOW_VA);
    return 0;
}

/* Note what became of a prefetched page when it is queried or leaves. */
static void prefetch_settle(struct proc *p, uint32_t va, int used)
{
    int flags = pagemap_flags_get(&p->pm, va);
    if (flags < 0 || !(flags & PM_PREFETCHED))
        return;
    pagemap_flags_set(&p->pm, va, (uint8_t)(flags & ~PM_PREFETCHED));
    if (used) {
        p->st.prefetch_used++;
        totals.prefetch_used++;
    } else {
        p->st.prefetch_wasted++;
        totals.prefetch_wasted++;
    }
}

static int page_accessed(void *ctx, uint32_t va)
{
    struct proc *p = ctx;
    int q = sys_query(p->task, va);
    int used = q > 0 && (q & QUERY_ACCESSED);
    if (used)
        prefetch_settle(p, va, 1);
    return used;
}

/* Write one resident page of p out to swap and give its frame back. */
static int evict_one(struct proc *p)
{
    int i = policy.repl->victim(&p->res, page_accessed, p);
    if (i < 0)
        return E_QUOTA;
    uint32_t va = p->res.va[i];
    uint32_t frame = pagemap_get(&p->pm, va);
    int slot = swap_alloc();
    if (slot < 0)
        return slot;
    int r = swap_out((uint32_t)slot, frame, va);
    if (r < 0) {
        swap_free((uint32_t)slot);
        return r;
    }
    prefetch_settle(p, va, 0);
    sys_unmap(p->task, va);
    resident_remove_at(&p->res, (uint32_t)i);
    pagemap_remove(&p->pm, va);
    pagemap_set(&p->pm, va, SWAPPED | (uint32_t)slot);
    container_free(p->container, frame);
    p->st.evictions++;
    p->st.swap_outs++;
    totals.evictions++;
    totals.swap_outs++;
    return 0;
}

/* A frame for p: from its quota, or (with a replacement policy) by evicting. */
static int frame_get(struct proc *p, uint32_t *frame, uint32_t *reason)
{
    *frame = container_alloc(p->container);
    while (*frame == 0) {
        if (!policy.repl || p->pinned) {
            *reason = REASON_QUOTA;
            return E_QUOTA;
        }
        int r = evict_one(p);
        if (r < 0) {
            *reason = r == E_QUOTA ? REASON_QUOTA : REASON_SWAP;
            return r;
        }
        *frame = container_alloc(p->container);
    }
    return 0;
}

/* Give the page its first contents: from swap, from the ELF image, or zeros. */
static int page_fill(struct proc *p, const struct fault_action *a, uint32_t frame)
{
    uint32_t entry = pagemap_get(&p->pm, a->page);
    if (entry & SWAPPED) {
        int r = swap_in(entry & ~SWAPPED, frame, a->page);
        if (r < 0)
            return r;
        swap_free(entry & ~SWAPPED);
        pagemap_remove(&p->pm, a->page);
        p->st.swap_ins++;
        totals.swap_ins++;
        return 0;
    }
    if (a->fill != FILL_FILE || a->file_bytes == 0)
        return 0;
    if (a->file_off + a->file_bytes > p->image_len)
        return E_FORMAT;
    return frame_write(frame, 0, p->image + a->file_off, a->file_bytes);
}

/* Map the page a describes, with a fresh frame; *reason says why not. */
static int page_in(struct proc *p, const struct fault_action *a, int may_evict, uint32_t *reason)
{
    uint32_t frame;
    int r;
    if (may_evict) {
        r = frame_get(p, &frame, reason);
        if (r < 0)
            return r;
    } else if ((frame = container_alloc(p->container)) == 0) {
        return E_QUOTA;
    }
    r = page_fill(p, a, frame);
    if (r == 0)
        r = map_page(proc_index(p), a->page, frame, a->perm);
    if (r < 0) {
        container_free(p->container, frame);
        *reason = REASON_SEGV;
    }
    return r;
}

/* After the faulting page: up to n-1 following pages, while the quota allows. */
static void prefetch(struct proc *p, const struct fault_action *a, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) {
        uint32_t va = a->page + i * PAGE_SIZE;
        uint32_t entry = pagemap_get(&p->pm, va);
        if (entry && !(entry & SWAPPED))
            continue;
        struct fault_action next = fault_decide(&p->vs, va, PF_USER);
        uint32_t reason;
        if (next.action != FAULT_MAP || next.region != a->region ||
            page_in(p, &next, 0, &reason) < 0)
            return;
        pagemap_flags_set(&p->pm, va, PM_PREFETCHED);
        p->st.prefetched++;
        totals.prefetched++;
    }
}

/*
 * Resolve a fault: 0 when the page is now mapped, otherwise a negative value
 * with *reason saying why the task must end.
 */
int fault_handle(struct proc *p, uint32_t addr, uint32_t err, uint32_t *reason)
{
    struct fault_action a = fault_decide(&p->vs, addr, err & (PF_PRESENT | PF_WRITE | PF_USER));
    p->st.faults++;
    totals.faults++;
    if (a.action == FAULT_KILL) {
        *reason = a.reason;
        return E_FAULT;
    }
    int r = page_in(p, &a, 1, reason);
    if (r < 0)
        return r;
    uint32_t n =
        policy.map->fault_pages(a.page, a.region->end, container_free_after_alloc, policy.arg);
    if (n > 1)
        prefetch(p, &a, n);
    return 0;
}

/* Eager mapping: every page of [start, end) now, as far as the quota goes. */
void map_eagerly(struct proc *p, uint32_t start, uint32_t end)
{
    if (!policy.map->map_on_grow())
        return;
    for (uint32_t va = start; va < end; va += PAGE_SIZE) {
        if (pagemap_get(&p->pm, va))
            continue;
        struct fault_action a = fault_decide(&p->vs, va, PF_USER);
        uint32_t reason;
        if (a.action != FAULT_MAP || page_in(p, &a, 0, &reason) < 0)
            return;
    }
}

/* The frame behind va in p, faulting it in (as a read) when not resident. */
static uint32_t proc_frame(struct proc *p, uint32_t va)
{
    uint32_t page = va & ~(PAGE_SIZE - 1);
    uint32_t frame = pagemap_get(&p->pm, page);
    uint32_t reason;
    if ((frame == 0 || (frame & SWAPPED)) && fault_handle(p, page, PF_USER, &reason) == 0)
        frame = pagemap_get(&p->pm, page);
    return frame & SWAPPED ? 0 : frame;
}

int proc_read(struct proc *p, uint32_t va, void *buf, uint32_t len)
{
    uint8_t *dst = buf;
    while (len) {
        uint32_t off = va & (PAGE_SIZE - 1);
        uint32_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
        uint32_t frame = va < USER_TOP ? proc_frame(p, va) : 0;
        if (frame == 0 || frame_read(frame, off, dst, n) < 0)
            return E_FAULT;
        va += n, dst += n, len -= n;
    }
    return 0;
}

/* Read a NUL-terminated string of at most size-1 bytes; E_RANGE if longer. */
int proc_read_str(struct proc *p, uint32_t va, char *buf, uint32_t size)
{
    for (uint32_t i = 0; i < size; i++) {
        int r = proc_read(p, va + i, &buf[i], 1);
        if (r < 0)
            return r;
        if (buf[i] == 0)
            return 0;
    }
    return E_RANGE;
}

/* Fill the page holding va (allocated here if needed) with len bytes at va. */
int proc_write_page(struct proc *p, uint32_t va, const void *src, uint32_t len)
{
    uint32_t page = va & ~(PAGE_SIZE - 1);
    uint32_t frame = pagemap_get(&p->pm, page);
    if (frame == 0) {
        frame = alloc_page(proc_index(p), page, PERM_R | PERM_W);
        if (frame == MagicNumber)
            return E_QUOTA;
    }
    return frame_write(frame, va - page, src, len);
}

/* Forget one page of p: its frame back to the container, or its swap slot freed. */
static void page_release(struct proc *p, uint32_t va, uint32_t entry)
{
    if (entry & SWAPPED) {
        swap_free(entry & ~SWAPPED);
        return;
    }
    prefetch_settle(p, va, 0);
    resident_remove(&p->res, va);
    container_free(p->container, entry);
}

/* Unmap and give back every page in [start, end). */
void proc_free_range(struct proc *p, uint32_t start, uint32_t end)
{
    for (uint32_t va = start; va < end; va += PAGE_SIZE) {
        uint32_t entry = pagemap_get(&p->pm, va);
        if (entry == 0)
            continue;
        if (!p->exited && !(entry & SWAPPED))
            sys_unmap(p->task, va);
        page_release(p, va, entry);
        pagemap_remove(&p->pm, va);
    }
}

/* Give back every page of an ended task (the kernel has dropped its mappings). */
void proc_free_all(struct proc *p)
{
    uint32_t cursor = 0, va, entry;
    while (pagemap_next(&p->pm, &cursor, &va, &entry)) {
        if (entry & SWAPPED) {
            swap_free(entry & ~SWAPPED);
        } else {
            prefetch_settle(p, va, 0);
            container_free(p->container, entry);
        }
    }
    pagemap_init(&p->pm);
    resident_init(&p->res);
}

int do_sbrk(struct proc *p, int32_t incr, uint32_t *old)
{
    struct region *heap = vmspace_heap(&p->vs);
    if (!heap)
        return ERR_VM_INVALID;
    struct page_range freed = {0, 0};
    uint32_t old_end = heap->end;
    int r = memregion_extend(&p->vs, heap, incr, old, &freed);
    if (r < 0)
        return r;
    proc_free_range(p, freed.start, freed.end);
    if (heap->end > old_end)
        map_eagerly(p, old_end, heap->end);
    return 0;
}

int do_vm_alloc(struct proc *p, uint32_t npages, uint32_t *addr)
{
    int r = vm_allocate(&p->vs, npages, addr);
    if (r == 0)
        map_eagerly(p, *addr, *addr + npages * PAGE_SIZE);
    return r;
}

int do_vm_release(struct proc *p, uint32_t addr)
{
    struct page_range freed = {0, 0};
    int r = vm_release(&p->vs, addr, &freed);
    if (r == 0)
        proc_free_range(p, freed.start, freed.end);
    return r;
}
