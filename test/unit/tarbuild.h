/*
 * For the initrd's tests (test_ustar.c, test_initrd.c): a small tar writer
 * into tar[TAR_MAX] that follows the POSIX ustar layout on its own (field
 * offsets written out here, not taken from libipc/ustar.c).
 */
#ifndef TEST_TARBUILD_H
#define TEST_TARBUILD_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define TAR_MAX 0x8000

static uint8_t tar[TAR_MAX];
static size_t tar_len;

/* An n-byte numeric field: n - 1 octal digits and a NUL, as tar writes them. */
static void put_octal(uint8_t *field, size_t n, unsigned long v)
{
    char tmp[16];
    snprintf(tmp, sizeof(tmp), "%0*lo", (int)(n - 1), v);
    memcpy(field, tmp, n);
}

/* Byte sum with the checksum field (148, 8 bytes) counted as spaces. */
static void header_sum(uint8_t *h)
{
    unsigned long sum = 0;
    memset(h + 148, ' ', 8);
    for (int i = 0; i < 512; i++)
        sum += h[i];
    snprintf((char *)h + 148, 8, "%06lo", sum); /* six digits, NUL; the space stays */
}

/* Append a member; returns its header. A 100-byte name fills the field without a NUL. */
static uint8_t *tar_add(const char *name, char type, const void *bytes, size_t n)
{
    size_t padded = (n + 511) / 512 * 512;
    ck_assert_uint_le(tar_len + 512 + padded, TAR_MAX);
    uint8_t *h = tar + tar_len;
    memcpy(h, name, strnlen(name, 100));
    put_octal(h + 100, 8, 0644); /* mode */
    put_octal(h + 108, 8, 0);    /* uid */
    put_octal(h + 116, 8, 0);    /* gid */
    put_octal(h + 124, 12, n);   /* size */
    put_octal(h + 136, 12, 0);   /* mtime */
    h[156] = (uint8_t)type;
    memcpy(h + 257, "ustar", 6); /* magic, NUL */
    memcpy(h + 263, "00", 2);    /* version */
    header_sum(h);
    memcpy(h + 512, bytes, n);
    tar_len += 512 + padded;
    return h;
}

static uint8_t *tar_file(const char *name, const char *text)
{
    return tar_add(name, '0', text, strlen(text));
}

/* The end-of-archive marker: two zero blocks. */
static void tar_end(void)
{
    ck_assert_uint_le(tar_len + 1024, TAR_MAX);
    tar_len += 1024;
}

#endif
