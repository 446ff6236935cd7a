/*
 * Page faults and exceptions from user mode. A page fault becomes a call
 * the kernel makes on the thread's behalf to its pager: FAULT{addr, err,
 * eip, tid}, sent from TID_KERNEL. The pager answers OK (the thread goes on
 * and retries the access) or KILL{reason, addr} (the task ends). A thread
 * without a live pager, or a pager that answers anything else, ends its
 * task: a broken pager never hangs or crashes the kernel.
 */
#include "uaccess.h"
#include "argcheck.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "ipc.h"
#include "paging.h"
#include "task.h"
#include "trap.h"
#include "x86.h"
#include "str.h"

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

/* One pass over the pages of [va, va+len): fault in those not mapped for the access. */
static int uaccess_pass(uint32_t va, uint32_t len, int write, int *faulted)
{
    uint32_t need = PTE_P | PTE_U | (write ? PTE_W : 0);
    for (uint32_t p = va & ~0xFFFu; p < va + len; p += PAGE_SIZE) {
        pte_t pte = page_lookup(current->task->pd, p);
        if ((pte & need) == need)
            continue;
        uint32_t err = PF_USER | PF_SYSCALL | (write ? PF_WRITE : 0) | (pte & PTE_P);
        int r = fault_forward(p, err, current->tf->eip);
        if (r < 0)
            return r;
        *faulted = 1;
    }
    return 0;
}

/*
 * Make every page of [va, va+len) accessible. A fault blocks the thread, and
 * a pager may take back an earlier page meanwhile, so passes repeat until
 * one needs no fault.
 */
int uaccess_check(uint32_t va, uint32_t len, int write)
{
    if (len == 0)
        return 0;
    if (check_user_range(va, len) < 0)
        return E_FAULT;
    for (int pass = 0; pass < 4; pass++) {
        int faulted = 0;
        int r = uaccess_pass(va, len, write, &faulted);
        if (r < 0 || !faulted)
            return r;
    }
    return E_FAULT;
}

int copy_from_user(void *dst, uint32_t src, uint32_t len)
{
    int r = uaccess_check(src, len, 0);
    if (r == 0)
        memcpy(dst, (const void *)src, len);
    return r;
}

int copy_to_user(uint32_t dst, const void *src, uint32_t len)
{
    int r = uaccess_check(dst, len, 1);
    if (r == 0)
        memcpy((void *)dst, src, len);
    return r;
}
