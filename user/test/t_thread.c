/*
 * A second thread of a task is paged like the first: its stack and heap
 * faults go to the pager, which finds the task through the kernel, and it
 * may make pager requests (sbrk) itself. A thread's kernel memory is a page
 * of its task's container: one an ended thread left is used again, so a
 * new thread costs nothing then. A task that makes threads until its
 * container is spent gets E_QUOTA (or E_NOMEM), the kernel's own pool does
 * not move, and every page comes back when it ends. A thread id carries
 * its slot's generation: once the thread has ended, its id names nothing,
 * even when a new thread has its slot.
 */
#include "tap.h"
#include "ulib.h"

#define PAGES 8
#define MANY  65536 /* more threads than a 64-frame container can pay for */

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

/* One stack for every sleeper: a sleeper never returns from its recv (it ends with the task). */
static uint32_t sleeper_stack[64], quick_stack[64];

/* Waits for a message that never comes: ended with the task. */
static void sleeper(void)
{
    msg_t m;
    ipc_recv(TID_ANY, &m, 0);
    sys_thread_exit();
}

static volatile int quick_runs;

static void quick(void)
{
    quick_runs++;
    sys_thread_exit();
}

/* One thread that ends at once: its id, after it has run (0 if it could not be made). */
static uint32_t quick_thread(void)
{
    int before = quick_runs;
    int tid = thread_create((uint32_t)quick, (uint32_t)&quick_stack[60], 0);
    for (int spins = 0; tid > 0 && quick_runs == before && spins < 100000; spins++)
        sys_yield();
    return tid > 0 && quick_runs != before ? (uint32_t)tid : 0;
}

/*
 * A thread ends; threads are made until one takes its slot: the new id must
 * differ, and the old one must name nothing (a send to it is refused, the
 * kernel knows no task for it).
 */
static int stale_tid_names_nothing(uint32_t *old_out, uint32_t *new_out)
{
    uint32_t old = quick_thread();
    *old_out = old;
    for (int tries = 0; old && tries < 4096; tries++) {
        for (int spins = 0; spins < 4; spins++)
            sys_yield(); /* the kernel frees an ended thread's slot once off its stack */
        uint32_t tid = quick_thread();
        if (!tid)
            return 0;
        if (ID_SLOT(tid) != ID_SLOT(old))
            continue;
        *new_out = tid;
        msg_t m = {MSG_PING, {0, 0, 0, 0}};
        return tid != old && ipc_send_nb(old, &m) == E_NOENT &&
               sys_kinfo(KINFO_THREAD_TASK, old) == E_NOENT && ipc_poll(old, &m, 0) == E_DEAD;
    }
    return 0;
}

/* Threads until the container is spent: an error code, not a panic. */
static int fill_thread_pool(int *made)
{
    int r = 0;
    sleeper_stack[0] = sleeper_stack[63] = 0; /* in now, whenever the sleepers first run */
    for (*made = 0; *made < MANY; (*made)++) {
        r = thread_create((uint32_t)sleeper, (uint32_t)&sleeper_stack[60], 0);
        if (r < 0)
            break;
    }
    return r;
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (!strcmp(word, "fill")) {
        int made, r = fill_thread_pool(&made);
        printf("# t_thread: %d threads made, then %s\n", made, errstr(r));
        return r == E_QUOTA || r == E_NOMEM ? made : -1;
    }
    tap_plan(8);
    stack[1023] = 0; /* the stack's top page is in before the thread runs */
    int tid = thread_create((uint32_t)worker, (uint32_t)&stack[1020], 0);
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
    for (int spins = 0; spins < 4; spins++)
        sys_yield(); /* the worker's page becomes a spare once the kernel is off its stack */
    uint32_t usage = qi.usage, again = quick_thread();
    r = quota_self(&qi);
    tap_ok(again && r == 0 && qi.usage == usage,
           "a new thread takes the page the worker left: usage %u, then %u", usage, qi.usage);
    int kpool = sys_kinfo(KINFO_KPOOL_FREE, 0);
    int task = spawn("t_thread", "fill", 64), first = -1, second = -1;
    wait(task, &first, 0, 0);
    int kpool_first = sys_kinfo(KINFO_KPOOL_FREE, 0);
    tap_ok(first > 0 && kpool_first == kpool,
           "a child makes %d threads until its 64 frames are spent; kernel pool %d, then %d", first,
           kpool, kpool_first);
    task = spawn("t_thread", "fill", 64);
    wait(task, &second, 0, 0);
    int kpool_second = sys_kinfo(KINFO_KPOOL_FREE, 0);
    tap_ok(second == first && kpool_second == kpool,
           "after it ended its frames are whole again: %d threads again, kernel pool %d", second,
           kpool_second);
    tap_ok(quota_check() == -1, "the books balance");
    uint32_t old = 0, reused = 0;
    int stale_ok = stale_tid_names_nothing(&old, &reused);
    tap_ok(stale_ok, "thread %u ended; thread %u has its slot, and the old id names nothing", old,
           reused);
    return tap_done();
}
