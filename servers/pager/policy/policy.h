/*
 * Pager policies. A policy is a struct of functions; the pager core calls
 * them at three moments and knows none of them by name:
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
#include "../hash.h"

/*
 * The resident pages of one task, oldest mapping first (resident.c): a
 * node per page, found by its address in O(1). A node id is a number
 * 1..cap-1; 0 names no node.
 */
struct resident_node {
    uint32_t va;
    uint32_t prev, next; /* node ids; node 0 is the list's head */
};

struct resident {
    struct resident_node *node; /* cap nodes, node 0 the head; NULL while empty */
    uint32_t cap, free;         /* free: the first unused node, 0 for none */
    uint32_t count;             /* pages resident */
    uint32_t hand;              /* clock's hand: a node, 0 for the oldest */
    struct hash where;          /* page address -> node */
};

void resident_init(struct resident *res);
void resident_clear(struct resident *res); /* forget every page, give the memory back */
int resident_add(struct resident *res, uint32_t va);
int resident_remove(struct resident *res, uint32_t va);
void resident_remove_at(struct resident *res, uint32_t id);
uint32_t resident_va(const struct resident *res, uint32_t id);
uint32_t resident_oldest(const struct resident *res);
uint32_t resident_after(const struct resident *res, uint32_t id);

struct map_policy {
    const char *name;
    /*
     * Pages to map for a fault at page, in a region ending at region_end,
     * when the task's container has quota_free frames left once the
     * faulting page is mapped: at least 1.
     */
    uint32_t (*fault_pages)(uint32_t page, uint32_t region_end, uint32_t quota_free, uint32_t arg);
    /* Map a region's pages as soon as it is created or grown? */
    bool (*map_on_grow)(void);
};

/* Reads and clears the accessed bit of a resident page: 1 if it was set. */
typedef int (*accessed_fn)(void *ctx, uint32_t va);

struct repl_policy {
    const char *name;
    /* The node in res of the page to evict, or -1 when there is none. */
    int (*victim)(struct resident *res, accessed_fn accessed, void *ctx);
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
