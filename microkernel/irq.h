/*
 * Device interrupts for driver tasks (irq.c): a task holding RIGHT_IO
 * waits for a line with irq_wait; the kernel keeps the lines of its own
 * devices (argcheck.c check_irq).
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdint.h>

struct task;
struct thread;

int irq_wait(struct thread *me, uint32_t line); /* line checked; blocks until it interrupts */
void irq_deliver(int line);                     /* from the interrupt: wake the waiter */
int irq_waiting(void);                          /* does a driver wait on a line? */
void irq_hold(void);    /* mask every line a driver waits on (idle, while the tick stops) */
void irq_release(void); /* unmask them again */
void irq_task_ended(const struct task *t); /* its lines are free again, and masked */

#endif
