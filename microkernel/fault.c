/*
 * Page faults from user mode. A page fault becomes a call the kernel makes
 * on the thread's behalf to its pager: FAULT{addr, err, eip, tid}, sent
 * from TID_KERNEL. The pager answers OK (the thread goes on and retries
 * the access) or KILL{reason, addr} (the task ends). A thread without a
 * live pager, or a pager that answers anything else, ends its task: a
 * broken pager never hangs or crashes the kernel.
 *
 * One fault, end to end (the pager's own steps: docs/pager.md):
 *  1. trap.S trap_vec14 and trap_common push a struct trapframe and call
 *     trap.c trap_dispatch -> user_exception, which reads cr2 and calls
 *     fault_forward below.
 *  2. fault_forward puts FAULT in the thread's kmsg, sets kernel_made and
 *     calls ipc.c kipc_send(call). deliver() hands kmsg to the pager with
 *     sender TID_KERNEL; sender_done() leaves this thread in TS_RECV
 *     waiting for the pager's reply, and sched.c sched_handoff switches to
 *     the pager (trap.S context_switch), whose ipc_recv or ipc_reply_recv
 *     (libipc/ipc.S) returns with the FAULT. If the pager is busy, the
 *     thread waits in its send queue and kipc_recv delivers it later.
 *  3. The pager (servers/pager) finds the region, gets a frame from the
 *     quota server, maps it with sys_map (syscall.c sc_map -> paging.c
 *     page_map) and answers with ipc_reply_recv(tid, OK or KILL).
 *  4. That reply enters trap_dispatch as a system call; fastpath.c
 *     declines it because this thread is kernel_made, so syscall.c sc_ipc
 *     -> ipc.c kipc_reply_recv -> deliver() stores it in this thread's
 *     kmsg, not its registers (which hold the faulting user state).
 *  5. The thread resumes here, inside kipc_send, when scheduled; it reads
 *     kmsg, and on OK returns up through trap_dispatch to trap.S
 *     trap_return, whose iret retries the access. If the pager died
 *     first, thread_release_waiters woke it with E_DEAD (kipc_abort).
 * A fault taken for a system call (uaccess.c, PF_SYSCALL) follows the same
 * path but turns a refusal into E_FAULT for the caller instead of a kill.
 */
#include "fault.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "ipc.h"
#include "sched.h"
#include "task.h"

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
    me->kernel_made = 0;
    if (me->state == TS_DEAD)
        return E_FAULT; /* the task was ended while the fault was pending */
    if (me->ipc_result < 0) {
        task_end(me->task, -1, REASON_NOPAGER, addr);
        return E_FAULT;
    }
    if (me->kmsg.label == MSG_OK)
        return 0;
    if (err & PF_SYSCALL)
        return E_FAULT;
    if (me->kmsg.label == MSG_KILL)
        task_end(me->task, -1, me->kmsg.w[0], me->kmsg.w[1] ? me->kmsg.w[1] : addr);
    else
        task_end(me->task, -1, REASON_PAGER_REPLY, addr);
    return E_FAULT;
}
