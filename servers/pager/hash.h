/*
 * A hash table that grows and shrinks with what it holds, for the pager's
 * tables (pagemap.c: a page map's directory of leaves; proctab.c: task and
 * thread -> process).
 * Open addressing with linear probing and backward-shift deletion: no
 * tombstones, so a lookup stops at the first empty slot and every key stays
 * reachable from its home slot. A slot is `size` bytes that begin with its
 * key, a uint32_t; key 0 marks an empty slot and is never stored.
 *
 * The table is 0 or a power of two of slots, at most 3/4 full: an insert
 * that would pass that doubles it first, and a removal that leaves it under
 * 1/8 full halves it (never below HASH_MIN_CAP). Each costs O(count) and
 * happens after O(count) inserts or removals, so both are O(1) amortized.
 * The slots come from malloc (in the pager, its own heap: heap.c).
 */
#ifndef PAGER_HASH_H
#define PAGER_HASH_H

#include <stdint.h>

#define HASH_MIN_CAP 16u

struct hash {
    uint8_t *slot;
    uint32_t size;  /* bytes a slot, key included */
    uint32_t bits;  /* cap = 1 << bits, when slot != NULL */
    uint32_t count; /* keys held */
};

/* An empty table of slots of size bytes (no memory until the first insert). */
void hash_init(struct hash *h, uint32_t size);
/* Give the slots back; the table is empty again. */
void hash_clear(struct hash *h);
/* The slot of key, or NULL. */
void *hash_find(const struct hash *h, uint32_t key);
/* A new slot for key (absent, nonzero), zeroed but for the key; NULL when memory is out. */
void *hash_insert(struct hash *h, uint32_t key);
/* Forget key: 0, or E_NOENT. Moves other slots: pointers from hash_find are stale after it. */
int hash_remove(struct hash *h, uint32_t key);
/* Iterate: start with *cursor = 0; each call gives the next slot, NULL after the last. The
 * table must not change during an iteration. */
void *hash_next(const struct hash *h, uint32_t *cursor);

#endif
