/*
 * Interrupt controllers and the timer. The PICs are remapped so that IRQ n
 * arrives on vector 32 + n, clear of the CPU exceptions; every line starts
 * masked. The PIT's channel 0 ticks TIMER_HZ times a second and drives
 * preemption while a thread runs; the idle thread stops it (timer_stop) and
 * starts it again when it hands the CPU over (timer_start).
 */
#include "pic.h"
#include "x86.h"

#define PIC1_CMD     0x20
#define PIC1_DATA    0x21
#define PIC2_CMD     0xA0
#define PIC2_DATA    0xA1
#define PIC_EOI      0x20
#define PIC_READ_ISR 0x0B /* OCW3: the next read of the command port gives the ISR */
#define PIT_CH0      0x40
#define PIT_CMD      0x43
#define PIT_HZ       1193182

#define PIT_CH0_RATE     0x34 /* channel 0, lobyte/hibyte, mode 2: rate generator */
#define PIT_CH0_ONESHOT  0x30 /* channel 0, lobyte/hibyte, mode 0: interrupt on terminal count */
#define PIT_CH0_READBACK 0xE2 /* latch channel 0's status (not its count) */
#define PIT_STATUS_OUT   0x80 /* the channel's output pin, in the latched status */

static uint16_t irq_mask = 0xFFFB; /* all masked but the cascade line */
static volatile uint32_t ticks;

static void pic_write_mask(void)
{
    outb(PIC1_DATA, irq_mask & 0xFF);
    outb(PIC2_DATA, irq_mask >> 8);
}

void pic_init(void)
{
    outb(PIC1_CMD, 0x11); /* ICW1: edge triggered, cascade, ICW4 follows */
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, 32); /* ICW2: vector offsets */
    outb(PIC2_DATA, 40);
    outb(PIC1_DATA, 4); /* ICW3: slave on IRQ2 */
    outb(PIC2_DATA, 2);
    outb(PIC1_DATA, 1); /* ICW4: 8086 mode */
    outb(PIC2_DATA, 1);
    pic_write_mask();
}

void pic_eoi(int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
}

/*
 * A PIC whose request went away before the CPU took it (a line masked
 * while pending, noise) reports its lowest-priority line, 7, which is then
 * not in service. Such an interrupt is no device's: the master still needs
 * an EOI for the cascade when the slave's IRQ 15 is the spurious one.
 */
int pic_spurious(int irq)
{
    if (irq != 7 && irq != 15)
        return 0;
    uint16_t cmd = irq == 7 ? PIC1_CMD : PIC2_CMD;
    outb(cmd, PIC_READ_ISR);
    if (inb(cmd) & 0x80)
        return 0;
    if (irq == 15)
        outb(PIC1_CMD, PIC_EOI);
    return 1;
}

void pic_unmask_lines(uint32_t lines)
{
    irq_mask &= (uint16_t)~lines;
    pic_write_mask();
}

void pic_mask_lines(uint32_t lines)
{
    irq_mask |= (uint16_t)lines;
    pic_write_mask();
}

static void pit_load(uint8_t mode, uint16_t count)
{
    outb(PIT_CMD, mode);
    outb(PIT_CH0, count & 0xFF);
    outb(PIT_CH0, count >> 8);
}

/*
 * The period goes in as a one-shot count first, so that the rate mode is
 * never set while the channel still holds timer_stop's count of 1 (which
 * the 8254 forbids in mode 2). QEMU's PIT works a transition it had due
 * out with the new mode and the old count: in mode 2 with a count of 1,
 * every such transition was due a nanosecond after the last, and QEMU's
 * main loop ran them without end, the CPU held at its next port write
 * (t_swap hung 1 run in 100 with the host loaded).
 */
void timer_start(void)
{
    pit_load(PIT_CH0_ONESHOT, PIT_HZ / TIMER_HZ);
    pit_load(PIT_CH0_RATE, PIT_HZ / TIMER_HZ);
}

void timer_init(void)
{
    timer_start();
    pic_unmask_lines(1u << IRQ_TIMER);
}

static int pit_out_high(void)
{
    outb(PIT_CMD, PIT_CH0_READBACK);
    return inb(PIT_CH0) & PIT_STATUS_OUT;
}

/*
 * The PIT cannot be switched off: a mode-0 count of 1 ends one PIT clock
 * (838 ns) later and the channel then stays silent. Halting until its
 * output rises leaves no timer event pending, so an idle machine sleeps
 * until a device interrupts (under qemu -icount, an event pending while
 * the CPU halts would make the clock jump to it, and the instruction counts
 * of make bench would depend on how fast the host's disk answered).
 */
void timer_stop(void)
{
    pit_load(PIT_CH0_ONESHOT, 1);
    while (!pit_out_high())
        asm volatile("sti; hlt; cli");
}

uint32_t timer_ticks(void)
{
    return ticks;
}

void timer_tick(void)
{
    ticks++;
}
