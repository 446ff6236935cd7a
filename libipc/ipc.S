/*
 * IPC stubs. The message travels in registers (abi/msg.h): these stubs load
 * ebx/ecx/edx/esi/edi/ebp from the caller's msg_t, trap, and store what came
 * back. ebx, esi, edi and ebp are callee-saved in the i386 C ABI, so they
 * are pushed first.
 *
 * int ipc_send(uint32_t to, const msg_t *m), ipc_send_nb (never blocks)
 * int ipc_recv(uint32_t from, msg_t *m, uint32_t *sender)
 * int ipc_poll(uint32_t from, msg_t *m, uint32_t *sender)
 * ipc_call and ipc_reply_recv, on every request's way, are inline (ipc.h).
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

/* After the trap, with the result pushed: the message that came back into *msg (at msg_off). */
.macro STORE_MSG msg_off
    mov \msg_off(%esp), %eax
    mov %ecx, 0(%eax)
    mov %edx, 4(%eax)
    mov %esi, 8(%eax)
    mov %edi, 12(%eax)
    mov %ebp, 16(%eax)
.endm

/* The result back in eax, the callee-saved registers restored. */
.macro RETURN_RESULT
    pop %eax
    pop %edi
    pop %esi
    pop %ebx
    pop %ebp
    ret
.endm

/* After LOAD_MSG's pushes: 20(%esp) = partner, 24(%esp) = msg, 28(%esp) = sender ptr */
.macro IPC_STUB name, op
    .globl \name
\name:
    LOAD_MSG 20, 24
    mov $\op, %eax
    int $SYSCALL_VECTOR
    push %eax
    STORE_MSG 28                    /* msg (one more word on the stack now) */
    mov 32(%esp), %eax              /* sender pointer, may be NULL */
    test %eax, %eax
    jz 1f
    mov %ebx, (%eax)
1:  RETURN_RESULT
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

IPC_STUB ipc_recv, SYS_RECV
IPC_STUB ipc_poll, (SYS_RECV | IPC_NONBLOCK)

    .section .note.GNU-stack, "", @progbits
