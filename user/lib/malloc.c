/*
 * The heap. One arena, grown and shrunk at its top through malloc_sbrk, is
 * cut into blocks that lie end to end in address order. A block is a 16-byte
 * aligned header (size, magic, the block below) and its payload; a free
 * block's payload holds its links in the free list, which umalloc searches
 * first fit.
 *
 * Invariants: the blocks tile [first, end of last) exactly and the break is
 * the end of last; a block's magic is MAGIC_FREE exactly when it is on the
 * free list; no two free blocks are neighbours (a freed block merges with
 * both); in_use is the sum of the used blocks' sizes; arena is what sbrk gave
 * and nobody took back. A header swallowed by a merge keeps its MAGIC_FREE,
 * so freeing that pointer again still reads as a double free.
 *
 * Growth and trimming are sized so that they never chase each other: a top
 * block left by a trim (< TRIM_KEEP + PAGE) plus one GROW_MIN stays below
 * SHRINK_LIMIT, so small allocate/free cycles at the top call sbrk once.
 */
#include "malloc.h"
#include "str.h"

#define ALIGN        16
#define PAGE         4096
#define MAGIC_USED   0x55534544u              /* "USED" */
#define MAGIC_FREE   0x46524545u              /* "FREE" */
#define GROW_MIN     (32 * 1024)              /* least growth of the arena, to call sbrk seldom */
#define SHRINK_LIMIT (64 * 1024)              /* a free top block above this is trimmed ... */
#define TRIM_KEEP    (16 * 1024)              /* ... down to this, rounded up to a page end */
#define MAX_REQUEST  ((size_t)INTPTR_MAX / 2) /* sizes and sbrk increments cannot overflow */

struct block {
    size_t size;        /* bytes, header included; a multiple of ALIGN */
    uint32_t magic;     /* MAGIC_USED or MAGIC_FREE */
    struct block *prev; /* the block just below; NULL for the first */
} __attribute__((aligned(ALIGN)));

/* The payload of a free block. */
struct links {
    struct block *next, *prev;
};

#define HDR       sizeof(struct block)
#define MIN_BLOCK (HDR + ALIGN)
_Static_assert(sizeof(struct links) <= ALIGN, "free links must fit the smallest payload");

static struct block *first, *last, *free_head;
static size_t arena, in_use;

static size_t round_up(size_t n, size_t a)
{
    return (n + a - 1) & ~(a - 1);
}

static char *block_end(struct block *b)
{
    return (char *)b + b->size;
}

static struct block *next_of(struct block *b)
{
    return b == last ? NULL : (struct block *)block_end(b);
}

static struct links *links_of(struct block *b)
{
    return (struct links *)(b + 1);
}

static void free_insert(struct block *b)
{
    b->magic = MAGIC_FREE;
    *links_of(b) = (struct links){free_head, NULL};
    if (free_head)
        links_of(free_head)->prev = b;
    free_head = b;
}

static void free_remove(struct block *b)
{
    struct links *l = links_of(b);
    if (l->prev)
        links_of(l->prev)->next = l->next;
    else
        free_head = l->next;
    if (l->next)
        links_of(l->next)->prev = l->prev;
}

/* Absorb the block above b if it is free. */
static void merge_next(struct block *b)
{
    struct block *n = next_of(b);
    if (!n || n->magic != MAGIC_FREE)
        return;
    free_remove(n);
    b->size += n->size;
    if (n == last)
        last = b;
    else
        next_of(b)->prev = b;
}

/* Cut b down to size bytes when the rest can be a block; the rest becomes free. */
static void split(struct block *b, size_t size)
{
    if (b->size - size < MIN_BLOCK)
        return;
    struct block *rest = (struct block *)((char *)b + size);
    rest->size = b->size - size;
    rest->prev = b;
    b->size = size;
    if (b == last)
        last = rest;
    else
        next_of(rest)->prev = rest;
    free_insert(rest);
    merge_next(rest);
}

/* n more bytes of arena at its top, 16-byte aligned; NULL when sbrk fails. */
static char *arena_extend(size_t n)
{
    char *top = last ? block_end(last) : malloc_sbrk(0);
    if (top == (char *)-1)
        return NULL;
    size_t pad = -(uintptr_t)top & (ALIGN - 1); /* only before the first block */
    char *p = malloc_sbrk((intptr_t)(n + pad));
    if (p == (char *)-1)
        return NULL;
    if (p != top) { /* someone else moved the break: a hole would break the tiling */
        malloc_sbrk(-(intptr_t)(n + pad));
        return NULL;
    }
    arena += n + pad;
    return p + pad;
}

/* Grow the arena so that its top block is free and holds size bytes; returns it. */
static struct block *grow(size_t size)
{
    size_t have = last && last->magic == MAGIC_FREE ? last->size : 0;
    size_t n = size - have < GROW_MIN ? GROW_MIN : size - have;
    struct block *b = (struct block *)arena_extend(n);
    if (!b)
        return NULL;
    if (have) {
        last->size += n;
        return last;
    }
    b->size = n;
    b->prev = last;
    if (!first)
        first = b;
    last = b;
    free_insert(b);
    return b;
}

/* Give the pages above a large free top block back to sbrk. */
static void trim(void)
{
    if (last->magic != MAGIC_FREE || last->size <= SHRINK_LIMIT)
        return;
    char *keep = (char *)round_up((uintptr_t)last + TRIM_KEEP, PAGE);
    size_t give = (size_t)(block_end(last) - keep);
    if (malloc_sbrk(0) != block_end(last) || malloc_sbrk(-(intptr_t)give) == (void *)-1)
        return; /* the break is not ours to move, or sbrk refused: keep the memory */
    last->size -= give;
    arena -= give;
}

static int block_linked(struct block *b)
{
    if (b == first)
        return b->prev == NULL;
    uintptr_t prev = (uintptr_t)b->prev;
    return prev >= (uintptr_t)first && prev < (uintptr_t)b && block_end(b->prev) == (char *)b;
}

/* The header of p, a live pointer from umalloc; for anything else malloc_abort, then NULL. */
static struct block *block_check(void *p)
{
    struct block *b = (struct block *)p - 1;
    uintptr_t a = (uintptr_t)b;
    if (!first || a % ALIGN || a < (uintptr_t)first || a > (uintptr_t)last) {
        malloc_abort("pointer not from umalloc");
        return NULL;
    }
    if (b->magic == MAGIC_FREE) {
        malloc_abort("block already freed");
        return NULL;
    }
    if (b->magic != MAGIC_USED || !block_linked(b)) {
        malloc_abort("pointer not from umalloc");
        return NULL;
    }
    return b;
}

/* The block size that holds n bytes of payload. */
static size_t block_size(size_t n)
{
    return HDR + round_up(n ? n : 1, ALIGN);
}

void *umalloc(size_t n)
{
    if (n > MAX_REQUEST)
        return NULL;
    size_t size = block_size(n);
    struct block *b = free_head;
    while (b && b->size < size)
        b = links_of(b)->next;
    if (!b)
        b = grow(size);
    if (!b)
        return NULL;
    free_remove(b);
    b->magic = MAGIC_USED;
    split(b, size);
    in_use += b->size;
    return b + 1;
}

void ufree(void *p)
{
    if (!p)
        return;
    struct block *b = block_check(p);
    if (!b)
        return;
    in_use -= b->size;
    free_insert(b);
    merge_next(b);
    if (b->prev && b->prev->magic == MAGIC_FREE)
        merge_next(b->prev);
    trim();
}

void *ucalloc(size_t n, size_t size)
{
    if (size && n > MAX_REQUEST / size)
        return NULL;
    void *p = umalloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

/* Resize b, a used block, to size bytes where it lies; 0 when its free neighbour is too small. */
static int resize(struct block *b, size_t size)
{
    struct block *n = next_of(b);
    size_t room = b->size + (n && n->magic == MAGIC_FREE ? n->size : 0);
    if (room < size)
        return 0;
    in_use -= b->size;
    if (b->size < size)
        merge_next(b);
    split(b, size);
    in_use += b->size;
    trim();
    return 1;
}

void *urealloc(void *p, size_t n)
{
    if (!p)
        return umalloc(n);
    struct block *b = block_check(p);
    if (!b || n > MAX_REQUEST)
        return NULL;
    if (resize(b, block_size(n)))
        return p;
    void *q = umalloc(n);
    if (!q)
        return NULL;
    memcpy(q, p, b->size - HDR);
    ufree(p);
    return q;
}

void malloc_stats(size_t *arena_bytes, size_t *in_use_bytes)
{
    if (arena_bytes)
        *arena_bytes = arena;
    if (in_use_bytes)
        *in_use_bytes = in_use;
}
