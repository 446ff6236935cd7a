/*
 * The few string and memory functions that kernel, servers and user programs
 * share (libipc/string.c). In a hosted build (the host unit tests) they are
 * the C library's own.
 */
#ifndef LIBIPC_STR_H
#define LIBIPC_STR_H

#include <stddef.h>

#if __STDC_HOSTED__
#include <string.h>
#else
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
#endif

#endif
