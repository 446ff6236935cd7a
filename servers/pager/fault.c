/*
 * The fault engine: how a page of a task comes in (a fault, prefetch, eager
 * mapping, a swap-in) and goes out (eviction to swap, release). The policy
 * in force decides how many pages to map and which page to evict; the
 * outside world (the quota server's frames, the kernel's page tables, the
 * swap server, the pager's window) is reached only through pager_ops, so
 * test/unit/test_fault.c runs all of this on the host with fakes.
 *
 * Every page a task has is in its pagemap: a frame number, or a swap slot
 * tagged SWAPPED. Every resident page is also in its resident list (in
 * mapping order), which the replacement policy picks victims from. A page
 * flagged PM_SHARED has its frame or slot in the shared-page table
 * (shares): letting it go drops one mapping, and only the last one gives
 * the frame back, to the container charged for it (docs/quota.md). A
 * shared page leaves memory for all its mappings at once (one write to
 * one slot) and comes back once, for the one that faults: the others
 * point at the frame, PM_ABSENT (in no page table, no resident list),
 * until their own fault maps it. The
 * pages mapped straight from the initrd (whole read-only pages of a
 * program's file) are in no resident list and no table: their frames are
 * the root's, shared by every mapper, never evicted and never given back.
 *
 * Failure convention: a function returns 0 or a negative abi_errno, and
 * leaves the pagemap, the resident list and the books as they were. The
 * functions of the fault path also set *reason to the kill reason that
 * names the step that failed (docs/pager.md lists them).
 */
#include "pager.h"

struct policy policy = {&policy_demand, 0, 0};
struct pager_stats totals;
struct share_table shares;

#define SHARE_FIRST_CAP 256 /* entries of the shared-page table's first storage */

/* Is frame one of the initrd's whole pages (mapped read-only, the root's, never freed)? */
static int frame_of_initrd(uint32_t frame)
{
    return initrd_frame && frame - initrd_frame < initrd_len / PAGE_SIZE;
}

#define FAULT_INLINE static inline __attribute__((always_inline)) /* where a call costs */

/* Note why a step failed and pass its error on. */
static int fail_as(uint32_t *reason, uint32_t why, int err)
{
    *reason = why;
    return err;
}

/* The PERM_* bits a user page is mapped with: always readable, plus its region's W and X. */
uint32_t map_perm_bits(uint32_t perm)
{
    return PERM_R | (perm & (PERM_W | PERM_X));
}

FAULT_INLINE int frame_get(struct proc *p, uint32_t flags, uint32_t *frame, uint32_t *left,
                           uint32_t *reason);

/*
 * A frame from p's container (evicting for it as a page would), recorded in
 * p's pagemap under key and given to the kernel: as the page table for va
 * (table: not zeroed here, the kernel clears a table it installs), else as
 * a page for p's next thread.
 */
static int give_kernel(struct proc *p, uint32_t key, int table, uint32_t va, uint32_t *reason)
{
    uint32_t frame, left;
    int r = frame_get(p, table ? FRAME_UNZEROED : 0, &frame, &left, reason);
    if (r < 0)
        return r;
    r = pagemap_set(&p->pm, key, frame, 0);
    if (r == 0) {
        r = table ? pager_ops.table_add(p->task, va, frame) : pager_ops.kmem_add(p->task, frame);
        if (r < 0)
            pagemap_remove(&p->pm, key);
    }
    if (r < 0) {
        pager_ops.frame_free(p->container, frame);
        return fail_as(reason, r == E_NOMEM ? REASON_PAGER_NOMEM : REASON_MAP, r);
    }
    return 0;
}

int proc_table_add(struct proc *p, uint32_t va, uint32_t *reason)
{
    int r = give_kernel(p, PM_TABLE_KEY(va), 1, va, reason);
    if (r == 0)
        p->tables[(va >> TABLE_SHIFT) / 32] |= 1u << ((va >> TABLE_SHIFT) % 32);
    return r;
}

/* A page for p's next thread, kept by the kernel as its task's spare (PM_KMEM_KEY). */
int proc_kmem_add(struct proc *p, uint32_t *reason)
{
    if (p->kmem_pages == PM_KMEM_MAX)
        return fail_as(reason, REASON_PAGER_NOMEM, E_NOMEM);
    int r = give_kernel(p, PM_KMEM_KEY(p->kmem_pages), 0, 0, reason);
    if (r == 0)
        p->kmem_pages++;
    return r;
}

/*
 * Map frame at va in p's space; the first page of a 4 MiB brings its page
 * table. Inlined into its two callers: a call more costs the demand-zero
 * fault about 25 instructions (make bench).
 */
static inline __attribute__((always_inline)) int
space_map(struct proc *p, uint32_t va, uint32_t frame, uint32_t perm, uint32_t *reason)
{
    int r = pager_ops.map(p->task, va, frame, map_perm_bits(perm));
    if (r == E_NOTABLE) {
        r = proc_table_add(p, va, reason);
        if (r < 0)
            return r;
        r = pager_ops.map(p->task, va, frame, map_perm_bits(perm));
    }
    return r < 0 ? fail_as(reason, REASON_MAP, r) : 0;
}

/*
 * Map frame at e's page in p's page table and put the page on p's resident
 * list (which cannot fail: the list runs through the entries). Inlined into
 * map_page, on the demand-zero fault's path: a call more costs that fault
 * about 10 instructions (make bench).
 */
FAULT_INLINE int map_known(struct proc *p, struct pm_entry *e, uint32_t frame, uint32_t perm,
                           uint32_t *reason)
{
    int r = space_map(p, pm_va(e), frame, perm, reason);
    if (r < 0)
        return r;
    resident_add(&p->res, e);
    p->st.mapped++;
    totals.mapped++;
    return 0;
}

/*
 * Record frame at va in p's pagemap, page table and resident list: all
 * three or none. slot: the page's empty place in the pagemap when the
 * caller has it (pagemap_slot), else NULL.
 */
FAULT_INLINE int map_page(struct proc *p, struct pm_entry *slot, uint32_t va, uint32_t frame,
                          uint32_t perm, uint32_t *reason)
{
    struct pm_entry *e = slot;
    int r = slot ? pagemap_fill(&p->pm, slot, va, frame) : pagemap_set(&p->pm, va, frame, &e);
    if (r < 0)
        return fail_as(reason, r == E_NOMEM ? REASON_PAGER_NOMEM : REASON_MAP, r);
    r = map_known(p, e, frame, perm, reason);
    if (r < 0)
        pagemap_remove(&p->pm, va);
    return r;
}

/* The permission of region perm for a page mapped now: read-only while copy-on-write. */
static uint32_t cow_perm(uint32_t perm, int cow)
{
    return cow ? perm & ~(uint32_t)PERM_W : perm;
}

/* Note what became of a prefetched page (its entry e, or NULL) when it is queried or leaves. */
static void prefetch_settle(struct proc *p, struct pm_entry *e, int used)
{
    if (!e || !(pm_flags(e) & PM_PREFETCHED))
        return;
    pm_set_flags(e, pm_flags(e) & ~PM_PREFETCHED);
    if (used) {
        p->st.prefetch_used++;
        totals.prefetch_used++;
    } else {
        p->st.prefetch_wasted++;
        totals.prefetch_wasted++;
    }
}

/* The pagemap flags of p's page at va (0 when it has none). */
static int page_flags(struct proc *p, uint32_t va)
{
    int flags = pagemap_flags_get(&p->pm, va);
    return flags < 0 ? 0 : flags;
}

/* The next process after index *i mapping the shared page at va (backed by entry), other than p. */
static struct proc *mapper_next(struct proc *p, uint32_t va, uint32_t entry, uint32_t *i)
{
    while (*i < proctab_count()) {
        struct proc *q = proctab_at((*i)++);
        if (q != p && pagemap_get(&q->pm, va) == entry)
            return q;
    }
    return 0;
}

/* Has the page backed by entry other mappings than the one asking? */
static int shared_elsewhere(uint32_t entry)
{
    const struct share_entry *e = share_find(&shares, entry);
    return e && e->refs > 1;
}

/* Did task use its page at va since the last look? (The look clears the accessed bit.) */
static int task_accessed(uint32_t task, uint32_t va)
{
    int q = pager_ops.query(task, va);
    return q > 0 && (q & QUERY_ACCESSED);
}

/*
 * The replacement policy's look at p's resident page at va: a shared page
 * is used when any of its mappings used it (each one's bit is cleared).
 */
static int page_accessed(void *ctx, uint32_t va)
{
    struct proc *p = ctx, *q;
    int used = task_accessed(p->task, va);
    if (page_flags(p, va) & PM_SHARED) {
        uint32_t entry = pagemap_get(&p->pm, va);
        for (uint32_t i = 0; (q = mapper_next(p, va, entry, &i));)
            used |= !(page_flags(q, va) & PM_ABSENT) && task_accessed(q->task, va);
    }
    if (used)
        prefetch_settle(p, pagemap_find(&p->pm, va), 1);
    return used;
}

/*
 * One mapping of entry (a frame, or SWAPPED | slot) goes: the frame goes
 * back to the container charged for it, or the slot to the swap server,
 * unless the page is shared (flags) and other mappings are left, or the
 * frame is the initrd's.
 */
static int backing_release(struct proc *p, uint32_t entry, int flags)
{
    uint32_t container = p->container;
    if (frame_of_initrd(entry))
        return 0; /* the root's, for every mapper */
    if ((flags & PM_SHARED) && share_drop(&shares, entry, &container) > 0)
        return 0;
    if (entry & SWAPPED)
        return pager_ops.swap_free(entry & ~SWAPPED);
    return pager_ops.frame_free(container, entry);
}

/* Larger storage for the shared-page table. */
static int share_grow(void)
{
    uint32_t cap = shares.cap ? shares.cap * 2 : SHARE_FIRST_CAP;
    struct share_entry *slots = pager_ops.mem_alloc(cap * sizeof(*slots));
    if (!slots)
        return E_NOMEM;
    struct share_table old = shares;
    share_move(&shares, slots, cap);
    if (old.slot)
        pager_ops.mem_free(old.slot, old.cap * sizeof(*old.slot));
    return 0;
}

/*
 * p's page (its entry e) is about to be mapped once more (by the caller):
 * count the mapping in the shared-page table (the first time, p's
 * container is charged for the frame) and flag the page PM_SHARED. 0, or
 * E_NOMEM (no room for the table).
 */
static int entry_share(struct proc *p, struct pm_entry *e)
{
    int r = share_add(&shares, e->frame, p->container);
    if (r == E_NOMEM && (r = share_grow()) == 0)
        r = share_add(&shares, e->frame, p->container);
    if (r < 0)
        return r;
    pm_set_flags(e, pm_flags(e) | PM_SHARED);
    return 0;
}

/* entry_share for p's page at va: E_NOENT when there is none. */
int page_share(struct proc *p, uint32_t va)
{
    struct pm_entry *e = pagemap_find(&p->pm, va);
    return e ? entry_share(p, e) : E_NOENT;
}

/*
 * p's pages (in memory or swap) by kind: its own; shared with other
 * mappings; of those, copy-on-write (a write copies them); and the
 * initrd's own frames it maps (program text, data not yet written, mapped
 * files: no container pays for them).
 */
void proc_page_kinds(struct proc *p, uint32_t *own, uint32_t *shared, uint32_t *cow,
                     uint32_t *initrd_pages)
{
    uint32_t cursor = 0;
    const struct pm_entry *e;
    *own = *shared = *cow = *initrd_pages = 0;
    while ((e = pagemap_next(&p->pm, &cursor))) {
        if (pm_va(e) >= USER_TOP)
            continue; /* its page tables and directory (PM_TABLE_KEY), not pages */
        if (frame_of_initrd(e->frame)) {
            (*initrd_pages)++;
            continue;
        }
        const struct share_entry *s = share_find(&shares, e->frame);
        if (!(pm_flags(e) & PM_SHARED) || !s || s->refs < 2) {
            (*own)++;
            continue;
        }
        (*shared)++;
        *cow += (pm_flags(e) & PM_COW) != 0;
    }
}

/* p's page at va, off its resident list, is in slot entry now; PM_SHARED, PM_COW kept. */
static void page_left(struct proc *p, uint32_t va, uint32_t entry, int flags)
{
    prefetch_settle(p, pagemap_find(&p->pm, va), 0);
    pagemap_replace(&p->pm, va, entry);
    pagemap_flags_set(&p->pm, va, (uint8_t)(flags & (PM_SHARED | PM_COW)));
}

/*
 * The shared frame at va, now in slot entry, leaves every other mapping
 * too (a mapper whose task the kernel has ended has no mapping to drop);
 * the table's entry follows it to the slot, and the frame goes back to
 * the container charged for it.
 */
static void share_swapped_out(struct proc *p, uint32_t va, uint32_t frame, uint32_t entry)
{
    struct proc *q;
    for (uint32_t i = 0; (q = mapper_next(p, va, frame, &i));) {
        int flags = page_flags(q, va);
        if (!(flags & PM_ABSENT))
            pager_ops.unmap(q->task, va);
        resident_remove(&q->res, pagemap_find(&q->pm, va));
        page_left(q, va, entry, flags);
    }
    uint32_t charged = share_find(&shares, frame)->container;
    share_rekey(&shares, frame, entry, charged);
    pager_ops.frame_free(charged, frame);
}

/*
 * Write one resident page of p out to swap and give its frame back. A
 * page other mappings share goes out of all of them: written once, its
 * slot shared as its frame was.
 */
static int evict_one(struct proc *p, uint32_t *reason)
{
    struct pm_entry *victim = policy.repl->victim(&p->res, page_accessed, p);
    if (!victim)
        return fail_as(reason, REASON_QUOTA, E_QUOTA); /* nothing resident to make room with */
    uint32_t va = resident_va(victim), frame = victim->frame;
    int flags = (int)pm_flags(victim);
    int shared = (flags & PM_SHARED) && shared_elsewhere(frame);
    int slot = pager_ops.swap_alloc();
    if (slot < 0)
        return fail_as(reason, slot == E_NOSPC ? REASON_SWAP : REASON_SWAP_IO, slot);
    int r = pager_ops.swap_out((uint32_t)slot, frame, va);
    if (r < 0) {
        pager_ops.swap_free((uint32_t)slot);
        return fail_as(reason, REASON_SWAP_IO, r);
    }
    r = pager_ops.unmap(p->task, va);
    if (r < 0) {
        pager_ops.swap_free((uint32_t)slot);
        return fail_as(reason, REASON_MAP, r);
    }
    resident_remove(&p->res, victim);
    page_left(p, va, SWAPPED | (uint32_t)slot, shared ? flags : 0); /* else the slot is p's own */
    if (shared)
        share_swapped_out(p, va, frame, SWAPPED | (uint32_t)slot);
    else
        backing_release(p, frame, flags);
    p->st.evictions++;
    p->st.swap_outs++;
    totals.evictions++;
    totals.swap_outs++;
    return 0;
}

/*
 * A frame from p's container, zeroed unless flags is FRAME_UNZEROED (for a
 * frame filled whole before it is mapped, or cleared by the kernel); *left: the frames its quota
 * still allows after this one.
 */
FAULT_INLINE int frame_alloc(struct proc *p, uint32_t flags, uint32_t *frame, uint32_t *left,
                             uint32_t *reason)
{
    int r = pager_ops.frame_alloc(p->container, flags, frame, left);
    return r < 0 ? fail_as(reason, r == E_QUOTA ? REASON_QUOTA : REASON_PAGER_NOMEM, r) : 0;
}

/* A frame for p: from its quota, or (with a replacement policy) by evicting. */
FAULT_INLINE int frame_get(struct proc *p, uint32_t flags, uint32_t *frame, uint32_t *left,
                           uint32_t *reason)
{
    int r;
    while ((r = frame_alloc(p, flags, frame, left, reason)) == E_QUOTA && policy.repl &&
           !p->pinned) {
        r = evict_one(p, reason);
        if (r < 0)
            return r;
    }
    return r;
}

/*
 * The bytes a FILL_FILE page of p copies from: the whole initrd for a
 * mapped file (REGION_FILE), else p's program file; *len: their length,
 * *first_frame: the frame of their first byte (0: not on a page boundary).
 */
static const uint8_t *fill_source(const struct proc *p, const struct fault_action *a, uint32_t *len,
                                  uint32_t *first_frame)
{
    if (a->region && a->region->kind == REGION_FILE) {
        *len = initrd_len;
        *first_frame = initrd_frame;
        return initrd;
    }
    *len = p->image_len;
    *first_frame = p->image_frame;
    return p->image;
}

/*
 * FRAME_UNZEROED when page_fill writes the page's whole frame (a swap-in, a
 * whole page of a file), else 0: the frame must come zeroed. A frame whose
 * fill fails is freed unmapped, so old contents are never seen by a task.
 */
static inline uint32_t page_filled_whole(const struct fault_action *a, uint32_t entry)
{
    return (entry & SWAPPED) || (a->fill == FILL_FILE && a->file_bytes == PAGE_SIZE)
               ? FRAME_UNZEROED
               : 0;
}

/* Give the page (entry: 0 or a slot) its contents: from swap, the image or the initrd, or zeros. */
FAULT_INLINE int page_fill(struct proc *p, const struct fault_action *a, uint32_t entry,
                           uint32_t frame, uint32_t *reason)
{
    uint32_t len, first;
    if (entry & SWAPPED) {
        int r = pager_ops.swap_in(entry & ~SWAPPED, frame, a->page);
        return r < 0 ? fail_as(reason, REASON_SWAP_IO, r) : 0;
    }
    if (a->fill != FILL_FILE || a->file_bytes == 0)
        return 0;
    const uint8_t *src = fill_source(p, a, &len, &first);
    if (a->file_off + a->file_bytes > len)
        return fail_as(reason, REASON_IMAGE, E_FORMAT);
    int r = pager_ops.frame_write(frame, 0, src + a->file_off, a->file_bytes);
    return r < 0 ? fail_as(reason, REASON_MAP, r) : 0;
}

/*
 * p's copy-on-write page (its pagemap entry e, to have flags) is the last
 * mapping of its frame: it is p's to write. It leaves the shared-page
 * table if p's container is the one charged; otherwise the table's entry
 * stays, to give the frame back there when the page goes.
 */
static void cow_settle(struct proc *p, struct pm_entry *e, int flags)
{
    const struct share_entry *s = share_find(&shares, e->frame);
    uint32_t charged;
    if (s && s->container == p->container) {
        share_drop(&shares, e->frame, &charged);
        flags &= ~PM_SHARED;
    }
    pm_set_flags(e, (uint32_t)flags & ~PM_COW);
}

/*
 * p's page, in swap slot entry, has its contents back in frame: map it and
 * give the slot up. A page other mappings share comes back for all of
 * them: the table's entry follows it to the frame, now charged to p's
 * container, and every other mapping points at the frame, PM_ABSENT (its
 * next fault maps it). Otherwise the frame is p's own. A failure leaves
 * the page in its slot.
 */
static int map_swapped(struct proc *p, const struct fault_action *a, uint32_t entry, uint32_t frame,
                       uint32_t *reason)
{
    uint32_t va = a->page;
    int flags = page_flags(p, va);
    int shared = (flags & PM_SHARED) && shared_elsewhere(entry);
    int r = map_known(p, pagemap_find(&p->pm, va), frame,
                      cow_perm(a->perm, shared && (flags & PM_COW)), reason);
    if (r < 0)
        return r;
    pagemap_replace(&p->pm, va, frame);
    p->st.swap_ins++;
    totals.swap_ins++;
    if (!shared) {
        pagemap_flags_set(&p->pm, va, 0);
        backing_release(p, entry, flags);
        return 0;
    }
    struct proc *q;
    for (uint32_t i = 0; (q = mapper_next(p, va, entry, &i));) {
        pagemap_replace(&q->pm, va, frame);
        pagemap_flags_set(&q->pm, va, (uint8_t)(page_flags(q, va) | PM_ABSENT));
    }
    share_rekey(&shares, entry, frame, p->container);
    pager_ops.swap_free(entry & ~SWAPPED); /* the page is in memory: a slot lost costs no data */
    return 0;
}

/*
 * Map in p the shared frame another mapping brought back from swap (p's
 * page is PM_ABSENT): copy-on-write while still shared, else p's to write.
 */
static int map_absent(struct proc *p, const struct fault_action *a, uint32_t frame,
                      uint32_t *reason)
{
    int flags = page_flags(p, a->page) & ~PM_ABSENT;
    int cow = (flags & PM_COW) && shared_elsewhere(frame);
    int r = map_known(p, pagemap_find(&p->pm, a->page), frame, cow_perm(a->perm, cow), reason);
    if (r < 0)
        return r;
    if ((flags & PM_COW) && !cow)
        cow_settle(p, pagemap_find(&p->pm, a->page), flags);
    else
        pagemap_flags_set(&p->pm, a->page, (uint8_t)flags);
    return 0;
}

/*
 * The initrd frame of the page a describes when it is one whole page of
 * the initrd that needs no copy, else 0: a read-only page, or a page of a
 * private writable region (a program's data, a MAP_PRIVATE file) read
 * before it is written (mapped copy-on-write, map_initrd_page).
 */
FAULT_INLINE uint32_t page_initrd_frame(const struct proc *p, const struct fault_action *a)
{
    uint32_t len, first;
    if (a->fill != FILL_FILE || a->file_bytes != PAGE_SIZE)
        return 0;
    if ((a->perm & PERM_W) && (a->write || (a->region->flags & REGION_SHARED)))
        return 0;
    fill_source(p, a, &len, &first);
    return first && a->file_off % PAGE_SIZE == 0 && a->file_off + PAGE_SIZE <= len
               ? first + a->file_off / PAGE_SIZE
               : 0;
}

/*
 * Map an initrd frame at va in p, read-only: in the pagemap, in no resident
 * list (never evicted) and not in the shared-page table (never freed). It
 * is copy-on-write (PM_COW): should the region be or become writable, the
 * first write gives p a copy of its own (cow_break), never the initrd's
 * frame.
 */
static int map_initrd_page(struct proc *p, uint32_t va, uint32_t frame, uint32_t perm,
                           uint32_t *reason)
{
    struct pm_entry *e;
    int r = pagemap_set(&p->pm, va, frame, &e);
    if (r < 0)
        return fail_as(reason, r == E_NOMEM ? REASON_PAGER_NOMEM : REASON_MAP, r);
    pm_set_flags(e, PM_COW);
    r = space_map(p, va, frame, perm & ~PERM_W, reason);
    if (r < 0) {
        pagemap_remove(&p->pm, va);
        return r;
    }
    p->st.mapped++;
    totals.mapped++;
    return 0;
}

/*
 * Map the page a describes: the frame another mapping brought back from
 * swap, or the initrd's frame when the page needs no copy
 * (page_initrd_frame) and p has no copy of its own in swap (*left is then
 * UINT32_MAX: it cost no quota), else a fresh frame, evicting another page
 * of p for it if may_evict; *left: the frames p's quota still allows after
 * it. slot: the page's place in p's pagemap (pagemap_slot: empty for a
 * page p never had, NULL when its leaf is not there either); inlined into
 * the fault path, which has it already.
 */
FAULT_INLINE int page_bring(struct proc *p, const struct fault_action *a, struct pm_entry *slot,
                            int may_evict, uint32_t *left, uint32_t *reason)
{
    uint32_t frame, entry = slot ? slot->frame : 0;
    if (entry && !(entry & SWAPPED)) {
        *left = UINT32_MAX;
        return map_absent(p, a, entry, reason);
    }
    if (!entry && (frame = page_initrd_frame(p, a))) {
        *left = UINT32_MAX;
        return map_initrd_page(p, a->page, frame, a->perm, reason);
    }
    uint32_t flags = page_filled_whole(a, entry);
    int r = may_evict ? frame_get(p, flags, &frame, left, reason)
                      : frame_alloc(p, flags, &frame, left, reason);
    if (r < 0)
        return r;
    r = page_fill(p, a, entry, frame, reason);
    if (r == 0)
        r = entry ? map_swapped(p, a, entry, frame, reason)
                  : map_page(p, slot, a->page, frame, a->perm, reason);
    if (r < 0)
        pager_ops.frame_free(p->container, frame);
    return r;
}

/* page_bring for the page as p's pagemap has it. */
int page_in(struct proc *p, const struct fault_action *a, int may_evict, uint32_t *left,
            uint32_t *reason)
{
    return page_bring(p, a, pagemap_slot(&p->pm, a->page), may_evict, left, reason);
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
        uint32_t left, reason;
        if (next.action != FAULT_MAP || next.region != a->region ||
            page_in(p, &next, 0, &left, &reason) < 0)
            return;
        pagemap_flags_set(&p->pm, va, (uint8_t)(page_flags(p, va) | PM_PREFETCHED));
        p->st.prefetched++;
        totals.prefetched++;
    }
}

/*
 * Copy p's page (entry e) into frame and map frame there, writable, in its
 * place: PERM_REPLACE drops the shared frame's mapping as the map is made
 * (no unmap first, a system call less).
 */
static int cow_copy(struct proc *p, const struct fault_action *a, struct pm_entry *e,
                    uint32_t frame, uint32_t *reason)
{
    int r = pager_ops.frame_copy(frame, e->frame);
    if (r == 0)
        r = pager_ops.map(p->task, a->page, frame, map_perm_bits(a->perm) | PERM_REPLACE);
    if (r < 0)
        return fail_as(reason, REASON_MAP, r);
    e->frame = frame;
    pm_set_flags(e, 0);
    return 0;
}

/*
 * A write to an initrd page of p (mapped PM_COW): the mapping of the root's
 * frame goes (nothing to give back) and the page comes in again as p's
 * own, filled from the file as at a first touch.
 */
static int initrd_page_copy(struct proc *p, const struct fault_action *a, uint32_t *reason)
{
    uint32_t left;
    int r = pager_ops.unmap(p->task, a->page);
    if (r < 0)
        return fail_as(reason, REASON_MAP, r);
    pagemap_remove(&p->pm, a->page);
    return page_in(p, a, 1, &left, reason);
}

/*
 * A write to a copy-on-write page of p (its pagemap entry e). While other
 * mappings share its frame, p gets a copy in a frame of its own container;
 * the last mapping just becomes writable (and leaves the table if p's
 * container is the one charged; otherwise the entry stays, to free the
 * frame there at the end). Finding the frame may evict the page itself (a
 * replacement policy): then the copy is left to the retried write.
 */
static int cow_break(struct proc *p, const struct fault_action *a, struct pm_entry *e,
                     uint32_t *reason)
{
    uint32_t frame, left, old = e->frame;
    int flags = (int)pm_flags(e);
    if (frame_of_initrd(old))
        return initrd_page_copy(p, a, reason);
    if (!shared_elsewhere(old)) {
        int r = pager_ops.protect(p->task, a->page, map_perm_bits(a->perm));
        if (r < 0)
            return fail_as(reason, REASON_MAP, r);
        cow_settle(p, e, flags);
        return 0;
    }
    int r = frame_get(p, FRAME_UNZEROED, &frame, &left, reason);
    if (r < 0)
        return r;
    if (e->frame != old) { /* evicted meanwhile: the retried write swaps it in */
        pager_ops.frame_free(p->container, frame);
        return 0;
    }
    r = cow_copy(p, a, e, frame, reason);
    if (r < 0)
        pager_ops.frame_free(p->container, frame);
    else /* one mapping less; others are left (they were before frame_get), so nothing goes back */
        share_drop(&shares, old, &(uint32_t){0});
    return r;
}

/*
 * Is the instruction at (tid, eip) stuck? It is when its last STREAK_PAGES
 * faults in a row were all on pages it had already faulted on (no new page:
 * no progress), and it needs more distinct pages than the task has
 * resident: under a replacement policy each fault then evicts a page the
 * same instruction needs next, forever.
 */
static int streak_stuck(struct proc *p, uint32_t tid, uint32_t eip, uint32_t page)
{
    struct fault_streak *s = &p->streak;
    if (s->tid != tid || s->eip != eip)
        *s = (struct fault_streak){.tid = tid, .eip = eip};
    for (uint32_t i = 0; i < s->n; i++)
        if (s->page[i] == page)
            return ++s->refaults >= STREAK_PAGES && s->n > p->res.count;
    s->refaults = 0;
    s->page[s->next] = page; /* a ring: the oldest page makes room */
    s->next = (s->next + 1) % STREAK_PAGES;
    if (s->n < STREAK_PAGES)
        s->n++;
    return 0;
}

/*
 * Resolve a fault of thread tid (0: an access the pager makes for the task)
 * at eip: 0 when the page is now mapped, otherwise a negative abi_errno with
 * *reason saying why the task must end. A page another thread of the task
 * has just faulted in is already there: nothing to do. A write to a page
 * that comes back copy-on-write (from swap, or mapped from the frame
 * another mapping brought back) copies it at once. Only a replacement
 * policy can evict what an instruction needs, so only then is the
 * instruction's progress watched. Inlined into its two callers (FAULT_INLINE).
 */
FAULT_INLINE int fault_resolve(struct proc *p, uint32_t addr, uint32_t err, uint32_t tid,
                               uint32_t eip, uint32_t *reason)
{
    struct fault_action a = fault_decide(&p->vs, addr, err & (PF_PRESENT | PF_WRITE | PF_USER));
    p->st.faults++;
    totals.faults++;
    if (a.action == FAULT_KILL)
        return fail_as(reason, a.reason, E_FAULT);
    struct pm_entry *e = pagemap_slot(&p->pm, a.page); /* its entry when entry != 0 */
    uint32_t entry = e ? e->frame : 0;
    int flags = entry ? (int)pm_flags(e) : 0;
    if (entry && !(entry & SWAPPED) && !(flags & PM_ABSENT))
        return (err & PF_WRITE) && (flags & PM_COW) ? cow_break(p, &a, e, reason) : 0;
    if (tid && policy.repl && streak_stuck(p, tid, eip, a.page))
        return fail_as(reason, REASON_NO_PROGRESS, E_QUOTA);
    uint32_t left;
    int r = page_bring(p, &a, e, 1, &left, reason);
    if (r == 0 && entry && (err & PF_WRITE) && (pm_flags(e) & PM_COW))
        r = cow_break(p, &a, e, reason); /* the writer's copy */
    if (r < 0)
        return r;
    uint32_t n = policy.map->fault_pages
                     ? policy.map->fault_pages(a.page, a.region->end, left, policy.arg)
                     : 1;
    if (n > 1)
        prefetch(p, &a, n);
    return 0;
}

/* A fault the pager takes on the task's behalf (reading its memory, pinning it). */
int fault_handle(struct proc *p, uint32_t addr, uint32_t err, uint32_t *reason)
{
    return fault_resolve(p, addr, err, 0, 0, reason);
}

/*
 * A FAULT{addr, err, eip, tid} the kernel sent for one of p's threads; an
 * instruction that has stopped making progress ends the task with
 * REASON_NO_PROGRESS.
 */
int fault_from_task(struct proc *p, const msg_t *fault, uint32_t *reason)
{
    return fault_resolve(p, fault->w[0], fault->w[1], fault->w[3], fault->w[2], reason);
}

/*
 * map_eagerly's work, a function apart so that a policy that maps on
 * faults alone costs map_eagerly a test and no register saves.
 */
static void __attribute__((noinline)) map_now(struct proc *p, uint32_t start, uint32_t end)
{
    for (uint32_t va = start; va < end; va += PAGE_SIZE) {
        if (pagemap_get(&p->pm, va))
            continue;
        struct fault_action a = fault_decide(&p->vs, va, PF_USER);
        uint32_t left, reason;
        if (a.action != FAULT_MAP || page_in(p, &a, 0, &left, &reason) < 0)
            return;
    }
}

/* Eager mapping: every page of [start, end) now, as far as the quota goes. */
void map_eagerly(struct proc *p, uint32_t start, uint32_t end)
{
    if (policy.map->map_on_grow)
        map_now(p, start, end);
}

/*
 * child maps parent's page (its entry pe) too: one more mapping of its
 * frame or slot. In a private region the page becomes copy-on-write in
 * both: read-only until one of them writes it, should the region be or
 * become writable (mprotect), and so when it comes back from swap; a page
 * of a MAP_SHARED region (REGION_SHARED) is shared as it is; a PROT_NONE
 * page is not mapped in child (PM_ABSENT) until a fault may; an initrd
 * frame is mapped as the initrd's (never counted). A failure leaves the
 * count and child's pagemap in step, so freeing child undoes it.
 */
static int page_fork(struct proc *parent, struct proc *child, struct pm_entry *pe)
{
    uint32_t va = pm_va(pe), entry = pe->frame;
    const struct region *g = region_find(&parent->vs, va);
    if (frame_of_initrd(entry))
        return map_initrd_page(child, va, entry, PERM_R | (g ? g->perm : 0), &(uint32_t){0});
    int cow = g && !(g->flags & REGION_SHARED);
    int swapped = (entry & SWAPPED) != 0;
    int absent = !swapped && g && !(g->perm & (PERM_R | PERM_W | PERM_X)); /* PROT_NONE */
    uint32_t perm = g ? cow_perm(g->perm, cow) : PERM_R, reason, charged;
    int r = entry_share(parent, pe);
    if (r < 0)
        return r;
    r = swapped || absent ? pagemap_set(&child->pm, va, entry, 0)
                          : map_page(child, 0, va, entry, perm, &reason);
    if (r < 0) {
        share_drop(&shares, entry, &charged);
        return r;
    }
    pm_set_flags(pagemap_find(&child->pm, va),
                 PM_SHARED | (cow ? PM_COW : 0) | (absent ? PM_ABSENT : 0));
    uint32_t parent_flags = pm_flags(pe);
    if (!cow || (parent_flags & PM_COW))
        return 0;
    if (!swapped && !(parent_flags & PM_ABSENT) && (g->perm & PERM_W)) /* read-only from now on */
        r = pager_ops.protect(parent->task, va, map_perm_bits(perm));
    if (r == 0)
        pm_set_flags(pe, parent_flags | PM_COW);
    return r;
}

/* fork: child gets every page of parent, copy-on-write (page_fork); its own page tables. */
int proc_copy_pages(struct proc *parent, struct proc *child)
{
    uint32_t cursor = 0;
    struct pm_entry *e;
    int r = 0;
    while (r == 0 && (e = pagemap_next(&parent->pm, &cursor)))
        if (pm_va(e) < USER_TOP) /* keys above are parent's tables (PM_TABLE_KEY) */
            r = page_fork(parent, child, e);
    return r;
}

/*
 * Give one page of p (its entry e) back: its frame to the container, or
 * its swap slot to the swap server.
 */
static void page_release(struct proc *p, struct pm_entry *e)
{
    if (!(e->frame & SWAPPED))
        prefetch_settle(p, e, 0);
    backing_release(p, e->frame, (int)pm_flags(e));
}

/* Unmap and give back every page in [start, end). */
void proc_free_range(struct proc *p, uint32_t start, uint32_t end)
{
    for (uint32_t va = start; va < end; va += PAGE_SIZE) {
        struct pm_entry *e = pagemap_find(&p->pm, va);
        if (!e)
            continue;
        if (!(e->frame & SWAPPED) && !p->exited && !(pm_flags(e) & PM_ABSENT))
            pager_ops.unmap(p->task, va);
        resident_remove(&p->res, e); /* a page on no list (swapped, absent, the initrd's): none */
        page_release(p, e);
        pagemap_remove(&p->pm, va);
    }
}

/* Give back every page of an ended task (the kernel has dropped its mappings), and its regions. */
void proc_free_all(struct proc *p)
{
    uint32_t cursor = 0;
    struct pm_entry *e;
    while ((e = pagemap_next(&p->pm, &cursor)))
        page_release(p, e);
    pagemap_clear(&p->pm);
    resident_init(&p->res);
    vmspace_free(&p->vs);
}
