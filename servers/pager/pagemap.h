/*
 * Pagemap: which frame backs each mapped user page of one task. The pager
 * uses it to free every frame on exit, to unmap the pages a heap shrink or
 * vm_release gives up, and (through the flags byte) to keep replacement
 * policy state per page.
 *
 * A hash table keyed by page number (hash.h) that grows and shrinks with
 * the pages: no limit but the pager's memory, O(1) per operation. Keys are
 * page-aligned addresses; frame 0 is never stored (it is the "not found"
 * answer).
 */
#ifndef PAGER_PAGEMAP_H
#define PAGER_PAGEMAP_H

#include <stdbool.h>
#include <stdint.h>
#include "hash.h"

struct pagemap {
    struct hash h; /* struct pagemap_slot, keyed by virtual page number */
};

void pagemap_init(struct pagemap *pm);
void pagemap_clear(struct pagemap *pm);
int pagemap_set(struct pagemap *pm, uint32_t vaddr, uint32_t frame);
uint32_t pagemap_get(const struct pagemap *pm, uint32_t vaddr);
void pagemap_replace(struct pagemap *pm, uint32_t vaddr, uint32_t entry);
uint32_t pagemap_remove(struct pagemap *pm, uint32_t vaddr);
uint32_t pagemap_count(const struct pagemap *pm);
bool pagemap_next(const struct pagemap *pm, uint32_t *cursor, uint32_t *vaddr, uint32_t *frame);
int pagemap_flags_get(const struct pagemap *pm, uint32_t vaddr);
int pagemap_flags_set(struct pagemap *pm, uint32_t vaddr, uint8_t flags);

#endif
