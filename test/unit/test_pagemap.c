/*
 * Host tests of servers/pager/pagemap.c: the per-task page -> frame map,
 * leaves of neighbouring pages under a directory, which grows with the
 * pages and gives its memory back (the directory's probing is
 * test_hash.c's).
 */
#include "unit.h"
#include <stdlib.h>

#include "servers/pager/hash.c"
#include "servers/pager/pagemap.c"

#define P     PAGE_SIZE
#define RANGE 16384 /* pages the model tests use: twice the old fixed table */

static struct pagemap pm;

static void setup(void)
{
    pagemap_init(&pm);
}

static void teardown(void)
{
    pagemap_clear(&pm);
}

START_TEST(test_set_get_remove)
{
    ck_assert_uint_eq(pagemap_count(&pm), 0);
    ck_assert_uint_eq(pagemap_get(&pm, 0x400000), 0);
    ck_assert_int_eq(pagemap_set(&pm, 0x400000, 77, 0), 0);
    ck_assert_int_eq(pagemap_set(&pm, 0x401000, 78, 0), 0);
    ck_assert_int_eq(pagemap_set(&pm, 0xBFFFF000u, 79, 0), 0);
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
    ck_assert_int_eq(pagemap_set(&pm, 0x401000, 80, 0), 0);
    ck_assert_uint_eq(pagemap_get(&pm, 0x401000), 80);
}
END_TEST

START_TEST(test_set_errors)
{
    ck_assert_int_eq(pagemap_set(&pm, 0x400000, 5, 0), 0);
    ck_assert_int_eq(pagemap_set(&pm, 0x400000, 6, 0), E_EXIST);
    ck_assert_uint_eq(pagemap_get(&pm, 0x400000), 5);
    ck_assert_int_eq(pagemap_set(&pm, 0x400004, 6, 0), E_ALIGN);
    ck_assert_int_eq(pagemap_set(&pm, 0x401000, 0, 0), E_INVAL);
    ck_assert_int_eq(pagemap_set(&pm, 0, 1, 0), E_INVAL); /* page 0 is never mapped */
    ck_assert_uint_eq(pagemap_count(&pm), 1);
    /* unaligned addresses find nothing */
    ck_assert_uint_eq(pagemap_get(&pm, 0x400004), 0);
    ck_assert_uint_eq(pagemap_remove(&pm, 0x400004), 0);
    ck_assert_uint_eq(pagemap_count(&pm), 1);
}
END_TEST

/* 100,000 pages (the fixed table held 8,192), all found; removing them gives the memory back. */
START_TEST(test_grows)
{
    for (uint32_t i = 1; i <= 100000; i++)
        ck_assert_int_eq(pagemap_set(&pm, i * P, i, 0), 0);
    ck_assert_uint_eq(pagemap_count(&pm), 100000);
    for (uint32_t i = 1; i <= 100000; i++)
        ck_assert_uint_eq(pagemap_get(&pm, i * P), i);
    for (uint32_t i = 1; i <= 100000; i++)
        ck_assert_uint_eq(pagemap_remove(&pm, i * P), i);
    ck_assert_uint_eq(pagemap_count(&pm), 0);
    ck_assert_ptr_null(pm.dir.slot);
}
END_TEST

START_TEST(test_replace)
{
    ck_assert_int_eq(pagemap_set(&pm, 5 * P, 1, 0), 0);
    ck_assert_int_eq(pagemap_set(&pm, 6 * P, 2, 0), 0);
    pagemap_replace(&pm, 6 * P, 0x80000007u);
    ck_assert_uint_eq(pagemap_get(&pm, 6 * P), 0x80000007u);
    ck_assert_uint_eq(pagemap_get(&pm, 5 * P), 1);
    pagemap_replace(&pm, 6 * P, 0);      /* 0 would empty the slot: refused */
    pagemap_replace(&pm, 0x7000 * P, 9); /* no entry: nothing made */
    ck_assert_uint_eq(pagemap_get(&pm, 6 * P), 0x80000007u);
    ck_assert_uint_eq(pagemap_get(&pm, 0x7000 * P), 0);
    ck_assert_uint_eq(pagemap_count(&pm), 2);
}
END_TEST

/* Flags stay with their page while other pages come and go and the table resizes. */
START_TEST(test_flags)
{
    for (uint32_t i = 1; i <= 1000; i++) {
        ck_assert_int_eq(pagemap_set(&pm, i * P, i, 0), 0);
        ck_assert_int_eq(pagemap_flags_get(&pm, i * P), 0);
        ck_assert_int_eq(pagemap_flags_set(&pm, i * P, (uint8_t)i), 0);
    }
    for (uint32_t i = 1; i <= 1000; i += 2)
        ck_assert_uint_eq(pagemap_remove(&pm, i * P), i);
    for (uint32_t i = 1; i <= 1000; i++)
        ck_assert_int_eq(pagemap_flags_get(&pm, i * P), i % 2 ? E_NOENT : (int)(i & 0xFF));
    ck_assert_int_eq(pagemap_flags_set(&pm, 1 * P, 1), E_NOENT);
    ck_assert_int_eq(pagemap_flags_get(&pm, 2 * P + 1), E_NOENT);
}
END_TEST

/* Visit every entry; each vaddr must appear once with its frame (frame = vpn + 1). */
static uint32_t iterate_all(uint8_t *seen, uint32_t range)
{
    uint32_t cursor = 0, visits = 0;
    const struct pm_entry *e;
    memset(seen, 0, range);
    while ((e = pagemap_next(&pm, &cursor))) {
        uint32_t vaddr = pm_va(e), frame = e->frame;
        ck_assert_uint_eq(vaddr % P, 0);
        ck_assert_uint_lt(vaddr / P, range);
        ck_assert_uint_eq(frame, vaddr / P + 1);
        ck_assert_uint_eq(seen[vaddr / P], 0);
        seen[vaddr / P] = 1;
        visits++;
    }
    ck_assert_ptr_null(pagemap_next(&pm, &cursor));
    return visits;
}

START_TEST(test_iterate)
{
    static uint8_t seen[RANGE];
    ck_assert_uint_eq(iterate_all(seen, sizeof(seen)), 0);
    for (uint32_t vpn = 3; vpn < sizeof(seen); vpn += 3)
        ck_assert_int_eq(pagemap_set(&pm, vpn * P, vpn + 1, 0), 0);
    for (uint32_t vpn = 0; vpn < sizeof(seen); vpn += 7)
        pagemap_remove(&pm, vpn * P);
    uint32_t visits = iterate_all(seen, sizeof(seen));
    ck_assert_uint_eq(visits, pagemap_count(&pm));
    for (uint32_t vpn = 0; vpn < sizeof(seen); vpn++)
        ck_assert_uint_eq(seen[vpn], vpn % 3 == 0 && vpn % 7 != 0 && vpn);
}
END_TEST

/* Random operations at high load against a plain array model. */
START_TEST(test_random_model)
{
    static uint32_t model[RANGE];
    uint32_t seed = 12345, count = 0;
    memset(model, 0, sizeof(model));
    for (uint32_t step = 0; step < 200000; step++) {
        seed = seed * 1103515245u + 12345u;
        uint32_t vpn = 1 + (seed >> 8) % (RANGE - 1);
        bool insert = ((seed >> 4) & 3) != 0;
        if (insert) {
            int err = pagemap_set(&pm, vpn * P, step + 1, 0);
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

/* An entry stays where it is while 100,000 other pages come and go; its flags live in it. */
START_TEST(test_entries_stay)
{
    struct pm_entry *e;
    ck_assert_int_eq(pagemap_set(&pm, 0x400000, 7, &e), 0);
    ck_assert_ptr_eq(pagemap_find(&pm, 0x400000), e);
    ck_assert_uint_eq(pm_va(e), 0x400000);
    pm_set_flags(e, 0x5);
    for (uint32_t i = 1; i <= 100000; i++)
        ck_assert_int_eq(pagemap_set(&pm, 0x400000 + i * P, i, 0), 0);
    for (uint32_t i = 1; i <= 100000; i += 2)
        ck_assert_uint_eq(pagemap_remove(&pm, 0x400000 + i * P), i);
    ck_assert_ptr_eq(pagemap_find(&pm, 0x400000), e);
    ck_assert_uint_eq(e->frame, 7);
    ck_assert_int_eq(pagemap_flags_get(&pm, 0x400000), 0x5);
    ck_assert_uint_eq(pm_va(e), 0x400000);
    ck_assert_ptr_null(pagemap_find(&pm, 0x400000 + P));
}
END_TEST

/* A leaf is made by its first page and freed with its last; its neighbours' leaves stay. */
START_TEST(test_leaves)
{
    const uint32_t span = PM_LEAF_PAGES * P, base = 0x1000000;
    ck_assert_int_eq(pagemap_set(&pm, base, 1, 0), 0);
    ck_assert_int_eq(pagemap_set(&pm, base + span - P, 2, 0), 0); /* the same leaf */
    ck_assert_uint_eq(pm.dir.count, 1);
    ck_assert_int_eq(pagemap_set(&pm, base + span, 3, 0), 0); /* the next leaf */
    ck_assert_uint_eq(pm.dir.count, 2);
    ck_assert_uint_eq(pagemap_remove(&pm, base), 1);
    ck_assert_uint_eq(pm.dir.count, 2);
    ck_assert_uint_eq(pagemap_remove(&pm, base + span - P), 2);
    ck_assert_uint_eq(pm.dir.count, 1); /* its last page gone: the leaf too */
    ck_assert_uint_eq(pagemap_get(&pm, base), 0);
    ck_assert_uint_eq(pagemap_get(&pm, base + span), 3);
    ck_assert_int_eq(pagemap_set(&pm, base + P, 4, 0), 0); /* a new leaf where it was */
    ck_assert_uint_eq(pagemap_get(&pm, base + P), 4);
    ck_assert_uint_eq(pm.dir.count, 2);
    /* the keys of a task's kernel objects, at the top of the address space */
    ck_assert_int_eq(pagemap_set(&pm, 0xFFFFF000u, 5, 0), 0);
    ck_assert_uint_eq(pagemap_get(&pm, 0xFFFFF000u), 5);
    ck_assert_uint_eq(pagemap_count(&pm), 3);
    ck_assert_uint_eq(pagemap_remove(&pm, 0xFFFFF000u), 5);
    ck_assert_uint_eq(pm.dir.count, 2);
}
END_TEST

UNIT_MAIN("pagemap", {"pagemap", .setup = setup, .teardown = teardown, .timeout = 30,
                      .tests = UNIT_TESTS(test_set_get_remove, test_set_errors, test_grows,
                                          test_replace, test_flags, test_iterate, test_random_model,
                                          test_entries_stay, test_leaves)})
