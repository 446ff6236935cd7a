/*
 * The shared-page table (share.h). Invariant: every entry is reachable by
 * probing linearly from its home slot without crossing an empty slot; the
 * table is never more than three quarters full, so a probe always ends.
 */
#include "share.h"

#include "abi/errno.h"
#include "str.h"

/* Home slot of a key: Fibonacci hashing over the table's size. */
static uint32_t share_home(const struct share_table *t, uint32_t key)
{
    return (key * 0x9E3779B1u) & (t->cap - 1);
}

void share_init(struct share_table *t)
{
    *t = (struct share_table){0, 0, 0};
}

/* Must the table get larger storage (share_move) before one more entry? */
bool share_full(const struct share_table *t)
{
    return (t->count + 1) * 4 > t->cap * 3;
}

/* Insert an entry whose key is not in the table; the table has room. */
static void share_place(struct share_table *t, const struct share_entry *e)
{
    uint32_t i = share_home(t, e->key);
    while (t->slot[i].key)
        i = (i + 1) & (t->cap - 1);
    t->slot[i] = *e;
    t->count++;
}

/*
 * Move every entry into slots (cap entries, a power of two, zeroed here),
 * which must hold them within three quarters; the old storage is the
 * caller's again.
 */
void share_move(struct share_table *t, struct share_entry *slots, uint32_t cap)
{
    struct share_table old = *t;
    memset(slots, 0, cap * sizeof(*slots));
    *t = (struct share_table){slots, cap, 0};
    for (uint32_t i = 0; i < old.cap; i++)
        if (old.slot[i].key)
            share_place(t, &old.slot[i]);
}

/* The slot of key, or -1. */
static int share_slot(const struct share_table *t, uint32_t key)
{
    if (!key || !t->cap)
        return -1;
    for (uint32_t i = share_home(t, key); t->slot[i].key; i = (i + 1) & (t->cap - 1))
        if (t->slot[i].key == key)
            return (int)i;
    return -1;
}

struct share_entry *share_find(const struct share_table *t, uint32_t key)
{
    int i = share_slot(t, key);
    return i < 0 ? 0 : &t->slot[i];
}

/*
 * key is mapped once more. The first time, its one existing mapping is
 * counted too (refs 2) and container is recorded as charged for it. The
 * number of mappings, or E_INVAL (key 0), E_NOMEM (share_full: grow first).
 */
int share_add(struct share_table *t, uint32_t key, uint32_t container)
{
    if (!key)
        return E_INVAL;
    struct share_entry *e = share_find(t, key);
    if (e)
        return (int)++e->refs;
    if (share_full(t))
        return E_NOMEM;
    share_place(t, &(struct share_entry){key, 2, container});
    return 2;
}

/* Empty slot hole, pulling back each later entry of the run whose home allows it. */
static void share_vacate(struct share_table *t, uint32_t hole)
{
    uint32_t mask = t->cap - 1;
    t->slot[hole].key = 0;
    for (uint32_t j = (hole + 1) & mask; t->slot[j].key; j = (j + 1) & mask) {
        uint32_t home = share_home(t, t->slot[j].key);
        if (((j - home) & mask) >= ((j - hole) & mask)) {
            t->slot[hole] = t->slot[j];
            t->slot[j].key = 0;
            hole = j;
        }
    }
    t->count--;
}

/*
 * One mapping of key fewer: the mappings left, or E_NOENT. At 0 the entry
 * goes and *container says who was charged: the frame goes back there.
 */
int share_drop(struct share_table *t, uint32_t key, uint32_t *container)
{
    int i = share_slot(t, key);
    if (i < 0)
        return E_NOENT;
    struct share_entry *e = &t->slot[i];
    *container = e->container;
    if (--e->refs > 0)
        return (int)e->refs;
    share_vacate(t, (uint32_t)i);
    return 0;
}

/*
 * What backs key's page changed (a frame written to a slot, a slot read
 * back into a frame): the entry is keyed by to from now on, with the same
 * mappings, container now charged. The mappings, or E_NOENT (no key),
 * E_INVAL (to is 0), E_EXIST (to has an entry of its own).
 */
int share_rekey(struct share_table *t, uint32_t key, uint32_t to, uint32_t container)
{
    int i = share_slot(t, key);
    if (i < 0)
        return E_NOENT;
    if (!to)
        return E_INVAL;
    if (share_slot(t, to) >= 0)
        return E_EXIST;
    uint32_t refs = t->slot[i].refs;
    share_vacate(t, (uint32_t)i);
    share_place(t, &(struct share_entry){to, refs, container});
    return (int)refs;
}
