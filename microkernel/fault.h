/* Page faults of user threads, forwarded to their pager as IPC (fault.c). */
#ifndef KERNEL_FAULT_H
#define KERNEL_FAULT_H

#include <stdint.h>
#include "task.h"
#include "trap.h"

/*
 * Forward a page fault of the current thread to its pager and wait for the
 * answer; 0 when resolved. A refusal ends the task, unless err has
 * PF_SYSCALL, when the caller gets E_FAULT instead.
 */
int fault_forward(uint32_t addr, uint32_t err, uint32_t eip);

/* fastpath.S: the end of a fault blocked on the fast path and answered on the general path. */
void fault_resume(struct trapframe *tf);

/*
 * A reply MSG_MAP{vaddr, frame, perm} to dst's FAULT maps the page before
 * dst resumes (map in the reply, as L4's map items): 0 when it did (or the
 * reply is not one), else the error, and the reply must not be delivered.
 */
int fault_reply_map(const struct thread *dst, const struct trapframe *reply);

#endif
