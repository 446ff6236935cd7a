/*
 * The checks every system call argument goes through (see argcheck.h). The
 * order is the contract: rights first, then addresses, then values.
 */
#include "argcheck.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "gdt.h"
#include "pic.h"

int check_grant(uint32_t held, uint32_t requested)
{
    return (requested & ~held) ? E_PERM : 0;
}

int check_user_range(uint32_t va, uint32_t len)
{
    if (len == 0)
        return 0;
    return va < USER_TOP && len <= USER_TOP - va ? 0 : E_FAULT;
}

/* The ports the kernel drives itself, [first, end): a task is never granted them. */
static const struct {
    uint16_t first, end;
} kernel_ports[] = {
    {0x20, 0x22},   /* master PIC */
    {0x40, 0x44},   /* PIT */
    {0x60, 0x61},   /* keyboard data */
    {0x64, 0x65},   /* keyboard status */
    {0xA0, 0xA2},   /* slave PIC */
    {0x2F8, 0x300}, /* COM2: the IPC trace */
    {0x3D4, 0x3D6}, /* VGA cursor (CRTC) */
    {0x3F8, 0x400}, /* COM1: the console */
};

int check_ports(uint32_t first, uint32_t count)
{
    if (count == 0 || first >= IOPORT_LIMIT || count > IOPORT_LIMIT - first)
        return E_RANGE;
    uint32_t end = first + count;
    for (uint32_t i = 0; i < sizeof(kernel_ports) / sizeof(kernel_ports[0]); i++)
        if (first < kernel_ports[i].end && end > kernel_ports[i].first)
            return E_PERM;
    return 0;
}

/* The IRQ lines of the devices the kernel drives (COM2 is the trace's port), and the cascade. */
#define KERNEL_IRQS                                                                                \
    (1u << IRQ_TIMER | 1u << IRQ_KEYBOARD | 1u << IRQ_CASCADE | 1u << IRQ_COM2 | 1u << IRQ_COM1)

int check_irq(uint32_t line)
{
    if (line >= IRQ_LINES)
        return E_RANGE;
    return KERNEL_IRQS & (1u << line) ? E_PERM : 0;
}
