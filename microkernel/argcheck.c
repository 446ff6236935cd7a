/*
 * The checks every system call argument goes through (see argcheck.h). The
 * order is the contract: rights first, then addresses, then values.
 */
#include "argcheck.h"
#include "abi/errno.h"
#include "abi/syscall.h"

#define PORT_LIMIT 0x400 /* ISA I/O space a task may ever be granted */

int check_right(uint32_t held, uint32_t need)
{
    return (held & need) == need ? 0 : E_PERM;
}

int check_grant(uint32_t held, uint32_t requested)
{
    return (requested & ~held) ? E_PERM : 0;
}

int check_page_addr(uint32_t va)
{
    if (va >= USER_TOP)
        return E_FAULT;
    return (va & (PAGE_SIZE - 1)) ? E_ALIGN : 0;
}

int check_perm(uint32_t perm)
{
    if (perm & ~(PERM_R | PERM_W | PERM_X))
        return E_INVAL;
    return (perm & PERM_R) ? 0 : E_INVAL;
}

int check_user_range(uint32_t va, uint32_t len)
{
    if (len == 0)
        return 0;
    return va < USER_TOP && len <= USER_TOP - va ? 0 : E_FAULT;
}

/* Never the interrupt controllers (0x20-0x21, 0xA0-0xA1) or the timer (0x40-0x43). */
int check_ports(uint32_t first, uint32_t count)
{
    if (count == 0 || first >= PORT_LIMIT || count > PORT_LIMIT - first)
        return E_RANGE;
    uint32_t end = first + count;
    if ((first < 0x22 && end > 0x20) || (first < 0x44 && end > 0x40) ||
        (first < 0xA2 && end > 0xA0))
        return E_PERM;
    return 0;
}
