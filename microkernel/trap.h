/* Trap frames, the IDT and the dispatch of exceptions, IRQs and syscalls. */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * What trap.S leaves on the kernel stack. pusha_esp is the esp that pusha
 * saved (it points at trapno) and popa ignores; it is not the TSS esp0. The
 * segment registers are no part of it: the kernel loads its own data
 * segment on entry and every return to user mode loads SEG_UDATA into ds,
 * es, fs and gs (docs/design.md).
 */
struct trapframe {
    uint32_t edi, esi, ebp, pusha_esp, ebx, edx, ecx, eax; /* pusha */
    uint32_t trapno, err;
    uint32_t eip, cs, eflags;
    uint32_t useresp, userss; /* only when the trap came from ring 3 */
};
#endif

#define T_DIVIDE  0
#define T_DEBUG   1
#define T_NMI     2
#define T_BRKPT   3
#define T_UD      6
#define T_DOUBLE  8
#define T_NP      11
#define T_SS      12
#define T_GP      13
#define T_PGFLT   14
#define T_IRQ0    32
#define T_SYSCALL 0x80

#ifndef __ASSEMBLER__

/*
 * A function trap.S calls with its arguments in eax and edx (i386 only: the
 * host unit tests call these as plain C).
 */
#ifdef __i386__
#define TRAP_REGPARM __attribute__((regparm(2)))
#else
#define TRAP_REGPARM
#endif

void idt_init(void);
void trap_dispatch(struct trapframe *tf);
void trap_return(void);
void context_switch(uint32_t *old_esp, uint32_t new_esp);
void trap_print(const struct trapframe *tf);

static inline int tf_from_user(const struct trapframe *tf)
{
    return (tf->cs & 3) == 3;
}
#endif

#endif
