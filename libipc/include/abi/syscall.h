/*
 * The kernel/user system call ABI.
 *
 * A system call is `int $0x80` with the call number in eax and arguments in
 * ebx, ecx, edx, esi, edi; the result comes back in eax (negative: an
 * abi_errno code). The four IPC calls use every register for the message
 * (see abi/msg.h): nothing of a message travels through memory.
 */
#ifndef ABI_SYSCALL_H
#define ABI_SYSCALL_H

#define SYSCALL_VECTOR 0x80

#define SYS_SEND          1
#define SYS_RECV          2
#define SYS_CALL          3
#define SYS_REPLY_RECV    4
#define SYS_TASK_CREATE   5
#define SYS_TASK_DESTROY  6
#define SYS_THREAD_CREATE 7
#define SYS_THREAD_EXIT   8
#define SYS_MAP           9
#define SYS_UNMAP         10
#define SYS_PROTECT       11
#define SYS_QUERY         12
#define SYS_FRAME_ALLOC   13
#define SYS_FRAME_FREE    14
#define SYS_CONSOLE_WRITE 15
#define SYS_TRACE_CTL     16
#define SYS_GETID         17
#define SYS_TIME          18
#define SYS_EXIT          19
#define SYS_YIELD         20
#define SYS_KINFO         21
#define SYS_CONSOLE_READ  22
#define SYS_IOPORT        23
#define SYS_POWEROFF      24
#define SYS_CONSOLE_FG    25
#define SYS_TABLE_ADD     26
#define SYS_IRQ_WAIT      27
#define SYS_FRAME_COPY    28
#define SYS_KMEM_ADD      29
#define SYS_COUNT         30

/* Flag or'ed into eax of SYS_SEND, SYS_RECV or SYS_REPLY_RECV: do not block (never SYS_CALL). */
#define IPC_NONBLOCK 0x100
/* Partner value meaning "receive from anyone". */
#define TID_ANY 0u
/* Sender id the kernel stamps on messages it makes itself (FAULT, EXIT). */
#define TID_KERNEL 0xFFFFFFFFu

/*
 * SYS_FRAME_ALLOC's flag (ebx): the frame comes as it is, not zeroed; its
 * old contents (another task's, maybe) are the caller's to see. For a frame
 * its user fills whole before it maps it anywhere (the pager's copy-on-write
 * copy, a swap-in). Any other bit of ebx: E_INVAL.
 */
#define FRAME_UNZEROED 0x1u

/* Rights a task may hold (SYS_TASK_CREATE grants a subset of the creator's). */
#define RIGHT_FRAME 0x1u  /* frame_alloc, frame_free, KINFO of the frame pool, map in own space */
#define RIGHT_MAP   0x2u  /* map, unmap, protect, query in foreign spaces */
#define RIGHT_SPACE 0x4u  /* task create/destroy, thread create in other tasks */
#define RIGHT_TRACE 0x8u  /* trace_ctl */
#define RIGHT_IO    0x10u /* ask for I/O ports, wait for a device's IRQ (swap server) */
#define RIGHT_POWER 0x20u /* power the machine off (test and bench init) */

/* The rights of the three tasks the kernel starts (microkernel/loader.c). */
#define RIGHTS_QUOTA RIGHT_FRAME
#define RIGHTS_PAGER (RIGHT_MAP | RIGHT_SPACE | RIGHT_TRACE | RIGHT_IO | RIGHT_POWER)
#define RIGHTS_INIT  (RIGHT_TRACE | RIGHT_POWER)

/* Page permissions for SYS_MAP / SYS_PROTECT. */
#define PERM_R 0x1u
#define PERM_W 0x2u
#define PERM_X 0x4u /* i386 without PAE cannot forbid execution: recorded only */
/* SYS_MAP (and a MAP answer to a fault) only: a page mapped at vaddr is replaced, its frame's
 * mapping dropped as SYS_UNMAP would (copy-on-write: no unmap first). */
#define PERM_REPLACE 0x8u

/* SYS_QUERY result bits (read and cleared for A and D). */
#define QUERY_PRESENT  0x1u
#define QUERY_ACCESSED 0x2u
#define QUERY_DIRTY    0x4u

/* Page-fault error code bits, as the CPU pushes them. */
#define PF_PRESENT 0x1u
#define PF_WRITE   0x2u
#define PF_USER    0x4u
#define PF_SYSCALL 0x100u /* not the CPU's: the kernel touched the page for a system call */

/* SYS_KINFO selectors. */
#define KINFO_FRAMES_TOTAL 1 /* frames in the user pool */
#define KINFO_FRAMES_FREE  2 /* user-pool frames not allocated */
#define KINFO_FRAMES_BOOT  3 /* frames the kernel gave the boot tasks (charged to root) */
#define KINFO_INITRD_BASE  4 /* where the initrd is mapped in the pager */
#define KINFO_INITRD_SIZE  5
#define KINFO_CMDLINE      6  /* copies the boot command line into buf (edx), len (esi) */
#define KINFO_TASK_FRAMES  7  /* arg2: task id; frames mapped in it */
#define KINFO_TICKS        8  /* timer ticks since boot */
#define KINFO_THREAD_TASK  9  /* arg2: thread id; the task it belongs to */
#define KINFO_KPOOL_FREE   10 /* kernel-pool frames free (page tables): leak checks */
#define KINFO_FRAMES_END   11 /* one past the highest frame number (sizes the quota owner table) */
#define KINFO_INITRD_FRAME 12 /* the initrd's first frame (E_ALIGN: it starts mid-page) */

/* Fixed thread ids of the first tasks the kernel starts. */
#define TID_QUOTA 1u
#define TID_PAGER 2u
#define TID_INIT  3u

/* User address-space layout. */
#define USER_BASE  0x00400000u /* lowest user address ever mapped (below: guard) */
#define USER_TOP   0xC0000000u /* first kernel address */
#define USTACK_TOP 0xBFC00000u /* user stacks grow down from here */
#define PAGE_SIZE  4096u
/* Limits a program may rely on (the pager keeps them). */
#define USTACK_PAGES 10u         /* a stack grows on demand, one page a fault, to this many pages */
#define ANON_BASE    0x80000000u /* VM pools (PAGER_VM_ALLOC) lie in [ANON_BASE, ANON_LIMIT) */
#define ANON_LIMIT   0xB0000000u
/* A task's name as the kernel (task_create, trace=ipc:NAME) and the pager (PAGER_PS) keep it:
 * at most TASK_NAME_MAX - 1 bytes, longer names are cut. */
#define TASK_NAME_MAX 16u
/* A task or thread id is its kernel slot (1..65535) in the low ID_SLOT_BITS bits and the slot's
 * generation above it (15 bits: an id is positive as an int), so an id names one task or thread
 * only: once it has ended, the id names nothing, even when its slot is used again. */
#define ID_SLOT_BITS 16
#define ID_SLOT(id)  ((id) & ((1u << ID_SLOT_BITS) - 1))
/*
 * A new thread of a program starts with esp = USTACK_ENTRY_SP, where the
 * stack holds a zero return address and then a pointer to the argument
 * string ("name arg arg..."), kept in the ARGS_AREA bytes under USTACK_TOP.
 */
#define ARGS_AREA       256u
#define USTACK_ENTRY_SP (USTACK_TOP - ARGS_AREA - 8u)

#endif
