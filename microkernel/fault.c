/*
 * Page faults from user mode. A page fault becomes a call the kernel makes
 * on the thread's behalf to its pager: FAULT{addr, err, eip, tid}, sent
 * from TID_KERNEL. The pager answers OK (the thread goes on and retries
 * the access), MAP{vaddr, frame, perm} (the same, once the kernel has
 * mapped the page) or KILL{reason, addr} (the task ends). A thread without a
 * live pager, or a pager that answers anything else, ends its task: a
 * broken pager never hangs or crashes the kernel.
 *
 * One fault, end to end (the pager's own steps: docs/pager.md):
 *  1. trap.S trap_vec14 pushes a struct trapframe. From user mode it first
 *     tries fastpath.S fault_fast, which hands FAULT straight to a pager
 *     waiting to receive (the same message and states as step 2, without
 *     a context switch). Otherwise trap.c trap_dispatch -> user_exception
 *     reads cr2 and calls fault_forward below.
 *  2. fault_forward puts FAULT in the thread's kmsg, sets kernel_made and
 *     calls ipc.c kipc_send(call). deliver() hands kmsg to the pager with
 *     sender TID_KERNEL; sender_done() leaves this thread in TS_RECV
 *     waiting for the pager's reply, and sched.c sched_handoff switches to
 *     the pager (trap.S context_switch), whose ipc_recv or ipc_reply_recv
 *     (libipc/ipc.S) returns with the FAULT. If the pager is busy, the
 *     thread waits in its send queue and kipc_recv delivers it later.
 *  3. The pager (servers/pager) finds the region, gets a frame from the
 *     quota server and answers with ipc_reply_recv(tid, MAP{va, frame,
 *     perm}) (or OK, or KILL).
 *  4. That reply enters trap.S trap_vec128, whose fast path (fastpath.S
 *     ipc_fast) takes OK and MAP to a user-mode fault: it maps the page
 *     (syscall.c map_checked, SYS_MAP's checks), and the thread leaves
 *     the kernel through its own trapframe (trap_return's iret retries the
 *     access); fault_forward is never returned to. Otherwise syscall.c
 *     sc_ipc -> ipc.c kipc_reply_recv makes the same map and deliver()
 *     stores the reply in this thread's kmsg, not its registers (which
 *     hold the faulting user state). A map that fails is not delivered.
 *  5. On that general path the thread resumes here, inside kipc_send, when
 *     scheduled; it reads kmsg, and on OK or MAP returns up through
 *     trap_dispatch to trap.S trap_return, whose iret retries the access.
 *     If the pager died first, thread_release_waiters woke it with E_DEAD
 *     (kipc_abort).
 * A fault taken for a system call (uaccess.c, PF_SYSCALL) follows the same
 * path but turns a refusal into E_FAULT for the caller instead of a kill.
 */
#include "fault.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "ipc.h"
#include "msgreg.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "trace.h"

/* What the pager's answer (me->kmsg, me->ipc_result) comes to: 0, or E_FAULT and maybe the end. */
static int fault_outcome(struct thread *me, uint32_t addr, uint32_t err)
{
    me->kernel_made = 0;
    if (me->state == TS_DEAD)
        return E_FAULT; /* the task was ended while the fault was pending */
    if (me->ipc_result < 0) {
        task_end(me->task, -1, REASON_NOPAGER, addr);
        return E_FAULT;
    }
    if (me->kmsg.label == MSG_OK || me->kmsg.label == MSG_MAP)
        return 0; /* a MAP reply was delivered only once its mapping was made */
    if (err & PF_SYSCALL)
        return E_FAULT;
    if (me->kmsg.label == MSG_KILL)
        task_end(me->task, -1, me->kmsg.w[0], me->kmsg.w[1] ? me->kmsg.w[1] : addr);
    else
        task_end(me->task, -1, REASON_PAGER_REPLY, addr);
    return E_FAULT;
}

int fault_forward(uint32_t addr, uint32_t err, uint32_t eip)
{
    struct thread *me = current;
    struct thread *pager = thread_get(me->pager);
    if (!pager || pager->task == me->task) {
        if (!(err & PF_SYSCALL))
            task_end(me->task, -1, REASON_NOPAGER, addr);
        return E_FAULT;
    }
    me->kernel_made = 1;
    me->kmsg = (msg_t){MSG_FAULT, {addr, err, eip, me->tid}};
    kipc_send(me, me->pager, 1, 0);
    return fault_outcome(me, addr, err);
}

/* A fault blocked on the fast path, answered on the general path: the answer's outcome. */
void fault_resume(struct trapframe *tf)
{
    sched_resumed();
    struct thread *me = current;
    fault_outcome(me, me->fault_addr, tf->err & (PF_PRESENT | PF_WRITE | PF_USER));
    if (me->state == TS_DEAD)
        sched_block(); /* ended: it must not return to user mode */
}

/*
 * The pager's reply in the current thread's registers, about to reach dst:
 * when it is MSG_MAP{vaddr, frame, perm} answering dst's FAULT, map the page
 * in dst's space first, with the checks and rights of SYS_MAP. 0, or why
 * not (the reply is then not delivered and the pager hears the error).
 */
int fault_reply_map(const struct thread *dst, const struct trapframe *reply)
{
    if (!dst->kernel_made || reply->ecx != MSG_MAP)
        return 0;
    return map_traced(dst->task, reply->edx, reply->esi, reply->edi);
}
