/*
 * int fork_with(uint32_t quota) (docs/libc.md): saves the callee-saved
 * registers on the caller's stack and asks the pager, through
 * fork_request (ulib.c), for a child whose one thread starts at fork_child
 * with esp pointing at them. The child's stack is a copy-on-write image
 * of this one, so there fork_child restores the same registers and
 * returns 0 from fork_with; the parent returns the child's id (or an
 * error).
 *
 * Stack at the request, from esp up: edi, esi, ebx, ebp, the return
 * address, quota.
 */
.globl fork_with
fork_with:
    push %ebp
    push %ebx
    push %esi
    push %edi
    mov %esp, %eax
    pushl 20(%eax)          /* quota */
    push %eax               /* the child's esp */
    push $fork_child        /* the child's eip */
    call fork_request
    add $12, %esp
fork_return:
    pop %edi
    pop %esi
    pop %ebx
    pop %ebp
    ret

/* The child's first instruction, esp as the parent's was at the request. */
fork_child:
    xor %eax, %eax
    jmp fork_return

    .section .note.GNU-stack, "", @progbits
