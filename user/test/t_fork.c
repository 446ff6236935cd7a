/*
 * fork with copy-on-write: each side's writes after fork are invisible to
 * the other; the child's container grows by one frame per page written,
 * not per page mapped; a page written by neither stays shared, and its
 * frame stays until the last of them is gone (a parent that ends first
 * leaves it to its child); wait reads a forked child's status; a fork loop
 * ends at the quota and leaves the system usable; the quota books balance.
 * A copy holds every word of the page it copies (its frame comes unzeroed,
 * FRAME_UNZEROED); once the copies' frames are freed, full of the
 * children's data, fresh pages that take them read all zeros.
 */
#include <sys/mman.h>
#include "tap.h"
#include "ulib.h"

#define NPAGES  8 /* pages of data the parent has before it forks */
#define WRITTEN 3 /* of them, the child writes this many */

static volatile uint32_t pages[NPAGES][PAGE_SIZE / 4]; /* bss: copy-on-write after fork */
static volatile uint32_t word = 11;                    /* data */
static volatile uint32_t *written; /* MAP_SHARED: the parent has written its pages since fork */

#define COPIED 16 /* pages each child copies at a write and leaves dirty */
#define ROUNDS 4  /* children that do so, one after the other */
#define WORDS  (PAGE_SIZE / 4)
static volatile uint32_t (*copied)[WORDS]; /* COPIED private pages, written before the forks */

static uint32_t pattern(int page, uint32_t i)
{
    return 0x5EED0000u ^ ((uint32_t)page << 12) ^ i;
}

/*
 * The child's side: a write to word 0 of each page copies it; the rest of
 * the copy must read as the parent wrote it. Then the whole page is
 * overwritten, so that the frame goes back full of this child's data.
 */
static int child_copies(void)
{
    int bad = 0;
    for (int p = 0; p < COPIED; p++) {
        copied[p][0] = ~pattern(p, 0);
        for (uint32_t i = 1; i < WORDS; i++) {
            bad += copied[p][i] != pattern(p, i);
            copied[p][i] = ~pattern(p, i);
        }
    }
    return bad ? 1 : 0;
}

/* Words of n fresh anonymous pages that are not zero (-1: no pages). */
static int fresh_nonzero(int n)
{
    volatile uint32_t *fresh = mmap(0, (uint32_t)n * PAGE_SIZE, PROT_READ | PROT_WRITE,
                                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (fresh == MAP_FAILED)
        return -1;
    int nonzero = 0;
    for (uint32_t i = 0; i < (uint32_t)n * WORDS; i++)
        nonzero += fresh[i] != 0;
    munmap((void *)fresh, (uint32_t)n * PAGE_SIZE);
    return nonzero;
}

/* Touch every page, so that each has a frame before the fork. */
static void fill(uint32_t v)
{
    for (int i = 0; i < NPAGES; i++)
        pages[i][0] = v + (uint32_t)i;
}

static int filled_with(uint32_t v)
{
    for (int i = 0; i < NPAGES; i++)
        if (pages[i][0] != v + (uint32_t)i)
            return 0;
    return 1;
}

/* The child's side of the first test: it sees the parent's data, then writes its own. */
static int child_writes(void)
{
    for (int i = 0; i < 100000 && !*written; i++)
        sys_yield(); /* the parent writes meanwhile: this side must not see it */
    int ok = *written && word == 11 && filled_with(100);
    word = 22;
    fill(200);
    return ok && word == 22 && filled_with(200) ? 7 : 1;
}

/* Fork a child that exits with what fn returns; that status, or -1. */
static int fork_run(int (*fn)(void), uint32_t quota)
{
    int kid = fork_with(quota);
    if (kid == 0)
        exit(fn());
    int status = -1;
    if (kid < 0 || wait(kid, &status, 0, 0) != kid)
        return -1;
    return status;
}

/* The child's frames: WRITTEN pages written cost WRITTEN frames, not NPAGES. */
static int child_counts(void)
{
    int before = quota_usage(); /* its stack is its own by now (the call wrote it) */
    for (int i = 0; i < WRITTEN; i++)
        pages[i][1] = 5;
    int after = quota_usage();
    struct ps_entry e;
    int ok = ps_self(&e) && e.shared_pages >= NPAGES - WRITTEN;
    return ok && before >= 0 && before < NPAGES && after - before == WRITTEN ? 0
                                                                             : 100 + after - before;
}

static int block_forever(void)
{
    return ipc_recv(TID_ANY, &(msg_t){0, {0, 0, 0, 0}}, 0);
}

/*
 * Fork children of 6 frames each, blocked, until the quota refuses one; end them all and
 * return how many there were.
 */
static int fork_loop(void)
{
    int kids[32], n = 0, r;
    while (n < 32 && (r = fork_with(6)) > 0)
        kids[n++] = r;
    if (r == 0)
        exit(block_forever());
    for (int i = 0; i < n; i++) {
        kill(kids[i]);
        wait(kids[i], 0, 0, 0);
    }
    return r == E_QUOTA && n > 0 ? n : -1;
}

/*
 * Fork a child that blocks, and end at once: the pages both map stay
 * charged to this process's container until the child, ended with it, lets
 * them go too.
 */
static int parent_first(void)
{
    fill(100);
    int kid = fork_with(16);
    if (kid == 0)
        exit(block_forever());
    return kid > 0 ? 0 : 1;
}

int main(const char *args)
{
    char arg[16];
    first_arg(args, arg, sizeof(arg));
    if (!strcmp(arg, "loop"))
        return fork_loop();
    if (!strcmp(arg, "first"))
        return parent_first();
    tap_plan(12);
    written = mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (!tap_ok(written != MAP_FAILED, "a MAP_SHARED page to say when the parent has written"))
        return tap_done();
    *written = 0; /* its frame and page table: the parent's from here on */
    fill(100);
    int before = quota_usage();
    int kid = fork_with(32);
    if (kid == 0)
        exit(child_writes());
    word = 33; /* while the child runs: it must keep seeing 11 */
    fill(300);
    *written = 1;
    int status = -1, waited = kid > 0 ? wait(kid, &status, 0, 0) : kid;
    tap_ok(waited == kid && status == 7,
           "the child saw the data as it was at fork, and its own writes (status %d)", status);
    tap_ok(word == 33 && filled_with(300), "the parent sees its own writes, none of the child's");
    int now = quota_usage();
    tap_ok(now == before, "the parent's usage back to %d frames (now %d)", before, now);
    fill(100);
    status = fork_run(child_counts, 32);
    tap_ok(status == 0, "%d pages written of %d mapped cost the child %d frames (status %d)",
           WRITTEN, NPAGES, WRITTEN, status);
    struct ps_entry e;
    int found = ps_self(&e);
    tap_ok(found && e.shared_pages == 0 && e.cow_pages == 0 && e.private_pages >= NPAGES,
           "once the child is gone, every page is the parent's own again: %u private, %u shared",
           e.private_pages, e.shared_pages);
    struct child_end end;
    child_run("t_fork", "first", 64, &end);
    tap_ok(child_ended_clean(&end, REASON_NONE),
           "a parent that ends before its child, %d pages shared: everything back once both are "
           "gone (usage %d, was %d)",
           NPAGES, end.usage_after, end.usage_before);
    child_run("t_fork", "loop", 64, &end);
    /* Each fork costs the forker its child's quota, and the copy of a page it shares with the
     * child if it writes first (its stack): the quota ends it at a fork or at such a write. */
    int stopped = end.status > 0 || (end.status == -1 && end.reason == REASON_QUOTA);
    tap_ok(stopped && end.usage_after == end.usage_before,
           "a fork loop stops at the quota (status %d, reason %u) and gives everything back",
           end.status, end.reason);
    copied =
        mmap(0, COPIED * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int pg = 0; copied != MAP_FAILED && pg < COPIED; pg++)
        for (uint32_t i = 0; i < WORDS; i++)
            copied[pg][i] = pattern(pg, i);
    int bad = 0;
    for (int r = 0; r < ROUNDS; r++)
        bad += copied == MAP_FAILED || fork_run(child_copies, 32) != 0;
    tap_ok(bad == 0,
           "%d children copied %d pages each at a write: every word as this side wrote "
           "it (%d children saw otherwise)",
           ROUNDS, COPIED, bad);
    int nonzero = fresh_nonzero(ROUNDS * COPIED);
    tap_ok(nonzero == 0,
           "%d fresh pages, after the copies' frames went back dirty, read all zeros (%d words "
           "not)",
           ROUNDS * COPIED, nonzero);
    child_run("t_hello", "", 16, &end);
    tap_ok(child_ended_clean(&end, REASON_NONE), "the system is usable after it");
    tap_ok(quota_check() == -1, "the quota books balance");
    return tap_done();
}
