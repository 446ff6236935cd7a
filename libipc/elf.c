/*
 * ELF32 reader. Everything is checked against the buffer's size before it is
 * read, so a truncated or corrupt image gives E_FORMAT and nothing worse.
 */
#include "elf.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "str.h"

struct ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version, entry, phoff, shoff, flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

#define PT_LOAD 1
#define PF_X    1
#define PF_W    2
#define PF_R    4

static int header_ok(const struct ehdr *h, size_t size)
{
    static const uint8_t magic[4] = {0x7F, 'E', 'L', 'F'};
    if (memcmp(h->ident, magic, 4) || h->ident[4] != 1 || h->ident[5] != 1)
        return 0;
    if (h->type != 2 || h->machine != 3 || h->phentsize != sizeof(struct phdr))
        return 0;
    uint64_t end = (uint64_t)h->phoff + (uint64_t)h->phnum * sizeof(struct phdr);
    return h->phnum > 0 && end <= size;
}

static int seg_ok(const struct phdr *p, size_t size)
{
    uint64_t fend = (uint64_t)p->offset + p->filesz;
    uint64_t vend = (uint64_t)p->vaddr + p->memsz;
    return fend <= size && p->filesz <= p->memsz && p->vaddr >= USER_BASE && vend <= USER_TOP &&
           p->memsz > 0;
}

static int overlaps(const struct elf_image *e, uint32_t lo, uint32_t hi)
{
    for (int i = 0; i < e->nseg; i++) {
        uint32_t a = e->seg[i].vaddr & ~0xFFFu;
        uint32_t b = e->seg[i].vaddr + e->seg[i].memsz;
        if (lo < b && a < hi)
            return 1;
    }
    return 0;
}

int elf_parse(const void *img, size_t size, struct elf_image *out)
{
    if (!img || size < sizeof(struct ehdr))
        return E_FORMAT;
    struct ehdr h;
    memcpy(&h, img, sizeof(h));
    if (!header_ok(&h, size))
        return E_FORMAT;
    memset(out, 0, sizeof(*out));
    int entry_ok = 0;
    for (uint32_t i = 0; i < h.phnum; i++) {
        struct phdr p;
        memcpy(&p, (const uint8_t *)img + h.phoff + i * sizeof(p), sizeof(p));
        if (p.type != PT_LOAD)
            continue;
        if (!seg_ok(&p, size) || out->nseg == ELF_MAX_SEGS ||
            overlaps(out, p.vaddr & ~0xFFFu, p.vaddr + p.memsz))
            return E_FORMAT;
        struct elf_seg *s = &out->seg[out->nseg++];
        *s = (struct elf_seg){p.vaddr, p.memsz, p.filesz, p.offset,
                              (p.flags & PF_R ? PERM_R : 0) | (p.flags & PF_W ? PERM_W : 0) |
                                  (p.flags & PF_X ? PERM_X : 0)};
        if ((p.flags & PF_X) && h.entry >= p.vaddr && h.entry < p.vaddr + p.memsz)
            entry_ok = 1;
    }
    if (!entry_ok)
        return E_FORMAT;
    out->entry = h.entry;
    return 0;
}
