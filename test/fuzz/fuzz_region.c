/*
 * libFuzzer, stateful: servers/pager/region.c driven by a list of operations
 * read from the input (stack and heap creation, region add and remove, sbrk,
 * faults, VM pools, mmap's placing and cutting). After every operation the
 * invariants of region.h must hold: sorted, page aligned, inside user space,
 * footprints apart, only the heap empty, the heap found where
 * vmspace_init_heap put it, no free page below anon_free. Every sbrk is
 * checked against its definition in 64 bits; mmap's cutting, munmap's
 * removal and mprotect's change page by page against what the pages were
 * before.
 */
#include "harness.h"

#include "servers/pager/region.c"

#define P PAGE_SIZE

/* An address from a few input bytes: near the interesting places, or anywhere. */
static uint32_t addr_of(struct bytes *b)
{
    static const uint32_t near[] = {USER_BASE, 0x10000000u, ANON_BASE, USTACK_TOP - 16 * P,
                                    USER_TOP - 32 * P};
    uint32_t sel = take(b, 1);
    if (sel < 200)
        return near[sel % 5] + (take(b, 1) - 64) * P + (sel & 1 ? 0 : take(b, 1) % 3);
    return take(b, 4);
}

/*
 * sbrk against its definition in 64 bits: below the start ERR_VM_INVALID, a
 * rounded end past the next footprint (or USER_TOP) ERR_VM_BOUND, nothing
 * moved on error; else the new break and end, and a shrink's pages freed.
 */
static void extend_as_model(struct vmspace *vs, struct region *h, int32_t inc)
{
    struct region was = *h;
    uint32_t old = 0;
    struct page_range freed;
    int64_t brk = (int64_t)was.brk + inc;
    int64_t end = (brk + P - 1) & ~(int64_t)(P - 1);
    int want = brk < was.start                                 ? ERR_VM_INVALID
               : end > gap_high(vs, (uint32_t)(h - vs->r) + 1) ? ERR_VM_BOUND
                                                               : 0;
    FUZZ_REQUIRE(memregion_extend(vs, h, inc, &old, &freed) == want && old == was.brk);
    if (want < 0) {
        FUZZ_REQUIRE(h->brk == was.brk && h->end == was.end);
        return;
    }
    FUZZ_REQUIRE(h->brk == (uint32_t)brk && h->end == (uint32_t)end && freed.end == was.end);
    FUZZ_REQUIRE(freed.start == (end < was.end ? (uint32_t)end : was.end));
}

static void check_invariants(const struct vmspace *vs)
{
    FUZZ_REQUIRE(vs->n <= vs->cap);
    int heaps = 0;
    for (uint32_t i = 0; i < vs->n; i++) {
        const struct region *r = &vs->r[i];
        FUZZ_REQUIRE(page_aligned(r->start) && page_aligned(r->end));
        FUZZ_REQUIRE(r->start >= P && r->end <= USER_TOP && region_low(r) >= P);
        FUZZ_REQUIRE(r->end > r->start || (r->kind == REGION_HEAP && r->end == r->start));
        FUZZ_REQUIRE(r->perm <= PERM_RWX && r->kind < REGION_KIND_COUNT);
        if (r->kind == REGION_HEAP) {
            heaps++;
            FUZZ_REQUIRE(r->brk >= r->start && r->end == ((r->brk + P - 1) & ~(P - 1)));
        }
        if (i > 0) {
            FUZZ_REQUIRE(vs->r[i - 1].start < r->start);
            FUZZ_REQUIRE(region_after(&vs->r[i - 1]) <= region_low(r));
        }
    }
    FUZZ_REQUIRE(heaps <= 1);
    struct region *h = vmspace_heap((struct vmspace *)vs);
    FUZZ_REQUIRE(!h || h->start == vs->heap_start);
    /* no page of [ANON_BASE, anon_free) is free: footprints cover it without a hole */
    uint32_t at = ANON_BASE;
    for (uint32_t i = 0; i < vs->n && at < vs->anon_free; i++)
        if (region_low(&vs->r[i]) <= at && at < region_after(&vs->r[i]))
            at = region_after(&vs->r[i]);
    FUZZ_REQUIRE(vs->anon_free >= ANON_BASE && at >= vs->anon_free);
}

/* What a page is, as a fault would see it: its region's kind, permission and flags, and the
 * image bytes behind it (offset and count); kind NO_REGION when no region holds it. */
struct page_desc {
    uint32_t kind, perm, flags, off, bytes;
};
#define NO_REGION 0xFFu

static struct page_desc desc(struct vmspace *vs, uint32_t page)
{
    const struct region *r = region_find(vs, page);
    if (!r)
        return (struct page_desc){.kind = NO_REGION};
    uint32_t in = page - r->start;
    uint32_t bytes = in < r->file_size ? r->file_size - in : 0;
    return (struct page_desc){r->kind, r->perm, r->flags, bytes ? r->file_off + in : 0,
                              bytes > P ? P : bytes};
}

static bool desc_eq(struct page_desc a, struct page_desc b)
{
    return a.kind == b.kind && a.perm == b.perm && a.flags == b.flags && a.off == b.off &&
           a.bytes == b.bytes;
}

/* Pages worth comparing around [start, end): every page of it, its neighbours, and each
 * region's first and last page and those just outside. */
#define PROBES 1024
static uint32_t probe[PROBES];
static struct page_desc before[PROBES];

static uint32_t probes_of(const struct vmspace *vs, uint32_t start, uint32_t end)
{
    uint32_t n = 0;
    for (uint32_t a = start - P; a != end + P && n < PROBES; a += P)
        probe[n++] = a;
    for (uint32_t i = 0; i < vs->n && n + 4 <= PROBES; i++) {
        const struct region *r = &vs->r[i];
        uint32_t at[] = {r->start - P, r->start, r->end - P, r->end};
        for (int k = 0; k < 4; k++)
            probe[n++] = at[k];
    }
    return n;
}

/*
 * mmap's cutting (region_isolate) changes no page; then munmap's removal (region_delete_span)
 * or mprotect's new permission (on the span's regions, as proc_mprotect sets it) changes the
 * pages of [start, end) and no other. region_covered agrees with the pages.
 */
static void cut(struct vmspace *vs, uint32_t start, uint32_t npages, uint32_t what)
{
    uint32_t end = start + npages * P;
    struct region_span span;
    uint32_t n = probes_of(vs, start, end);
    bool covered = npages > 0;
    for (uint32_t i = 0; i < n; i++) {
        before[i] = desc(vs, probe[i]);
        if (probe[i] >= start && probe[i] < end)
            covered &= before[i].kind != NO_REGION;
    }
    if (npages > 0 && start >= P && end <= USER_TOP && end > start)
        FUZZ_REQUIRE(region_covered(vs, start, end) == covered);
    if (region_isolate(vs, start, end, &span) != 0)
        return;
    FUZZ_REQUIRE(span.first + span.count <= vs->n);
    for (uint32_t i = 0; i < vs->n; i++) {
        const struct region *r = &vs->r[i];
        bool inside = r->start >= start && r->start < end && r->end <= end;
        FUZZ_REQUIRE(inside == (i >= span.first && i < span.first + span.count));
    }
    uint32_t perm = what >> 2 & PERM_RWX;
    if (what & 1)
        region_delete_span(vs, &span);
    else if (what & 2)
        for (uint32_t i = span.first; i < span.first + span.count; i++)
            vs->r[i].perm = perm;
    for (uint32_t i = 0; i < n; i++) {
        struct page_desc now = desc(vs, probe[i]), want = before[i];
        if (probe[i] >= start && probe[i] < end && want.kind != NO_REGION) {
            if (what & 1)
                want = (struct page_desc){.kind = NO_REGION};
            else if (what & 2)
                want.perm = perm;
        }
        FUZZ_REQUIRE(desc_eq(now, want));
    }
}

static void step(struct vmspace *vs, struct bytes *b)
{
    uint32_t a;
    struct page_range freed;
    struct region *h;
    switch (take(b, 1) % 11) {
    case 0:
        vmspace_init_stack(vs, addr_of(b));
        break;
    case 1:
        vmspace_init_heap(vs, addr_of(b));
        break;
    case 2: {
        uint32_t start = addr_of(b);
        region_add(vs, start, start + (take(b, 1) % 8) * P, take(b, 1) % 8,
                   (uint8_t)(take(b, 1) % (REGION_KIND_COUNT + 1)), take(b, 2), take(b, 2));
        break;
    }
    case 3:
        region_remove(vs, vs->n && take(b, 1) < 200 ? vs->r[take(b, 1) % vs->n].start : addr_of(b));
        break;
    case 4:
        if ((h = vmspace_heap(vs)) != NULL) {
            int32_t inc = (int32_t)take(b, 4);
            inc = take(b, 1) < 200 ? inc % (int32_t)(64 * P) : inc;
            extend_as_model(vs, h, inc);
        }
        break;
    case 5: {
        struct fault_action fa = fault_decide(vs, addr_of(b), take(b, 1) & 7);
        if (fa.action == FAULT_MAP)
            FUZZ_REQUIRE(fa.region && fa.page >= fa.region->start && fa.page < fa.region->end);
        break;
    }
    case 6:
        if (vm_allocate(vs, take(b, 1) % 64 + (take(b, 1) == 255 ? 0x30000 : 0), &a) == 0)
            FUZZ_REQUIRE(a >= ANON_BASE && a < ANON_LIMIT && is_legitimate(vs, a));
        break;
    case 7:
        a = vs->n && take(b, 1) < 200 ? vs->r[take(b, 1) % vs->n].start : addr_of(b);
        if (vm_release(vs, a, &freed) == 0)
            FUZZ_REQUIRE(freed.start == a && freed.end > a && !is_legitimate(vs, a));
        break;
    case 8:
        if (region_place(vs, addr_of(b), (take(b, 1) % 8 + 1) * P, &a) == 0)
            FUZZ_REQUIRE(!is_legitimate(vs, a) &&
                         region_add(vs, a, a + P, PERM_R, REGION_ANON, 0, 0) != ERR_VM_BOUND);
        break;
    case 9:
        a = addr_of(b);
        cut(vs, a, take(b, 1) % 8, take(b, 1));
        break;
    default:
        a = addr_of(b);
        FUZZ_REQUIRE(!region_find(vs, a) || is_legitimate(vs, a));
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct vmspace vs;
    struct bytes b = {data, size};
    vmspace_init(&vs);
    while (b.n) {
        step(&vs, &b);
        check_invariants(&vs);
    }
    vmspace_free(&vs);
    return 0;
}
