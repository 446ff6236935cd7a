/*
 * Device interrupts delivered to driver tasks, as a blocking call (the swap
 * server's disk, docs/swap.md). A task with RIGHT_IO claims a free line with
 * its first irq_wait and keeps it until it ends. A line is unmasked at the
 * PIC only while a thread of its task waits on it: the interrupt masks it
 * again and readies that thread. The PICs latch an edge on a masked line,
 * so an interrupt that comes while the driver still runs is not lost: it is
 * delivered at its next irq_wait. The kernel never touches the device; the
 * driver acknowledges it (an ATA disk: by reading its status register).
 */
#include "irq.h"
#include "abi/errno.h"
#include "pic.h"
#include "sched.h"
#include "task.h"

static struct {
    uint32_t task;   /* the task that claimed the line, 0: free */
    uint32_t waiter; /* the thread blocked in irq_wait, 0: none */
} lines[IRQ_LINES];
static uint16_t waited; /* the lines with a waiter, as PIC mask bits */

int irq_wait(struct thread *me, uint32_t line)
{
    if (lines[line].task && lines[line].task != me->task->id)
        return E_BUSY;
    if (lines[line].waiter)
        return E_BUSY; /* another thread of the task waits on it */
    lines[line].task = me->task->id;
    lines[line].waiter = me->tid;
    waited |= (uint16_t)(1u << line);
    me->state = TS_IRQ;
    pic_unmask_lines(1u << line);
    sched_block();
    return 0;
}

void irq_deliver(int line)
{
    struct thread *th = thread_get(lines[line].waiter);
    pic_mask_lines(1u << line);
    lines[line].waiter = 0;
    waited &= (uint16_t) ~(1u << line);
    if (th && th->state == TS_IRQ)
        sched_ready(th);
}

/*
 * What to mask to hold the waited lines back: a line of the slave PIC is
 * held at the master's cascade input. Masked at the slave, a request it had
 * already passed on would reach the CPU all the same, as a spurious IRQ 15.
 */
static uint32_t held_lines(void)
{
    uint32_t master = waited & 0xFFu;
    return waited >> 8 ? master | 1u << IRQ_CASCADE : master;
}

int irq_waiting(void)
{
    return waited != 0;
}

void irq_hold(void)
{
    pic_mask_lines(held_lines());
}

void irq_release(void)
{
    pic_unmask_lines(held_lines());
}

void irq_task_ended(const struct task *t)
{
    for (int i = 0; i < IRQ_LINES; i++) {
        if (lines[i].task == t->id) {
            pic_mask_lines(1u << i);
            lines[i].task = lines[i].waiter = 0;
            waited &= (uint16_t) ~(1u << i);
        }
    }
}
