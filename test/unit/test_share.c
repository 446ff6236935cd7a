/*
 * Host tests of servers/pager/share.c: the shared-page table (mappings per
 * frame or swap slot, and the container charged), over storage the test
 * gives it and grows.
 */
#include "unit.h"
#include <stdlib.h>

#include "servers/pager/share.c"

static struct share_table t;
static struct share_entry *storage;

/* Give the table cap fresh entries, as the pager does when share_full says so. */
static void grow(uint32_t cap)
{
    struct share_entry *old = storage;
    storage = malloc(cap * sizeof(*storage));
    ck_assert_ptr_nonnull(storage);
    share_move(&t, storage, cap);
    free(old);
}

static void setup(void)
{
    share_init(&t);
    storage = 0;
}

static void teardown(void)
{
    free(storage);
}

START_TEST(test_empty_table_needs_storage)
{
    ck_assert(share_full(&t));
    ck_assert_ptr_null(share_find(&t, 5));
    ck_assert_int_eq(share_add(&t, 5, 1), E_NOMEM);
    uint32_t c;
    ck_assert_int_eq(share_drop(&t, 5, &c), E_NOENT);
    grow(4);
    ck_assert(!share_full(&t));
    ck_assert_int_eq(share_add(&t, 0, 1), E_INVAL);
}
END_TEST

START_TEST(test_counts_and_charge)
{
    grow(8);
    ck_assert_int_eq(share_add(&t, 100, 7), 2);
    ck_assert_int_eq(share_add(&t, 100, 9), 3); /* the first charge stays */
    struct share_entry *e = share_find(&t, 100);
    ck_assert_ptr_nonnull(e);
    ck_assert_uint_eq(e->refs, 3);
    ck_assert_uint_eq(e->container, 7);
    uint32_t c = 0;
    ck_assert_int_eq(share_drop(&t, 100, &c), 2);
    ck_assert_int_eq(share_drop(&t, 100, &c), 1);
    ck_assert_ptr_nonnull(share_find(&t, 100));
    ck_assert_int_eq(share_drop(&t, 100, &c), 0);
    ck_assert_uint_eq(c, 7);
    ck_assert_ptr_null(share_find(&t, 100));
    ck_assert_uint_eq(t.count, 0);
    ck_assert_int_eq(share_drop(&t, 100, &c), E_NOENT);
}
END_TEST

START_TEST(test_frames_and_slots_are_distinct)
{
    grow(8);
    ck_assert_int_eq(share_add(&t, 0x80000003u, 0), 2); /* swap slot 3 */
    ck_assert_int_eq(share_add(&t, 3, 4), 2);           /* frame 3 */
    ck_assert_uint_eq(share_find(&t, 3)->container, 4);
    uint32_t c;
    ck_assert_int_eq(share_drop(&t, 0x80000003u, &c), 1);
    ck_assert_int_eq(share_drop(&t, 0x80000003u, &c), 0);
    ck_assert_ptr_nonnull(share_find(&t, 3));
}
END_TEST

/* A page written to a slot and read back keeps its mappings; the charge is the one given. */
START_TEST(test_rekey_follows_the_page)
{
    grow(4);
    for (uint32_t k = 1; k <= 3; k++)
        ck_assert_int_eq(share_add(&t, k, k), 2);
    ck_assert_int_eq(share_add(&t, 2, 2), 3);
    ck_assert(share_full(&t)); /* a rekey needs no room */
    ck_assert_int_eq(share_rekey(&t, 2, 0x80000005u, 2), 3);
    ck_assert_ptr_null(share_find(&t, 2));
    ck_assert_uint_eq(share_find(&t, 0x80000005u)->refs, 3);
    ck_assert_int_eq(share_rekey(&t, 0x80000005u, 9, 6), 3);
    ck_assert_uint_eq(share_find(&t, 9)->container, 6);
    ck_assert_uint_eq(t.count, 3);
    ck_assert_int_eq(share_rekey(&t, 2, 10, 1), E_NOENT);
    ck_assert_int_eq(share_rekey(&t, 9, 0, 1), E_INVAL);
    ck_assert_int_eq(share_rekey(&t, 9, 3, 1), E_EXIST);
    for (uint32_t k = 1; k <= 3; k += 2)
        ck_assert_uint_eq(share_find(&t, k)->refs, 2);
    uint32_t c;
    ck_assert_int_eq(share_drop(&t, 9, &c), 2);
}
END_TEST

/* Three quarters full at most: the entry that would pass it asks for storage. */
START_TEST(test_full_until_moved)
{
    grow(4);
    for (uint32_t k = 1; k <= 3; k++)
        ck_assert_int_eq(share_add(&t, k, k), 2);
    ck_assert(share_full(&t));
    ck_assert_int_eq(share_add(&t, 4, 4), E_NOMEM);
    ck_assert_int_eq(share_add(&t, 2, 9), 3); /* a known key needs no room */
    grow(8);
    ck_assert_int_eq(share_add(&t, 4, 4), 2);
    for (uint32_t k = 1; k <= 4; k++)
        ck_assert_uint_eq(share_find(&t, k)->container, k);
    ck_assert_uint_eq(share_find(&t, 2)->refs, 3);
}
END_TEST

/*
 * Many keys that collide, added and dropped in a mixed order while the
 * storage grows: every key left is found with its own count and charge
 * (backward-shift deletion keeps every probe run whole).
 */
START_TEST(test_churn_against_model)
{
    enum { N = 3000 };
    static uint32_t refs[N];
    memset(refs, 0, sizeof(refs));
    grow(4);
    srand(14);
    for (int step = 0; step < 40000; step++) {
        uint32_t k = (uint32_t)(rand() % N);
        uint32_t key = k * 4096u + 1; /* keys that share low bits */
        uint32_t c;
        if (rand() % 3 && refs[k] < 100) {
            if (share_full(&t) && !refs[k])
                grow(t.cap * 2);
            int r = share_add(&t, key, k);
            refs[k] = refs[k] ? refs[k] + 1 : 2;
            ck_assert_int_eq(r, (int)refs[k]);
        } else if (refs[k]) {
            int r = share_drop(&t, key, &c);
            refs[k] = refs[k] - 1 ? refs[k] - 1 : 0;
            ck_assert_int_eq(r, (int)refs[k]);
            ck_assert_uint_eq(c, k);
        }
    }
    uint32_t live = 0;
    for (uint32_t k = 0; k < N; k++) {
        struct share_entry *e = share_find(&t, k * 4096u + 1);
        if (!refs[k]) {
            ck_assert_ptr_null(e);
            continue;
        }
        live++;
        ck_assert_ptr_nonnull(e);
        ck_assert_uint_eq(e->refs, refs[k]);
        ck_assert_uint_eq(e->container, k);
    }
    ck_assert_uint_eq(t.count, live);
}
END_TEST

UNIT_MAIN("share", {"share", .setup = setup, .teardown = teardown,
                    .tests = UNIT_TESTS(test_empty_table_needs_storage, test_counts_and_charge,
                                        test_frames_and_slots_are_distinct, test_full_until_moved,
                                        test_rekey_follows_the_page, test_churn_against_model)})
