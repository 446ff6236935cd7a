/* The VGA text screen: output only, with scrolling, a cursor and a few ANSI sequences. */
#ifndef KERNEL_VGA_H
#define KERNEL_VGA_H

void vga_init(void);
void vga_putc(char c);
void vga_cursor(void); /* move the hardware cursor to where the next char goes */

#endif
