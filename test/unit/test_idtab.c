/*
 * Unit tests of the id tables (microkernel/idtab.c): a lookup needs no
 * bound, because a page not made yet is idtab_none, empty and never
 * written; so an id whose slot lies in no made page, slot 0, a stale or a
 * forged generation all name nothing, a page the allocator cannot give
 * leaves the table as it was, and ids come back oldest first with the next
 * generation. fastpath.S looks threads up the same way.
 */
#include "unit.h"
#include <string.h>

#include "../../microkernel/idtab.c"

#define PAGES 3

static struct idtab_slot pages[PAGES][IDTAB_PER_PAGE];
static int pages_given, refuse;
static struct idtab t;
static int objs[2 * IDTAB_PER_PAGE];

/* The allocator: zeroed pages from the array above, none while refuse is set. */
static void *page_alloc(void)
{
    if (refuse || pages_given == PAGES)
        return 0;
    return pages[pages_given++];
}

static void setup(void)
{
    memset(pages, 0, sizeof(pages));
    pages_given = refuse = 0;
    idtab_init(&t, page_alloc);
}

static int none_is_empty(void)
{
    for (uint32_t i = 0; i < IDTAB_PER_PAGE; i++)
        if (idtab_none[i].obj || idtab_none[i].gen || idtab_none[i].next_free)
            return 0;
    return 1;
}

/* Nothing made: every id, whichever page its slot is in, names nothing. */
START_TEST(empty_table_names_nothing)
{
    uint32_t ids[] = {0, 1, 255, 256, 0xFFFF, 0x12345, 0x7FFFFFFF, 0xFFFFFFFF};
    for (uint32_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
        ck_assert_ptr_null(idtab_get(&t, ids[i]));
    ck_assert_int_eq(pages_given, 0);
}
END_TEST

START_TEST(ids_name_their_objects_only)
{
    uint32_t a = idtab_alloc(&t, &objs[0]), b = idtab_alloc(&t, &objs[1]);
    ck_assert_uint_eq(a, 1);
    ck_assert_uint_eq(b, 2);
    ck_assert_ptr_eq(idtab_get(&t, a), &objs[0]);
    ck_assert_ptr_eq(idtab_get(&t, b), &objs[1]);
    ck_assert_ptr_null(idtab_get(&t, 0));                        /* slot 0 */
    ck_assert_ptr_null(idtab_get(&t, 3));                        /* made page, never used */
    ck_assert_ptr_null(idtab_get(&t, a + (1u << ID_SLOT_BITS))); /* forged generation */
    ck_assert_ptr_null(idtab_get(&t, 0x0301));                   /* a page not made */
    ck_assert_int_eq(pages_given, 1);
}
END_TEST

/* A freed id goes stale; its slot comes back oldest first, with the next generation. */
START_TEST(freed_ids_go_stale)
{
    uint32_t a = idtab_alloc(&t, &objs[0]), b = idtab_alloc(&t, &objs[1]);
    idtab_free(&t, a);
    idtab_free(&t, b);
    ck_assert_ptr_null(idtab_get(&t, a));
    uint32_t c = idtab_alloc(&t, &objs[2]);
    ck_assert_uint_eq(ID_SLOT(c), ID_SLOT(a));
    ck_assert_uint_eq(c, a + (1u << ID_SLOT_BITS));
    ck_assert_ptr_null(idtab_get(&t, a));
    ck_assert_ptr_eq(idtab_get(&t, c), &objs[2]);
    idtab_free(&t, a); /* stale: nothing happens */
    ck_assert_ptr_eq(idtab_get(&t, c), &objs[2]);
}
END_TEST

/* The second page refused: no id, and the table (and idtab_none) as they were; then given. */
START_TEST(refused_page_leaves_table_whole)
{
    for (uint32_t i = 1; i < IDTAB_PER_PAGE; i++)
        ck_assert_uint_eq(idtab_alloc(&t, &objs[i]), i);
    refuse = 1;
    ck_assert_uint_eq(idtab_alloc(&t, &objs[0]), 0);
    ck_assert_ptr_null(idtab_get(&t, IDTAB_PER_PAGE));
    ck_assert(t.page[1] == idtab_none);
    ck_assert(none_is_empty());
    refuse = 0;
    uint32_t id = idtab_alloc(&t, &objs[0]);
    ck_assert_uint_eq(id, IDTAB_PER_PAGE);
    ck_assert_ptr_eq(idtab_get(&t, id), &objs[0]);
    ck_assert_int_eq(pages_given, 2);
    ck_assert(none_is_empty());
}
END_TEST

UNIT_MAIN("idtab", {"core", setup, NULL, 0,
                    UNIT_TESTS(empty_table_names_nothing, ids_name_their_objects_only,
                               freed_ids_go_stale, refused_page_leaves_table_whole),
                    NULL})
