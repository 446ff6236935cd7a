/*
 * Host tests of servers/pager/initrd.c, the pager's index of the initrd:
 * every regular file is found by name with its own bytes, other members
 * and missing names are not, "./" prefixes are ignored, the first of two
 * members of one name wins, and the index holds archives of any number of
 * files in exactly the bytes initrd_index_size asks for (placed before a
 * guard page, so a write past them faults).
 */
#include "guard.h"
#include "tarbuild.h"
#include "unit.h"
#include <stdlib.h>

#include "libipc/ustar.c"
#include "servers/pager/initrd.c"

static struct initrd_index ix;
static uint8_t *mem;

static void setup(void)
{
    memset(tar, 0, sizeof(tar));
    tar_len = 0;
    mem = NULL;
}

static void teardown(void)
{
    free(mem);
}

/* Index tar[0..tar_len) in exactly the bytes asked for, the last one before an unmapped page. */
static void build(void)
{
    size_t bytes;
    ck_assert_int_eq(initrd_index_size(tar, tar_len, &bytes), 0);
    static uint8_t *arena; /* kept for the whole run: the guard page stays */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (!arena) {
        arena = mmap(NULL, 4 * GUARD_ARENA + page, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        ck_assert_ptr_ne(arena, MAP_FAILED);
        ck_assert_int_eq(mprotect(arena + 4 * GUARD_ARENA, page, PROT_NONE), 0);
    }
    ck_assert_uint_le(bytes, 4 * GUARD_ARENA);
    bytes = (bytes + 7) & ~(size_t)7; /* the table's alignment; names end the block */
    ck_assert_int_eq(initrd_index_build(&ix, tar, tar_len, arena + 4 * GUARD_ARENA - bytes, bytes),
                     0);
}

static void assert_file(const char *name, const uint8_t *h, const char *text)
{
    const struct initrd_file *f = initrd_lookup(&ix, name);
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_eq(f->data, h + 512);
    ck_assert_uint_eq(f->offset, (uint32_t)(h + 512 - tar));
    ck_assert_uint_eq(f->size, strlen(text));
    ck_assert_mem_eq(f->data, text, f->size);
}

START_TEST(test_finds_each_file)
{
    uint8_t *a = tar_file("init", "the init program");
    uint8_t *b = tar_file("sh", "a shell");
    uint8_t *c = tar_file("programs", "");
    tar_end();
    build();
    ck_assert_uint_eq(ix.count, 3);
    assert_file("init", a, "the init program");
    assert_file("sh", b, "a shell");
    assert_file("programs", c, "");
}
END_TEST

START_TEST(test_missing_names)
{
    tar_file("init", "x");
    tar_add("dir", '5', "", 0);
    tar_end();
    build();
    ck_assert_uint_eq(ix.count, 1);
    ck_assert_ptr_null(initrd_lookup(&ix, "dir"));
    ck_assert_ptr_null(initrd_lookup(&ix, "ini"));
    ck_assert_ptr_null(initrd_lookup(&ix, "init2"));
    ck_assert_ptr_null(initrd_lookup(&ix, ""));
}
END_TEST

START_TEST(test_dot_slash)
{
    uint8_t *a = tar_file("./././t_hello", "hi");
    tar_end();
    build();
    assert_file("t_hello", a, "hi");
    assert_file("./t_hello", a, "hi");
    assert_file("././t_hello", a, "hi");
}
END_TEST

START_TEST(test_first_member_wins)
{
    uint8_t *a = tar_file("x", "first");
    tar_file("./x", "second");
    tar_end();
    build();
    ck_assert_uint_eq(ix.count, 1);
    assert_file("x", a, "first");
}
END_TEST

START_TEST(test_empty_archive)
{
    tar_end();
    build();
    ck_assert_uint_eq(ix.count, 0);
    ck_assert_ptr_null(initrd_lookup(&ix, "init"));
}
END_TEST

/* Many files, long names: each found with its own bytes, the table never full. */
START_TEST(test_many_files)
{
    enum { N = 28 };
    uint8_t *h[N];
    char name[N][120], text[N][8];
    for (int i = 0; i < N; i++) {
        snprintf(name[i], sizeof(name[i]), "%0*d", 60 + i, i);
        snprintf(text[i], sizeof(text[i]), "f%d", i);
        h[i] = tar_file(name[i], text[i]);
    }
    tar_end();
    build();
    ck_assert_uint_eq(ix.count, N);
    ck_assert_uint_ge(ix.mask + 1, 2 * N);
    for (int i = 0; i < N; i++)
        assert_file(name[i], h[i], text[i]);
}
END_TEST

START_TEST(test_short_memory_refused)
{
    tar_file("init", "x");
    tar_end();
    size_t bytes;
    ck_assert_int_eq(initrd_index_size(tar, tar_len, &bytes), 0);
    mem = malloc(bytes);
    ck_assert_int_eq(initrd_index_build(&ix, tar, tar_len, mem, bytes - 1), E_RANGE);
}
END_TEST

/* A corrupt header ends the index: the files before it are found, the error is said. */
START_TEST(test_corrupt_header_ends_the_index)
{
    uint8_t *a = tar_file("init", "x");
    uint8_t *h = tar_file("sh", "y");
    tar_file("ps", "z");
    tar_end();
    h[148] ^= 1; /* the checksum */
    size_t bytes;
    ck_assert_int_eq(initrd_index_size(tar, tar_len, &bytes), E_FORMAT);
    mem = malloc(bytes);
    ck_assert_int_eq(initrd_index_build(&ix, tar, tar_len, mem, bytes), E_FORMAT);
    ck_assert_uint_eq(ix.count, 1);
    assert_file("init", a, "x");
    ck_assert_ptr_null(initrd_lookup(&ix, "sh"));
    ck_assert_ptr_null(initrd_lookup(&ix, "ps"));
}
END_TEST

UNIT_MAIN("initrd",
          {"index", .setup = setup, .teardown = teardown,
           .tests = UNIT_TESTS(test_finds_each_file, test_missing_names, test_dot_slash,
                               test_first_member_wins, test_empty_archive, test_many_files,
                               test_short_memory_refused, test_corrupt_header_ends_the_index)})
