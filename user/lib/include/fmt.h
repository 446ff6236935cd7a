/*
 * A small formatter for kernel and user code: %d %i %u %x %X %p %s %c %%,
 * flags '-' and '0', width (or '*'), precision for %s, and the l, ll and z
 * length modifiers.
 */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>
#include <stddef.h>

int fmt_vformat(void (*put)(void *ctx, char c), void *ctx, const char *fmt, va_list ap);
int vsnformat(char *buf, size_t size, const char *fmt, va_list ap);
int snformat(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
