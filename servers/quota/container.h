/*
 * Memory containers (mCertiKOS's MContainer layer) as plain functions over
 * plain data: linked into the quota server and into test/unit/test_container.c.
 *
 * A container has a quota of frames and a usage: the frames it holds itself
 * plus the quotas it has given to its children. Container 0 is the root. A
 * container id is a slot in a table that grows, and the slot's generation
 * (CONTAINER_SLOT_BITS and up), so a released id is never valid again. The
 * tables live in an arena of this task's address space: the module maps
 * frames into it as the tables grow and charges them to the root. Frames
 * come from quota_palloc/quota_pfree/quota_map, which the user of this
 * module supplies. The invariants ("the books balance") are listed above
 * container_check.
 */
#ifndef QUOTA_CONTAINER_H
#define QUOTA_CONTAINER_H

#include <stdbool.h>
#include <stdint.h>
#include "abi/errno.h"

#define CONTAINER_SLOT_BITS 20 /* slots 0 .. 2^20-1: more than there are frames to give */
#define CONTAINER_GEN_BITS  10 /* a slot is retired after 2^10 containers have used it */
#define CONTAINER_SLOT_MASK ((1u << CONTAINER_SLOT_BITS) - 1)
#define CONTAINER_GEN_MAX   ((1u << CONTAINER_GEN_BITS) - 1)
/* Above every id: QUOTA_CHECK's answer when the containers add up but the kernel disagrees. */
#define CONTAINER_CHECK_KERNEL (1u << (CONTAINER_SLOT_BITS + CONTAINER_GEN_BITS))

struct SContainer {
    uint32_t quota;     /* frames it may use */
    uint32_t usage;     /* held + the quotas given to its children; never above quota */
    uint32_t parent;    /* id of the parent (the root's is 0) */
    uint32_t nchildren; /* live children */
    uint32_t used;      /* 1 while the slot holds a container */
    uint32_t held;      /* frames it holds itself (the root: boot and table frames included) */
    uint32_t gen;       /* generation of the slot: the id's high bits */
    uint32_t next_free; /* next slot in the free list, while free */
    /* container_check's tallies, recomputed by every check */
    uint32_t seen_frames, seen_children;
    uint64_t seen_quota;
};

/* What the machine gives the module at start. */
struct container_boot {
    uint32_t free_frames; /* frames the kernel has free: the root's quota, with boot_frames */
    uint32_t boot_frames; /* frames the boot tasks already use, held by the root */
    uint32_t frames_end;  /* one past the highest frame number the kernel can hand out */
    void *arena;          /* page-aligned address range where the tables are mapped */
    uint32_t arena_size;  /* its size in bytes */
};

/*
 * Supplied by the user of this module (the server's main.c, or a test).
 * quota_palloc: a frame number > 0, or 0 when none; zeroed unless flags is
 * FRAME_UNZEROED (abi/syscall.h), which only container_alloc's caller asks
 * for (the tables' frames are always zeroed).
 */
extern uint32_t quota_palloc(uint32_t flags);
extern int quota_pfree(uint32_t frame);           /* 0 or a negative abi_errno */
extern int quota_map(void *page, uint32_t frame); /* map frame writable at page: 0 or abi_errno */

/*
 * Set up the tables in the arena and the root, once: the root gets every free
 * frame plus the boot frames, and holds the boot frames and the tables'
 * frames. 0, E_NOMEM (no frame for the tables) or E_RANGE (arena too small).
 */
int container_init(const struct container_boot *boot);

/* Getters: a field of container id; 0 (false) for an id that names no live container. */
uint32_t container_get_parent(uint32_t id);
uint32_t container_get_nchildren(uint32_t id);
uint32_t container_get_quota(uint32_t id);
uint32_t container_get_usage(uint32_t id);
uint32_t container_get_held(uint32_t id);
bool container_is_used(uint32_t id);

/* May container id take n more frames (quota - usage >= n)? */
bool container_can_consume(uint32_t id, uint32_t n);
/* The frames container id may still take under its quota (0 for no container in use). */
uint32_t container_room(uint32_t id);

/* A new child of id with the given quota, charged to id: its id, or E_NOENT, E_QUOTA,
 * E_NOMEM (no frame to grow the table) or E_RANGE (every slot in use). */
int container_split(uint32_t id, uint32_t quota);

/* A frame charged to id, or 0 (quota exhausted, no such id, no frame left). With left, also
 * the frames id may still take after it (QUOTA_ALLOC's answer, without a second lookup).
 * flags go to quota_palloc as they are. */
uint32_t container_alloc(uint32_t id, uint32_t flags, uint32_t *left);

/* Give back a frame id holds: 0, E_INVAL, E_PERM, or quota_pfree's error. */
int container_free(uint32_t id, uint32_t frame);

/* End container id, returning its quota to its parent: 0, E_INVAL or E_BUSY. */
int container_release(uint32_t id);

/* -1 when the books balance, else the first container id that does not add up. */
int container_check(void);

/* Frames held by all containers, boot and table frames included. */
uint32_t container_total_held(void);

/* The container that holds frame, or -1. */
int container_owner(uint32_t frame);

#endif
