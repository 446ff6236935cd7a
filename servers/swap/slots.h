/*
 * The swap store's slot allocator: one bit per page-sized slot on the disk,
 * set while the slot holds a page the pager wrote out. Invariant:
 * slots_used() equals the number of set bits, all below slots_total().
 */
#ifndef SWAP_SLOTS_H
#define SWAP_SLOTS_H

#include <stdint.h>

#define SLOT_MAX 8192u /* slots the bitmap can track: 32 MiB of swap */

void slots_init(uint32_t n); /* n free slots (at most SLOT_MAX), none used */
int slots_alloc(void);       /* lowest free slot, or E_NOSPC */
int slots_free(uint32_t slot);
int slots_check(uint32_t slot); /* 0 if allocated; E_INVAL out of range; E_NOENT free */
uint32_t slots_used(void);
uint32_t slots_total(void);

#endif
