/*
 * libFuzzer, stateful: servers/pager/pagemap.c against a plain array model.
 * Operations from the input set, replace, remove and read entries and flags
 * over a few hundred pages, in groups of 8 that share a leaf, the groups
 * 4 MiB apart: leaves are made and freed, half full and full, and the
 * directory grows and shrinks; after each, the map and the model agree on
 * every page, on the count, and on what pagemap_next walks (each page
 * once).
 */
#include "harness.h"
#include <string.h>

#include "servers/pager/hash.c"
#include "servers/pager/pagemap.c"

#define PAGES  512  /* model pages (page 0 is never mapped) */
#define GROUP  8    /* pages of a group: every other page of one 16-page leaf */
#define STRIDE 1024 /* groups 4 MiB apart, as a program's scattered touches are */

static uint32_t model_frame[PAGES];
static uint8_t model_flags[PAGES];

static uint32_t vaddr_of(uint32_t i)
{
    return ((i / GROUP + 1) * STRIDE + i % GROUP * 2) << 12;
}

/* The model page at va, or PAGES when va is none of them. */
static uint32_t page_of(uint32_t va)
{
    uint32_t vpn = va >> 12, in = vpn % STRIDE, i = (vpn / STRIDE - 1) * GROUP + in / 2;
    return va % 4096 == 0 && vpn >= STRIDE && in % 2 == 0 && in < 2 * GROUP && i < PAGES &&
                   vaddr_of(i) == va
               ? i
               : PAGES;
}

static void check(struct pagemap *pm)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < PAGES; i++) {
        FUZZ_REQUIRE(pagemap_get(pm, vaddr_of(i)) == model_frame[i]);
        if (model_frame[i]) {
            n++;
            FUZZ_REQUIRE(pagemap_flags_get(pm, vaddr_of(i)) == model_flags[i]);
        }
    }
    FUZZ_REQUIRE(pagemap_count(pm) == n);
    static uint8_t seen[PAGES];
    uint32_t cursor = 0, walked = 0;
    const struct pm_entry *e;
    memset(seen, 0, sizeof(seen));
    while ((e = pagemap_next(pm, &cursor))) {
        uint32_t i = page_of(pm_va(e));
        FUZZ_REQUIRE(i < PAGES && !seen[i]);
        FUZZ_REQUIRE(model_frame[i] == e->frame);
        seen[i] = 1;
        walked++;
    }
    FUZZ_REQUIRE(walked == n);
}

static void step(struct pagemap *pm, struct bytes *b)
{
    uint32_t i = take(b, 2) % PAGES, frame = take(b, 1) % 4 ? take(b, 2) : 0;
    switch (take(b, 1) % 4) {
    case 0: {
        int r = pagemap_set(pm, vaddr_of(i), frame, 0);
        int ok = frame && !model_frame[i];
        FUZZ_REQUIRE((r == 0) == ok);
        if (ok) {
            model_frame[i] = frame;
            model_flags[i] = 0;
        }
        break;
    }
    case 1:
        FUZZ_REQUIRE(pagemap_remove(pm, vaddr_of(i)) == model_frame[i]);
        model_frame[i] = 0;
        break;
    case 2: {
        uint8_t flags = (uint8_t)take(b, 1);
        int r = pagemap_flags_set(pm, vaddr_of(i), flags);
        FUZZ_REQUIRE((r == 0) == (model_frame[i] != 0));
        if (model_frame[i])
            model_flags[i] = flags;
        break;
    }
    default:
        if (model_frame[i] && frame) {
            pagemap_replace(pm, vaddr_of(i), frame);
            model_frame[i] = frame;
        }
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct pagemap pm;
    struct bytes b = {data, size};
    pagemap_init(&pm);
    memset(model_frame, 0, sizeof(model_frame));
    while (b.n) {
        step(&pm, &b);
        check(&pm);
    }
    pagemap_clear(&pm);
    return 0;
}
