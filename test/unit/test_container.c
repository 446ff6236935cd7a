/*
 * Host tests of servers/quota/container.c: the memory containers, against a
 * fake kernel: a frame allocator that hands out distinct frame numbers,
 * tracks which are outstanding, can be told to fail, and refuses to free a
 * frame still mapped; and an arena reserved with no access, whose pages
 * become readable and writable only when the module maps a frame there, so
 * a table used beyond what it mapped crashes the test.
 */
#include "unit.h"
#include <stdlib.h>
#include <sys/mman.h>

#include "servers/quota/container.c"

#define FREE       1000 /* frames the fake kernel reports free at init */
#define BOOT       24   /* frames the boot tasks already use */
#define FRAMES_END 8192 /* frame numbers are below this */
#define ARENA      (64u << 20)
/* The table frames container_init maps: owner[], inuse[] and the first page of slots[]. */
#define INIT_TABLES                                                                                \
    ((FRAMES_END * sizeof(struct owner) + PAGE_SIZE - 1) / PAGE_SIZE +                             \
     ((FREE + BOOT) * 4 + PAGE_SIZE - 1) / PAGE_SIZE + 1)

static bool fake_out[FRAMES_END + 1];    /* frame is outstanding */
static bool fake_mapped[FRAMES_END + 1]; /* frame is mapped in the arena */
static uint32_t fake_outstanding;        /* how many are outstanding */
static uint32_t fake_cursor;             /* where the search for a free frame number starts */
static uint32_t fake_span;               /* frame numbers handed out are 1..fake_span */
static uint32_t fake_give;               /* if set, the next palloc returns this frame */
static bool fake_palloc_fail;
static int fake_pfree_error; /* if set, pfree fails with it */
static uint32_t fake_pallocs, fake_bad_pfrees;
static uint32_t fake_unzeroed; /* pallocs that asked for FRAME_UNZEROED */
static uint8_t *arena;

uint32_t quota_palloc(uint32_t flags)
{
    ck_assert(flags == 0 || flags == FRAME_UNZEROED);
    fake_pallocs++;
    fake_unzeroed += flags == FRAME_UNZEROED;
    if (fake_palloc_fail || fake_outstanding == fake_span)
        return 0;
    uint32_t frame = fake_give;
    fake_give = 0;
    while (frame == 0 || fake_out[frame]) {
        fake_cursor = fake_cursor % fake_span + 1;
        frame = fake_cursor;
    }
    fake_out[frame] = true;
    fake_outstanding++;
    return frame;
}

int quota_pfree(uint32_t frame)
{
    if (fake_pfree_error)
        return fake_pfree_error;
    if (fake_mapped[frame])
        return E_BUSY; /* as the kernel: a mapped frame stays */
    if (frame > FRAMES_END || !fake_out[frame]) {
        fake_bad_pfrees++;
        return E_INVAL;
    }
    fake_out[frame] = false;
    fake_outstanding--;
    return 0;
}

/* As the kernel's map into the caller's own space: a page-aligned address, an unmapped page. */
int quota_map(void *page, uint32_t frame)
{
    uint8_t *p = page;
    ck_assert(p >= arena && p < arena + ARENA && (p - arena) % PAGE_SIZE == 0);
    ck_assert(frame <= FRAMES_END && fake_out[frame] && !fake_mapped[frame]);
    ck_assert_int_eq(mprotect(p, PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
    fake_mapped[frame] = true;
    return 0;
}

/* A fresh arena (each test runs in its own process) and a fresh fake kernel. */
static void fake_reset(void)
{
    arena = mmap(NULL, ARENA, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    ck_assert(arena != MAP_FAILED);
    memset(fake_out, 0, sizeof(fake_out));
    memset(fake_mapped, 0, sizeof(fake_mapped));
    fake_outstanding = fake_cursor = fake_give = fake_pallocs = fake_bad_pfrees = 0;
    fake_unzeroed = 0;
    fake_span = 5000;
    fake_palloc_fail = false;
    fake_pfree_error = 0;
}

static int init(uint32_t free_frames, uint32_t boot_frames, uint32_t arena_size)
{
    struct container_boot b = {free_frames, boot_frames, FRAMES_END, arena, arena_size};
    return container_init(&b);
}

static void setup(void)
{
    fake_reset();
    ck_assert_int_eq(init(FREE, BOOT, ARENA), 0);
}

static void teardown(void)
{
    ck_assert_uint_eq(fake_bad_pfrees, 0);
}

/* The books balance and agree with the fake kernel's count of frames handed out. */
static void assert_books(void)
{
    ck_assert_int_eq(container_check(), -1);
    ck_assert_uint_eq(container_total_held(), fake_outstanding + BOOT);
}

/* The frames the tables are mapped on, all held by the root. */
static uint32_t tables(void)
{
    return (owner_table.mapped + inuse_table.mapped + slot_table.mapped) / PAGE_SIZE;
}

/* The root's quota left. */
static uint32_t root_left(void)
{
    return container_get_quota(0) - container_get_usage(0);
}

/* The container record behind id, for the tests that corrupt it. */
static struct SContainer *rec(uint32_t id)
{
    return &slots[slot_of(id)];
}

/* Split id and assert it succeeded; the child's id. */
static uint32_t split_ok(uint32_t id, uint32_t quota)
{
    int child = container_split(id, quota);
    ck_assert_int_ge(child, 1);
    return (uint32_t)child;
}

/* Alloc from id and assert it succeeded; the frame. */
static uint32_t alloc_ok(uint32_t id)
{
    uint32_t room = container_room(id), left = 0xFFFFFFFFu;
    uint32_t frame = container_alloc(id, 0, &left);
    ck_assert_uint_ne(frame, 0);
    ck_assert_uint_eq(container_room(id), room - 1);
    ck_assert_uint_eq(left, room - 1);
    ck_assert_uint_eq(container_room(id), container_get_quota(id) - container_get_usage(id));
    return frame;
}

/* Split quota-0 children of parent until the next split needs a new page of the table. */
static void fill_page(uint32_t parent)
{
    while ((nslots + 1) * sizeof(struct SContainer) <= slot_table.mapped)
        split_ok(parent, 0);
}

START_TEST(test_init)
{
    ck_assert(container_is_used(0));
    ck_assert_uint_eq(container_get_quota(0), FREE + BOOT);
    ck_assert_uint_eq(tables(), INIT_TABLES);
    ck_assert_uint_eq(container_get_held(0), BOOT + INIT_TABLES);
    ck_assert_uint_eq(container_get_usage(0), BOOT + INIT_TABLES);
    ck_assert_uint_eq(fake_outstanding, INIT_TABLES); /* every table frame is charged */
    ck_assert_uint_eq(container_get_parent(0), 0);
    ck_assert_uint_eq(container_get_nchildren(0), 0);
    for (uint32_t frame = 1; frame <= fake_span; frame++)
        ck_assert_int_eq(container_owner(frame), fake_out[frame] ? 0 : -1);
    ck_assert(!container_is_used(1));
    assert_books();
}
END_TEST

/* Tables that cannot be had: no frame, an arena too small, too little quota for them. */
START_TEST(test_init_no_memory)
{
    fake_reset();
    fake_palloc_fail = true;
    ck_assert_int_eq(init(FREE, BOOT, ARENA), E_NOMEM);
    fake_reset();
    ck_assert_int_eq(init(FREE, BOOT, 4 * PAGE_SIZE), E_RANGE);
    fake_reset();
    ck_assert_int_eq(init(INIT_TABLES - 2, 0, ARENA), E_NOMEM);
}
END_TEST

START_TEST(test_getters_bad_id)
{
    uint32_t stale = 1u << CONTAINER_SLOT_BITS; /* slot 0, generation 1: not the root */
    uint32_t ids[] = {1, 5000, stale, CONTAINER_CHECK_KERNEL, 0xFFFFFFFFu};
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        ck_assert(!container_is_used(ids[i]));
        ck_assert_uint_eq(container_get_parent(ids[i]), 0);
        ck_assert_uint_eq(container_get_nchildren(ids[i]), 0);
        ck_assert_uint_eq(container_get_quota(ids[i]), 0);
        ck_assert_uint_eq(container_get_usage(ids[i]), 0);
        ck_assert_uint_eq(container_get_held(ids[i]), 0);
        ck_assert(!container_can_consume(ids[i], 0));
        ck_assert_uint_eq(container_room(ids[i]), 0);
    }
    ck_assert_int_eq(container_owner(0), -1);
    ck_assert_int_eq(container_owner(FRAMES_END), -1);
    ck_assert_int_eq(container_owner(0xFFFFFFFFu), -1);
}
END_TEST

START_TEST(test_can_consume)
{
    uint32_t left = root_left();
    ck_assert(container_can_consume(0, 0));
    ck_assert(container_can_consume(0, left));
    ck_assert(!container_can_consume(0, left + 1));
    ck_assert(!container_can_consume(0, 0xFFFFFFFFu));
    rec(0)->usage = rec(0)->quota + 1; /* corrupt: must not wrap to "plenty" */
    ck_assert(!container_can_consume(0, 1));
}
END_TEST

START_TEST(test_split)
{
    uint32_t usage = container_get_usage(0);
    uint32_t a = split_ok(0, 100);
    ck_assert(container_is_used(a));
    ck_assert_uint_eq(container_get_quota(a), 100);
    ck_assert_uint_eq(container_get_usage(a), 0);
    ck_assert_uint_eq(container_get_held(a), 0);
    ck_assert_uint_eq(container_get_parent(a), 0);
    ck_assert_uint_eq(container_get_nchildren(a), 0);
    ck_assert_uint_eq(container_get_usage(0), usage + 100);
    ck_assert_uint_eq(container_get_nchildren(0), 1);
    uint32_t b = split_ok(0, 5), c = split_ok(a, 7), d = split_ok(b, 0);
    ck_assert(a != b && b != c && c != d && a != c && a != d && b != d);
    ck_assert_uint_eq(container_get_parent(c), a);
    ck_assert_uint_eq(container_get_parent(d), b);
    ck_assert_uint_eq(container_get_usage(a), 7);
    ck_assert_uint_eq(container_get_nchildren(0), 2);
    assert_books();
}
END_TEST

START_TEST(test_split_exact_free_quota)
{
    uint32_t left = root_left(), usage = container_get_usage(0);
    ck_assert_int_eq(container_split(0, left + 1), E_QUOTA);
    ck_assert_uint_eq(container_get_usage(0), usage);
    ck_assert_uint_eq(container_get_nchildren(0), 0);
    uint32_t a = split_ok(0, left);
    ck_assert_uint_eq(container_get_usage(0), container_get_quota(0));
    ck_assert_int_eq(container_split(0, 1), E_QUOTA);
    split_ok(0, 0); /* a zero quota fits even a full parent */
    ck_assert_int_eq(container_split(a, left + 1), E_QUOTA);
    ck_assert_int_eq(container_split(a, 0xFFFFFFFFu), E_QUOTA);
    assert_books();
}
END_TEST

START_TEST(test_split_bad_id)
{
    ck_assert_int_eq(container_split(1, 0), E_NOENT);
    ck_assert_int_eq(container_split(CONTAINER_CHECK_KERNEL, 0), E_NOENT);
    ck_assert_int_eq(container_split(0xFFFFFFFFu, 0), E_NOENT);
    ck_assert_uint_eq(container_get_nchildren(0), 0);
    assert_books();
}
END_TEST

/* 5,000 children of one parent: no limit but memory; the table grows, charged to the root. */
START_TEST(test_many_siblings)
{
    enum { N = 5000 };
    static uint32_t kids[N];
    uint32_t before = tables();
    for (uint32_t i = 0; i < N; i++)
        kids[i] = split_ok(0, i % 10 == 0); /* the root has FREE frames: not enough for 1 each */
    ck_assert_uint_eq(container_get_nchildren(0), N);
    uint32_t pages = ((N + 1) * sizeof(struct SContainer) + PAGE_SIZE - 1) / PAGE_SIZE;
    ck_assert_uint_eq(tables(), before + pages - 1);
    for (uint32_t i = 0; i < N; i++)
        ck_assert_uint_eq(container_get_parent(kids[i]), 0);
    assert_books();
    uint32_t a = alloc_ok(kids[0]);
    ck_assert_int_eq(container_owner(a), (int)kids[0]);
    ck_assert_int_eq(container_free(kids[0], a), 0);
    for (uint32_t i = 0; i < N; i++)
        ck_assert_int_eq(container_release(kids[i]), 0);
    ck_assert_uint_eq(container_get_nchildren(0), 0);
    ck_assert_uint_eq(container_get_usage(0), BOOT + tables());
    assert_books();
    for (uint32_t i = 0; i < N; i++) /* reuse the released slots: the table does not grow */
        kids[i] = split_ok(0, 0);
    ck_assert_uint_eq(tables(), before + pages - 1);
    assert_books();
}
END_TEST

/* A chain 64 deep (mCertiKOS's formula stopped at 4), every level with frames of its own. */
START_TEST(test_deep_chain)
{
    enum { DEPTH = 64 };
    uint32_t chain[DEPTH + 1] = {0}, frames[DEPTH + 1];
    for (uint32_t d = 1; d <= DEPTH; d++) {
        chain[d] = split_ok(chain[d - 1], 3 * (DEPTH + 1 - d));
        frames[d] = alloc_ok(chain[d]);
        ck_assert_uint_eq(container_get_parent(chain[d]), chain[d - 1]);
    }
    assert_books();
    ck_assert_uint_eq(container_get_usage(chain[DEPTH]), 1);
    ck_assert_uint_eq(container_get_usage(chain[DEPTH - 1]), 1 + 3);
    for (uint32_t d = 1; d < DEPTH; d++)
        ck_assert_int_eq(container_release(chain[d]), E_BUSY);
    for (uint32_t d = DEPTH; d >= 1; d--) {
        ck_assert_int_eq(container_free(chain[d], frames[d]), 0);
        ck_assert_int_eq(container_release(chain[d]), 0);
        ck_assert_uint_eq(container_get_nchildren(chain[d - 1]), 0);
    }
    ck_assert_uint_eq(container_get_usage(0), BOOT + tables());
    assert_books();
}
END_TEST

/* A released id is refused for ever, even once its slot holds a new container. */
START_TEST(test_stale_id)
{
    uint32_t a = split_ok(0, 10);
    uint32_t f = alloc_ok(a);
    ck_assert_int_eq(container_free(a, f), 0);
    ck_assert_int_eq(container_release(a), 0);
    uint32_t b = split_ok(0, 20); /* the only free slot: a's */
    ck_assert_uint_eq(slot_of(b), slot_of(a));
    ck_assert_uint_ne(b, a);
    ck_assert(!container_is_used(a));
    ck_assert_uint_eq(container_get_quota(a), 0);
    ck_assert_int_eq(container_split(a, 1), E_NOENT);
    ck_assert_uint_eq(container_alloc(a, 0, 0), 0);
    ck_assert_int_eq(container_release(a), E_INVAL);
    uint32_t g = alloc_ok(b);
    ck_assert_int_eq(container_free(a, g), E_PERM);
    ck_assert_int_eq(container_owner(g), (int)b);
    ck_assert_uint_eq(container_get_quota(b), 20);
    ck_assert_uint_eq(container_get_usage(b), 1);
    assert_books();
}
END_TEST

/* After 2^CONTAINER_GEN_BITS containers a slot is retired: ids never come round again. */
START_TEST(test_generations_run_out)
{
    uint32_t first = split_ok(0, 1), slot = slot_of(first), id = first;
    ck_assert_int_eq(container_release(id), 0);
    for (uint32_t gen = 1; gen <= CONTAINER_GEN_MAX; gen++) {
        id = split_ok(0, 1);
        ck_assert_uint_eq(slot_of(id), slot);
        ck_assert_uint_eq(id >> CONTAINER_SLOT_BITS, gen);
        ck_assert_int_eq(container_release(id), 0);
    }
    uint32_t next = split_ok(0, 1);
    ck_assert_uint_ne(slot_of(next), slot);
    ck_assert(!container_is_used(first) && !container_is_used(id));
    ck_assert_int_eq(container_split(first, 0), E_NOENT);
    assert_books();
}
END_TEST

/* The table cannot grow: no frame from the kernel, or no quota left in the root. */
START_TEST(test_split_no_memory)
{
    uint32_t a = split_ok(0, 50);
    fill_page(a);
    uint32_t usage = container_get_usage(0), n = container_get_nchildren(a);
    fake_palloc_fail = true;
    ck_assert_int_eq(container_split(a, 1), E_NOMEM);
    ck_assert_uint_eq(container_get_usage(0), usage);
    ck_assert_uint_eq(container_get_nchildren(a), n);
    ck_assert_uint_eq(container_get_usage(a), 0);
    assert_books();
    fake_palloc_fail = false;
    split_ok(a, 0); /* a new page */
    fill_page(a);
    ck_assert_int_eq(container_split(0, root_left()), E_QUOTA); /* a page, paid by the root */
    split_ok(0, root_left());                                   /* the root gives the rest away */
    fill_page(a);
    n = container_get_nchildren(a);
    ck_assert_int_eq(container_split(a, 1), E_NOMEM); /* a has quota; the books have no frame */
    ck_assert_uint_eq(container_get_nchildren(a), n);
    assert_books();
}
END_TEST

/* A split of all the root has left, when the table must grow first, does not fit. */
START_TEST(test_split_root_pays_table)
{
    fill_page(0);
    uint32_t left = root_left(), n = container_get_nchildren(0);
    ck_assert_int_eq(container_split(0, left), E_QUOTA);
    ck_assert_uint_eq(root_left(), left - 1); /* the page it mapped stays, the root's */
    ck_assert_uint_eq(container_get_nchildren(0), n);
    assert_books();
    split_ok(0, left - 1);
    assert_books();
}
END_TEST

START_TEST(test_alloc)
{
    uint32_t child = split_ok(0, 2);
    uint32_t a = alloc_ok(child), b = alloc_ok(child);
    ck_assert_uint_ne(a, b);
    ck_assert_int_eq(container_owner(a), (int)child);
    ck_assert_int_eq(container_owner(b), (int)child);
    ck_assert_uint_eq(container_get_usage(child), 2);
    ck_assert_uint_eq(container_get_held(child), 2);
    assert_books();
    uint32_t calls = fake_pallocs;
    ck_assert_uint_eq(container_alloc(child, 0, 0), 0); /* at the limit */
    ck_assert_uint_eq(fake_pallocs, calls);             /* no frame was taken from the kernel */
    ck_assert_uint_eq(container_get_usage(child), 2);
    ck_assert_uint_eq(container_get_held(child), 2);
    uint32_t held = container_get_held(0);
    uint32_t r = alloc_ok(0);
    ck_assert_int_eq(container_owner(r), 0);
    ck_assert_uint_eq(container_get_held(0), held + 1);
    assert_books();
}
END_TEST

/* FRAME_UNZEROED reaches the kernel for the caller's frame, never for a table's. */
START_TEST(test_alloc_unzeroed)
{
    uint32_t child = split_ok(0, 1), left = 0;
    uint32_t frame = container_alloc(child, FRAME_UNZEROED, &left);
    ck_assert_uint_ne(frame, 0);
    ck_assert_uint_eq(left, 0);
    ck_assert_uint_eq(fake_unzeroed, 1);
    ck_assert_int_eq(container_owner(frame), (int)child);
    uint32_t pages = tables();
    fill_page(0);
    split_ok(0, 0); /* the slot table takes a page */
    ck_assert_uint_eq(tables(), pages + 1);
    ck_assert_uint_eq(fake_unzeroed, 1);
    assert_books();
}
END_TEST

START_TEST(test_alloc_quota_zero)
{
    uint32_t child = split_ok(0, 0), calls = fake_pallocs;
    ck_assert_uint_eq(container_alloc(child, 0, 0), 0);
    ck_assert_uint_eq(fake_pallocs, calls);
    ck_assert_uint_eq(container_get_usage(child), 0);
}
END_TEST

START_TEST(test_alloc_unused_id)
{
    uint32_t calls = fake_pallocs;
    ck_assert_uint_eq(container_alloc(1, 0, 0), 0);
    ck_assert_uint_eq(container_alloc(CONTAINER_CHECK_KERNEL, 0, 0), 0);
    ck_assert_uint_eq(container_alloc(0xFFFFFFFFu, 0, 0), 0);
    ck_assert_uint_eq(fake_pallocs, calls);
    assert_books();
}
END_TEST

START_TEST(test_alloc_palloc_fails)
{
    uint32_t child = split_ok(0, 5);
    fake_palloc_fail = true;
    ck_assert_uint_eq(container_alloc(child, 0, 0), 0);
    ck_assert_uint_eq(container_get_usage(child), 0);
    ck_assert_uint_eq(container_get_held(child), 0);
    assert_books();
    fake_palloc_fail = false;
    alloc_ok(child);
    ck_assert_uint_eq(container_get_usage(child), 1);
    assert_books();
}
END_TEST

/* Frames at the end of the owner table: the last one fits, one past it is given back. */
START_TEST(test_alloc_frame_range)
{
    uint32_t usage = container_get_usage(0);
    fake_span = FRAMES_END;
    fake_give = FRAMES_END - 1;
    ck_assert_uint_eq(container_alloc(0, 0, 0), FRAMES_END - 1);
    ck_assert_int_eq(container_owner(FRAMES_END - 1), 0);
    fake_give = FRAMES_END;
    ck_assert_uint_eq(container_alloc(0, 0, 0), 0);
    ck_assert(!fake_out[FRAMES_END]);
    ck_assert_uint_eq(container_get_usage(0), usage + 1);
    assert_books();
    ck_assert_int_eq(container_free(0, FRAMES_END - 1), 0);
    assert_books();
}
END_TEST

START_TEST(test_free)
{
    uint32_t child = split_ok(0, 3);
    uint32_t frame = alloc_ok(child);
    ck_assert_int_eq(container_free(child, frame), 0);
    ck_assert(!fake_out[frame]);
    ck_assert_int_eq(container_owner(frame), -1);
    ck_assert_uint_eq(container_get_usage(child), 0);
    ck_assert_uint_eq(container_get_held(child), 0);
    assert_books();
}
END_TEST

START_TEST(test_free_errors)
{
    uint32_t a = split_ok(0, 3), b = split_ok(0, 3);
    uint32_t frame = alloc_ok(a), table = inuse[0];
    ck_assert_int_eq(container_free(b, frame), E_PERM);     /* held by another */
    ck_assert_int_eq(container_free(0, frame), E_PERM);     /* not even by the parent */
    ck_assert_int_eq(container_free(a, frame + 1), E_PERM); /* held by nobody */
    ck_assert_int_eq(container_free(a, table), E_PERM);     /* a table page, the root's */
    ck_assert_int_eq(container_free(a, 0), E_INVAL);
    ck_assert_int_eq(container_free(a, FRAMES_END), E_INVAL);
    ck_assert_int_eq(container_free(a, 0xFFFFFFFFu), E_INVAL);
    ck_assert_int_eq(container_free(CONTAINER_CHECK_KERNEL, frame), E_PERM);
    ck_assert_int_eq(container_owner(frame), (int)a);
    ck_assert_uint_eq(container_get_usage(a), 1);
    ck_assert_uint_eq(container_get_usage(b), 0);
    ck_assert_int_eq(container_free(a, frame), 0);
    ck_assert_int_eq(container_free(a, frame), E_PERM); /* already freed */
    ck_assert_uint_eq(container_get_usage(a), 0);
    assert_books();
}
END_TEST

/* The kernel refusing to free (the frame is still mapped) leaves the books as they were. */
START_TEST(test_free_pfree_fails)
{
    uint32_t usage = container_get_usage(0), table = inuse[0];
    ck_assert_int_eq(container_free(0, table), E_BUSY);
    ck_assert_int_eq(container_owner(table), 0);
    uint32_t frame = alloc_ok(0);
    fake_pfree_error = E_BUSY;
    ck_assert_int_eq(container_free(0, frame), E_BUSY);
    ck_assert_int_eq(container_owner(frame), 0);
    ck_assert_uint_eq(container_get_usage(0), usage + 1);
    fake_pfree_error = 0;
    assert_books();
}
END_TEST

START_TEST(test_usage_never_wraps)
{
    uint32_t child = split_ok(0, 1);
    uint32_t frame = alloc_ok(child);
    ck_assert_int_eq(container_free(child, frame), 0);
    ck_assert_int_eq(container_free(child, frame), E_PERM);
    ck_assert_uint_eq(container_get_usage(child), 0);
    /* Even with counters out of step with the owner table, usage stays at 0. */
    frame = alloc_ok(child);
    rec(child)->usage = 0;
    ck_assert_int_eq(container_free(child, frame), E_PERM);
    ck_assert_uint_eq(container_get_usage(child), 0);
    ck_assert_uint_eq(container_get_held(child), 1);
}
END_TEST

START_TEST(test_release_busy)
{
    uint32_t usage = container_get_usage(0);
    uint32_t child = split_ok(0, 10);
    uint32_t frame = alloc_ok(child);
    ck_assert_int_eq(container_release(child), E_BUSY);
    ck_assert_int_eq(container_free(child, frame), 0);
    uint32_t grandchild = split_ok(child, 2);
    ck_assert_int_eq(container_release(child), E_BUSY);
    ck_assert(container_is_used(child));
    ck_assert_uint_eq(container_get_usage(0), usage + 10);
    ck_assert_int_eq(container_release(grandchild), 0);
    ck_assert_int_eq(container_release(child), 0);
    ck_assert_uint_eq(container_get_usage(0), usage);
    assert_books();
}
END_TEST

START_TEST(test_release_bad_id)
{
    ck_assert_int_eq(container_release(0), E_INVAL);
    ck_assert_int_eq(container_release(1), E_INVAL);
    ck_assert_int_eq(container_release(CONTAINER_CHECK_KERNEL), E_INVAL);
    ck_assert_int_eq(container_release(0xFFFFFFFFu), E_INVAL);
    uint32_t child = split_ok(0, 1);
    ck_assert_int_eq(container_release(child), 0);
    ck_assert_int_eq(container_release(child), E_INVAL);
    assert_books();
}
END_TEST

START_TEST(test_release_returns_quota)
{
    uint32_t usage = container_get_usage(0);
    uint32_t a = split_ok(0, 10), b = split_ok(0, 20);
    split_ok(0, 30);
    ck_assert_uint_eq(container_get_usage(0), usage + 60);
    ck_assert_int_eq(container_release(b), 0);
    ck_assert(!container_is_used(b));
    ck_assert_uint_eq(container_get_quota(b), 0);
    ck_assert_uint_eq(container_get_usage(0), usage + 40);
    ck_assert_uint_eq(container_get_nchildren(0), 2);
    assert_books();
    ck_assert_int_eq(container_release(a), 0);
    uint32_t c = split_ok(0, 5), d = split_ok(0, 5); /* the oldest free slot first: b's, then a's */
    ck_assert_uint_eq(slot_of(c), slot_of(b));
    ck_assert_uint_eq(slot_of(d), slot_of(a));
    ck_assert_uint_eq(container_get_nchildren(0), 3);
    ck_assert_uint_eq(container_get_usage(0), usage + 40);
    assert_books();
}
END_TEST

START_TEST(test_check_usage)
{
    uint32_t a = split_ok(0, 10), b = split_ok(0, 10);
    alloc_ok(b);
    assert_books();
    rec(b)->usage++;
    ck_assert_int_eq(container_check(), (int)b);
    rec(b)->usage--;
    rec(a)->usage = 11; /* above its quota, but held + children says 0 */
    ck_assert_int_eq(container_check(), (int)a);
}
END_TEST

START_TEST(test_check_usage_over_quota)
{
    uint32_t a = split_ok(0, 1);
    split_ok(a, 1);
    rec(a)->quota = 0; /* its usage (the child's quota) now exceeds its quota */
    ck_assert_int_eq(container_check(), 0); /* and the root's sum no longer matches */
    rec(0)->usage -= 1;
    ck_assert_int_eq(container_check(), (int)a);
}
END_TEST

START_TEST(test_check_held)
{
    uint32_t a = split_ok(0, 10);
    uint32_t frame = alloc_ok(a);
    rec(a)->held--;
    ck_assert_int_eq(container_check(), (int)a);
    rec(a)->held++;
    owner[frame].slot = 0; /* the owner table gives a's frame to the root */
    ck_assert_int_eq(container_check(), 0);
    owner[frame].slot = slot_of(a);
    owner[frame].pos++; /* the frame's place in inuse[] is wrong */
    ck_assert_int_eq(container_check(), 0);
    owner[frame].pos--;
    assert_books();
    boot_held++; /* the root's boot frames */
    ck_assert_int_eq(container_check(), 0);
}
END_TEST

START_TEST(test_check_links)
{
    uint32_t a = split_ok(0, 10);
    uint32_t g = split_ok(a, 2);
    rec(g)->parent = 0;
    ck_assert_int_eq(container_check(), 0); /* the root counts a child too many */
    rec(g)->parent = a;
    rec(a)->nchildren = 2;
    ck_assert_int_eq(container_check(), (int)a);
    rec(a)->nchildren = 1;
    rec(g)->parent = g; /* its own parent */
    ck_assert_int_eq(container_check(), (int)a);
    rec(g)->parent = a;
    assert_books();
}
END_TEST

/* A frame charged to a free slot, and a child whose parent is gone. */
START_TEST(test_check_orphans)
{
    uint32_t a = split_ok(0, 3), b = split_ok(0, 3);
    ck_assert_int_eq(container_release(b), 0);
    uint32_t frame = alloc_ok(a);
    owner[frame].slot = slot_of(b);
    ck_assert_int_eq(container_check(), (int)(b + (1u << CONTAINER_SLOT_BITS)));
    owner[frame].slot = slot_of(a);
    assert_books();
    rec(a)->parent = b; /* a stale id */
    ck_assert_int_eq(container_check(), 0);
}
END_TEST

/* xorshift32: a fixed sequence, so a failure can be replayed. */
static uint32_t rng_state;

static uint32_t rng(uint32_t bound)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state % bound;
}

/* The frames the random sequence holds and by which container; the live ids; released ids. */
static struct {
    uint32_t frame, id;
} taken[FREE];
static uint32_t live_ids[FREE], dead_ids[FREE];
static uint32_t ntaken, nlive, ndead, nsplits, nreleases;

static uint32_t random_live_id(void)
{
    return live_ids[rng(nlive)];
}

static void random_split(void)
{
    uint32_t id = random_live_id();
    uint32_t quota = rng(40);
    uint32_t usage = container_get_usage(id), n = container_get_nchildren(id);
    bool fits = container_can_consume(id, quota);
    int child = container_split(id, quota);
    if (child < 0) {
        ck_assert_int_eq(child, E_QUOTA);
        ck_assert(!fits || id == 0); /* the root may have paid for a table page */
        ck_assert_uint_eq(container_get_nchildren(id), n);
        return;
    }
    ck_assert(fits);
    for (uint32_t i = 0; i < nlive; i++)
        ck_assert_uint_ne(live_ids[i], (uint32_t)child);
    for (uint32_t i = 0; i < ndead; i++)
        ck_assert_uint_ne(dead_ids[i], (uint32_t)child);
    ck_assert_uint_eq(container_get_usage(id), usage + quota);
    ck_assert_uint_eq(container_get_nchildren(id), n + 1);
    ck_assert_uint_eq(container_get_quota((uint32_t)child), quota);
    ck_assert_uint_eq(container_get_parent((uint32_t)child), id);
    live_ids[nlive++] = (uint32_t)child;
    nsplits++;
}

static void random_alloc(void)
{
    uint32_t id = random_live_id();
    uint32_t usage = container_get_usage(id);
    bool fits = container_can_consume(id, 1);
    uint32_t frame = container_alloc(id, 0, 0);
    ck_assert_uint_eq(frame != 0, fits);
    ck_assert_uint_eq(container_get_usage(id), usage + fits);
    if (frame) {
        ck_assert_int_eq(container_owner(frame), (int)id);
        taken[ntaken].frame = frame;
        taken[ntaken++].id = id;
    }
}

static void free_taken(uint32_t i)
{
    uint32_t usage = container_get_usage(taken[i].id);
    ck_assert_int_eq(container_free(taken[i].id, taken[i].frame), 0);
    ck_assert_uint_eq(container_get_usage(taken[i].id), usage - 1);
    taken[i] = taken[--ntaken];
}

/* Free a random held frame, after a try through the wrong container and a released one. */
static void random_free(void)
{
    if (ntaken == 0)
        return;
    uint32_t i = rng(ntaken);
    uint32_t other = random_live_id();
    if (other != taken[i].id)
        ck_assert_int_eq(container_free(other, taken[i].frame), E_PERM);
    if (ndead)
        ck_assert_int_eq(container_free(dead_ids[rng(ndead)], taken[i].frame), E_PERM);
    free_taken(i);
}

/* Release a random container: first as it is, then after freeing its frames. */
static void random_release(void)
{
    uint32_t k = rng(nlive), id = live_ids[k];
    if (id == 0)
        return;
    uint32_t parent = container_get_parent(id), quota = container_get_quota(id);
    uint32_t usage = container_get_usage(parent);
    bool idle = container_get_held(id) == 0 && container_get_nchildren(id) == 0;
    int r = container_release(id);
    ck_assert_int_eq(r, idle ? 0 : E_BUSY);
    if (r == E_BUSY && container_get_nchildren(id) == 0) {
        for (uint32_t i = ntaken; i-- > 0;)
            if (taken[i].id == id)
                free_taken(i);
        r = container_release(id);
        ck_assert_int_eq(r, 0);
    }
    if (r == 0) {
        ck_assert(!container_is_used(id));
        ck_assert_uint_eq(container_get_usage(parent), usage - quota);
        live_ids[k] = live_ids[--nlive];
        if (ndead < FREE)
            dead_ids[ndead++] = id;
        nreleases++;
    }
}

/* Stale ids stay refused whatever happened since. */
static void assert_dead_refused(void)
{
    for (uint32_t i = 0; i < ndead; i++) {
        ck_assert(!container_is_used(dead_ids[i]));
        ck_assert_int_eq(container_split(dead_ids[i], 0), E_NOENT);
    }
}

START_TEST(test_random_books)
{
    static void (*const ops[])(void) = {random_split, random_split, random_alloc, random_alloc,
                                        random_alloc, random_free,  random_free,  random_release};
    rng_state = 12345;
    ntaken = nsplits = nreleases = ndead = 0;
    live_ids[0] = 0;
    nlive = 1;
    fake_span = 3000; /* frame numbers are reused as they are freed */
    for (int step = 0; step < 8000; step++) {
        ops[rng(sizeof(ops) / sizeof(ops[0]))]();
        if (step % 100 == 0) {
            assert_books();
            assert_dead_refused();
        }
    }
    assert_books();
    ck_assert_uint_ge(nsplits, 200); /* the sequence did exercise the tree */
    ck_assert_uint_ge(nreleases, 100);
    ck_assert_uint_eq(fake_outstanding, ntaken + tables());
    for (uint32_t i = 0; i < ntaken; i++)
        ck_assert_int_eq(container_owner(taken[i].frame), (int)taken[i].id);
    while (ntaken > 0)
        free_taken(ntaken - 1);
    ck_assert_uint_eq(fake_outstanding, tables());
    assert_books();
}
END_TEST

UNIT_MAIN("container",
          {"container", .setup = setup, .teardown = teardown, .timeout = 60,
           .tests = UNIT_TESTS(test_init, test_getters_bad_id, test_can_consume, test_split,
                               test_split_exact_free_quota, test_split_bad_id, test_many_siblings,
                               test_deep_chain, test_stale_id, test_generations_run_out,
                               test_split_no_memory, test_split_root_pays_table, test_alloc,
                               test_alloc_unzeroed, test_alloc_quota_zero, test_alloc_unused_id,
                               test_alloc_palloc_fails, test_alloc_frame_range, test_free,
                               test_free_errors, test_free_pfree_fails, test_usage_never_wraps,
                               test_release_busy, test_release_bad_id, test_release_returns_quota,
                               test_check_usage, test_check_usage_over_quota, test_check_held,
                               test_check_links, test_check_orphans, test_random_books)},
          {"init", .teardown = teardown, .tests = UNIT_TESTS(test_init_no_memory)})
