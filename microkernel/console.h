/* The kernel console: COM1, mirrored on the VGA text screen. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdint.h>

void console_init(void);
void console_write(const char *buf, uint32_t len);
int console_getc(void); /* -1 when no key is waiting */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
