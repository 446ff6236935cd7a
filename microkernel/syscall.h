/* System call entry (syscall.c). */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "trap.h"

void syscall_dispatch(struct trapframe *tf);

#endif
