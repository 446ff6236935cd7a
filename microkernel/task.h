/*
 * Tasks (address spaces with rights) and threads. Both are made from
 * kernel-pool frames as they are needed (a thread is one frame, its kernel
 * stack included; tasks are carved sixteen or so to a frame) and named
 * through id tables (idtab.h) that grow with them: an id carries its slot's
 * generation, so a stale id names nothing. Running out is an error code
 * for the caller, never a panic. TID_QUOTA, TID_PAGER and TID_INIT are the
 * first three threads, of the first three tasks.
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

#define THREAD_BYTES 4096 /* a thread is one kernel-pool frame: its fields, then its stack */
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
    uint8_t kernel_tables; /* a boot server's space: page tables from the kernel pool */
    /* once ended: its EXIT notice, kept in the slot until its pager receives it */
    uint8_t ended;
    msg_t exit_msg;
    struct task *notice_next; /* also: the next free task, while free */
};

struct thread {
    uint32_t tid; /* its id (idtab) */
    enum thread_state state;
    struct task *task;
    uint32_t pager;         /* where its page faults go */
    uint32_t partner;       /* TS_SEND: receiver; TS_RECV: sender wanted (TID_ANY) */
    uint8_t is_call;        /* TS_SEND: a call, so wait for the reply after delivery */
    uint8_t kernel_made;    /* the message in flight is kmsg (kernel-made), not the registers */
    uint8_t awaiting_reply; /* TS_RECV after a call: the next message is the reply */
    int ipc_result;         /* what the last IPC operation came to (0 or -E_*) */
    uint32_t kesp;          /* saved kernel stack pointer while switched out */
    struct trapframe *tf;
    msg_t kmsg;           /* kernel-made message (FAULT) or the pager's reply to it */
    uint32_t fault_addr;  /* the address of the user-mode fault it waits on (fast path) */
    struct thread *sendq; /* threads waiting to send to this one */
    struct thread *sendq_next;
    struct thread *run_next, *run_prev;
    struct task *notices, *notices_tail; /* ended tasks whose EXIT waits for a recv */
    struct thread *all_next, *all_prev;  /* every thread made and not yet reaped */
    uint8_t kstack[KSTACK_SIZE] __attribute__((aligned(16)));
};
_Static_assert(sizeof(struct thread) <= THREAD_BYTES, "a thread must fit its frame");

extern uint32_t dead_threads; /* TS_DEAD slots not yet reclaimed: task_reap's work */

void task_init(void);
/* A task whose directory is dir (a frame taken by pmem_table_take; 0: from the kernel pool). */
struct task *task_alloc(const char *name, uint32_t parent, uint32_t rights, uint32_t dir);
struct task *task_get(uint32_t id);
extern struct idtab thread_ids;
extern struct thread *all_threads; /* every thread made and not yet reaped, through all_next */

/* The live thread with this id, or NULL (inline: every IPC looks one up). */
static inline struct thread *thread_get(uint32_t tid)
{
    struct thread *th = idtab_get(&thread_ids, tid);
    return th && th->state != TS_DEAD ? th : 0;
}
struct thread *thread_create(struct task *t, uint32_t eip, uint32_t esp, uint32_t pager);
/* End a task: print a line if reason != REASON_NONE, notify its pager. */
void task_end(struct task *t, int status, uint32_t reason, uint32_t addr);

void task_reap(void); /* free dead threads other than current: their ids and frames */
/* An ended task's EXIT notice is taken (or nobody will take it): its id and struct go. */
void task_free(struct task *t);
void thread_exit_current(void);
/* Let t use ports [first, first+count), which check_ports has allowed (below IOPORT_LIMIT). */
int task_grant_ioports(struct task *t, uint32_t first, uint32_t count);

#endif
