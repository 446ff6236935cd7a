/*
 * The one way every host unit test runs its suite (test/unit/test_*.c): the
 * file ends with UNIT_MAIN("suite", cases...), each case a struct unit_case
 * that names its tests; this header builds the Check suite and runs it.
 */
#ifndef TEST_UNIT_H
#define TEST_UNIT_H

#include <check.h>
#include <stdlib.h>

/* A test run once for each _i in [from, to) that must end by signal (0: end normally). */
struct unit_loop {
    const TTest *test;
    int from, to;
    int signal;
};

/* One Check test case: its name, a fixture run around each test, a timeout and its tests. */
struct unit_case {
    const char *name;
    SFun setup, teardown;         /* checked fixture, NULL for none */
    double timeout;               /* seconds, 0 for Check's default */
    const TTest *const *tests;    /* run once each; ends with NULL */
    const struct unit_loop *loop; /* NULL, or ends with a NULL test */
};

/* The tests of a case, and its looped or signalled ones. */
#define UNIT_TESTS(...) ((const TTest *const[]){__VA_ARGS__, NULL})
#define UNIT_LOOPS(...) ((const struct unit_loop[]){__VA_ARGS__, {NULL, 0, 0, 0}})

/* Run one suite, print Check's summary, and give the exit status. */
static inline int unit_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

static inline TCase *unit_tcase(const struct unit_case *c)
{
    TCase *tc = tcase_create(c->name);
    if (c->setup || c->teardown)
        tcase_add_checked_fixture(tc, c->setup, c->teardown);
    if (c->timeout > 0)
        tcase_set_timeout(tc, c->timeout);
    for (const TTest *const *t = c->tests; t && *t; t++)
        tcase_add_test(tc, *t);
    for (const struct unit_loop *l = c->loop; l && l->test; l++)
        tcase_add_loop_test_raise_signal(tc, l->test, l->signal, l->from, l->to);
    return tc;
}

/* Build the suite from its cases and run it. */
static inline int unit_main(const char *suite, const struct unit_case *cases, size_t n)
{
    Suite *s = suite_create(suite);
    for (size_t i = 0; i < n; i++)
        suite_add_tcase(s, unit_tcase(&cases[i]));
    return unit_run(s);
}

#define UNIT_MAIN(suite, ...)                                                                      \
    int main(void)                                                                                 \
    {                                                                                              \
        const struct unit_case cases[] = {__VA_ARGS__};                                            \
        return unit_main(suite, cases, sizeof(cases) / sizeof(cases[0]));                          \
    }

#endif
