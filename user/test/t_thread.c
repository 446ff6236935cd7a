/*
 * A second thread of a task is paged like the first: its stack and heap
 * faults go to the pager, which finds the task through the kernel, and it
 * may make pager requests (sbrk) itself.
 */
#include "tap.h"
#include "ulib.h"

#define PAGES 8

static uint32_t stack[1024];
static volatile int done;
static volatile char *area;

static void worker(void)
{
    char *p = sbrk(PAGES * PAGE_SIZE); /* a pager request from the second thread */
    for (uint32_t i = 0; p != (char *)-1 && i < PAGES * PAGE_SIZE; i += PAGE_SIZE)
        p[i] = (char)(i / PAGE_SIZE + 1); /* and faults on fresh heap pages */
    area = p;
    done = 1;
    sys_thread_exit();
}

int main(const char *args)
{
    (void)args;
    tap_plan(3);
    stack[1023] = 0; /* the stack's top page is in before the thread runs */
    int tid = sys_thread_create(0, (uint32_t)worker, (uint32_t)&stack[1020], 0);
    tap_ok(tid > 0, "a second thread, paged by the task's pager (thread %d)", tid);
    for (int spins = 0; !done && spins < 100000; spins++)
        sys_yield();
    int good = 0;
    for (uint32_t i = 0; done && area != (char *)-1 && i < PAGES; i++)
        good += area[i * PAGE_SIZE] == (char)(i + 1);
    tap_ok(done && good == PAGES, "its %d heap pages are seen by the first thread", good);
    struct quota_info qi;
    int r = quota_self(&qi);
    tap_ok(r == 0 && quota_check() == -1, "the task goes on and the books balance");
    return tap_done();
}
