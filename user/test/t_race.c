/*
 * Two threads of one task touch the same fresh pages at the same time. When
 * the second thread faults on a page the pager is still mapping for the
 * first, its FAULT finds the page already mapped: that is an OK, and both
 * threads go on (issue 11 item 1). A child does the racing, round after
 * round on a fresh VM pool, so that a wrong answer ends only the child and
 * the parent reads why.
 */
#include "tap.h"
#include "ulib.h"

#define PAGES  32
#define ROUNDS 200

static uint32_t stack[1024];
static volatile uint32_t base;
static volatile int started, finished; /* rounds the second thread has begun and finished */

/* Each thread writes its own byte of every page, in the same order. */
static void touch_all(uint32_t who)
{
    for (uint32_t i = 0; i < PAGES; i++)
        ((volatile char *)base)[i * PAGE_SIZE + who] = (char)(who + 1);
}

static void second_thread(void)
{
    for (int r = 1; r <= ROUNDS; r++) {
        while (started < r)
            sys_yield();
        touch_all(1);
        finished = r;
    }
    sys_thread_exit();
}

/* Returns the number of pages on which a thread's byte went missing. */
static int race(void)
{
    int bad = 0;
    stack[1023] = 0; /* the second thread's stack top is in before it runs */
    if (thread_create((uint32_t)second_thread, (uint32_t)&stack[1020], 0) < 0)
        return -1;
    for (int r = 1; r <= ROUNDS; r++) {
        uint32_t addr;
        if (vmpool_alloc(PAGES, &addr) < 0)
            return -1;
        base = addr;
        started = r;
        touch_all(0);
        while (finished < r)
            sys_yield();
        for (uint32_t i = 0; i < PAGES; i++)
            bad += ((char *)addr)[i * PAGE_SIZE] != 1 || ((char *)addr)[i * PAGE_SIZE + 1] != 2;
        vmpool_release(addr);
    }
    return bad;
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (!strcmp(word, "race"))
        return race();
    tap_plan(2);
    struct child_end end;
    child_run("t_race", "race", 256, &end);
    tap_ok(child_ended_clean(&end, REASON_NONE),
           "two threads faulting on the same %d pages, %d times: %s (status %d, at %08x)", PAGES,
           ROUNDS, reason_str(end.reason), end.status, end.addr);
    tap_ok(quota_check() == -1, "the books balance");
    return tap_done();
}
