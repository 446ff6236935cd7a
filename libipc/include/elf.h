/* Validate and describe an ELF32 i386 executable held in memory. */
#ifndef LIBIPC_ELF_H
#define LIBIPC_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGS 8

struct elf_seg {
    uint32_t vaddr, memsz, filesz, offset, perm; /* perm: PERM_R|PERM_W|PERM_X */
};

struct elf_image {
    uint32_t entry;
    int nseg;
    struct elf_seg seg[ELF_MAX_SEGS];
};

/* 0, or E_FORMAT when the image is not a loadable user program. */
int elf_parse(const void *img, size_t size, struct elf_image *out);

#endif
