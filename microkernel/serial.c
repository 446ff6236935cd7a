/*
 * 16550 UART. Both ports run at 115200 baud, 8N1: Bochs starts a UART at
 * 5 data bits, so the line control register must be set before anything is
 * written. Output is polled; input raises the port's IRQ once enabled.
 */
#include "serial.h"
#include "x86.h"

#define REG_DATA 0
#define REG_IER  1
#define REG_FCR  2
#define REG_LCR  3
#define REG_MCR  4
#define REG_LSR  5

#define IER_RX_READY 0x01
#define MCR_DTR_RTS  0x03
#define MCR_OUT2     0x08 /* gates the UART's interrupt line to the PIC on a PC */

#define LSR_RX_READY 0x01
#define LSR_TX_EMPTY 0x20

void serial_init(uint16_t port)
{
    outb(port + REG_IER, 0x00);
    outb(port + REG_LCR, 0x80); /* DLAB on: set the divisor */
    outb(port + REG_DATA, 1);   /* 115200 baud */
    outb(port + REG_IER, 0);
    outb(port + REG_LCR, 0x03); /* 8 data bits, no parity, 1 stop bit */
    outb(port + REG_FCR, 0xC7); /* FIFOs on and cleared */
    outb(port + REG_MCR, MCR_DTR_RTS);
}

/* Raise the port's IRQ when a byte arrives (serial_getc then reads it). */
void serial_irq_enable(uint16_t port)
{
    outb(port + REG_MCR, MCR_DTR_RTS | MCR_OUT2);
    outb(port + REG_IER, IER_RX_READY);
}

void serial_putc(uint16_t port, char c)
{
    while (!(inb(port + REG_LSR) & LSR_TX_EMPTY))
        ;
    outb(port + REG_DATA, (uint8_t)c);
}

void serial_write(uint16_t port, const void *buf, uint32_t len)
{
    const char *p = buf;
    for (uint32_t i = 0; i < len; i++)
        serial_putc(port, p[i]);
}

int serial_getc(uint16_t port)
{
    if (!(inb(port + REG_LSR) & LSR_RX_READY))
        return -1;
    return inb(port + REG_DATA);
}
