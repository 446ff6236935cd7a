/*
 * libFuzzer, stateful: user/lib/malloc.c over a fake break that sometimes
 * refuses to move. Operations from the input malloc, calloc, realloc and
 * free; every live block is filled with its own byte, and after each step
 * every block still holds it, blocks are 16-byte aligned, lie inside the
 * arena and do not overlap, and malloc_stats counts at least their bytes.
 */
#include "harness.h"
#include <string.h>

#include "user/lib/malloc.c"

#define ARENA (1u << 22)
#define LIVE  64

static _Alignas(4096) char heap[ARENA];
static size_t brk_off;
static int refuse; /* the break will not move */

void *malloc_sbrk(intptr_t inc)
{
    if (refuse || (inc > 0 && (size_t)inc > ARENA - brk_off) || (inc < 0 && (size_t)-inc > brk_off))
        return (void *)-1;
    char *old = heap + brk_off;
    brk_off += (size_t)inc;
    return old;
}

void malloc_abort(const char *why)
{
    fprintf(stderr, "malloc_abort: %s\n", why);
    abort(); /* the harness never misuses the heap: reaching this is a bug */
}

static struct {
    unsigned char *p;
    size_t n;
} live[LIVE];

static void fill(int i, unsigned char *p, size_t n)
{
    live[i].p = p;
    live[i].n = n;
    memset(p, i + 1, n);
}

static void check(void)
{
    size_t sum = 0;
    for (int i = 0; i < LIVE; i++) {
        if (!live[i].p)
            continue;
        unsigned char *p = live[i].p;
        FUZZ_REQUIRE(((uintptr_t)p & 15) == 0);
        FUZZ_REQUIRE((char *)p >= heap && (char *)p + live[i].n <= heap + brk_off);
        for (size_t k = 0; k < live[i].n; k++)
            FUZZ_REQUIRE(p[k] == (unsigned char)(i + 1));
        sum += live[i].n;
    }
    size_t arena_bytes, in_use;
    malloc_stats(&arena_bytes, &in_use);
    FUZZ_REQUIRE(in_use >= sum && arena_bytes <= brk_off);
}

static size_t size_of(struct bytes *b)
{
    uint32_t sel = take(b, 1);
    return sel < 128 ? sel : sel < 250 ? take(b, 2) : (size_t)take(b, 4) << (sel & 3);
}

static void step(struct bytes *b)
{
    int i = (int)(take(b, 1) % LIVE);
    uint32_t op = take(b, 1);
    refuse = op >= 240;
    void *p;
    size_t n = size_of(b);
    switch (op % 4) {
    case 0:
    case 1:
        if (live[i].p)
            break;
        p = op % 4 ? ucalloc(n, 1) : umalloc(n);
        if (p && op % 4)
            for (size_t k = 0; k < n; k++)
                FUZZ_REQUIRE(((unsigned char *)p)[k] == 0);
        if (p)
            fill(i, p, n);
        break;
    case 2:
        if (!live[i].p)
            break;
        p = urealloc(live[i].p, n);
        if (p) {
            size_t kept = n < live[i].n ? n : live[i].n;
            for (size_t k = 0; k < kept; k++)
                FUZZ_REQUIRE(((unsigned char *)p)[k] == (unsigned char)(i + 1));
            fill(i, p, n);
        }
        break;
    default:
        ufree(live[i].p);
        live[i].p = NULL;
        break;
    }
    refuse = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bytes b = {data, size};
    first = last = free_head = NULL;
    arena = in_use = 0;
    brk_off = 0;
    memset(live, 0, sizeof(live));
    while (b.n) {
        step(&b);
        check();
    }
    return 0;
}
