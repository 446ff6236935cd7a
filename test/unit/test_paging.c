/*
 * Host tests of the recursive page-directory arithmetic in microkernel/paging.h
 * (pdx, ptx, pte_addr, pde_addr, pt_page_of) and the windows of layout.h.
 * Besides the identities, a small software MMU walks simulated page tables in
 * which PDE 1023 of the current directory points at itself and PDE 1022 at a
 * foreign directory: every window address must translate to the physical
 * entry it claims to name. Only paging.h is included: paging.c needs hardware.
 */
#include "unit.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "paging.h"

#define PAGE     4096u
#define USER_TOP KERNBASE /* first address above user space */
#define NPHYS    32       /* simulated physical frames */
#define NO_MAP   0xFFFFFFFFu
#define SELF_DIR 1 /* frame of the current directory */
#define FOR_DIR  2 /* frame of the foreign directory */
#define SELF_TAG 0x1000
#define FOR_TAG  0x2000

/* Fail the test only when cond is false: ck_assert marks a point on every call. */
#define REQUIRE(cond, ...)                                                                         \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ck_abort_msg(__VA_ARGS__);                                                             \
    } while (0)

/* Addresses worth a look: both ends of user space, ELF text, kernel, windows. */
static const uint32_t probes[] = {
    0x00000000, 0x00000FFF, 0x00001000, 0x003FF000, 0x00400000, 0x0804A123, 0x10000000,
    0xBFFFE000, 0xBFFFF000, 0xBFFFFFFF, 0xC0000000, 0xC0100000, 0xC0FFF000, 0xFF3FF000,
};
#define NPROBES (sizeof(probes) / sizeof(probes[0]))

static uint32_t phys[NPHYS][1024]; /* frame f is at physical address f * PAGE */
static uint32_t next_frame;

/* The i386 two-level walk from directory frame pd, written without paging.h. */
static uint32_t mmu_translate(uint32_t pd, uint32_t va)
{
    uint32_t pde = phys[pd][va >> 22];
    if (!(pde & PTE_P) || (pde >> 12) >= NPHYS)
        return NO_MAP;
    uint32_t pte = phys[pde >> 12][(va >> 12) & 0x3FF];
    if (!(pte & PTE_P))
        return NO_MAP;
    return (pte & PTE_FRAME) | (va & 0xFFF);
}

/* The frame of the page table covering va in directory pd, made on first use. */
static uint32_t table_of(uint32_t pd, uint32_t va)
{
    uint32_t *pde = &phys[pd][va >> 22];
    if (!(*pde & PTE_P)) {
        ck_assert_uint_lt(next_frame, NPHYS);
        *pde = next_frame++ * PAGE | PTE_P | PTE_W;
    }
    return *pde >> 12;
}

/* The made-up data frame behind va in the space tagged tag. */
static uint32_t data_frame(uint32_t tag, uint32_t va)
{
    return (tag + (va >> 12)) & 0xFFFFF;
}

/* Map every probe in directory pd to its data frame. */
static void map_probes(uint32_t pd, uint32_t tag)
{
    for (size_t i = 0; i < NPROBES; i++) {
        uint32_t pt = table_of(pd, probes[i]);
        phys[pt][(probes[i] >> 12) & 0x3FF] = data_frame(tag, probes[i]) * PAGE | PTE_P | PTE_U;
    }
}

/* Current directory recursive at 1023 and showing the foreign one at 1022. */
static void setup(void)
{
    memset(phys, 0, sizeof(phys));
    next_frame = 3;
    phys[SELF_DIR][PDE_SELF] = SELF_DIR * PAGE | PTE_P | PTE_W;
    phys[SELF_DIR][PDE_FOREIGN] = FOR_DIR * PAGE | PTE_P | PTE_W;
    phys[FOR_DIR][PDE_SELF] = FOR_DIR * PAGE | PTE_P | PTE_W;
    map_probes(SELF_DIR, SELF_TAG);
    map_probes(FOR_DIR, FOR_TAG);
}

/* Physical address of the entry for va in the table of directory pd covering it. */
static uint32_t pte_phys(uint32_t pd, uint32_t va)
{
    return table_of(pd, va) * PAGE + ((va >> 12) & 0x3FF) * 4;
}

/* ---- index arithmetic ---- */

START_TEST(test_pdx_ptx_boundaries)
{
    ck_assert_uint_eq(pdx(0), 0);
    ck_assert_uint_eq(ptx(0), 0);
    ck_assert_uint_eq(ptx(0xFFF), 0);
    ck_assert_uint_eq(ptx(0x1000), 1);
    ck_assert_uint_eq(pdx(0x3FFFFF), 0);
    ck_assert_uint_eq(ptx(0x3FFFFF), 1023);
    ck_assert_uint_eq(pdx(0x400000), 1);
    ck_assert_uint_eq(ptx(0x400000), 0);
    ck_assert_uint_eq(pdx(0x0804A123), 32);
    ck_assert_uint_eq(ptx(0x0804A123), 0x4A);
    ck_assert_uint_eq(pdx(USER_TOP - 1), 767);
    ck_assert_uint_eq(ptx(USER_TOP - 1), 1023);
    ck_assert_uint_eq(pdx(KERNBASE), 768);
    ck_assert_uint_eq(ptx(KERNBASE), 0);
    ck_assert_uint_eq(pdx(0xFFFFFFFF), 1023);
    ck_assert_uint_eq(ptx(0xFFFFFFFF), 1023);
}
END_TEST

/* pdx and ptx together rebuild the page address. */
START_TEST(test_pdx_ptx_rebuild)
{
    for (uint64_t va = 0; va < 0x100000000ull; va += 0x3FFFull) {
        uint32_t v = (uint32_t)va;
        REQUIRE(((pdx(v) << 22) | (ptx(v) << 12) | (v & 0xFFF)) == v, "%#x", v);
        REQUIRE(pdx(v) < 1024 && ptx(v) < 1024, "%#x", v);
    }
}
END_TEST

START_TEST(test_layout_slots)
{
    ck_assert_uint_eq(pdx(SELF_PT), PDE_SELF);
    ck_assert_uint_eq(pdx(FOREIGN_PT), PDE_FOREIGN);
    ck_assert_uint_eq(pdx(KWINDOW_BASE), PDE_WINDOW);
    ck_assert_uint_eq(SELF_PT, (uint32_t)PDE_SELF << 22);
    ck_assert_uint_eq(FOREIGN_PT, (uint32_t)PDE_FOREIGN << 22);
    ck_assert_uint_eq(pt_page_of(SELF_PT, SELF_PT), SELF_PD);
    ck_assert_uint_eq(pt_page_of(SELF_PT, FOREIGN_PT), FOREIGN_PD);
    ck_assert_uint_eq(pt_page_of(SELF_PT, FOREIGN_PT), SELF_PT + PDE_FOREIGN * PAGE);
    ck_assert_uint_le(KWINDOW_PAGES * PAGE, 0x400000); /* one directory slot */
    ck_assert_uint_eq(pdx(KWINDOW_BASE + KWINDOW_PAGES * PAGE - 1), PDE_WINDOW);
    ck_assert_uint_eq(KMAP_SIZE, KMAP_PTS * 0x400000);
    ck_assert_uint_le(KERNBASE + KMAP_SIZE, KWINDOW_BASE);
    ck_assert_uint_eq(KERNBASE % 0x400000, 0);
}
END_TEST

/* ---- identities of the self window ---- */

START_TEST(test_self_pte_in_its_table)
{
    for (size_t i = 0; i < NPROBES; i++) {
        uint32_t va = probes[i];
        uint32_t slot = pte_addr(SELF_PT, va);
        ck_assert_uint_eq(slot & ~(PAGE - 1), pt_page_of(SELF_PT, va));
        ck_assert_uint_eq(slot & (PAGE - 1), ptx(va) * 4);
        ck_assert_uint_eq(pte_addr(SELF_PT, va | 0xFFF), pte_addr(SELF_PT, va & ~0xFFFu));
    }
}
END_TEST

/* The directory is the last page table: its entries sit at SELF_PD. */
START_TEST(test_self_directory_is_last_table)
{
    for (uint32_t i = 0; i < 1024; i++) {
        REQUIRE(pte_addr(SELF_PT, SELF_PT + i * PAGE) == SELF_PD + i * 4, "slot %u", i);
        REQUIRE(pde_addr(SELF_PD, i << 22) == SELF_PD + i * 4, "slot %u", i);
    }
    ck_assert_uint_eq(pte_addr(SELF_PT, SELF_PD), SELF_PD + PDE_SELF * 4);
}
END_TEST

START_TEST(test_pde_is_pte_of_table_page)
{
    for (uint64_t va = 0; va < 0x100000000ull; va += 0x1FF000ull) {
        uint32_t v = (uint32_t)va;
        REQUIRE(pde_addr(SELF_PD, v) == pte_addr(SELF_PT, pt_page_of(SELF_PT, v)), "%#x", v);
        REQUIRE(pde_addr(FOREIGN_PD, v) == pte_addr(SELF_PT, pt_page_of(FOREIGN_PT, v)), "%#x", v);
    }
}
END_TEST

/* Every user page has its own PTE slot, below the kernel's tables and the directories. */
START_TEST(test_user_slots_in_range)
{
    uint32_t prev = 0;
    for (uint32_t va = 0; va < USER_TOP; va += PAGE) {
        uint32_t self = pte_addr(SELF_PT, va), foreign = pte_addr(FOREIGN_PT, va);
        REQUIRE(self >= SELF_PT && self < SELF_PD, "%#x: self slot %#x", va, self);
        REQUIRE(self < pt_page_of(SELF_PT, KERNBASE), "%#x: in a kernel table", va);
        REQUIRE(va == 0 || self == prev + 4, "%#x: slots not one after another", va);
        REQUIRE(foreign >= FOREIGN_PT && foreign < pt_page_of(FOREIGN_PT, KERNBASE),
                "%#x: foreign slot %#x", va, foreign);
        REQUIRE(foreign - FOREIGN_PT == self - SELF_PT, "%#x: windows disagree", va);
        REQUIRE(pde_addr(SELF_PD, va) < SELF_PD + 768 * 4, "%#x: pde", va);
        prev = self;
    }
}
END_TEST

/* ---- the windows through a simulated MMU ---- */

/* Space dir (its pages tagged tag) through the window (pt, pd) of the current space. */
static void check_window(uint32_t dir, uint32_t tag, uint32_t pt, uint32_t pd)
{
    ck_assert_uint_eq(mmu_translate(SELF_DIR, pd), dir * PAGE);
    for (size_t i = 0; i < NPROBES; i++) {
        uint32_t va = probes[i];
        ck_assert_uint_eq(mmu_translate(dir, va), data_frame(tag, va) * PAGE | (va & 0xFFF));
        ck_assert_uint_eq(mmu_translate(SELF_DIR, pte_addr(pt, va)), pte_phys(dir, va));
        ck_assert_uint_eq(mmu_translate(SELF_DIR, pde_addr(pd, va)), dir * PAGE + pdx(va) * 4);
        ck_assert_uint_eq(mmu_translate(SELF_DIR, pt_page_of(pt, va)), table_of(dir, va) * PAGE);
    }
}

START_TEST(test_mmu_self_window)
{
    check_window(SELF_DIR, SELF_TAG, SELF_PT, SELF_PD);
}
END_TEST

START_TEST(test_mmu_foreign_window)
{
    check_window(FOR_DIR, FOR_TAG, FOREIGN_PT, FOREIGN_PD);
}
END_TEST

/* A PTE written through the window is the one the MMU then uses for va. */
START_TEST(test_mmu_write_through_window)
{
    uint32_t va = 0x0804A000;
    uint32_t slot = mmu_translate(SELF_DIR, pte_addr(SELF_PT, va));
    phys[slot / PAGE][(slot % PAGE) / 4] = 0x7000 | PTE_P | PTE_U;
    ck_assert_uint_eq(mmu_translate(SELF_DIR, va + 0x10), 0x7010);
    slot = mmu_translate(SELF_DIR, pte_addr(FOREIGN_PT, va));
    phys[slot / PAGE][(slot % PAGE) / 4] = 0x9000 | PTE_P | PTE_U;
    ck_assert_uint_eq(mmu_translate(FOR_DIR, va + 0x10), 0x9010);
    ck_assert_uint_eq(mmu_translate(SELF_DIR, va + 0x10), 0x7010);
}
END_TEST

/* Without a table for va, the window page of its PTE is absent too (a fault, not garbage). */
START_TEST(test_mmu_absent_table)
{
    uint32_t va = 0x20000000;
    ck_assert_uint_eq(mmu_translate(SELF_DIR, va), NO_MAP);
    ck_assert_uint_eq(mmu_translate(SELF_DIR, pte_addr(SELF_PT, va)), NO_MAP);
    ck_assert_uint_eq(mmu_translate(SELF_DIR, pte_addr(FOREIGN_PT, va)), NO_MAP);
    ck_assert_uint_eq(mmu_translate(SELF_DIR, pde_addr(SELF_PD, va)),
                      SELF_DIR * PAGE + pdx(va) * 4);
}
END_TEST

UNIT_MAIN("paging",
          {"index",
           .tests = UNIT_TESTS(test_pdx_ptx_boundaries, test_pdx_ptx_rebuild, test_layout_slots,
                               test_self_pte_in_its_table, test_self_directory_is_last_table,
                               test_pde_is_pte_of_table_page, test_user_slots_in_range)},
          {"mmu", .setup = setup,
           .tests = UNIT_TESTS(test_mmu_self_window, test_mmu_foreign_window,
                               test_mmu_write_through_window, test_mmu_absent_table)})
