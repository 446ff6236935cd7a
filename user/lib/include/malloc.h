/*
 * The user heap: a first-fit allocator over one arena that the program grows
 * and shrinks through malloc_sbrk. Every pointer it returns is 16-byte
 * aligned. The program supplies the two hooks below.
 */
#ifndef MALLOC_H
#define MALLOC_H

#include <stddef.h>
#include <stdint.h>

/*
 * Hook: move the break by increment bytes (negative gives memory back) and
 * return the old break, or (void *)-1 on failure. malloc must be the only
 * one moving it: memory that does not continue the arena is given back and
 * the allocation fails.
 */
void *malloc_sbrk(intptr_t increment);

/*
 * Hook: called on misuse (a double free, or a pointer umalloc did not return)
 * before anything is touched. If it returns, the call that found the misuse
 * does nothing (urealloc returns NULL).
 */
void malloc_abort(const char *why);

void *umalloc(size_t n);              /* n bytes, or NULL; umalloc(0) is a unique pointer */
void ufree(void *p);                  /* ufree(NULL) does nothing */
void *ucalloc(size_t n, size_t size); /* n * size zeroed bytes; NULL also on overflow */
void *urealloc(void *p, size_t n);    /* NULL on failure, and then p is left as it was */
void malloc_stats(size_t *arena, size_t *in_use); /* bytes from sbrk, bytes in used blocks */

#endif
