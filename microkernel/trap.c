/*
 * The IDT and what happens on each trap. From user mode: a page fault goes
 * to the thread's pager (fault.c), any other exception ends the task with
 * a reason; int 0x80, a system call, has its own entry in trap.S. From
 * kernel mode, any exception is a kernel bug and panics. IRQ 0 drives the
 * scheduler; IRQ 1 (keyboard) and IRQ 4 (COM1) bring console input; the
 * others wake a driver task (irq.c).
 */
#include "trap.h"
#include "abi/msg.h"
#include "abi/syscall.h"
#include "console.h"
#include "gdt.h"
#include "irq.h"
#include "keyboard.h"
#include "panic.h"
#include "pic.h"
#include "syscall.h"
#include "sched.h"
#include "task.h"
#include "trace.h"
#include "fault.h"
#include "x86.h"
#include <stddef.h>

struct idt_entry {
    uint16_t off_lo, sel;
    uint8_t zero, type;
    uint16_t off_hi;
} __attribute__((packed));

static struct idt_entry idt[256];
extern const uint32_t trap_vectors[48];
extern void trap_vec128(void);

static void idt_set(int n, uint32_t handler, int dpl)
{
    idt[n].off_lo = handler & 0xFFFF;
    idt[n].off_hi = handler >> 16;
    idt[n].sel = SEG_KCODE;
    idt[n].zero = 0;
    idt[n].type = 0x8E | (dpl << 5); /* present, 32-bit interrupt gate: IF cleared */
}

void idt_init(void)
{
    for (int i = 0; i < 48; i++)
        idt_set(i, trap_vectors[i], 0);
    idt_set(T_SYSCALL, (uint32_t)trap_vec128, 3);
    struct {
        uint16_t limit;
        uint32_t base;
    } __attribute__((packed)) idtr = {sizeof(idt) - 1, (uint32_t)idt};
    asm volatile("lidt %0" : : "m"(idtr));
}

/*
 * The esp a trap from ring 0 interrupted. The CPU then pushes no useresp or
 * userss, so it lies just past eflags; pusha_esp points at trapno.
 */
static uint32_t trap_kernel_esp(const struct trapframe *tf)
{
    return tf->pusha_esp + offsetof(struct trapframe, useresp) - offsetof(struct trapframe, trapno);
}

/* The registers of a trap, for a panic. */
void trap_print(const struct trapframe *tf)
{
    kprintf("  eax=%08x ebx=%08x ecx=%08x edx=%08x\n", tf->eax, tf->ebx, tf->ecx, tf->edx);
    kprintf("  esi=%08x edi=%08x ebp=%08x esp=%08x\n", tf->esi, tf->edi, tf->ebp,
            tf_from_user(tf) ? tf->useresp : trap_kernel_esp(tf));
    kprintf("  eip=%08x cs=%04x eflags=%08x err=%08x cr3=%08x\n", tf->eip, tf->cs, tf->eflags,
            tf->err, read_cr3());
}

static uint32_t exception_reason(uint32_t trapno)
{
    switch (trapno) {
    case T_DIVIDE:
        return REASON_DIVIDE;
    case T_UD:
        return REASON_UD;
    case T_GP:
        return REASON_GP;
    case T_NP:
        return REASON_NP;
    case T_SS:
        return REASON_SS;
    default:
        return REASON_EXC;
    }
}

static void user_exception(struct trapframe *tf)
{
    if (tf->trapno == T_PGFLT) {
        uint32_t addr = read_cr2();
        fault_forward(addr, tf->err & (PF_PRESENT | PF_WRITE | PF_USER), tf->eip);
        return;
    }
    task_end(current->task, -1, exception_reason(tf->trapno), tf->eip);
}

static void irq(struct trapframe *tf)
{
    int n = tf->trapno - T_IRQ0;
    if (pic_spurious(n))
        return;
    pic_eoi(n);
    if (n == IRQ_TIMER) {
        trace_flush();
        sched_tick();
    } else if (n == IRQ_KEYBOARD) {
        keyboard_irq();
    } else if (n == IRQ_COM1) {
        console_serial_irq();
    } else {
        irq_deliver(n);
    }
}

void trap_dispatch(struct trapframe *tf)
{
    if (tf->trapno >= T_IRQ0)
        irq(tf);
    else if (tf_from_user(tf))
        user_exception(tf);
    else
        panic_trap(tf);
    /* The trap may have ended this thread (a kill): it must not return to user mode. */
    if (current->state == TS_DEAD)
        sched_block();
}
