/* The one way every host unit test runs its suite (test/unit/test_*.c). */
#ifndef TEST_UNIT_H
#define TEST_UNIT_H

#include <check.h>
#include <stdlib.h>

/* Run one suite, print Check's summary, and give the exit status. */
static inline int unit_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
