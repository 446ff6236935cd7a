/*
 * Unit tests of the pager policies' decisions (servers/pager/policy/): the
 * name parser, prefetch stopping at a region's end and at the quota, FIFO
 * order, clock's second chance with accessed bits, the resident list.
 */
#include "unit.h"
#include <stdlib.h>

#include "abi/errno.h"
#include "abi/syscall.h"
#include "servers/pager/policy/policy.h"
#include "../../libipc/fmt.c" /* the policy files are linked in (Makefile: POLICY_SRCS) */

#define P(n)  (((n) + 1) * PAGE_SIZE) /* page 0 is never resident */
#define PAGES 100000                  /* the most pages a test makes resident */

static struct resident res;
static struct pm_entry *page; /* page[i]: the pagemap entry of page P(i) */

static void setup(void)
{
    page = calloc(PAGES, sizeof(*page));
    ck_assert_ptr_nonnull(page);
    for (uint32_t i = 0; i < PAGES; i++)
        page[i].page = P(i);
    resident_init(&res);
}

static void teardown(void)
{
    free(page);
}

/* Fake accessed bits: set per page, read and cleared as sys_query does. */
static uint8_t abit[64];
static uint32_t queries;

static int fake_accessed(void *ctx, uint32_t va)
{
    (void)ctx;
    queries++;
    int was = abit[va / PAGE_SIZE - 1];
    abit[va / PAGE_SIZE - 1] = 0;
    return was;
}

/* The node of the i-th oldest resident page. */
static struct pm_entry *node_of(uint32_t i)
{
    struct pm_entry *node = resident_oldest(&res);
    while (i--)
        node = resident_after(&res, node);
    return node;
}

/* Pages 0 .. n-1 resident, in that order; no accessed bits. */
static void fill(uint32_t n)
{
    resident_init(&res);
    memset(abit, 0, sizeof(abit));
    queries = 0;
    for (uint32_t i = 0; i < PAGES; i++)
        page[i].prev = page[i].next = 0;
    for (uint32_t i = 0; i < n; i++)
        resident_add(&res, &page[i]);
}

START_TEST(parse_names)
{
    struct policy p;
    char name[32];
    ck_assert_int_eq(policy_parse("demand", &p), 0);
    ck_assert_ptr_eq(p.map, &policy_demand);
    ck_assert_ptr_null(p.repl);
    ck_assert_int_eq(policy_parse("eager", &p), 0);
    ck_assert_ptr_eq(p.map, &policy_eager);
    ck_assert_int_eq(policy_parse("prefetch:8", &p), 0);
    ck_assert_ptr_eq(p.map, &policy_prefetch);
    ck_assert_uint_eq(p.arg, 8);
    ck_assert_int_eq(policy_parse("clock", &p), 0);
    ck_assert_ptr_eq(p.map, &policy_demand);
    ck_assert_ptr_eq(p.repl, &policy_clock);
    ck_assert_int_eq(policy_parse("prefetch:2+fifo", &p), 0);
    ck_assert_ptr_eq(p.repl, &policy_fifo);
    ck_assert_uint_eq(p.arg, 2);
    policy_name(&p, name, sizeof(name));
    ck_assert_str_eq(name, "prefetch:2+fifo");
    ck_assert_int_eq(policy_parse("fifo+eager", &p), 0);
    policy_name(&p, name, sizeof(name));
    ck_assert_str_eq(name, "eager+fifo");
}
END_TEST

/* The list pagerctl and bpolicy show: the built-in ones among them, each a name the parser takes.
 */
START_TEST(known_names)
{
    static const char *const builtin[] = {"demand", "eager", "prefetch:N", "fifo", "clock"};
    char name[32], spec[32];
    struct policy p;
    uint32_t i = 0, found = 0;
    for (; policy_known(i, name, sizeof(name)) == 0; i++) {
        for (uint32_t j = 0; j < sizeof(builtin) / sizeof(builtin[0]); j++)
            found += !strcmp(name, builtin[j]);
        size_t n = strlen(name);
        memcpy(spec, name, n + 1);
        if (n > 2 && !strcmp(name + n - 2, ":N"))
            spec[n - 1] = '4';
        ck_assert_int_eq(policy_parse(spec, &p), 0);
    }
    ck_assert_uint_eq(found, sizeof(builtin) / sizeof(builtin[0]));
    ck_assert_int_eq(policy_known(i, name, sizeof(name)), E_RANGE);
}
END_TEST

START_TEST(parse_errors)
{
    struct policy p = {&policy_eager, &policy_clock, 3}, before = p;
    ck_assert_int_eq(policy_parse("", &p), E_INVAL);
    ck_assert_int_eq(policy_parse("lru", &p), E_NOENT);
    ck_assert_int_eq(policy_parse("fifo+clock", &p), E_INVAL);
    ck_assert_int_eq(policy_parse("demand+eager", &p), E_INVAL);
    ck_assert_int_eq(policy_parse("prefetch:", &p), E_INVAL);
    ck_assert_int_eq(policy_parse("prefetch:x", &p), E_INVAL);
    ck_assert_int_eq(policy_parse("prefetch:65", &p), E_RANGE);
    ck_assert_int_eq(policy_parse("demand:3", &p), E_INVAL);
    ck_assert_int_eq(policy_parse("clock+", &p), E_INVAL);
    ck_assert_mem_eq(&p, &before, sizeof(p)); /* a refused name changes nothing */
}
END_TEST

START_TEST(demand_and_eager)
{
    ck_assert_ptr_null(policy_demand.fault_pages); /* the faulting page alone */
    ck_assert(!policy_demand.map_on_grow);
    ck_assert_ptr_null(policy_eager.fault_pages);
    ck_assert(policy_eager.map_on_grow);
    ck_assert(!policy_prefetch.map_on_grow);
}
END_TEST

START_TEST(prefetch_limits)
{
    /* plenty of room and quota: 1 + N */
    ck_assert_uint_eq(policy_prefetch.fault_pages(P(10), P(100), 50, 4), 5);
    /* the region ends two pages after the fault */
    ck_assert_uint_eq(policy_prefetch.fault_pages(P(10), P(13), 50, 4), 3);
    /* the faulting page is the region's last */
    ck_assert_uint_eq(policy_prefetch.fault_pages(P(12), P(13), 50, 4), 1);
    /* the quota allows two more pages */
    ck_assert_uint_eq(policy_prefetch.fault_pages(P(10), P(100), 2, 4), 3);
    /* no quota left: only the faulting page */
    ck_assert_uint_eq(policy_prefetch.fault_pages(P(10), P(100), 0, 4), 1);
    ck_assert_uint_eq(policy_prefetch.fault_pages(P(10), P(100), 50, 0), 1);
}
END_TEST

START_TEST(fifo_order)
{
    fill(5);
    for (uint32_t i = 0; i < 5; i++) {
        struct pm_entry *v = policy_fifo.victim(&res, fake_accessed, 0);
        ck_assert_ptr_eq(v, resident_oldest(&res));
        ck_assert_uint_eq(resident_va(v), P(i)); /* oldest mapping first */
        resident_remove(&res, v);
    }
    ck_assert_ptr_null(policy_fifo.victim(&res, fake_accessed, 0));
    ck_assert_uint_eq(queries, 0); /* FIFO never looks at accessed bits */
}
END_TEST

START_TEST(fifo_ignores_use)
{
    fill(3);
    abit[0] = 1;
    ck_assert_uint_eq(resident_va(policy_fifo.victim(&res, fake_accessed, 0)), P(0));
}
END_TEST

START_TEST(clock_second_chance)
{
    fill(4);
    abit[0] = abit[1] = 1; /* pages 0 and 1 were used since the hand passed */
    struct pm_entry *v = policy_clock.victim(&res, fake_accessed, 0);
    ck_assert_uint_eq(resident_va(v), P(2));
    ck_assert_uint_eq(abit[0], 0); /* their bits were cleared: the second chance is spent */
    ck_assert_uint_eq(abit[1], 0);
    resident_remove(&res, v);
    /* the hand stays where the victim was: page 3 is next, and it is not used */
    v = policy_clock.victim(&res, fake_accessed, 0);
    ck_assert_uint_eq(resident_va(v), P(3));
}
END_TEST

START_TEST(clock_all_used)
{
    fill(3);
    abit[0] = abit[1] = abit[2] = 1;
    struct pm_entry *v = policy_clock.victim(&res, fake_accessed, 0);
    ck_assert_uint_eq(resident_va(v), P(0)); /* one full turn clears every bit, then page 0 */
    ck_assert_uint_eq(queries, 4);
}
END_TEST

START_TEST(clock_wraps)
{
    fill(4);
    res.hand = node_of(3);
    abit[3] = 1;
    struct pm_entry *v = policy_clock.victim(&res, fake_accessed, 0);
    ck_assert_uint_eq(resident_va(v), P(0));
    fill(0);
    ck_assert_ptr_null(policy_clock.victim(&res, fake_accessed, 0));
}
END_TEST

START_TEST(resident_list)
{
    fill(4);
    res.hand = node_of(3);
    resident_remove(&res, &page[1]);
    ck_assert_uint_eq(res.count, 3);
    ck_assert_ptr_null(page[1].next); /* off the list */
    ck_assert_uint_eq(resident_va(node_of(1)), P(2));
    ck_assert_uint_eq(resident_va(res.hand), P(3)); /* the hand stays on page 3 */
    resident_remove(&res, &page[1]);                /* off the list already: nothing changes */
    ck_assert_uint_eq(res.count, 3);
    resident_add(&res, &page[1]); /* now the newest */
    ck_assert_uint_eq(resident_va(node_of(3)), P(1));
    ck_assert_ptr_eq(resident_after(&res, node_of(3)), node_of(0)); /* a ring */
    resident_remove(&res, res.hand); /* the hand moves on to the next page */
    ck_assert_uint_eq(resident_va(res.hand), P(1));
    resident_remove(&res, res.hand); /* the newest: the hand goes back to the oldest */
    ck_assert_ptr_null(res.hand);
    ck_assert_uint_eq(resident_va(resident_oldest(&res)), P(0));
}
END_TEST

/* 100,000 pages (the fixed list held 4,096), in order; removal from anywhere keeps the order. */
START_TEST(resident_many)
{
    fill(PAGES);
    for (uint32_t i = 0; i < PAGES; i += 2)
        resident_remove(&res, &page[i]);
    ck_assert_uint_eq(res.count, PAGES / 2);
    struct pm_entry *node = resident_oldest(&res);
    for (uint32_t i = 1; i < PAGES; i += 2, node = resident_after(&res, node))
        ck_assert_uint_eq(resident_va(node), P(i));
    ck_assert_ptr_eq(node, &page[1]); /* round the ring to the oldest */
    for (uint32_t i = 1; i < PAGES; i += 2)
        resident_remove(&res, &page[i]);
    ck_assert_uint_eq(res.count, 0);
    ck_assert_ptr_null(resident_oldest(&res));
}
END_TEST

UNIT_MAIN("policy",
          {"core", .setup = setup, .teardown = teardown,
           .tests = UNIT_TESTS(parse_names, known_names, parse_errors, demand_and_eager,
                               prefetch_limits, fifo_order, fifo_ignores_use, clock_second_chance,
                               clock_all_used, clock_wraps, resident_list, resident_many)})
