/*
 * Synchronous rendezvous IPC between threads. Messages go from the
 * sender's saved registers straight into the receiver's (or, for messages
 * the kernel makes on a thread's behalf, through that thread's kmsg).
 * Every operation leaves its outcome in current->ipc_result.
 */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include <stdint.h>
#include "task.h"
#include "trace.h"

void kipc_send(struct thread *me, uint32_t to, int call, int nonblock);
void kipc_recv(struct thread *me, uint32_t from, int nonblock);
void kipc_reply_recv(struct thread *me, uint32_t to, int nonblock);

/* Wake th, blocked in an IPC, with error err. */
void kipc_abort(struct thread *th, int err);
/* Take th off the send queue it waits in, if any. */
void kipc_cancel_send(struct thread *th);
/*
 * Deliver an ended task's EXIT notice (ended->exit_msg, sender TID_KERNEL) to
 * th now, or when th next receives from anyone. The notice waits in the
 * ended task's own slot, which is freed once th has it: none is dropped.
 */
void kipc_notify(struct thread *th, struct task *ended);
/* fastpath.S: the end of a system call blocked on the fast path and woken by the general path. */
void kipc_resume(struct trapframe *tf);

/*
 * Nonzero while the IPC fast paths (fastpath.S) must leave every message to
 * the general path: tracing is on (only ipc.c records) or dead threads wait
 * to be reaped (a context switch does that). One word, so that the fast
 * paths test both at once; whoever changes trace_on or dead_threads calls
 * kipc_fast_update.
 */
extern uint32_t kipc_general_only;
static inline void kipc_fast_update(void)
{
    kipc_general_only = (uint32_t)trace_on | dead_threads;
}

#endif
