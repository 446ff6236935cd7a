/*
 * Host tests of user/lib/malloc.c over a fake sbrk on a static buffer:
 * patterns written and read back, alignment, reuse, coalescing, realloc,
 * calloc, sbrk failure and a break moved behind malloc's back, misuse
 * reported through malloc_abort, trimming with a negative sbrk, and a long
 * random run checked against a shadow list of live blocks.
 */
#include "unit.h"
#include <stdlib.h>

#include "user/lib/malloc.c"

#define HEAP_SIZE (8u << 20)

/*
 * Check records every passing ck_assert (a write per call), far too slow for
 * the hundreds of thousands of checks of the heap walks: those use REQUIRE,
 * which only reports a failure.
 */
#define REQUIRE(c)                                                                                 \
    do {                                                                                           \
        if (!(c))                                                                                  \
            ck_abort_msg("%s:%d: %s", __FILE__, __LINE__, #c);                                     \
    } while (0)
#define REQUIRE_EQ(a, b)   REQUIRE((a) == (b))
#define REQUIRE_LE(a, b)   REQUIRE((a) <= (b))
#define REQUIRE_GE(a, b)   REQUIRE((a) >= (b))
#define REQUIRE_LT(a, b)   REQUIRE((a) < (b))
#define REQUIRE_NONNULL(p) REQUIRE((p) != NULL)

/* ---- the fake break ---- */

static _Alignas(PAGE) char heap[HEAP_SIZE];
static size_t base, brk; /* offsets in heap: where the break started, where it is */
static size_t limit;     /* growth beyond this offset fails */
static int fail_all, fail_shrink, sbrk_calls, shrinks;

void *malloc_sbrk(intptr_t inc)
{
    sbrk_calls++;
    if (fail_all || (inc < 0 && fail_shrink))
        return (void *)-1;
    if ((inc > 0 && brk + (size_t)inc > limit) || (inc < 0 && (size_t)-inc > brk - base))
        return (void *)-1;
    char *old = heap + brk;
    brk += (size_t)inc;
    shrinks += inc < 0;
    return old;
}

static int aborts;
static const char *abort_why;

void malloc_abort(const char *why)
{
    aborts++;
    abort_why = why;
}

static void heap_reset(size_t start)
{
    first = last = free_head = NULL;
    arena = in_use = 0;
    memset(heap, 0xAA, sizeof(heap));
    base = brk = start;
    limit = HEAP_SIZE;
    fail_all = fail_shrink = sbrk_calls = shrinks = aborts = 0;
    abort_why = NULL;
}

static void setup(void)
{
    heap_reset(0);
}

/* ---- the heap's invariants, from the outside ---- */

/* Walk the arena and the free list, asserting every invariant; returns the number of blocks. */
static int heap_check(void)
{
    size_t used = 0, total = 0;
    int blocks = 0, nfree = 0;
    for (struct block *b = first, *prev = NULL; b; prev = b, b = next_of(b), blocks++) {
        REQUIRE_EQ((uintptr_t)b % ALIGN, 0);
        REQUIRE_EQ(b->size % ALIGN, 0);
        REQUIRE_GE(b->size, MIN_BLOCK);
        REQUIRE_EQ(b->prev, prev);
        REQUIRE(b->magic == MAGIC_USED || b->magic == MAGIC_FREE);
        REQUIRE(!(prev && prev->magic == MAGIC_FREE && b->magic == MAGIC_FREE));
        total += b->size;
        used += b->magic == MAGIC_USED ? b->size : 0;
        nfree += b->magic == MAGIC_FREE;
    }
    REQUIRE_EQ(used, in_use);
    REQUIRE_EQ(arena, brk - base);
    if (first) {
        REQUIRE_EQ(block_end(last), heap + brk);
        REQUIRE_EQ(total, (size_t)(block_end(last) - (char *)first));
        REQUIRE_LT((size_t)((char *)first - (heap + base)), ALIGN);
    }
    int listed = 0;
    for (struct block *b = free_head, *prev = NULL; b; prev = b, b = links_of(b)->next) {
        REQUIRE_EQ(b->magic, MAGIC_FREE);
        REQUIRE_EQ(links_of(b)->prev, prev);
        REQUIRE_LE(++listed, nfree);
    }
    REQUIRE_EQ(listed, nfree);
    return blocks;
}

static void fill(void *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        ((unsigned char *)p)[i] = (unsigned char)(seed * 31 + i);
}

static int filled(const void *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (((const unsigned char *)p)[i] != (unsigned char)(seed * 31 + i))
            return 0;
    return 1;
}

/* Use up the free block at the top, so that only freed blocks can serve a request. */
static void *eat_top(void)
{
    ck_assert_ptr_eq(free_head, last);
    void *p = umalloc(last->size - HDR);
    ck_assert_ptr_null(free_head);
    return p;
}

/* ---- allocation ---- */

START_TEST(test_patterns)
{
    enum { N = 500 };
    static unsigned char *p[N];
    static size_t n[N];
    for (unsigned i = 0; i < N; i++) {
        n[i] = (i * 7919u) % 5000;
        p[i] = umalloc(n[i]);
        ck_assert_ptr_nonnull(p[i]);
        fill(p[i], n[i], i);
    }
    heap_check();
    for (unsigned i = 0; i < N; i++)
        ck_assert(filled(p[i], n[i], i));
    for (unsigned i = 0; i < N; i += 2)
        ufree(p[i]);
    heap_check();
    for (unsigned i = 1; i < N; i += 2)
        ck_assert(filled(p[i], n[i], i));
    for (unsigned i = 1; i < N; i += 2)
        ufree(p[i]);
    ck_assert_int_eq(heap_check(), 1);
    ck_assert_uint_eq(in_use, 0);
    ck_assert_int_eq(aborts, 0);
}
END_TEST

START_TEST(test_alignment)
{
    for (size_t n = 0; n < 200; n++) {
        void *p = umalloc(n);
        ck_assert_ptr_nonnull(p);
        ck_assert_uint_eq((uintptr_t)p % 16, 0);
    }
    heap_check();
}
END_TEST

/* A break that starts off a 16-byte boundary still gives aligned blocks. */
START_TEST(test_misaligned_break)
{
    heap_reset(4);
    void *a = umalloc(10), *b = umalloc(100);
    ck_assert_uint_eq((uintptr_t)a % 16, 0);
    ck_assert_uint_eq((uintptr_t)b % 16, 0);
    ck_assert_ptr_eq(first, (struct block *)(heap + 16));
    heap_check();
}
END_TEST

START_TEST(test_zero_size)
{
    void *a = umalloc(0), *b = umalloc(0);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_ne(a, b);
    ufree(a);
    ufree(b);
    ck_assert_uint_eq(in_use, 0);
}
END_TEST

START_TEST(test_reuse)
{
    void *a = umalloc(100);
    void *guard = umalloc(16);
    ufree(a);
    ck_assert_ptr_eq(umalloc(100), a);
    ufree(a);
    ck_assert_ptr_eq(umalloc(40), a); /* a smaller request fits the same hole */
    ck_assert_ptr_nonnull(guard);
    heap_check();
}
END_TEST

/* Free three neighbours (in the orders that merge down, up and both ways); their sum fits. */
static void coalesce(int order)
{
    static const int orders[][3] = {{0, 1, 2}, {2, 1, 0}, {0, 2, 1}};
    void *p[3];
    for (int i = 0; i < 3; i++)
        p[i] = umalloc(1000);
    void *guard = umalloc(16);
    void *top = eat_top();
    size_t a = arena;
    int calls = sbrk_calls;
    for (int i = 0; i < 3; i++)
        ufree(p[orders[order][i]]);
    ck_assert_int_eq(heap_check(), 3);
    void *all = umalloc(3 * block_size(1000) - HDR);
    ck_assert_ptr_eq(all, p[0]);
    ck_assert_uint_eq(arena, a);
    ck_assert_int_eq(sbrk_calls, calls);
    ck_assert_ptr_nonnull(guard);
    ck_assert_ptr_nonnull(top);
}

START_TEST(test_coalesce)
{
    coalesce(_i);
}
END_TEST

START_TEST(test_grow_merges_top)
{
    void *a = umalloc(100);
    size_t top = last->size, before = arena;
    ck_assert_uint_eq(last->magic, MAGIC_FREE);
    void *big = umalloc(top + 40960); /* more than the top block: grow by the difference */
    ck_assert_ptr_nonnull(big);
    ck_assert_uint_eq(arena, before + block_size(top + 40960) - top);
    ck_assert_ptr_null(free_head);
    ck_assert_ptr_eq(big, (char *)a + block_size(100));
    heap_check();
}
END_TEST

/* ---- realloc and calloc ---- */

START_TEST(test_realloc_grow_shrink)
{
    char *p = umalloc(100);
    fill(p, 100, 1);
    void *guard = umalloc(16);
    char *q = urealloc(p, 5000); /* the neighbour is used: it moves */
    ck_assert_ptr_ne(q, p);
    ck_assert(filled(q, 100, 1));
    ck_assert_uint_eq(((struct block *)p - 1)->magic, MAGIC_FREE); /* the old block is free */
    fill(q, 5000, 2);
    size_t before = in_use;
    char *r = urealloc(q, 50); /* shrinks where it is */
    ck_assert_ptr_eq(r, q);
    ck_assert(filled(r, 50, 2));
    ck_assert_uint_eq(in_use, before - (block_size(5000) - block_size(50)));
    ck_assert_ptr_eq(urealloc(r, 0), r);
    ck_assert_ptr_nonnull(guard);
    heap_check();
}
END_TEST

START_TEST(test_realloc_in_place)
{
    char *a = umalloc(100), *b = umalloc(300);
    void *guard = umalloc(16);
    fill(a, 100, 3);
    ufree(b);
    ck_assert_ptr_eq(urealloc(a, 350), a); /* takes part of the free neighbour */
    ck_assert(filled(a, 100, 3));
    size_t all = block_size(100) + block_size(300);
    ck_assert_ptr_eq(urealloc(a, all - HDR), a); /* takes the rest of it */
    ck_assert_uint_eq(((struct block *)a - 1)->size, all);
    ck_assert_ptr_eq(next_of((struct block *)a - 1), (struct block *)guard - 1);
    ck_assert(filled(a, 100, 3));
    char *moved = urealloc(a, all); /* no room left beside it: it moves */
    ck_assert_ptr_ne(moved, a);
    ck_assert(filled(moved, 100, 3));
    ck_assert_uint_eq(in_use, block_size(all) + block_size(16));
    heap_check();
}
END_TEST

START_TEST(test_realloc_null_and_failure)
{
    char *p = urealloc(NULL, 64);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(in_use, block_size(64));
    fill(p, 64, 4);
    void *guard = umalloc(16);
    limit = brk;
    ck_assert_ptr_null(urealloc(p, 1 << 20));
    ck_assert_ptr_null(urealloc(p, MAX_REQUEST + 1));
    ck_assert(filled(p, 64, 4));
    ck_assert_ptr_nonnull(guard);
    heap_check();
}
END_TEST

START_TEST(test_calloc)
{
    unsigned char *d = umalloc(4000);
    memset(d, 0xFF, 4000);
    ufree(d);
    unsigned char *z = ucalloc(100, 40);
    ck_assert_ptr_eq(z, d);
    for (int i = 0; i < 4000; i++)
        ck_assert_uint_eq(z[i], 0);
    ck_assert_ptr_null(ucalloc(SIZE_MAX / 2, 3));
    ck_assert_ptr_null(ucalloc(MAX_REQUEST, 2));
    ck_assert_ptr_nonnull(ucalloc(0, 5));
    ck_assert_ptr_nonnull(ucalloc(5, 0));
    heap_check();
}
END_TEST

/* ---- sbrk ---- */

START_TEST(test_sbrk_failure)
{
    limit = 48 * 1024;
    void *a = umalloc(100);
    ck_assert_ptr_nonnull(a);
    size_t before = arena;
    ck_assert_ptr_null(umalloc(64 * 1024)); /* the growth is refused */
    ck_assert_uint_eq(arena, before);
    ck_assert_ptr_null(umalloc(MAX_REQUEST + 1));
    ck_assert_ptr_nonnull(umalloc(1000)); /* still works */
    heap_check();
}
END_TEST

START_TEST(test_sbrk_dead)
{
    fail_all = 1;
    ck_assert_ptr_null(umalloc(1));
    ck_assert_ptr_null(ucalloc(4, 4));
    fail_all = 0;
    ck_assert_ptr_nonnull(umalloc(1));
    heap_check();
}
END_TEST

/* Someone else moved the break: malloc gives the new memory back and fails, or keeps its own. */
START_TEST(test_foreign_break)
{
    void *a = umalloc(100);
    char *theirs = malloc_sbrk(100);
    ck_assert_ptr_null(umalloc(1 << 20));
    ck_assert_ptr_eq(heap + brk, theirs + 100);
    ck_assert_ptr_nonnull(a);
    brk -= 100;
    void *big = umalloc(256 * 1024);
    malloc_sbrk(100);
    shrinks = 0;
    ufree(big); /* would trim, but the break is not at the arena's end */
    ck_assert_int_eq(shrinks, 0);
    brk -= 100;
    heap_check();
}
END_TEST

START_TEST(test_trim)
{
    void *small = umalloc(100);
    void *big = umalloc(200 * 1024);
    size_t grown = arena;
    ufree(big);
    ck_assert_int_eq(shrinks, 1);
    ck_assert_uint_lt(arena, grown);
    ck_assert_uint_le(last->size, TRIM_KEEP + PAGE);
    ck_assert_uint_eq((uintptr_t)(heap + brk) % PAGE, 0);
    heap_check();
    void *mid = umalloc(40 * 1024); /* at most 64 KiB on top after freeing: no trim */
    ufree(mid);
    ck_assert_int_eq(shrinks, 1);
    big = umalloc(200 * 1024);
    ck_assert_ptr_eq(urealloc(big, 10), big); /* a shrinking realloc trims too */
    ck_assert_int_eq(shrinks, 2);
    ck_assert_ptr_nonnull(small);
    heap_check();
}
END_TEST

START_TEST(test_trim_refused)
{
    void *big = umalloc(200 * 1024);
    size_t grown = arena;
    fail_shrink = 1;
    ufree(big);
    ck_assert_uint_eq(arena, grown);
    ck_assert_ptr_nonnull(umalloc(150 * 1024));
    heap_check();
}
END_TEST

/* ---- misuse ---- */

START_TEST(test_double_free)
{
    void *a = umalloc(10), *b = umalloc(10);
    umalloc(10);
    ufree(a);
    ufree(a);
    ck_assert_int_eq(aborts, 1);
    ck_assert_str_eq(abort_why, "block already freed");
    ufree(b); /* b merges into a; b's stale header still says free */
    ufree(b);
    ck_assert_int_eq(aborts, 2);
    ck_assert_str_eq(abort_why, "block already freed");
    ck_assert_ptr_null(urealloc(b, 20));
    ck_assert_int_eq(aborts, 3);
    heap_check();
}
END_TEST

START_TEST(test_bad_pointer)
{
    int local;
    ufree(&local); /* before any heap exists */
    ck_assert_int_eq(aborts, 1);
    char *p = ucalloc(1, 256);
    ufree(&local);
    ck_assert_int_eq(aborts, 2);
    ck_assert_str_eq(abort_why, "pointer not from umalloc");
    ufree(p + 1);
    ck_assert_int_eq(aborts, 3);
    ufree(p + 64); /* aligned, inside the block, but no header there */
    ck_assert_int_eq(aborts, 4);
    struct block *fake = (struct block *)(p + 64) - 1;
    *fake = (struct block){.size = 64, .magic = MAGIC_USED, .prev = (struct block *)p};
    ufree(p + 64); /* a forged header whose neighbour does not end at it */
    ck_assert_int_eq(aborts, 5);
    ck_assert_ptr_null(urealloc(p + 32, 10));
    ck_assert_int_eq(aborts, 6);
    ufree(NULL);
    ck_assert_int_eq(aborts, 6);
    heap_check();
    ufree(p);
    ck_assert_uint_eq(in_use, 0);
}
END_TEST

START_TEST(test_stats)
{
    size_t a = 1, u = 1;
    malloc_stats(&a, &u);
    ck_assert_uint_eq(a, 0);
    ck_assert_uint_eq(u, 0);
    void *p = umalloc(1000);
    malloc_stats(&a, NULL);
    malloc_stats(NULL, &u);
    ck_assert_uint_eq(a, GROW_MIN);
    ck_assert_uint_eq(u, block_size(1000));
    ufree(p);
    malloc_stats(&a, &u);
    ck_assert_uint_eq(u, 0);
}
END_TEST

/* ---- a long random run ---- */

struct live {
    unsigned char *p;
    size_t n;
    unsigned seed;
};

static int by_address(const void *a, const void *b)
{
    const struct live *x = a, *y = b;
    return x->p < y->p ? -1 : x->p > y->p;
}

/* No two live blocks overlap, and each lies inside the arena. */
static void shadow_check(struct live *l, int n)
{
    static struct live sorted[256];
    memcpy(sorted, l, n * sizeof(*l));
    qsort(sorted, n, sizeof(*sorted), by_address);
    for (int i = 0; i < n; i++) {
        REQUIRE_GE((uintptr_t)sorted[i].p, (uintptr_t)(first + 1));
        REQUIRE_LE((uintptr_t)(sorted[i].p + sorted[i].n), (uintptr_t)(heap + brk));
        if (i > 0)
            REQUIRE_LE((uintptr_t)(sorted[i - 1].p + sorted[i - 1].n), (uintptr_t)sorted[i].p);
    }
}

static size_t random_size(unsigned r)
{
    return r % 16 == 0 ? r % (96 * 1024) : r % 600;
}

START_TEST(test_random)
{
    static struct live l[256];
    int n = 0;
    srand(20240601);
    for (int op = 0; op < 20000; op++) {
        unsigned r = (unsigned)rand();
        int k = n ? (int)(r >> 4) % n : 0;
        if (n < 256 && (n == 0 || r % 10 < 5)) {
            l[n] = (struct live){umalloc(random_size(r >> 3)), random_size(r >> 3), (unsigned)op};
            REQUIRE_NONNULL(l[n].p);
            fill(l[n].p, l[n].n, l[n].seed);
            n++;
        } else if (r % 10 < 8) {
            REQUIRE(filled(l[k].p, l[k].n, l[k].seed));
            ufree(l[k].p);
            l[k] = l[--n];
        } else {
            size_t keep = l[k].n, to = random_size((unsigned)rand());
            REQUIRE(filled(l[k].p, keep, l[k].seed));
            l[k].p = urealloc(l[k].p, to);
            REQUIRE_NONNULL(l[k].p);
            REQUIRE(filled(l[k].p, keep < to ? keep : to, l[k].seed));
            l[k].n = to;
            fill(l[k].p, to, l[k].seed);
        }
        shadow_check(l, n);
        if (op % 64 == 0)
            heap_check();
    }
    while (n > 0)
        ufree(l[--n].p);
    REQUIRE_EQ(heap_check(), 1);
    REQUIRE_EQ(in_use, 0);
    REQUIRE_LE(arena, SHRINK_LIMIT + PAGE);
    REQUIRE_EQ(aborts, 0);
}
END_TEST

UNIT_MAIN("malloc",
          {"alloc", .setup = setup,
           .tests = UNIT_TESTS(test_patterns, test_alignment, test_misaligned_break, test_zero_size,
                               test_reuse, test_grow_merges_top, test_realloc_grow_shrink,
                               test_realloc_in_place, test_realloc_null_and_failure, test_calloc),
           .loop = UNIT_LOOPS({test_coalesce, 0, 3, 0})},
          {"sbrk", .setup = setup,
           .tests = UNIT_TESTS(test_sbrk_failure, test_sbrk_dead, test_foreign_break, test_trim,
                               test_trim_refused)},
          {"misuse", .setup = setup,
           .tests = UNIT_TESTS(test_double_free, test_bad_pointer, test_stats)},
          {"random", .setup = setup, .timeout = 60, .tests = UNIT_TESTS(test_random)})
