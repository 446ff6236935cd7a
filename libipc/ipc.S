/*
 * IPC stubs. The message travels in registers (abi/msg.h): these stubs load
 * ebx/ecx/edx/esi/edi/ebp from the caller's msg_t, trap, and store what came
 * back. ebx, esi, edi and ebp are callee-saved in the i386 C ABI, so they
 * are pushed first.
 *
 * int ipc_send(uint32_t to, const msg_t *m), ipc_send_nb (never blocks)
 * int ipc_call(uint32_t to, msg_t *m)
 * int ipc_recv(uint32_t from, msg_t *m, uint32_t *sender)
 * int ipc_poll(uint32_t from, msg_t *m, uint32_t *sender)
 * int ipc_reply_recv(uint32_t to, msg_t *m, uint32_t *sender)
 */
#include "abi/syscall.h"

/* Save the callee-saved registers and load partner and message into the ABI's registers. */
.macro LOAD_MSG partner_off, msg_off
    push %ebp
    push %ebx
    push %esi
    push %edi
    mov \msg_off(%esp), %eax
    mov 0(%eax), %ecx
    mov 4(%eax), %edx
    mov 8(%eax), %esi
    mov 12(%eax), %edi
    mov 16(%eax), %ebp
    mov \partner_off(%esp), %ebx
.endm

/* After LOAD_MSG's pushes: 20(%esp) = partner, 24(%esp) = msg, 28(%esp) = sender ptr */
.macro IPC_STUB name, op
    .globl \name
\name:
    LOAD_MSG 20, 24
    mov $\op, %eax
    int $SYSCALL_VECTOR
    push %eax
    mov 28(%esp), %eax              /* msg (one more word on the stack now) */
    mov %ecx, 0(%eax)
    mov %edx, 4(%eax)
    mov %esi, 8(%eax)
    mov %edi, 12(%eax)
    mov %ebp, 16(%eax)
    mov 32(%esp), %eax              /* sender pointer, may be NULL */
    test %eax, %eax
    jz 1f
    mov %ebx, (%eax)
1:  pop %eax
    pop %edi
    pop %esi
    pop %ebx
    pop %ebp
    ret
.endm

/* send: the message is not written back (it is const) and no sender is returned.
 * The operation is pushed first, so: 16(%esp) = op, 24 = to, 28 = msg. */
    .globl ipc_send, ipc_send_nb
ipc_send_nb:
    push $(SYS_SEND | IPC_NONBLOCK)
    jmp 1f
ipc_send:
    push $SYS_SEND
1:  LOAD_MSG 24, 28
    mov 16(%esp), %eax
    int $SYSCALL_VECTOR
    pop %edi
    pop %esi
    pop %ebx
    pop %ebp
    add $4, %esp
    ret

/* call: like recv but with no sender pointer; the reply comes from `to`. */
    .globl ipc_call
ipc_call:
    push $0                         /* sender pointer argument slot */
    push 12(%esp)                   /* msg */
    push 12(%esp)                   /* to */
    call ipc_call_full
    add $12, %esp
    ret

IPC_STUB ipc_call_full, SYS_CALL
IPC_STUB ipc_recv, SYS_RECV
IPC_STUB ipc_poll, (SYS_RECV | IPC_NONBLOCK)
IPC_STUB ipc_reply_recv, SYS_REPLY_RECV

    .section .note.GNU-stack, "", @progbits
