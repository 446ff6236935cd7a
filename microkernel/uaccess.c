/*
 * Checked access to the current task's memory from a system call: a range
 * is first checked to lie below USER_TOP, then every page not mapped for the
 * access is faulted in through the thread's pager (fault_forward), marked
 * PF_SYSCALL so that a refusal becomes E_FAULT for the caller, not a kill.
 */
#include "uaccess.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "argcheck.h"
#include "fault.h"
#include "paging.h"
#include "str.h"
#include "sched.h"
#include "task.h"

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
