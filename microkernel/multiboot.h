/* The parts of the Multiboot v1 information structure the kernel reads. */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H

#include <stdint.h>

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002
#define MBI_FLAG_MEM               (1u << 0)
#define MBI_FLAG_CMDLINE           (1u << 2)
#define MBI_FLAG_MODS              (1u << 3)
#define MBI_FLAG_MMAP              (1u << 6)

struct multiboot_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

struct multiboot_mod {
    uint32_t start, end, string, reserved;
} __attribute__((packed));

struct multiboot_mmap {
    uint32_t size; /* of the rest of this entry */
    uint64_t base, len;
    uint32_t type; /* 1 = usable RAM */
} __attribute__((packed));

#endif
