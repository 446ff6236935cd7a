/* The PS/2 keyboard: scancodes in, terminal bytes out to the console's input queue. */
#ifndef KERNEL_KEYBOARD_H
#define KERNEL_KEYBOARD_H

#include <stdint.h>

#define KEY_BYTES_MAX 5 /* the longest a key types, ESC [ 3 ~, and a NUL */

void keyboard_init(void); /* after pic_init */
void keyboard_irq(void);
void keyboard_decode(uint8_t code, char out[KEY_BYTES_MAX]);

#endif
