/* 16550 UART driver: COM1 carries the console, COM2 the IPC trace stream. */
#ifndef KERNEL_SERIAL_H
#define KERNEL_SERIAL_H

#include <stdint.h>

#define COM1 0x3F8
#define COM2 0x2F8

void serial_init(uint16_t port);
void serial_putc(uint16_t port, char c);
void serial_write(uint16_t port, const void *buf, uint32_t len);
int serial_getc(uint16_t port); /* -1 when nothing is waiting */
void serial_irq_enable(uint16_t port);

#endif
