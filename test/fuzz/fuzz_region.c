/*
 * libFuzzer, stateful: servers/pager/region.c driven by a list of operations
 * read from the input (stack and heap creation, region add and remove, sbrk,
 * faults, VM pools, mmap's placing and cutting). After every operation the invariants of region.h
 * must hold: sorted, page aligned, inside user space, footprints apart, only the heap empty, and
 * the heap found where vmspace_init_heap put it.
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
}

static void step(struct vmspace *vs, struct bytes *b)
{
    uint32_t old, a;
    struct page_range freed;
    struct region *h;
    struct region_span span;
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
            if (memregion_extend(vs, h, inc, &old, &freed) == 0)
                FUZZ_REQUIRE(freed.start <= freed.end);
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
        if (region_isolate(vs, a, a + (take(b, 1) % 8) * P, &span) == 0) {
            FUZZ_REQUIRE(span.first + span.count <= vs->n);
            if (take(b, 1) & 1)
                region_delete_span(vs, &span);
        }
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
