/*
 * bscale: how costs grow with the size of the system (issue 10), for make
 * bench-scale, which starts it at the shell of a 1 GiB machine under
 * qemu -icount (the TSC counts guest instructions). Each figure is a line
 * "bscale: FIGURE SIZE VALUE"; test/bench_scale.py sets each beside the
 * same figure at its smallest size and against the target:
 *   chain-depth       nested spawns (each level spawns the next), of 32
 *   live-processes    children alive at once, of 1,000
 *   pools             one-page VM pools in this process, of 10,000
 *   mapped-90%        frames this process holds, of the 90% of the frames
 *                     nobody else held that it set out to touch (SIZE)
 *   fault             a demand-zero fault, with 1 process / N processes
 *                     alive, 1 region / N pools, and with 90% of the
 *                     machine's free frames mapped
 *   spawn             spawn+exit+wait of a small program, with N processes
 *                     alive (make bench-initrd: with more files in the initrd)
 *   ipc               an IPC round trip, with N tasks alive
 *   free-sbrk, free-pool, free-exit
 *                     giving back n touched pages, per page, for n from
 *                     1 MiB to 512 MiB: sbrk shrinking the heap, a VM pool
 *                     released, a child holding them killed and waited for
 * A cost of 0 could not be measured (its partner or child could not start).
 * Run as "bscale" (all), "bscale chain N", "bscale sleep", "bscale echo
 * PARENT", "bscale hold PAGES PARENT" or "bscale exit" (the children).
 */
#include "fmt.h"
#include "ulib.h"

#define CHAIN_DEPTH  32
#define LIVE_TARGET  1000
#define POOL_TARGET  10000
#define SLEEP_QUOTA  24  /* frames of a sleeping child: image, stack, directory, a table */
#define FAULT_PAGES  256 /* faults timed for each fault figure */
#define IPC_ROUNDS   2000
#define SPAWN_ROUNDS 20
#define FREE_MAX_MIB 512

static void figure(const char *name, const char *size, uint64_t value)
{
    printf("bscale: %s %s %llu\n", name, size, value);
}

static void fault_figure(const char *size)
{
    figure("fault", size, time_faults(FAULT_PAGES) / FAULT_PAGES);
}

/* Instructions per spawn+exit+wait of program ("exit" as its argument makes it return). */
static uint64_t spawn_cost(const char *program)
{
    uint64_t t0 = tsc();
    for (int i = 0; i < SPAWN_ROUNDS; i++) {
        int task = spawn(program, "exit", SLEEP_QUOTA);
        if (task < 0 || wait(task, 0, 0, 0) != task)
            return 0;
    }
    return (tsc() - t0) / SPAWN_ROUNDS;
}

/* The costs that may grow with the number of processes: a fault, a round trip, a spawn. */
static void process_figures(const char *size)
{
    fault_figure(size);
    figure("ipc", size, time_round_trips("bscale", SLEEP_QUOTA, IPC_ROUNDS) / IPC_ROUNDS);
    figure("spawn", size, spawn_cost("bscale"));
}

/* A level of the chain: start the next with all but 16 frames of this one; the depth reached. */
static int chain(int left)
{
    if (left <= 1)
        return 1;
    char args[16];
    snformat(args, sizeof(args), "chain %d", left - 1);
    int task = spawn("bscale", args, quota_spare(16));
    int status = 0;
    uint32_t reason = 1;
    if (task < 0 || wait(task, &status, &reason, 0) != task || reason)
        return 1;
    return 1 + status;
}

static void bench_chain(void)
{
    char args[16];
    snformat(args, sizeof(args), "chain %d", CHAIN_DEPTH);
    int task = spawn("bscale", args, quota_spare(64));
    int status = 0;
    if (task < 0 || wait(task, &status, 0, 0) != task)
        status = 0;
    figure("chain-depth", "32", (uint64_t)status);
}

/* Costs with as many sleeping children as can be had, up to LIVE_TARGET. */
static void bench_live(void)
{
    static int kids[LIVE_TARGET];
    uint32_t n = 0;
    while (n < LIVE_TARGET) {
        int task = spawn("bscale", "sleep", SLEEP_QUOTA);
        if (task < 0) {
            printf("bscale: child %u could not start: %s\n", n + 1, errtext(task));
            break;
        }
        kids[n++] = task;
    }
    figure("live-processes", "1000", n);
    for (uint32_t room = 0; n < LIVE_TARGET && n > 0 && room < 2; room++) {
        n--; /* a limit was reached: room for the IPC partner and the spawned child */
        kill(kids[n]);
        wait(kids[n], 0, 0, 0);
    }
    char size[16];
    snformat(size, sizeof(size), "%u", n + 1);
    process_figures(size);
    for (uint32_t i = 0; i < n; i++) {
        kill(kids[i]);
        wait(kids[i], 0, 0, 0);
    }
}

/* The fault cost with as many one-page pools as can be had, up to POOL_TARGET. */
static void bench_pools(void)
{
    static uint32_t addr[POOL_TARGET];
    uint32_t n = 0;
    while (n < POOL_TARGET && vmpool_alloc(1, &addr[n]) == 0)
        n++;
    char size[16];
    snformat(size, sizeof(size), "%u-pools", n);
    figure("pools", "10000", n);
    fault_figure(size);
    for (uint32_t i = 0; i < n; i++)
        vmpool_release(addr[i]);
}

/* Touch 90% of the frames nobody else holds, then time faults beyond them. */
static void bench_most_memory(void)
{
    uint32_t mine = (uint32_t)quota_usage(), machine = (uint32_t)sys_kinfo(KINFO_FRAMES_FREE, 0);
    uint32_t want = (uint64_t)(machine + mine) * 9 / 10;
    uint32_t pages = want > mine ? want - mine : 0;
    volatile char *p = sbrk((intptr_t)pages * PAGE_SIZE);
    if (p == (volatile char *)-1) {
        figure("mapped-90%", "0", 0);
        return;
    }
    for (uint32_t i = 0; i < pages; i++)
        p[i * PAGE_SIZE] = 1;
    char size[16];
    snformat(size, sizeof(size), "%u", want);
    figure("mapped-90%", size, (uint64_t)quota_usage());
    fault_figure("mapped-90%");
    sbrk(-(intptr_t)pages * PAGE_SIZE);
}

/* n touched pages, from 1 MiB to FREE_MAX_MIB, given back in one step; instructions a page. */
typedef uint64_t (*free_fn)(uint32_t pages);

/* sbrk shrinking the heap by PAGES touched pages. */
static uint64_t free_sbrk(uint32_t pages)
{
    volatile char *p = sbrk((intptr_t)pages * PAGE_SIZE);
    if (p == (volatile char *)-1)
        return 0;
    for (uint32_t i = 0; i < pages; i++)
        p[i * PAGE_SIZE] = 1;
    uint64_t t0 = tsc();
    sbrk(-(intptr_t)pages * PAGE_SIZE);
    return tsc() - t0;
}

/* The release of a VM pool of PAGES touched pages. */
static uint64_t free_pool(uint32_t pages)
{
    uint32_t addr;
    if (vmpool_alloc(pages, &addr))
        return 0;
    volatile char *p = (volatile char *)addr;
    for (uint32_t i = 0; i < pages; i++)
        p[i * PAGE_SIZE] = 1;
    uint64_t t0 = tsc();
    vmpool_release(addr);
    return tsc() - t0;
}

/* kill + wait of a child that touched PAGES heap pages. */
static uint64_t free_exit(uint32_t pages)
{
    char args[16];
    snformat(args, sizeof(args), "hold %u", pages);
    uint32_t child;
    int task = spawn_partner("bscale", args, pages + pages / 1024 + SLEEP_QUOTA, &child);
    if (task < 0)
        return 0;
    uint64_t t0 = tsc();
    kill(task);
    wait(task, 0, 0, 0);
    return tsc() - t0;
}

static void bench_free(const char *name, free_fn give_back)
{
    for (uint32_t mib = 1; mib <= FREE_MAX_MIB; mib *= 2) {
        uint32_t pages = mib * 256;
        char size[16];
        snformat(size, sizeof(size), "%uMiB", mib);
        figure(name, size, give_back(pages) / pages);
    }
}

/* Wait, taking no time, until killed: nobody sends. */
__attribute__((noreturn)) static void sleep_forever(void)
{
    msg_t m;
    uint32_t from;
    for (;;)
        ipc_recv(TID_ANY, &m, &from);
}

/* The child of free_exit: touch PAGES heap pages, tell PARENT, sleep. */
static int hold(const char *args)
{
    const char *end;
    uint32_t pages = (uint32_t)strtol_simple(args, &end);
    volatile char *p = sbrk((intptr_t)pages * PAGE_SIZE);
    if (p == (volatile char *)-1)
        return 1;
    for (uint32_t i = 0; i < pages; i++)
        p[i * PAGE_SIZE] = 1;
    msg_t m = {MSG_PING, {0, 0, 0, 0}};
    ipc_send((uint32_t)strtol_simple(end, 0), &m);
    sleep_forever();
}

int main(const char *args)
{
    char word[16];
    const char *rest = first_arg(args, word, sizeof(word));
    if (!strcmp(word, "exit"))
        return 0;
    if (!strcmp(word, "sleep"))
        sleep_forever();
    if (!strcmp(word, "hold"))
        return hold(rest);
    if (!strcmp(word, "echo"))
        return ping_serve((uint32_t)strtol_simple(rest, 0));
    if (!strcmp(word, "chain"))
        return chain((int)strtol_simple(rest, 0));
    process_figures("1");
    bench_chain();
    bench_live();
    bench_pools();
    bench_most_memory();
    bench_free("free-sbrk", free_sbrk);
    bench_free("free-pool", free_pool);
    bench_free("free-exit", free_exit);
    printf("bscale: done\n");
    return 0;
}
