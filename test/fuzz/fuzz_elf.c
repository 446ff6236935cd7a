/* libFuzzer: libipc/elf.c's elf_parse on any bytes; a parsed image keeps every promise of elf.h. */
#include "harness.h"
#include <string.h>

#include "libipc/elf.c"

static void check_image(const struct elf_image *e, size_t size)
{
    int entry_ok = 0;
    FUZZ_REQUIRE(e->nseg >= 0 && e->nseg <= ELF_MAX_SEGS);
    for (int i = 0; i < e->nseg; i++) {
        const struct elf_seg *s = &e->seg[i];
        FUZZ_REQUIRE(s->filesz <= s->memsz && s->memsz > 0);
        FUZZ_REQUIRE(s->offset <= size && s->filesz <= size - s->offset);
        FUZZ_REQUIRE(s->vaddr >= USER_BASE && s->vaddr < USER_TOP);
        FUZZ_REQUIRE(s->memsz <= USER_TOP - s->vaddr);
        for (int j = 0; j < i; j++) { /* no two share a page */
            const struct elf_seg *o = &e->seg[j];
            uint32_t lo = s->vaddr & ~0xFFFu, hi = (s->vaddr + s->memsz - 1) | 0xFFFu;
            uint32_t olo = o->vaddr & ~0xFFFu, ohi = (o->vaddr + o->memsz - 1) | 0xFFFu;
            FUZZ_REQUIRE(hi < olo || ohi < lo);
        }
        entry_ok |= (s->perm & PERM_X) && e->entry >= s->vaddr && e->entry - s->vaddr < s->memsz;
    }
    FUZZ_REQUIRE(entry_ok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *img = malloc(size ? size : 1); /* exactly the input: ASan sees any over-read */
    memcpy(img, data, size);
    struct elf_image e;
    if (elf_parse(img, size, &e) == 0)
        check_image(&e, size);
    free(img);
    return 0;
}
