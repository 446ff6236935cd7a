/*
 * Host tests of servers/pager/region.c: region table, sbrk (memregion_extend),
 * stack growth, fault decisions and the anonymous VM pools.
 */
#include "unit.h"
#include <stdlib.h>

/* The pager's heap: libc's, or none while no_memory is set (the table cannot grow). */
static int no_memory;

static void *fake_realloc(void *old, size_t n)
{
    return no_memory ? NULL : realloc(old, n);
}

#define realloc fake_realloc
#include "servers/pager/region.c"
#undef realloc

#define P    PAGE_SIZE
#define HEAP 0x10000000u
#define TEXT 0x00400000u

static struct vmspace vs;
static uint32_t old;
static struct page_range freed;

static void setup(void)
{
    no_memory = 0;
    vmspace_init(&vs);
    old = 0xdeadbeef;
    freed = (struct page_range){0xdeadbeef, 0xdeadbeef};
}

static void teardown(void)
{
    vmspace_free(&vs);
}

/* Assert the table is sorted and free of overlaps. */
static void check_sorted(void)
{
    for (uint32_t i = 1; i < vs.n; i++) {
        ck_assert_uint_lt(vs.r[i - 1].start, vs.r[i].start);
        ck_assert_uint_le(vs.r[i - 1].end, vs.r[i].start);
    }
}

static struct region *heap_with_brk(uint32_t start, uint32_t brk)
{
    ck_assert_int_eq(vmspace_init_heap(&vs, start), 0);
    struct region *h = vmspace_heap(&vs);
    ck_assert_ptr_nonnull(h);
    ck_assert_int_eq(memregion_extend(&vs, h, (int32_t)(brk - start), &old, &freed), 0);
    return h;
}

/* ---- memregion_extend / heap ---- */

START_TEST(test_extend_grow)
{
    struct region *h = heap_with_brk(HEAP, HEAP);
    ck_assert_uint_eq(h->end, HEAP);
    ck_assert_int_eq(memregion_extend(&vs, h, 100, &old, &freed), 0);
    ck_assert_uint_eq(old, HEAP);
    ck_assert_uint_eq(h->brk, HEAP + 100);
    ck_assert_uint_eq(h->end, HEAP + P);
    ck_assert_uint_eq(freed.start, freed.end);
    ck_assert_int_eq(memregion_extend(&vs, h, 2 * P, &old, &freed), 0);
    ck_assert_uint_eq(old, HEAP + 100);
    ck_assert_uint_eq(h->end, HEAP + 3 * P);
    ck_assert_ptr_eq(region_find(&vs, HEAP + 3 * P - 1), h);
}
END_TEST

START_TEST(test_extend_zero)
{
    struct region *h = heap_with_brk(HEAP, HEAP + 0x1234);
    ck_assert_int_eq(memregion_extend(&vs, h, 0, &old, &freed), 0);
    ck_assert_uint_eq(old, HEAP + 0x1234);
    ck_assert_uint_eq(h->brk, HEAP + 0x1234);
    ck_assert_uint_eq(h->end, HEAP + 2 * P);
    ck_assert_uint_eq(freed.start, freed.end);
}
END_TEST

START_TEST(test_extend_shrink)
{
    struct region *h = heap_with_brk(HEAP, HEAP + 3 * P + 0x10);
    ck_assert_uint_eq(h->end, HEAP + 4 * P);
    ck_assert_int_eq(memregion_extend(&vs, h, -0x10, &old, &freed), 0);
    ck_assert_uint_eq(old, HEAP + 3 * P + 0x10);
    ck_assert_uint_eq(h->brk, HEAP + 3 * P);
    ck_assert_uint_eq(freed.start, HEAP + 3 * P);
    ck_assert_uint_eq(freed.end, HEAP + 4 * P);
    ck_assert_int_eq(memregion_extend(&vs, h, -(int32_t)(2 * P + 1), &old, &freed), 0);
    ck_assert_uint_eq(h->brk, HEAP + P - 1);
    ck_assert_uint_eq(h->end, HEAP + P);
    ck_assert_uint_eq(freed.start, HEAP + P);
    ck_assert_uint_eq(freed.end, HEAP + 3 * P);
    /* back to empty: the whole heap is released, the region stays */
    ck_assert_int_eq(memregion_extend(&vs, h, -(int32_t)(P - 1), &old, &freed), 0);
    ck_assert_uint_eq(h->end, HEAP);
    ck_assert_uint_eq(freed.start, HEAP);
    ck_assert_uint_eq(freed.end, HEAP + P);
    ck_assert_ptr_eq(vmspace_heap(&vs), h);
    ck_assert_ptr_null(region_find(&vs, HEAP));
}
END_TEST

START_TEST(test_extend_below_start)
{
    struct region *h = heap_with_brk(HEAP, HEAP + 0x800);
    ck_assert_int_eq(memregion_extend(&vs, h, -0x801, &old, &freed), ERR_VM_INVALID);
    ck_assert_uint_eq(old, HEAP + 0x800);
    ck_assert_uint_eq(h->brk, HEAP + 0x800);
    ck_assert_uint_eq(h->end, HEAP + P);
    ck_assert_int_eq(memregion_extend(&vs, h, INT32_MIN, &old, &freed), ERR_VM_INVALID);
    ck_assert_uint_eq(h->brk, HEAP + 0x800);
    ck_assert_int_eq(memregion_extend(&vs, h, -0x800, &old, &freed), 0);
    ck_assert_uint_eq(h->brk, HEAP);
}
END_TEST

START_TEST(test_extend_overlap)
{
    ck_assert_int_eq(region_add(&vs, HEAP + 4 * P, HEAP + 5 * P, PERM_R, REGION_DATA, 0, 0), 0);
    struct region *h = heap_with_brk(HEAP, HEAP + 10);
    ck_assert_int_eq(memregion_extend(&vs, h, 4 * P, &old, &freed), ERR_VM_BOUND);
    ck_assert_uint_eq(old, HEAP + 10);
    ck_assert_uint_eq(h->brk, HEAP + 10);
    ck_assert_uint_eq(h->end, HEAP + P);
    /* up to the neighbour exactly is fine */
    ck_assert_int_eq(memregion_extend(&vs, h, 4 * P - 10, &old, &freed), 0);
    ck_assert_uint_eq(h->end, HEAP + 4 * P);
    ck_assert_int_eq(memregion_extend(&vs, h, 1, &old, &freed), ERR_VM_BOUND);
    ck_assert_uint_eq(h->brk, HEAP + 4 * P);
    check_sorted();
}
END_TEST

START_TEST(test_extend_into_stack_window)
{
    uint32_t low = USTACK_TOP - (USTACK_PAGES + 1) * P; /* guard page */
    ck_assert_int_eq(vmspace_init_stack(&vs, USTACK_TOP), 0);
    struct region *h = heap_with_brk(low - P, low - P);
    ck_assert_int_eq(memregion_extend(&vs, h, P, &old, &freed), 0);
    ck_assert_int_eq(memregion_extend(&vs, h, 1, &old, &freed), ERR_VM_BOUND);
    ck_assert_uint_eq(h->end, low);
}
END_TEST

START_TEST(test_extend_overflow)
{
    struct region *h = heap_with_brk(0xB0000000u, 0xB0000000u + 5);
    ck_assert_int_eq(memregion_extend(&vs, h, INT32_MAX, &old, &freed), ERR_VM_BOUND);
    ck_assert_uint_eq(h->brk, 0xB0000000u + 5);
    ck_assert_uint_eq(h->end, 0xB0000000u + P);
    /* past USER_TOP without wrapping 32 bits */
    ck_assert_int_eq(memregion_extend(&vs, h, 0x10000000 - 4, &old, &freed), ERR_VM_BOUND);
    ck_assert_uint_eq(h->brk, 0xB0000000u + 5);
    /* up to USER_TOP exactly */
    ck_assert_int_eq(memregion_extend(&vs, h, 0x10000000 - 5, &old, &freed), 0);
    ck_assert_uint_eq(h->end, USER_TOP);
}
END_TEST

START_TEST(test_extend_not_heap)
{
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + P, PERM_R, REGION_TEXT, 0, 0), 0);
    struct region *t = region_find(&vs, TEXT);
    ck_assert_int_eq(memregion_extend(&vs, t, P, &old, &freed), E_INVAL);
    ck_assert_uint_eq(t->end, TEXT + P);
}
END_TEST

START_TEST(test_heap_init)
{
    ck_assert_ptr_null(vmspace_heap(&vs));
    ck_assert_int_eq(vmspace_init_heap(&vs, HEAP + 1), E_INVAL);
    ck_assert_int_eq(vmspace_init_heap(&vs, 0), E_INVAL);
    ck_assert_int_eq(vmspace_init_heap(&vs, USER_TOP), E_INVAL);
    ck_assert_int_eq(region_add(&vs, HEAP, HEAP + P, PERM_R, REGION_DATA, 0, 0), 0);
    ck_assert_int_eq(vmspace_init_heap(&vs, HEAP), ERR_VM_BOUND);
    ck_assert_int_eq(vmspace_init_heap(&vs, HEAP + P), 0);
    ck_assert_int_eq(vmspace_init_heap(&vs, HEAP + 8 * P), E_EXIST);
    /* an empty heap still owns its start */
    ck_assert_int_eq(region_add(&vs, HEAP + P, HEAP + 2 * P, PERM_R, REGION_DATA, 0, 0),
                     ERR_VM_BOUND);
    ck_assert_int_eq(region_add(&vs, HEAP + 2 * P, HEAP + 3 * P, PERM_R, REGION_DATA, 0, 0), 0);
    ck_assert_uint_eq(vmspace_heap(&vs)->start, HEAP + P);
    ck_assert_int_eq(region_remove(&vs, HEAP + P), 0);
    ck_assert_ptr_null(vmspace_heap(&vs));
    check_sorted();
}
END_TEST

/* The heap is found where the table has moved it since it was last looked up, and not once gone. */
START_TEST(test_heap_found_as_table_moves)
{
    struct region *h = heap_with_brk(HEAP, HEAP + P);
    ck_assert_uint_eq(h - vs.r, 0);
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + P, PERM_R, REGION_TEXT, 0, 0), 0);
    ck_assert_int_eq(region_add(&vs, TEXT + P, TEXT + 2 * P, PERM_R, REGION_DATA, 0, 0), 0);
    h = vmspace_heap(&vs);
    ck_assert_ptr_eq(h, &vs.r[2]);
    ck_assert_uint_eq(h->kind, REGION_HEAP);
    ck_assert_uint_eq(h->brk, HEAP + P);
    ck_assert_int_eq(region_remove(&vs, TEXT), 0);
    ck_assert_ptr_eq(vmspace_heap(&vs), &vs.r[1]);
    ck_assert_int_eq(region_remove(&vs, HEAP), 0);
    ck_assert_int_eq(region_add(&vs, HEAP, HEAP + P, PERM_R, REGION_DATA, 0, 0), 0);
    ck_assert_ptr_null(vmspace_heap(&vs)); /* r[1] starts where the heap did, but is no heap */
}
END_TEST

/* An empty heap's footprint is its start page: it may not sit on a stack's guard page. */
START_TEST(test_heap_on_stack_guard)
{
    uint32_t guard = USTACK_TOP - (USTACK_PAGES + 1) * P;
    ck_assert_int_eq(vmspace_init_stack(&vs, USTACK_TOP), 0);
    ck_assert_int_eq(vmspace_init_heap(&vs, guard), ERR_VM_BOUND);
    ck_assert_int_eq(vmspace_init_heap(&vs, guard + P), ERR_VM_BOUND);
    ck_assert_ptr_null(vmspace_heap(&vs));
    ck_assert_int_eq(vmspace_init_heap(&vs, guard - P), 0);
    ck_assert_int_eq(vs.n, 2);
    check_sorted();
}
END_TEST

/* ---- region_add / find / remove / is_legitimate ---- */

START_TEST(test_add_invalid)
{
    ck_assert_int_eq(region_add(&vs, TEXT + 1, TEXT + P, PERM_R, REGION_TEXT, 0, 0), E_INVAL);
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + P + 8, PERM_R, REGION_TEXT, 0, 0), E_INVAL);
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT, PERM_R, REGION_TEXT, 0, 0), E_INVAL);
    ck_assert_int_eq(region_add(&vs, TEXT + P, TEXT, PERM_R, REGION_TEXT, 0, 0), E_INVAL);
    ck_assert_int_eq(region_add(&vs, 0, P, PERM_R, REGION_TEXT, 0, 0), E_INVAL);
    ck_assert_int_eq(region_add(&vs, USER_TOP - P, USER_TOP + P, PERM_R, REGION_DATA, 0, 0),
                     E_INVAL);
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + P, 0x8, REGION_TEXT, 0, 0), E_INVAL);
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + P, PERM_R, REGION_KIND_COUNT, 0, 0), E_INVAL);
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + P, PERM_R, REGION_HEAP, 0, 0), E_INVAL);
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + P, PERM_R, REGION_STACK, 0, 0), E_INVAL);
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + P, PERM_R, REGION_TEXT, 0, P + 1), E_INVAL);
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + P, PERM_R, REGION_TEXT, 0xFFFFF000u, P), E_INVAL);
    ck_assert_uint_eq(vs.n, 0);
    /* the smallest and largest legal bounds */
    ck_assert_int_eq(region_add(&vs, P, 2 * P, PERM_R, REGION_DATA, 0, 0), 0);
    ck_assert_int_eq(region_add(&vs, USER_TOP - P, USER_TOP, 0, REGION_ANON, 0, 0), 0);
}
END_TEST

START_TEST(test_add_overlap)
{
    ck_assert_int_eq(region_add(&vs, TEXT + 2 * P, TEXT + 4 * P, PERM_R, REGION_TEXT, 0, 0), 0);
    const uint32_t bad[][2] = {{TEXT + P, TEXT + 3 * P},     {TEXT + 3 * P, TEXT + 5 * P},
                               {TEXT + P, TEXT + 5 * P},     {TEXT + 2 * P, TEXT + 3 * P},
                               {TEXT + 3 * P, TEXT + 4 * P}, {TEXT + 2 * P, TEXT + 4 * P}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_int_eq(region_add(&vs, bad[i][0], bad[i][1], PERM_R, REGION_DATA, 0, 0),
                         ERR_VM_BOUND);
    ck_assert_uint_eq(vs.n, 1);
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + 2 * P, PERM_R, REGION_DATA, 0, 0), 0);
    ck_assert_int_eq(region_add(&vs, TEXT + 4 * P, TEXT + 5 * P, PERM_R, REGION_DATA, 0, 0), 0);
    ck_assert_uint_eq(vs.n, 3);
    check_sorted();
}
END_TEST

/* The table grows as regions come: ten thousand one-page pools, then a copy of them. */
START_TEST(test_add_many)
{
    const uint32_t n = 10000;
    uint32_t a;
    for (uint32_t i = 0; i < n; i++) {
        ck_assert_int_eq(vm_allocate(&vs, 1, &a), 0);
        ck_assert_uint_eq(a, ANON_BASE + i * P);
    }
    ck_assert_uint_eq(vs.n, n);
    ck_assert_uint_ge(vs.cap, n);
    check_sorted();
    ck_assert_ptr_eq(region_find(&vs, ANON_BASE + 4321 * P + 7), &vs.r[4321]);
    struct vmspace copy;
    ck_assert_int_eq(vmspace_copy(&copy, &vs), 0);
    ck_assert_ptr_ne(copy.r, vs.r);
    ck_assert_uint_eq(copy.n, n);
    ck_assert_int_eq(memcmp(copy.r, vs.r, n * sizeof(*vs.r)), 0);
    ck_assert_int_eq(vm_release(&copy, ANON_BASE, &freed), 0);
    ck_assert_uint_eq(vs.n, n); /* the copy is its own */
    vmspace_free(&copy);
    ck_assert_ptr_null(copy.r);
    ck_assert_uint_eq(copy.n, 0);
}
END_TEST

/* With no memory for a bigger table, every call that adds a region fails and changes nothing. */
START_TEST(test_add_no_memory)
{
    uint32_t a = 0;
    struct region_span span;
    for (uint32_t i = 0; i < 8; i++)
        ck_assert_int_eq(
            region_add(&vs, TEXT + 2 * i * P, TEXT + (2 * i + 1) * P, PERM_R, REGION_DATA, 0, 0),
            0);
    ck_assert_uint_eq(vs.cap, 8);
    no_memory = 1;
    ck_assert_int_eq(region_add(&vs, HEAP, HEAP + P, PERM_R, REGION_DATA, 0, 0), E_NOMEM);
    ck_assert_int_eq(vmspace_init_heap(&vs, HEAP), E_NOMEM);
    ck_assert_int_eq(vmspace_init_stack(&vs, USTACK_TOP), E_NOMEM);
    ck_assert_int_eq(vm_allocate(&vs, 1, &a), E_NOMEM);
    ck_assert_uint_eq(a, 0);
    ck_assert_int_eq(region_isolate(&vs, TEXT, TEXT + P, &span), E_NOMEM);
    struct vmspace copy;
    ck_assert_int_eq(vmspace_copy(&copy, &vs), E_NOMEM);
    ck_assert_uint_eq(copy.n, 0);
    ck_assert_uint_eq(vs.n, 8);
    check_sorted();
    ck_assert_int_eq(region_remove(&vs, TEXT), 0);
    ck_assert_int_eq(region_add(&vs, HEAP, HEAP + P, PERM_R, REGION_DATA, 0, 0), 0);
}
END_TEST

START_TEST(test_find_many)
{
    const uint32_t n = 60, base = 0x01000000u, stride = 0x10000u;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = (k * 37) % n; /* insert out of order */
        uint32_t start = base + i * stride;
        ck_assert_int_eq(region_add(&vs, start, start + (i % 4 + 1) * P, PERM_R, REGION_DATA, i, 0),
                         0);
    }
    ck_assert_uint_eq(vs.n, n);
    check_sorted();
    for (uint32_t i = 0; i < n; i++) {
        uint32_t start = base + i * stride, end = start + (i % 4 + 1) * P;
        struct region *r = region_find(&vs, start);
        ck_assert_ptr_nonnull(r);
        ck_assert_uint_eq(r->file_off, i);
        ck_assert_ptr_eq(region_find(&vs, end - 1), r);
        ck_assert_ptr_eq(region_find(&vs, start + (end - start) / 2), r);
        ck_assert_ptr_null(region_find(&vs, end));
        ck_assert_ptr_null(region_find(&vs, start - 1));
    }
    ck_assert_ptr_null(region_find(&vs, 0));
    ck_assert_ptr_null(region_find(&vs, 0xFFFFFFFFu));
    ck_assert_int_eq(region_remove(&vs, base + 30 * stride), 0);
    ck_assert_ptr_null(region_find(&vs, base + 30 * stride));
    ck_assert_uint_eq(region_find(&vs, base + 31 * stride)->file_off, 31);
    ck_assert_uint_eq(region_find(&vs, base + 29 * stride)->file_off, 29);
    check_sorted();
}
END_TEST

START_TEST(test_remove)
{
    ck_assert_int_eq(region_remove(&vs, TEXT), E_NOENT);
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + 2 * P, PERM_R, REGION_TEXT, 0, 0), 0);
    ck_assert_int_eq(region_remove(&vs, TEXT + P), E_NOENT);
    ck_assert_int_eq(region_remove(&vs, TEXT), 0);
    ck_assert_uint_eq(vs.n, 0);
    ck_assert_int_eq(region_remove(&vs, TEXT), E_NOENT);
}
END_TEST

START_TEST(test_legitimate)
{
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + 2 * P, PERM_R, REGION_TEXT, 0, 0), 0);
    ck_assert_int_eq(vmspace_init_stack(&vs, USTACK_TOP), 0);
    ck_assert(is_legitimate(&vs, TEXT));
    ck_assert(is_legitimate(&vs, TEXT + P + 123));
    ck_assert(is_legitimate(&vs, TEXT + 2 * P - 1));
    ck_assert(!is_legitimate(&vs, TEXT + 2 * P));
    ck_assert(!is_legitimate(&vs, TEXT - 1));
    ck_assert(!is_legitimate(&vs, 0));
    ck_assert(!is_legitimate(&vs, USER_TOP));
    ck_assert(is_legitimate(&vs, USTACK_TOP - 1));
    ck_assert(!is_legitimate(&vs, USTACK_TOP));
    /* the growth window counts, the guard page below it does not */
    ck_assert(is_legitimate(&vs, USTACK_TOP - USTACK_PAGES * P));
    ck_assert(!is_legitimate(&vs, USTACK_TOP - USTACK_PAGES * P - 1));
    ck_assert(!is_legitimate(&vs, HEAP));
    /* asking does not grow the stack */
    ck_assert_uint_eq(region_find(&vs, USTACK_TOP - 1)->start, USTACK_TOP - P);
}
END_TEST

/* ---- stack ---- */

START_TEST(test_stack_init)
{
    ck_assert_int_eq(vmspace_init_stack(&vs, USTACK_TOP + 4), E_INVAL);
    ck_assert_int_eq(vmspace_init_stack(&vs, USER_TOP + P), E_INVAL);
    ck_assert_int_eq(vmspace_init_stack(&vs, (USTACK_PAGES + 1) * P), E_INVAL);
    ck_assert_int_eq(vmspace_init_stack(&vs, (USTACK_PAGES + 2) * P), 0);
    /* the window and the guard page must be free */
    ck_assert_int_eq(region_add(&vs, USTACK_TOP - (USTACK_PAGES + 1) * P,
                                USTACK_TOP - USTACK_PAGES * P, PERM_R, REGION_DATA, 0, 0),
                     0);
    ck_assert_int_eq(vmspace_init_stack(&vs, USTACK_TOP), ERR_VM_BOUND);
    ck_assert_int_eq(region_remove(&vs, USTACK_TOP - (USTACK_PAGES + 1) * P), 0);
    ck_assert_int_eq(vmspace_init_stack(&vs, USTACK_TOP), 0);
    struct region *s = region_find(&vs, USTACK_TOP - 1);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(s->start, USTACK_TOP - P);
    ck_assert_uint_eq(s->kind, REGION_STACK);
    ck_assert_uint_eq(s->perm, PERM_R | PERM_W);
    /* nothing may be placed in the window or on the guard page */
    ck_assert_int_eq(
        region_add(&vs, USTACK_TOP - 3 * P, USTACK_TOP - 2 * P, PERM_R, REGION_DATA, 0, 0),
        ERR_VM_BOUND);
    ck_assert_int_eq(region_add(&vs, USTACK_TOP - (USTACK_PAGES + 2) * P,
                                USTACK_TOP - (USTACK_PAGES + 1) * P + P, PERM_R, REGION_DATA, 0, 0),
                     ERR_VM_BOUND);
    ck_assert_int_eq(region_add(&vs, USTACK_TOP - (USTACK_PAGES + 2) * P,
                                USTACK_TOP - (USTACK_PAGES + 1) * P, PERM_R, REGION_DATA, 0, 0),
                     0);
    check_sorted();
}
END_TEST

/* The region the last fault was in is tried first, and a table that changed since misleads
 * no lookup: the regions before it go, one comes in its place, its index then names another. */
START_TEST(test_fault_last_region)
{
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + P, PERM_R, REGION_TEXT, 0, 0), 0);
    ck_assert_int_eq(
        region_add(&vs, TEXT + 2 * P, TEXT + 3 * P, PERM_R | PERM_W, REGION_DATA, 0, 0), 0);
    struct fault_action a = fault_decide(&vs, TEXT + 2 * P, PF_WRITE | PF_USER);
    ck_assert_int_eq(a.action, FAULT_MAP);
    ck_assert_uint_eq(a.region->start, TEXT + 2 * P);
    ck_assert_int_eq(region_remove(&vs, TEXT), 0);
    ck_assert_int_eq(fault_decide(&vs, TEXT, PF_USER).action, FAULT_KILL);
    a = fault_decide(&vs, TEXT + 2 * P, PF_WRITE | PF_USER);
    ck_assert_int_eq(a.action, FAULT_MAP);
    ck_assert_uint_eq(a.region->start, TEXT + 2 * P);
    ck_assert_int_eq(region_add(&vs, TEXT + 4 * P, TEXT + 5 * P, PERM_R, REGION_DATA, 0, 0), 0);
    a = fault_decide(&vs, TEXT + 4 * P, PF_USER);
    ck_assert_uint_eq(a.region->start, TEXT + 4 * P);
    ck_assert_int_eq(region_remove(&vs, TEXT + 2 * P), 0);
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + P, PERM_R, REGION_TEXT, 0, 0), 0);
    a = fault_decide(&vs, TEXT, PF_USER); /* index 1 held TEXT + 4 * P last time */
    ck_assert_int_eq(a.action, FAULT_MAP);
    ck_assert_uint_eq(a.region->start, TEXT);
    ck_assert_int_eq(fault_decide(&vs, TEXT + 2 * P, PF_WRITE | PF_USER).action, FAULT_KILL);
}
END_TEST

START_TEST(test_stack_growth)
{
    ck_assert_int_eq(vmspace_init_stack(&vs, USTACK_TOP), 0);
    struct fault_action a = fault_decide(&vs, USTACK_TOP - 4, PF_WRITE | PF_USER);
    ck_assert_int_eq(a.action, FAULT_MAP);
    ck_assert_uint_eq(a.page, USTACK_TOP - P);
    ck_assert_int_eq(a.fill, FILL_ZERO);
    for (uint32_t k = 2; k <= USTACK_PAGES; k++) {
        a = fault_decide(&vs, USTACK_TOP - k * P + 8, PF_WRITE | PF_USER);
        ck_assert_int_eq(a.action, FAULT_MAP);
        ck_assert_int_eq(a.reason, REASON_NONE);
        ck_assert_uint_eq(a.page, USTACK_TOP - k * P);
        ck_assert_uint_eq(a.perm, PERM_R | PERM_W);
        ck_assert_uint_eq(a.region->kind, REGION_STACK);
        ck_assert_uint_eq(a.region->start, USTACK_TOP - k * P);
        ck_assert_uint_eq(a.region->end, USTACK_TOP);
    }
    /* the 11th page is a stack overflow and the stack stays at 10 pages */
    a = fault_decide(&vs, USTACK_TOP - (USTACK_PAGES + 1) * P + 8, PF_WRITE | PF_USER);
    ck_assert_int_eq(a.action, FAULT_KILL);
    ck_assert_int_eq(a.reason, REASON_STACK);
    ck_assert_uint_eq(a.region->start, USTACK_TOP - USTACK_PAGES * P);
    ck_assert_uint_eq(region_find(&vs, USTACK_TOP - 1)->start, USTACK_TOP - USTACK_PAGES * P);
}
END_TEST

START_TEST(test_stack_skip)
{
    ck_assert_int_eq(vmspace_init_stack(&vs, USTACK_TOP), 0);
    struct fault_action a = fault_decide(&vs, USTACK_TOP - 5 * P, PF_USER);
    ck_assert_int_eq(a.action, FAULT_MAP);
    ck_assert_uint_eq(a.page, USTACK_TOP - 5 * P);
    ck_assert_uint_eq(a.region->start, USTACK_TOP - 5 * P);
    a = fault_decide(&vs, USTACK_TOP - 3 * P, PF_USER);
    ck_assert_int_eq(a.action, FAULT_MAP);
    ck_assert_uint_eq(a.page, USTACK_TOP - 3 * P);
    ck_assert_uint_eq(a.region->start, USTACK_TOP - 5 * P);
}
END_TEST

START_TEST(test_stack_guard)
{
    uint32_t limit = USTACK_TOP - USTACK_PAGES * P;
    ck_assert_int_eq(vmspace_init_stack(&vs, USTACK_TOP), 0);
    struct fault_action a = fault_decide(&vs, limit - 1, PF_USER);
    ck_assert_int_eq(a.action, FAULT_KILL);
    ck_assert_int_eq(a.reason, REASON_STACK);
    a = fault_decide(&vs, limit - STACK_GUARD_PAGES * P, PF_USER);
    ck_assert_int_eq(a.reason, REASON_STACK);
    a = fault_decide(&vs, limit - STACK_GUARD_PAGES * P - 1, PF_USER);
    ck_assert_int_eq(a.action, FAULT_KILL);
    ck_assert_int_eq(a.reason, REASON_SEGV);
    ck_assert_ptr_null(a.region);
    ck_assert_uint_eq(region_find(&vs, USTACK_TOP - 1)->start, USTACK_TOP - P);
    /* above the stack: not a stack fault */
    ck_assert_int_eq(fault_decide(&vs, USTACK_TOP, PF_USER).reason, REASON_SEGV);
}
END_TEST

/* ---- fault decisions ---- */

/* text [TEXT, TEXT+2P) from image bytes [0x1000, 0x2800); data [TEXT+2P, TEXT+4P) with one page
 * of file; bss [TEXT+4P, TEXT+5P). */
static void load_image(void)
{
    ck_assert_int_eq(
        region_add(&vs, TEXT, TEXT + 2 * P, PERM_R | PERM_X, REGION_TEXT, 0x1000, 0x1800), 0);
    ck_assert_int_eq(
        region_add(&vs, TEXT + 2 * P, TEXT + 4 * P, PERM_R | PERM_W, REGION_DATA, 0x3000, P), 0);
    ck_assert_int_eq(region_add(&vs, TEXT + 4 * P, TEXT + 5 * P, PERM_R | PERM_W, REGION_BSS, 0, 0),
                     0);
}

START_TEST(test_fault_write_ro)
{
    load_image();
    struct fault_action a = fault_decide(&vs, TEXT + 0x10, PF_WRITE | PF_USER);
    ck_assert_int_eq(a.action, FAULT_KILL);
    ck_assert_int_eq(a.reason, REASON_WRITE_RO);
    ck_assert_uint_eq(a.region->start, TEXT);
    a = fault_decide(&vs, TEXT + 0x10, PF_WRITE | PF_PRESENT | PF_USER);
    ck_assert_int_eq(a.reason, REASON_WRITE_RO);
}
END_TEST

START_TEST(test_fault_outside)
{
    load_image();
    struct fault_action a = fault_decide(&vs, TEXT + 5 * P, PF_USER);
    ck_assert_int_eq(a.action, FAULT_KILL);
    ck_assert_int_eq(a.reason, REASON_SEGV);
    ck_assert_ptr_null(a.region);
    ck_assert_int_eq(fault_decide(&vs, TEXT - 1, PF_WRITE).reason, REASON_SEGV);
    ck_assert_int_eq(fault_decide(&vs, P, PF_USER).reason, REASON_SEGV);
}
END_TEST

START_TEST(test_fault_null_kernel)
{
    ck_assert_int_eq(region_add(&vs, P, 2 * P, PERM_R | PERM_W, REGION_DATA, 0, 0), 0);
    const uint32_t nulls[] = {0, 4, P - 1};
    for (size_t i = 0; i < 3; i++) {
        struct fault_action a = fault_decide(&vs, nulls[i], PF_USER);
        ck_assert_int_eq(a.action, FAULT_KILL);
        ck_assert_int_eq(a.reason, REASON_NULL);
    }
    const uint32_t kaddr[] = {USER_TOP, USER_TOP + 0x1234, 0xFFFFFFFFu};
    for (size_t i = 0; i < 3; i++) {
        struct fault_action a = fault_decide(&vs, kaddr[i], PF_WRITE | PF_USER);
        ck_assert_int_eq(a.action, FAULT_KILL);
        ck_assert_int_eq(a.reason, REASON_KADDR);
        ck_assert_ptr_null(a.region);
    }
    ck_assert_int_eq(fault_decide(&vs, P, PF_USER).action, FAULT_MAP);
}
END_TEST

START_TEST(test_fault_present)
{
    load_image();
    struct fault_action a = fault_decide(&vs, TEXT + 2 * P, PF_PRESENT | PF_USER);
    ck_assert_int_eq(a.action, FAULT_KILL);
    ck_assert_int_eq(a.reason, REASON_PROT);
    /* a write to a present page of a writable region: copy-on-write, the fault engine's call */
    a = fault_decide(&vs, TEXT + 2 * P, PF_PRESENT | PF_WRITE | PF_USER);
    ck_assert_int_eq(a.action, FAULT_MAP);
    ck_assert_int_eq(fault_decide(&vs, TEXT, PF_PRESENT | PF_USER).reason, REASON_PROT);
}
END_TEST

START_TEST(test_fault_no_access)
{
    ck_assert_int_eq(region_add(&vs, HEAP, HEAP + P, 0, REGION_ANON, 0, 0), 0);
    ck_assert_int_eq(fault_decide(&vs, HEAP, PF_USER).reason, REASON_PROT);
    ck_assert_int_eq(fault_decide(&vs, HEAP, PF_WRITE | PF_USER).reason, REASON_WRITE_RO);
    ck_assert_int_eq(region_add(&vs, HEAP + P, HEAP + 2 * P, PERM_X, REGION_TEXT, 0, 0), 0);
    ck_assert_int_eq(fault_decide(&vs, HEAP + P, PF_USER).action, FAULT_MAP);
}
END_TEST

START_TEST(test_fault_file_backing)
{
    load_image();
    struct fault_action a = fault_decide(&vs, TEXT + 0x10, PF_USER);
    ck_assert_int_eq(a.action, FAULT_MAP);
    ck_assert_int_eq(a.reason, REASON_NONE);
    ck_assert_uint_eq(a.page, TEXT);
    ck_assert_uint_eq(a.perm, PERM_R | PERM_X);
    ck_assert_int_eq(a.fill, FILL_FILE);
    ck_assert_uint_eq(a.file_off, 0x1000);
    ck_assert_uint_eq(a.file_bytes, P);
    /* the page straddling the end of the file part */
    a = fault_decide(&vs, TEXT + P + 0xabc, PF_USER);
    ck_assert_uint_eq(a.page, TEXT + P);
    ck_assert_int_eq(a.fill, FILL_FILE);
    ck_assert_uint_eq(a.file_off, 0x2000);
    ck_assert_uint_eq(a.file_bytes, 0x800);
    /* data: file page, then the zero page after the file part */
    a = fault_decide(&vs, TEXT + 2 * P + 5, PF_WRITE | PF_USER);
    ck_assert_int_eq(a.action, FAULT_MAP);
    ck_assert_uint_eq(a.perm, PERM_R | PERM_W);
    ck_assert_int_eq(a.fill, FILL_FILE);
    ck_assert_uint_eq(a.file_off, 0x3000);
    ck_assert_uint_eq(a.file_bytes, P);
    a = fault_decide(&vs, TEXT + 4 * P - 1, PF_WRITE | PF_USER);
    ck_assert_uint_eq(a.page, TEXT + 3 * P);
    ck_assert_int_eq(a.fill, FILL_ZERO);
    /* bss */
    a = fault_decide(&vs, TEXT + 4 * P, PF_WRITE | PF_USER);
    ck_assert_int_eq(a.action, FAULT_MAP);
    ck_assert_uint_eq(a.region->kind, REGION_BSS);
    ck_assert_int_eq(a.fill, FILL_ZERO);
}
END_TEST

START_TEST(test_fault_heap)
{
    struct region *h = heap_with_brk(HEAP, HEAP + 10);
    struct fault_action a = fault_decide(&vs, HEAP + P - 1, PF_WRITE | PF_USER);
    ck_assert_int_eq(a.action, FAULT_MAP);
    ck_assert_ptr_eq(a.region, h);
    ck_assert_int_eq(fault_decide(&vs, HEAP + P, PF_WRITE | PF_USER).reason, REASON_SEGV);
}
END_TEST

/* ---- VM pools ---- */

START_TEST(test_vm_allocate_release)
{
    uint32_t a, b, c;
    ck_assert_int_eq(vm_allocate(&vs, 2, &a), 0);
    ck_assert_uint_eq(a, ANON_BASE);
    ck_assert_int_eq(vm_allocate(&vs, 3, &b), 0);
    ck_assert_uint_eq(b, ANON_BASE + 2 * P);
    struct region *r = region_find(&vs, b + 3 * P - 1);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->kind, REGION_ANON);
    ck_assert_uint_eq(r->perm, PERM_R | PERM_W);
    ck_assert(is_legitimate(&vs, a + P));
    ck_assert_int_eq(fault_decide(&vs, a, PF_WRITE | PF_USER).fill, FILL_ZERO);

    ck_assert_int_eq(vm_release(&vs, a + P, &freed), E_NOENT);
    ck_assert_int_eq(vm_release(&vs, a, &freed), 0);
    ck_assert_uint_eq(freed.start, a);
    ck_assert_uint_eq(freed.end, a + 2 * P);
    ck_assert(!is_legitimate(&vs, a));
    ck_assert_int_eq(vm_release(&vs, a, &freed), E_NOENT);
    /* first fit: a one-page pool reuses the hole, a three-page one goes after b */
    ck_assert_int_eq(vm_allocate(&vs, 1, &c), 0);
    ck_assert_uint_eq(c, ANON_BASE);
    ck_assert_int_eq(vm_allocate(&vs, 3, &c), 0);
    ck_assert_uint_eq(c, b + 3 * P);
    check_sorted();
}
END_TEST

START_TEST(test_vm_release_not_anon)
{
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + P, PERM_R, REGION_TEXT, 0, 0), 0);
    ck_assert_int_eq(region_add(&vs, ANON_BASE, ANON_BASE + P, PERM_R, REGION_DATA, 0, 0), 0);
    ck_assert_int_eq(vm_release(&vs, TEXT, &freed), E_NOENT);
    ck_assert_int_eq(vm_release(&vs, ANON_BASE, &freed), E_NOENT);
    ck_assert_uint_eq(vs.n, 2);
}
END_TEST

START_TEST(test_vm_allocate_skips_regions)
{
    uint32_t a;
    ck_assert_int_eq(region_add(&vs, ANON_BASE + P, ANON_BASE + 2 * P, PERM_R, REGION_DATA, 0, 0),
                     0);
    ck_assert_int_eq(vm_allocate(&vs, 2, &a), 0);
    ck_assert_uint_eq(a, ANON_BASE + 2 * P);
    ck_assert_int_eq(vm_allocate(&vs, 1, &a), 0);
    ck_assert_uint_eq(a, ANON_BASE);
    /* an empty heap owns its start */
    ck_assert_int_eq(vmspace_init_heap(&vs, ANON_BASE + 4 * P), 0);
    ck_assert_int_eq(vm_allocate(&vs, 1, &a), 0);
    ck_assert_uint_eq(a, ANON_BASE + 5 * P);
    check_sorted();
}
END_TEST

START_TEST(test_vm_allocate_exhaustion)
{
    const uint32_t all = (ANON_LIMIT - ANON_BASE) / P;
    uint32_t a = 0, b = 0;
    ck_assert_int_eq(vm_allocate(&vs, 0, &a), E_INVAL);
    ck_assert_int_eq(vm_allocate(&vs, all + 1, &a), E_INVAL);
    ck_assert_int_eq(vm_allocate(&vs, 0xFFFFFFFFu, &a), E_INVAL);
    ck_assert_int_eq(vm_allocate(&vs, all - 1, &a), 0);
    ck_assert_uint_eq(a, ANON_BASE);
    ck_assert_int_eq(vm_allocate(&vs, 2, &b), E_NOMEM);
    ck_assert_uint_eq(b, 0);
    ck_assert_int_eq(vm_allocate(&vs, 1, &b), 0);
    ck_assert_uint_eq(b, ANON_LIMIT - P);
    ck_assert_int_eq(vm_allocate(&vs, 1, &b), E_NOMEM);
    ck_assert_int_eq(vm_release(&vs, a, &freed), 0);
    ck_assert_uint_eq(freed.end - freed.start, (all - 1) * P);
    ck_assert_int_eq(vm_allocate(&vs, all - 1, &b), 0);
    ck_assert_uint_eq(b, ANON_BASE);
}
END_TEST

/* ---- mmap's operations: placing, cutting, covering ---- */

START_TEST(test_place)
{
    uint32_t a = 0;
    ck_assert_int_eq(region_place(&vs, 0, 0, &a), E_INVAL);
    ck_assert_int_eq(region_place(&vs, 0, P + 1, &a), E_INVAL);
    ck_assert_int_eq(region_place(&vs, HEAP, 2 * P, &a), 0);
    ck_assert_uint_eq(a, HEAP); /* a free hint is taken */
    ck_assert_int_eq(region_add(&vs, HEAP, HEAP + 2 * P, PERM_R, REGION_ANON, 0, 0), 0);
    ck_assert_int_eq(region_place(&vs, HEAP + P, P, &a), 0);
    ck_assert_uint_eq(a, ANON_BASE); /* a taken one is not */
    ck_assert_int_eq(region_place(&vs, HEAP + 1, P, &a), 0);
    ck_assert_uint_eq(a, ANON_BASE); /* nor a misaligned one */
    ck_assert_int_eq(region_place(&vs, 0xFFFFF000u, 2 * P, &a), 0);
    ck_assert_uint_eq(a, ANON_BASE); /* nor one that wraps */
    ck_assert_int_eq(region_place(&vs, 0, ANON_LIMIT - ANON_BASE + P, &a), E_NOMEM);
}
END_TEST

/* Many one-page pools in a row: each search starts where the last one ended. */
START_TEST(test_place_resumes)
{
    uint32_t a;
    for (uint32_t i = 0; i < 40; i++) {
        ck_assert_int_eq(vm_allocate(&vs, 1, &a), 0);
        ck_assert_uint_eq(a, ANON_BASE + i * P);
        ck_assert_uint_eq(vs.anon_free, a + P);
    }
    ck_assert_int_eq(vm_release(&vs, ANON_BASE + 7 * P, &freed), 0);
    ck_assert_uint_eq(vs.anon_free, ANON_BASE + 7 * P);
    ck_assert_int_eq(vm_allocate(&vs, 2, &a), 0);
    ck_assert_uint_eq(a, ANON_BASE + 40 * P); /* the hole is too small: anon_free stays */
    ck_assert_uint_eq(vs.anon_free, ANON_BASE + 7 * P);
    ck_assert_int_eq(vm_allocate(&vs, 1, &a), 0);
    ck_assert_uint_eq(a, ANON_BASE + 7 * P);
    ck_assert_uint_eq(vs.anon_free, ANON_BASE + 42 * P);
    check_sorted();
}
END_TEST

/* Cutting a file-backed region keeps each page's image bytes where they were. */
START_TEST(test_isolate_file)
{
    struct region_span span;
    ck_assert_int_eq(
        region_add(&vs, TEXT, TEXT + 4 * P, PERM_R | PERM_X, REGION_TEXT, 0x1000, P + 0x800), 0);
    ck_assert_int_eq(region_isolate(&vs, TEXT + P, TEXT + 3 * P, &span), 0);
    ck_assert_uint_eq(vs.n, 3);
    ck_assert_uint_eq(span.first, 1);
    ck_assert_uint_eq(span.count, 1);
    check_sorted();
    ck_assert_uint_eq(vs.r[0].end, TEXT + P);
    ck_assert_uint_eq(vs.r[0].file_size, P);
    ck_assert_uint_eq(vs.r[1].start, TEXT + P);
    ck_assert_uint_eq(vs.r[1].file_off, 0x2000);
    ck_assert_uint_eq(vs.r[1].file_size, 0x800);
    ck_assert_uint_eq(vs.r[2].file_size, 0);
    struct fault_action a = fault_decide(&vs, TEXT + P, PF_USER);
    ck_assert_int_eq(a.fill, FILL_FILE);
    ck_assert_uint_eq(a.file_off, 0x2000);
    ck_assert_uint_eq(a.file_bytes, 0x800);
    ck_assert_int_eq(fault_decide(&vs, TEXT + 3 * P, PF_USER).fill, FILL_ZERO);
    /* cutting again at the same places changes nothing */
    ck_assert_int_eq(region_isolate(&vs, TEXT + P, TEXT + 3 * P, &span), 0);
    ck_assert_uint_eq(vs.n, 3);
}
END_TEST

START_TEST(test_isolate_delete)
{
    struct region_span span;
    ck_assert_int_eq(region_add(&vs, HEAP, HEAP + 2 * P, PERM_R, REGION_ANON, 0, 0), 0);
    ck_assert_int_eq(region_add(&vs, HEAP + 3 * P, HEAP + 6 * P, PERM_R, REGION_ANON, 0, 0), 0);
    /* across a hole: the tail of the first and the head of the second */
    ck_assert_int_eq(region_isolate(&vs, HEAP + P, HEAP + 4 * P, &span), 0);
    ck_assert_uint_eq(span.count, 2);
    ck_assert(!region_covered(&vs, HEAP + P, HEAP + 4 * P));
    region_delete_span(&vs, &span);
    ck_assert_uint_eq(vs.n, 2);
    ck_assert(is_legitimate(&vs, HEAP));
    ck_assert(!is_legitimate(&vs, HEAP + P));
    ck_assert(!is_legitimate(&vs, HEAP + 3 * P));
    ck_assert(is_legitimate(&vs, HEAP + 4 * P));
    /* a range with no region: an empty span */
    ck_assert_int_eq(region_isolate(&vs, HEAP + 8 * P, HEAP + 9 * P, &span), 0);
    ck_assert_uint_eq(span.count, 0);
    region_delete_span(&vs, &span);
    ck_assert_uint_eq(vs.n, 2);
    check_sorted();
}
END_TEST

START_TEST(test_isolate_refused)
{
    struct region_span span;
    ck_assert_int_eq(vmspace_init_stack(&vs, USTACK_TOP), 0);
    ck_assert_int_eq(vmspace_init_heap(&vs, HEAP), 0);
    ck_assert_int_eq(region_add(&vs, TEXT, TEXT + 2 * P, PERM_R, REGION_TEXT, 0, 0), 0);
    ck_assert_int_eq(region_isolate(&vs, TEXT + 1, TEXT + P, &span), E_INVAL);
    ck_assert_int_eq(region_isolate(&vs, TEXT, TEXT, &span), E_INVAL);
    ck_assert_int_eq(region_isolate(&vs, 0, P, &span), E_INVAL);
    ck_assert_int_eq(region_isolate(&vs, USER_TOP - P, USER_TOP + P, &span), E_INVAL);
    ck_assert_int_eq(region_isolate(&vs, HEAP, HEAP + P, &span), E_INVAL); /* the empty heap */
    /* the stack's region, and its growth window below it */
    ck_assert_int_eq(region_isolate(&vs, USTACK_TOP - P, USTACK_TOP, &span), E_INVAL);
    ck_assert_int_eq(region_isolate(&vs, USTACK_TOP - 5 * P, USTACK_TOP - 4 * P, &span), E_INVAL);
    ck_assert_uint_eq(vs.n, 3);
    ck_assert_int_eq(region_isolate(&vs, TEXT + P, HEAP, &span), 0);
    ck_assert_uint_eq(span.count, 1);
}
END_TEST

START_TEST(test_covered)
{
    ck_assert(!region_covered(&vs, HEAP, HEAP + P));
    ck_assert_int_eq(region_add(&vs, HEAP, HEAP + 2 * P, PERM_R, REGION_ANON, 0, 0), 0);
    ck_assert_int_eq(region_add(&vs, HEAP + 2 * P, HEAP + 3 * P, PERM_R, REGION_DATA, 0, 0), 0);
    ck_assert(region_covered(&vs, HEAP, HEAP + 3 * P));
    ck_assert(region_covered(&vs, HEAP + P, HEAP + 2 * P));
    ck_assert(!region_covered(&vs, HEAP, HEAP + 4 * P));
    ck_assert(!region_covered(&vs, HEAP - P, HEAP + P));
}
END_TEST

UNIT_MAIN(
    "region",
    {"heap", .setup = setup, .teardown = teardown,
     .tests = UNIT_TESTS(test_extend_grow, test_extend_zero, test_extend_shrink,
                         test_extend_below_start, test_extend_overlap,
                         test_extend_into_stack_window, test_extend_overflow, test_extend_not_heap,
                         test_heap_init, test_heap_found_as_table_moves, test_heap_on_stack_guard)},
    {"table", .setup = setup, .teardown = teardown,
     .tests = UNIT_TESTS(test_add_invalid, test_add_overlap, test_add_many, test_add_no_memory,
                         test_find_many, test_remove, test_legitimate)},
    {"stack", .setup = setup, .teardown = teardown,
     .tests = UNIT_TESTS(test_stack_init, test_stack_growth, test_stack_skip, test_stack_guard)},
    {"fault", .setup = setup, .teardown = teardown,
     .tests = UNIT_TESTS(test_fault_last_region, test_fault_write_ro, test_fault_outside,
                         test_fault_null_kernel, test_fault_present, test_fault_no_access,
                         test_fault_file_backing, test_fault_heap)},
    {"vmpool", .setup = setup, .teardown = teardown,
     .tests = UNIT_TESTS(test_vm_allocate_release, test_vm_release_not_anon,
                         test_vm_allocate_skips_regions, test_vm_allocate_exhaustion)},
    {"map", .setup = setup, .teardown = teardown,
     .tests = UNIT_TESTS(test_place, test_place_resumes, test_isolate_file, test_isolate_delete,
                         test_isolate_refused, test_covered)})
