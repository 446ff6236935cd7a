/*
 * Checked access to the current task's memory from a system call
 * (uaccess.c). Each returns 0 or E_FAULT; pages not yet mapped are faulted
 * in through the thread's pager exactly as a user access would be.
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include <stdint.h>

int uaccess_check(uint32_t va, uint32_t len, int write);
int copy_from_user(void *dst, uint32_t src, uint32_t len);
int copy_to_user(uint32_t dst, const void *src, uint32_t len);

#endif
