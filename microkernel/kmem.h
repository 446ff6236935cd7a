/*
 * Memory for kernel objects (a task's struct, a thread's fields and kernel
 * stack): a page an object. The boot servers' objects are kernel-pool
 * pages; every other task's are user frames its container paid for, which
 * its pager gives (task_create, SYS_KMEM_ADD) and the kernel holds
 * (AT_HELD) until the object goes, then lets go for the pager to free. A
 * frame inside the direct map is used there; one above it is mapped into
 * the object area, whose page tables are made at boot (one per 4 MiB of
 * RAM above the direct map, up to the frame windows) so that every space,
 * which copies the kernel half when it is made, sees every object.
 */
#ifndef KERNEL_KMEM_H
#define KERNEL_KMEM_H

#include <stdint.h>

/* The object area's page tables, for RAM up to frame nframes: before the first space is made. */
void kmem_init(uint32_t nframes);
/* A zeroed kernel-pool page, or 0 when the pool is empty. */
void *kmem_kernel(void);
/* User frame becomes an object page (*page), as its owner left it: the object clears its
 * fields. 0, a pmem_hold error, or E_NOMEM (no room left in the object area). */
int kmem_take(uint32_t frame, void **page);
/* An object page goes: a kernel-pool one back to the pool, a user frame let go. */
void kmem_give_back(void *page);

#endif
