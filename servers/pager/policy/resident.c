/*
 * The resident pages of one task, in mapping order, for the replacement
 * policies: a doubly linked list of nodes in one array that grows (node 0
 * is the list's head, the oldest mapping follows it), and a hash from page
 * address to node, so adding, finding and removing a page are O(1) however
 * many pages the task has.
 *
 * Invariants: the nodes on the list are exactly the count pages in `where`,
 * each naming its node; the other nodes above 0 are on the free list
 * (linked by next); hand is 0 or a node on the list.
 */
#include "policy.h"
#include "abi/errno.h"
#include "ulib.h"

struct where {
    uint32_t va, node;
};

void resident_init(struct resident *res)
{
    *res = (struct resident){0};
    hash_init(&res->where, sizeof(struct where));
}

void resident_clear(struct resident *res)
{
    free(res->node);
    hash_clear(&res->where);
    resident_init(res);
}

/* A free node, the array doubled first if none is left; 0 when memory is out. */
static uint32_t node_take(struct resident *res)
{
    if (!res->free) {
        uint32_t cap = res->cap ? 2 * res->cap : 16;
        struct resident_node *grown = realloc(res->node, cap * sizeof(*grown));
        if (!grown)
            return 0;
        if (!res->node)
            grown[0] = (struct resident_node){0, 0, 0}; /* the empty list's head */
        for (uint32_t i = res->cap ? res->cap : 1; i < cap; i++)
            grown[i].next = i + 1 < cap ? i + 1 : 0;
        res->free = res->cap ? res->cap : 1;
        res->node = grown;
        res->cap = cap;
    }
    uint32_t id = res->free;
    res->free = res->node[id].next;
    return id;
}

/* Note page va as the newest mapping: 0, E_INVAL (page 0), E_EXIST, or E_NOMEM. */
int resident_add(struct resident *res, uint32_t va)
{
    if (va == 0)
        return E_INVAL;
    struct where *w = hash_insert(&res->where, va);
    if (!w)
        return hash_find(&res->where, va) ? E_EXIST : E_NOMEM;
    uint32_t id = node_take(res);
    if (!id) {
        hash_remove(&res->where, va);
        return E_NOMEM;
    }
    w->node = id;
    struct resident_node *head = &res->node[0];
    res->node[id] = (struct resident_node){va, head->prev, 0};
    res->node[head->prev].next = id;
    head->prev = id;
    res->count++;
    return 0;
}

/* Take node id (on the list) off it; the hand moves on to the next page. */
void resident_remove_at(struct resident *res, uint32_t id)
{
    struct resident_node *n = &res->node[id];
    if (res->hand == id)
        res->hand = n->next;
    res->node[n->prev].next = n->next;
    res->node[n->next].prev = n->prev;
    hash_remove(&res->where, n->va);
    n->next = res->free;
    res->free = id;
    res->count--;
}

int resident_remove(struct resident *res, uint32_t va)
{
    const struct where *w = hash_find(&res->where, va);
    if (!w)
        return E_NOENT;
    resident_remove_at(res, w->node);
    return 0;
}

uint32_t resident_va(const struct resident *res, uint32_t id)
{
    return res->node[id].va;
}

/* The oldest page's node, or 0 when none is resident. */
uint32_t resident_oldest(const struct resident *res)
{
    return res->count ? res->node[0].next : 0;
}

/* The node after id in mapping order, the oldest again after the newest (a ring). */
uint32_t resident_after(const struct resident *res, uint32_t id)
{
    uint32_t next = res->node[id].next;
    return next ? next : res->node[0].next;
}
