/*
 * ustar reader. An archive is a run of 512-byte headers, each followed by
 * its member's bytes padded to a whole block; it ends at the first all-zero
 * block or at the end of the buffer.
 *
 * Invariant: a header is read only when a whole block of it lies in the
 * buffer, and a member's bytes are handed out only after its size has been
 * checked against what remains, so no content makes us read outside
 * [archive, archive + size). A header must carry the "ustar" magic, a
 * correct checksum and an octal size; a partial block at the end must be
 * zeros.
 */
#include "ustar.h"
#include "abi/errno.h"
#include "str.h"
#include <stdbool.h>
#include <stdint.h>

#define BLOCK 512

/* Header fields: offset and length. */
#define H_NAME       0
#define H_NAME_LEN   100
#define H_SIZE       124
#define H_SIZE_LEN   12
#define H_SUM        148
#define H_SUM_LEN    8
#define H_TYPE       156
#define H_MAGIC      257
#define H_PREFIX     345
#define H_PREFIX_LEN 155

/*
 * An octal field: optional leading spaces, at least one digit, then at least
 * one NUL or space and nothing else. At most n - 1 digits: no overflow.
 */
static int octal_parse(const uint8_t *f, size_t n, uint64_t *out)
{
    size_t i = 0;
    while (i < n && f[i] == ' ')
        i++;
    size_t first = i;
    uint64_t v = 0;
    for (; i < n && f[i] >= '0' && f[i] <= '7'; i++)
        v = v * 8 + (uint64_t)(f[i] - '0');
    if (i == first || i == n)
        return E_FORMAT;
    for (; i < n; i++) {
        if (f[i] != 0 && f[i] != ' ')
            return E_FORMAT;
    }
    *out = v;
    return 0;
}

static bool zeros(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i])
            return false;
    }
    return true;
}

/* The checksum is the byte sum of the header with its own field read as spaces. */
static bool header_ok(const uint8_t *h)
{
    uint64_t want, sum = 0;
    if (memcmp(h + H_MAGIC, "ustar", 5) || octal_parse(h + H_SUM, H_SUM_LEN, &want) < 0)
        return false;
    for (size_t i = 0; i < BLOCK; i++)
        sum += (i >= H_SUM && i < H_SUM + H_SUM_LEN) ? ' ' : h[i];
    return sum == want;
}

/*
 * The header of the next regular file at or after *cursor: 1 and *hdr, *data,
 * *len; 0 at the end; E_FORMAT. *cursor moves past each member it reads.
 */
static int member_next(const uint8_t *a, size_t size, size_t *cursor, const uint8_t **hdr,
                       const void **data, size_t *len)
{
    while (*cursor < size) {
        size_t left = size - *cursor;
        const uint8_t *h = a + *cursor;
        if (left < BLOCK)
            return zeros(h, left) ? 0 : E_FORMAT;
        if (zeros(h, BLOCK))
            return 0;
        uint64_t size_field;
        if (!header_ok(h) || octal_parse(h + H_SIZE, H_SIZE_LEN, &size_field) < 0 ||
            size_field > left - BLOCK)
            return E_FORMAT;
        size_t n = (size_t)size_field;
        size_t pad = (BLOCK - n % BLOCK) % BLOCK;
        size_t rest = left - BLOCK - n;
        /* the padding of the last member may be cut off: that ends the archive */
        *cursor += BLOCK + n + (pad < rest ? pad : rest);
        if (h[H_TYPE] == '0' || h[H_TYPE] == 0) {
            *hdr = h;
            *data = h + BLOCK;
            *len = n;
            return 1;
        }
    }
    return 0;
}

/* "./x", "././x" and "x" name the same member. */
static void skip_dot(const char **s, size_t *n)
{
    while (*n >= 2 && (*s)[0] == '.' && (*s)[1] == '/') {
        *s += 2;
        *n -= 2;
    }
}

/* Append s[0..n) to buf[0..at), keeping room for the NUL; returns the new length. */
static size_t name_put(char *buf, size_t cap, size_t at, const char *s, size_t n)
{
    size_t room = cap - 1 - at;
    size_t k = n < room ? n : room;
    memcpy(buf + at, s, k);
    return at + k;
}

/*
 * The member's name into buf[cap]: "prefix/name" when a POSIX header
 * (magic "ustar\0") has a prefix, else name; either field may lack its NUL.
 */
static void name_copy(const uint8_t *h, char *buf, size_t cap)
{
    const char *name = (const char *)h + H_NAME;
    const char *prefix = (const char *)h + H_PREFIX;
    size_t nlen = strnlen(name, H_NAME_LEN);
    size_t plen = memcmp(h + H_MAGIC, "ustar", 6) ? 0 : strnlen(prefix, H_PREFIX_LEN);
    size_t at = 0;
    if (plen) {
        skip_dot(&prefix, &plen);
        at = name_put(buf, cap, at, prefix, plen);
        at = name_put(buf, cap, at, "/", 1);
    } else {
        skip_dot(&name, &nlen);
    }
    at = name_put(buf, cap, at, name, nlen);
    buf[at] = 0;
}

int ustar_next(const void *archive, size_t size, size_t *cursor, char *name, size_t name_size,
               const void **data, size_t *len)
{
    const uint8_t *h;
    int r = member_next(archive, size, cursor, &h, data, len);
    if (r == 1)
        name_copy(h, name, name_size);
    return r;
}

int ustar_find(const void *archive, size_t size, const char *name, const void **data, size_t *len)
{
    size_t want_len = strlen(name), cursor = 0;
    skip_dot(&name, &want_len);
    char member[USTAR_NAME_MAX + 1];
    const uint8_t *h;
    const void *d;
    size_t n;
    int r;
    while ((r = member_next(archive, size, &cursor, &h, &d, &n)) == 1) {
        name_copy(h, member, sizeof(member));
        if (!strcmp(member, name)) {
            *data = d;
            *len = n;
            return 0;
        }
    }
    return r < 0 ? r : E_NOENT;
}
