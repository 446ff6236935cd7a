/* Unit tests of the system call argument and rights checks (microkernel/argcheck.c). */
#include "unit.h"
#include <stdlib.h>

#include "../../microkernel/argcheck.c"

START_TEST(rights)
{
    ck_assert_int_eq(check_right(RIGHT_MAP | RIGHT_SPACE, RIGHT_MAP), 0);
    ck_assert_int_eq(check_right(RIGHT_FRAME, RIGHT_MAP), E_PERM);
    ck_assert_int_eq(check_right(0, RIGHT_FRAME), E_PERM);
    ck_assert_int_eq(check_right(RIGHT_MAP, RIGHT_MAP | RIGHT_SPACE), E_PERM);
    ck_assert_int_eq(check_grant(RIGHT_MAP | RIGHT_TRACE, RIGHT_TRACE), 0);
    ck_assert_int_eq(check_grant(RIGHT_MAP | RIGHT_TRACE, 0), 0);
    ck_assert_int_eq(check_grant(RIGHT_TRACE, RIGHT_TRACE | RIGHT_FRAME), E_PERM);
    ck_assert_int_eq(check_grant(0, 0x80000000u), E_PERM);
}
END_TEST

START_TEST(page_addresses)
{
    ck_assert_int_eq(check_page_addr(0), 0);
    ck_assert_int_eq(check_page_addr(0x00400000), 0);
    ck_assert_int_eq(check_page_addr(USER_TOP - PAGE_SIZE), 0);
    ck_assert_int_eq(check_page_addr(USER_TOP), E_FAULT);
    ck_assert_int_eq(check_page_addr(0xFFFFF000), E_FAULT);
    ck_assert_int_eq(check_page_addr(0x00400001), E_ALIGN);
    ck_assert_int_eq(check_page_addr(0x00400FFF), E_ALIGN);
    ck_assert_int_eq(check_page_addr(0xC0000001), E_FAULT); /* kernel before alignment */
}
END_TEST

START_TEST(permissions)
{
    ck_assert_int_eq(check_perm(PERM_R), 0);
    ck_assert_int_eq(check_perm(PERM_R | PERM_W), 0);
    ck_assert_int_eq(check_perm(PERM_R | PERM_W | PERM_X), 0);
    ck_assert_int_eq(check_perm(PERM_W), E_INVAL);
    ck_assert_int_eq(check_perm(0), E_INVAL);
    ck_assert_int_eq(check_perm(PERM_R | 0x8), E_INVAL);
}
END_TEST

START_TEST(user_ranges)
{
    ck_assert_int_eq(check_user_range(0x1000, 0), 0);
    ck_assert_int_eq(check_user_range(0xC0000000, 0), 0); /* nothing to touch */
    ck_assert_int_eq(check_user_range(0x1000, 4096), 0);
    ck_assert_int_eq(check_user_range(USER_TOP - 16, 16), 0);
    ck_assert_int_eq(check_user_range(USER_TOP - 16, 17), E_FAULT);
    ck_assert_int_eq(check_user_range(USER_TOP, 1), E_FAULT);
    ck_assert_int_eq(check_user_range(0x1000, 0xFFFFFFFFu), E_FAULT); /* would wrap */
    ck_assert_int_eq(check_user_range(0xFFFFFFF0u, 0x20), E_FAULT);
}
END_TEST

START_TEST(io_ports)
{
    ck_assert_int_eq(check_ports(0x1F0, 8), 0); /* primary ATA */
    ck_assert_int_eq(check_ports(0x3F6, 1), 0); /* ATA control */
    ck_assert_int_eq(check_ports(0x1F0, 0), E_RANGE);
    ck_assert_int_eq(check_ports(0x400, 1), E_RANGE);
    ck_assert_int_eq(check_ports(0x3FF, 2), E_RANGE);
    ck_assert_int_eq(check_ports(0xFFFFFFFFu, 2), E_RANGE);
    ck_assert_int_eq(check_ports(0x20, 1), E_PERM); /* master PIC */
    ck_assert_int_eq(check_ports(0x10, 0x11), E_PERM);
    ck_assert_int_eq(check_ports(0x43, 1), E_PERM); /* PIT */
    ck_assert_int_eq(check_ports(0xA1, 1), E_PERM); /* slave PIC */
    ck_assert_int_eq(check_ports(0x22, 0x1E), 0);
    ck_assert_int_eq(check_ports(0x60, 1), E_PERM);  /* keyboard */
    ck_assert_int_eq(check_ports(0x61, 3), 0);       /* between its two ports */
    ck_assert_int_eq(check_ports(0x62, 4), E_PERM);  /* reaches the status port */
    ck_assert_int_eq(check_ports(0x3F0, 9), E_PERM); /* reaches COM1 */
    ck_assert_int_eq(check_ports(0x3D5, 1), E_PERM); /* VGA cursor */
    ck_assert_int_eq(check_ports(0x2FF, 1), E_PERM); /* COM2 */
    ck_assert_int_eq(check_ports(0x3F0, 8), 0);      /* the floppy controller below COM1 */
}
END_TEST

START_TEST(irq_lines)
{
    ck_assert_int_eq(check_irq(15), 0); /* secondary ATA: the swap disk */
    ck_assert_int_eq(check_irq(14), 0); /* primary ATA */
    ck_assert_int_eq(check_irq(5), 0);
    ck_assert_int_eq(check_irq(0), E_PERM); /* timer */
    ck_assert_int_eq(check_irq(1), E_PERM); /* keyboard */
    ck_assert_int_eq(check_irq(2), E_PERM); /* cascade */
    ck_assert_int_eq(check_irq(3), E_PERM); /* COM2 */
    ck_assert_int_eq(check_irq(4), E_PERM); /* COM1 */
    ck_assert_int_eq(check_irq(16), E_RANGE);
    ck_assert_int_eq(check_irq(0xFFFFFFFFu), E_RANGE);
}
END_TEST

UNIT_MAIN("argcheck", {"core", .tests = UNIT_TESTS(rights, page_addresses, permissions, user_ranges,
                                                   io_ports, irq_lines)})
