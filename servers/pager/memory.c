/*
 * Frames into address spaces: alloc_page and alloc_mem_quota (the MPTNew
 * layer of the seeds), page-fault resolution, reading a task's memory,
 * sbrk and VM pools. Every frame a task holds is in its pagemap, so that
 * exit, a heap shrink or a pool release can give each one back.
 */
#include "pager.h"
#include "ipc.h"
#include "str.h"

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
    if (r < 0) {
        pagemap_remove(&p->pm, vaddr);
        return r;
    }
    p->mapped++;
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

/*
 * Resolve a fault: 0 when the page is now mapped, otherwise a negative value
 * with *reason saying why the task must end.
 */
int fault_handle(struct proc *p, uint32_t addr, uint32_t err, uint32_t *reason)
{
    struct fault_action a = fault_decide(&p->vs, addr, err & (PF_PRESENT | PF_WRITE | PF_USER));
    p->faults++;
    if (a.action == FAULT_KILL) {
        *reason = a.reason;
        return E_FAULT;
    }
    uint32_t frame = container_alloc(p->container);
    if (frame == 0) {
        *reason = REASON_QUOTA;
        return E_QUOTA;
    }
    if (a.fill == FILL_FILE && a.file_bytes) {
        if (a.file_off + a.file_bytes > p->image_len ||
            frame_write(frame, 0, p->image + a.file_off, a.file_bytes) < 0) {
            container_free(p->container, frame);
            *reason = REASON_SEGV;
            return E_FAULT;
        }
    }
    if (map_page(proc_index(p), a.page, frame, a.perm) < 0) {
        container_free(p->container, frame);
        *reason = REASON_QUOTA;
        return E_QUOTA;
    }
    return 0;
}

/* The frame behind va in p, faulting it in (as a read) when not resident. */
static uint32_t proc_frame(struct proc *p, uint32_t va)
{
    uint32_t page = va & ~(PAGE_SIZE - 1);
    uint32_t frame = pagemap_get(&p->pm, page);
    uint32_t reason;
    if (frame == 0 && fault_handle(p, page, PF_USER, &reason) == 0)
        frame = pagemap_get(&p->pm, page);
    return frame;
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

/* Unmap and give back every resident page in [start, end). */
void proc_free_range(struct proc *p, uint32_t start, uint32_t end)
{
    for (uint32_t va = start; va < end; va += PAGE_SIZE) {
        uint32_t frame = pagemap_remove(&p->pm, va);
        if (frame == 0)
            continue;
        if (!p->exited)
            sys_unmap(p->task, va);
        container_free(p->container, frame);
    }
}

/* Give back every frame of an ended task (the kernel has dropped its mappings). */
void proc_free_all(struct proc *p)
{
    uint32_t cursor = 0, va, frame;
    while (pagemap_next(&p->pm, &cursor, &va, &frame))
        container_free(p->container, frame);
    pagemap_init(&p->pm);
}

int do_sbrk(struct proc *p, int32_t incr, uint32_t *old)
{
    struct region *heap = vmspace_heap(&p->vs);
    if (!heap)
        return ERR_VM_INVALID;
    struct page_range freed = {0, 0};
    int r = memregion_extend(&p->vs, heap, incr, old, &freed);
    if (r < 0)
        return r;
    proc_free_range(p, freed.start, freed.end);
    return 0;
}

int do_vm_alloc(struct proc *p, uint32_t npages, uint32_t *addr)
{
    return vm_allocate(&p->vs, npages, addr);
}

int do_vm_release(struct proc *p, uint32_t addr)
{
    struct page_range freed = {0, 0};
    int r = vm_release(&p->vs, addr, &freed);
    if (r == 0)
        proc_free_range(p, freed.start, freed.end);
    return r;
}
