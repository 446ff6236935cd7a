/*
 * The VGA text screen (80x25 at 0xB8000): what a person sees in a QEMU or
 * Bochs window, and what Bochs' term display copies to the terminal. It
 * understands what a serial terminal does of what programs print: CR, LF,
 * backspace (back over a line's start too, for long edited lines), tab,
 * and the few ANSI sequences line editors send: ESC [ n A/B/C/D (cursor
 * moves), ESC [ row ; col H, ESC [ K, ESC [ J / 2J; other sequences are
 * swallowed, never shown. Text scrolls up at the bottom; the hardware
 * cursor follows.
 */
#include "vga.h"
#include "layout.h"
#include "x86.h"

#define VGA_BUF   ((volatile uint16_t *)(KERNBASE + 0xB8000))
#define VGA_COLS  80
#define VGA_ROWS  25
#define VGA_BLANK 0x0720 /* light grey on black, a space */
#define CRTC_ADDR 0x3D4
#define CRTC_DATA 0x3D5
#define ESC       0x1B
#define CSI_ARGS  2

static int row, col;
static enum { PLAIN, ESCAPED, CSI } state;
static int args[CSI_ARGS], nargs;

static void blank(int from, int to)
{
    for (int i = from; i < to; i++)
        VGA_BUF[i] = VGA_BLANK;
}

static void scroll(void)
{
    for (int i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
        VGA_BUF[i] = VGA_BUF[i + VGA_COLS];
    blank((VGA_ROWS - 1) * VGA_COLS, VGA_ROWS * VGA_COLS);
    row = VGA_ROWS - 1;
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* The final byte of ESC [ args: act on it. */
static void csi_end(char c)
{
    int n = args[0] ? args[0] : 1;
    switch (c) {
    case 'A':
        row = clamp(row - n, 0, VGA_ROWS - 1);
        break;
    case 'B':
        row = clamp(row + n, 0, VGA_ROWS - 1);
        break;
    case 'C':
        col = clamp(col + n, 0, VGA_COLS - 1);
        break;
    case 'D':
        col = clamp(col - n, 0, VGA_COLS - 1);
        break;
    case 'H':
    case 'f':
        row = clamp(n - 1, 0, VGA_ROWS - 1);
        col = clamp((args[1] ? args[1] : 1) - 1, 0, VGA_COLS - 1);
        break;
    case 'K':
        blank(row * VGA_COLS + col, (row + 1) * VGA_COLS);
        break;
    case 'J':
        blank(args[0] == 2 ? 0 : row * VGA_COLS + col, VGA_ROWS * VGA_COLS);
        break;
    default: /* colours (m) and the rest: not shown */
        break;
    }
}

/* One byte of an escape sequence; returns to PLAIN when the sequence ends. */
static void escape_byte(char c)
{
    if (state == ESCAPED) {
        state = c == '[' ? CSI : PLAIN;
        args[0] = args[1] = nargs = 0;
        return;
    }
    if (c >= '0' && c <= '9') {
        if (nargs < CSI_ARGS)
            args[nargs] = args[nargs] * 10 + (c - '0');
    } else if (c == ';') {
        nargs++;
    } else if (c >= 0x40 && c <= 0x7E) {
        csi_end(c);
        state = PLAIN;
    }
}

static void put_glyph(char c)
{
    VGA_BUF[row * VGA_COLS + col] = (VGA_BLANK & 0xFF00) | (uint8_t)c;
    if (++col == VGA_COLS) {
        col = 0;
        row++;
    }
}

void vga_putc(char c)
{
    if (state != PLAIN) {
        escape_byte(c);
        return;
    }
    if (c == ESC) {
        state = ESCAPED;
    } else if (c == '\n') {
        col = 0;
        row++;
    } else if (c == '\r') {
        col = 0;
    } else if (c == '\b') {
        if (col > 0)
            col--;
        else if (row > 0)
            row--, col = VGA_COLS - 1;
    } else if (c == '\t') {
        do
            put_glyph(' ');
        while (col % 8 && row < VGA_ROWS);
    } else if ((uint8_t)c >= ' ') {
        put_glyph(c);
    }
    if (row == VGA_ROWS)
        scroll();
}

void vga_cursor(void)
{
    uint16_t pos = (uint16_t)(row * VGA_COLS + col);
    outb(CRTC_ADDR, 14);
    outb(CRTC_DATA, pos >> 8);
    outb(CRTC_ADDR, 15);
    outb(CRTC_DATA, pos & 0xFF);
}

void vga_init(void)
{
    blank(0, VGA_ROWS * VGA_COLS);
    row = col = 0;
    state = PLAIN;
    vga_cursor();
}
