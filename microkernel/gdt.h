/* Segments: flat kernel and user code/data, and the one TSS. */
#ifndef KERNEL_GDT_H
#define KERNEL_GDT_H

#define SEG_KCODE 0x08
#define SEG_KDATA 0x10
#define SEG_UCODE 0x1B /* GDT index 3, RPL 3 */
#define SEG_UDATA 0x23 /* GDT index 4, RPL 3 */
#define SEG_TSS   0x28

#ifndef __ASSEMBLER__
#include <stdint.h>

void gdt_init(void);
void tss_set_kstack(uint32_t esp0);
/* Let the current task use I/O ports [first, first+count) (0 count: none). */
void tss_set_ioports(const uint8_t *bitmap);

#define IOBITMAP_BYTES 8192
#endif

#endif
