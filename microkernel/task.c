/*
 * Task and thread pools, thread creation and the end of a task. Ending a
 * task wakes every thread that was blocked on one of its threads with
 * E_DEAD, drops its mappings, frees its page tables and tells its pager
 * with an EXIT notice; the parent hears of it from the pager (wait). The
 * frames themselves belong to the quota server's containers: the pager
 * frees them when it gets the EXIT.
 */
#include "sched.h"
#include "task.h"
#include "gdt.h"
#include "console.h"
#include "ipc.h"
#include "irq.h"
#include "paging.h"
#include "pmem.h"
#include "str.h"
#include "trace.h"
#include "abi/errno.h"
#include "abi/syscall.h"

static struct task tasks[TASK_MAX];
static uint32_t task_gen[TASK_MAX]; /* of each slot's next task: ID_SLOT in abi/syscall.h */
struct thread threads[THREAD_MAX];
static uint32_t thread_gen[THREAD_MAX]; /* of each slot's next thread */
uint32_t dead_threads;                  /* TS_DEAD slots not yet reclaimed */

void task_init(void)
{
    memset(tasks, 0, sizeof(tasks));
    memset(threads, 0, sizeof(threads));
}

struct task *task_get(uint32_t id)
{
    uint32_t slot = ID_SLOT(id);
    if (slot == 0 || slot > TASK_MAX || tasks[slot - 1].id != id || tasks[slot - 1].ended)
        return 0;
    return &tasks[slot - 1];
}

/*
 * The id of slot i's next task or thread: the slot and its generation, which
 * moves on (the first use of a slot: id = i + 1). The generation wraps after
 * 2^23 uses, so an id stays positive as a system call's int result.
 */
static uint32_t id_next(uint32_t *gen, int i)
{
    uint32_t id = *gen << 8 | (uint32_t)(i + 1);
    *gen = (*gen + 1) & 0x7FFFFFu;
    return id;
}

/*
 * Slots are taken round-robin from the one after the last taken, and a task's
 * id carries its slot's generation: the pager keeps an ended child under its
 * id until the parent waits, and no later task ever gets that id.
 */
struct task *task_alloc(const char *name, uint32_t parent, uint32_t rights, uint32_t dir)
{
    static int next;
    for (int k = 0; k < TASK_MAX; k++) {
        int i = (next + k) % TASK_MAX;
        struct task *t = &tasks[i];
        if (t->id)
            continue;
        uint32_t pd = space_create(dir);
        if (!pd)
            return 0;
        memset(t, 0, sizeof(*t));
        t->id = id_next(&task_gen[i], i);
        next = i + 1;
        t->pd = pd;
        t->parent = parent;
        t->rights = rights;
        size_t n = strnlen(name, TASK_NAME_MAX - 1);
        memcpy(t->name, name, n);
        t->name[n] = 0;
        return t;
    }
    return 0;
}

/* Build the kernel stack so that context_switch "returns" into user mode. */
static void thread_prepare_stack(struct thread *th, uint32_t eip, uint32_t esp)
{
    struct trapframe *tf = (struct trapframe *)(th->kstack + KSTACK_SIZE) - 1;
    memset(tf, 0, sizeof(*tf));
    tf->userss = SEG_UDATA;
    tf->cs = SEG_UCODE;
    tf->eip = eip;
    tf->useresp = esp;
    tf->eflags = 0x202; /* IF */
    th->tf = tf;
    uint32_t *sp = (uint32_t *)tf;
    *--sp = (uint32_t)trap_return;
    for (int i = 0; i < 4; i++)
        *--sp = 0;
    th->kesp = (uint32_t)sp;
}

/* Slots round-robin, as for tasks: a thread's id is not seen again soon after it ends. */
struct thread *thread_create(struct task *t, uint32_t eip, uint32_t esp, uint32_t pager)
{
    static int next;
    for (int k = 0; k < THREAD_MAX; k++) {
        int i = (next + k) % THREAD_MAX;
        struct thread *th = &threads[i];
        if (th->tid || th->state != TS_FREE)
            continue;
        memset(th, 0, offsetof(struct thread, kstack));
        th->tid = id_next(&thread_gen[i], i);
        next = i + 1;
        th->task = t;
        th->pager = pager;
        thread_prepare_stack(th, eip, esp);
        if (t->nthreads++ == 0)
            t->pager = pager;
        if (trace_on)
            trace_name(th->tid, t->name);
        sched_ready(th);
        return th;
    }
    return 0;
}

/* Wake every thread blocked on th (sending to it or waiting to hear from it). */
static void thread_release_waiters(struct thread *th)
{
    while (th->sendq) {
        struct thread *s = th->sendq;
        th->sendq = s->sendq_next;
        s->sendq_next = 0;
        kipc_abort(s, E_DEAD);
    }
    for (int i = 0; i < THREAD_MAX; i++) {
        struct thread *w = &threads[i];
        if (w->tid && w->state == TS_RECV && w->partner == th->tid)
            kipc_abort(w, E_DEAD);
    }
}

static void thread_kill(struct thread *th)
{
    for (struct task *t = th->notices; t; t = t->notice_next)
        t->id = 0; /* nobody will take these notices now */
    th->notices = 0;
    sched_unready(th);
    kipc_cancel_send(th);
    th->state = TS_DEAD;
    dead_threads++;
    thread_release_waiters(th);
    th->task->nthreads--;
}

/* No directory may keep a dead space in its foreign slot. */
static void task_forget_foreign(uint32_t pd)
{
    for (int i = 0; i < TASK_MAX; i++) {
        if (tasks[i].id && !tasks[i].ended) /* an ended task's directory is gone */
            page_forget_foreign(tasks[i].pd, pd);
    }
    page_forget_foreign(paging_kernel_pd(), pd);
}

/* Drop every user mapping of the space, then the space itself. */
static void space_teardown(struct task *t)
{
    if (current->task == t)
        paging_switch(paging_kernel_pd());
    task_forget_foreign(t->pd);
    space_destroy(t->pd);
}

/* Queue t's EXIT for the first thread of task to_task; with none, the slot is free now. */
static void task_send_exit(uint32_t to_task, struct task *t)
{
    struct task *dst = task_get(to_task);
    for (int i = 0; dst && i < THREAD_MAX; i++) {
        struct thread *th = &threads[i];
        if (th->tid && th->state != TS_DEAD && th->task == dst) {
            trace_event(TOP_EXIT, TID_KERNEL, th->tid, &t->exit_msg, 0);
            kipc_notify(th, t);
            return;
        }
    }
    t->id = 0;
}

#define IOMAP_POOL 2 /* tasks that may hold I/O ports at once (the swap server, one spare) */

static struct {
    uint32_t owner; /* task id, 0 = free */
    uint8_t map[IOBITMAP_BYTES];
} iomaps[IOMAP_POOL];

static uint8_t *iomap_take(uint32_t task)
{
    for (int i = 0; i < IOMAP_POOL; i++) {
        if (!iomaps[i].owner) {
            iomaps[i].owner = task;
            memset(iomaps[i].map, 0xFF, IOBITMAP_BYTES);
            return iomaps[i].map;
        }
    }
    return 0;
}

static void iomap_give_back(struct task *t)
{
    if (!t->iomap)
        return;
    for (int i = 0; i < IOMAP_POOL; i++)
        if (iomaps[i].owner == t->id)
            iomaps[i].owner = 0;
    t->iomap = 0;
    sched_iomap_changed();
}

/* The sentence a kill line gives for reason (KILL_REASONS in abi/msg.h). */
static const char *kill_reason_text(uint32_t reason)
{
#define REASON_TEXT(name, value, text) [value] = text,
    static const char *const texts[] = {KILL_REASONS(REASON_TEXT)};
#undef REASON_TEXT
    if (reason >= sizeof(texts) / sizeof(texts[0]) || !texts[reason])
        return "killed";
    return texts[reason];
}

void task_end(struct task *t, int status, uint32_t reason, uint32_t addr)
{
    if (reason != REASON_NONE && addr)
        kprintf("[kernel] task %u (%s) ended: %s at %08x\n", t->id, t->name,
                kill_reason_text(reason), addr);
    else if (reason != REASON_NONE)
        kprintf("[kernel] task %u (%s) ended: %s\n", t->id, t->name, kill_reason_text(reason));
    for (int i = 0; i < THREAD_MAX; i++) {
        if (threads[i].tid && threads[i].task == t && threads[i].state != TS_DEAD)
            thread_kill(&threads[i]);
    }
    msg_t m = {MSG_EXIT, {t->id, (uint32_t)status, reason, addr}};
    trace_event(TOP_KILL, TID_KERNEL, t->id, &m, 0);
    space_teardown(t);
    iomap_give_back(t);
    console_task_ended(t->id);
    irq_task_ended(t);
    uint32_t pager_task = 0;
    struct thread *pg = thread_get(t->pager);
    if (pg)
        pager_task = pg->task->id;
    t->ended = 1; /* no longer found by id; the slot waits for the pager to take its EXIT */
    t->exit_msg = m;
    task_send_exit(pager_task, t);
}

void task_reap(void)
{
    for (int i = 0; i < THREAD_MAX; i++) {
        struct thread *th = &threads[i];
        if (th->state == TS_DEAD && th != current) {
            th->tid = 0;
            th->state = TS_FREE;
            dead_threads--;
        }
    }
}

/* The current thread ends; its task goes on with its other threads. */
void thread_exit_current(void)
{
    thread_kill(current);
}

int task_grant_ioports(struct task *t, uint32_t first, uint32_t count)
{
    if (!t->iomap && !(t->iomap = iomap_take(t->id)))
        return E_NOMEM;
    for (uint32_t p = first; p < first + count; p++)
        t->iomap[p / 8] &= ~(1u << (p % 8));
    sched_iomap_changed();
    return 0;
}
