/* The IPC fast path (fastpath.c), entered from trap.S's int $0x80 entry (trap_vec128). */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H

#include "sched.h"
#include "task.h"
#include "trap.h"

/* call or reply_recv done here: the frame to leave the kernel through (the partner's), or 0. */
struct trapframe *TRAP_REGPARM kipc_fastpath(struct trapframe *tf);
/* trap.S: syscall_table's entry for call and reply_recv, the fast path or else sc_ipc. */
int TRAP_REGPARM ipc_fast(struct trapframe *tf);
/* The words trap.S keeps under a trapframe: what context_switch pops to resume a thread. */
#define RESUME_FRAME_WORDS 5

/*
 * me, whose trapframe is tf, blocks in TS_RECV; dst, which was waiting,
 * runs: it takes me's place in the run queue and trap.S leaves the kernel
 * through the frame this returns, dst's (its eax, the IPC's result, set).
 */
static inline struct trapframe *kipc_handoff(struct thread *me, struct thread *dst,
                                             struct trapframe *tf)
{
    dst->ipc_result = 0;
    dst->awaiting_reply = 0;
    me->state = TS_RECV;
    me->kesp = (uint32_t)(uintptr_t)tf - RESUME_FRAME_WORDS * sizeof(uint32_t);
    sched_handoff_direct(me, dst);
    return dst->tf;
}
/* The end of a system call blocked on the fast path and woken by the general path. */
void kipc_resume(struct trapframe *tf);

#endif
