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

/*
 * Ports a task may ever be granted: the ISA range below 0x400. The bitmap
 * covers only those; the CPU refuses a port whose bit lies past the TSS's
 * limit, so the ports above need no bits (and a switch copies 128 bytes).
 */
#define IOPORT_LIMIT   0x400
#define IOBITMAP_BYTES (IOPORT_LIMIT / 8)

struct tss {
    uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2;
    uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomap_base;
    uint8_t iomap[IOBITMAP_BYTES + 1]; /* +1: the CPU reads one byte past the end */
} __attribute__((packed));

extern struct tss tss;

void gdt_init(void);

/* The stack the next trap from user mode starts on (inline: every thread switch sets it). */
static inline void tss_set_kstack(uint32_t esp0)
{
    tss.esp0 = esp0;
}

/* Load a task's I/O permission bitmap (a clear bit allows that port), or 0 for none. */
void tss_set_ioports(const uint8_t *bitmap);
#endif

#endif
