/*
 * Argument and rights checks of the system call layer, as plain functions
 * so that the host unit tests run exactly this code. Each returns 0 or the
 * abi_errno code the system call gives back.
 */
#ifndef KERNEL_ARGCHECK_H
#define KERNEL_ARGCHECK_H

#include <stdint.h>

int check_right(uint32_t held, uint32_t need);
int check_grant(uint32_t held, uint32_t requested); /* requested must be a subset of held */
int check_page_addr(uint32_t va);                   /* a user page address */
int check_perm(uint32_t perm);                      /* PERM_R plus optional W and X */
int check_user_range(uint32_t va, uint32_t len);    /* [va, va+len) inside user space */
int check_ports(uint32_t first, uint32_t count);    /* ports a task may be granted */
int check_irq(uint32_t line);                       /* a line a driver task may wait on */

#endif
