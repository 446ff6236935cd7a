/*
 * Page faults and exceptions from user mode. A page fault becomes a call
 * the kernel makes on the thread's behalf to its pager: FAULT{addr, err,
 * eip, tid}, sent from TID_KERNEL. The pager answers OK (the thread goes on
 * and retries the access) or KILL{reason, addr} (the task ends). A thread
 * without a live pager, or a pager that answers anything else, ends its
 * task: a broken pager never hangs or crashes the kernel.
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
