/*
 * demo: what "make qemu" shows first. A program grows its stack page by
 * page and its heap with sbrk, and prints its container's quota and usage
 * as frames arrive on demand through the pager and the quota server.
 */
#include "ulib.h"
#include "fmt.h"

static void show(const char *what)
{
    struct quota_info qi;
    if (quota_self(&qi) == 0)
        printf("demo: %-28s container %u: usage %4u of %u frames\n", what, qi.id, qi.usage,
               qi.quota);
}

/* Each level of recursion uses a little over a page of stack. */
static int grow_stack(int depth)
{
    volatile char pad[PAGE_SIZE];
    pad[0] = (char)depth;
    if (depth == 0)
        return pad[0];
    char what[40];
    snformat(what, sizeof(what), "stack page %d touched", 7 - depth);
    show(what);
    return grow_stack(depth - 1) + pad[0];
}

int main(const char *args)
{
    (void)args;
    show("started");
    grow_stack(6);
    char *heap = sbrk(0);
    printf("demo: heap starts at %p\n", heap);
    for (int i = 1; i <= 4; i++) {
        sbrk(16 * PAGE_SIZE);
        char what[40];
        snformat(what, sizeof(what), "sbrk +64 KiB (%d)", i);
        show(what);
        memset(heap + (i - 1) * 16 * PAGE_SIZE, i, 16 * PAGE_SIZE);
        snformat(what, sizeof(what), "touched those 16 pages");
        show(what);
    }
    sbrk(-(intptr_t)(64 * PAGE_SIZE));
    show("sbrk -256 KiB");
    char *big = malloc(1 << 20);
    memset(big, 1, 1 << 20);
    show("malloc 1 MiB, written");
    free(big);
    printf("demo: done\n");
    return 0;
}
