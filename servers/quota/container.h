/*
 * Memory containers (mCertiKOS's MContainer layer) as plain functions over
 * plain data: linked into the quota server and into test/unit/test_container.c.
 *
 * A container has a quota of frames and a usage: the frames it holds itself
 * plus the quotas it has given to its children. Container 0 is the root; the
 * child in slot k of container id is numbered id * MAX_CHILDREN + 1 + k, so
 * only ids below NUM_IDS / MAX_CHILDREN can have children. Frames come from
 * quota_palloc/quota_pfree, which the user of this module supplies. The
 * invariants ("the books balance") are listed above container_check.
 */
#ifndef QUOTA_CONTAINER_H
#define QUOTA_CONTAINER_H

#include <stdbool.h>
#include <stdint.h>
#include "abi/errno.h"

#define MAX_CHILDREN 8      /* children per container */
#define NUM_IDS      128    /* container ids are 0..NUM_IDS-1 */
#define MAX_FRAMES   786432 /* 3 GiB of 4 KiB frames: frame numbers must be below this */
#define OWNER_NONE   0xFF   /* owner of a frame no container holds */

_Static_assert(NUM_IDS <= OWNER_NONE, "a container id must fit the uint8_t owner table");

struct SContainer {
    uint32_t quota;     /* frames it may use */
    uint32_t usage;     /* held + the quotas given to its children; never above quota */
    uint32_t parent;    /* id of the parent (the root's is 0) */
    uint32_t nchildren; /* live children */
    uint32_t used;      /* 1 while the id is in use; a free id is all zeros */
    uint32_t held;      /* frames it holds itself (the root: boot frames included) */
};

/* Supplied by the user of this module (the server's main.c, or a test). */
extern uint32_t quota_palloc(void);     /* a zeroed frame number > 0, or 0 when none */
extern int quota_pfree(uint32_t frame); /* 0 or a negative abi_errno */

/* Reset every container; the root gets every free frame plus the boot frames it holds. */
void container_init(uint32_t free_frames, uint32_t boot_frames);

/* Getters: a field of container id; 0 (false) for a free or out-of-range id. */
uint32_t container_get_parent(uint32_t id);
uint32_t container_get_nchildren(uint32_t id);
uint32_t container_get_quota(uint32_t id);
uint32_t container_get_usage(uint32_t id);
uint32_t container_get_held(uint32_t id);
bool container_is_used(uint32_t id);

/* May container id take n more frames (quota - usage >= n)? */
bool container_can_consume(uint32_t id, uint32_t n);

/* A new child of id with the given quota, charged to id: its id, or E_NOENT, E_QUOTA, E_RANGE. */
int container_split(uint32_t id, uint32_t quota);

/* A frame charged to id, or 0 (quota exhausted, free id, no frame left). */
uint32_t container_alloc(uint32_t id);

/* Give back a frame id holds: 0, E_INVAL, E_PERM, or quota_pfree's error. */
int container_free(uint32_t id, uint32_t frame);

/* End container id, returning its quota to its parent: 0, E_INVAL or E_BUSY. */
int container_release(uint32_t id);

/* -1 when the books balance, else the first container id that does not add up. */
int container_check(void);

/* Frames held by all containers, boot frames included. */
uint32_t container_total_held(void);

/* The container that holds frame, or -1. */
int container_owner(uint32_t frame);

#endif
