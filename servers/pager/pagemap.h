/*
 * Pagemap: which frame backs each mapped user page of one task. The pager
 * uses it to free every frame on exit, to unmap the pages a heap shrink or
 * vm_release gives up, and (through the flags byte) to keep replacement
 * policy state per page.
 *
 * An open-addressing hash table with linear probing and backward-shift
 * deletion: no tombstones, so a lookup stops at the first empty slot and
 * every key stays reachable from its home slot. Fixed size, no allocation.
 * Keys are page-aligned addresses; frame 0 is never stored (it marks an
 * empty slot and is the "not found" answer).
 */
#ifndef PAGER_PAGEMAP_H
#define PAGER_PAGEMAP_H

#include <stdbool.h>
#include <stdint.h>

#define PAGEMAP_BITS 13
#define PAGEMAP_CAP  (1u << PAGEMAP_BITS) /* entries; a power of two */

struct pagemap_slot {
    uint32_t vpn : 20;  /* virtual page number (vaddr >> 12) */
    uint32_t flags : 8; /* policy bits, 0 when set */
    uint32_t frame;     /* 0: empty slot */
};

struct pagemap {
    struct pagemap_slot slot[PAGEMAP_CAP];
    uint32_t count;
};

void pagemap_init(struct pagemap *pm);
int pagemap_set(struct pagemap *pm, uint32_t vaddr, uint32_t frame);
uint32_t pagemap_get(const struct pagemap *pm, uint32_t vaddr);
void pagemap_replace(struct pagemap *pm, uint32_t vaddr, uint32_t entry);
uint32_t pagemap_remove(struct pagemap *pm, uint32_t vaddr);
uint32_t pagemap_count(const struct pagemap *pm);
bool pagemap_next(const struct pagemap *pm, uint32_t *cursor, uint32_t *vaddr, uint32_t *frame);
int pagemap_flags_get(const struct pagemap *pm, uint32_t vaddr);
int pagemap_flags_set(struct pagemap *pm, uint32_t vaddr, uint8_t flags);

#endif
