/*
 * Pager policies. A policy is a struct of functions and a flag; the pager
 * core consults it at three moments and knows none of them by name:
 *   - on a fault: how many pages, from the faulting one upward, to map now
 *     (struct map_policy.fault_pages);
 *   - when a region is created or grown: map it all now or wait for faults
 *     (struct map_policy.map_on_grow);
 *   - when a task's container is full: which of its resident pages to evict
 *     to swap (struct repl_policy.victim). Without a replacement policy the
 *     task ends with "out of memory quota".
 * A mapping policy and a replacement policy combine: "prefetch:4+clock".
 * To add one, write a file here that defines a struct and list it in
 * policy.c; docs/policies.md walks through an example.
 */
#ifndef PAGER_POLICY_H
#define PAGER_POLICY_H

#include <stdbool.h>
#include <stdint.h>
#include "../pagemap.h"

/*
 * The resident pages of one task, oldest mapping first (resident.c): a
 * ring through their pagemap entries (struct pm_entry's prev and next,
 * "nodes" here) around head, so a page comes and goes in O(1) however
 * many the task has, and the list needs no memory of its own.
 */
struct resident {
    struct pm_entry head;  /* head.next: the oldest page, head.prev: the newest */
    uint32_t count;        /* pages resident */
    struct pm_entry *hand; /* clock's hand: a node, NULL for the oldest */
};

void resident_init(struct resident *res);

/* Note node's page as the newest mapping (node is off the list). Inline: every fault. */
static inline void resident_add(struct resident *res, struct pm_entry *node)
{
    struct pm_entry *newest = res->head.prev;
    node->prev = newest;
    node->next = &res->head;
    newest->next = node;
    res->head.prev = node;
    res->count++;
}

void resident_remove(struct resident *res, struct pm_entry *node);
uint32_t resident_va(const struct pm_entry *node);
struct pm_entry *resident_oldest(const struct resident *res);
struct pm_entry *resident_after(const struct resident *res, const struct pm_entry *node);

struct map_policy {
    const char *name;
    /*
     * Pages to map for a fault at page, in a region ending at region_end,
     * when the task's container has quota_free frames left once the
     * faulting page is mapped: at least 1. NULL: always 1 (no call on the
     * fault's path).
     */
    uint32_t (*fault_pages)(uint32_t page, uint32_t region_end, uint32_t quota_free, uint32_t arg);
    /* Map a region's pages as soon as it is created or grown? A flag: sbrk asks it every time. */
    bool map_on_grow;
};

/* Reads and clears the accessed bit of a resident page: 1 if it was set. */
typedef int (*accessed_fn)(void *ctx, uint32_t va);

struct repl_policy {
    const char *name;
    /* The node in res of the page to evict, or NULL when there is none. */
    struct pm_entry *(*victim)(struct resident *res, accessed_fn accessed, void *ctx);
};

struct policy {
    const struct map_policy *map;
    const struct repl_policy *repl; /* NULL: no replacement */
    uint32_t arg;                   /* prefetch:N gives N */
};

/* Parse "demand", "eager", "prefetch:N", "fifo", "clock" or "MAP+REPL". */
int policy_parse(const char *spec, struct policy *out);
/* Write the policy's name as policy_parse reads it. */
void policy_name(const struct policy *p, char *buf, uint32_t size);
/*
 * The i-th policy policy_parse knows, mapping policies first, as a person
 * names it ("prefetch:N"); E_RANGE past the last. Every list a user sees
 * (pagerctl, bpolicy) comes from here.
 */
int policy_known(uint32_t i, char *buf, uint32_t size);

extern const struct map_policy policy_demand, policy_eager, policy_prefetch;
extern const struct repl_policy policy_fifo, policy_clock;

#endif
