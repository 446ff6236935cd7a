/*
 * Host tests of libipc/fmt.c: every conversion, flags, widths, precision,
 * 64-bit values, unknown conversions, snformat's truncation and return value,
 * and fmt_vformat with its own sink. Where C defines the same output, the
 * host's snprintf is the oracle.
 */
#include "unit.h"
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "libipc/fmt.c"

static char buf[256];

/* snformat into buf, without the compiler's format check: some formats here are wrong on purpose.
 */
static int fmt_any(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnformat(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return n;
}

/* Format into buf and check the text and the returned length. */
#define EXPECT(want, ...)                                                                          \
    do {                                                                                           \
        int n_ = fmt_any(__VA_ARGS__);                                                             \
        ck_assert_str_eq(buf, want);                                                               \
        ck_assert_int_eq(n_, (int)strlen(want));                                                   \
    } while (0)

/* Format with snformat and with the host's snprintf; both must agree. */
#define SAME(...)                                                                                  \
    do {                                                                                           \
        char host_[256];                                                                           \
        int h_ = snprintf(host_, sizeof(host_), __VA_ARGS__);                                      \
        int n_ = snformat(buf, sizeof(buf), __VA_ARGS__);                                          \
        ck_assert_str_eq(buf, host_);                                                              \
        ck_assert_int_eq(n_, h_);                                                                  \
    } while (0)

START_TEST(test_plain)
{
    EXPECT("hello, world", "hello, world");
    EXPECT("", "");
    EXPECT("100%", "100%%");
    EXPECT("%%", "%%%%");
}
END_TEST

START_TEST(test_signed)
{
    EXPECT("0", "%d", 0);
    EXPECT("42 -42", "%d %i", 42, -42);
    EXPECT("2147483647", "%d", INT_MAX);
    EXPECT("-2147483648", "%d", INT_MIN);
    EXPECT("-2147483648", "%i", INT_MIN);
}
END_TEST

START_TEST(test_unsigned)
{
    EXPECT("0 7", "%u %u", 0u, 7u);
    EXPECT("4294967295", "%u", UINT_MAX);
    EXPECT("deadbeef DEADBEEF", "%x %X", 0xdeadbeefu, 0xdeadbeefu);
    EXPECT("0", "%x", 0u);
    EXPECT("ffffffff", "%x", UINT_MAX);
}
END_TEST

START_TEST(test_char)
{
    EXPECT("A", "%c", 'A');
    EXPECT("[  A]", "[%3c]", 'A');
    EXPECT("[A  ]", "[%-3c]", 'A');
    int n = snformat(buf, sizeof(buf), "%c", 0);
    ck_assert_int_eq(n, 1);
    ck_assert_int_eq(buf[0], 0);
}
END_TEST

START_TEST(test_string)
{
    EXPECT("abc", "%s", "abc");
    EXPECT("(null)", "%s", (char *)NULL);
    EXPECT("(nu", "%.3s", (char *)NULL);
    EXPECT("ab", "%.2s", "abcdef");
    EXPECT("", "%.0s", "abcdef");
    EXPECT("abc", "%.9s", "abc");
    EXPECT("ab", "%.*s", 2, "abcdef");
    EXPECT("abcdef", "%.*s", -1, "abcdef");
    EXPECT("[  abc]", "[%5s]", "abc");
    EXPECT("[abc  ]", "[%-5s]", "abc");
    EXPECT("[   ab]", "[%5.2s]", "abcdef");
    EXPECT("[abc]", "[%2s]", "abc");
    EXPECT("[  abc]", "[%05s]", "abc");
}
END_TEST

START_TEST(test_width_flags)
{
    EXPECT("[   42]", "[%5d]", 42);
    EXPECT("[42   ]", "[%-5d]", 42);
    EXPECT("[00042]", "[%05d]", 42);
    EXPECT("[-0042]", "[%05d]", -42);
    EXPECT("[  -42]", "[%5d]", -42);
    EXPECT("[-42  ]", "[%-05d]", -42);
    EXPECT("[123456]", "[%3d]", 123456);
    EXPECT("[0000beef]", "[%08x]", 0xbeefu);
    EXPECT("[   42]", "[%*d]", 5, 42);
    EXPECT("[42   ]", "[%*d]", -5, 42);
    EXPECT("[00042]", "[%0*d]", 5, 42);
    EXPECT("[abc  ]", "[%*s]", -5, "abc");
}
END_TEST

START_TEST(test_number_precision)
{
    EXPECT("042", "%.3d", 42);
    EXPECT("-042", "%.3d", -42);
    EXPECT("[  042]", "[%5.3d]", 42);
    EXPECT("[  042]", "[%05.3d]", 42); /* a precision turns the '0' flag off */
    EXPECT("", "%.0d", 0);
    EXPECT("0", "%.1d", 0);
    EXPECT("00ff", "%.4x", 0xffu);
    EXPECT("0042", "%.*u", 4, 42u);
    EXPECT("42", "%.*u", -4, 42u);
}
END_TEST

START_TEST(test_pointer)
{
    EXPECT("0x00001234", "%p", (void *)0x1234);
    EXPECT("0x00000000", "%p", NULL);
    EXPECT("0xc0100000", "%p", (void *)0xc0100000u);
    EXPECT("[  0x00001234]", "[%12p]", (void *)0x1234);
    EXPECT("[0x00001234  ]", "[%-12p]", (void *)0x1234);
    EXPECT("0x00001234", "%.4p", (void *)0x1234);
    EXPECT("0x0000001234", "%.10p", (void *)0x1234);
}
END_TEST

START_TEST(test_64bit)
{
    EXPECT("18446744073709551615", "%llu", 0xFFFFFFFFFFFFFFFFull);
    EXPECT("ffffffffffffffff", "%llx", 0xFFFFFFFFFFFFFFFFull);
    EXPECT("FFFFFFFFFFFFFFFF", "%llX", 0xFFFFFFFFFFFFFFFFull);
    EXPECT("-9223372036854775808", "%lld", (long long)INT64_MIN);
    EXPECT("9223372036854775807", "%lld", (long long)INT64_MAX);
    EXPECT("4294967296", "%llu", 1ull << 32);
    EXPECT("10000000000000000000", "%llu", 10000000000000000000ull);
    EXPECT("123456789abcdef0", "%llx", 0x123456789abcdef0ull);
    EXPECT("-1", "%lld", -1ll);
    EXPECT("0", "%llu", 0ull);
    EXPECT("[  4294967296]", "[%12llu]", 1ull << 32);
    EXPECT("[-000000000001]", "[%013lld]", -1ll);
    EXPECT("7 x", "%llu %c", 7ull, 'x'); /* the next argument is found after a 64-bit one */
}
END_TEST

START_TEST(test_long_and_size)
{
    SAME("%ld %lu %lx", LONG_MIN, ULONG_MAX, ULONG_MAX);
    SAME("%ld %lu", -5l, 5ul);
    SAME("%zu %zx", SIZE_MAX, (size_t)0xabcdef);
    SAME("%zu %d", (size_t)12345, 6);
}
END_TEST

/* Integer conversions against snprintf, for each format and value. */
/* SAME for every format of fmts with every value of vals. */
#define SAME_EVERY(fmts, vals)                                                                     \
    for (size_t f = 0; f < sizeof(fmts) / sizeof(*(fmts)); f++)                                    \
        for (size_t v = 0; v < sizeof(vals) / sizeof(*(vals)); v++)                                \
    SAME((fmts)[f], (vals)[v])

START_TEST(test_oracle_int)
{
    static const char *const sfmt[] = {"%d",    "%i",      "%5d",  "%-5d|", "%05d", "%.3d",
                                       "%8.3d", "%-8.3d|", "%.0d", "%012d", "%1d"};
    static const char *const ufmt[] = {"%u", "%x", "%X", "%08x", "%-8X|", "%.5x", "%10u", "%.0x"};
    static const int sval[] = {0, 1, -1, 7, -7, 42, 99999, -123456, INT_MAX, INT_MIN};
    static const unsigned uval[] = {0, 1, 15, 16, 255, 0xdeadbeef, 0x80000000u, UINT_MAX};
    SAME_EVERY(sfmt, sval);
    SAME_EVERY(ufmt, uval);
}
END_TEST

START_TEST(test_oracle_64)
{
    static const char *const sfmt[] = {"%lld", "%25lld", "%-25lld|", "%025lld", "%.20lld"};
    static const char *const ufmt[] = {"%llu", "%llx", "%llX", "%020llx", "%.18llu"};
    static const long long sval[] = {0,
                                     -1,
                                     INT64_MIN,
                                     INT64_MAX,
                                     1ll << 32,
                                     -(1ll << 32),
                                     (long long)INT_MIN - 1,
                                     1234567890123456789ll};
    static const unsigned long long uval[] = {
        0, 1ull << 32, (1ull << 32) - 1, 1ull << 63, 0xFFFFFFFFFFFFFFFFull, 0xfedcba9876543210ull};
    SAME_EVERY(sfmt, sval);
    SAME_EVERY(ufmt, uval);
}
END_TEST

/* div64 against the host's 64-bit division, for random values and awkward bases. */
START_TEST(test_div64)
{
    static const uint32_t bases[] = {2, 7, 10, 16, 0xFFFFFFFFu, 0x80000001u};
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint64_t v = i % 3 == 0 ? x >> (i % 64) : x;
        uint32_t base = bases[i % (sizeof(bases) / sizeof(*bases))];
        uint64_t q = v;
        uint32_t r = div64(&q, base);
        ck_assert_uint_eq(q, v / base);
        ck_assert_uint_eq(r, v % base);
    }
}
END_TEST

START_TEST(test_unknown)
{
    EXPECT("%q", "%q");
    EXPECT("[%5q]", "[%5q]");
    EXPECT("abc%", "abc%");
    EXPECT("%-08", "%-08");
    EXPECT("%l", "%l");
    EXPECT("%q 5", "%q %d", 5);
}
END_TEST

/* Widths and precisions past INT_MAX (11 digits and more) are not numbers an int holds. */
START_TEST(test_huge_width)
{
    EXPECT("[%4294967297d]", "[%4294967297d]", 5);
    EXPECT("[%2147483648d] 5", "[%2147483648d] %d", 5);
    EXPECT("%.99999999999s", "%.99999999999s", "abc");
    EXPECT("%-21474836480x", "%-21474836480x", 1u);
    EXPECT("%5.4294967296d", "%5.4294967296d", 7);
    EXPECT("[%99999999999999999999u]", "[%99999999999999999999u]", 1u);
}
END_TEST

START_TEST(test_truncate)
{
    memset(buf, 'x', sizeof(buf));
    ck_assert_int_eq(snformat(buf, 4, "abcdef"), 6);
    ck_assert_str_eq(buf, "abc");
    ck_assert_int_eq(buf[4], 'x');
    ck_assert_int_eq(snformat(buf, 7, "abcdef"), 6);
    ck_assert_str_eq(buf, "abcdef");
    ck_assert_int_eq(snformat(buf, 6, "abcdef"), 6);
    ck_assert_str_eq(buf, "abcde");
    ck_assert_int_eq(snformat(buf, 1, "abcdef"), 6);
    ck_assert_str_eq(buf, "");
    ck_assert_int_eq(snformat(buf, 5, "%d|%s", -12345, "tail"), 11);
    ck_assert_str_eq(buf, "-123");
    ck_assert_int_eq(snformat(buf, 3, "%llu", 0xFFFFFFFFFFFFFFFFull), 20);
    ck_assert_str_eq(buf, "18");
}
END_TEST

START_TEST(test_size_zero)
{
    memset(buf, 'x', sizeof(buf));
    ck_assert_int_eq(snformat(buf, 0, "%s=%d", "answer", 42), 9);
    ck_assert_int_eq(buf[0], 'x');
    ck_assert_int_eq(snformat(NULL, 0, "%08x", 1u), 8);
}
END_TEST

/* A sink that records what it is given. */
struct rec {
    char s[64];
    int n;
};

static void rec_put(void *ctx, char c)
{
    struct rec *r = ctx;
    r->s[r->n++] = c;
}

static int rec_format(struct rec *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vformat(rec_put, r, fmt, ap);
    va_end(ap);
    return n;
}

START_TEST(test_vformat_sink)
{
    struct rec r = {.n = 0};
    ck_assert_int_eq(rec_format(&r, "%s:%5u:%c", "id", 7u, '!'), 10);
    ck_assert_int_eq(r.n, 10);
    ck_assert_mem_eq(r.s, "id:    7:!", 10);
}
END_TEST

UNIT_MAIN("fmt",
          {"conversions",
           .tests = UNIT_TESTS(test_plain, test_signed, test_unsigned, test_char, test_string,
                               test_width_flags, test_number_precision, test_pointer, test_64bit,
                               test_long_and_size, test_oracle_int, test_oracle_64, test_div64,
                               test_unknown, test_huge_width)},
          {"output", .tests = UNIT_TESTS(test_truncate, test_size_zero, test_vformat_sink)})
