/*
 * User-side system call and IPC functions (libipc). Every function returns 0 or
 * a non-negative value on success and a negative abi_errno on failure.
 */
#ifndef LIBIPC_IPC_H
#define LIBIPC_IPC_H

#include <stdint.h>
#include "abi/errno.h"
#include "abi/msg.h"
#include "abi/syscall.h"

/* IPC: m holds the message to send and receives the one that arrives. */
int ipc_send(uint32_t to, const msg_t *m);
int ipc_send_nb(uint32_t to, const msg_t *m); /* E_TIMEOUT if to is not receiving */
int ipc_recv(uint32_t from, msg_t *m, uint32_t *sender);
int ipc_poll(uint32_t from, msg_t *m, uint32_t *sender); /* recv that never blocks */

/*
 * The two IPCs every request and every answer makes, inline: the compiler
 * saves the callee-saved registers the message travels in (abi/msg.h) once
 * per function, not once per message as an out-of-line function must. The
 * fourth word goes in ebp, which may be the frame pointer: the trap
 * (IPC_TRAP_IN) saves ebp, then m, which comes in eax, and the code after
 * it stores that word itself and gives ebp back.
 */
#define IPC_TRAP_IN                                                                                \
    "push %%ebp\n\tpush %%eax\n\tmov 16(%%eax), %%ebp\n\tmov %[op], %%eax\n\tint %[vec]\n\t"
#define IPC_TRAP_REGS(r, partner, m)                                                               \
    "+a"(r), "+b"(partner), "+c"((m)->label), "+d"((m)->w[0]), "+S"((m)->w[1]), "+D"((m)->w[2])
#define IPC_TRAP_OP(number) [op] "i"(number), [vec] "i"(SYSCALL_VECTOR)

/* ebx, the partner, is free once the call is made: m comes back into it. */
static inline int ipc_call(uint32_t to, msg_t *m)
{
    uintptr_t r = (uintptr_t)m;
    __asm__ volatile(IPC_TRAP_IN "pop %%ebx\n\tmov %%ebp, 16(%%ebx)\n\tpop %%ebp"
                     : IPC_TRAP_REGS(r, to, m)
                     : IPC_TRAP_OP(SYS_CALL)
                     : "memory");
    return (int)r;
}

/* ebx brings the sender, which stays: m is read back from under it on the stack. */
static inline int ipc_reply_recv(uint32_t to, msg_t *m, uint32_t *sender)
{
    uintptr_t r = (uintptr_t)m;
    __asm__ volatile(IPC_TRAP_IN "push %%ebx\n\tmov 4(%%esp), %%ebx\n\tmov %%ebp, 16(%%ebx)\n\t"
                                 "pop %%ebx\n\tadd $4, %%esp\n\tpop %%ebp"
                     : IPC_TRAP_REGS(r, to, m)
                     : IPC_TRAP_OP(SYS_REPLY_RECV)
                     : "memory");
    if (sender)
        *sender = to;
    return (int)r;
}

/* Tasks and threads (RIGHT_SPACE). parent is the task that EXIT is sent to; dir and frame, two
 * frames the caller holds, become the new space's page directory and the task's struct until
 * the task ends. */
int sys_task_create(uint32_t parent, uint32_t rights, const char *name, uint32_t dir,
                    uint32_t frame);
int sys_task_destroy(uint32_t task, int status, uint32_t reason, uint32_t addr);
/* E_NOKMEM: the task has no spare page for a thread; its pager gives one (sys_kmem_add). */
int sys_thread_create(uint32_t task, uint32_t eip, uint32_t esp, uint32_t pager);
/* RIGHT_MAP: frame becomes a spare page of task's, for its next thread, until the task ends. */
int sys_kmem_add(uint32_t task, uint32_t frame);
void sys_thread_exit(void) __attribute__((noreturn));
void sys_exit(int status) __attribute__((noreturn));

/* Memory (RIGHT_MAP for tasks other than the caller; RIGHT_FRAME for frames). */
int sys_map(uint32_t task, uint32_t vaddr, uint32_t frame, uint32_t perm);
/* After map's E_NOTABLE: frame becomes the page table for vaddr's 4 MiB until the task ends. */
int sys_table_add(uint32_t task, uint32_t vaddr, uint32_t frame);
int sys_unmap(uint32_t task, uint32_t vaddr); /* returns the frame that was mapped */
int sys_protect(uint32_t task, uint32_t vaddr, uint32_t perm);
int sys_frame_copy(uint32_t dst, uint32_t src); /* a whole page; RIGHT_MAP */
int sys_query(uint32_t task, uint32_t vaddr);   /* QUERY_* bits; A and D cleared */
/* A frame number (> 0), zeroed unless FRAME_UNZEROED. Inline: the quota server makes one for
 * every page a process touches. */
static inline int sys_frame_alloc(uint32_t flags)
{
    int r;
    __asm__ volatile("int %[vec]"
                     : "=a"(r)
                     : "a"(SYS_FRAME_ALLOC), "b"(flags), [vec] "i"(SYSCALL_VECTOR)
                     : "memory");
    return r;
}
int sys_frame_free(uint32_t frame);

/* Everything else. */
int sys_console_write(const char *buf, uint32_t len);
int sys_console_read(char *buf, uint32_t len); /* blocks until a byte is typed; bytes read */
int sys_console_fg(uint32_t task); /* the task Ctrl-C ends (0: none); returns the previous one */
int sys_trace_ctl(uint32_t cmd, uint32_t arg);
uint32_t sys_getid(void);   /* caller's thread id */
uint32_t sys_gettask(void); /* caller's task id */
uint64_t sys_time(void);    /* TSC */
void sys_yield(void);
int sys_kinfo(uint32_t what, uint32_t arg);
int sys_kinfo_cmdline(char *buf, uint32_t len);
int sys_ioport(uint32_t first, uint32_t count);
int sys_irq_wait(uint32_t line); /* block until IRQ line interrupts (claims it: RIGHT_IO) */
int sys_poweroff(uint32_t code); /* returns only on failure (E_PERM) */

#endif
