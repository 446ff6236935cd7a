/*
 * libFuzzer, stateful: microkernel/idtab.c, the kernel's id tables for tasks
 * and threads, against a model. Operations from the input allocate ids
 * (with the page allocator refusing on command), free live, stale and
 * made-up ids, and churn one slot through many generations. After each:
 * every live id finds its object and idtab_at its slot; no id handed out
 * before names anything unless its slot's generation has come round again
 * since (the id format holds 2^(31 - ID_SLOT_BITS) generations); freed
 * slots come back oldest first; a new id is never 0 and never one that is
 * live; the pages not made are idtab_none's, still empty.
 */
#include "harness.h"
#include <stdbool.h>
#include <string.h>

#include "microkernel/idtab.c"

#define LIVE_MAX  512
#define STALE_MAX 64
#define GENS      (GEN_MASK + 1u)

static struct idtab tab;
static uint8_t pages[IDTAB_PAGES][IDTAB_PER_PAGE * sizeof(struct idtab_slot)];
static uint32_t pages_given;
static bool page_refused;

static void *page_alloc(void)
{
    if (page_refused || pages_given == IDTAB_PAGES)
        return 0;
    memset(pages[pages_given], 0, sizeof(pages[0]));
    return pages[pages_given++];
}

static uint32_t live_id[LIVE_MAX];
static uintptr_t live_obj[LIVE_MAX];
static uint32_t nlive;
static uint32_t stale_id[STALE_MAX], stale_frees[STALE_MAX], nstale;
static uint32_t frees_of[1u << ID_SLOT_BITS];                   /* how often each slot was freed */
static uint32_t fifo[1u << ID_SLOT_BITS], fifo_head, fifo_tail; /* freed slots, oldest first */
static uint32_t next_obj;

static void check(void)
{
    for (uint32_t i = 0; i < nlive; i++) {
        FUZZ_REQUIRE(idtab_get(&tab, live_id[i]) == (void *)live_obj[i]);
        FUZZ_REQUIRE(idtab_at(&tab, ID_SLOT(live_id[i])) == (void *)live_obj[i]);
    }
    for (uint32_t i = 0; i < nstale; i++) {
        uint32_t slot = ID_SLOT(stale_id[i]);
        /* it names something again only when its slot's generation has come round */
        if ((frees_of[slot] + 1 - stale_frees[i]) % GENS != 0)
            FUZZ_REQUIRE(idtab_get(&tab, stale_id[i]) == 0);
    }
    FUZZ_REQUIRE(idtab_get(&tab, 0) == 0 && idtab_at(&tab, 0) == 0 &&
                 idtab_at(&tab, tab.nslots) == 0);
    /* the pages not made share idtab_none, which nothing writes */
    static const struct idtab_slot empty[IDTAB_PER_PAGE];
    FUZZ_REQUIRE(memcmp(idtab_none, empty, sizeof(empty)) == 0);
}

static void alloc(void)
{
    if (nlive == LIVE_MAX)
        return;
    uint32_t obj = ++next_obj;
    uint32_t id = idtab_alloc(&tab, (void *)(uintptr_t)obj);
    if (!id) {
        /* no freed slot to reuse, and a new one needed a page that was refused */
        FUZZ_REQUIRE(fifo_head == fifo_tail &&
                     tab.page[tab.nslots / IDTAB_PER_PAGE] == idtab_none &&
                     (page_refused || pages_given == IDTAB_PAGES));
        return;
    }
    uint32_t slot = ID_SLOT(id);
    if (fifo_head != fifo_tail)
        FUZZ_REQUIRE(slot == fifo[fifo_head++ % (1u << ID_SLOT_BITS)]); /* oldest first */
    FUZZ_REQUIRE(slot != 0 && (int32_t)id > 0);
    FUZZ_REQUIRE(id >> ID_SLOT_BITS == frees_of[slot] % GENS);
    live_id[nlive] = id;
    live_obj[nlive++] = obj;
}

static void release(uint32_t i)
{
    uint32_t id = live_id[i], slot = ID_SLOT(id);
    idtab_free(&tab, id);
    stale_id[nstale < STALE_MAX ? nstale : id % STALE_MAX] = id;
    stale_frees[nstale < STALE_MAX ? nstale++ : id % STALE_MAX] = ++frees_of[slot];
    fifo[fifo_tail++ % (1u << ID_SLOT_BITS)] = slot;
    live_id[i] = live_id[--nlive];
    live_obj[i] = live_obj[nlive];
}

static void step(struct bytes *b)
{
    uint32_t op = take(b, 1);
    page_refused = (op & 0xC0) == 0xC0;
    switch (op % 4) {
    case 0:
    case 1:
        alloc();
        break;
    case 2:
        if (nlive)
            release(take(b, 2) % nlive);
        break;
    default: {
        /* free an id that is not live: nothing happens */
        uint32_t id = take(b, 1) & 1 && nstale ? stale_id[take(b, 1) % nstale] : take(b, 4);
        bool live = false;
        for (uint32_t i = 0; i < nlive; i++)
            live |= live_id[i] == id;
        if (!live && idtab_get(&tab, id) == 0)
            idtab_free(&tab, id);
        break;
    }
    }
    if (op == 0xFE) /* churn: the last live id freed and its slot taken again */
        for (uint32_t k = take(b, 2); k > 0 && nlive; k--) {
            release(nlive - 1);
            alloc();
        }
    page_refused = false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bytes b = {data, size};
    pages_given = nlive = nstale = next_obj = fifo_head = fifo_tail = 0;
    memset(frees_of, 0, tab.nslots * sizeof(frees_of[0])); /* the slots the last input made */
    idtab_init(&tab, page_alloc);
    while (b.n) {
        step(&b);
        check();
    }
    return 0;
}
