/*
 * Interrupt controllers and the timer. The PICs are remapped so that IRQ n
 * arrives on vector 32 + n, clear of the CPU exceptions; every line starts
 * masked. The PIT's channel 0 ticks TIMER_HZ times a second and drives
 * preemption.
 */
#include "pic.h"
#include "x86.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xA0
#define PIC2_DATA 0xA1
#define PIT_CH0   0x40
#define PIT_CMD   0x43
#define PIT_HZ    1193182

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
        outb(PIC2_CMD, 0x20);
    outb(PIC1_CMD, 0x20);
}

void pic_unmask(int irq)
{
    irq_mask &= ~(1u << irq);
    pic_write_mask();
}

void timer_init(void)
{
    uint16_t div = PIT_HZ / TIMER_HZ;
    outb(PIT_CMD, 0x34); /* channel 0, lobyte/hibyte, rate generator */
    outb(PIT_CH0, div & 0xFF);
    outb(PIT_CH0, div >> 8);
    pic_unmask(IRQ_TIMER);
}

uint32_t timer_ticks(void)
{
    return ticks;
}

void timer_tick(void)
{
    ticks++;
}
