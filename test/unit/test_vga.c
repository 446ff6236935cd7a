/*
 * Unit tests of the VGA text writer (microkernel/vga.c) on a screen in host memory: what
 * lands in which cell for text, line ends, backspace, tab, scrolling and the ANSI subset.
 */
#include "unit.h"
#include <stdint.h>
#include <string.h>

/* The real layout.h and x86.h address the hardware; here the screen is an array. */
#define KERNEL_LAYOUT_H
#define KERNEL_X86_H
static uint16_t screen[80 * 25];
static uint16_t cursor_reg[16], crtc_index;
#define KERNBASE ((uintptr_t)screen - 0xB8000)

static void outb(uint16_t port, uint8_t v)
{
    if (port == 0x3D4)
        crtc_index = v;
    else
        cursor_reg[crtc_index & 15] = v;
}

#include "../../microkernel/vga.c"

static void put(const char *s)
{
    while (*s)
        vga_putc(*s++);
    vga_cursor();
}

/* Row r as text, trailing blanks cut. */
static const char *line(int r)
{
    static char text[81];
    for (int c = 0; c < 80; c++)
        text[c] = (char)(screen[r * 80 + c] & 0xFF);
    int n = 80;
    while (n > 0 && text[n - 1] == ' ')
        n--;
    text[n] = 0;
    return text;
}

static int cursor(void)
{
    return cursor_reg[14] << 8 | cursor_reg[15];
}

START_TEST(text_and_line_ends)
{
    vga_init();
    put("ab\ncd\r\nx\ry");
    ck_assert_str_eq(line(0), "ab");
    ck_assert_str_eq(line(1), "cd");
    ck_assert_str_eq(line(2), "y");
    ck_assert_int_eq(cursor(), 2 * 80 + 1);
    ck_assert_int_eq(screen[0] >> 8, 0x07); /* grey on black */
}
END_TEST

START_TEST(backspace_and_tab)
{
    vga_init();
    put("abc\b\bX");
    ck_assert_str_eq(line(0), "aXc");
    put("\n\tT");
    ck_assert_str_eq(line(1), "        T");
    vga_init();
    for (int i = 0; i < 81; i++)
        vga_putc('z');
    put("\b\bQ"); /* back over the start of the wrapped line */
    ck_assert_int_eq(strlen(line(0)), 80);
    ck_assert_int_eq(line(0)[79], 'Q');
}
END_TEST

START_TEST(scrolls_at_the_bottom)
{
    vga_init();
    for (int i = 0; i < 26; i++) {
        char s[8] = {'L', (char)('a' + i), '\n', 0};
        put(s);
    }
    ck_assert_str_eq(line(0), "Lc"); /* La and Lb scrolled off */
    ck_assert_str_eq(line(23), "Lz");
    ck_assert_str_eq(line(24), "");
    ck_assert_int_eq(cursor(), 24 * 80);
}
END_TEST

START_TEST(ansi_sequences)
{
    vga_init();
    put("hello\x1b[3DX");
    ck_assert_str_eq(line(0), "heXlo");
    put("\x1b[K");
    ck_assert_str_eq(line(0), "heX");
    put("\x1b[5;10Hat\x1b[1;31mred\x1b[0m");
    ck_assert_str_eq(line(4), "         atred"); /* colours are swallowed, not shown */
    put("\x1b[2A\x1b[4CB");
    ck_assert_str_eq(line(2), "                  B"); /* up 2 from row 4, right 4 from col 14 */
    put("\x1b[2J");
    for (int r = 0; r < 25; r++)
        ck_assert_str_eq(line(r), "");
    put("\x1b[99;99H!"); /* clamped to the last cell; writing it scrolls */
    ck_assert_int_eq(screen[23 * 80 + 79] & 0xFF, '!');
    put("\x1b[H\x1b"
        "7ok"); /* ESC and one byte that is not '[': eaten, then text */
    ck_assert_str_eq(line(0), "ok");
}
END_TEST

UNIT_MAIN("vga", {"screen", .tests = UNIT_TESTS(text_and_line_ends, backspace_and_tab,
                                                scrolls_at_the_bottom, ansi_sequences)})
