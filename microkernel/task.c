/*
 * Tasks and threads, a page of object memory each (kmem.h), named through
 * id tables; thread creation and the end of a task. Ending a
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
#include "kmem.h"
#include "paging.h"
#include "pmem.h"
#include "str.h"
#include "trace.h"
#include "abi/errno.h"
#include "abi/syscall.h"

struct idtab task_ids;
struct idtab thread_ids;
struct thread *all_threads;
uint32_t dead_threads;           /* TS_DEAD threads not yet reaped */
static struct thread *dead_list; /* those threads, through dead_next */
/* Tasks whose directory has shown another space in its foreign slot (pagers, in practice). */
static struct task *foreign_holders;
static uint8_t foreign_unknown; /* a directory outside that list did: every one is searched */

void task_init(void)
{
    idtab_init(&task_ids, kmem_kernel);
    idtab_init(&thread_ids, kmem_kernel);
}

void task_free(struct task *t)
{
    idtab_free(&task_ids, t->id);
    kmem_give_back(t);
}

/* The memory of an object: a user frame (held from now on), or with frame 0 a kernel-pool page. */
static int object_page(uint32_t frame, void **page)
{
    if (frame)
        return kmem_take(frame, page);
    *page = kmem_kernel();
    return *page ? 0 : E_NOMEM;
}

/*
 * A task's id carries its slot's generation: the pager keeps an ended child
 * under its id until the parent waits, and no later task ever gets that id.
 */
int task_alloc(const char *name, uint32_t parent, uint32_t rights, uint32_t dir, uint32_t frame,
               struct task **out)
{
    void *page;
    int r = object_page(frame, &page);
    if (r < 0)
        return r;
    struct task *t = page;
    memset(t, 0, sizeof(*t));
    uint32_t pd = space_create(dir);
    uint32_t id = pd ? idtab_alloc(&task_ids, t) : 0;
    if (!id) {
        if (pd && !dir)
            pmem_let_go(pd >> 12); /* a directory the caller gave stays the caller's */
        kmem_give_back(page);
        return E_NOMEM;
    }
    t->id = id;
    t->pd = pd;
    t->parent = parent;
    t->rights = rights;
    size_t n = strnlen(name, TASK_NAME_MAX - 1);
    memcpy(t->name, name, n);
    t->name[n] = 0;
    *out = t;
    return 0;
}

void task_spare_add(struct task *t, void *page)
{
    *(void **)page = t->spare;
    t->spare = page;
}

/* Every spare page of an ended task goes. */
static void task_spares_give_back(struct task *t)
{
    while (t->spare) {
        void *page = t->spare;
        t->spare = *(void **)page;
        kmem_give_back(page);
    }
}

int task_kmem_add(struct task *t, uint32_t frame)
{
    void *page;
    int r = kmem_take(frame, &page);
    if (r == 0)
        task_spare_add(t, page);
    return r;
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

/* A thread is a spare page of its task; its id's slot is reused as late as the id table can. */
int thread_create(struct task *t, uint32_t eip, uint32_t esp, uint32_t pager)
{
    struct thread *th = t->spare;
    if (!th)
        return E_NOKMEM;
    uint32_t tid = idtab_alloc(&thread_ids, th);
    if (!tid)
        return E_NOMEM; /* the page stays t's spare */
    t->spare = *(void **)th;
    memset(th, 0, offsetof(struct thread, kstack));
    th->tid = tid;
    th->all_next = all_threads;
    if (all_threads)
        all_threads->all_prev = th;
    all_threads = th;
    th->task_next = t->threads;
    if (t->threads)
        t->threads->task_prev = th;
    t->threads = th;
    th->task = t;
    th->pager = pager;
    thread_prepare_stack(th, eip, esp);
    if (t->nthreads++ == 0)
        t->pager = pager;
    if (trace_on)
        trace_name(th->tid, t->name);
    sched_ready(th);
    return (int)tid;
}

/* A dead thread, off its stack, goes: its id, and its page to its task's spares or back. */
static void thread_free(struct thread *th)
{
    if (th->all_prev)
        th->all_prev->all_next = th->all_next;
    else
        all_threads = th->all_next;
    if (th->all_next)
        th->all_next->all_prev = th->all_prev;
    if (th->keep_for) { /* its task lives on: off its list (an ended task's list is not read) */
        if (th->task_prev)
            th->task_prev->task_next = th->task_next;
        else
            th->task->threads = th->task_next;
        if (th->task_next)
            th->task_next->task_prev = th->task_prev;
    }
    idtab_free(&thread_ids, th->tid);
    if (th->keep_for)
        task_spare_add(th->keep_for, th);
    else
        kmem_give_back(th);
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
    for (struct thread *w = th->awaited ? all_threads : 0; w; w = w->all_next) {
        if (w->state == TS_RECV && w->partner == th->tid)
            kipc_abort(w, E_DEAD);
    }
}

static void thread_kill(struct thread *th)
{
    for (struct task *t = th->notices, *next; t; t = next) {
        next = t->notice_next;
        task_free(t); /* nobody will take these notices now */
    }
    th->notices = 0;
    sched_unready(th);
    kipc_cancel_send(th);
    th->state = TS_DEAD;
    th->keep_for = th->task; /* task_end says otherwise if the task goes too */
    dead_threads++;
    kipc_fast_update();
    th->dead_next = dead_list;
    dead_list = th;
    thread_release_waiters(th);
    th->task->nthreads--;
}

void task_foreign_attached(uint32_t pd)
{
    struct task *t = current ? current->task : 0;
    if (t && t->pd == pd) {
        if (!t->holds_foreign) {
            t->holds_foreign = 1;
            t->holder_next = foreign_holders;
            foreign_holders = t;
        }
    } else if (pd != paging_kernel_pd()) {
        foreign_unknown = 1;
    }
}

/* No directory may keep a dead space in its foreign slot; the dead one leaves foreign_holders. */
static void task_forget_foreign(struct task *dead)
{
    for (struct task **p = &foreign_holders; *p; p = &(*p)->holder_next) {
        if (*p == dead) {
            *p = dead->holder_next;
            break;
        }
    }
    for (uint32_t slot = 1; foreign_unknown && slot < task_ids.nslots; slot++) {
        const struct task *t = idtab_at(&task_ids, slot);
        if (t && !t->ended && t != dead) /* an ended task's directory is gone */
            page_forget_foreign(t->pd, dead->pd);
    }
    for (const struct task *t = foreign_holders; !foreign_unknown && t; t = t->holder_next)
        page_forget_foreign(t->pd, dead->pd);
    page_forget_foreign(paging_kernel_pd(), dead->pd);
}

/* Drop every user mapping of the space, then the space itself. */
static void space_teardown(struct task *t)
{
    if (current->task == t)
        paging_switch(paging_kernel_pd());
    task_forget_foreign(t);
    space_destroy(t->pd);
}

/* Queue t's EXIT for the newest live thread of task dst; with none, the slot is free now. */
static void task_send_exit(struct task *dst, struct task *t)
{
    for (struct thread *th = dst ? dst->threads : 0; th; th = th->task_next) {
        if (th->state != TS_DEAD) {
            trace_event(TOP_EXIT, TID_KERNEL, th->tid, &t->exit_msg, 0);
            kipc_notify(th, t);
            return;
        }
    }
    task_free(t);
}

static void iomap_give_back(struct task *t)
{
    if (!t->iomap)
        return;
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
    for (struct thread *th = t->threads; th; th = th->task_next) {
        if (th->state != TS_DEAD)
            thread_kill(th);
        th->keep_for = 0; /* its page goes back when it is reaped */
    }
    task_spares_give_back(t);
    msg_t m = {MSG_EXIT, {t->id, (uint32_t)status, reason, addr}};
    trace_event(TOP_KILL, TID_KERNEL, t->id, &m, 0);
    space_teardown(t);
    iomap_give_back(t);
    console_task_ended(t->id);
    irq_task_ended(t);
    struct thread *pg = thread_get(t->pager);
    t->ended = 1; /* no longer found by id; the slot waits for the pager to take its EXIT */
    t->exit_msg = m;
    task_send_exit(pg ? pg->task : 0, t);
    task_reap(); /* its threads' pages go now, but the current one's: before its pager runs */
}

void task_reap(void)
{
    struct thread *keep = 0;
    for (struct thread *th = dead_list, *next; th; th = next) {
        next = th->dead_next;
        if (th == current) {
            keep = th;
            continue;
        }
        thread_free(th);
        dead_threads--;
    }
    kipc_fast_update();
    dead_list = keep;
    if (keep)
        keep->dead_next = 0;
}

/* The current thread ends; its task goes on with its other threads. */
void thread_exit_current(void)
{
    thread_kill(current);
}

int task_grant_ioports(struct task *t, uint32_t first, uint32_t count)
{
    if (!t->iomap) {
        memset(t->ports, 0xFF, sizeof(t->ports));
        t->iomap = t->ports;
    }
    for (uint32_t p = first; p < first + count; p++)
        t->iomap[p / 8] &= ~(1u << (p % 8));
    sched_iomap_changed();
    return 0;
}
