/* Page faults of user threads, forwarded to their pager as IPC (fault.c). */
#ifndef KERNEL_FAULT_H
#define KERNEL_FAULT_H

#include <stdint.h>

/*
 * Forward a page fault of the current thread to its pager and wait for the
 * answer; 0 when resolved. A refusal ends the task, unless err has
 * PF_SYSCALL, when the caller gets E_FAULT instead.
 */
int fault_forward(uint32_t addr, uint32_t err, uint32_t eip);

#endif
