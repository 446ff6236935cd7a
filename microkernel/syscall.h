/* System call entry (syscall.c). */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "abi/syscall.h"
#include "task.h"
#include "trap.h"

/* A system call's work: its result, which trap.S puts in the caller's eax. */
typedef int TRAP_REGPARM (*syscall_fn)(struct trapframe *tf);

/* trap.S calls entry n for a system call numbered n with no flags. */
extern const syscall_fn syscall_table[SYS_COUNT];
/* A system call whose number has flags or is out of range (trap.S). */
void syscall_entry(struct trapframe *tf);
/* SYS_SEND, SYS_RECV, SYS_CALL, SYS_REPLY_RECV (with any flags) on the general path. */
int TRAP_REGPARM sc_ipc(struct trapframe *tf);
/*
 * SYS_MAP's work for the current thread: map frame at va in t with perm,
 * every check made. No trace event: fastpath.S calls this for a fault's
 * MAP answer only while tracing is off; SYS_MAP and the general path's MAP
 * answer call map_traced, which records TOP_MAP when tracing is on.
 */
int map_checked(struct task *t, uint32_t va, uint32_t frame, uint32_t perm);
int map_traced(struct task *t, uint32_t va, uint32_t frame, uint32_t perm);

#endif
