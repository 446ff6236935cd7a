/*
 * The IPC fast paths (fastpath.S): what the assembly needs to know of the
 * kernel's structures, as numbers it can use, each checked against the C
 * layout at compile time (i386 only: the host unit tests see other sizes).
 */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H

/* struct thread (task.h) */
#define TH_TID            0
#define TH_STATE          4
#define TH_TASK           8
#define TH_PAGER          12
#define TH_PARTNER        16
#define TH_KERNEL_MADE    21
#define TH_AWAITING_REPLY 22
#define TH_AWAITED        23
#define TH_IPC_RESULT     24
#define TH_KESP           28
#define TH_FAULT_ADDR     56
#define TH_SENDQ          60
#define TH_RUN_NEXT       68
#define TH_RUN_PREV       72
#define TH_NOTICES        76
#define TH_KSTACK_TOP     3952 /* kstack + KSTACK_SIZE: the esp0 of its traps from user mode */
/* Its trapframe, always at the top of its stack (task.c): a trap from user mode fills it all. */
#define TH_FRAME      (TH_KSTACK_TOP - TF_BYTES)
#define TH_IRET_FRAME (TH_FRAME + TF_EIP) /* eip cs eflags esp ss: what iret takes */
#define TS_READY_NUM  1
#define TS_RECV_NUM   3
/* struct task */
#define TASK_PD    4
#define TASK_IOMAP 44
/* struct trapframe (trap.h) */
#define TF_EDX    20
#define TF_ECX    24
#define TF_EAX    28
#define TF_TRAPNO 32
#define TF_ERR    36
#define TF_EIP    40
#define TF_BYTES  60
/* struct idtab (idtab.h): pages of 256 slots of 16 bytes, one per value of an id's second byte */
#define IDTAB_SLOT_SHIFT 4
/* struct tss (gdt.h) */
#define TSS_ESP0 4
/* abi/msg.h's labels (an enum there) */
#define LABEL_OK    0x0001
#define LABEL_FAULT 0x0100
#define LABEL_MAP   0x0102
/* abi/syscall.h's with their C suffixes: FAULT's error code bits, the sender TID_KERNEL */
#define FAULT_ERR_BITS 0x7
#define KERNEL_SENDER  0xFFFFFFFF
/* What the fast paths put under a thread's trapframe when it blocks: the four registers and
 * the return address context_switch pops to resume it (one of fastpath.S's resume entries). */
#define RESUME_FRAME_BYTES 20

#ifndef __ASSEMBLER__
#include <stddef.h>
#include "abi/msg.h"
#include "gdt.h"
#include "idtab.h"
#include "task.h"
#include "trap.h"

#ifdef __i386__
#define FASTPATH_LAYOUT(type, field, value)                                                        \
    _Static_assert(offsetof(type, field) == (value), "fastpath.h: " #type "." #field " moved")
FASTPATH_LAYOUT(struct thread, tid, TH_TID);
FASTPATH_LAYOUT(struct thread, state, TH_STATE);
FASTPATH_LAYOUT(struct thread, task, TH_TASK);
FASTPATH_LAYOUT(struct thread, pager, TH_PAGER);
FASTPATH_LAYOUT(struct thread, partner, TH_PARTNER);
FASTPATH_LAYOUT(struct thread, kernel_made, TH_KERNEL_MADE);
FASTPATH_LAYOUT(struct thread, awaiting_reply, TH_AWAITING_REPLY);
FASTPATH_LAYOUT(struct thread, awaited, TH_AWAITED);
FASTPATH_LAYOUT(struct thread, ipc_result, TH_IPC_RESULT);
FASTPATH_LAYOUT(struct thread, kesp, TH_KESP);
FASTPATH_LAYOUT(struct thread, fault_addr, TH_FAULT_ADDR);
FASTPATH_LAYOUT(struct thread, sendq, TH_SENDQ);
FASTPATH_LAYOUT(struct thread, run_next, TH_RUN_NEXT);
FASTPATH_LAYOUT(struct thread, run_prev, TH_RUN_PREV);
FASTPATH_LAYOUT(struct thread, notices, TH_NOTICES);
FASTPATH_LAYOUT(struct thread, kstack[KSTACK_SIZE], TH_KSTACK_TOP);
FASTPATH_LAYOUT(struct task, pd, TASK_PD);
FASTPATH_LAYOUT(struct task, iomap, TASK_IOMAP);
FASTPATH_LAYOUT(struct trapframe, edx, TF_EDX);
FASTPATH_LAYOUT(struct trapframe, ecx, TF_ECX);
FASTPATH_LAYOUT(struct trapframe, eax, TF_EAX);
FASTPATH_LAYOUT(struct trapframe, trapno, TF_TRAPNO);
FASTPATH_LAYOUT(struct trapframe, err, TF_ERR);
FASTPATH_LAYOUT(struct trapframe, eip, TF_EIP);
_Static_assert(sizeof(struct trapframe) == TF_BYTES, "fastpath.h: struct trapframe's size");
FASTPATH_LAYOUT(struct idtab, page, 0);
FASTPATH_LAYOUT(struct tss, esp0, TSS_ESP0);
_Static_assert(sizeof(struct idtab_slot) == 1 << IDTAB_SLOT_SHIFT && IDTAB_PER_PAGE == 256 &&
                   ID_SLOT_BITS == 16,
               "fastpath.h: the id table's shape (an id's low byte indexes a page, the next one "
               "the pages)");
_Static_assert(TS_READY_NUM == TS_READY && TS_RECV_NUM == TS_RECV, "fastpath.h: thread states");
_Static_assert(LABEL_OK == MSG_OK && LABEL_FAULT == MSG_FAULT && LABEL_MAP == MSG_MAP,
               "fastpath.h: message labels");
_Static_assert(TID_ANY == 0, "fastpath.S stores and tests TID_ANY as zero");
_Static_assert(FAULT_ERR_BITS == (PF_PRESENT | PF_WRITE | PF_USER) && KERNEL_SENDER == TID_KERNEL,
               "fastpath.h: FAULT's error bits and sender");
#endif
#endif

#endif
