/*
 * Checked access to the current task's memory from a system call. A user
 * range is first checked to lie below USER_TOP; pages not yet mapped are
 * faulted in through the thread's pager exactly as a user access would be
 * (marked PF_SYSCALL so that a refusal becomes E_FAULT, not a kill).
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include <stdint.h>

int uaccess_check(uint32_t va, uint32_t len, int write);
int copy_from_user(void *dst, uint32_t src, uint32_t len);
int copy_to_user(uint32_t dst, const void *src, uint32_t len);

/* Forward a page fault of the current thread to its pager; 0 when resolved. */
int fault_forward(uint32_t addr, uint32_t err, uint32_t eip);

#endif
