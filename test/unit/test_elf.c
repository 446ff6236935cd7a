/*
 * Host tests of libipc/elf.c, the ELF32 reader the kernel and the pager trust
 * with any file of the initrd. Images are built in memory by elf_build, field
 * by field at the offsets of the ELF32 specification (not through elf.c's own
 * structures). elf_parse always gets the image placed to end right before an
 * inaccessible page, so a read past the image kills the test instead of
 * passing unnoticed.
 */
#include "guard.h"
#include "unit.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libipc/elf.c"

#define IMG_MAX 0x10000

/* ELF32 file header offsets. */
#define O_CLASS     4
#define O_DATA      5
#define O_TYPE      16
#define O_MACHINE   18
#define O_ENTRY     24
#define O_PHOFF     28
#define O_PHENTSIZE 42
#define O_PHNUM     44
#define EHDR_SIZE   52
#define PHDR_SIZE   32
/* Program header offsets. */
#define P_TYPE   0
#define P_OFFSET 4
#define P_VADDR  8
#define P_FILESZ 16
#define P_MEMSZ  20
#define P_FLAGS  24

#define PT_NOTE      4
#define PT_GNU_STACK 0x6474e551u
#define RX           (PF_R | PF_X)
#define RW           (PF_R | PF_W)

struct ph {
    uint32_t type, offset, vaddr, filesz, memsz, flags;
};

/* An image to build: the program headers go at phoff (0: right after the file header). */
struct spec {
    uint32_t entry, phoff;
    uint16_t phnum;
    struct ph ph[12];
};

/* Text (R X) then data + bss (R W) on the next page, as user/lib/user.ld lays programs out. */
static const struct spec valid = {
    .entry = 0x400010,
    .phnum = 2,
    .ph = {{PT_LOAD, 0x1000, 0x400000, 0x180, 0x180, RX},
           {PT_LOAD, 0x2000, 0x401000, 0x40, 0x2000, RW}},
};
#define VALID_SIZE 0x2040u

static uint8_t img[IMG_MAX];
static struct elf_image e;

static void put16(size_t off, uint16_t v)
{
    img[off] = (uint8_t)v;
    img[off + 1] = (uint8_t)(v >> 8);
}

static void put32(size_t off, uint32_t v)
{
    put16(off, (uint16_t)v);
    put16(off + 2, (uint16_t)(v >> 16));
}

static size_t ph_at(const struct spec *s, int i)
{
    return (s->phoff ? s->phoff : EHDR_SIZE) + (size_t)i * PHDR_SIZE;
}

/* Segment contents first (a pattern), headers over them. */
static size_t segments_fill(const struct spec *s)
{
    size_t end = 0;
    for (int i = 0; i < s->phnum; i++) {
        const struct ph *p = &s->ph[i];
        if (p->type != PT_LOAD || p->filesz == 0)
            continue;
        ck_assert_uint_le((uint64_t)p->offset + p->filesz, IMG_MAX);
        for (uint32_t k = 0; k < p->filesz; k++)
            img[p->offset + k] = (uint8_t)(i * 16 + k);
        if (p->offset + p->filesz > end)
            end = p->offset + p->filesz;
    }
    return end;
}

/* Write s into img; returns the image size: the end of the last header or segment. */
static size_t elf_build(const struct spec *s)
{
    memset(img, 0, sizeof(img));
    size_t end = segments_fill(s);
    memcpy(img, "\177ELF", 4);
    img[O_CLASS] = 1;
    img[O_DATA] = 1;
    img[6] = 1; /* EI_VERSION */
    put16(O_TYPE, 2);
    put16(O_MACHINE, 3);
    put32(20, 1); /* e_version */
    put32(O_ENTRY, s->entry);
    put32(O_PHOFF, s->phoff ? s->phoff : EHDR_SIZE);
    put16(40, EHDR_SIZE);
    put16(O_PHENTSIZE, PHDR_SIZE);
    put16(O_PHNUM, s->phnum);
    for (int i = 0; i < s->phnum; i++) {
        const struct ph *p = &s->ph[i];
        size_t at = ph_at(s, i);
        ck_assert_uint_le(at + PHDR_SIZE, IMG_MAX);
        put32(at + P_TYPE, p->type);
        put32(at + P_OFFSET, p->offset);
        put32(at + P_VADDR, p->vaddr);
        put32(at + 12, p->vaddr); /* p_paddr */
        put32(at + P_FILESZ, p->filesz);
        put32(at + P_MEMSZ, p->memsz);
        put32(at + P_FLAGS, p->flags);
        put32(at + 28, PAGE_SIZE); /* p_align */
    }
    size_t headers = ph_at(s, s->phnum);
    return end > headers ? end : headers;
}

/* elf_parse on the first size bytes of img. */
static int parse(size_t size)
{
    return elf_parse(guard_place(img, size), size, &e);
}

static int parse_spec(const struct spec *s)
{
    return parse(elf_build(s));
}

static void assert_seg(int i, uint32_t vaddr, uint32_t memsz, uint32_t filesz, uint32_t offset,
                       uint32_t perm)
{
    ck_assert_uint_eq(e.seg[i].vaddr, vaddr);
    ck_assert_uint_eq(e.seg[i].memsz, memsz);
    ck_assert_uint_eq(e.seg[i].filesz, filesz);
    ck_assert_uint_eq(e.seg[i].offset, offset);
    ck_assert_uint_eq(e.seg[i].perm, perm);
}

/* ---- images that must be accepted ---- */

START_TEST(test_guard_faults)
{
    const volatile uint8_t *p = guard_place(img, 16);
    (void)p[16];
}
END_TEST

START_TEST(test_valid_two_segments)
{
    memset(&e, 0x5A, sizeof(e));
    ck_assert_uint_eq(elf_build(&valid), VALID_SIZE);
    ck_assert_int_eq(parse(VALID_SIZE), 0);
    ck_assert_uint_eq(e.entry, 0x400010);
    ck_assert_int_eq(e.nseg, 2);
    assert_seg(0, 0x400000, 0x180, 0x180, 0x1000, PERM_R | PERM_X);
    assert_seg(1, 0x401000, 0x2000, 0x40, 0x2000, PERM_R | PERM_W);
}
END_TEST

START_TEST(test_valid_permissions)
{
    static const uint32_t flags[] = {0, PF_R, PF_W, PF_X, RX, RW, PF_R | PF_W | PF_X};
    static const uint32_t perms[] = {
        0, PERM_R, PERM_W, PERM_X, PERM_R | PERM_X, PERM_R | PERM_W, PERM_R | PERM_W | PERM_X};
    struct spec s = valid;
    s.ph[1].flags = flags[_i] | 0xF0000000u; /* processor-specific bits are dropped */
    ck_assert_int_eq(parse_spec(&s), 0);
    ck_assert_uint_eq(e.seg[1].perm, perms[_i]);
}
END_TEST

START_TEST(test_valid_other_types_ignored)
{
    struct spec s = valid;
    s.phnum = 4;
    s.ph[2] = (struct ph){PT_NOTE, 0xFFFFFFFFu, 0, 0xFFFFFFFFu, 0, 0};
    s.ph[3] = (struct ph){PT_GNU_STACK, 0, 0, 0, 0, RW};
    ck_assert_int_eq(parse_spec(&s), 0);
    ck_assert_int_eq(e.nseg, 2);
}
END_TEST

START_TEST(test_valid_empty_load_dropped)
{
    struct spec s = valid;
    s.phnum = 3;
    s.ph[2] = (struct ph){PT_LOAD, 0x1000, 0x400000, 0, 0, RW}; /* in text's page: not recorded */
    ck_assert_int_eq(parse_spec(&s), 0);
    ck_assert_int_eq(e.nseg, 2);
    assert_seg(1, 0x401000, 0x2000, 0x40, 0x2000, PERM_R | PERM_W);
}
END_TEST

START_TEST(test_valid_bss_only_segment)
{
    struct spec s = valid;
    s.ph[1] = (struct ph){PT_LOAD, 0, 0x403000, 0, 0x18, RW}; /* what ld emits for bss alone */
    ck_assert_int_eq(parse_spec(&s), 0);
    assert_seg(1, 0x403000, 0x18, 0, 0, PERM_R | PERM_W);
}
END_TEST

START_TEST(test_valid_address_limits)
{
    struct spec s = valid;
    s.ph[1].vaddr = USER_TOP - 0x2000; /* ends exactly at USER_TOP */
    ck_assert_int_eq(parse_spec(&s), 0);
    ck_assert_uint_eq(e.seg[1].vaddr + e.seg[1].memsz, USER_TOP);
    s.ph[1].vaddr = USER_BASE + 0x100000;
    s.ph[0].vaddr = USER_BASE; /* the lowest page allowed */
    ck_assert_int_eq(parse_spec(&s), 0);
}
END_TEST

START_TEST(test_valid_unaligned_congruent)
{
    struct spec s = valid;
    s.ph[0].offset = 0x1123;
    s.ph[0].vaddr = 0x400123;
    s.entry = 0x400123;
    ck_assert_int_eq(parse_spec(&s), 0);
    assert_seg(0, 0x400123, 0x180, 0x180, 0x1123, PERM_R | PERM_X);
}
END_TEST

START_TEST(test_valid_descending_order)
{
    struct spec s = valid;
    s.ph[0] = valid.ph[1];
    s.ph[1] = valid.ph[0];
    ck_assert_int_eq(parse_spec(&s), 0);
    assert_seg(0, 0x401000, 0x2000, 0x40, 0x2000, PERM_R | PERM_W);
    assert_seg(1, 0x400000, 0x180, 0x180, 0x1000, PERM_R | PERM_X);
}
END_TEST

START_TEST(test_valid_entry_edges)
{
    struct spec s = valid;
    s.entry = 0x400000;
    ck_assert_int_eq(parse_spec(&s), 0);
    s.entry = 0x400000 + 0x180 - 1;
    ck_assert_int_eq(parse_spec(&s), 0);
    ck_assert_uint_eq(e.entry, 0x40017F);
}
END_TEST

/* Eight one-page loads, every other page; the last executable. */
static struct spec max_loads(int n)
{
    struct spec s = {.phnum = (uint16_t)n, .entry = 0x400000 + 2 * PAGE_SIZE * (uint32_t)(n - 1)};
    for (int i = 0; i < n; i++) {
        uint32_t off = PAGE_SIZE * (uint32_t)(i + 1);
        s.ph[i] = (struct ph){PT_LOAD, off, 0x400000 + 2 * PAGE_SIZE * (uint32_t)i,
                              8,       8,   i == n - 1 ? RX : RW};
    }
    return s;
}

START_TEST(test_valid_max_segments)
{
    struct spec s = max_loads(ELF_MAX_SEGS);
    ck_assert_int_eq(parse_spec(&s), 0);
    ck_assert_int_eq(e.nseg, ELF_MAX_SEGS);
    ck_assert_uint_eq(e.seg[ELF_MAX_SEGS - 1].vaddr, 0x400000 + 14 * PAGE_SIZE);
}
END_TEST

/* ---- file header ---- */

START_TEST(test_too_small)
{
    ck_assert_int_eq(elf_parse(NULL, 0, &e), E_FORMAT);
    ck_assert_int_eq(elf_parse(NULL, VALID_SIZE, &e), E_FORMAT);
    elf_build(&valid);
    ck_assert_int_eq(parse(0), E_FORMAT);
    ck_assert_int_eq(parse(EHDR_SIZE - 1), E_FORMAT);
}
END_TEST

START_TEST(test_bad_magic)
{
    elf_build(&valid);
    img[_i] ^= 0x20;
    ck_assert_int_eq(parse(VALID_SIZE), E_FORMAT);
}
END_TEST

START_TEST(test_bad_class_or_data)
{
    elf_build(&valid);
    static const uint8_t bad[] = {0, 2, 3};
    for (size_t i = 0; i < sizeof(bad); i++) {
        img[O_CLASS] = bad[i];
        ck_assert_int_eq(parse(VALID_SIZE), E_FORMAT);
        img[O_CLASS] = 1;
        img[O_DATA] = bad[i];
        ck_assert_int_eq(parse(VALID_SIZE), E_FORMAT);
        img[O_DATA] = 1;
    }
    ck_assert_int_eq(parse(VALID_SIZE), 0);
}
END_TEST

START_TEST(test_bad_type_or_machine)
{
    elf_build(&valid);
    static const uint16_t types[] = {0, 1 /* REL */, 3 /* DYN */, 4 /* CORE */, 0x0200};
    static const uint16_t machines[] = {0, 62 /* x86-64 */, 6 /* 486 */, 0x0300};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        put16(O_TYPE, types[i]);
        ck_assert_int_eq(parse(VALID_SIZE), E_FORMAT);
    }
    put16(O_TYPE, 2);
    for (size_t i = 0; i < sizeof(machines) / sizeof(machines[0]); i++) {
        put16(O_MACHINE, machines[i]);
        ck_assert_int_eq(parse(VALID_SIZE), E_FORMAT);
    }
    put16(O_MACHINE, 3);
    ck_assert_int_eq(parse(VALID_SIZE), 0);
}
END_TEST

START_TEST(test_bad_phentsize)
{
    static const uint16_t sizes[] = {0, 31, 33, 56, 0xFFFF};
    elf_build(&valid);
    put16(O_PHENTSIZE, sizes[_i]);
    ck_assert_int_eq(parse(VALID_SIZE), E_FORMAT);
}
END_TEST

START_TEST(test_phdrs_past_end)
{
    struct spec s = valid;
    s.phoff = VALID_SIZE - 2 * PHDR_SIZE; /* the table ends the file exactly */
    size_t size = elf_build(&s);
    ck_assert_uint_eq(size, VALID_SIZE);
    ck_assert_int_eq(parse(size), 0);
    put32(O_PHOFF, VALID_SIZE - 2 * PHDR_SIZE + 1);
    ck_assert_int_eq(parse(size), E_FORMAT);
    put32(O_PHOFF, 0xFFFFFFF0u); /* phoff + table wraps in 32 bits */
    ck_assert_int_eq(parse(size), E_FORMAT);
    put32(O_PHOFF, VALID_SIZE - 2 * PHDR_SIZE);
    put16(O_PHNUM, 3);
    ck_assert_int_eq(parse(size), E_FORMAT);
    put16(O_PHNUM, 0xFFFF);
    ck_assert_int_eq(parse(size), E_FORMAT);
}
END_TEST

START_TEST(test_no_loads)
{
    struct spec s = valid;
    s.phnum = 0;
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
    s.phnum = 1;
    s.ph[0] = (struct ph){PT_GNU_STACK, 0, 0, 0, 0, RW};
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
    s.ph[0] = (struct ph){PT_LOAD, 0, 0x400000, 0, 0, RX}; /* empty: nothing to run */
    s.entry = 0x400000;
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
}
END_TEST

/* ---- program headers ---- */

START_TEST(test_seg_file_past_end)
{
    size_t size = elf_build(&valid);
    size_t at = ph_at(&valid, 1);
    put32(at + P_FILESZ, 0x41); /* one byte past the end */
    ck_assert_int_eq(parse(size), E_FORMAT);
    put32(at + P_FILESZ, 0x40);
    put32(at + P_OFFSET, 0x3000); /* starts past the end */
    ck_assert_int_eq(parse(size), E_FORMAT);
    put32(at + P_OFFSET, 0xFFFFF000u); /* offset + filesz wraps to 0x1040 in 32 bits */
    put32(at + P_FILESZ, 0x2040);
    put32(at + P_MEMSZ, 0x3000);
    ck_assert_int_eq(parse(size), E_FORMAT);
}
END_TEST

START_TEST(test_filesz_over_memsz)
{
    struct spec s = valid;
    s.ph[1].memsz = 0x3F;
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
    s.ph[1].memsz = 0; /* an empty segment is checked all the same */
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
}
END_TEST

START_TEST(test_vaddr_below_base)
{
    static const uint32_t vaddr[] = {0, PAGE_SIZE, USER_BASE - PAGE_SIZE, USER_BASE - 0x40};
    struct spec s = valid;
    s.ph[1].vaddr = vaddr[_i];
    s.ph[1].offset = 0x2000 + (vaddr[_i] & 0xFFF);
    s.ph[1].memsz = 0x40; /* clear of text's page */
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
    s.ph[1].memsz = s.ph[1].filesz = 0; /* even when empty */
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
}
END_TEST

START_TEST(test_vaddr_past_top)
{
    /* vaddr, memsz: one byte past USER_TOP, at it, and three whose end wraps 32 bits */
    static const uint32_t cases[][2] = {{USER_TOP - 0x1000, 0x1001},
                                        {USER_TOP, 0x1000},
                                        {0xFFFFF000u, 0x1000},
                                        {0x401000, 0xFFBFF000u},
                                        {0x401000, 0xFFFFF000u}};
    struct spec s = valid;
    s.ph[1].vaddr = cases[_i][0];
    s.ph[1].memsz = cases[_i][1];
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
}
END_TEST

START_TEST(test_offset_not_congruent)
{
    struct spec s = valid;
    s.ph[0].offset = 0x1001;
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
    s.ph[0].offset = 0x1800;
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
    s.ph[0].offset = 0; /* the pager would back this page from before the file */
    s.ph[0].vaddr = 0x400800;
    s.entry = 0x400800;
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
}
END_TEST

START_TEST(test_overlap)
{
    /* a second segment meeting text [0x400000, 0x400180) */
    static const uint32_t vaddr[] = {0x400000, 0x400100, 0x400180, 0x400FFF};
    struct spec s = valid;
    s.ph[1].vaddr = vaddr[_i];
    s.ph[1].offset = 0x2000 + (vaddr[_i] & 0xFFF);
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
    s.ph[0] = s.ph[1]; /* and the other way round */
    s.ph[1] = valid.ph[0];
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
}
END_TEST

START_TEST(test_overlap_earlier_segment)
{
    struct spec s = max_loads(3);
    s.ph[2].vaddr = s.ph[0].vaddr + 0x10; /* meets the first of two recorded segments */
    s.ph[2].offset += 0x10;
    s.entry = s.ph[2].vaddr;
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
    s.ph[1].memsz = PAGE_SIZE + 1; /* reaches one byte into the page where the third starts */
    s.ph[2].vaddr = s.ph[1].vaddr + 2 * PAGE_SIZE - 1;
    s.ph[2].offset = 3 * PAGE_SIZE + 0xFFF;
    s.entry = s.ph[2].vaddr;
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
}
END_TEST

START_TEST(test_too_many_loads)
{
    struct spec s = max_loads(ELF_MAX_SEGS + 1);
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
    s.ph[0].memsz = s.ph[0].filesz = 0; /* empty loads do not count */
    ck_assert_int_eq(parse_spec(&s), 0);
    ck_assert_int_eq(e.nseg, ELF_MAX_SEGS);
}
END_TEST

START_TEST(test_entry_outside_text)
{
    /* below, at the end of, and past text; in data; past everything */
    static const uint32_t entry[] = {0,        0x3FFFFF, 0x400180,   0x400FFF,
                                     0x401000, 0x402FFF, 0xFFFFFFFFu};
    struct spec s = valid;
    s.entry = entry[_i];
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
}
END_TEST

START_TEST(test_entry_needs_exec)
{
    struct spec s = valid;
    s.ph[0].flags = PF_R;
    ck_assert_int_eq(parse_spec(&s), E_FORMAT);
    s.ph[1].flags = PF_R | PF_W | PF_X; /* executable data: entry there is fine */
    s.entry = 0x401000;
    ck_assert_int_eq(parse_spec(&s), 0);
}
END_TEST

/* ---- truncation and random corruption ---- */

/* Variants whose last bytes are each of: data, text, the program headers. */
static struct spec truncation_spec(int variant)
{
    struct spec s = valid;
    if (variant == 1) {
        s.ph[1].offset = 0x1000;
        s.ph[0].offset = 0x2000;
        s.ph[1].filesz = 0x100;
    } else if (variant == 2) {
        s.phoff = 0x2040;
    }
    return s;
}

START_TEST(test_truncation_every_length)
{
    struct spec s = truncation_spec(_i);
    size_t size = elf_build(&s);
    ck_assert_int_eq(parse(size), 0);
    for (size_t len = 0; len < size; len++) {
        if (parse(len) != E_FORMAT)
            ck_abort_msg("variant %d cut to %zu of %zu bytes: accepted", _i, len, size);
    }
}
END_TEST

/* The rules elf.c promises, checked on what it returned. */
static void assert_loadable(size_t size)
{
    ck_assert_int_ge(e.nseg, 1);
    ck_assert_int_le(e.nseg, ELF_MAX_SEGS);
    bool entry_found = false;
    for (int i = 0; i < e.nseg; i++) {
        const struct elf_seg *a = &e.seg[i];
        ck_assert_uint_gt(a->memsz, 0);
        ck_assert_uint_le(a->filesz, a->memsz);
        ck_assert_uint_le((uint64_t)a->offset + a->filesz, size);
        ck_assert_uint_ge(a->vaddr, USER_BASE);
        ck_assert_uint_le((uint64_t)a->vaddr + a->memsz, USER_TOP);
        ck_assert_uint_ge(a->offset, a->vaddr % PAGE_SIZE);
        ck_assert_uint_eq(a->offset % PAGE_SIZE, a->vaddr % PAGE_SIZE);
        if ((a->perm & PERM_X) && e.entry >= a->vaddr && e.entry < a->vaddr + a->memsz)
            entry_found = true;
        for (int j = 0; j < i; j++) {
            const struct elf_seg *b = &e.seg[j];
            uint32_t a_end = (a->vaddr + a->memsz - 1) / PAGE_SIZE;
            uint32_t b_end = (b->vaddr + b->memsz - 1) / PAGE_SIZE;
            ck_assert(a_end < b->vaddr / PAGE_SIZE || b_end < a->vaddr / PAGE_SIZE);
        }
    }
    ck_assert(entry_found);
}

static uint32_t fuzz_value(void)
{
    static const uint32_t interesting[] = {0,           1,           0x40,         0x1000,
                                           0x2000,      0x2040,      USER_BASE,    USER_BASE - 1,
                                           0x401000,    USER_TOP,    USER_TOP - 1, 0x80000000u,
                                           0xFFFFFFFFu, 0xFFFFF000u, PT_LOAD,      RX};
    if (rand() % 2)
        return interesting[rand() % (sizeof(interesting) / sizeof(interesting[0]))];
    return (uint32_t)rand() ^ ((uint32_t)rand() << 16);
}

/* Set one header field, or one byte of the headers, to something odd. */
static void fuzz_mutate(void)
{
    static const size_t fields[] = {O_ENTRY,       O_PHOFF,       52 + P_OFFSET, 52 + P_VADDR,
                                    52 + P_FILESZ, 52 + P_MEMSZ,  84 + P_TYPE,   84 + P_OFFSET,
                                    84 + P_VADDR,  84 + P_FILESZ, 84 + P_MEMSZ,  84 + P_FLAGS};
    int pick = rand() % 4;
    if (pick == 0)
        img[rand() % (EHDR_SIZE + 2 * PHDR_SIZE)] = (uint8_t)rand();
    else if (pick == 1)
        put16(O_PHNUM, (uint16_t)(rand() % 12));
    else
        put32(fields[rand() % (sizeof(fields) / sizeof(fields[0]))], fuzz_value());
}

START_TEST(test_fuzz_headers)
{
    int accepted = 0, rejected = 0;
    srand(1234);
    for (int round = 0; round < 40000; round++) {
        size_t size = elf_build(&valid);
        for (int k = rand() % 3; k >= 0; k--)
            fuzz_mutate();
        int r = parse(size);
        if (r == 0) {
            assert_loadable(size);
            accepted++;
        } else {
            ck_assert_int_eq(r, E_FORMAT);
            rejected++;
        }
    }
    ck_assert_int_gt(accepted, 1000);
    ck_assert_int_gt(rejected, 1000);
}
END_TEST

UNIT_MAIN(
    "elf",
    {"accepted",
     .tests = UNIT_TESTS(test_valid_two_segments, test_valid_other_types_ignored,
                         test_valid_empty_load_dropped, test_valid_bss_only_segment,
                         test_valid_address_limits, test_valid_unaligned_congruent,
                         test_valid_descending_order, test_valid_entry_edges,
                         test_valid_max_segments),
     .loop = UNIT_LOOPS({test_guard_faults, 0, 1, SIGSEGV}, {test_valid_permissions, 0, 7, 0})},
    {"file header",
     .tests = UNIT_TESTS(test_too_small, test_bad_class_or_data, test_bad_type_or_machine,
                         test_phdrs_past_end, test_no_loads),
     .loop = UNIT_LOOPS({test_bad_magic, 0, 4, 0}, {test_bad_phentsize, 0, 5, 0})},
    {"segments",
     .tests = UNIT_TESTS(test_seg_file_past_end, test_filesz_over_memsz, test_offset_not_congruent,
                         test_overlap_earlier_segment, test_too_many_loads, test_entry_needs_exec),
     .loop = UNIT_LOOPS({test_vaddr_below_base, 0, 4, 0}, {test_vaddr_past_top, 0, 5, 0},
                        {test_overlap, 0, 4, 0}, {test_entry_outside_text, 0, 7, 0})},
    {"truncated and corrupt", .timeout = 60, .tests = UNIT_TESTS(test_fuzz_headers),
     .loop = UNIT_LOOPS({test_truncation_every_length, 0, 3, 0})})
