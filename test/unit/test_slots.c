/*
 * Host tests of servers/swap/slots.c: the swap slot bitmap. Allocation
 * until full, free and reuse, double free, out-of-range slots, the counts,
 * and the SLOT_MAX clamp.
 */
#include "unit.h"
#include <stdlib.h>

#include "../../servers/swap/slots.c"

#define N 70u /* spans three bitmap words, the last one partly */

static void setup(void)
{
    slots_init(N);
}

/* Allocate every slot, asserting they come lowest first. */
static void fill(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        ck_assert_int_eq(slots_alloc(), (int)i);
}

START_TEST(test_init_counts)
{
    ck_assert_uint_eq(slots_total(), N);
    ck_assert_uint_eq(slots_used(), 0);
    ck_assert_int_eq(slots_check(0), E_NOENT);
}
END_TEST

START_TEST(test_alloc_until_full)
{
    fill(N);
    ck_assert_uint_eq(slots_used(), N);
    ck_assert_int_eq(slots_alloc(), E_NOSPC);
    ck_assert_int_eq(slots_alloc(), E_NOSPC);
    ck_assert_uint_eq(slots_used(), N);
    for (uint32_t i = 0; i < N; i++)
        ck_assert_int_eq(slots_check(i), 0);
}
END_TEST

START_TEST(test_free_and_realloc)
{
    fill(N);
    ck_assert_int_eq(slots_free(37), 0);
    ck_assert_int_eq(slots_free(5), 0);
    ck_assert_uint_eq(slots_used(), N - 2);
    ck_assert_int_eq(slots_check(37), E_NOENT);
    ck_assert_int_eq(slots_alloc(), 5);
    ck_assert_int_eq(slots_alloc(), 37);
    ck_assert_int_eq(slots_alloc(), E_NOSPC);
    ck_assert_uint_eq(slots_used(), N);
}
END_TEST

START_TEST(test_last_slot)
{
    fill(N);
    ck_assert_int_eq(slots_free(N - 1), 0);
    ck_assert_int_eq(slots_alloc(), (int)(N - 1));
}
END_TEST

START_TEST(test_double_free)
{
    int s = slots_alloc();
    ck_assert_int_eq(slots_free((uint32_t)s), 0);
    ck_assert_int_eq(slots_free((uint32_t)s), E_NOENT);
    ck_assert_int_eq(slots_free(1), E_NOENT);
    ck_assert_uint_eq(slots_used(), 0);
}
END_TEST

START_TEST(test_out_of_range)
{
    fill(N);
    ck_assert_int_eq(slots_free(N), E_INVAL);
    ck_assert_int_eq(slots_free(0xFFFFFFFFu), E_INVAL);
    ck_assert_int_eq(slots_check(N), E_INVAL);
    ck_assert_uint_eq(slots_used(), N);
}
END_TEST

START_TEST(test_reinit_clears)
{
    fill(N);
    slots_init(3);
    ck_assert_uint_eq(slots_total(), 3);
    ck_assert_uint_eq(slots_used(), 0);
    fill(3);
    ck_assert_int_eq(slots_alloc(), E_NOSPC);
    ck_assert_int_eq(slots_free(3), E_INVAL);
}
END_TEST

START_TEST(test_clamp_to_max)
{
    slots_init(SLOT_MAX + 100);
    ck_assert_uint_eq(slots_total(), SLOT_MAX);
    fill(SLOT_MAX);
    ck_assert_int_eq(slots_alloc(), E_NOSPC);
    ck_assert_int_eq(slots_free(SLOT_MAX), E_INVAL);
    ck_assert_int_eq(slots_free(SLOT_MAX - 1), 0);
    ck_assert_int_eq(slots_alloc(), (int)(SLOT_MAX - 1));
}
END_TEST

START_TEST(test_empty_store)
{
    slots_init(0);
    ck_assert_uint_eq(slots_total(), 0);
    ck_assert_int_eq(slots_alloc(), E_NOSPC);
    ck_assert_int_eq(slots_free(0), E_INVAL);
}
END_TEST

UNIT_MAIN("slots",
          {"bitmap", .setup = setup,
           .tests = UNIT_TESTS(test_init_counts, test_alloc_until_full, test_free_and_realloc,
                               test_last_slot, test_double_free, test_out_of_range,
                               test_reinit_clears, test_clamp_to_max, test_empty_store)})
