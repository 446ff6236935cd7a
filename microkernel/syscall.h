/* The system call table (syscall.c) and the boot facts SYS_KINFO reports (kmain.c). */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdint.h>
#include "trap.h"

struct task;

void syscall_dispatch(struct trapframe *tf);
int kinfo_get(uint32_t what, uint32_t arg, const struct task *caller);
int kinfo_cmdline(uint32_t buf, uint32_t len);

#endif
