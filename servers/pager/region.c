/*
 * Regions of a task's address space (see region.h for the invariants).
 *
 * The table is a sorted array searched by binary search, grown (doubled)
 * on the pager's heap when a region needs room. Each region owns a
 * "footprint" [region_low, region_after) that no other region may touch: a
 * stack's footprint reaches down over its growth window and guard page, an
 * empty heap's covers its start. Every insertion, the heap's growth and
 * vm_allocate's gap search test against the same footprints, so stack
 * growth never needs a collision check of its own. The heap's lookup and
 * memregion_extend are inline in region.h, with region_low and
 * anon_note_free.
 */
#include "region.h"

#include "abi/errno.h"
#include "str.h"
#include "ulib.h"

#define PERM_RWX (PERM_R | PERM_W | PERM_X)

enum stack_case { STACK_NONE, STACK_GROW, STACK_OVERFLOW };

static bool page_aligned(uint32_t addr)
{
    return (addr & PAGE_MASK) == 0;
}

/* Lowest start of a region placed after r: an empty heap still owns its start. */
static uint32_t region_after(const struct region *r)
{
    return r->end > r->start ? r->end : r->start + PAGE_SIZE;
}

/* Lowest start allowed in the gap before index i (between r[i-1] and r[i]). */
static uint32_t gap_low(const struct vmspace *vs, uint32_t i)
{
    return i == 0 ? PAGE_SIZE : region_after(&vs->r[i - 1]);
}

/* Highest end allowed in the gap before index i. */
static uint32_t gap_high(const struct vmspace *vs, uint32_t i)
{
    return i == vs->n ? USER_TOP : region_low(&vs->r[i]);
}

/* Number of regions starting at or below addr; the last of them is the only one that may hold it.
 */
static uint32_t region_rank(const struct vmspace *vs, uint32_t addr)
{
    uint32_t lo = 0;
    uint32_t hi = vs->n;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (vs->r[mid].start <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Index of the region holding addr, or -1. */
static int region_lookup(const struct vmspace *vs, uint32_t addr)
{
    uint32_t i = region_rank(vs, addr);
    return i > 0 && addr < vs->r[i - 1].end ? (int)i - 1 : -1;
}

/* region_lookup for the fault path when vs->last does not hold addr: remembered in vs->last. */
int region_lookup_remember(struct vmspace *vs, uint32_t addr)
{
    int i = region_lookup(vs, addr);
    if (i >= 0)
        vs->last = (uint32_t)i;
    return i;
}

/* Index of the region starting exactly at start, or -1. */
static int region_at(const struct vmspace *vs, uint32_t start)
{
    uint32_t i = region_rank(vs, start);
    return i > 0 && vs->r[i - 1].start == start ? (int)i - 1 : -1;
}

/* Room for more regions than there are now, or E_NOMEM (the table is as it was). */
static int region_reserve(struct vmspace *vs, uint32_t more)
{
    if (vs->n + more <= vs->cap)
        return 0;
    uint32_t cap = vs->cap ? 2 * vs->cap : 8;
    if (cap < vs->n + more)
        cap = vs->n + more;
    struct region *r = realloc(vs->r, cap * sizeof(*r));
    if (!r)
        return E_NOMEM;
    vs->r = r;
    vs->cap = cap;
    return 0;
}

/* Move anon_free past the footprints that hold it, up to the first free page. */
static void anon_settle(struct vmspace *vs)
{
    for (;;) {
        uint32_t i = region_rank(vs, vs->anon_free);
        if (i > 0 && vs->anon_free < region_after(&vs->r[i - 1]))
            vs->anon_free = region_after(&vs->r[i - 1]);
        else if (i < vs->n && region_low(&vs->r[i]) <= vs->anon_free)
            vs->anon_free = region_after(&vs->r[i]);
        else
            return;
    }
}

/* Insert r at its sorted place if its whole footprint lies in one free gap. */
static int region_insert(struct vmspace *vs, const struct region *r)
{
    uint32_t pos = region_rank(vs, r->start);

    if (region_low(r) < gap_low(vs, pos) || region_after(r) > gap_high(vs, pos))
        return ERR_VM_BOUND;
    int err = region_reserve(vs, 1);
    if (err < 0)
        return err;
    memmove(&vs->r[pos + 1], &vs->r[pos], (vs->n - pos) * sizeof(*r));
    vs->r[pos] = *r;
    vs->n++;
    if (region_low(r) <= vs->anon_free && vs->anon_free < region_after(r))
        anon_settle(vs);
    return 0;
}

static void region_delete(struct vmspace *vs, uint32_t i)
{
    anon_note_free(vs, region_low(&vs->r[i]));
    memmove(&vs->r[i], &vs->r[i + 1], (vs->n - i - 1) * sizeof(vs->r[0]));
    vs->n--;
}

/* An empty space that holds no memory yet. */
void vmspace_init(struct vmspace *vs)
{
    *vs = (struct vmspace){.anon_free = ANON_BASE};
}

/* Give the table's memory back; the space is empty again. */
void vmspace_free(struct vmspace *vs)
{
    free(vs->r);
    vmspace_init(vs);
}

/* dst (empty) becomes a copy of src, with a table of its own (fork); E_NOMEM leaves it empty. */
int vmspace_copy(struct vmspace *dst, const struct vmspace *src)
{
    vmspace_init(dst);
    int err = region_reserve(dst, src->n);
    if (err < 0)
        return err;
    memcpy(dst->r, src->r, src->n * sizeof(*src->r));
    dst->n = src->n;
    dst->heap_start = src->heap_start;
    dst->heap = src->heap;
    dst->anon_free = src->anon_free;
    return 0;
}

/* A one-page stack below top that grows on demand down to USTACK_PAGES pages. */
int vmspace_init_stack(struct vmspace *vs, uint32_t top)
{
    if (!page_aligned(top) || top > USER_TOP || top < (USTACK_PAGES + 2) * PAGE_SIZE)
        return E_INVAL;
    struct region r = {.start = top - PAGE_SIZE,
                       .end = top,
                       .brk = top,
                       .perm = PERM_R | PERM_W,
                       .kind = REGION_STACK};
    return region_insert(vs, &r);
}

/* An empty heap at start, whose break memregion_extend moves; one per space. */
int vmspace_init_heap(struct vmspace *vs, uint32_t start)
{
    if (!page_aligned(start) || start < PAGE_SIZE || start >= USER_TOP)
        return E_INVAL;
    if (vmspace_heap(vs))
        return E_EXIST;
    struct region r = {
        .start = start, .end = start, .brk = start, .perm = PERM_R | PERM_W, .kind = REGION_HEAP};
    int err = region_insert(vs, &r);
    if (err == 0)
        vs->heap_start = start;
    return err;
}

/* vmspace_heap's search, when the heap is no longer where it was last found. */
struct region *vmspace_heap_search(struct vmspace *vs)
{
    int i = vs->heap_start ? region_at(vs, vs->heap_start) : -1;
    if (i < 0 || vs->r[i].kind != REGION_HEAP)
        return NULL;
    vs->heap = (uint32_t)i;
    return &vs->r[i];
}

static bool region_args_valid(uint32_t start, uint32_t end, uint32_t perm, uint8_t kind,
                              uint32_t file_off, uint32_t file_size)
{
    if (!page_aligned(start) || !page_aligned(end) || start < PAGE_SIZE || end <= start ||
        end > USER_TOP)
        return false;
    if ((perm & ~PERM_RWX) || kind >= REGION_KIND_COUNT)
        return false;
    return file_size <= end - start && file_off + file_size >= file_off;
}

/*
 * Add a region; heaps and stacks have their own constructors (vmspace_init_heap,
 * vmspace_init_stack) because they move.
 */
int region_add(struct vmspace *vs, uint32_t start, uint32_t end, uint32_t perm, uint8_t kind,
               uint32_t file_off, uint32_t file_size)
{
    if (!region_args_valid(start, end, perm, kind, file_off, file_size) || kind == REGION_HEAP ||
        kind == REGION_STACK)
        return E_INVAL;
    struct region r = {.start = start,
                       .end = end,
                       .brk = end,
                       .perm = perm,
                       .file_off = file_off,
                       .file_size = file_size,
                       .kind = kind};
    return region_insert(vs, &r);
}

/* Remove the region starting at start; the caller frees its pages first. */
int region_remove(struct vmspace *vs, uint32_t start)
{
    int i = region_at(vs, start);
    if (i < 0)
        return E_NOENT;
    region_delete(vs, i);
    return 0;
}

struct region *region_find(struct vmspace *vs, uint32_t addr)
{
    int i = region_lookup(vs, addr);
    return i < 0 ? NULL : &vs->r[i];
}

/* Cut r[i] in two at addr (page aligned, strictly inside it); room is reserved. */
static void region_split(struct vmspace *vs, uint32_t i, uint32_t addr)
{
    struct region *r = &vs->r[i];
    uint32_t off = addr - r->start;
    struct region upper = *r;

    upper.start = addr;
    upper.file_off = r->file_off + (off < r->file_size ? off : r->file_size);
    upper.file_size = off < r->file_size ? r->file_size - off : 0;
    r->end = r->brk = addr;
    r->file_size -= upper.file_size;
    memmove(&vs->r[i + 2], &vs->r[i + 1], (vs->n - i - 1) * sizeof(*r));
    vs->r[i + 1] = upper;
    vs->n++;
}

/* Is a heap or a stack's footprint in [start, end)? They move, so they are never cut. */
static bool range_has_mover(const struct vmspace *vs, uint32_t start, uint32_t end)
{
    uint32_t i = region_rank(vs, start);
    for (i = i > 0 ? i - 1 : 0; i < vs->n && region_low(&vs->r[i]) < end; i++) {
        const struct region *r = &vs->r[i];
        bool mover = r->kind == REGION_HEAP || r->kind == REGION_STACK;
        if (mover && region_after(r) > start)
            return true;
    }
    return false;
}

/*
 * Make [start, end) (page aligned) a run of whole regions: cut the region
 * that straddles start and the one that straddles end. *span gets the
 * regions inside the range (count 0: none). E_INVAL for a bad range or one
 * that touches a heap or a stack; E_NOMEM when the table has no room for
 * the two cuts plus one region (what munmap, mprotect and MAP_FIXED need at
 * most). Nothing changes on error; a cut on its own changes no behaviour.
 */
int region_isolate(struct vmspace *vs, uint32_t start, uint32_t end, struct region_span *span)
{
    if (!page_aligned(start) || !page_aligned(end) || start < PAGE_SIZE || end <= start ||
        end > USER_TOP || range_has_mover(vs, start, end))
        return E_INVAL;
    int err = region_reserve(vs, 3);
    if (err < 0)
        return err;
    int i = region_lookup(vs, start);
    if (i >= 0 && vs->r[i].start < start)
        region_split(vs, (uint32_t)i, start);
    i = region_lookup(vs, end - 1);
    if (i >= 0 && vs->r[i].end > end)
        region_split(vs, (uint32_t)i, end);
    span->first = region_rank(vs, start - 1);
    span->count = region_rank(vs, end - 1) - span->first;
    return 0;
}

/* Remove the regions of a span; the caller frees their pages. */
void region_delete_span(struct vmspace *vs, const struct region_span *span)
{
    if (span->count == 0)
        return;
    anon_note_free(vs, region_low(&vs->r[span->first]));
    memmove(&vs->r[span->first], &vs->r[span->first + span->count],
            (vs->n - span->first - span->count) * sizeof(vs->r[0]));
    vs->n -= span->count;
}

/* Does a run of regions with no hole cover [start, end)? */
bool region_covered(const struct vmspace *vs, uint32_t start, uint32_t end)
{
    int i = region_lookup(vs, start);
    if (i < 0)
        return false;
    for (uint32_t at = vs->r[i].end; at < end; at = vs->r[i].end)
        if ((uint32_t)++i == vs->n || vs->r[i].start != at)
            return false;
    return true;
}

/* How an address in no region relates to the stack just above it, if any. */
static enum stack_case stack_classify(const struct vmspace *vs, uint32_t addr, uint32_t *idx)
{
    uint32_t i = region_rank(vs, addr);
    if (i == vs->n || vs->r[i].kind != REGION_STACK)
        return STACK_NONE;
    *idx = i;
    uint32_t limit = stack_limit(&vs->r[i]);
    if (addr >= limit)
        return STACK_GROW;
    return limit - addr <= STACK_GUARD_PAGES * PAGE_SIZE ? STACK_OVERFLOW : STACK_NONE;
}

/* Whether a task may touch addr: it lies in a region or in a stack's growth window. */
bool is_legitimate(const struct vmspace *vs, uint32_t addr)
{
    uint32_t i;
    return region_lookup(vs, addr) >= 0 || stack_classify(vs, addr, &i) == STACK_GROW;
}

/*
 * A fault in no region. Inside a stack's growth window the stack grows down
 * to the faulting page (touching pages in order grows it one page a fault;
 * a skipped page joins the region and is mapped when touched); just below
 * the window is a stack overflow; anything else a segmentation fault.
 */
struct fault_action fault_outside(struct vmspace *vs, uint32_t addr)
{
    uint32_t i;

    switch (stack_classify(vs, addr, &i)) {
    case STACK_GROW:
        vs->r[i].start = addr & ~PAGE_MASK;
        return fault_map(&vs->r[i], addr);
    case STACK_OVERFLOW:
        return fault_kill(REASON_STACK, &vs->r[i]);
    default:
        return fault_kill(REASON_SEGV, NULL);
    }
}

/* Is [start, start + size) inside one free gap (no region's footprint touches it)? */
static bool range_free(const struct vmspace *vs, uint32_t start, uint32_t size)
{
    uint32_t pos = region_rank(vs, start);
    return page_aligned(start) && start >= gap_low(vs, pos) && start < USER_TOP &&
           size <= USER_TOP - start && start + size <= gap_high(vs, pos);
}

/*
 * Room for size bytes (a multiple of PAGE_SIZE): at hint when that range is
 * free, else the first gap that fits in [ANON_BASE, ANON_LIMIT), searched
 * from anon_free on. E_NOMEM when there is none.
 */
int region_place(const struct vmspace *vs, uint32_t hint, uint32_t size, uint32_t *addr)
{
    if (size == 0 || !page_aligned(size))
        return E_INVAL;
    if (hint && range_free(vs, hint, size)) {
        *addr = hint;
        return 0;
    }
    for (uint32_t i = region_rank(vs, vs->anon_free); i <= vs->n; i++) {
        uint32_t lo = gap_low(vs, i) > vs->anon_free ? gap_low(vs, i) : vs->anon_free;
        uint32_t hi = gap_high(vs, i) < ANON_LIMIT ? gap_high(vs, i) : ANON_LIMIT;
        if (lo >= ANON_LIMIT)
            break;
        if (lo < hi && hi - lo >= size) {
            *addr = lo;
            return 0;
        }
    }
    return E_NOMEM;
}

/* VM pool allocation: the first gap of npages in [ANON_BASE, ANON_LIMIT) becomes an rw region. */
int vm_allocate(struct vmspace *vs, uint32_t npages, uint32_t *addr)
{
    if (npages == 0 || npages > (ANON_LIMIT - ANON_BASE) / PAGE_SIZE)
        return E_INVAL;
    uint32_t start;
    int err = region_place(vs, 0, npages * PAGE_SIZE, &start);
    if (err < 0)
        return err;
    struct region r = {.start = start,
                       .end = start + npages * PAGE_SIZE,
                       .brk = start + npages * PAGE_SIZE,
                       .perm = PERM_R | PERM_W,
                       .kind = REGION_ANON};
    err = region_insert(vs, &r);
    if (err == 0)
        *addr = start;
    return err;
}

/* Release the VM pool allocation starting at addr; *freed gets its pages to unmap. */
int vm_release(struct vmspace *vs, uint32_t addr, struct page_range *freed)
{
    int i = region_at(vs, addr);
    if (i < 0 || vs->r[i].kind != REGION_ANON)
        return E_NOENT;
    freed->start = vs->r[i].start;
    freed->end = vs->r[i].end;
    region_delete(vs, i);
    return 0;
}
