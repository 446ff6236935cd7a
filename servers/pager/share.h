/*
 * The shared-page table: every page the pager has mapped more than once
 * (after fork, or into several processes) has one entry here, keyed by what
 * backs it, a frame number or a swap slot tagged SWAPPED (pager.h), saying
 * how many mappings it has and which container is charged for the frame.
 * A page's mappings mark it PM_SHARED in their pagemaps; the frame goes
 * back to the charged container only when its last mapping goes. Every
 * mapping of one entry is at the same address, in the processes fork
 * made from one another: that is how the fault engine finds them all to
 * swap the page out and back in once for all of them (share_rekey).
 *
 * An open-addressing hash table (linear probing, backward-shift deletion)
 * over storage the caller gives it: when share_full says so, the caller
 * hands share_move a larger array and gives the old one back. Plain data,
 * no IPC (test/unit/test_share.c).
 */
#ifndef PAGER_SHARE_H
#define PAGER_SHARE_H

#include <stdbool.h>
#include <stdint.h>

struct share_entry {
    uint32_t key;       /* a frame number or SWAPPED | slot; 0: empty slot */
    uint32_t refs;      /* mappings of it */
    uint32_t container; /* the container charged for the frame */
};

struct share_table {
    struct share_entry *slot; /* cap entries, given by the caller */
    uint32_t cap;             /* a power of two, or 0 before the first storage */
    uint32_t count;           /* entries in use */
};

void share_init(struct share_table *t);
bool share_full(const struct share_table *t);
void share_move(struct share_table *t, struct share_entry *slots, uint32_t cap);
int share_add(struct share_table *t, uint32_t key, uint32_t container);
struct share_entry *share_find(const struct share_table *t, uint32_t key);
int share_drop(struct share_table *t, uint32_t key, uint32_t *container);
int share_rekey(struct share_table *t, uint32_t key, uint32_t to, uint32_t container);

#endif
