/*
 * Host tests of servers/pager/pagemap.c: the per-task page -> frame hash table.
 */
#include "unit.h"
#include <stdlib.h>

#include "servers/pager/pagemap.c"

#define P PAGE_SIZE

static struct pagemap pm;

static void setup(void)
{
    pagemap_init(&pm);
}

/* The first n page numbers at or after from whose home slot is home. */
static void keys_with_home(uint32_t home, uint32_t from, uint32_t n, uint32_t *out)
{
    for (uint32_t vpn = from; n > 0; vpn++) {
        if (pagemap_home(vpn) != home)
            continue;
        *out++ = vpn;
        n--;
    }
}

START_TEST(test_set_get_remove)
{
    ck_assert_uint_eq(pagemap_count(&pm), 0);
    ck_assert_uint_eq(pagemap_get(&pm, 0x400000), 0);
    ck_assert_int_eq(pagemap_set(&pm, 0x400000, 77), 0);
    ck_assert_int_eq(pagemap_set(&pm, 0x401000, 78), 0);
    ck_assert_int_eq(pagemap_set(&pm, 0xBFFFF000u, 79), 0);
    ck_assert_uint_eq(pagemap_count(&pm), 3);
    ck_assert_uint_eq(pagemap_get(&pm, 0x400000), 77);
    ck_assert_uint_eq(pagemap_get(&pm, 0x401000), 78);
    ck_assert_uint_eq(pagemap_get(&pm, 0xBFFFF000u), 79);
    ck_assert_uint_eq(pagemap_get(&pm, 0x402000), 0);
    ck_assert_uint_eq(pagemap_remove(&pm, 0x401000), 78);
    ck_assert_uint_eq(pagemap_get(&pm, 0x401000), 0);
    ck_assert_uint_eq(pagemap_remove(&pm, 0x401000), 0);
    ck_assert_uint_eq(pagemap_count(&pm), 2);
    ck_assert_uint_eq(pagemap_get(&pm, 0x400000), 77);
    ck_assert_int_eq(pagemap_set(&pm, 0x401000, 80), 0);
    ck_assert_uint_eq(pagemap_get(&pm, 0x401000), 80);
}
END_TEST

START_TEST(test_set_errors)
{
    ck_assert_int_eq(pagemap_set(&pm, 0x400000, 5), 0);
    ck_assert_int_eq(pagemap_set(&pm, 0x400000, 6), E_EXIST);
    ck_assert_uint_eq(pagemap_get(&pm, 0x400000), 5);
    ck_assert_int_eq(pagemap_set(&pm, 0x400004, 6), E_ALIGN);
    ck_assert_int_eq(pagemap_set(&pm, 0x401000, 0), E_INVAL);
    ck_assert_uint_eq(pagemap_count(&pm), 1);
    /* unaligned addresses find nothing */
    ck_assert_uint_eq(pagemap_get(&pm, 0x400004), 0);
    ck_assert_uint_eq(pagemap_remove(&pm, 0x400004), 0);
    ck_assert_uint_eq(pagemap_count(&pm), 1);
}
END_TEST

START_TEST(test_full)
{
    for (uint32_t i = 0; i < PAGEMAP_CAP; i++)
        ck_assert_int_eq(pagemap_set(&pm, i * P, i + 1), 0);
    ck_assert_uint_eq(pagemap_count(&pm), PAGEMAP_CAP);
    ck_assert_int_eq(pagemap_set(&pm, PAGEMAP_CAP * P, 1), E_NOMEM);
    ck_assert_int_eq(pagemap_set(&pm, 5 * P, 1), E_EXIST);
    /* lookups of absent keys end although no slot is empty */
    ck_assert_uint_eq(pagemap_get(&pm, PAGEMAP_CAP * P), 0);
    ck_assert_uint_eq(pagemap_remove(&pm, PAGEMAP_CAP * P), 0);
    for (uint32_t i = 0; i < PAGEMAP_CAP; i++)
        ck_assert_uint_eq(pagemap_get(&pm, i * P), i + 1);
    ck_assert_uint_eq(pagemap_remove(&pm, 100 * P), 101);
    ck_assert_int_eq(pagemap_set(&pm, PAGEMAP_CAP * P, 9), 0);
    ck_assert_uint_eq(pagemap_get(&pm, PAGEMAP_CAP * P), 9);
    for (uint32_t i = 0; i < PAGEMAP_CAP; i++)
        ck_assert_uint_eq(pagemap_get(&pm, i * P), i == 100 ? 0 : i + 1);
}
END_TEST

/* Remove each key of a collision cluster in turn; all others must stay reachable. */
static void check_cluster(const uint32_t *vpn, uint32_t n, uint32_t victim)
{
    pagemap_init(&pm);
    for (uint32_t i = 0; i < n; i++)
        ck_assert_int_eq(pagemap_set(&pm, vpn[i] * P, i + 1), 0);
    ck_assert_uint_eq(pagemap_remove(&pm, vpn[victim] * P), victim + 1);
    for (uint32_t i = 0; i < n; i++)
        ck_assert_uint_eq(pagemap_get(&pm, vpn[i] * P), i == victim ? 0 : i + 1);
    ck_assert_uint_eq(pagemap_count(&pm), n - 1);
}

START_TEST(test_collisions)
{
    /* three keys at home h, two at h+1, two at h+2, interleaved in the probe run */
    const uint32_t h = 1000;
    uint32_t vpn[7];
    keys_with_home(h, 0, 3, vpn);
    keys_with_home(h + 1, 0, 2, vpn + 3);
    keys_with_home(h + 2, 0, 2, vpn + 5);
    const uint32_t order[7] = {vpn[3], vpn[0], vpn[5], vpn[1], vpn[4], vpn[2], vpn[6]};
    for (uint32_t v = 0; v < 7; v++)
        check_cluster(order, 7, v);
}
END_TEST

START_TEST(test_collisions_wrap)
{
    /* a run that starts at the last slot and wraps to slot 0 */
    uint32_t vpn[6];
    keys_with_home(PAGEMAP_CAP - 1, 0, 3, vpn);
    keys_with_home(0, 1, 2, vpn + 3);
    keys_with_home(PAGEMAP_CAP - 2, 0, 1, vpn + 5);
    for (uint32_t v = 0; v < 6; v++)
        check_cluster(vpn, 6, v);
}
END_TEST

START_TEST(test_replace)
{
    uint32_t vpn[2];
    keys_with_home(3, 0, 2, vpn);
    for (uint32_t i = 0; i < 2; i++)
        ck_assert_int_eq(pagemap_set(&pm, vpn[i] * P, i + 1), 0);
    pagemap_replace(&pm, vpn[1] * P, 0x80000007u); /* the second of a collision run */
    ck_assert_uint_eq(pagemap_get(&pm, vpn[1] * P), 0x80000007u);
    ck_assert_uint_eq(pagemap_get(&pm, vpn[0] * P), 1);
    pagemap_replace(&pm, vpn[1] * P, 0); /* 0 would empty the slot: refused */
    pagemap_replace(&pm, 0x7000 * P, 9); /* no entry: nothing made */
    ck_assert_uint_eq(pagemap_get(&pm, vpn[1] * P), 0x80000007u);
    ck_assert_uint_eq(pagemap_get(&pm, 0x7000 * P), 0);
    ck_assert_uint_eq(pagemap_count(&pm), 2);
}
END_TEST

START_TEST(test_flags)
{
    uint32_t vpn[3];
    keys_with_home(7, 0, 3, vpn);
    for (uint32_t i = 0; i < 3; i++)
        ck_assert_int_eq(pagemap_set(&pm, vpn[i] * P, i + 1), 0);
    ck_assert_int_eq(pagemap_flags_get(&pm, vpn[2] * P), 0);
    ck_assert_int_eq(pagemap_flags_set(&pm, vpn[2] * P, 0xA5), 0);
    ck_assert_int_eq(pagemap_flags_get(&pm, vpn[2] * P), 0xA5);
    /* the flags move with the entry when deletion shifts it back */
    ck_assert_uint_eq(pagemap_remove(&pm, vpn[0] * P), 1);
    ck_assert_int_eq(pagemap_flags_get(&pm, vpn[2] * P), 0xA5);
    ck_assert_int_eq(pagemap_flags_get(&pm, vpn[1] * P), 0);
    ck_assert_int_eq(pagemap_flags_get(&pm, vpn[0] * P), E_NOENT);
    ck_assert_int_eq(pagemap_flags_set(&pm, vpn[0] * P, 1), E_NOENT);
    ck_assert_int_eq(pagemap_flags_get(&pm, vpn[2] * P + 1), E_NOENT);
}
END_TEST

/* Visit every entry; each vaddr must appear once with its frame (frame = vpn + 1). */
static uint32_t iterate_all(uint8_t *seen, uint32_t range)
{
    uint32_t cursor = 0, vaddr, frame, visits = 0;
    memset(seen, 0, range);
    while (pagemap_next(&pm, &cursor, &vaddr, &frame)) {
        ck_assert_uint_eq(vaddr % P, 0);
        ck_assert_uint_lt(vaddr / P, range);
        ck_assert_uint_eq(frame, vaddr / P + 1);
        ck_assert_uint_eq(seen[vaddr / P], 0);
        seen[vaddr / P] = 1;
        visits++;
    }
    ck_assert(!pagemap_next(&pm, &cursor, &vaddr, &frame));
    return visits;
}

START_TEST(test_iterate)
{
    static uint8_t seen[3 * PAGEMAP_CAP];
    ck_assert_uint_eq(iterate_all(seen, sizeof(seen)), 0);
    for (uint32_t vpn = 0; vpn < sizeof(seen); vpn += 3)
        ck_assert_int_eq(pagemap_set(&pm, vpn * P, vpn + 1), 0);
    for (uint32_t vpn = 0; vpn < sizeof(seen); vpn += 7)
        pagemap_remove(&pm, vpn * P);
    uint32_t visits = iterate_all(seen, sizeof(seen));
    ck_assert_uint_eq(visits, pagemap_count(&pm));
    for (uint32_t vpn = 0; vpn < sizeof(seen); vpn++)
        ck_assert_uint_eq(seen[vpn], vpn % 3 == 0 && vpn % 7 != 0);
}
END_TEST

/* Random operations at high load against a plain array model. */
START_TEST(test_random_model)
{
    enum { RANGE = 2 * PAGEMAP_CAP };
    static uint32_t model[RANGE];
    uint32_t seed = 12345, count = 0;
    memset(model, 0, sizeof(model));
    for (uint32_t step = 0; step < 200000; step++) {
        seed = seed * 1103515245u + 12345u;
        uint32_t vpn = (seed >> 8) % RANGE;
        bool insert = ((seed >> 4) & 3) != 0;
        if (insert && count < PAGEMAP_CAP / 8 * 7) {
            int err = pagemap_set(&pm, vpn * P, step + 1);
            ck_assert_int_eq(err, model[vpn] ? E_EXIST : 0);
            if (!model[vpn]) {
                model[vpn] = step + 1;
                count++;
            }
        } else {
            ck_assert_uint_eq(pagemap_remove(&pm, vpn * P), model[vpn]);
            count -= model[vpn] != 0;
            model[vpn] = 0;
        }
        ck_assert_uint_eq(pagemap_count(&pm), count);
    }
    for (uint32_t vpn = 0; vpn < RANGE; vpn++)
        ck_assert_uint_eq(pagemap_get(&pm, vpn * P), model[vpn]);
}
END_TEST

UNIT_MAIN("pagemap", {"pagemap", .setup = setup, .timeout = 30,
                      .tests = UNIT_TESTS(test_set_get_remove, test_set_errors, test_full,
                                          test_collisions, test_collisions_wrap, test_replace,
                                          test_flags, test_iterate, test_random_model)})
