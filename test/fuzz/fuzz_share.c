/*
 * libFuzzer, stateful: servers/pager/share.c, the shared-page table, against
 * a plain array model. Operations from the input add mappings of frames and
 * swap slots (keys close together, so their home slots collide), drop them,
 * look them up and give the table larger storage when share_full says so, as
 * the pager does (storage of exactly cap entries, so a probe past its end is
 * an ASan error). After each: every key the model holds is found with its
 * mappings and container, no other key is, every entry in the table is
 * reachable from its home slot, the count is right and the table is at most
 * three quarters full.
 */
#include "harness.h"
#include <string.h>

#include "servers/pager/share.c"

#define KEYS    96          /* model keys: frames 1..48, swap slots 0..47 */
#define SWAPPED 0x80000000u /* as pager.h: a swap slot, not a frame */

static uint32_t model_refs[KEYS], model_container[KEYS];

static uint32_t key_of(uint32_t i)
{
    return i < KEYS / 2 ? i + 1 : SWAPPED | (i - KEYS / 2);
}

static void check(const struct share_table *t)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < KEYS; i++) {
        const struct share_entry *e = share_find(t, key_of(i));
        FUZZ_REQUIRE(!e == !model_refs[i]);
        if (e) {
            n++;
            FUZZ_REQUIRE(e->key == key_of(i) && e->refs == model_refs[i] &&
                         e->container == model_container[i]);
        }
    }
    FUZZ_REQUIRE(t->count == n && t->count * 4 <= t->cap * 3);
    uint32_t used = 0;
    for (uint32_t s = 0; s < t->cap; s++)
        if (t->slot[s].key) {
            used++;
            FUZZ_REQUIRE(share_find(t, t->slot[s].key) == &t->slot[s]); /* reachable, once */
        }
    FUZZ_REQUIRE(used == n);
    FUZZ_REQUIRE(!share_find(t, 0) && !share_find(t, KEYS / 2 + 1));
}

/* Larger storage, as the pager's share_grow: twice the cap (16 at first), or more. */
static void grow(struct share_table *t, uint32_t times)
{
    uint32_t cap = t->cap ? t->cap << times : 16u << times;
    struct share_entry *old = t->slot;
    share_move(t, malloc(cap * sizeof(struct share_entry)), cap);
    free(old);
}

static void step(struct share_table *t, struct bytes *b)
{
    uint32_t op = take(b, 1), i = take(b, 1) % KEYS, c;
    int r;
    switch (op % 4) {
    case 0:
    case 1:
        c = take(b, 2);
        bool full = share_full(t);
        r = share_add(t, key_of(i), c);
        if (!model_refs[i] && full) {
            FUZZ_REQUIRE(r == E_NOMEM);
            if (op & 0x80)
                grow(t, op >> 5 & 1 ? 2 : 1);
            break;
        }
        if (!model_refs[i]) {
            model_refs[i] = 1; /* its one mapping before, counted now */
            model_container[i] = c;
        }
        FUZZ_REQUIRE(r == (int)++model_refs[i]);
        break;
    case 2:
        r = share_drop(t, key_of(i), &c);
        if (!model_refs[i]) {
            FUZZ_REQUIRE(r == E_NOENT);
            break;
        }
        FUZZ_REQUIRE(c == model_container[i]);
        FUZZ_REQUIRE(r == (int)--model_refs[i]); /* at 0 the entry goes */
        break;
    default:
        FUZZ_REQUIRE(share_add(t, 0, 1) == E_INVAL);
        if (share_full(t) || (op & 0x80 && t->cap < 1024)) /* a roomier table too */
            grow(t, 1);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct share_table t;
    struct bytes b = {data, size};
    share_init(&t);
    memset(model_refs, 0, sizeof(model_refs));
    while (b.n) {
        step(&t, &b);
        check(&t);
    }
    free(t.slot);
    return 0;
}
