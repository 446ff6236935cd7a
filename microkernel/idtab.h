/*
 * Id tables: the kernel's tasks and threads are named by ids that carry a
 * generation (ID_SLOT in abi/syscall.h), so a lookup is two array indexes
 * and a stale id names nothing. A table grows a page of slots at a time
 * (pages from the kernel pool, never given back: bounded by the most
 * objects ever live at once) up to the 2^ID_SLOT_BITS slots the id format
 * has; freed slots are reused oldest first, so an id comes back as late as
 * it can. Slot 0 is never used: id 0 names nothing. A page not made yet is
 * idtab_none, a page of empty slots shared by every table and never
 * written, so a lookup needs no bound: any id's slot is in some page.
 */
#ifndef KERNEL_IDTAB_H
#define KERNEL_IDTAB_H

#include <stdint.h>
#include "abi/syscall.h"

#define IDTAB_PER_PAGE 256u /* slots in a page: 16 bytes each */
#define IDTAB_PAGES    ((1u << ID_SLOT_BITS) / IDTAB_PER_PAGE)

struct idtab_slot {
    void *obj;          /* the live object, or 0 */
    uint32_t gen;       /* the generation of its id (of the next object, while free) */
    uint32_t next_free; /* while free: the next slot of the free list (0: none) */
    uint32_t pad;
};

struct idtab {
    struct idtab_slot *page[IDTAB_PAGES]; /* idtab_none where not made yet */
    uint32_t nslots;                      /* slots ever made, slot 0 included */
    uint32_t free_head, free_tail;        /* freed slots, oldest first (0: none) */
    void *(*page_alloc)(void);            /* a zeroed page, or 0 */
};

extern struct idtab_slot idtab_none[IDTAB_PER_PAGE];

/* The object id names, or 0 (inline: every IPC looks a thread up). */
static inline void *idtab_get(const struct idtab *t, uint32_t id)
{
    uint32_t slot = ID_SLOT(id);
    const struct idtab_slot *s = &t->page[slot / IDTAB_PER_PAGE][slot % IDTAB_PER_PAGE];
    return s->obj && (s->gen << ID_SLOT_BITS | slot) == id ? s->obj : 0;
}

/* An empty table whose pages come from page_alloc. */
void idtab_init(struct idtab *t, void *(*page_alloc)(void));
/* A slot for obj: its id, or 0 when there is no page to grow into or no slot left. */
uint32_t idtab_alloc(struct idtab *t, void *obj);
/* The slot of id is free again; its next id has the next generation. */
void idtab_free(struct idtab *t, uint32_t id);
/* The object in slot (1 .. nslots-1), or 0: for walks over every object. */
void *idtab_at(const struct idtab *t, uint32_t slot);

#endif
