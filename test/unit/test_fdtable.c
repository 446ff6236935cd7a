/*
 * Host tests of servers/pager/fdtable.c: a process's file descriptors,
 * which grow with the files it opens, take the lowest free number, and
 * share their open files (and positions) with a fork's copy.
 */
#include "unit.h"
#include <stdlib.h>

#include "fakeheap.h"

#define malloc  fake_malloc
#define realloc fake_realloc
#include "servers/pager/fdtable.c"
#undef malloc
#undef realloc

static const struct initrd_file file_a = {"a", (const uint8_t *)"alpha", 5, 0};
static const struct initrd_file file_b = {"b", (const uint8_t *)"bravo", 5, 4096};

static struct fdtable t;

static void setup(void)
{
    no_memory = 0;
    fdtable_init(&t);
}

static void teardown(void)
{
    fdtable_free(&t);
}

/* Numbers from 0 up, each naming its own file at position 0, far past any first size. */
START_TEST(test_many_files)
{
    enum { N = 5000 };
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(fd_open(&t, i % 2 ? &file_b : &file_a), i);
    for (int i = 0; i < N; i++) {
        struct open_file *f = fd_get(&t, i);
        ck_assert_ptr_nonnull(f);
        ck_assert_ptr_eq(f->file, i % 2 ? &file_b : &file_a);
        ck_assert_uint_eq(f->pos, 0);
        ck_assert_uint_eq(f->refs, 1);
    }
    ck_assert_ptr_null(fd_get(&t, N));
}
END_TEST

/* A closed number is free for the next open (the lowest first); closing it twice is EBADF. */
START_TEST(test_lowest_free)
{
    for (int i = 0; i < 10; i++)
        fd_open(&t, &file_a);
    ck_assert_int_eq(fd_close(&t, 7), 0);
    ck_assert_int_eq(fd_close(&t, 3), 0);
    ck_assert_int_eq(fd_close(&t, 3), E_BADF);
    ck_assert_ptr_null(fd_get(&t, 3));
    ck_assert_int_eq(fd_open(&t, &file_b), 3);
    ck_assert_int_eq(fd_open(&t, &file_b), 7);
    ck_assert_int_eq(fd_open(&t, &file_b), 10);
    ck_assert_ptr_eq(fd_get(&t, 7)->file, &file_b);
}
END_TEST

/* Numbers no open gave: negative, past the table, in an empty table. */
START_TEST(test_bad_numbers)
{
    ck_assert_ptr_null(fd_get(&t, 0));
    ck_assert_int_eq(fd_close(&t, 0), E_BADF);
    fd_open(&t, &file_a);
    ck_assert_ptr_null(fd_get(&t, -1));
    ck_assert_ptr_null(fd_get(&t, (int)t.cap));
    ck_assert_ptr_null(fd_get(&t, 0x7fffffff));
    ck_assert_int_eq(fd_close(&t, -5), E_BADF);
    ck_assert_int_eq(fd_close(&t, 1), E_BADF);
    ck_assert_ptr_nonnull(fd_get(&t, 0));
}
END_TEST

/* fork's copy names the same open files: a move of the position shows in both; each closes its own.
 */
START_TEST(test_copy_shares)
{
    struct fdtable child;
    fd_open(&t, &file_a);
    fd_open(&t, &file_b);
    fd_close(&t, 0);
    ck_assert_int_eq(fdtable_copy(&child, &t), 0);
    ck_assert_ptr_null(fd_get(&child, 0));
    ck_assert_ptr_eq(fd_get(&child, 1), fd_get(&t, 1));
    ck_assert_uint_eq(fd_get(&t, 1)->refs, 2);
    fd_get(&child, 1)->pos = 3;
    ck_assert_uint_eq(fd_get(&t, 1)->pos, 3);
    ck_assert_int_eq(fd_close(&child, 1), 0);
    ck_assert_uint_eq(fd_get(&t, 1)->refs, 1);
    ck_assert_ptr_eq(fd_get(&t, 1)->file, &file_b);
    ck_assert_int_eq(fd_open(&child, &file_a), 0); /* its own now */
    ck_assert_ptr_ne(fd_get(&child, 0), fd_get(&t, 0));
    fdtable_free(&child);
    ck_assert_uint_eq(fd_get(&t, 1)->refs, 1);
}
END_TEST

/* Out of memory: open and copy fail with E_NOMEM and change nothing. */
START_TEST(test_no_memory)
{
    for (int i = 0; i < 8; i++) /* the first storage, full */
        fd_open(&t, &file_a);
    no_memory = 1;
    ck_assert_int_eq(fd_open(&t, &file_b), E_NOMEM);
    ck_assert_ptr_null(fd_get(&t, 8));
    struct fdtable child;
    ck_assert_int_eq(fdtable_copy(&child, &t), E_NOMEM);
    ck_assert_ptr_null(fd_get(&child, 0));
    ck_assert_uint_eq(fd_get(&t, 0)->refs, 1);
    no_memory = 0;
    ck_assert_int_eq(fd_open(&t, &file_b), 8);
}
END_TEST

UNIT_MAIN("fdtable", {"fdtable", .setup = setup, .teardown = teardown, .timeout = 30,
                      .tests = UNIT_TESTS(test_many_files, test_lowest_free, test_bad_numbers,
                                          test_copy_shares, test_no_memory)})
