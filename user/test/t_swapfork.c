/*
 * Copy-on-write and shared pages under a replacement policy (cases.py boots
 * it under clock and fifo). A process with a small quota fills MAP_SHARED
 * pages and private ones (copy-on-write once it forks), forks, and its
 * child thrashes memory of its own, four times its quota, so that every
 * page the two share goes to swap. Then:
 *   - the parent reads them: each comes back from swap at its fault (it
 *     left the parent's memory too, not just the child's);
 *   - the child reads them: no swap-in at all, it maps the frames the
 *     parent's faults brought back;
 *   - the child writes both kinds: its copy-on-write pages become its own
 *     (the parent still reads its values), its MAP_SHARED writes are what
 *     the parent reads;
 * every value right on both sides; both end; every swap slot is free again
 * and the quota books balance.
 */
#include <sys/mman.h>

#include "fmt.h"
#include "tap.h"
#include "ulib.h"

#define WORDS        (PAGE_SIZE / 4)
#define SHARED       8  /* MAP_SHARED pages */
#define COW          8  /* private pages, copy-on-write after the fork */
#define PARENT_QUOTA 80 /* its pages, tables and the child's split */
#define CHILD_QUOTA  32
#define THRASH       (4 * CHILD_QUOTA) /* pages of the child's own */

static uint32_t cow[COW][WORDS];  /* bss */
static uint32_t (*shared)[WORDS]; /* SHARED pages of MAP_SHARED memory */

/* The value of word i of page n filled with tag. */
static uint32_t pattern(uint32_t tag, uint32_t n, uint32_t i)
{
    return tag << 24 ^ n << 12 ^ i * 2654435761u;
}

static void fill(uint32_t (*pages)[WORDS], uint32_t n, uint32_t tag)
{
    for (uint32_t p = 0; p < n; p++)
        for (uint32_t i = 0; i < WORDS; i++)
            pages[p][i] = pattern(tag, p, i);
}

/* Words of n pages that are not what fill(tag) wrote. */
static uint32_t wrong(uint32_t (*pages)[WORDS], uint32_t n, uint32_t tag)
{
    uint32_t bad = 0;
    for (uint32_t p = 0; p < n; p++)
        for (uint32_t i = 0; i < WORDS; i++)
            bad += pages[p][i] != pattern(tag, p, i);
    return bad;
}

static uint32_t swap_reads(void)
{
    struct swap_info si = {0, 0, 0, 0};
    swap_info(&si);
    return si.reads;
}

/* Write THRASH pages of fresh heap, then read them back: the words wrong. */
static uint32_t thrash(void)
{
    uint32_t(*mine)[WORDS] = sbrk(THRASH * PAGE_SIZE);
    if (mine == (void *)-1)
        return ~0u;
    fill(mine, THRASH, 'T');
    return wrong(mine, THRASH, 'T');
}

/* Tell the parent how a step went (words w) and wait for its go-ahead. */
static void tell(uint32_t parent, uint32_t a, uint32_t b, uint32_t c)
{
    msg_t m = {MSG_OK, {a, b, c, 0}};
    ipc_call(parent, &m);
}

static void child(uint32_t parent)
{
    tell(parent, thrash(), 0, 0);
    uint32_t reads = swap_reads();
    uint32_t bad = wrong(shared, SHARED, 'S') + wrong(cow, COW, 'C');
    reads = swap_reads() - reads;
    fill(cow, COW, 'c');
    fill(shared, SHARED, 's');
    tell(parent, bad, reads, wrong(cow, COW, 'c'));
    exit(0);
}

/* Wait for the child's word on its step, in m; sender: whom to answer. */
static void hear(msg_t *m, uint32_t *sender)
{
    if (ipc_recv(TID_ANY, m, sender) < 0)
        *m = (msg_t){0, {~0u, ~0u, ~0u, ~0u}};
}

static int work(void)
{
    tap_plan(7);
    shared = mmap(0, SHARED * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED)
        return 2;
    fill(shared, SHARED, 'S');
    fill(cow, COW, 'C');
    uint32_t me = sys_getid(), sender;
    int kid = fork_with(CHILD_QUOTA);
    if (kid == 0)
        child(me);
    msg_t m;
    hear(&m, &sender);
    tap_ok(kid > 0 && m.w[0] == 0, "the child wrote and read back %u pages of its own (%u wrong)",
           THRASH, m.w[0]);
    uint32_t reads = swap_reads();
    uint32_t bad = wrong(shared, SHARED, 'S') + wrong(cow, COW, 'C');
    reads = swap_reads() - reads;
    tap_ok(bad == 0, "the parent reads its shared and copy-on-write pages right (%u wrong)", bad);
    tap_ok(reads >= SHARED + COW,
           "they had left the parent's memory too: its reads swapped in %u pages (%u shared)",
           reads, SHARED + COW);
    ipc_send(sender, &m);
    hear(&m, &sender);
    tap_ok(m.w[0] == 0 && m.w[1] == 0,
           "the child reads them right (%u wrong) with no swap-in (%u): the same frames", m.w[0],
           m.w[1]);
    bad = wrong(cow, COW, 'C');
    tap_ok(bad == 0 && m.w[2] == 0,
           "copy-on-write after swap: the child's writes are its own (%u wrong here, %u there)",
           bad, m.w[2]);
    bad = wrong(shared, SHARED, 's');
    tap_ok(bad == 0, "MAP_SHARED after swap: the child's writes are the parent's (%u wrong)", bad);
    ipc_send(sender, &m);
    int status = -1;
    uint32_t reason = ~0u;
    wait(kid, &status, &reason, 0);
    tap_ok(status == 0 && reason == REASON_NONE, "the child ends cleanly (status %d, %s)", status,
           reason_str(reason));
    return tap_done();
}

int main(const char *args)
{
    char word[8];
    first_arg(args, word, sizeof(word));
    if (!strcmp(word, "work"))
        return work();
    struct swap_info before = {0, 0, 0, 0}, after = {0, 0, 0, 0};
    swap_info(&before);
    struct child_end end;
    child_run("t_swapfork", "work", PARENT_QUOTA, &end);
    swap_info(&after);
    tap_plan(3);
    tap_ok(end.status == 0 && end.reason == REASON_NONE, "the parent ends cleanly (status %d, %s)",
           end.status, reason_str(end.reason));
    tap_ok(after.used == before.used, "every swap slot is free again (%u in use, %u before)",
           after.used, before.used);
    tap_ok(quota_check() == -1, "the quota books balance");
    return tap_done();
}
