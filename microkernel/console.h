/*
 * The kernel console: output to COM1 and the VGA text screen; input from
 * COM1 (and the keyboard) by interrupt, into one queue that console_read
 * drains; Ctrl-C ends the foreground task.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdint.h>

void console_init(void);
void console_write(const char *buf, uint32_t len);
void console_input_init(void); /* after pic_init: input interrupts on */
void console_input(char c);    /* a byte typed; from interrupt handlers */
void console_serial_irq(void);
int console_read(uint32_t buf, uint32_t len);   /* blocks until a byte; bytes read or -E_* */
uint32_t console_set_foreground(uint32_t task); /* returns the previous one */
uint32_t console_foreground(void);
void console_task_ended(uint32_t task);
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
