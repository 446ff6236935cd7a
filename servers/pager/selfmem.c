/*
 * Memory the pager takes for its own tables as it needs it (the shared-page
 * table's storage): frames from the root container, mapped into the
 * pager's own space in [SELFMEM_BASE, SELFMEM_END). Each allocation starts
 * with pages listing its frames, so it can be given back; addresses are
 * handed out in rising order and not reused (tables grow by doubling, so
 * the range outlasts them by far).
 */
#include "pager.h"
#include "ipc.h"

#define FRAMES_PER_PAGE (PAGE_SIZE / sizeof(uint32_t))

static uint32_t selfmem_next = SELFMEM_BASE;

/* Pages of an allocation of bytes: its data, and the pages listing every frame of it. */
static uint32_t selfmem_pages(uint32_t bytes, uint32_t *list_pages)
{
    uint32_t data = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
    *list_pages = data / (FRAMES_PER_PAGE - 1) + 1; /* list * FRAMES_PER_PAGE > data + list */
    return data + *list_pages;
}

/* Unmap the first n pages at va and give their frames (listed at va) back. */
static void selfmem_unwind(uint32_t va, uint32_t n)
{
    const uint32_t *frame = (const uint32_t *)va;
    for (uint32_t i = n; i-- > 0;) {
        uint32_t f = frame[i];
        sys_unmap(0, va + i * PAGE_SIZE);
        quota_free(0, f);
    }
}

/* bytes of zeroed memory, or 0 when the root container or the range has no room. */
void *selfmem_alloc(uint32_t bytes)
{
    uint32_t list, n = selfmem_pages(bytes, &list), va = selfmem_next;
    if (n > (SELFMEM_END - va) / PAGE_SIZE)
        return 0;
    uint32_t *frames = (uint32_t *)va;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t f, left;
        int r = quota_alloc(0, &f, &left);
        if (r == 0 && (r = sys_map(0, va + i * PAGE_SIZE, f, PERM_R | PERM_W)) < 0)
            quota_free(0, f);
        if (r < 0) {
            selfmem_unwind(va, i);
            return 0;
        }
        frames[i] = f; /* the list comes first: frames[i] lies in a page mapped by now */
    }
    selfmem_next = va + n * PAGE_SIZE;
    return (void *)(va + list * PAGE_SIZE);
}

/* Give back what selfmem_alloc(bytes) returned at mem. */
void selfmem_free(void *mem, uint32_t bytes)
{
    uint32_t list, n = selfmem_pages(bytes, &list);
    selfmem_unwind((uint32_t)mem - list * PAGE_SIZE, n);
}
