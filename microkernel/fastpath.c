/*
 * The IPC fast path, kept apart from the general path as seL4 does: the two
 * operations every client-server exchange is made of, done in one short
 * function when nothing unusual is going on:
 *   call        to a thread already waiting to receive from us (or anyone);
 *   reply_recv  to a caller waiting for our reply, with nobody queued for us,
 *               including a pager's OK or MAP answer to a user-mode FAULT.
 * Anything else (tracing on, dead threads to reap, a partner not ready,
 * notices or senders waiting, a refusal or a MAP that fails) returns 0 and
 * takes the general path in ipc.c, which is the reference: both end in the
 * same states.
 *
 * trap.S enters here straight from its int $0x80 entry (trap_vec128) and, when this
 * returns a trapframe, leaves the kernel through it: the partner resumes
 * without a context switch. That is sound because a partner blocked in an
 * IPC has nothing left to do in the kernel but return its result (written
 * here into its frame's eax), and a thread waiting on a user-mode FAULT
 * nothing but retry the access. The caller blocks with, as its saved kernel
 * stack, the frame trap.S put under its trapframe: when the general path
 * wakes it, context_switch returns into kipc_resume_stub, which ends its
 * system call with kipc_resume below.
 */
#include "fastpath.h"
#include "abi/syscall.h"
#include "fault.h"
#include "msgreg.h"
#include "sched.h"
#include "task.h"
#include "trace.h"

/* May dst, asleep in a user-mode page fault, take this reply here? MSG_MAP maps first. */
static int fault_reply_fast(struct thread *dst, const struct trapframe *tf)
{
    if (dst->tf->trapno != T_PGFLT || (tf->ecx != MSG_OK && tf->ecx != MSG_MAP))
        return 0;
    if (fault_reply_map(dst, tf) < 0)
        return 0; /* the general path tries again and tells the pager why it failed */
    dst->kernel_made = 0;
    return 1; /* its registers hold the user state to retry the access with: nothing to copy */
}

/* tf->eax is SYS_CALL or SYS_REPLY_RECV (trap.S looked); the partner's frame, or 0. */
struct trapframe *TRAP_REGPARM kipc_fastpath(struct trapframe *tf)
{
    struct thread *me = current;
    struct thread *dst = thread_get(tf->ebx);
    if (trace_on || dead_threads || !dst || dst == me || dst->state != TS_RECV)
        return 0;
    if (tf->eax == SYS_CALL) {
        /* kernel_made: the partner is asleep in fault_forward, waiting for its pager only */
        if (dst->kernel_made || (dst->partner != TID_ANY && dst->partner != me->tid))
            return 0;
        me->partner = dst->tid;
        dst->awaited = 1;
        me->awaiting_reply = 1;
    } else {
        if (dst->partner != me->tid || me->sendq || me->notices)
            return 0;
        int fault = dst->kernel_made;
        if (fault && !fault_reply_fast(dst, tf))
            return 0;
        me->partner = TID_ANY;
        if (fault)
            return kipc_handoff(me, dst, tf);
    }
    msg_copy_regs(dst->tf, tf, me->tid);
    dst->tf->eax = 0; /* its IPC's result */
    return kipc_handoff(me, dst, tf);
}

/* A thread blocked on the fast path, woken by the general path: its system call ends here. */
void kipc_resume(struct trapframe *tf)
{
    sched_resumed();
    tf->eax = (uint32_t)current->ipc_result;
}
