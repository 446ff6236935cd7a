/*
 * ustar reader. Each 512-byte header's checksum and octal size are checked
 * and no member may run past the end of the buffer.
 */
#include "ustar.h"
#include "abi/errno.h"
#include "str.h"
#include <stdint.h>

#define BLOCK 512

static int octal(const char *s, int n, size_t *out)
{
    size_t v = 0;
    int digits = 0;
    for (int i = 0; i < n && s[i] && s[i] != ' '; i++, digits++) {
        if (s[i] < '0' || s[i] > '7')
            return -1;
        v = v * 8 + (size_t)(s[i] - '0');
    }
    *out = v;
    return digits ? 0 : -1;
}

static int header_ok(const uint8_t *h)
{
    size_t want;
    if (octal((const char *)h + 148, 8, &want) < 0 || memcmp(h + 257, "ustar", 5))
        return 0;
    size_t sum = 0;
    for (int i = 0; i < BLOCK; i++)
        sum += (i >= 148 && i < 156) ? ' ' : h[i];
    return sum == want;
}

static int all_zero(const uint8_t *h)
{
    for (int i = 0; i < BLOCK; i++)
        if (h[i])
            return 0;
    return 1;
}

int ustar_next(const void *archive, size_t size, size_t *cursor, char *name, size_t name_size,
               const void **data, size_t *len)
{
    const uint8_t *a = archive;
    while (*cursor + BLOCK <= size) {
        const uint8_t *h = a + *cursor;
        if (all_zero(h))
            return 0;
        size_t n;
        if (!header_ok(h) || octal((const char *)h + 124, 12, &n) < 0 || n > size - *cursor - BLOCK)
            return E_FORMAT;
        *cursor += BLOCK + (n + BLOCK - 1) / BLOCK * BLOCK;
        if (h[156] != '0' && h[156] != 0)
            continue;
        const char *nm = (const char *)h;
        size_t nlen = strnlen(nm, 100);
        if (nlen >= 2 && nm[0] == '.' && nm[1] == '/')
            nm += 2, nlen -= 2;
        if (nlen >= name_size)
            nlen = name_size - 1;
        memcpy(name, nm, nlen);
        name[nlen] = 0;
        *data = h + BLOCK;
        *len = n;
        return 1;
    }
    return 0;
}

int ustar_find(const void *archive, size_t size, const char *name, const void **data, size_t *len)
{
    size_t cursor = 0;
    char member[101];
    int r;
    while ((r = ustar_next(archive, size, &cursor, member, sizeof(member), data, len)) == 1) {
        if (!strcmp(member, name))
            return 0;
    }
    return r < 0 ? r : E_NOENT;
}
