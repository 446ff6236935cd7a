/* System call entry (syscall.c). */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "task.h"
#include "trap.h"

/* A system call by int $0x80 that the IPC fast path did not take (trap.S). */
void syscall_entry(struct trapframe *tf);
/* SYS_MAP's work for the current thread: map frame at va in t with perm, every check made. */
int map_checked(struct task *t, uint32_t va, uint32_t frame, uint32_t perm);

#endif
