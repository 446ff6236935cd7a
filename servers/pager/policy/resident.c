/*
 * The resident pages of one task, in mapping order, for the replacement
 * policies: a doubly linked ring through the pages' own pagemap entries
 * (pagemap.h), around a head in struct resident, so adding and removing a
 * page are a few stores and the list has no memory of its own to grow.
 *
 * Invariants: the nodes on the ring are exactly the count resident pages;
 * a node off the ring has NULL links; hand is NULL or a node on the ring.
 * A node stays where it is while on the ring (pagemap entries never move).
 */
#include "policy.h"

void resident_init(struct resident *res)
{
    *res = (struct resident){.count = 0};
    res->head.prev = res->head.next = &res->head;
}

/* Take node off the list (if it is on it); the hand moves on to the next page. */
void resident_remove(struct resident *res, struct pm_entry *node)
{
    if (!node->next)
        return;
    if (res->hand == node)
        res->hand = node->next == &res->head ? 0 : node->next;
    node->prev->next = node->next;
    node->next->prev = node->prev;
    node->prev = node->next = 0;
    res->count--;
}

uint32_t resident_va(const struct pm_entry *node)
{
    return pm_va(node);
}

/* The oldest page's node, or NULL when none is resident. */
struct pm_entry *resident_oldest(const struct resident *res)
{
    return res->count ? res->head.next : 0;
}

/* The node after node in mapping order, the oldest again after the newest (a ring). */
struct pm_entry *resident_after(const struct resident *res, const struct pm_entry *node)
{
    return node->next == &res->head ? res->head.next : node->next;
}
