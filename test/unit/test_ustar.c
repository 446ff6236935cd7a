/*
 * Host tests of libipc/ustar.c, the initrd reader the kernel and the pager
 * trust with whatever the boot module holds. Archives are built in memory by
 * tarbuild.h's tar_add. The reader always
 * gets the archive placed to end right before an inaccessible page, so a
 * read past the archive kills the test instead of passing unnoticed.
 */
#include "guard.h"
#include "tarbuild.h"
#include "unit.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libipc/ustar.c"

static const void *data;
static size_t len;

static void setup(void)
{
    memset(tar, 0, sizeof(tar));
    tar_len = 0;
    data = NULL;
    len = 0;
}

/* A one-member archive whose header has prefix (up to 155 bytes, no NUL) in its prefix field. */
static uint8_t *tar_prefixed(const char *prefix, const char *name, const char *text)
{
    uint8_t *h = tar_file(name, text);
    memcpy(h + 345, prefix, strlen(prefix));
    header_sum(h);
    tar_end();
    return h;
}

static const char *name_of(size_t n, char c)
{
    static char buf[USTAR_NAME_MAX + 2];
    ck_assert_uint_lt(n, sizeof(buf));
    memset(buf, c, n);
    buf[n] = 0;
    return buf;
}

/* ustar_find on the first size bytes of tar. */
static int find(size_t size, const char *name)
{
    return ustar_find(guard_place(tar, size), size, name, &data, &len);
}

/* ustar_find must give exactly the bytes after header h (in tar): text. */
static void assert_found(const char *name, const uint8_t *h, const char *text)
{
    const uint8_t *a = guard_place(tar, tar_len);
    ck_assert_int_eq(ustar_find(a, tar_len, name, &data, &len), 0);
    ck_assert_ptr_eq(data, a + (h - tar) + 512);
    ck_assert_uint_eq(len, strlen(text));
    ck_assert_mem_eq(data, text, len);
}

/* Walk the first size bytes of tar with ustar_next; the names joined by ',' into out. */
static int list(size_t size, char *out, size_t out_size)
{
    const uint8_t *a = guard_place(tar, size);
    char name[USTAR_NAME_MAX + 1];
    size_t cursor = 0;
    int r, seen = 0;
    out[0] = 0;
    while ((r = ustar_next(a, size, &cursor, name, sizeof(name), &data, &len)) == 1) {
        ck_assert((const uint8_t *)data >= a);
        ck_assert_uint_le((size_t)((const uint8_t *)data - a) + len, size);
        ck_assert_uint_le(strlen(name), USTAR_NAME_MAX);
        if (seen++)
            strncat(out, ",", out_size - strlen(out) - 1);
        strncat(out, name, out_size - strlen(out) - 1);
    }
    return r;
}

static void assert_list(const char *want)
{
    char got[1024];
    ck_assert_int_eq(list(tar_len, got, sizeof(got)), 0);
    ck_assert_str_eq(got, want);
}

/* ---- well-formed archives ---- */

START_TEST(test_guard_faults)
{
    const volatile uint8_t *p = guard_place(tar, 16);
    (void)p[16];
}
END_TEST

static char big[1500];

static void big_fill(void)
{
    for (size_t i = 0; i < sizeof(big) - 1; i++)
        big[i] = (char)('a' + i % 26);
}

/* Four files, one spanning three blocks and one empty. */
static uint8_t *sample_archive(void)
{
    big_fill();
    tar_file("hello", "hello, world\n");
    uint8_t *h = tar_file("big", big);
    tar_file("empty", "");
    tar_file("last", "x");
    tar_end();
    return h;
}

START_TEST(test_find_members)
{
    uint8_t *hello = tar;
    uint8_t *bigh = sample_archive();
    assert_found("hello", hello, "hello, world\n");
    assert_found("big", bigh, big);
    assert_found("empty", bigh + 512 + 1536, "");
    assert_found("last", bigh + 512 + 1536 + 512, "x");
}
END_TEST

START_TEST(test_find_missing)
{
    static const char *missing[] = {"hell", "hello2", "", "HELLO", "/hello", "hello/", ".", "./"};
    sample_archive();
    for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++)
        ck_assert_int_eq(find(tar_len, missing[i]), E_NOENT);
}
END_TEST

START_TEST(test_next_lists_all)
{
    sample_archive();
    assert_list("hello,big,empty,last");
    char name[8];
    size_t cursor = tar_len - 1024; /* at the end marker: stays there */
    ck_assert_int_eq(ustar_next(tar, tar_len, &cursor, name, sizeof(name), &data, &len), 0);
    ck_assert_int_eq(ustar_next(tar, tar_len, &cursor, name, sizeof(name), &data, &len), 0);
    ck_assert_uint_eq(cursor, tar_len - 1024);
}
END_TEST

START_TEST(test_cursor_past_end)
{
    char name[8];
    sample_archive();
    size_t cursors[] = {tar_len, tar_len + 5, SIZE_MAX - 100, SIZE_MAX};
    for (size_t i = 0; i < sizeof(cursors) / sizeof(cursors[0]); i++) {
        ck_assert_int_eq(ustar_next(tar, tar_len, &cursors[i], name, sizeof(name), &data, &len), 0);
    }
}
END_TEST

START_TEST(test_dot_slash)
{
    uint8_t *init = tar_file("./init", "I");
    uint8_t *sh = tar_file("sh", "S");
    uint8_t *twice = tar_file("././x", "X");
    tar_end();
    assert_found("init", init, "I");
    assert_found("./init", init, "I");
    assert_found("sh", sh, "S");
    assert_found("./sh", sh, "S");
    assert_found("x", twice, "X");
    assert_found("./x", twice, "X");
    assert_found("././x", twice, "X");
    ck_assert_int_eq(find(tar_len, "/x"), E_NOENT);
    ck_assert_int_eq(find(tar_len, ".x"), E_NOENT);
    assert_list("init,sh,x");
}
END_TEST

START_TEST(test_name_100)
{
    char name[101], shorter[100], longer[102];
    memcpy(name, name_of(100, 'n'), sizeof(name));
    memcpy(shorter, name, 99);
    shorter[99] = 0;
    snprintf(longer, sizeof(longer), "%s0", name); /* what a reader running into mode sees */
    uint8_t *h = tar_file(name, "long");
    tar_end();
    ck_assert_uint_ne(h[100], 0); /* the name field has no NUL: mode follows */
    assert_found(name, h, "long");
    ck_assert_int_eq(find(tar_len, shorter), E_NOENT);
    ck_assert_int_eq(find(tar_len, longer), E_NOENT);
    assert_list(name);
}
END_TEST

START_TEST(test_prefix_field)
{
    uint8_t *h = tar_prefixed("usr/bin", "sh", "S");
    assert_found("usr/bin/sh", h, "S");
    ck_assert_int_eq(find(tar_len, "sh"), E_NOENT);
    ck_assert_int_eq(find(tar_len, "usr/bin"), E_NOENT);
    assert_list("usr/bin/sh");
}
END_TEST

START_TEST(test_prefix_longest)
{
    char want[USTAR_NAME_MAX + 1], prefix[156];
    memset(prefix, 'p', 155);
    prefix[155] = 0;
    uint8_t *h = tar_prefixed(prefix, name_of(100, 'n'), "L"); /* neither field has a NUL */
    memset(want, 'p', 155);
    want[155] = '/';
    memset(want + 156, 'n', 100);
    want[USTAR_NAME_MAX] = 0;
    assert_found(want, h, "L");
    assert_list(want);
}
END_TEST

START_TEST(test_prefix_dot_slash)
{
    uint8_t *h = tar_prefixed("./bin", "sh", "S");
    assert_found("bin/sh", h, "S");
    assert_found("./bin/sh", h, "S");
}
END_TEST

START_TEST(test_prefix_ignored_gnu_magic)
{
    uint8_t *h = tar_file("sh", "S");
    memcpy(h + 257, "ustar  ", 8); /* old GNU tar: 345.. holds times, not a prefix */
    memcpy(h + 345, "junk", 4);
    header_sum(h);
    tar_end();
    assert_found("sh", h, "S");
}
END_TEST

START_TEST(test_name_cut_to_buffer)
{
    char name[4];
    size_t cursor = 0;
    tar_file("hello", "H");
    tar_file("ab", "B");
    tar_end();
    memset(name, 'z', sizeof(name));
    ck_assert_int_eq(ustar_next(tar, tar_len, &cursor, name, sizeof(name), &data, &len), 1);
    ck_assert_str_eq(name, "hel");
    ck_assert_uint_eq(len, 1);
    ck_assert_int_eq(ustar_next(tar, tar_len, &cursor, name, 1, &data, &len), 1);
    ck_assert_str_eq(name, "");
    ck_assert_mem_eq(data, "B", 1);
    ck_assert_int_eq(ustar_next(tar, tar_len, &cursor, name, sizeof(name), &data, &len), 0);
}
END_TEST

START_TEST(test_empty_archive)
{
    static const size_t sizes[] = {0, 100, 512, 1024, 10240};
    char name[8];
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        size_t cursor = 0;
        ck_assert_int_eq(find(sizes[i], "init"), E_NOENT);
        ck_assert_int_eq(
            ustar_next(guard_place(tar, sizes[i]), sizes[i], &cursor, name, 8, &data, &len), 0);
    }
    ck_assert_int_eq(ustar_find(NULL, 0, "init", &data, &len), E_NOENT);
}
END_TEST

START_TEST(test_ends_at_zero_block)
{
    tar_file("a", "A");
    tar_len += 512; /* one zero block: the end, as far as we read */
    tar_file("b", "B");
    tar_end();
    ck_assert_int_eq(find(tar_len, "b"), E_NOENT);
    assert_list("a");
}
END_TEST

START_TEST(test_nearly_zero_block)
{
    tar_file("a", "A");
    tar[tar_len + 511] = 1; /* not an end marker, nor a header */
    tar_len += 512;
    tar_end();
    ck_assert_int_eq(find(tar_len, "a"), 0);
    ck_assert_int_eq(find(tar_len, "b"), E_FORMAT);
}
END_TEST

START_TEST(test_empty_name)
{
    uint8_t *h = tar_file("", "E"); /* odd, but a well-formed header */
    uint8_t *b = tar_file("b", "B");
    tar_end();
    assert_list(",b");
    assert_found("", h, "E");
    assert_found("b", b, "B");
}
END_TEST

START_TEST(test_other_types_skipped)
{
    tar_add("bin/", '5', "", 0);
    tar_add("link", '2', "", 0);
    tar_add("hard", '1', "", 0);
    tar_add("fifo", '6', "", 0);
    tar_add("pax", 'x', "30 path=something/very/long\n", 28);
    uint8_t *sh = tar_file("bin/sh", "S");
    uint8_t *old = tar_add("old", 0, "O", 1); /* pre-POSIX regular file */
    tar_end();
    assert_list("bin/sh,old");
    assert_found("bin/sh", sh, "S");
    assert_found("old", old, "O");
    ck_assert_int_eq(find(tar_len, "bin/"), E_NOENT);
    ck_assert_int_eq(find(tar_len, "bin"), E_NOENT);
    ck_assert_int_eq(find(tar_len, "link"), E_NOENT);
    ck_assert_int_eq(find(tar_len, "pax"), E_NOENT);
}
END_TEST

START_TEST(test_unpadded_last_member)
{
    tar_file("a", "A");
    uint8_t *b = tar_file("b", "BB");
    tar_len = (size_t)(b - tar) + 512 + 2; /* no padding, no end marker */
    assert_found("b", b, "BB");
    assert_list("a,b");
    ck_assert_int_eq(find(tar_len, "c"), E_NOENT);
}
END_TEST

START_TEST(test_size_field_variants)
{
    static const char fields[][12] = {"         15 ", "00000000015\0", "15          ",
                                      "15\0\0\0\0\0\0\0\0\0\0"};
    uint8_t *h = tar_file("m", "0123456789abc");
    tar_end();
    memcpy(h + 124, fields[_i], 12);
    header_sum(h);
    ck_assert_int_eq(find(tar_len, "m"), 0);
    ck_assert_uint_eq(len, 13);
}
END_TEST

/* ---- corrupt archives ---- */

START_TEST(test_member_past_end)
{
    uint8_t *h = tar_file("m", "data");
    tar_end();
    ck_assert_uint_eq(tar_len, 512 + 512 + 1024);
    put_octal(h + 124, 12, tar_len - 512 + 1); /* one byte more than there is */
    header_sum(h);
    ck_assert_int_eq(find(tar_len, "m"), E_FORMAT);
    ck_assert_int_eq(find(tar_len, "other"), E_FORMAT);
    char names[64];
    ck_assert_int_eq(list(tar_len, names, sizeof(names)), E_FORMAT);
    put_octal(h + 124, 12, tar_len - 512); /* exactly what there is: the rest is data */
    header_sum(h);
    ck_assert_int_eq(find(tar_len, "m"), 0);
    ck_assert_uint_eq(len, tar_len - 512);
    memcpy(h + 124, "77777777777", 12); /* the largest size there is: 8 GiB - 1 */
    header_sum(h);
    ck_assert_int_eq(find(tar_len, "m"), E_FORMAT);
}
END_TEST

/*
 * Cutting an archive anywhere must never let a cut member through: each
 * member k occupies [h[k], d[k]) (header and data), and a cut inside that
 * range is E_FORMAT; a cut between members looks like a shorter archive.
 */
START_TEST(test_truncation_every_length)
{
    struct {
        const char *name;
        char type;
        const char *text;
        size_t h, d;
    } m[] = {{"hello", '0', "hello", 0, 0},
             {"bin/", '5', "", 0, 0},
             {"big", '0', big, 0, 0},
             {"empty", '0', "", 0, 0},
             {"last", '0', "x", 0, 0}};
    int n = sizeof(m) / sizeof(m[0]);
    big_fill();
    for (int k = 0; k < n; k++) {
        m[k].h = tar_len;
        m[k].d = tar_len + 512 + strlen(m[k].text);
        tar_add(m[k].name, m[k].type, m[k].text, strlen(m[k].text));
    }
    tar_end();
    for (size_t cut = 0; cut <= tar_len; cut++) {
        int inside = n; /* the member the cut falls in, n for none */
        for (int k = 0; k < n; k++) {
            if (cut > m[k].h && cut < m[k].d)
                inside = k;
        }
        char all[128];
        ck_assert_int_eq(list(cut, all, sizeof(all)), inside < n ? E_FORMAT : 0);
        ck_assert_int_eq(find(cut, "nope"), inside < n ? E_FORMAT : E_NOENT);
        for (int k = 0; k < n; k++) {
            /* a regular member is found once whole; anything else means a scan to the cut */
            int want = m[k].type == '0' && cut >= m[k].d ? 0 : inside < n ? E_FORMAT : E_NOENT;
            int got = find(cut, m[k].name);
            if (got != want)
                ck_abort_msg("cut at %zu: find(%s) gave %d, want %d", cut, m[k].name, got, want);
        }
    }
}
END_TEST

/* A header spoilt in each way a checksum catches. */
static void checksum_spoil(uint8_t *h, int how)
{
    if (how == 0) {
        h[0] ^= 1; /* a name byte, checksum not updated */
    } else if (how == 1) {
        memcpy(h + 148, "abcdef\0 ", 8);
    } else if (how == 2) {
        memset(h + 148, 0, 8);
    } else if (how == 3) {
        h[148 + 5]++; /* the sum off by one */
    } else {
        h[300] = 0x80; /* a high byte, and the sum as signed chars would add it: -128 */
        header_sum(h);
        unsigned long sum = strtoul((const char *)h + 148, NULL, 8) - 256;
        snprintf((char *)h + 148, 8, "%06lo", sum);
    }
}

START_TEST(test_bad_checksum)
{
    uint8_t *a = tar_file("a", "A");
    uint8_t *b = tar_file("b", "B");
    tar_end();
    checksum_spoil(b, _i);
    assert_found("a", a, "A");
    ck_assert_int_eq(find(tar_len, "b"), E_FORMAT);
    ck_assert_int_eq(find(tar_len, "nope"), E_FORMAT);
    char names[64];
    ck_assert_int_eq(list(tar_len, names, sizeof(names)), E_FORMAT);
    ck_assert_str_eq(names, "a");
}
END_TEST

/* A member of 13 bytes whose header has len bytes at off, checksum made right: refused. */
static void assert_field_refused(size_t off, const char *bytes, size_t len)
{
    uint8_t *h = tar_file("m", "0123456789abc");
    tar_end();
    memcpy(h + off, bytes, len);
    header_sum(h);
    ck_assert_int_eq(find(tar_len, "m"), E_FORMAT);
}

START_TEST(test_bad_size_field)
{
    static const char fields[][12] = {
        "00000000018\0",                /* not an octal digit */
        "0000000001x\0",                /* nor this */
        "-0000000001\0",                /* no sign either */
        "           \0",                /* no digits */
        "            ",                 /* spaces only */
        "\0\0\0\0\0\0\0\0\0\0\0\0",     /* empty */
        "000000000015",                 /* no terminator */
        "15\0\0\0\0\0\0\0x\0\0",        /* garbage after the terminator */
        "1 2         ",                 /* a second number */
        "\x80\0\0\0\0\0\0\0\0\0\0\x0d", /* GNU base-256 */
    };
    assert_field_refused(124, fields[_i], 12);
}
END_TEST

START_TEST(test_missing_magic)
{
    static const char *magic[] = {"\0\0\0\0\0", "USTAR", "ustr\0", "xstar"};
    assert_field_refused(257, magic[_i], 5);
}
END_TEST

START_TEST(test_partial_trailing_block)
{
    char names[64];
    tar_file("a", "A");
    size_t end = tar_len;
    memset(tar + end, 0, 100);
    ck_assert_int_eq(list(end + 100, names, sizeof(names)), 0); /* zeros: a short end marker */
    tar[end + 99] = 1;
    ck_assert_int_eq(list(end + 100, names, sizeof(names)), E_FORMAT);
    ck_assert_int_eq(find(end + 100, "b"), E_FORMAT);
    ck_assert_int_eq(find(end + 100, "a"), 0);
}
END_TEST

/* ---- random corruption ---- */

/* Spoil one header: a random byte, or a size field of random octal digits. */
static void fuzz_mutate(uint8_t *h)
{
    if (rand() % 2) {
        h[rand() % 512] = (uint8_t)(rand() % 3 ? rand() : "0 7/8\0"[rand() % 6]);
        return;
    }
    unsigned long v = rand() % 2 ? (unsigned long)rand() % 0x3000 : (unsigned long)rand() * 4;
    put_octal(h + 124, 12, v);
}

START_TEST(test_fuzz_headers)
{
    static const char *names[] = {"hello", "big", "empty", "last", "nope"};
    int found = 0, corrupt = 0;
    srand(4321);
    for (int round = 0; round < 20000; round++) {
        setup();
        sample_archive();
        size_t headers[] = {0, 1024, 1024 + 2048, 1024 + 2048 + 512};
        for (int k = rand() % 3; k >= 0; k--) {
            uint8_t *h = tar + headers[rand() % 4];
            fuzz_mutate(h);
            if (rand() % 4)
                header_sum(h); /* get past the checksum to the fields behind it */
        }
        char all[1024];
        int r = list(tar_len, all, sizeof(all));
        ck_assert(r == 0 || r == E_FORMAT);
        for (int k = 0; k < 5; k++) {
            const uint8_t *a = guard_place(tar, tar_len);
            r = ustar_find(a, tar_len, names[k], &data, &len);
            ck_assert(r == 0 || r == E_NOENT || r == E_FORMAT);
            if (r == 0) {
                ck_assert((const uint8_t *)data >= a + 512);
                ck_assert_uint_le((size_t)((const uint8_t *)data - a) + len, tar_len);
                found++;
            }
            corrupt += r == E_FORMAT;
        }
    }
    ck_assert_int_gt(found, 10000);
    ck_assert_int_gt(corrupt, 10000);
}
END_TEST

UNIT_MAIN(
    "ustar",
    {"well formed", .setup = setup,
     .tests = UNIT_TESTS(test_find_members, test_find_missing, test_next_lists_all,
                         test_cursor_past_end, test_dot_slash, test_name_100, test_prefix_field,
                         test_prefix_longest, test_prefix_dot_slash, test_prefix_ignored_gnu_magic,
                         test_name_cut_to_buffer, test_empty_archive, test_ends_at_zero_block,
                         test_nearly_zero_block, test_empty_name, test_other_types_skipped,
                         test_unpadded_last_member),
     .loop = UNIT_LOOPS({test_guard_faults, 0, 1, SIGSEGV}, {test_size_field_variants, 0, 4, 0})},
    {"corrupt", .setup = setup, .timeout = 60,
     .tests = UNIT_TESTS(test_member_past_end, test_truncation_every_length,
                         test_partial_trailing_block, test_fuzz_headers),
     .loop = UNIT_LOOPS({test_bad_checksum, 0, 5, 0}, {test_bad_size_field, 0, 10, 0},
                        {test_missing_magic, 0, 4, 0})})
