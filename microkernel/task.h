/*
 * Tasks (address spaces with rights) and threads. Each is a page of object
 * memory (kmem.h): a user frame from the task's container, which its pager
 * gives (the task's with task_create, a thread's ahead of it with
 * SYS_KMEM_ADD, kept as the task's spare until a thread_create takes it),
 * or a kernel-pool page for the boot tasks. A dead thread's page becomes
 * a spare of its task again; a task's pages all go back when it ends. They
 * are named through id tables (idtab.h) that grow with them: an id carries
 * its slot's generation, so a stale id names nothing. Running out is an
 * error code for the caller, never a panic. TID_QUOTA, TID_PAGER and
 * TID_INIT are the first three threads, of the first three tasks.
 */
#ifndef KERNEL_TASK_H
#define KERNEL_TASK_H

#include <stddef.h>
#include <stdint.h>
#include "abi/msg.h"
#include "abi/syscall.h"
#include "gdt.h"
#include "idtab.h"
#include "trap.h"

#define THREAD_BYTES 4096                 /* a thread is one page: its fields, then its stack */
#define KSTACK_SIZE  (THREAD_BYTES - 256) /* the fields take less (and less than on a host) */

enum thread_state {
    TS_FREE = 0,
    TS_READY, /* on the run queue (or running) */
    TS_SEND,  /* waiting for partner to receive */
    TS_RECV,  /* waiting for a message from partner (or anyone) */
    TS_INPUT, /* waiting for console input (console_read) */
    TS_IRQ,   /* waiting for a device's interrupt (irq_wait) */
    TS_DEAD,  /* ended; the slot is reclaimed once off its stack */
};

struct thread;

struct task {
    uint32_t id; /* its id (idtab); 0 once its EXIT notice is taken: the task is free */
    uint32_t pd; /* page directory (physical) */
    uint32_t parent;
    uint32_t rights;
    uint32_t nthreads;
    uint32_t frames; /* user frames mapped */
    uint32_t pager;  /* pager of its first thread: told when the task ends */
    char name[TASK_NAME_MAX];
    uint8_t *iomap; /* I/O permission bitmap (ports), or 0 */
    uint8_t ports[IOBITMAP_BYTES];
    uint8_t kernel_tables;    /* a boot server's space: page tables from the kernel pool */
    void *spare;              /* pages for its next threads, each holding the next (0: none) */
    struct thread *threads;   /* its threads not yet reaped (newest first), through task_next */
    struct task *holder_next; /* in foreign_holders (task.c) once its directory held a foreign */
    uint8_t holds_foreign;    /* it is in foreign_holders */
    /* once ended: its EXIT notice, kept in the slot until its pager receives it */
    uint8_t ended;
    msg_t exit_msg;
    struct task *notice_next;
};
_Static_assert(sizeof(struct task) <= PAGE_SIZE, "a task must fit its page");

struct thread {
    uint32_t tid; /* its id (idtab) */
    enum thread_state state;
    struct task *task;
    uint32_t pager;         /* where its page faults go */
    uint32_t partner;       /* TS_SEND: receiver; TS_RECV: sender wanted (TID_ANY) */
    uint8_t is_call;        /* TS_SEND: a call, so wait for the reply after delivery */
    uint8_t kernel_made;    /* the message in flight is kmsg (kernel-made), not the registers */
    uint8_t awaiting_reply; /* TS_RECV after a call: the next message is the reply */
    uint8_t awaited; /* a thread has waited to hear from this one alone (thread_release_waiters) */
    int ipc_result;  /* what the last IPC operation came to (0 or -E_*) */
    uint32_t kesp;   /* saved kernel stack pointer while switched out */
    struct trapframe *tf;
    msg_t kmsg;           /* kernel-made message (FAULT) or the pager's reply to it */
    uint32_t fault_addr;  /* the address of the user-mode fault it waits on (fast path) */
    struct thread *sendq; /* threads waiting to send to this one */
    struct thread *sendq_next;
    struct thread *run_next, *run_prev;
    struct task *notices, *notices_tail;  /* ended tasks whose EXIT waits for a recv */
    struct thread *all_next, *all_prev;   /* every thread made and not yet reaped */
    struct thread *task_next, *task_prev; /* its task's threads (task->threads) */
    struct thread *dead_next;             /* once dead: the next not yet reaped (dead_list) */
    struct task *keep_for; /* once dead: the task whose spare its page becomes (0: it goes) */
    uint8_t kstack[KSTACK_SIZE] __attribute__((aligned(16)));
};
_Static_assert(sizeof(struct thread) <= THREAD_BYTES, "a thread must fit its frame");

extern uint32_t dead_threads; /* TS_DEAD slots not yet reclaimed: task_reap's work */

void task_init(void);
/*
 * A task (*out) whose directory is dir (a frame held by pmem_hold) and whose struct is frame
 * (kmem_take); 0 for either: from the kernel pool. 0, or what kmem_take says, or E_NOMEM.
 */
int task_alloc(const char *name, uint32_t parent, uint32_t rights, uint32_t dir, uint32_t frame,
               struct task **out);
/* A page of object memory (kmem.h) becomes t's spare, for its next thread. */
void task_spare_add(struct task *t, void *page);
/* User frame becomes t's spare: 0 or what kmem_take says. */
int task_kmem_add(struct task *t, uint32_t frame);
extern struct idtab task_ids, thread_ids;

/* The live task with this id, or NULL (inline: every map, unmap and task call looks one up). */
static inline struct task *task_get(uint32_t id)
{
    struct task *t = idtab_get(&task_ids, id);
    return t && !t->ended ? t : 0;
}
extern struct thread *all_threads; /* every thread made and not yet reaped, through all_next */

/* The live thread with this id, or NULL (inline: every IPC looks one up). */
static inline struct thread *thread_get(uint32_t tid)
{
    struct thread *th = idtab_get(&thread_ids, tid);
    return th && th->state != TS_DEAD ? th : 0;
}
/* A thread on a spare page of t: its id, E_NOKMEM (t has no spare: its pager gives one), or
 * E_NOMEM (no id left). */
int thread_create(struct task *t, uint32_t eip, uint32_t esp, uint32_t pager);
/* End a task: print a line if reason != REASON_NONE, notify its pager. */
void task_end(struct task *t, int status, uint32_t reason, uint32_t addr);

void task_reap(void); /* free dead threads other than current: their ids and frames */
/* An ended task's EXIT notice is taken (or nobody will take it): its id and struct go. */
void task_free(struct task *t);
void thread_exit_current(void);
/* paging.c: the current directory, pd, now shows another space in its foreign slot. */
void task_foreign_attached(uint32_t pd);
/* Let t use ports [first, first+count), which check_ports has allowed (below IOPORT_LIMIT). */
int task_grant_ioports(struct task *t, uint32_t first, uint32_t count);

#endif
