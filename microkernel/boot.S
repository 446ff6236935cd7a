/*
 * Multiboot v1 entry. GRUB or QEMU's -kernel leaves us in 32-bit protected
 * mode, paging off, eax = 0x2BADB002, ebx = physical address of the
 * Multiboot info. We build a boot page directory that maps the first
 * KMAP_SIZE bytes of physical memory both at 0 (so the next instruction
 * still runs) and at KERNBASE, turn paging on, move to the higher half and
 * call kmain(magic, mbi). The same directory stays the kernel's master
 * directory: kmain drops the identity half and adds the recursive slot.
 */
#include "layout.h"

#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003 /* modules page aligned, memory map wanted */

    .section .multiboot, "a"
    .align 4
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

    .section .boot.text, "ax"
    .globl _start
_start:
    cli
    mov %eax, %esi                  /* keep Multiboot magic and info */
    mov %ebx, %edi

    /* Fill the boot page tables: KMAP_PTS tables mapping 0..KMAP_SIZE. */
    mov $(boot_pts - KERNBASE), %ebx
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $12, %eax
    or $0x003, %eax                 /* present | writable */
    mov %eax, (%ebx, %ecx, 4)
    inc %ecx
    cmp $(KMAP_PTS * 1024), %ecx
    jne 1b

    /* Point PDEs 0.. and 768.. at those tables. */
    mov $(boot_pd - KERNBASE), %edx
    xor %ecx, %ecx
2:  mov %ecx, %eax
    shl $12, %eax
    add $(boot_pts - KERNBASE + 0x003), %eax
    mov %eax, (%edx, %ecx, 4)
    mov %eax, (KERNBASE >> 22) * 4(%edx, %ecx, 4)
    inc %ecx
    cmp $KMAP_PTS, %ecx
    jne 2b

    mov %edx, %cr3
    mov %cr0, %eax
    or $0x80010000, %eax            /* PG | WP: the kernel honours read-only pages */
    mov %eax, %cr0
    lea higher_half, %eax
    jmp *%eax

    .text
higher_half:
    mov $boot_stack_top, %esp
    xor %ebp, %ebp
    push %edi                       /* mbi (physical) */
    push %esi                       /* magic */
    call kmain
3:  cli
    hlt
    jmp 3b

    .bss
    .align 4096
    .globl boot_pd, boot_pts
boot_pd:
    .skip 4096
boot_pts:
    .skip 4096 * KMAP_PTS
    .align 16
boot_stack:
    .skip 16384
    .globl boot_stack_top
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
