/*
 * Argument and rights checks of the system call layer, as plain functions
 * so that the host unit tests run exactly this code. Each returns 0 or the
 * abi_errno code the system call gives back. The three every SYS_MAP and
 * mapping fault reply goes through are inline here: a call to each cost
 * more than the check.
 */
#ifndef KERNEL_ARGCHECK_H
#define KERNEL_ARGCHECK_H

#include <stdint.h>
#include "abi/errno.h"
#include "abi/syscall.h"

/* Does held include every right of need? */
static inline int check_right(uint32_t held, uint32_t need)
{
    return (held & need) == need ? 0 : E_PERM;
}

/* A user page address: below USER_TOP (E_FAULT) and page-aligned (E_ALIGN). */
static inline int check_page_addr(uint32_t va)
{
    if (va >= USER_TOP)
        return E_FAULT;
    return (va & (PAGE_SIZE - 1)) ? E_ALIGN : 0;
}

/* PERM_R plus optional W and X, nothing else (E_INVAL): one compare. */
static inline int check_perm(uint32_t perm)
{
    return (perm & ~(PERM_W | PERM_X)) == PERM_R ? 0 : E_INVAL;
}

int check_grant(uint32_t held, uint32_t requested); /* requested must be a subset of held */
int check_user_range(uint32_t va, uint32_t len);    /* [va, va+len) inside user space */
int check_ports(uint32_t first, uint32_t count);    /* ports a task may be granted */
int check_irq(uint32_t line);                       /* a line a driver task may wait on */

#endif
