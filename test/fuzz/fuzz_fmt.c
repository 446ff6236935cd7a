/*
 * libFuzzer: libipc/fmt.c with any format string. Every argument is a
 * pointer to one short string, so %s, %p, %d, %c and %lld all read something
 * real. The count fmt_vformat returns is what its sink received, and
 * snformat into a smaller buffer gives a NUL-terminated prefix of the same
 * text. Widths that fit an int but would print gigabytes are skipped
 * (digits runs of 5 to 10); '*' is too, as its int comes from a pointer.
 */
#include "harness.h"
#include <string.h>

#include "libipc/fmt.c"

#define OUT_MAX (1u << 16)

struct sink {
    char text[OUT_MAX];
    uint32_t n;
};

static void sink_put(void *ctx, char c)
{
    struct sink *s = ctx;
    if (s->n < OUT_MAX)
        s->text[s->n] = c;
    s->n++;
}

static int sink_format(struct sink *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vformat(sink_put, s, fmt, ap);
    va_end(ap);
    return n;
}

/* Whether fmt could ask for a huge but valid field, or read an int from '*'. */
static int too_wide(const char *fmt)
{
    size_t run = 0;
    for (const char *p = fmt;; p++) {
        if (*p == '*')
            return 1;
        if (*p >= '0' && *p <= '9') {
            run += run || *p != '0';
            continue;
        }
        if (run >= 5 && run <= 10)
            return 1;
        run = 0;
        if (!*p)
            return 0;
    }
}

#define A  arg, arg, arg, arg, arg, arg, arg, arg
#define AS A, A, A, A /* 32: at most one argument per '%' pair of the bytes allowed */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64)
        return 0;
    char fmt[65];
    memcpy(fmt, data, size);
    fmt[size] = 0;
    if (too_wide(fmt))
        return 0;
    const char *arg = "str";
    static struct sink s;
    s.n = 0;
    int n = sink_format(&s, fmt, AS);
    FUZZ_REQUIRE(n >= 0 && (uint32_t)n == s.n);
    char small[17];
    int m = snformat(small, sizeof(small), fmt, AS);
    FUZZ_REQUIRE(m == n);
    size_t kept = (uint32_t)n < sizeof(small) ? (size_t)n : sizeof(small) - 1;
    FUZZ_REQUIRE(strlen(small) <= kept);
    FUZZ_REQUIRE(s.n > OUT_MAX || memcmp(small, s.text, strlen(small)) == 0);
    return 0;
}
