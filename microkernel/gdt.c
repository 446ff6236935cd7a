/*
 * Global descriptor table and task-state segment. The TSS only carries the
 * ring-0 stack pointer for traps from user mode and the I/O permission
 * bitmap; we never switch tasks in hardware.
 */
#include "gdt.h"
#include "str.h"

static uint64_t gdt[6];
struct tss tss;

static uint64_t seg_desc(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    uint64_t d = limit & 0xFFFF;
    d |= (uint64_t)(base & 0xFFFFFF) << 16;
    d |= (uint64_t)access << 40;
    d |= (uint64_t)((limit >> 16) & 0xF) << 48;
    d |= (uint64_t)(flags & 0xF) << 52;
    d |= (uint64_t)(base >> 24) << 56;
    return d;
}

void gdt_init(void)
{
    gdt[0] = 0;
    gdt[1] = seg_desc(0, 0xFFFFF, 0x9A, 0xC); /* kernel code */
    gdt[2] = seg_desc(0, 0xFFFFF, 0x92, 0xC); /* kernel data */
    gdt[3] = seg_desc(0, 0xFFFFF, 0xFA, 0xC); /* user code */
    gdt[4] = seg_desc(0, 0xFFFFF, 0xF2, 0xC); /* user data */
    gdt[5] = seg_desc((uint32_t)&tss, sizeof(tss) - 1, 0x89, 0x0);

    memset(&tss, 0, sizeof(tss));
    tss.ss0 = SEG_KDATA;
    tss.iomap_base = __builtin_offsetof(struct tss, iomap);
    memset(tss.iomap, 0xFF, sizeof(tss.iomap));

    struct {
        uint16_t limit;
        uint32_t base;
    } __attribute__((packed)) gdtr = {sizeof(gdt) - 1, (uint32_t)gdt};

    asm volatile("lgdt %0\n"
                 "mov %1, %%ds\n mov %1, %%es\n mov %1, %%fs\n mov %1, %%gs\n mov %1, %%ss\n"
                 "ljmp %2, $1f\n1:\n"
                 "ltr %w3"
                 :
                 : "m"(gdtr), "r"(SEG_KDATA), "i"(SEG_KCODE), "r"(SEG_TSS)
                 : "memory");
}

void tss_set_ioports(const uint8_t *bitmap)
{
    if (bitmap)
        memcpy(tss.iomap, bitmap, IOBITMAP_BYTES);
    else
        memset(tss.iomap, 0xFF, IOBITMAP_BYTES);
}
