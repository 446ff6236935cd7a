/*
 * malloc's two hooks (malloc.h) for a user program: the heap is the pager's
 * sbrk, and misuse ends the program. In a file of their own so that a
 * program with its own (the pager, which is its own pager: servers/pager/heap.c)
 * links theirs instead.
 */
#include "malloc.h"
#include "ulib.h"

void *malloc_sbrk(intptr_t increment)
{
    return sbrk(increment);
}

void malloc_abort(const char *why)
{
    printf("malloc: %s\n", why);
    exit(127);
}
