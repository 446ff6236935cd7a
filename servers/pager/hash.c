/*
 * The pager's growing hash table (see hash.h).
 *
 * Invariants: every stored key is reachable by probing linearly from its home
 * slot without crossing an empty slot; hash_vacate keeps it on deletion by
 * shifting later keys of the probe run back into the hole. An empty slot is
 * zero throughout, so an insert (on the fault path) finds its slot cleared.
 */
#include "hash.h"

#include "abi/errno.h"
#include "str.h"
#include "ulib.h"

static uint32_t hash_cap(const struct hash *h)
{
    return h->slot ? 1u << h->bits : 0;
}

static uint32_t *key_at(const struct hash *h, uint32_t i)
{
    return (uint32_t *)(void *)(h->slot + (size_t)i * h->size);
}

/* Home slot of a key: Fibonacci hashing spreads neighbouring keys apart. */
static uint32_t hash_home(const struct hash *h, uint32_t key)
{
    return (key * 0x9E3779B1u) >> (32 - h->bits);
}

/*
 * The slot holding key or, if none does, the empty slot that ends key's
 * probe run (where it would go). The table has slots and is never full, so
 * the probe meets one or the other. Steps in bytes: no multiply a probe.
 */
static uint32_t *hash_probe(const struct hash *h, uint32_t key)
{
    uint32_t size = h->size, end = size << h->bits, at = hash_home(h, key) * size;
    for (;;) {
        uint32_t *k = (uint32_t *)(void *)(h->slot + at);
        if (*k == key || *k == 0)
            return k;
        at += size;
        if (at == end)
            at = 0;
    }
}

/* Empty slots are zero throughout: an insert finds its slot cleared already. */
static void slot_clear(const struct hash *h, uint32_t *k)
{
    memset(k, 0, h->size);
}

void hash_init(struct hash *h, uint32_t size)
{
    *h = (struct hash){0, size, 0, 0};
}

void hash_clear(struct hash *h)
{
    free(h->slot);
    hash_init(h, h->size);
}

void *hash_find(const struct hash *h, uint32_t key)
{
    if (!h->slot || key == 0)
        return 0;
    uint32_t *k = hash_probe(h, key);
    return *k ? k : 0;
}

/* Move every key into a table of 1 << bits slots: 0, or E_NOMEM and nothing changed. */
static int hash_resize(struct hash *h, uint32_t bits)
{
    struct hash next = {0, h->size, bits, h->count};
    next.slot = malloc((size_t)h->size << bits);
    if (!next.slot)
        return E_NOMEM;
    memset(next.slot, 0, (size_t)h->size << bits);
    for (uint32_t i = 0; i < hash_cap(h); i++) {
        uint32_t *k = key_at(h, i);
        if (*k)
            memcpy(hash_probe(&next, *k), k, h->size);
    }
    free(h->slot);
    *h = next;
    return 0;
}

void *hash_insert(struct hash *h, uint32_t key)
{
    if (key == 0)
        return 0;
    if (!h->slot && hash_resize(h, 4) < 0) /* 4 bits: HASH_MIN_CAP slots */
        return 0;
    uint32_t *k = hash_probe(h, key);
    if (*k)
        return 0; /* there already */
    if ((h->count + 1) * 4 > hash_cap(h) * 3) {
        if (hash_resize(h, h->bits + 1) < 0)
            return 0;
        k = hash_probe(h, key);
    }
    *k = key;
    h->count++;
    return k;
}

/* Empty slot hole, pulling back each later key of the run whose home allows it. */
static void hash_vacate(struct hash *h, uint32_t hole)
{
    uint32_t mask = hash_cap(h) - 1, j = hole;
    slot_clear(h, key_at(h, hole));
    for (;;) {
        j = (j + 1) & mask;
        uint32_t *k = key_at(h, j);
        if (*k == 0)
            return;
        uint32_t home = hash_home(h, *k);
        /* The key may fill the hole if the hole lies on its probe path [home, j). */
        if (((j - home) & mask) >= ((j - hole) & mask)) {
            memcpy(key_at(h, hole), k, h->size);
            slot_clear(h, k);
            hole = j;
        }
    }
}

int hash_remove(struct hash *h, uint32_t key)
{
    uint32_t *k = hash_find(h, key);
    if (!k)
        return E_NOENT;
    hash_vacate(h, (uint32_t)((uint8_t *)k - h->slot) / h->size);
    h->count--;
    if (h->count == 0)
        hash_clear(h);
    else if (hash_cap(h) > HASH_MIN_CAP && h->count * 8 < hash_cap(h))
        hash_resize(h, h->bits - 1); /* no memory for the smaller table: keep this one */
    return 0;
}

void *hash_next(const struct hash *h, uint32_t *cursor)
{
    for (uint32_t i = *cursor; i < hash_cap(h); i++) {
        if (*key_at(h, i)) {
            *cursor = i + 1;
            return key_at(h, i);
        }
    }
    *cursor = hash_cap(h);
    return 0;
}
