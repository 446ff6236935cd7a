/* The IPC fast path (fastpath.c), entered from trap.S's int $0x80 stub. */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H

#include "trap.h"

/* call or reply_recv done here: the frame to leave the kernel through (the partner's), or 0. */
struct trapframe *TRAP_REGPARM kipc_fastpath(struct trapframe *tf);
/* trap.S: syscall_table's entry for call and reply_recv, the fast path or else sc_ipc. */
int TRAP_REGPARM ipc_fast(struct trapframe *tf);
/* The end of a system call blocked on the fast path and woken by the general path. */
void kipc_resume(struct trapframe *tf);

#endif
