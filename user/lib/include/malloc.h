/*
 * First-fit heap allocator on an sbrk-style hook. The program supplies
 * malloc_sbrk (more arena, or (void *)-1) and malloc_abort (called on a bad
 * or double free).
 */
#ifndef MALLOC_H
#define MALLOC_H

#include <stddef.h>
#include <stdint.h>

void *malloc_sbrk(intptr_t increment);
void malloc_abort(const char *why);

void *umalloc(size_t n);
void ufree(void *p);
void *ucalloc(size_t n, size_t size);
void *urealloc(void *p, size_t n);
void malloc_stats(size_t *arena, size_t *in_use);

#endif
