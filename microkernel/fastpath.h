/* The IPC fast path (fastpath.c): 1 when it handled the system call. */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H

#include "trap.h"

int kipc_fastpath(struct trapframe *tf);

#endif
