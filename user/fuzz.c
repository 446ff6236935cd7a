/*
 * The guest fuzzer (docs/fuzz.md). "fuzz SEED CALLS ROUNDS" is the
 * supervisor: each round it spawns "fuzz child SEED+round CALLS TID", a
 * program that makes CALLS seeded random system calls with random
 * arguments and sends garbage messages to the quota server, the pager and
 * any thread id nearby. After each round the supervisor checks that the
 * child ended (or it is a hang and is killed), that the quota books balance
 * (QUOTA_CHECK), that every frame came back to its own container, that both
 * servers still answer and that a fresh program (t_hello) still runs.
 *
 * A child never blocks on purpose: sends and receives carry IPC_NONBLOCK,
 * calls go only to servers, which always answer. It skips the calls that
 * would end the machine or flood it (poweroff, trace_ctl, console I/O on
 * memory it owns): spawned programs inherit init's rights.
 */
#include "fmt.h"
#include "ulib.h"

#define PING_EVERY  64             /* calls between two progress reports to the supervisor */
#define HANG_CYCLES 20000000000ull /* TSC cycles a child may take (seconds under QEMU) */
#define CHILD_QUOTA 96             /* frames each child gets */
#define KERNEL_ADDR 0xC0100000u

static uint32_t rng;

static uint32_t rnd(void)
{
    return rand_next(&rng);
}

/* What a progress report carries to show it is one, not a fuzzed message. */
static uint32_t ping_cookie(uint32_t seed)
{
    return (seed | 1) * 2654435761u ^ 0x5EEDF00Du;
}

/* ---------------------------------------------------------------- the child */

static uint8_t scratch[2 * 4096];
static uint32_t self; /* the child's task id */

/* A value an argument might hold: small numbers, ids, edges and addresses of every kind. */
static uint32_t any_value(void)
{
    static const uint32_t edge[] = {0,
                                    1,
                                    2,
                                    3,
                                    4095,
                                    4096,
                                    0x7FFFFFFF,
                                    0x80000000,
                                    0xFFFFFFFF,
                                    USER_BASE,
                                    USER_TOP - 1,
                                    USER_TOP,
                                    USTACK_TOP - 4,
                                    KERNEL_ADDR,
                                    0xFFFFF000};
    switch (rnd() % 8) {
    case 0:
        return edge[rnd() % (sizeof(edge) / sizeof(edge[0]))];
    case 1:
        return rnd() % 32; /* ids, small counts, labels' low bits */
    case 2:
        return (uint32_t)&scratch[rnd() % sizeof(scratch)];
    case 3:
        return USER_BASE + rnd() % 0x40000; /* text, data, heap */
    case 4:
        return USTACK_TOP - 1 - rnd() % 0x20000; /* stack, its window, below it */
    case 5:
        return 0x80000000u + (rnd() % 0x3000) * 4096; /* VM pools */
    default:
        return rnd();
    }
}

/* A label near a real one; the kernel's own (FAULT, EXIT) seldom: a forged one ends the sender. */
static uint32_t any_label(void)
{
    static const uint32_t base[] = {0x0000, 0x0200, 0x0300, 0x0400};
    if (rnd() % 65536 == 0)
        return 0x0100 + rnd() % 4;
    return rnd() % 8 == 0 ? rnd() : base[rnd() % 4] + rnd() % 16;
}

/* One system call, every argument register set; returns eax. ebp is a message word for IPC. */
static int raw_syscall(uint32_t n, const uint32_t a[6])
{
    uint32_t eax = n, ebx = a[0], ecx = a[1], edx = a[2], esi = a[3], edi = a[4];
    asm volatile("push %%ebp\n\tmov %6, %%ebp\n\tint $0x80\n\tpop %%ebp"
                 : "+a"(eax), "+b"(ebx), "+c"(ecx), "+d"(edx), "+S"(esi), "+D"(edi)
                 : "m"(a[5])
                 : "memory", "cc");
    return (int)eax;
}

/* A system call number with arguments that cannot block the child or end the machine. */
static uint32_t tame(uint32_t n, uint32_t a[6])
{
    switch (n & 0xFF) {
    case SYS_SEND:
    case SYS_RECV:
    case SYS_REPLY_RECV:
        return n | IPC_NONBLOCK;
    case SYS_CALL:
        a[0] = rnd() % 2 ? TID_QUOTA : TID_PAGER;
        return n;
    case SYS_EXIT:
    case SYS_THREAD_EXIT:
    case SYS_POWEROFF:
    case SYS_TRACE_CTL:
        return SYS_YIELD;
    case SYS_TASK_DESTROY:  /* on itself: its own choice of ending, with any reason */
    case SYS_THREAD_CREATE: /* in itself: a thread at a random eip may spin for ever */
    case SYS_PROTECT:       /* of itself: a read-only stack ends it at the next push */
        a[0] = a[0] == 0 || a[0] == self ? 0xFFFFFFF0u : a[0];
        return n;
    case SYS_CONSOLE_WRITE:
    case SYS_CONSOLE_READ:
        a[0] = KERNEL_ADDR + rnd() % 0x1000; /* refused before any byte moves */
        return n;
    default:
        return n;
    }
}

static void fuzz_call(void)
{
    uint32_t a[6];
    for (int i = 0; i < 6; i++)
        a[i] = any_value();
    uint32_t n;
    if (rnd() % 3 == 0) { /* a message to a server */
        n = SYS_CALL;
        a[1] = any_label();
    } else {
        n = rnd() % 16 == 0 ? rnd() : rnd() % (SYS_COUNT + 2);
    }
    raw_syscall(tame(n, a), a);
}

static int child(const char *args)
{
    char w[16];
    args = next_word(args, w, sizeof(w));
    uint32_t cookie = ping_cookie((uint32_t)strtol_simple(w, 0));
    rng = (uint32_t)strtol_simple(w, 0) * 2654435761u ^ 0x9E3779B9u;
    rng += !rng;
    args = next_word(args, w, sizeof(w));
    uint32_t calls = (uint32_t)strtol_simple(w, 0);
    next_word(args, w, sizeof(w));
    uint32_t boss = (uint32_t)strtol_simple(w, 0);
    self = sys_gettask();
    for (uint32_t i = 1; i <= calls; i++) {
        fuzz_call();
        if (i % PING_EVERY == 0 || i == calls) {
            msg_t m = {MSG_PING, {i, cookie, 0, 0}};
            ipc_send(boss, &m);
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- the supervisor */

struct tally {
    uint64_t calls;
    uint32_t rounds, hangs, unbalanced, leaks, deaf, no_hello;
    uint32_t ended[REASON_COUNT + 1]; /* the last slot: a reason the ABI does not know */
};

static int servers_answer(void)
{
    struct quota_info qi;
    struct ps_entry e;
    uint32_t slot = 0;
    return quota_self(&qi) == 0 && ps_next(&slot, &e) >= 0;
}

static int hello_runs(void)
{
    int status;
    uint32_t reason, addr;
    int t = spawn("t_hello", "fuzz", 16);
    return t > 0 && wait(t, &status, &reason, &addr) == t && status == 0 && reason == 0;
}

/*
 * Watch one child to its end, taking its progress reports; returns its reason, -1 for a hang
 * (it is killed) or -2 when the pager no longer knows it.
 */
static int watch(int task, uint32_t seed, uint32_t *calls)
{
    uint64_t deadline = sys_time() + HANG_CYCLES;
    for (;;) {
        int status;
        uint32_t reason, addr, from;
        int r = wait_nohang(task, &status, &reason, &addr);
        if (r == task)
            return (int)reason;
        if (r != E_TIMEOUT)
            return -2;
        msg_t m;
        while (ipc_poll(TID_ANY, &m, &from) == 0)
            if (m.label == MSG_PING && m.w[1] == ping_cookie(seed) && m.w[0] > *calls)
                *calls = m.w[0];
        if (sys_time() > deadline) {
            kill(task);
            wait(task, &status, &reason, &addr);
            return -1;
        }
        sys_yield();
    }
}

static void round_run(struct tally *t, uint32_t seed, uint32_t calls, uint32_t before)
{
    char args[64];
    snformat(args, sizeof(args), "child %u %u %u", seed, calls, sys_getid());
    int task = spawn("fuzz", args, CHILD_QUOTA);
    if (task < 0) {
        printf("fuzz: round %u: cannot start a child: %s\n", t->rounds, errtext(task));
        t->deaf++;
        return;
    }
    uint32_t made = 0;
    int reason = watch(task, seed, &made);
    t->calls += made;
    t->deaf += reason == -2;
    if (reason == -1)
        t->hangs++;
    else if (reason == -2)
        printf("fuzz: round %u: waiting for the child failed\n", t->rounds);
    else if (reason >= 0)
        t->ended[reason < REASON_COUNT ? reason : REASON_COUNT]++;
    struct quota_info qi;
    t->unbalanced += quota_check() != -1;
    t->leaks += quota_self(&qi) < 0 || qi.usage != before;
    t->deaf += !servers_answer();
    t->no_hello += !hello_runs();
}

static void report(const struct tally *t)
{
    printf("fuzz: %u rounds, %llu system calls made, %u hangs\nfuzz: endings:", t->rounds,
           (unsigned long long)t->calls, t->hangs);
    for (int r = 0; r <= REASON_COUNT; r++)
        if (t->ended[r])
            printf(" %s %u;", r < REASON_COUNT ? reason_str(r) : "unknown reason", t->ended[r]);
    printf("\nfuzz: books %s, frames %s, servers %s, t_hello %s\n",
           t->unbalanced ? "UNBALANCED" : "balance after every round",
           t->leaks ? "LEAKED" : "all back", t->deaf ? "DEAF" : "answer",
           t->no_hello ? "FAILED" : "runs");
}

int main(const char *args)
{
    char w[16];
    args = next_word(args, w, sizeof(w)); /* argv0 */
    args = next_word(args, w, sizeof(w));
    if (!strcmp(w, "child"))
        return child(args);
    uint32_t seed = (uint32_t)strtol_simple(w, 0);
    args = next_word(args, w, sizeof(w));
    uint32_t calls = (uint32_t)strtol_simple(w, 0);
    next_word(args, w, sizeof(w));
    uint32_t rounds = (uint32_t)strtol_simple(w, 0);
    if (!seed || !calls || !rounds) {
        printf("usage: fuzz SEED CALLS ROUNDS (each a number above 0)\n");
        return 2;
    }
    struct tally t = {0};
    printf("fuzz: seed %u, %u rounds of %u calls\n", seed, rounds, calls);
    /* a first round of one call touches every page of the supervisor's own that rounds use */
    round_run(&t, seed, 1, 0);
    struct quota_info qi;
    if (quota_self(&qi) < 0) {
        printf("fuzz: the quota server does not answer\n");
        return 1;
    }
    t = (struct tally){0};
    for (t.rounds = 0; t.rounds < rounds; t.rounds++)
        round_run(&t, seed + t.rounds, calls, qi.usage);
    report(&t);
    return t.hangs || t.unbalanced || t.leaks || t.deaf || t.no_hello;
}
