/*
 * Preemptive round-robin scheduling. Ready threads sit on a circular list;
 * `runq` points at the one to run next. The idle thread is not on the list
 * and runs only when it is empty. A thread switched out keeps its place in
 * the list; a blocked one is taken off it.
 */
#include "sched.h"
#include "gdt.h"
#include "paging.h"
#include "irq.h"
#include "pic.h"
#include "task.h"
#include "trace.h"
#include "x86.h"

struct thread *current;
struct thread *runq;
static struct thread idle_thread;
static uint8_t idle_stack[1024] __attribute__((aligned(16)));
const uint8_t *loaded_iomap;

/* A value of loaded_iomap that matches no task, so that the next load_iomap copies. */
#define IOMAP_STALE ((const uint8_t *)-1)

/*
 * While a driver waits for its device, the tick stops: nothing runs that
 * could be preempted, and the machine sleeps until the device speaks. The
 * lines drivers wait on stay masked until the tick is silent, so their
 * interrupts come after its last one on every run, and the tick starts
 * again a full period before the CPU is handed over: make bench's
 * instruction counts do not depend on how fast the host's disk answers.
 * Returns whether it stopped the tick.
 */
static int idle_stop_tick(void)
{
    if (!irq_waiting())
        return 0;
    trace_flush(); /* the tick would have */
    irq_hold();
    timer_stop();
    irq_release();
    return 1;
}

/* Halt until an interrupt makes a thread ready (console input, a device, an ended task's pager). */
static void idle_loop(void)
{
    for (;;) {
        int stopped = idle_stop_tick();
        while (!runq)
            asm volatile("sti; hlt; cli");
        if (stopped)
            timer_start();
        sched_yield();
    }
}

void sched_init(void)
{
    /* The idle thread's stack starts as context_switch expects: 4 registers, ret. */
    uint32_t *sp = (uint32_t *)(idle_stack + sizeof(idle_stack));
    *--sp = (uint32_t)idle_loop;
    for (int i = 0; i < 4; i++)
        *--sp = 0;
    idle_thread.kesp = (uint32_t)sp;
    idle_thread.state = TS_READY;
    runq = 0;
}

void sched_ready(struct thread *th)
{
    th->state = TS_READY;
    if (th->run_next)
        return;
    if (!runq) {
        th->run_next = th->run_prev = th;
        runq = th;
        return;
    }
    th->run_next = runq;
    th->run_prev = runq->run_prev;
    runq->run_prev->run_next = th;
    runq->run_prev = th;
}

void sched_unready(struct thread *th)
{
    if (!th->run_next)
        return;
    if (th->run_next == th) {
        runq = 0;
    } else {
        th->run_prev->run_next = th->run_next;
        th->run_next->run_prev = th->run_prev;
        if (runq == th)
            runq = th->run_next;
    }
    th->run_next = th->run_prev = 0;
}

/* The idle thread runs in ring 0, where the bitmap does not apply: it keeps whatever is loaded. */
void sched_load_iomap(const struct thread *th)
{
    if (!th->task)
        return;
    const uint8_t *want = th->task->iomap;
    if (want != loaded_iomap) {
        tss_set_ioports(want);
        loaded_iomap = want;
    }
}

/* A bitmap's contents or owner changed: load the current task's again now. */
void sched_iomap_changed(void)
{
    loaded_iomap = IOMAP_STALE;
    sched_load_iomap(current);
}

/* next becomes current: its kernel stack for the next trap, its address space, its I/O bitmap. */
static inline void sched_enter(struct thread *next)
{
    if (next->run_next)
        runq = next->run_next;
    current = next;
    tss_set_kstack((uint32_t)next->kstack + KSTACK_SIZE);
    paging_switch(next->task ? next->task->pd : paging_kernel_pd());
    sched_load_iomap(next);
}

/* current stays as it is (ready, blocked or dead); next runs now. */
static void sched_switch_to(struct thread *next)
{
    struct thread *prev = current;
    if (next == prev)
        return;
    sched_enter(next);
    context_switch(&prev->kesp, next->kesp);
    sched_resumed();
}

/* A dead thread's slot holds its kernel stack: free it only once we run on another. */
void sched_resumed(void)
{
    if (dead_threads)
        task_reap();
}

/* me blocks; dst, which was not ready, takes its place in the run queue. */
static void handoff_queue(struct thread *me, struct thread *dst)
{
    dst->state = TS_READY;
    if (me->run_next == me) {
        dst->run_next = dst->run_prev = dst;
    } else {
        dst->run_next = me->run_next;
        dst->run_prev = me->run_prev;
        me->run_prev->run_next = dst;
        me->run_next->run_prev = dst;
    }
    if (runq == me)
        runq = dst;
    me->run_next = me->run_prev = 0;
}

/* me blocks; dst, which was not ready, takes its place in the queue and runs at once. */
void sched_handoff(struct thread *me, struct thread *dst)
{
    handoff_queue(me, dst);
    sched_switch_to(dst);
}

static struct thread *pick_next(void)
{
    return runq ? runq : &idle_thread;
}

/* Run the next ready thread; runq may still point at current if threads became ready since. */
void sched_yield(void)
{
    struct thread *next = pick_next();
    if (next == current && next->run_next)
        next = next->run_next;
    sched_switch_to(next);
}

void sched_block(void)
{
    sched_unready(current);
    sched_switch_to(pick_next());
}

/* The idle thread is left only from its loop, which starts the tick again if it stopped it. */
void sched_tick(void)
{
    timer_tick();
    if (current != &idle_thread)
        sched_yield();
}

/* Leave the boot stack for good: it becomes a thread that never runs again. */
void sched_start(void)
{
    static struct thread boot_thread;
    current = &boot_thread;
    sched_switch_to(pick_next());
    __builtin_unreachable();
}
