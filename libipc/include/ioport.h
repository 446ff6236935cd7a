/*
 * x86 port I/O, for the kernel and for a task granted ports with
 * sys_ioport (in ring 3 the TSS I/O bitmap must allow each port, or the
 * instruction faults with #GP).
 */
#ifndef LIBIPC_IOPORT_H
#define LIBIPC_IOPORT_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
    asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
    asm volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

/* Read n 16-bit words from port into buf. */
static inline void insw(uint16_t port, uint16_t *buf, uint32_t n)
{
    asm volatile("rep insw" : "+D"(buf), "+c"(n) : "d"(port) : "memory");
}

/* Write n 16-bit words from buf to port. */
static inline void outsw(uint16_t port, const uint16_t *buf, uint32_t n)
{
    asm volatile("rep outsw" : "+S"(buf), "+c"(n) : "d"(port) : "memory");
}

#endif
