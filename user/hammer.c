/*
 * The concurrent hammer (docs/fuzz.md). "hammer WORKERS ITERS SEED" starts
 * WORKERS workers at once; each does ITERS random steps: grow its heap,
 * write and check the new pages, shrink it back; take a VM pool, write,
 * check and release it; start a child whose ending is known in advance
 * (t_hello exits 0, t_crash null/ud2/div0/kernel ends with that reason, a
 * smaller worker does steps of its own) and check the ending it reports,
 * sometimes waiting at once, sometimes later. Running out of process slots
 * (E_NOMEM), quota (E_QUOTA) or container ids (E_RANGE) is a clean answer; any other error, a wrong
 * status or reason, or bytes that changed is a failure. The top checks that
 * every worker ends in time (no hang), that the books balance and that its
 * container's usage is back where it started: every frame came back.
 */
#include "fmt.h"
#include "ulib.h"

#define WORKER_QUOTA 192          /* frames of each top-level worker */
#define CHILD_QUOTA  48           /* frames of the children a worker starts */
#define STEP_CYCLES  200000000ull /* TSC cycles a step may take, generously: no step hangs */
#define PAGE         4096u

static uint32_t rng;

static uint32_t rnd(void)
{
    return rand_next(&rng);
}

/* A child with the ending it must report. */
struct expect {
    int task;
    int status;
    uint32_t reason;
};

static const struct {
    const char *prog, *args;
    int status;
    uint32_t reason;
} endings[] = {
    {"t_hello", "hammer", 0, REASON_NONE},  {"t_crash", "exit", 0, REASON_NONE},
    {"t_crash", "null", -1, REASON_NULL},   {"t_crash", "ud2", -1, REASON_UD},
    {"t_crash", "div0", -1, REASON_DIVIDE}, {"t_crash", "kernel", -1, REASON_KADDR},
};
#define NENDINGS (sizeof(endings) / sizeof(endings[0]))

static int failures;

static void fail(const char *what, int got, int want)
{
    printf("hammer: task %u: %s: got %d, wanted %d\n", sys_gettask(), what, got, want);
    failures++;
}

/* Fill n pages at p with a pattern of tag, then check it is all there. */
static void touch(volatile uint32_t *p, uint32_t n, uint32_t tag)
{
    for (uint32_t i = 0; i < n * PAGE / 4; i += 97)
        p[i] = tag ^ i;
    for (uint32_t i = 0; i < n * PAGE / 4; i += 97)
        if (p[i] != (tag ^ i))
            fail("a word read back", (int)p[i], (int)(tag ^ i));
}

/* Refusals at a limit: process slots or kernel objects, quota, container ids (quota's table). */
static int clean_error(int r)
{
    return r == E_NOMEM || r == E_QUOTA || r == E_RANGE;
}

static void step_heap(void)
{
    uint32_t n = 1 + rnd() % 16;
    char *p = sbrk((intptr_t)(n * PAGE));
    if (p == (char *)-1) {
        if (!clean_error(sbrk_error))
            fail("sbrk grow", sbrk_error, E_QUOTA);
        return;
    }
    touch((volatile uint32_t *)p, n, rnd());
    if (sbrk(-(intptr_t)(n * PAGE)) == (void *)-1)
        fail("sbrk shrink", sbrk_error, 0);
}

static void step_pool(void)
{
    uint32_t n = 1 + rnd() % 16, addr;
    int r = vmpool_alloc(n, &addr);
    if (r < 0) {
        if (!clean_error(r))
            fail("vmpool_alloc", r, E_NOMEM);
        return;
    }
    touch((volatile uint32_t *)addr, n, rnd());
    r = vmpool_release(addr);
    if (r < 0)
        fail("vmpool_release", r, 0);
}

static void check_end(const struct expect *e)
{
    int status;
    uint32_t reason, addr;
    int r = wait(e->task, &status, &reason, &addr);
    if (r != e->task)
        fail("wait", r, e->task);
    else if (reason != e->reason) {
        printf("hammer: task %u: a child ended with '%s', wanted '%s'\n", sys_gettask(),
               reason_str(reason), reason_str(e->reason));
        failures++;
    } else if (reason == REASON_NONE && status != e->status)
        fail("exit status", status, e->status);
}

/* Start a child with a known ending; 1 when one was started. */
static int start_child(struct expect *e, uint32_t depth)
{
    char args[48];
    const char *prog = "hammer", *a = args;
    *e = (struct expect){0, 0, REASON_NONE};
    if (depth == 0 || rnd() % 3) {
        uint32_t k = rnd() % NENDINGS;
        prog = endings[k].prog;
        a = endings[k].args;
        e->status = endings[k].status;
        e->reason = endings[k].reason;
    } else {
        snformat(args, sizeof(args), "worker %u 6 %u", rnd(), depth - 1);
    }
    int t = spawn(prog, a, CHILD_QUOTA);
    if (t < 0 && !clean_error(t))
        fail("spawn", t, E_NOMEM);
    e->task = t;
    return t > 0;
}

static int worker(uint32_t seed, uint32_t iters, uint32_t depth)
{
    struct expect later = {0, 0, 0}, now;
    rng = seed * 2654435761u ^ 0xA5A5A5A5u;
    rng += !rng;
    for (uint32_t i = 0; i < iters; i++) {
        switch (rnd() % 4) {
        case 0:
            step_heap();
            break;
        case 1:
            step_pool();
            break;
        case 2:
            if (start_child(&now, depth))
                check_end(&now);
            break;
        default: /* one child left running while the steps go on */
            if (later.task > 0)
                check_end(&later);
            later.task = 0;
            start_child(&later, depth);
            break;
        }
    }
    if (later.task > 0)
        check_end(&later);
    return failures ? 1 : 0;
}

/* Wait for every worker before the deadline; returns how many did not end in time. */
static int reap(const int *task, uint32_t n, uint64_t deadline)
{
    int hangs = 0;
    for (uint32_t i = 0; i < n; i++) {
        int status, r;
        uint32_t reason, addr;
        while ((r = wait_nohang(task[i], &status, &reason, &addr)) == E_TIMEOUT &&
               sys_time() < deadline)
            sys_yield();
        if (r == E_TIMEOUT) {
            printf("hammer: worker task %d hangs\n", task[i]);
            kill(task[i]);
            wait(task[i], &status, &reason, &addr);
            hangs++;
        } else if (r != task[i] || reason != REASON_NONE || status != 0) {
            printf("hammer: worker task %d ended: %s, status %d\n", task[i], reason_str(reason),
                   status);
            failures++;
        }
    }
    return hangs;
}

/* Start n workers of iters steps; returns how many started. */
static uint32_t start_workers(int *task, uint32_t n, uint32_t iters, uint32_t seed)
{
    uint32_t started = 0;
    for (uint32_t i = 0; i < n; i++) {
        char args[48];
        snformat(args, sizeof(args), "worker %u %u 2", seed + i, iters);
        int t = spawn("hammer", args, WORKER_QUOTA);
        if (t > 0)
            task[started++] = t;
        else if (!clean_error(t))
            fail("spawn a worker", t, E_NOMEM);
    }
    return started;
}

static int top(uint32_t workers, uint32_t iters, uint32_t seed)
{
    struct quota_info before, after;
    int task[PAGE / sizeof(int)];
    if (workers == 0 || workers > sizeof(task) / sizeof(task[0]) || iters == 0) {
        printf("usage: hammer WORKERS ITERS SEED (WORKERS 1 to %u)\n",
               (unsigned)(sizeof(task) / sizeof(task[0])));
        return 2;
    }
    uint64_t deadline = sys_time() + (iters + 100) * STEP_CYCLES;
    /* one worker of one step first touches every page of the top's own that the run uses */
    reap(task, start_workers(task, 1, 1, seed), deadline);
    if (quota_self(&before) < 0)
        return 1;
    uint32_t started = start_workers(task, workers, iters, seed);
    int hangs = reap(task, started, deadline);
    int unbalanced = quota_check() != -1;
    int leaked = quota_self(&after) < 0 || after.usage != before.usage;
    printf("hammer: %u workers of %u steps, %d failures, %d hangs; books %s, frames %s\n", started,
           iters, failures, hangs, unbalanced ? "UNBALANCED" : "balance",
           leaked ? "LEAKED" : "all back");
    return failures || hangs || unbalanced || leaked || started == 0;
}

int main(const char *args)
{
    char w[16];
    args = next_word(next_word(args, w, sizeof(w)), w, sizeof(w));
    int is_worker = !strcmp(w, "worker");
    if (is_worker)
        args = next_word(args, w, sizeof(w));
    uint32_t a = (uint32_t)strtol_simple(w, 0);
    args = next_word(args, w, sizeof(w));
    uint32_t b = (uint32_t)strtol_simple(w, 0);
    next_word(args, w, sizeof(w));
    uint32_t c = (uint32_t)strtol_simple(w, 0);
    return is_worker ? worker(a, b, c) : top(a, b, c);
}
