/*
 * Trap entry points. Every vector pushes an error code (a dummy 0 when the
 * CPU pushes none) and its number, then trap_common saves the rest so that
 * the stack holds a struct trapframe (trap.h), lowest address first:
 *   edi esi ebp pusha_esp ebx edx ecx eax | trapno err |
 *   eip cs eflags [useresp userss when coming from ring 3]
 * The segment registers are not saved: the kernel loads SEG_KDATA into ds
 * and es on entry, and trap_return loads SEG_UDATA into all four data
 * segment registers (a flat segment the kernel may use too, when the trap
 * came from ring 0). trap_return restores the frame; a new thread starts
 * there too.
 */
#include "gdt.h"
#include "abi/syscall.h"
#include "userseg.inc"

.macro TRAP_NOERR n
    .globl trap_vec\n
trap_vec\n:
    push $0
    push $\n
    jmp trap_common
.endm

/* Leave the kernel through the trapframe at esp (a new thread starts here too). */
.macro TRAP_RETURN
    LOAD_USER_SEGS
    popa
    add $8, %esp            /* trapno, err */
    iret
.endm

.macro TRAP_ERR n
    .globl trap_vec\n
trap_vec\n:
    push $\n
    jmp trap_common
.endm

    .text
TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR   8
TRAP_NOERR 9
TRAP_ERR   10
TRAP_ERR   11
TRAP_ERR   12
TRAP_ERR   13
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR   17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR   21
TRAP_NOERR 22
TRAP_NOERR 23
TRAP_NOERR 24
TRAP_NOERR 25
TRAP_NOERR 26
TRAP_NOERR 27
TRAP_NOERR 28
TRAP_ERR   29
TRAP_ERR   30
TRAP_NOERR 31
TRAP_NOERR 32
TRAP_NOERR 33
TRAP_NOERR 34
TRAP_NOERR 35
TRAP_NOERR 36
TRAP_NOERR 37
TRAP_NOERR 38
TRAP_NOERR 39
TRAP_NOERR 40
TRAP_NOERR 41
TRAP_NOERR 42
TRAP_NOERR 43
TRAP_NOERR 44
TRAP_NOERR 45
TRAP_NOERR 46
TRAP_NOERR 47

trap_common:
    pusha
    mov %ss:kernel_data_sel, %ds /* ss is the kernel's on any trap; ds may be anything */
    mov kernel_data_sel, %es
    cld                     /* C code assumes DF clear; a user may enter with it set (std) */
    push %esp               /* struct trapframe * */
    call trap_dispatch
    add $4, %esp
    .globl trap_return
trap_return:
    TRAP_RETURN

/*
 * int $0x80, a system call: the same struct trapframe as trap_common, built
 * here. A call without flags goes straight to its entry in syscall_table
 * (syscall.c), called with the trapframe in eax (TRAP_REGPARM); its result
 * becomes the thread's eax. A number with flags (or none the table has)
 * goes through syscall_entry. The IPC numbers (and 0) go first to the IPC
 * fast path, fastpath.S ipc_fast, with only ds loaded; what it does not
 * take comes back to syscall_dispatch (call and reply_recv to sc_ipc).
 */
    .globl trap_vec128, syscall_dispatch
trap_vec128:
    push $0
    push $SYSCALL_VECTOR
    pusha
    mov %ss:kernel_data_sel, %ds
    cmp $SYS_REPLY_RECV, %eax
    jbe ipc_fast
syscall_dispatch:           /* eax: the number; ds: the kernel's */
    mov kernel_data_sel, %es
    cld
    cmp $SYS_COUNT, %eax
    jae 1f
    mov %eax, %ecx
    mov %esp, %eax
    call *syscall_table(,%ecx,4)
    mov %eax, 28(%esp)      /* the frame's eax */
    TRAP_RETURN             /* here rather than a jump to trap_return: one instruction a call */
1:  push %esp
    call syscall_entry
    add $4, %esp
    jmp trap_return

/*
 * A page fault: from user mode, fastpath.S fault_fast first, which hands
 * FAULT straight to a waiting pager and leaves the kernel through the
 * pager's frame. Otherwise (it jumps back to trap_vec14_general), and from
 * ring 0, trap_dispatch as for any trap.
 */
    .globl trap_vec14, trap_vec14_general
trap_vec14:
    push $14
    pusha
    mov %ss:kernel_data_sel, %ds /* fault_fast needs no more: es and cld are for C */
    testb $3, 44(%esp)      /* the frame's cs: from user mode? */
    jnz fault_fast
trap_vec14_general:
    mov kernel_data_sel, %es
    cld
    push %esp
    call trap_dispatch
    add $4, %esp
    jmp trap_return

/*
 * void context_switch(uint32_t *old_esp, uint32_t new_esp)
 * Saves the callee-saved registers on the current kernel stack, stores the
 * stack pointer in *old_esp, loads new_esp and pops the same set from it.
 */
    .globl context_switch
context_switch:
    mov 4(%esp), %eax
    mov 8(%esp), %edx
    push %ebp
    push %ebx
    push %esi
    push %edi
    mov %esp, (%eax)
    mov %edx, %esp
    pop %edi
    pop %esi
    pop %ebx
    pop %ebp
    ret

    .section .rodata
    .globl kernel_data_sel, user_data_sel
kernel_data_sel:
    .word SEG_KDATA         /* loaded into ds and es on entry, through ss */
user_data_sel:
    .word SEG_UDATA         /* LOAD_USER_SEGS (gdt.h) loads the segment registers from here */

    .globl trap_vectors
trap_vectors:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .long trap_vec\n
    .endr
    .irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
    .long trap_vec\n
    .endr

    .section .note.GNU-stack, "", @progbits
