/*
 * The IPC fast paths, kept apart from the general path as seL4 does, in
 * assembly with no C call: the exchanges every client-server round trip
 * and every page fault are made of, when nothing unusual is going on:
 *   call        to a thread already waiting to receive from us (or anyone);
 *   reply_recv  to a caller waiting for our reply, with nobody queued for
 *               us, including a pager's OK or MAP answer to a user-mode
 *               FAULT (MAP calls syscall.c map_checked, the one C call);
 *   a user-mode page fault, handed as FAULT to a pager waiting for anyone.
 * Anything else (tracing on, dead threads to reap, a partner not ready or
 * not found, notices or senders waiting, a FAULT taken inside a system
 * call, a KILL, a MAP that fails) takes the general path (ipc.c, fault.c),
 * which is the reference: both end in the same states, and the boot test
 * runs t_ipc on both.
 *
 * The thread that was running blocks in TS_RECV and its partner, which was
 * blocked in an IPC (or a fault), runs in its place without a context
 * switch: a partner blocked in an IPC has nothing left to do in the kernel
 * but return its result (0, in eax, with the message in the other
 * registers), and a faulting thread nothing but retry the access. The
 * blocked thread's saved kernel stack (kesp) is RESUME_FRAME_BYTES under its
 * trapframe, ending in the address of kipc_resume_entry or fault_resume_entry
 * below: if the general path wakes it, context_switch returns there. A
 * thread's trapframe is always at the top of its stack (fastpath.h
 * TH_FRAME). Interrupts are off throughout (interrupt gates).
 */
#include "abi/syscall.h"
#include "fastpath.h"
#include "gdt.h"
#include "trap.h"
#include "userseg.inc"

/* Tracing on (every IPC is recorded on the general path) or dead threads to reap: jump to fail. */
.macro TRACE_OR_REAP fail
    cmpl $0, kipc_general_only                  /* ipc.h: both in one word */
    jnz \fail
.endm

/*
 * The thread whose id is in ebx into eax, or a jump to fail: task.h's thread_get (idtab.h's
 * lookup) less its test for TS_DEAD, which every caller's test for TS_RECV makes. The slot is
 * the id's low 16 bits: bh indexes the pages (each there, idtab_none's if not made), bl the
 * slots of one. Slot 0 holds no thread; a thread holds its own id, so comparing it is the
 * generation test. Uses edx.
 */
.macro THREAD_GET fail
    movzbl %bh, %edx
    mov thread_ids(, %edx, 4), %edx             /* the slot's page */
    movzbl %bl, %eax
    shl $IDTAB_SLOT_SHIFT, %eax
    mov (%edx, %eax), %eax                      /* the slot's object */
    test %eax, %eax
    jz \fail
    cmp TH_TID(%eax), %ebx
    jne \fail
.endm

/* What C code takes for granted and the fast paths do without: es the kernel's, DF clear. */
.macro C_SEGS
    mov kernel_data_sel, %es
    cld
.endm

/*
 * me (ecx) blocks in TS_RECV, to be resumed at `resume` if the general path wakes it; dst (eax),
 * which waited, takes its place in the run queue and becomes current with its kernel stack,
 * address space and I/O bitmap: sched.c's handoff_queue and sched_enter in one (dst's successor
 * is the next to run). A running thread is on the run queue, and cr3 holds its task's directory:
 * it trapped from user mode, running in that space. Uses ebx and edx.
 */
.macro HANDOFF resume
    movl $TS_RECV_NUM, TH_STATE(%ecx)
    lea TH_FRAME - RESUME_FRAME_BYTES(%ecx), %edx
    mov %edx, TH_KESP(%ecx)
    movl $0, TH_IPC_RESULT(%eax)
    movb $0, TH_AWAITING_REPLY(%eax)
    movl $TS_READY_NUM, TH_STATE(%eax)
    mov TH_RUN_NEXT(%ecx), %edx
    cmp %ecx, %edx
    je 1f
    mov TH_RUN_PREV(%ecx), %ebx
    mov %edx, TH_RUN_NEXT(%eax)
    mov %ebx, TH_RUN_PREV(%eax)
    mov %eax, TH_RUN_NEXT(%ebx)
    mov %eax, TH_RUN_PREV(%edx)
    mov %edx, runq
    jmp 2f
1:  mov %eax, TH_RUN_NEXT(%eax)                  /* me was alone on the queue */
    mov %eax, TH_RUN_PREV(%eax)
    mov %eax, runq
2:  movl $0, TH_RUN_NEXT(%ecx)
    movl $0, TH_RUN_PREV(%ecx)
    mov %eax, current
    lea TH_KSTACK_TOP(%eax), %edx
    mov %edx, tss + TSS_ESP0
    mov TH_TASK(%eax), %edx
    cmp TH_TASK(%ecx), %edx                     /* the same space: cr3 holds it already */
    je 3f
    mov TASK_PD(%edx), %ebx
    mov %ebx, %cr3
3:  mov TASK_IOMAP(%edx), %edx
    cmp loaded_iomap, %edx
    je 4f
    C_SEGS
    push %eax
    push %ecx
    push %eax
    call sched_load_iomap
    add $4, %esp
    pop %ecx
    pop %eax
4:  movl $\resume, TH_FRAME - 4(%ecx)           /* last: the call above used that word */
.endm

    .text
/*
 * From trap.S trap_vec128 for the numbers up to SYS_REPLY_RECV: esp is the trapframe (the
 * thread's, at TH_FRAME in it), eax the number, ebx the partner's id, ecx, esi, edi and ebp the
 * message (edx with it in the frame), ds the kernel's (es and DF the caller's still). What it
 * does not take goes on to trap.S syscall_dispatch, as any system call (to syscall.c sc_ipc).
 */
    .globl ipc_fast
ipc_fast:
    cmp $SYS_CALL, %eax
    jb syscall_dispatch                         /* 0, send, recv */
    je ipc_fast_call
    /* reply_recv: dst waits for my reply, and nothing waits for my receive */
    TRACE_OR_REAP ipc_slow
    THREAD_GET ipc_slow                         /* dst in eax */
    cmpl $TS_RECV_NUM, TH_STATE(%eax)
    jne ipc_slow
    mov current, %ecx                           /* me */
    mov TH_TID(%ecx), %edx
    cmp %edx, TH_PARTNER(%eax)
    jne ipc_slow
    mov TH_SENDQ(%ecx), %edx
    or TH_NOTICES(%ecx), %edx
    jnz ipc_slow
    cmpb $0, TH_KERNEL_MADE(%eax)
    jne ipc_fast_fault_reply
    movl $0, TH_PARTNER(%ecx)                   /* TID_ANY */
    jmp ipc_fast_deliver

/* call: dst waits for anyone or for me, but not inside fault_forward for its pager */
ipc_fast_call:
    TRACE_OR_REAP ipc_slow
    THREAD_GET ipc_slow                         /* dst in eax */
    cmpl $TS_RECV_NUM, TH_STATE(%eax)           /* not me then: I run */
    jne ipc_slow
    mov current, %ecx                           /* me */
    cmpb $0, TH_KERNEL_MADE(%eax)
    jne ipc_slow
    mov TH_PARTNER(%eax), %edx
    test %edx, %edx                             /* TID_ANY */
    jz 1f
    cmp TH_TID(%ecx), %edx
    jne ipc_slow
1:  mov %ebx, TH_PARTNER(%ecx)                  /* I wait for dst's reply */
    movb $1, TH_AWAITED(%eax)
    movb $1, TH_AWAITING_REPLY(%ecx)

/*
 * The message goes to dst in the registers: esi, edi and ebp were never touched, ecx and edx
 * come from my frame, ebx is my id. I block; the kernel is left through dst's frame.
 */
ipc_fast_deliver:
    HANDOFF kipc_resume_entry
    lea TH_IRET_FRAME(%eax), %esp
    mov TH_TID(%ecx), %ebx
    mov TH_FRAME + TF_EDX(%ecx), %edx
    mov TH_FRAME + TF_ECX(%ecx), %ecx
    LOAD_USER_SEGS
    xor %eax, %eax                              /* the result of dst's IPC */
    iret

/*
 * The pager (me) answers dst asleep in a fault (kernel_made): a user-mode fault (not one taken
 * in a system call, which resumes in uaccess.c) answered OK or MAP, whose mapping is made here
 * with SYS_MAP's checks. dst then retries the access: it leaves through its own frame.
 */
ipc_fast_fault_reply:
    cmpl $T_PGFLT, TH_FRAME + TF_TRAPNO(%eax)
    jne ipc_slow
    mov TH_FRAME + TF_ECX(%ecx), %edx           /* the label */
    cmp $LABEL_OK, %edx
    je 1f
    cmp $LABEL_MAP, %edx
    jne ipc_slow
    C_SEGS
    push %eax
    push %ecx
    push %edi                                   /* map_checked(dst->task, vaddr, frame, perm) */
    push %esi
    pushl TH_FRAME + TF_EDX(%ecx)
    pushl TH_TASK(%eax)
    call map_checked
    test %eax, %eax
    lea 16(%esp), %esp                          /* keeps the flags, as the pops do */
    pop %ecx
    pop %eax
    js ipc_slow                                 /* the general path tries again and tells why */
1:  movb $0, TH_KERNEL_MADE(%eax)
    movl $0, TH_PARTNER(%ecx)                   /* TID_ANY */
    HANDOFF kipc_resume_entry
    lea TH_FRAME(%eax), %esp
    jmp trap_return

ipc_slow:
    mov TF_EAX(%esp), %eax                      /* the number again */
    jmp syscall_dispatch

/*
 * A page fault from user mode, from trap.S trap_vec14 (esp: the trapframe, ds the kernel's, es
 * and DF still the user's): FAULT{addr, err, eip, tid} from TID_KERNEL straight into the
 * registers of the thread's pager if it waits for anyone, as fault.c fault_forward sends it on
 * the general path, which trap_vec14_general takes otherwise.
 */
    .globl fault_fast
fault_fast:
    TRACE_OR_REAP trap_vec14_general
    mov current, %ecx                           /* me */
    mov TH_PAGER(%ecx), %ebx
    THREAD_GET trap_vec14_general               /* the pager, dst, in eax */
    cmpl $TS_RECV_NUM, TH_STATE(%eax)
    jne trap_vec14_general
    cmpl $0, TH_PARTNER(%eax)                   /* TID_ANY */
    jne trap_vec14_general
    mov TH_TASK(%ecx), %edx
    cmp TH_TASK(%eax), %edx
    je trap_vec14_general                       /* a pager does not page itself */
    mov %cr2, %edx
    movb $1, TH_KERNEL_MADE(%ecx)
    mov %edx, TH_FAULT_ADDR(%ecx)
    mov %ebx, TH_PARTNER(%ecx)                  /* I wait for the pager's answer */
    movb $1, TH_AWAITED(%eax)
    movb $1, TH_AWAITING_REPLY(%ecx)
    movl $0, TH_IPC_RESULT(%ecx)
    HANDOFF fault_resume_entry
    lea TH_IRET_FRAME(%eax), %esp
    mov TH_FAULT_ADDR(%ecx), %edx
    mov TH_FRAME + TF_ERR(%ecx), %esi
    and $FAULT_ERR_BITS, %esi
    mov TH_FRAME + TF_EIP(%ecx), %edi
    mov TH_TID(%ecx), %ebp
    mov $KERNEL_SENDER, %ebx
    mov $LABEL_FAULT, %ecx
    LOAD_USER_SEGS
    xor %eax, %eax                              /* the result of the pager's receive */
    iret

/*
 * A thread that blocked on a fast path, woken by the general path: context_switch popped the
 * four words under its trapframe and returned here, so esp is its trapframe. Its system call
 * (kipc_resume, ipc.c) or its fault (fault_resume, fault.c) ends as the general path's would.
 */
kipc_resume_entry:
    push %esp
    call kipc_resume
    add $4, %esp
    jmp trap_return

fault_resume_entry:
    push %esp
    call fault_resume
    add $4, %esp
    jmp trap_return

    .section .note.GNU-stack, "", @progbits
