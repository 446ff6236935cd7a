/*
 * Id tables (see idtab.h). Invariant: a slot is either in use (obj != 0)
 * or on the free list exactly once; slot 0 is neither.
 */
#include "idtab.h"

#define GEN_MASK ((1u << (31 - ID_SLOT_BITS)) - 1) /* an id stays positive as an int */

struct idtab_slot idtab_none[IDTAB_PER_PAGE];

void idtab_init(struct idtab *t, void *(*page_alloc)(void))
{
    for (uint32_t i = 0; i < IDTAB_PAGES; i++)
        t->page[i] = idtab_none;
    t->nslots = 1; /* slot 0 names nothing */
    t->free_head = t->free_tail = 0;
    t->page_alloc = page_alloc;
}

static struct idtab_slot *slot_of(const struct idtab *t, uint32_t slot)
{
    return &t->page[slot / IDTAB_PER_PAGE][slot % IDTAB_PER_PAGE];
}

/* The oldest freed slot, else a new one (a new page of them when the last is full); 0 if none. */
static uint32_t slot_take(struct idtab *t)
{
    if (t->free_head) {
        uint32_t slot = t->free_head;
        t->free_head = slot_of(t, slot)->next_free;
        if (!t->free_head)
            t->free_tail = 0;
        return slot;
    }
    if (t->nslots == IDTAB_PAGES * IDTAB_PER_PAGE)
        return 0;
    uint32_t page = t->nslots / IDTAB_PER_PAGE;
    if (t->page[page] == idtab_none) {
        struct idtab_slot *made = t->page_alloc();
        if (!made)
            return 0;
        t->page[page] = made;
    }
    return t->nslots++;
}

uint32_t idtab_alloc(struct idtab *t, void *obj)
{
    uint32_t slot = slot_take(t);
    if (!slot)
        return 0;
    struct idtab_slot *s = slot_of(t, slot);
    s->obj = obj;
    s->next_free = 0;
    return s->gen << ID_SLOT_BITS | slot;
}

void idtab_free(struct idtab *t, uint32_t id)
{
    uint32_t slot = ID_SLOT(id);
    if (!idtab_get(t, id))
        return; /* not a live id: nothing to free, and the free list stays whole */
    struct idtab_slot *s = slot_of(t, slot);
    s->obj = 0;
    s->gen = (s->gen + 1) & GEN_MASK;
    if (t->free_tail)
        slot_of(t, t->free_tail)->next_free = slot;
    else
        t->free_head = slot;
    t->free_tail = slot;
}

void *idtab_at(const struct idtab *t, uint32_t slot)
{
    return slot > 0 && slot < t->nslots ? slot_of(t, slot)->obj : 0;
}
