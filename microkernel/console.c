/*
 * Console output goes to COM1 (what the tests read) and to the VGA text
 * buffer (what a person sees in a QEMU or Bochs window). Input comes from
 * COM1 only.
 */
#include "console.h"
#include "layout.h"
#include "serial.h"
#include "x86.h"
#include "fmt.h"
#include <stdarg.h>

#define VGA_BUF  ((volatile uint16_t *)(KERNBASE + 0xB8000))
#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x0700

static int vga_row, vga_col;

static void vga_cursor(void)
{
    uint16_t pos = vga_row * VGA_COLS + vga_col;
    outb(0x3D4, 14);
    outb(0x3D5, pos >> 8);
    outb(0x3D4, 15);
    outb(0x3D5, pos & 0xFF);
}

static void vga_scroll(void)
{
    for (int i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
        VGA_BUF[i] = VGA_BUF[i + VGA_COLS];
    for (int i = 0; i < VGA_COLS; i++)
        VGA_BUF[(VGA_ROWS - 1) * VGA_COLS + i] = VGA_ATTR | ' ';
    vga_row = VGA_ROWS - 1;
}

static void vga_putc(char c)
{
    if (c == '\n') {
        vga_col = 0;
        vga_row++;
    } else if (c == '\b') {
        if (vga_col > 0)
            vga_col--;
    } else if (c != '\r') {
        VGA_BUF[vga_row * VGA_COLS + vga_col] = VGA_ATTR | (uint8_t)c;
        if (++vga_col == VGA_COLS) {
            vga_col = 0;
            vga_row++;
        }
    }
    if (vga_row == VGA_ROWS)
        vga_scroll();
}

void console_init(void)
{
    serial_init(COM1);
    for (int i = 0; i < VGA_ROWS * VGA_COLS; i++)
        VGA_BUF[i] = VGA_ATTR | ' ';
    vga_row = vga_col = 0;
    vga_cursor();
}

void console_write(const char *buf, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        if (buf[i] == '\n')
            serial_putc(COM1, '\r');
        serial_putc(COM1, buf[i]);
        vga_putc(buf[i]);
    }
    vga_cursor();
}

int console_getc(void)
{
    return serial_getc(COM1);
}

static void console_put(void *ctx, char c)
{
    (void)ctx;
    console_write(&c, 1);
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vformat(console_put, NULL, fmt, ap);
    va_end(ap);
    return n;
}
