/*
 * For the parsers' tests: a place for data that ends right before an
 * inaccessible page, so that any read past the end faults.
 */
#ifndef TEST_GUARD_H
#define TEST_GUARD_H

#include <check.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define GUARD_ARENA 0x10000

/* Copy n bytes to end right before an inaccessible page: a read past them faults. */
static inline const void *guard_place(const void *src, size_t n)
{
    static uint8_t *arena;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (!arena) {
        arena = mmap(NULL, GUARD_ARENA + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
        ck_assert_ptr_ne(arena, MAP_FAILED);
        ck_assert_int_eq(mprotect(arena + GUARD_ARENA, page, PROT_NONE), 0);
    }
    ck_assert_uint_le(n, GUARD_ARENA);
    return memcpy(arena + GUARD_ARENA - n, src, n);
}

#endif
