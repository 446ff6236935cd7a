/*
 * The IPC fast path, kept apart from the general path as seL4 does: the two
 * operations every client-server exchange is made of, done in one short
 * function when nothing unusual is going on:
 *   call        to a thread already waiting to receive from us (or anyone);
 *   reply_recv  to a caller waiting for our reply, with nobody queued for us.
 * Anything else (tracing on, a kernel-made message, a partner not ready,
 * notices or senders waiting) returns 0 and takes the general path in
 * ipc.c, which is the reference: both end in the same states.
 */
#include "fastpath.h"
#include "abi/syscall.h"
#include "msgreg.h"
#include "sched.h"
#include "task.h"
#include "trace.h"

/* tf->eax is SYS_CALL or SYS_REPLY_RECV (trap_dispatch looked). */
int kipc_fastpath(struct trapframe *tf)
{
    struct thread *me = current;
    struct thread *dst = thread_get(tf->ebx);
    /*
     * Declined: tracing, because only ipc.c's deliver() writes trace records;
     * and a partner asleep in fault_forward (kernel_made), because its answer
     * belongs in its kmsg, while this path copies registers only.
     */
    if (trace_on || !dst || dst == me || dst->state != TS_RECV || dst->kernel_made)
        return 0;
    if (tf->eax == SYS_CALL) {
        if (dst->partner != TID_ANY && dst->partner != me->tid)
            return 0;
        me->partner = dst->tid;
        me->awaiting_reply = 1;
    } else {
        if (dst->partner != me->tid || me->sendq || me->notices)
            return 0;
        me->partner = TID_ANY;
    }
    msg_copy_regs(dst->tf, tf, me->tid);
    dst->ipc_result = 0;
    dst->awaiting_reply = 0;
    me->state = TS_RECV;
    sched_handoff(me, dst);
    tf->eax = (uint32_t)me->ipc_result; /* set by whoever woke us */
    return 1;
}
