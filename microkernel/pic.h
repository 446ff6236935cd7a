/* The two 8259 PICs (remapped to vectors 32..47) and the 8253 PIT. */
#ifndef KERNEL_PIC_H
#define KERNEL_PIC_H

#include <stdint.h>

#define TIMER_HZ 100

#define IRQ_LINES 16 /* two cascaded 8259s */

/* The IRQ lines the kernel serves (the others may go to driver tasks: irq.c). */
#define IRQ_TIMER    0
#define IRQ_KEYBOARD 1
#define IRQ_CASCADE  2 /* the slave PIC */
#define IRQ_COM2     3
#define IRQ_COM1     4

void pic_init(void);
void pic_eoi(int irq);
int pic_spurious(int irq);             /* IRQ 7 or 15 that no device raised (acknowledged here) */
void pic_unmask_lines(uint32_t lines); /* bit n: IRQ n */
void pic_mask_lines(uint32_t lines);
void timer_init(void);
void timer_start(void); /* tick again, a full period from now */
void timer_stop(void);  /* no tick until timer_start; returns once the PIT is silent */
uint32_t timer_ticks(void);
void timer_tick(void);

#endif
