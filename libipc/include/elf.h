/*
 * Validate and describe an ELF32 i386 executable held in memory. A parsed
 * image is safe to load: every segment lies in the file and in
 * [USER_BASE, USER_TOP), no two share a page, and the entry is executable.
 */
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
    struct elf_seg seg[ELF_MAX_SEGS]; /* the non-empty PT_LOADs, in file order */
};

/*
 * 0 and *out, or E_FORMAT when img[0..size) is not a loadable user program
 * (*out is then meaningless). Nothing outside img[0..size) is read.
 */
int elf_parse(const void *img, size_t size, struct elf_image *out);

#endif
