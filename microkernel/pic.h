/* The two 8259 PICs (remapped to vectors 32..47) and the 8253 PIT. */
#ifndef KERNEL_PIC_H
#define KERNEL_PIC_H

#include <stdint.h>

#define TIMER_HZ 100

/* The IRQ lines the kernel serves. */
#define IRQ_TIMER    0
#define IRQ_KEYBOARD 1
#define IRQ_COM1     4

void pic_init(void);
void pic_eoi(int irq);
void pic_unmask(int irq);
void timer_init(void);
uint32_t timer_ticks(void);
void timer_tick(void);

#endif
