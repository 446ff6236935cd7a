/*
 * Memory containers (mCertiKOS's MContainer layer): each has a quota of
 * frames, a usage (frames held plus the quotas of its children), a parent
 * and children. Container 0 is the root. A child of id is numbered
 * id * MAX_CHILDREN + 1 + slot.
 */
#ifndef QUOTA_CONTAINER_H
#define QUOTA_CONTAINER_H

#include <stdbool.h>
#include <stdint.h>
#include "abi/errno.h"

#define MAX_CHILDREN 8      /* children per container */
#define NUM_IDS      128    /* container ids 0..NUM_IDS-1 */
#define MAX_FRAMES   786432 /* 3 GiB of 4 KiB frames: the owner table's size */
#define OWNER_NONE   0xFF

struct SContainer {
    uint32_t quota;     /* frames it may use */
    uint32_t usage;     /* frames held + quotas given to children */
    uint32_t parent;    /* parent id (root: 0) */
    uint32_t nchildren; /* live children */
    uint32_t used;      /* 1 when the id is in use */
    uint32_t held;      /* frames it holds itself */
};

/* Supplied by the user of this module: the server's main, or a test. */
extern uint32_t quota_palloc(void);
extern int quota_pfree(uint32_t frame);

void container_init(uint32_t free_frames, uint32_t boot_frames);
uint32_t container_get_parent(uint32_t id);
uint32_t container_get_nchildren(uint32_t id);
uint32_t container_get_quota(uint32_t id);
uint32_t container_get_usage(uint32_t id);
uint32_t container_get_held(uint32_t id);
bool container_is_used(uint32_t id);
bool container_can_consume(uint32_t id, uint32_t n);
int container_split(uint32_t id, uint32_t quota);
uint32_t container_alloc(uint32_t id);
int container_free(uint32_t id, uint32_t frame);
int container_release(uint32_t id);
int container_check(void);
uint32_t container_total_held(void);
int container_owner(uint32_t frame);

#endif
