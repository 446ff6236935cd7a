/*
 * A small formatter shared by the kernel (kprintf, panic) and user programs
 * (printf, snformat). Conversions: %d %i %u %x %X %p %s %c %%; flags '-' and
 * '0'; a width (digits or '*'); a precision (digits or '*': the most chars of
 * a %s, the fewest digits of a number); length modifiers l, ll and z.
 * %p prints "0x" and at least 8 hex digits; a NULL %s prints "(null)".
 * An unknown conversion is copied as it stands ("%q" prints "%q"), and so is
 * one whose width or precision digits exceed INT_MAX.
 */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Format into put(ctx, c), one char at a time; returns the number of chars produced. */
int fmt_vformat(void (*put)(void *ctx, char c), void *ctx, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/*
 * snprintf semantics: at most size - 1 chars and a NUL when size > 0 (buf may
 * be NULL when size is 0); returns the length the whole output would have.
 */
int vsnformat(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int snformat(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
