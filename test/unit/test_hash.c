/*
 * Host tests of servers/pager/hash.c: the growing hash table under the
 * pager's page maps and process table. A model array checks every answer
 * through growth, shrinking, collisions and wrap-around of probe runs.
 */
#include "unit.h"
#include <stdlib.h>

#include "servers/pager/hash.c"

struct item {
    uint32_t key, value;
};

static struct hash h;

static void setup(void)
{
    hash_init(&h, sizeof(struct item));
}

static void teardown(void)
{
    hash_clear(&h);
}

static uint32_t cap(void)
{
    return hash_cap(&h);
}

static void put(uint32_t key, uint32_t value)
{
    struct item *it = hash_insert(&h, key);
    ck_assert_ptr_nonnull(it);
    ck_assert_uint_eq(it->key, key);
    ck_assert_uint_eq(it->value, 0);
    it->value = value;
}

static uint32_t get(uint32_t key)
{
    const struct item *it = hash_find(&h, key);
    return it ? it->value : 0;
}

START_TEST(test_empty_takes_no_memory)
{
    ck_assert_ptr_null(h.slot);
    ck_assert_ptr_null(hash_find(&h, 5));
    ck_assert_int_eq(hash_remove(&h, 5), E_NOENT);
    put(5, 50);
    ck_assert_uint_eq(cap(), HASH_MIN_CAP);
    ck_assert_int_eq(hash_remove(&h, 5), 0);
    ck_assert_ptr_null(h.slot);
    ck_assert_uint_eq(h.count, 0);
}
END_TEST

START_TEST(test_refuses_zero_and_twice)
{
    ck_assert_ptr_null(hash_insert(&h, 0));
    put(7, 70);
    ck_assert_ptr_null(hash_insert(&h, 7));
    ck_assert_uint_eq(get(7), 70);
    ck_assert_uint_eq(h.count, 1);
}
END_TEST

/* The table doubles before it passes 3/4 full and halves under 1/8. */
START_TEST(test_grows_and_shrinks)
{
    for (uint32_t k = 1; k <= 12; k++)
        put(k * 4096, k);
    ck_assert_uint_eq(cap(), 16);
    put(13 * 4096, 13);
    ck_assert_uint_eq(cap(), 32);
    for (uint32_t k = 14; k <= 100000; k++)
        put(k * 4096, k);
    ck_assert_uint_le(h.count * 4, cap() * 3);
    ck_assert_uint_ge(h.count * 8, cap() * 3); /* no more than twice the room needed */
    for (uint32_t k = 1; k <= 100000; k++)
        ck_assert_uint_eq(get(k * 4096), k);
    for (uint32_t k = 100000; k > 10; k--)
        ck_assert_int_eq(hash_remove(&h, k * 4096), 0);
    ck_assert_uint_eq(cap(), 64); /* 10 keys: under 1/8 of 128 slots, not of 64 */
    for (uint32_t k = 1; k <= 10; k++)
        ck_assert_uint_eq(get(k * 4096), k);
}
END_TEST

/* Keys that share a home slot at the table's end wrap to its start; removals shift back. */
START_TEST(test_collisions_wrap)
{
    put(1, 1); /* a table of HASH_MIN_CAP slots */
    uint32_t keys[6], n = 0;
    for (uint32_t k = 2; n < 6; k++)
        if (hash_home(&h, k) == HASH_MIN_CAP - 1)
            keys[n++] = k;
    for (uint32_t i = 0; i < 6; i++)
        put(keys[i], 100 + i);
    ck_assert_uint_eq(cap(), HASH_MIN_CAP);
    ck_assert_int_eq(hash_remove(&h, keys[0]), 0);
    ck_assert_int_eq(hash_remove(&h, keys[3]), 0);
    for (uint32_t i = 0; i < 6; i++)
        ck_assert_uint_eq(get(keys[i]), i == 0 || i == 3 ? 0 : 100 + i);
    ck_assert_uint_eq(get(1), 1);
}
END_TEST

START_TEST(test_iterate_sees_each_once)
{
    for (uint32_t k = 1; k <= 500; k++)
        put(k * 3, k);
    uint32_t cursor = 0, seen = 0, sum = 0;
    const struct item *it;
    while ((it = hash_next(&h, &cursor))) {
        ck_assert_uint_eq(it->value * 3, it->key);
        seen++;
        sum += it->value;
    }
    ck_assert_uint_eq(seen, 500);
    ck_assert_uint_eq(sum, 500 * 501 / 2);
}
END_TEST

/* Random inserts and removals against a model array. */
START_TEST(test_random_model)
{
    enum { RANGE = 4096 };
    static uint32_t model[RANGE];
    uint32_t count = 0, x = 12345;
    memset(model, 0, sizeof(model));
    for (uint32_t step = 0; step < 200000; step++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        uint32_t k = 1 + x % (RANGE - 1);
        if ((x >> 20) % 3 == 0 || (step / 50000) % 2) { /* phases of more removals */
            ck_assert_int_eq(hash_remove(&h, k), model[k] ? 0 : E_NOENT);
            count -= model[k] != 0;
            model[k] = 0;
        } else if (!model[k]) {
            put(k, step + 1);
            model[k] = step + 1;
            count++;
        }
        ck_assert_uint_eq(h.count, count);
    }
    for (uint32_t k = 1; k < RANGE; k++)
        ck_assert_uint_eq(get(k), model[k]);
}
END_TEST

UNIT_MAIN("hash", {"hash", .setup = setup, .teardown = teardown, .timeout = 30,
                   .tests = UNIT_TESTS(test_empty_takes_no_memory, test_refuses_zero_and_twice,
                                       test_grows_and_shrinks, test_collisions_wrap,
                                       test_iterate_sees_each_once, test_random_model)})
