/*
 * The pager's heap in a host unit test: libc's, or none while no_memory is
 * set, so a test sees what the code under it does when malloc or realloc
 * fails. Include it, #define malloc, realloc and calloc as the fakes, then include
 * the code under test.
 */
#ifndef TEST_FAKEHEAP_H
#define TEST_FAKEHEAP_H

#include <stdlib.h>

static int no_memory;

static inline void *fake_malloc(size_t n)
{
    return no_memory ? NULL : malloc(n);
}

static inline void *fake_realloc(void *old, size_t n)
{
    return no_memory ? NULL : realloc(old, n);
}

static inline void *fake_calloc(size_t n, size_t size)
{
    return no_memory ? NULL : calloc(n, size);
}

#endif
