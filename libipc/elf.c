/*
 * ELF32 reader for user programs: static i386 executables (ET_EXEC).
 *
 * Every header is copied out of the image only after its bounds were checked
 * against the image size (in 64-bit arithmetic, so no field can wrap a
 * check), so a truncated or corrupt image gives E_FORMAT and nothing worse.
 * Rules a loaded segment keeps, beyond the ELF specification's own:
 *  - it lies in [USER_BASE, USER_TOP) and its file bytes in the image;
 *  - offset and vaddr are equal modulo PAGE_SIZE, so the file page a
 *    segment starts in begins in the file too (offset >= vaddr % PAGE_SIZE):
 *    the pager backs whole pages with file pages;
 *  - no two segments share a page, as each page gets one segment's rights.
 * PT_LOADs with memsz 0 are checked but not recorded; other types are ignored.
 */
#include "elf.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "str.h"
#include <stdbool.h>

struct elf32_ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version, entry, phoff, shoff, flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf32_phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

_Static_assert(sizeof(struct elf32_ehdr) == 52, "ELF32 file header layout");
_Static_assert(sizeof(struct elf32_phdr) == 32, "ELF32 program header layout");

#define EI_CLASS    4
#define EI_DATA     5
#define ELFCLASS32  1
#define ELFDATA2LSB 1
#define ET_EXEC     2
#define EM_386      3
#define PT_LOAD     1
#define PF_X        1
#define PF_W        2
#define PF_R        4

static bool ehdr_ok(const struct elf32_ehdr *h, size_t size)
{
    static const uint8_t magic[4] = {0x7F, 'E', 'L', 'F'};
    if (memcmp(h->ident, magic, sizeof(magic)) || h->ident[EI_CLASS] != ELFCLASS32 ||
        h->ident[EI_DATA] != ELFDATA2LSB)
        return false;
    if (h->type != ET_EXEC || h->machine != EM_386 || h->phentsize != sizeof(struct elf32_phdr))
        return false;
    return (uint64_t)h->phoff + (uint64_t)h->phnum * sizeof(struct elf32_phdr) <= size;
}

static bool phdr_ok(const struct elf32_phdr *p, size_t size)
{
    return p->filesz <= p->memsz && (uint64_t)p->offset + p->filesz <= size &&
           p->vaddr >= USER_BASE && (uint64_t)p->vaddr + p->memsz <= USER_TOP &&
           (p->offset - p->vaddr) % PAGE_SIZE == 0;
}

/* Whether the pages of [vaddr, vaddr + memsz) (memsz > 0) meet those of a recorded segment. */
static bool seg_overlaps(const struct elf_image *e, uint32_t vaddr, uint32_t memsz)
{
    uint32_t first = vaddr / PAGE_SIZE, last = (vaddr + memsz - 1) / PAGE_SIZE;
    for (int i = 0; i < e->nseg; i++) {
        const struct elf_seg *s = &e->seg[i];
        if (first <= (s->vaddr + s->memsz - 1) / PAGE_SIZE && s->vaddr / PAGE_SIZE <= last)
            return true;
    }
    return false;
}

static uint32_t seg_perm(uint32_t flags)
{
    return (flags & PF_R ? PERM_R : 0) | (flags & PF_W ? PERM_W : 0) | (flags & PF_X ? PERM_X : 0);
}

/* Record one PT_LOAD: 0, or E_FORMAT. */
static int seg_add(struct elf_image *e, const struct elf32_phdr *p, size_t size)
{
    if (!phdr_ok(p, size))
        return E_FORMAT;
    if (p->memsz == 0)
        return 0;
    if (e->nseg == ELF_MAX_SEGS || seg_overlaps(e, p->vaddr, p->memsz))
        return E_FORMAT;
    e->seg[e->nseg++] =
        (struct elf_seg){p->vaddr, p->memsz, p->filesz, p->offset, seg_perm(p->flags)};
    return 0;
}

static bool entry_ok(const struct elf_image *e, uint32_t entry)
{
    for (int i = 0; i < e->nseg; i++) {
        const struct elf_seg *s = &e->seg[i];
        if ((s->perm & PERM_X) && entry >= s->vaddr && entry - s->vaddr < s->memsz)
            return true;
    }
    return false;
}

int elf_parse(const void *img, size_t size, struct elf_image *out)
{
    const uint8_t *bytes = img;
    struct elf32_ehdr h;
    if (!img || size < sizeof(h))
        return E_FORMAT;
    memcpy(&h, bytes, sizeof(h));
    if (!ehdr_ok(&h, size))
        return E_FORMAT;
    memset(out, 0, sizeof(*out));
    for (uint32_t i = 0; i < h.phnum; i++) {
        struct elf32_phdr p;
        memcpy(&p, bytes + h.phoff + i * sizeof(p), sizeof(p));
        if (p.type == PT_LOAD && seg_add(out, &p, size) < 0)
            return E_FORMAT;
    }
    if (!entry_ok(out, h.entry))
        return E_FORMAT;
    out->entry = h.entry;
    return 0;
}
