/* Unit tests of the PS/2 scancode decoder (microkernel/keyboard.c): what each key types. */
#include "unit.h"
#include <string.h>

#include "../../microkernel/keyboard.c"

static char typed[64];

/* The driver's output goes to the console queue; here it is collected. */
void console_input(char c)
{
    size_t n = strlen(typed);
    typed[n] = c;
    typed[n + 1] = 0;
}

void pic_unmask_lines(uint32_t lines)
{
    (void)lines;
}

/* Feed scancodes through the decoder the way keyboard_irq does; returns what they typed. */
static const char *press(const uint8_t *codes, size_t n)
{
    typed[0] = 0;
    for (size_t i = 0; i < n; i++) {
        char out[KEY_BYTES_MAX];
        keyboard_decode(codes[i], out);
        for (const char *b = out; *b; b++)
            console_input(*b);
    }
    return typed;
}

#define PRESS(...) press((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

START_TEST(letters_and_digits)
{
    ck_assert_str_eq(PRESS(0x23, 0xA3, 0x17, 0x97), "hi"); /* h, i: press and release */
    ck_assert_str_eq(PRESS(0x02, 0x82, 0x0B, 0x8B), "10");
    ck_assert_str_eq(PRESS(0x39, 0xB9, 0x1C, 0x9C), " \r"); /* space, Enter is CR */
    ck_assert_str_eq(PRESS(0x0E, 0x8E), "\x7f");            /* Backspace is DEL */
    ck_assert_str_eq(PRESS(0x01, 0x81), "\x1b");            /* Esc */
}
END_TEST

START_TEST(shift_and_caps)
{
    ck_assert_str_eq(PRESS(0x2A, 0x23, 0xA3, 0xAA, 0x23, 0xA3), "Hh");        /* left shift */
    ck_assert_str_eq(PRESS(0x36, 0x02, 0x82, 0x0C, 0x8C, 0xB6), "!_");        /* right shift */
    ck_assert_str_eq(PRESS(0x3A, 0xBA, 0x1E, 0x02, 0x3A, 0xBA, 0x1E), "A1a"); /* caps: letters */
    ck_assert_str_eq(PRESS(0x3A, 0xBA, 0x2A, 0x1E, 0xAA, 0x3A, 0xBA), "a");   /* caps + shift */
}
END_TEST

START_TEST(ctrl)
{
    ck_assert_str_eq(PRESS(0x1D, 0x2E, 0xAE, 0x9D), "\x03");       /* Ctrl-C */
    ck_assert_str_eq(PRESS(0xE0, 0x1D, 0x20, 0xE0, 0x9D), "\x04"); /* right Ctrl-D */
    ck_assert_str_eq(PRESS(0x1D, 0x02, 0x9D, 0x2E), "1c");         /* Ctrl on a digit: the digit */
}
END_TEST

START_TEST(navigation_keys)
{
    ck_assert_str_eq(PRESS(0xE0, 0x48, 0xE0, 0xC8), "\x1b[A");
    ck_assert_str_eq(PRESS(0xE0, 0x50, 0xE0, 0x4D, 0xE0, 0x4B), "\x1b[B\x1b[C\x1b[D");
    ck_assert_str_eq(PRESS(0xE0, 0x47, 0xE0, 0x4F), "\x1b[H\x1b[F");
    ck_assert_str_eq(PRESS(0xE0, 0x53, 0xE0, 0xD3), "\x1b[3~");
    ck_assert_str_eq(PRESS(0x4B, 0xCB), "\x1b[D");                    /* keypad 4, Num Lock off */
    ck_assert_str_eq(PRESS(0xE0, 0x2A, 0xE0, 0x48, 0x1E), "\x1b[Aa"); /* a fake shift is no shift */
    ck_assert_str_eq(PRESS(0xE0, 0x1C), "\r");                        /* keypad Enter */
}
END_TEST

START_TEST(keys_without_bytes)
{
    ck_assert_str_eq(PRESS(0x3B, 0xBB, 0x38, 0xB8, 0x45, 0xC5), ""); /* F1, Alt, Num Lock */
    ck_assert_str_eq(PRESS(0x58, 0x7F, 0xE0, 0x5B), "");             /* F12, beyond, Windows */
}
END_TEST

UNIT_MAIN("keyboard", {"decode", .tests = UNIT_TESTS(letters_and_digits, shift_and_caps, ctrl,
                                                     navigation_keys, keys_without_bytes)})
