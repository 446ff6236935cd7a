/*
 * The pager's own memory: the break of its heap, which user/lib/malloc.c
 * moves through the malloc_sbrk hook, so every table of the pager that grows
 * with the work (processes, page maps, resident lists, regions) is malloc'd.
 * The heap lies in [PAGER_HEAP_BASE, PAGER_HEAP_LIMIT) of the pager's own
 * space; each of its pages is a frame from the root container (QUOTA_ALLOC on
 * container 0), mapped read-write, and a shrink unmaps the page and gives the
 * frame back. docs/pager.md says why the root pays.
 *
 * The frame behind each heap page is recorded in a list mapped at
 * PAGER_HEAP_FRAMES, a page of it per 4 MiB of heap, made and given back with
 * the first heap page it records; list_frame[] holds the list pages' own
 * frames (one word per 4 MiB of the heap's span, as a page directory does).
 *
 * Invariant: the pages [PAGER_HEAP_BASE, page_end) are mapped, and so is
 * every list page that records one of them; page_end is brk rounded up.
 */
#include "pager.h"
#include "malloc.h"
#include "ulib.h"

#define PER_LIST   (PAGE_SIZE / sizeof(uint32_t)) /* heap pages one list page records */
#define HEAP_PAGES ((PAGER_HEAP_LIMIT - PAGER_HEAP_BASE) / PAGE_SIZE)

static uint32_t brk = PAGER_HEAP_BASE, page_end = PAGER_HEAP_BASE;
static uint32_t list_frame[(HEAP_PAGES + PER_LIST - 1) / PER_LIST];

static uint32_t *list_page(uint32_t n)
{
    return (uint32_t *)(PAGER_HEAP_FRAMES + n * PAGE_SIZE);
}

/* A frame from the root container mapped read-write at va in the pager's own space. */
static int heap_map(uint32_t va, uint32_t *frame)
{
    uint32_t left;
    int r = quota_alloc(0, 0, frame, &left);
    if (r < 0)
        return r;
    r = sys_map(0, va, *frame, PERM_R | PERM_W);
    if (r < 0)
        quota_free(0, *frame);
    return r;
}

static void heap_unmap(uint32_t va, uint32_t frame)
{
    sys_unmap(0, va);
    quota_free(0, frame);
}

/* Map heap page index i (and the list page that records it, for the first of its 4 MiB). */
static int heap_page_add(uint32_t i)
{
    uint32_t n = i / PER_LIST, frame;
    if (i % PER_LIST == 0) {
        int r = heap_map((uint32_t)list_page(n), &list_frame[n]);
        if (r < 0)
            return r;
    }
    int r = heap_map(PAGER_HEAP_BASE + i * PAGE_SIZE, &frame);
    if (r < 0) {
        if (i % PER_LIST == 0)
            heap_unmap((uint32_t)list_page(n), list_frame[n]);
        return r;
    }
    list_page(n)[i % PER_LIST] = frame;
    return 0;
}

/* Give heap page index i back (and its list page, when it recorded only this one). */
static void heap_page_drop(uint32_t i)
{
    uint32_t n = i / PER_LIST;
    heap_unmap(PAGER_HEAP_BASE + i * PAGE_SIZE, list_page(n)[i % PER_LIST]);
    if (i % PER_LIST == 0)
        heap_unmap((uint32_t)list_page(n), list_frame[n]);
}

/* Unmap the heap pages from the one at va up to page_end. */
static void heap_shrink_to(uint32_t va)
{
    while (page_end > va) {
        page_end -= PAGE_SIZE;
        heap_page_drop((page_end - PAGER_HEAP_BASE) / PAGE_SIZE);
    }
}

/* Map heap pages up to va: all of them, or none and an error. */
static int heap_grow_to(uint32_t va)
{
    uint32_t start = page_end;
    while (page_end < va) {
        int r = heap_page_add((page_end - PAGER_HEAP_BASE) / PAGE_SIZE);
        if (r < 0) {
            heap_shrink_to(start);
            return r;
        }
        page_end += PAGE_SIZE;
    }
    return 0;
}

/* malloc's hook: move the break; (void *)-1 when the root's quota or the heap's span runs out. */
void *malloc_sbrk(intptr_t increment)
{
    uint32_t old = brk;
    if (increment < 0 ? (uint32_t)-increment > brk - PAGER_HEAP_BASE
                      : (uint32_t)increment > PAGER_HEAP_LIMIT - brk)
        return (void *)-1;
    uint32_t next = brk + (uint32_t)increment;
    uint32_t next_end = (next + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    if (next_end > page_end && heap_grow_to(next_end) < 0)
        return (void *)-1;
    heap_shrink_to(next_end);
    brk = next;
    return (void *)old;
}

/* PAGER_MEM: the frames the heap holds, its list pages included. */
uint32_t pager_heap_frames(void)
{
    uint32_t pages = (page_end - PAGER_HEAP_BASE) / PAGE_SIZE;
    return pages + (pages + PER_LIST - 1) / PER_LIST;
}

/* malloc found a double free or a foreign pointer: a pager bug, said once; the call does nothing.
 */
void malloc_abort(const char *why)
{
    printf("pager: malloc: %s\n", why);
}
