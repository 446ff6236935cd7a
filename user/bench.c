/*
 * bench: costs measured with the TSC. Under QEMU with
 * -icount shift=0,align=off,sleep=off the TSC counts guest instructions, so
 * every figure is an instruction count that repeats exactly run to run.
 *   null syscall       getid, the baseline
 *   ipc round trip     call to a server thread that replies at once
 *   demand-zero fault  first touch of a heap page: kernel -> pager -> quota
 *                      -> kernel map -> resume
 *   sbrk               one sbrk(+4096) request to the pager
 *   spawn+exit+wait    spawn "bench exit" (which returns at once) and wait
 *                      for its end
 *   swap out           what a fault pays to write a page to the swap disk
 *                      to make room, and
 *   swap in            what it pays to read its page back from there,
 *                      both measured by "bench swap BASE" (swap_child)
 *   fork+exit+wait     fork a child that exits at once, and wait for it
 *   copy-on-write fault  a forked child's first write to a page it shares
 *                      with its parent: a copy into a frame of its own
 *   page clear         4 KiB cleared with rep stosl in this program, as the
 *                      kernel's frame_zero clears a frame: what the fault
 *                      figure holds for its zeroing
 * and the IPC round trip again with the trace on (make bench also runs a
 * kernel built without the trace, to compare the round trip with it off).
 * Run as "bench" (all), "bench echo PARENT" (the IPC partner), "bench exit"
 * (the spawned child) or "bench swap BASE" (the swapping child).
 */
#include "abi/trace.h"
#include "fmt.h"
#include "ulib.h"

#define IPC_ROUNDS     20000
#define SYSCALL_ROUNDS 20000
#define FAULT_PAGES    1024
#define SBRK_CALLS     1000
#define SPAWN_ROUNDS   100
#define SPAWN_QUOTA    64
#define SWAP_QUOTA     96 /* frames of the swapping child */
#define SWAP_OPS       64 /* faults it times in each of its three phases */
#define FORK_ROUNDS    100
#define FORK_QUOTA     64
#define COW_PAGES      256
#define CLEAR_ROUNDS   100 /* page clears timed: the zeroing a demand-zero fault pays */

static void report(const char *what, uint64_t total, uint32_t n, uint64_t base)
{
    uint64_t per = total / n;
    uint32_t ratio10 = base ? (uint32_t)(per * 10 / base) : 0;
    printf("bench: %-22s %8llu instructions per op (%u ops), %u.%ux the null syscall\n", what, per,
           n, ratio10 / 10, ratio10 % 10);
}

static uint64_t bench_syscall(void)
{
    uint64_t t0 = tsc();
    for (int i = 0; i < SYSCALL_ROUNDS; i++)
        sys_getid();
    return tsc() - t0;
}

/* A heap page cleared as frame_zero clears a frame (touched first: no fault is timed). */
static uint64_t bench_clear(void)
{
    uint32_t *page = sbrk(PAGE_SIZE);
    if (page == (uint32_t *)-1)
        return 0;
    page[0] = 1;
    uint64_t t0 = tsc();
    for (int i = 0; i < CLEAR_ROUNDS; i++) {
        uint32_t *p = page, n = PAGE_SIZE / 4;
        asm volatile("rep stosl" : "+D"(p), "+c"(n) : "a"(0) : "memory");
    }
    uint64_t t = tsc() - t0;
    sbrk(-PAGE_SIZE);
    return t;
}

static uint64_t bench_sbrk(void)
{
    uint64_t t0 = tsc();
    for (int i = 0; i < SBRK_CALLS; i++)
        sbrk(PAGE_SIZE);
    uint64_t t = tsc() - t0;
    sbrk(-(intptr_t)(SBRK_CALLS * PAGE_SIZE));
    return t;
}

/* A child that ends at once, spawned, or forked (the child's side exits here): its id. */
static int spawn_exiting(void)
{
    return spawn("bench", "exit", SPAWN_QUOTA);
}

static int fork_exiting(void)
{
    int task = fork_with(FORK_QUOTA);
    if (task == 0)
        exit(0);
    return task;
}

/* The time for rounds children started by start, each waited for, in *t; 0 or the error. */
static int bench_children(int (*start)(void), int rounds, uint64_t *t)
{
    uint64_t t0 = tsc();
    for (int i = 0; i < rounds; i++) {
        int task = start();
        if (task < 0)
            return task;
        int r = wait(task, 0, 0, 0);
        if (r != task)
            return r < 0 ? r : E_INVAL;
    }
    *t = tsc() - t0;
    return 0;
}

/* Instructions for faults on pages [first, first + SWAP_OPS) of p, each touched once. */
static uint64_t touch_pages(volatile char *p, uint32_t first)
{
    uint64_t t0 = tsc();
    for (uint32_t i = first; i < first + SWAP_OPS; i++)
        p[i * PAGE_SIZE] = 1;
    return tsc() - t0;
}

/*
 * The swapping child, under the clock policy with SWAP_QUOTA frames. It
 * times three kinds of fault: on new pages while the quota has room (zero
 * fill), on new pages once it is full (a page goes out to swap first), and
 * on pages that went out (one goes out, this one comes in). Clock keeps
 * the child's code and stack, which it touches all the time, in memory, so
 * only heap pages move. Swap out = the second less the first; swap in =
 * the third less the second.
 */
static int swap_child(uint64_t base)
{
    uint32_t full = 2 * SWAP_QUOTA; /* pages touched before the out phase: the quota is full */
    volatile char *p = sbrk((intptr_t)((full + SWAP_OPS) * PAGE_SIZE));
    if (p == (volatile char *)-1)
        return 1;
    uint64_t zero = touch_pages(p, 0);
    for (uint32_t i = SWAP_OPS; i < full; i++)
        p[i * PAGE_SIZE] = 1;
    uint64_t out = touch_pages(p, full);
    uint64_t in = touch_pages(p, 0); /* written out first, as the oldest */
    report("swap out", out - zero, SWAP_OPS, base);
    report("swap in", in - out, SWAP_OPS, base);
    return 0;
}

/* Run swap_child under the clock policy, then put the policy in force back. */
static int bench_swap(uint64_t base)
{
    char *old, args[32];
    int r = policy_get(0, &old);
    if (r < 0)
        return r;
    r = policy_set("clock");
    if (r == 0) {
        snformat(args, sizeof(args), "swap %llu", base);
        int task = spawn("bench", args, SWAP_QUOTA);
        int status = -1;
        r = task < 0 ? task : wait(task, &status, 0, 0);
        if (r >= 0 && status != 0)
            r = E_INVAL;
        int back = policy_set(old);
        r = r < 0 ? r : back;
    }
    free(old);
    return r < 0 ? r : 0;
}

/*
 * COW_PAGES heap pages written, then a child forked that writes each once
 * and reports the cost per page itself (its faults are the copies).
 */
static int bench_cow(uint64_t base)
{
    volatile char *p = sbrk(COW_PAGES * PAGE_SIZE);
    for (uint32_t i = 0; i < COW_PAGES; i++)
        p[i * PAGE_SIZE] = 1;
    int task = fork_with(COW_PAGES + FORK_QUOTA);
    if (task == 0) {
        uint64_t t0 = tsc();
        for (uint32_t i = 0; i < COW_PAGES; i++)
            p[i * PAGE_SIZE] = 2;
        report("copy-on-write fault", tsc() - t0, COW_PAGES, base);
        exit(0);
    }
    int status = -1, r = task < 0 ? task : wait(task, &status, 0, 0);
    sbrk(-(intptr_t)(COW_PAGES * PAGE_SIZE));
    return r < 0 ? r : status;
}

int main(const char *args)
{
    char word[16];
    const char *rest = first_arg(args, word, sizeof(word));
    if (!strcmp(word, "exit"))
        return 0;
    if (!strcmp(word, "echo"))
        return ping_serve((uint32_t)strtol_simple(rest, 0));
    if (!strcmp(word, "swap"))
        return swap_child((uint64_t)strtol_simple(rest, 0));
    uint64_t base = bench_syscall() / SYSCALL_ROUNDS;
    report("null syscall", base * SYSCALL_ROUNDS, SYSCALL_ROUNDS, base);
    report("ipc round trip", time_round_trips("bench", 64, IPC_ROUNDS), IPC_ROUNDS, base);
    if (sys_trace_ctl(TRACE_CTL_ON, 0) == 0) {
        report("ipc round trip, traced", time_round_trips("bench", 64, IPC_ROUNDS), IPC_ROUNDS,
               base);
        sys_trace_ctl(TRACE_CTL_OFF, 0);
        sys_trace_ctl(TRACE_CTL_CLEAR, 0);
    }
    report("demand-zero fault", time_faults(FAULT_PAGES), FAULT_PAGES, base);
    report("page clear", bench_clear(), CLEAR_ROUNDS, base);
    report("sbrk", bench_sbrk(), SBRK_CALLS, base);
    uint64_t spawned;
    int r = bench_children(spawn_exiting, SPAWN_ROUNDS, &spawned);
    if (r < 0) {
        printf("bench: spawn+exit+wait failed: %s\n", errtext(r));
        return 1;
    }
    report("spawn+exit+wait", spawned, SPAWN_ROUNDS, base);
    r = bench_swap(base);
    if (r < 0) {
        printf("bench: swap out/in failed: %s\n", errtext(r));
        return 1;
    }
    uint64_t forked;
    if ((r = bench_children(fork_exiting, FORK_ROUNDS, &forked)) < 0 ||
        (r = bench_cow(base)) != 0) {
        printf("bench: fork failed: %s\n", errtext(r));
        return 1;
    }
    report("fork+exit+wait", forked, FORK_ROUNDS, base);
    printf("bench: done\n");
    return 0;
}
