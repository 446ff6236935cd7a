/*
 * Host tests of servers/quota/container.c: the memory containers, against a
 * fake frame allocator that hands out distinct frame numbers, tracks which
 * are outstanding, and can be told to fail.
 */
#include "unit.h"
#include <stdlib.h>

#include "servers/quota/container.c"

#define FREE 1000 /* frames the fake kernel reports free at init */
#define BOOT 24   /* frames the boot tasks already use */

static bool fake_out[MAX_FRAMES + 1]; /* frame is outstanding */
static uint32_t fake_outstanding;     /* how many are */
static uint32_t fake_cursor;          /* where the search for a free frame number starts */
static uint32_t fake_span;            /* frame numbers handed out are 1..fake_span */
static uint32_t fake_give;            /* if set, the next palloc returns this frame */
static bool fake_palloc_fail;
static int fake_pfree_error; /* if set, pfree fails with it */
static uint32_t fake_pallocs, fake_bad_pfrees;

uint32_t quota_palloc(void)
{
    fake_pallocs++;
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
    if (frame > MAX_FRAMES || !fake_out[frame]) {
        fake_bad_pfrees++;
        return E_INVAL;
    }
    fake_out[frame] = false;
    fake_outstanding--;
    return 0;
}

static void setup(void)
{
    memset(fake_out, 0, sizeof(fake_out));
    fake_outstanding = fake_cursor = fake_give = fake_pallocs = fake_bad_pfrees = 0;
    fake_span = 5000;
    fake_palloc_fail = false;
    fake_pfree_error = 0;
    container_init(FREE, BOOT);
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
    uint32_t frame = container_alloc(id);
    ck_assert_uint_ne(frame, 0);
    return frame;
}

START_TEST(test_init)
{
    ck_assert(container_is_used(0));
    ck_assert_uint_eq(container_get_quota(0), FREE + BOOT);
    ck_assert_uint_eq(container_get_usage(0), BOOT);
    ck_assert_uint_eq(container_get_held(0), BOOT);
    ck_assert_uint_eq(container_get_parent(0), 0);
    ck_assert_uint_eq(container_get_nchildren(0), 0);
    for (uint32_t id = 1; id < NUM_IDS; id++)
        ck_assert(!container_is_used(id));
    ck_assert_int_eq(container_owner(1), -1);
    assert_books();
}
END_TEST

START_TEST(test_init_resets)
{
    uint32_t child = split_ok(0, 10);
    uint32_t frame = alloc_ok(child);
    container_init(50, 3);
    ck_assert(!container_is_used(child));
    ck_assert_uint_eq(container_get_quota(child), 0);
    ck_assert_int_eq(container_owner(frame), -1);
    ck_assert_uint_eq(container_get_quota(0), 53);
    ck_assert_uint_eq(container_get_usage(0), 3);
    ck_assert_uint_eq(container_get_held(0), 3);
    ck_assert_uint_eq(container_get_nchildren(0), 0);
    ck_assert_int_eq(container_check(), -1);
    ck_assert_uint_eq(container_total_held(), 3);
}
END_TEST

START_TEST(test_getters_bad_id)
{
    uint32_t ids[] = {1, NUM_IDS - 1, NUM_IDS, 0xFFFFFFFFu};
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        ck_assert(!container_is_used(ids[i]));
        ck_assert_uint_eq(container_get_parent(ids[i]), 0);
        ck_assert_uint_eq(container_get_nchildren(ids[i]), 0);
        ck_assert_uint_eq(container_get_quota(ids[i]), 0);
        ck_assert_uint_eq(container_get_usage(ids[i]), 0);
        ck_assert_uint_eq(container_get_held(ids[i]), 0);
        ck_assert(!container_can_consume(ids[i], 0));
    }
    ck_assert_int_eq(container_owner(0), -1);
    ck_assert_int_eq(container_owner(MAX_FRAMES), -1);
    ck_assert_int_eq(container_owner(0xFFFFFFFFu), -1);
}
END_TEST

START_TEST(test_can_consume)
{
    ck_assert(container_can_consume(0, 0));
    ck_assert(container_can_consume(0, FREE));
    ck_assert(!container_can_consume(0, FREE + 1));
    ck_assert(!container_can_consume(0, 0xFFFFFFFFu));
    containers[0].usage = containers[0].quota + 1; /* corrupt: must not wrap to "plenty" */
    ck_assert(!container_can_consume(0, 1));
}
END_TEST

START_TEST(test_split)
{
    ck_assert_int_eq(container_split(0, 100), 1);
    ck_assert(container_is_used(1));
    ck_assert_uint_eq(container_get_quota(1), 100);
    ck_assert_uint_eq(container_get_usage(1), 0);
    ck_assert_uint_eq(container_get_held(1), 0);
    ck_assert_uint_eq(container_get_parent(1), 0);
    ck_assert_uint_eq(container_get_nchildren(1), 0);
    ck_assert_uint_eq(container_get_usage(0), BOOT + 100);
    ck_assert_uint_eq(container_get_nchildren(0), 1);
    ck_assert_int_eq(container_split(0, 5), 2);
    ck_assert_int_eq(container_split(1, 7), 1 * MAX_CHILDREN + 1);
    ck_assert_int_eq(container_split(2, 0), 2 * MAX_CHILDREN + 1);
    ck_assert_uint_eq(container_get_parent(2 * MAX_CHILDREN + 1), 2);
    ck_assert_uint_eq(container_get_usage(1), 7);
    assert_books();
}
END_TEST

START_TEST(test_split_exact_free_quota)
{
    ck_assert_int_eq(container_split(0, FREE + 1), E_QUOTA);
    ck_assert_uint_eq(container_get_usage(0), BOOT);
    ck_assert_uint_eq(container_get_nchildren(0), 0);
    ck_assert(!container_is_used(1));
    ck_assert_int_eq(container_split(0, FREE), 1);
    ck_assert_uint_eq(container_get_usage(0), FREE + BOOT);
    ck_assert_int_eq(container_split(0, 1), E_QUOTA);
    ck_assert_int_eq(container_split(0, 0), 2); /* a zero quota fits even a full parent */
    ck_assert_int_eq(container_split(1, FREE + 1), E_QUOTA);
    ck_assert_int_eq(container_split(1, 0xFFFFFFFFu), E_QUOTA);
    assert_books();
}
END_TEST

START_TEST(test_split_max_children)
{
    for (uint32_t k = 0; k < MAX_CHILDREN; k++)
        ck_assert_int_eq(container_split(0, 1), (int)(1 + k));
    ck_assert_int_eq(container_split(0, 1), E_RANGE);
    ck_assert_int_eq(container_split(0, 0), E_RANGE);
    ck_assert_uint_eq(container_get_nchildren(0), MAX_CHILDREN);
    ck_assert_uint_eq(container_get_usage(0), BOOT + MAX_CHILDREN);
    assert_books();
}
END_TEST

/* A chain 0 -> 1 -> 9 -> 73: the child of 73 would be 585, past the id space. */
START_TEST(test_split_id_space)
{
    uint32_t id = 0;
    for (int depth = 0; depth < 3; depth++)
        id = split_ok(id, 10);
    ck_assert_uint_eq(id, 73);
    ck_assert_int_eq(container_split(id, 1), E_RANGE);
    ck_assert_uint_eq(container_get_nchildren(id), 0);
    ck_assert_uint_eq(container_get_usage(id), 0);
    assert_books();
}
END_TEST

/* Container 15's children are 121..128: its last slot lies past the id space. */
START_TEST(test_split_id_space_last_slot)
{
    split_ok(0, 100);
    for (uint32_t k = 0; k < 7; k++)
        ck_assert_int_eq(container_split(1, 10), (int)(9 + k));
    for (uint32_t k = 0; k < 7; k++)
        ck_assert_int_eq(container_split(15, 1), (int)(121 + k));
    ck_assert_int_eq(container_split(15, 1), E_RANGE);
    ck_assert_uint_eq(container_get_nchildren(15), 7);
    ck_assert_uint_eq(container_get_usage(15), 7);
    assert_books();
}
END_TEST

START_TEST(test_split_bad_id)
{
    ck_assert_int_eq(container_split(1, 0), E_NOENT);
    ck_assert_int_eq(container_split(NUM_IDS, 0), E_NOENT);
    ck_assert_int_eq(container_split(0xFFFFFFFFu, 0), E_NOENT);
    ck_assert_uint_eq(container_get_nchildren(0), 0);
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
    ck_assert_uint_eq(container_alloc(child), 0); /* at the limit */
    ck_assert_uint_eq(fake_pallocs, calls);       /* no frame was taken from the kernel */
    ck_assert_uint_eq(container_get_usage(child), 2);
    ck_assert_uint_eq(container_get_held(child), 2);
    uint32_t r = alloc_ok(0);
    ck_assert_int_eq(container_owner(r), 0);
    ck_assert_uint_eq(container_get_held(0), BOOT + 1);
    assert_books();
}
END_TEST

START_TEST(test_alloc_quota_zero)
{
    uint32_t child = split_ok(0, 0);
    ck_assert_uint_eq(container_alloc(child), 0);
    ck_assert_uint_eq(fake_pallocs, 0);
    ck_assert_uint_eq(container_get_usage(child), 0);
}
END_TEST

START_TEST(test_alloc_unused_id)
{
    ck_assert_uint_eq(container_alloc(1), 0);
    ck_assert_uint_eq(container_alloc(NUM_IDS), 0);
    ck_assert_uint_eq(container_alloc(0xFFFFFFFFu), 0);
    ck_assert_uint_eq(fake_pallocs, 0);
    assert_books();
}
END_TEST

START_TEST(test_alloc_palloc_fails)
{
    uint32_t child = split_ok(0, 5);
    fake_palloc_fail = true;
    ck_assert_uint_eq(container_alloc(child), 0);
    ck_assert_uint_eq(fake_pallocs, 1);
    ck_assert_uint_eq(container_get_usage(child), 0);
    ck_assert_uint_eq(container_get_held(child), 0);
    assert_books();
    fake_palloc_fail = false;
    alloc_ok(child);
    ck_assert_uint_eq(container_get_usage(child), 1);
    assert_books();
}
END_TEST

/* Frames at the ends of the owner table: the last one fits, one past it is given back. */
START_TEST(test_alloc_frame_range)
{
    fake_give = MAX_FRAMES - 1;
    ck_assert_uint_eq(container_alloc(0), MAX_FRAMES - 1);
    ck_assert_int_eq(container_owner(MAX_FRAMES - 1), 0);
    fake_give = MAX_FRAMES;
    ck_assert_uint_eq(container_alloc(0), 0);
    ck_assert(!fake_out[MAX_FRAMES]);
    ck_assert_uint_eq(container_get_usage(0), BOOT + 1);
    assert_books();
    ck_assert_int_eq(container_free(0, MAX_FRAMES - 1), 0);
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
    uint32_t frame = alloc_ok(a);
    ck_assert_int_eq(container_free(b, frame), E_PERM);     /* held by another */
    ck_assert_int_eq(container_free(0, frame), E_PERM);     /* not even by the parent */
    ck_assert_int_eq(container_free(a, frame + 1), E_PERM); /* held by nobody */
    ck_assert_int_eq(container_free(a, 0), E_INVAL);
    ck_assert_int_eq(container_free(a, MAX_FRAMES), E_INVAL);
    ck_assert_int_eq(container_free(a, 0xFFFFFFFFu), E_INVAL);
    ck_assert_int_eq(container_free(NUM_IDS, frame), E_PERM);
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
    uint32_t frame = alloc_ok(0);
    fake_pfree_error = E_BUSY;
    ck_assert_int_eq(container_free(0, frame), E_BUSY);
    ck_assert_int_eq(container_owner(frame), 0);
    ck_assert_uint_eq(container_get_usage(0), BOOT + 1);
    ck_assert_uint_eq(container_get_held(0), BOOT + 1);
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
    containers[child].usage = 0;
    ck_assert_int_eq(container_free(child, frame), E_PERM);
    ck_assert_uint_eq(container_get_usage(child), 0);
    ck_assert_uint_eq(container_get_held(child), 1);
}
END_TEST

START_TEST(test_release_busy)
{
    uint32_t child = split_ok(0, 10);
    uint32_t frame = alloc_ok(child);
    ck_assert_int_eq(container_release(child), E_BUSY);
    ck_assert_int_eq(container_free(child, frame), 0);
    uint32_t grandchild = split_ok(child, 2);
    ck_assert_int_eq(container_release(child), E_BUSY);
    ck_assert(container_is_used(child));
    ck_assert_uint_eq(container_get_usage(0), BOOT + 10);
    ck_assert_int_eq(container_release(grandchild), 0);
    ck_assert_int_eq(container_release(child), 0);
    assert_books();
}
END_TEST

START_TEST(test_release_bad_id)
{
    ck_assert_int_eq(container_release(0), E_INVAL);
    ck_assert_int_eq(container_release(1), E_INVAL);
    ck_assert_int_eq(container_release(NUM_IDS), E_INVAL);
    ck_assert_int_eq(container_release(0xFFFFFFFFu), E_INVAL);
    uint32_t child = split_ok(0, 1);
    ck_assert_int_eq(container_release(child), 0);
    ck_assert_int_eq(container_release(child), E_INVAL);
    assert_books();
}
END_TEST

START_TEST(test_release_returns_quota)
{
    uint32_t a = split_ok(0, 10), b = split_ok(0, 20), c = split_ok(0, 30);
    ck_assert_uint_eq(container_get_usage(0), BOOT + 60);
    ck_assert_int_eq(container_release(b), 0);
    ck_assert(!container_is_used(b));
    ck_assert_uint_eq(container_get_quota(b), 0);
    ck_assert_uint_eq(container_get_parent(b), 0);
    ck_assert_uint_eq(container_get_usage(0), BOOT + 40);
    ck_assert_uint_eq(container_get_nchildren(0), 2);
    assert_books();
    ck_assert_int_eq(container_split(0, 5), (int)b); /* the first free slot is reused */
    ck_assert_uint_eq(container_get_quota(b), 5);
    ck_assert_int_eq(container_split(0, 5), (int)c + 1);
    ck_assert_int_eq(container_release(a), 0);
    ck_assert_int_eq(container_split(0, 0), (int)a);
    ck_assert_uint_eq(container_get_nchildren(0), 4);
    assert_books();
}
END_TEST

/* With all slots full, a release makes room for exactly one more child. */
START_TEST(test_release_full_parent)
{
    for (uint32_t k = 0; k < MAX_CHILDREN; k++)
        split_ok(0, 1);
    ck_assert_int_eq(container_release(MAX_CHILDREN), 0);
    ck_assert_int_eq(container_split(0, 1), MAX_CHILDREN);
    ck_assert_int_eq(container_split(0, 1), E_RANGE);
    assert_books();
}
END_TEST

START_TEST(test_check_usage)
{
    uint32_t a = split_ok(0, 10), b = split_ok(0, 10);
    alloc_ok(b);
    assert_books();
    containers[b].usage++;
    ck_assert_int_eq(container_check(), (int)b);
    containers[b].usage--;
    containers[a].usage = 11; /* above its quota, but held + children says 0 */
    ck_assert_int_eq(container_check(), (int)a);
}
END_TEST

START_TEST(test_check_usage_over_quota)
{
    uint32_t a = split_ok(0, 1);
    split_ok(a, 1);
    containers[a].quota = 0; /* its usage (the child's quota) now exceeds its quota */
    ck_assert_int_eq(container_check(), 0); /* and the root's sum no longer matches */
    containers[0].usage -= 1;
    ck_assert_int_eq(container_check(), (int)a);
}
END_TEST

START_TEST(test_check_held)
{
    uint32_t a = split_ok(0, 10);
    uint32_t frame = alloc_ok(a);
    containers[a].held--;
    ck_assert_int_eq(container_check(), (int)a);
    containers[a].held++;
    owner[frame] = OWNER_NONE; /* a frame the books forgot */
    ck_assert_int_eq(container_check(), (int)a);
    owner[frame] = (uint8_t)a;
    boot_held++; /* the root's boot frames */
    ck_assert_int_eq(container_check(), 0);
}
END_TEST

START_TEST(test_check_links)
{
    uint32_t a = split_ok(0, 10);
    uint32_t g = split_ok(a, 2);
    containers[g].parent = 0;
    ck_assert_int_eq(container_check(), (int)a); /* a's child names another parent */
    containers[g].parent = a;
    containers[a].nchildren = 2;
    ck_assert_int_eq(container_check(), (int)a);
    containers[a].nchildren = 1;
    assert_books();
}
END_TEST

/* A frame charged to a free id, and a child whose parent is free. */
START_TEST(test_check_orphans)
{
    uint32_t frame = alloc_ok(0);
    owner[frame] = 100;
    ck_assert_int_eq(container_check(), 0); /* the root lost a frame */
    containers[0].held--;
    containers[0].usage--;
    ck_assert_int_eq(container_check(), 100);
    owner[frame] = 0;
    containers[0].held++;
    containers[0].usage++;
    assert_books();
    containers[20] = (struct SContainer){.quota = 1, .parent = 2, .used = 1};
    ck_assert_int_eq(container_check(), 20);
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

/* The frames the random sequence holds, and by which container. */
static struct {
    uint32_t frame, id;
} taken[FREE];
static uint32_t ntaken, nsplits, nreleases;

static uint32_t random_used_id(void)
{
    uint32_t id;
    do
        id = rng(NUM_IDS);
    while (!container_is_used(id));
    return id;
}

static void random_split(void)
{
    uint32_t id = random_used_id();
    uint32_t quota = rng(40);
    uint32_t usage = container_get_usage(id), n = container_get_nchildren(id);
    bool fits = container_can_consume(id, quota);
    int child = container_split(id, quota);
    if (child < 0) {
        ck_assert(child == E_QUOTA ? !fits : fits && child == E_RANGE);
        ck_assert_uint_eq(container_get_usage(id), usage);
        return;
    }
    ck_assert(fits);
    uint32_t slot = (uint32_t)child - (id * MAX_CHILDREN + 1);
    ck_assert_uint_lt(slot, MAX_CHILDREN);
    for (uint32_t k = 0; k < slot; k++) /* the first free slot was taken */
        ck_assert(container_is_used(id * MAX_CHILDREN + 1 + k));
    ck_assert_uint_eq(container_get_usage(id), usage + quota);
    ck_assert_uint_eq(container_get_nchildren(id), n + 1);
    ck_assert_uint_eq(container_get_quota((uint32_t)child), quota);
    nsplits++;
}

static void random_alloc(void)
{
    uint32_t id = random_used_id();
    uint32_t usage = container_get_usage(id);
    bool fits = container_can_consume(id, 1);
    uint32_t frame = container_alloc(id);
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

/* Free a random held frame, after a try through the wrong container. */
static void random_free(void)
{
    if (ntaken == 0)
        return;
    uint32_t i = rng(ntaken);
    uint32_t other = random_used_id();
    if (other != taken[i].id)
        ck_assert_int_eq(container_free(other, taken[i].frame), E_PERM);
    free_taken(i);
}

/* Release a random container: first as it is, then after freeing its frames. */
static void random_release(void)
{
    uint32_t id = random_used_id();
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
        nreleases++;
    }
}

START_TEST(test_random_books)
{
    static void (*const ops[])(void) = {random_split, random_alloc, random_alloc,  random_alloc,
                                        random_free,  random_free,  random_release};
    rng_state = 12345;
    ntaken = nsplits = nreleases = 0;
    fake_span = 3000; /* frame numbers are reused as they are freed */
    for (int step = 0; step < 5000; step++) {
        ops[rng(sizeof(ops) / sizeof(ops[0]))]();
        if (step % 100 == 0)
            assert_books();
    }
    assert_books();
    ck_assert_uint_ge(nsplits, 50); /* the sequence did exercise the tree */
    ck_assert_uint_ge(nreleases, 50);
    ck_assert_uint_eq(fake_outstanding, ntaken);
    for (uint32_t i = 0; i < ntaken; i++)
        ck_assert_int_eq(container_owner(taken[i].frame), (int)taken[i].id);
    while (ntaken > 0)
        free_taken(ntaken - 1);
    ck_assert_uint_eq(fake_outstanding, 0);
    assert_books();
}
END_TEST

UNIT_MAIN("container",
          {"container", .setup = setup, .teardown = teardown, .timeout = 30,
           .tests = UNIT_TESTS(
               test_init, test_init_resets, test_getters_bad_id, test_can_consume, test_split,
               test_split_exact_free_quota, test_split_max_children, test_split_id_space,
               test_split_id_space_last_slot, test_split_bad_id, test_alloc, test_alloc_quota_zero,
               test_alloc_unused_id, test_alloc_palloc_fails, test_alloc_frame_range, test_free,
               test_free_errors, test_free_pfree_fails, test_usage_never_wraps, test_release_busy,
               test_release_bad_id, test_release_returns_quota, test_release_full_parent,
               test_check_usage, test_check_usage_over_quota, test_check_held, test_check_links,
               test_check_orphans, test_random_books)})
