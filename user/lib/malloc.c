/*
 * The heap: one arena grown by malloc_sbrk, cut into blocks, each with a
 * 16-byte header (size, free flag, magic) and kept in address order so that
 * a freed block merges with free neighbours. A free block at the end of the
 * arena larger than SHRINK_LIMIT is given back with a negative sbrk.
 */
#include "malloc.h"
#include "str.h"

#define ALIGN        16
#define MAGIC_USED   0x55534544u
#define MAGIC_FREE   0x46524545u
#define GROW_MIN     (64 * 1024)
#define SHRINK_LIMIT (64 * 1024)

struct block {
    size_t size; /* bytes including this header */
    uint32_t magic;
    struct block *prev; /* the block just below in the arena */
    uint32_t pad;       /* keeps the header, and so every block, 16-byte aligned */
};

static struct block *first, *last;
static size_t arena, in_use;

static size_t round_up(size_t n)
{
    return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

static struct block *next_of(struct block *b)
{
    return b == last ? 0 : (struct block *)((char *)b + b->size);
}

static struct block *grow(size_t need)
{
    size_t n = need < GROW_MIN ? GROW_MIN : round_up(need);
    void *p = malloc_sbrk((intptr_t)n);
    if (p == (void *)-1)
        return 0;
    struct block *b = p;
    if (last && (char *)last + last->size != (char *)p)
        return 0; /* someone else moved the break: refuse rather than corrupt */
    b->size = n;
    b->magic = MAGIC_FREE;
    b->prev = last;
    if (!first)
        first = b;
    last = b;
    arena += n;
    if (b->prev && b->prev->magic == MAGIC_FREE) {
        b->prev->size += b->size;
        last = b->prev;
        b = b->prev;
    }
    return b;
}

/* Cut b to size bytes when the rest is big enough to be a block. */
static void split(struct block *b, size_t size)
{
    if (b->size - size < sizeof(struct block) + ALIGN)
        return;
    struct block *rest = (struct block *)((char *)b + size);
    rest->size = b->size - size;
    rest->magic = MAGIC_FREE;
    rest->prev = b;
    struct block *after = next_of(b);
    if (after)
        after->prev = rest;
    if (b == last)
        last = rest;
    b->size = size;
}

void *umalloc(size_t n)
{
    if (n == 0 || n > 0x40000000)
        return 0;
    size_t size = round_up(n) + sizeof(struct block);
    struct block *b = first;
    while (b && !(b->magic == MAGIC_FREE && b->size >= size))
        b = next_of(b);
    if (!b)
        b = grow(size);
    if (!b || b->size < size)
        return 0;
    split(b, size);
    b->magic = MAGIC_USED;
    in_use += b->size;
    return b + 1;
}

static void merge_next(struct block *b)
{
    struct block *n = next_of(b);
    if (!n || n->magic != MAGIC_FREE)
        return;
    if (n == last)
        last = b;
    b->size += n->size;
    struct block *after = next_of(b);
    if (after)
        after->prev = b;
}

static void shrink_top(void)
{
    if (last->magic != MAGIC_FREE || last->size <= SHRINK_LIMIT || last == first)
        return;
    size_t give = (last->size - sizeof(struct block) - ALIGN) & ~(size_t)4095;
    if (give == 0 || malloc_sbrk(-(intptr_t)give) == (void *)-1)
        return;
    last->size -= give;
    arena -= give;
}

void ufree(void *p)
{
    if (!p)
        return;
    struct block *b = (struct block *)p - 1;
    if (((uintptr_t)p & (ALIGN - 1)) || b->magic != MAGIC_USED) {
        malloc_abort(b->magic == MAGIC_FREE ? "double free" : "free of a bad pointer");
        return;
    }
    b->magic = MAGIC_FREE;
    in_use -= b->size;
    merge_next(b);
    if (b->prev && b->prev->magic == MAGIC_FREE) {
        b = b->prev;
        merge_next(b);
    }
    shrink_top();
}

void *ucalloc(size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size)
        return 0;
    void *p = umalloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *urealloc(void *p, size_t n)
{
    if (!p)
        return umalloc(n);
    struct block *b = (struct block *)p - 1;
    if (b->magic != MAGIC_USED) {
        malloc_abort("realloc of a bad pointer");
        return 0;
    }
    size_t have = b->size - sizeof(struct block);
    if (n <= have)
        return p;
    void *q = umalloc(n);
    if (q) {
        memcpy(q, p, have);
        ufree(p);
    }
    return q;
}

void malloc_stats(size_t *a, size_t *u)
{
    *a = arena;
    *u = in_use;
}
