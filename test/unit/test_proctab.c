/*
 * Host tests of servers/pager/proctab.c: the pager's process table, which
 * grows with the processes and finds one by task id or first thread.
 */
#include "unit.h"
#include <stdlib.h>

#include "servers/pager/hash.c"
#include "servers/pager/proctab.c"

/* Every record's index names it, and the count is what the test made. */
static void check_table(uint32_t expect)
{
    ck_assert_uint_eq(proctab_count(), expect);
    for (uint32_t i = 0; i < expect; i++)
        ck_assert_uint_eq(proctab_at(i)->index, i);
    ck_assert_ptr_null(proctab_at(expect));
}

static void empty_table(void)
{
    while (proctab_count())
        proctab_remove(proctab_at(0));
}

static struct proc *add(uint32_t task, uint32_t tid)
{
    struct proc *p = proctab_add();
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(proctab_set_task(p, task), 0);
    ck_assert_int_eq(proctab_set_tid(p, tid), 0);
    return p;
}

START_TEST(test_many_processes)
{
    enum { N = 1000 };
    for (uint32_t i = 0; i < N; i++)
        add(0x100 + i, 0x10000 + i);
    check_table(N);
    for (uint32_t i = 0; i < N; i++) {
        ck_assert_uint_eq(proctab_by_task(0x100 + i)->task, 0x100 + i);
        ck_assert_uint_eq(proctab_by_tid(0x10000 + i)->task, 0x100 + i);
    }
    ck_assert_ptr_null(proctab_by_task(0x100 + N));
    ck_assert_ptr_null(proctab_by_tid(0x100)); /* a task id is no thread id */
}
END_TEST

/* Removal from the middle moves the last record into the hole; lookups still agree. */
START_TEST(test_remove_any)
{
    for (uint32_t i = 0; i < 50; i++)
        add(0x100 + i, 0x10000 + i);
    for (uint32_t i = 0; i < 50; i += 3)
        proctab_remove(proctab_by_task(0x100 + i));
    check_table(50 - 17);
    for (uint32_t i = 0; i < 50; i++) {
        struct proc *p = proctab_by_task(0x100 + i);
        ck_assert(i % 3 == 0 ? p == NULL : p != NULL && proctab_at(p->index) == p);
        ck_assert_ptr_eq(proctab_by_tid(0x10000 + i), p);
    }
    empty_table();
    check_table(0);
}
END_TEST

/* A record being built has no ids yet; an id in use is refused, the record unchanged. */
START_TEST(test_ids)
{
    struct proc *a = add(0x101, 0x201);
    struct proc *b = proctab_add();
    ck_assert_uint_eq(b->task, 0);
    ck_assert_int_eq(proctab_set_task(b, 0x101), E_EXIST);
    ck_assert_uint_eq(b->task, 0);
    ck_assert_ptr_eq(proctab_by_task(0x101), a);
    ck_assert_int_eq(proctab_set_task(b, 0x102), 0);
    ck_assert_int_eq(proctab_set_tid(b, 0x201), E_EXIST); /* a thread id too (not E_NOMEM) */
    ck_assert_uint_eq(b->tid, 0);
    ck_assert_ptr_eq(proctab_by_tid(0x201), a);
    proctab_remove(b); /* before its first thread exists */
    ck_assert_ptr_null(proctab_by_task(0x102));
    ck_assert_ptr_eq(proctab_by_tid(0x201), a);
    empty_table();
}
END_TEST

/* The process found last by its thread is found again at once, and not once it is removed. */
START_TEST(test_last_found)
{
    struct proc *a = add(0x101, 0x201), *b = add(0x102, 0x202);
    ck_assert_ptr_eq(proctab_by_tid(0x202), b);
    ck_assert_ptr_eq(proctab_by_tid(0x202), b);
    ck_assert_ptr_eq(proctab_by_tid(0x201), a);
    proctab_remove(a);
    ck_assert_ptr_null(proctab_by_tid(0x201));
    ck_assert_ptr_eq(proctab_by_tid(0x202), b);
    empty_table();
    ck_assert_ptr_null(proctab_by_tid(0x202));
}
END_TEST

UNIT_MAIN("proctab",
          {"proctab", .timeout = 30,
           .tests = UNIT_TESTS(test_many_processes, test_remove_any, test_ids, test_last_found)})
