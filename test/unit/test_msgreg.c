/*
 * Unit tests of the message encoding in registers (microkernel/msgreg.h):
 * a message survives the trip through a trap frame, the sender is written
 * only by the kernel, and no other saved register is touched.
 */
#include "unit.h"
#include <stdlib.h>
#include <string.h>

#include "../../microkernel/msgreg.h"
#include "abi/syscall.h"

START_TEST(round_trip)
{
    struct trapframe tf;
    memset(&tf, 0xAB, sizeof(tf));
    msg_t in = {MSG_FAULT, {0x0804A000, PF_WRITE | PF_USER, 0x00400123, 7}}, out;
    msg_to_regs(&tf, TID_KERNEL, &in);
    msg_from_regs(&tf, &out);
    ck_assert_mem_eq(&in, &out, sizeof(in));
    ck_assert_uint_eq(tf.ebx, TID_KERNEL);
}
END_TEST

START_TEST(register_layout)
{
    struct trapframe tf;
    memset(&tf, 0, sizeof(tf));
    msg_t in = {0x11, {0x22, 0x33, 0x44, 0x55}};
    msg_to_regs(&tf, 0x66, &in);
    ck_assert_uint_eq(tf.ecx, 0x11);
    ck_assert_uint_eq(tf.edx, 0x22);
    ck_assert_uint_eq(tf.esi, 0x33);
    ck_assert_uint_eq(tf.edi, 0x44);
    ck_assert_uint_eq(tf.ebp, 0x55);
    ck_assert_uint_eq(tf.ebx, 0x66);
}
END_TEST

START_TEST(other_registers_untouched)
{
    struct trapframe tf, before;
    memset(&tf, 0x5A, sizeof(tf));
    before = tf;
    msg_t in = {1, {2, 3, 4, 5}};
    msg_to_regs(&tf, 9, &in);
    ck_assert_uint_eq(tf.eax, before.eax);
    ck_assert_uint_eq(tf.eip, before.eip);
    ck_assert_uint_eq(tf.useresp, before.useresp);
    ck_assert_uint_eq(tf.eflags, before.eflags);
    ck_assert_uint_eq(tf.cs, before.cs);
}
END_TEST

START_TEST(sender_is_not_read_from_registers)
{
    /* What a sender leaves in ebx is not part of the message it sends. */
    struct trapframe tf;
    memset(&tf, 0, sizeof(tf));
    tf.ebx = TID_KERNEL;
    tf.ecx = MSG_PING;
    msg_t out;
    msg_from_regs(&tf, &out);
    ck_assert_uint_eq(out.label, MSG_PING);
    for (int i = 0; i < MSG_WORDS; i++)
        ck_assert_uint_ne(out.w[i], TID_KERNEL);
}
END_TEST

START_TEST(copy_between_frames)
{
    struct trapframe a, b;
    memset(&a, 0x11, sizeof(a));
    memset(&b, 0x22, sizeof(b));
    msg_t in = {MSG_PING, {7, 8, 9, 10}}, out;
    msg_to_regs(&a, 0xDEAD, &in);
    msg_copy_regs(&b, &a, 42);
    msg_from_regs(&b, &out);
    ck_assert_mem_eq(&in, &out, sizeof(in));
    ck_assert_uint_eq(b.ebx, 42); /* the sender given, not what was in a's ebx */
    ck_assert_uint_eq(b.eax, 0x22222222);
    ck_assert_uint_eq(b.eip, 0x22222222);
}
END_TEST

UNIT_MAIN("msgreg",
          {"core", .tests = UNIT_TESTS(round_trip, register_layout, other_registers_untouched,
                                       sender_is_not_read_from_registers, copy_between_frames)})
