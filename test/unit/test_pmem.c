/*
 * Host tests of microkernel/pmem.c: the physical allocation table built from
 * QEMU-like Multiboot memory maps (booted the way kmain's memory_init does),
 * the kernel and user frame pools, map counts and the statistics.
 * Invariants checked: frame 0 and reserved frames are never handed out, the
 * pools never overlap, and the stats always match the table.
 */
#include "unit.h"
#include <stdlib.h>

#include "microkernel/pmem.c"
#include "microkernel/layout.h"

#define MIB       0x100000ull
#define GIB       0x40000000ull
#define FOUR_GIB  0x100000000ull
#define IMAGE_END 0x200000u /* end of the kernel image and boot modules */
#define LOW_RAM   0x9Fu     /* frames 0..0x9E: 0 - 0x9FC00 minus its partial last page */
#define ONE_MIB   0x100u    /* first frame above the ISA hole */

/* Fail the test only when cond is false: ck_assert marks a point on every call. */
#define REQUIRE(cond, ...)                                                                         \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ck_abort_msg(__VA_ARGS__);                                                             \
    } while (0)

struct mmap_entry {
    uint64_t base, len;
    uint32_t type; /* 1 usable, 2 reserved */
};

/*
 * A QEMU machine and what booting it must give (worked out by hand). With RAM
 * above 4 GiB (QEMU -m 4G) kmain sizes the table for all of the 4 GiB.
 */
struct machine {
    uint64_t mem;  /* RAM below 4 GiB */
    uint64_t high; /* RAM above 4 GiB, which must be ignored */
    uint32_t nframes, norm, kernel, kpool, upool, table_end;
};

static const struct machine machines[] = {
    {16 * MIB, 0, 4064, 3967, 417, 256, 3294, 0x202000},
    {128 * MIB, 0, 32736, 32639, 431, 1023, 31185, 0x210000},
    {1 * GIB, 0, 262112, 262015, 543, 2048, 259424, 0x280000},
    {3 * GIB, 0, 786400, 786303, 799, 2048, 783456, 0x380000},
    {3 * GIB, 1 * GIB, 1048576, 786303, 927, 2048, 783328, 0x400000},
};
#define NMACHINES (int)(sizeof(machines) / sizeof(machines[0]))

static uint8_t storage[2 * MAX_FRAMES];
static uint8_t owner[MAX_FRAMES]; /* per-frame marks kept by a test */

enum { FREE_MARK, USER_MARK, KERN_MARK };

/* The e820 map QEMU's BIOS reports for mem bytes below 4 GiB and high above. */
static int mmap_build(uint64_t mem, uint64_t high, struct mmap_entry *e)
{
    int n = 0;
    e[n++] = (struct mmap_entry){0, 0x9FC00, 1};
    e[n++] = (struct mmap_entry){0x9FC00, 0x400, 2};
    e[n++] = (struct mmap_entry){0xF0000, 0x10000, 2};
    e[n++] = (struct mmap_entry){0x100000, mem - 0x20000 - 0x100000, 1};
    e[n++] = (struct mmap_entry){mem - 0x20000, 0x20000, 2};
    e[n++] = (struct mmap_entry){0xFFFC0000, 0x40000, 2};
    if (high)
        e[n++] = (struct mmap_entry){FOUR_GIB, high, 1};
    return n;
}

static uint32_t page_up(uint32_t a)
{
    return (a + 0xFFF) & ~0xFFFu;
}

/* Boot machine i as kmain does: table after the image, low MiB and image reserved. */
static const struct machine *boot(int i)
{
    const struct machine *m = &machines[i];
    struct mmap_entry e[8];
    int n = mmap_build(m->mem, m->high, e);
    uint64_t top = 0;
    for (int k = 0; k < n; k++)
        if (e[k].type == 1 && e[k].base + e[k].len > top)
            top = e[k].base + e[k].len;
    uint32_t nframes = (uint32_t)((top > FOUR_GIB ? FOUR_GIB : top) >> FRAME_SHIFT);
    uint32_t table_end = page_up(IMAGE_END + 2 * nframes);
    ck_assert_uint_eq(nframes, m->nframes);
    ck_assert_uint_eq(table_end, m->table_end);
    memset(storage, 0xA5, sizeof(storage)); /* the kernel's table starts as junk */
    pmem_init(storage, nframes);
    for (int k = 0; k < n; k++)
        if (e[k].type == 1)
            pmem_add_ram(e[k].base, e[k].len);
    pmem_reserve(0, 0x100000);
    pmem_reserve(0x100000, table_end);
    uint32_t kpool = nframes / 32;
    kpool = kpool < 256 ? 256 : kpool > 2048 ? 2048 : kpool;
    pmem_make_pools(kpool, KMAP_SIZE);
    memset(owner, FREE_MARK, sizeof(owner));
    return m;
}

static struct pmem_stats stats_now(void)
{
    struct pmem_stats st;
    pmem_get_stats(&st);
    return st;
}

/* First frame past the RAM below 4 GiB (QEMU reserves its last 128 KiB). */
static uint32_t ram_end(const struct machine *m)
{
    return (uint32_t)((m->mem - 0x20000) >> FRAME_SHIFT);
}

/* A frame of the firmware holes, the image or the table, or above the RAM. */
static bool frame_reserved(const struct machine *m, uint32_t f)
{
    return f < (m->table_end >> FRAME_SHIFT) || f >= ram_end(m);
}

/* Allocate the whole user pool, marking each frame; returns how many. */
static uint32_t drain_user(const struct machine *m)
{
    uint32_t n = 0, f;
    while ((f = pmem_alloc_user()) != 0) {
        REQUIRE(f < m->nframes, "user frame %u beyond the table", f);
        REQUIRE(!frame_reserved(m, f), "reserved frame %u handed out", f);
        REQUIRE(at_is_user(f) && at_is_allocated(f), "frame %u not an allocated user frame", f);
        REQUIRE(owner[f] == FREE_MARK, "frame %u handed out twice", f);
        owner[f] = USER_MARK;
        REQUIRE(++n <= m->upool, "more user frames than the pool holds");
    }
    return n;
}

static uint32_t drain_kernel(const struct machine *m)
{
    uint32_t n = 0, f;
    while ((f = pmem_alloc_kernel()) != 0) {
        REQUIRE(f < (KMAP_SIZE >> FRAME_SHIFT), "kernel frame %u not direct-mapped", f);
        REQUIRE(!frame_reserved(m, f), "reserved frame %u handed out", f);
        REQUIRE(!at_is_user(f) && at_is_allocated(f), "frame %u not an allocated kernel frame", f);
        REQUIRE(owner[f] == FREE_MARK, "frame %u handed out twice", f);
        owner[f] = KERN_MARK;
        REQUIRE(++n <= m->kpool, "more kernel frames than the pool holds");
    }
    return n;
}

/* ---- building the table ---- */

START_TEST(test_boot_totals)
{
    const struct machine *m = boot(_i);
    struct pmem_stats st = stats_now();
    ck_assert_uint_eq(st.nframes, m->nframes);
    ck_assert_uint_eq(st.norm_frames, m->norm);
    ck_assert_uint_eq(st.kernel_frames, m->kernel);
    ck_assert_uint_eq(st.kpool_frames, m->kpool);
    ck_assert_uint_eq(st.upool_frames, m->upool);
    ck_assert_uint_eq(st.kpool_free, m->kpool);
    ck_assert_uint_eq(st.upool_free, m->upool);
    ck_assert_uint_eq(st.norm_frames - st.kernel_frames, st.kpool_frames + st.upool_frames);
}
END_TEST

/* The table, read frame by frame, agrees with the stats and the memory map. */
START_TEST(test_boot_table_scan)
{
    const struct machine *m = boot(_i);
    uint32_t norm = 0, alloc = 0, user = 0;
    for (uint32_t f = 0; f < m->nframes; f++) {
        bool hole = (f >= LOW_RAM && f < ONE_MIB) || f >= ram_end(m);
        REQUIRE(at_is_norm(f) == !hole, "frame %u: wrong normal flag", f);
        REQUIRE(at_is_allocated(f) == (f < (m->table_end >> FRAME_SHIFT)),
                "frame %u: wrong allocated flag", f);
        norm += at_is_norm(f);
        alloc += at_is_allocated(f) && at_is_norm(f);
        user += at_is_user(f);
    }
    ck_assert_uint_eq(norm, m->norm);
    ck_assert_uint_eq(alloc, m->kernel);
    ck_assert_uint_eq(user, m->upool);
    ck_assert(!at_is_norm(m->nframes));
    ck_assert(!at_is_allocated(m->nframes));
    ck_assert(!at_is_user(m->nframes));
    ck_assert(!at_is_norm(0xFFFFFFFFu));
}
END_TEST

START_TEST(test_add_ram_partial_pages)
{
    pmem_init(storage, 16);
    pmem_add_ram(0x1800, 0x3000); /* 0x1800 - 0x4800: frames 2 and 3 only */
    ck_assert(!at_is_norm(1));
    ck_assert(at_is_norm(2));
    ck_assert(at_is_norm(3));
    ck_assert(!at_is_norm(4));
    pmem_add_ram(0x2000, 0x1000); /* again: not counted twice */
    pmem_add_ram(0x5000, 0x800);  /* less than a page */
    pmem_add_ram(0x7000, 0);
    ck_assert(!at_is_norm(5));
    ck_assert(!at_is_norm(7));
    ck_assert_uint_eq(stats_now().norm_frames, 2);
    pmem_add_ram(0xE000, 0x10000); /* runs past the table: frames 14 and 15 */
    ck_assert(at_is_norm(15));
    ck_assert_uint_eq(stats_now().norm_frames, 4);
}
END_TEST

START_TEST(test_add_ram_above_4g)
{
    pmem_init(storage, MAX_FRAMES);
    pmem_add_ram(FOUR_GIB, 4 * GIB);
    pmem_add_ram(0x1234500000000ull, 0x1000);
    ck_assert_uint_eq(stats_now().norm_frames, 0);
    pmem_add_ram(0xFFFFE000, 0x4000); /* straddles 4 GiB: frames 0xFFFFE, 0xFFFFF */
    pmem_add_ram(0xFFFFF800, 0x1000); /* its only whole page is above 4 GiB */
    ck_assert_uint_eq(stats_now().norm_frames, 2);
    ck_assert(at_is_norm(0xFFFFF));
    ck_assert(!at_is_norm(0));
}
END_TEST

/* An entry that lies wholly above 4 GiB must not wrap into low memory. */
START_TEST(test_add_ram_wrapping_entry)
{
    pmem_init(storage, 16);
    pmem_add_ram(0xFFFFFFFFFFFFF001ull, 0x3000);
    ck_assert_uint_eq(stats_now().norm_frames, 0);
    ck_assert(!at_is_norm(0));
    ck_assert(!at_is_norm(1));
}
END_TEST

START_TEST(test_reserve_counts)
{
    pmem_init(storage, 16);
    pmem_add_ram(0, 8 * 0x1000);
    pmem_reserve(0x1000, 0x3001); /* partial pages at the end count: frames 1..3 */
    ck_assert_uint_eq(stats_now().kernel_frames, 3);
    ck_assert(!at_is_allocated(0));
    ck_assert(at_is_allocated(3));
    pmem_reserve(0x2800, 0x5000); /* frames 2..4, only 4 is new */
    ck_assert_uint_eq(stats_now().kernel_frames, 4);
    pmem_reserve(0x9000, 0xB000); /* not RAM: allocated but not counted */
    ck_assert(at_is_allocated(9));
    ck_assert_uint_eq(stats_now().kernel_frames, 4);
    pmem_reserve(0xE000, 0xFFFFFFFFu); /* clamped to the table */
    ck_assert(at_is_allocated(15));
    ck_assert(!at_is_allocated(16));
    pmem_reserve(0x6000, 0x6000); /* empty */
    ck_assert(!at_is_allocated(6));
}
END_TEST

/* The kernel pool takes the first kpool free frames below the limit, never frame 0. */
START_TEST(test_make_pools_split)
{
    pmem_init(storage, 64);
    pmem_add_ram(0, 64 * 0x1000);
    pmem_reserve(0x4000, 0x6000);
    pmem_make_pools(3, 32 * 0x1000);
    struct pmem_stats st = stats_now();
    ck_assert_uint_eq(st.kpool_frames, 3);
    ck_assert_uint_eq(st.upool_frames, 64 - 1 - 2 - 3);
    ck_assert(!at_is_user(0));
    ck_assert_uint_eq(pmem_alloc_kernel(), 1);
    ck_assert_uint_eq(pmem_alloc_kernel(), 2);
    ck_assert_uint_eq(pmem_alloc_kernel(), 3);
    ck_assert_uint_eq(pmem_alloc_kernel(), 0);
    ck_assert_uint_eq(pmem_alloc_user(), 6);
    ck_assert(!at_is_user(4));
    ck_assert_int_eq(pmem_check_user(5), E_RANGE);
}
END_TEST

/* A kernel pool larger than the frames below the limit is cut short. */
START_TEST(test_make_pools_limit)
{
    pmem_init(storage, 64);
    pmem_add_ram(0, 64 * 0x1000);
    pmem_make_pools(100, 10 * 0x1000);
    struct pmem_stats st = stats_now();
    ck_assert_uint_eq(st.kpool_frames, 9);
    ck_assert_uint_eq(st.upool_frames, 54);
    for (uint32_t f = 1; f < 10; f++)
        ck_assert(!at_is_user(f));
    ck_assert(at_is_user(10));
}
END_TEST

/* Frame 0 stays out of both pools even when it is free RAM. */
START_TEST(test_frame_zero_never)
{
    pmem_init(storage, 8);
    pmem_add_ram(0, 8 * 0x1000);
    pmem_make_pools(0, 0);
    ck_assert_uint_eq(stats_now().upool_frames, 7);
    for (uint32_t want = 1; want < 8; want++)
        ck_assert_uint_eq(pmem_alloc_user(), want);
    ck_assert_uint_eq(pmem_alloc_user(), 0);
    ck_assert_uint_eq(pmem_alloc_kernel(), 0);
    ck_assert(!at_is_allocated(0));
    ck_assert_int_eq(pmem_free_user(0), E_RANGE);
    ck_assert_int_eq(pmem_check_user(0), E_RANGE);
}
END_TEST

/* ---- the pools ---- */

START_TEST(test_user_pool_exhaust)
{
    const struct machine *m = boot(_i);
    ck_assert_uint_eq(drain_user(m), m->upool);
    ck_assert_uint_eq(stats_now().upool_free, 0);
    ck_assert_uint_eq(stats_now().kpool_free, m->kpool);
    ck_assert_uint_eq(pmem_alloc_user(), 0);
    ck_assert_uint_eq(pmem_alloc_user(), 0);
    for (uint32_t f = 0; f < m->nframes; f++)
        REQUIRE(at_is_user(f) == (owner[f] == USER_MARK), "frame %u: pool flag", f);
}
END_TEST

START_TEST(test_kernel_pool_exhaust)
{
    const struct machine *m = boot(_i);
    ck_assert_uint_eq(drain_kernel(m), m->kpool);
    ck_assert_uint_eq(stats_now().kpool_free, 0);
    ck_assert_uint_eq(stats_now().upool_free, m->upool);
    ck_assert_uint_eq(pmem_alloc_kernel(), 0);
}
END_TEST

/* Both pools drained: every free RAM frame was handed out by exactly one of them. */
START_TEST(test_pools_disjoint)
{
    const struct machine *m = boot(_i);
    ck_assert_uint_eq(drain_user(m), m->upool);
    ck_assert_uint_eq(drain_kernel(m), m->kpool);
    for (uint32_t f = 0; f < m->nframes; f++) {
        bool free_ram = at_is_norm(f) && !frame_reserved(m, f);
        REQUIRE(free_ram == (owner[f] != FREE_MARK), "frame %u: in no pool or reserved", f);
    }
}
END_TEST

START_TEST(test_user_free_realloc)
{
    const struct machine *m = boot(_i);
    drain_user(m);
    uint32_t mid = m->nframes / 2 + 1;
    ck_assert_uint_eq(owner[mid], USER_MARK);
    ck_assert_int_eq(pmem_free_user(mid), 0);
    ck_assert(!at_is_allocated(mid));
    ck_assert_uint_eq(stats_now().upool_free, 1);
    ck_assert_uint_eq(pmem_alloc_user(), mid);
    ck_assert_uint_eq(pmem_alloc_user(), 0);
    ck_assert_uint_eq(stats_now().upool_free, 0);
}
END_TEST

START_TEST(test_kernel_free_realloc)
{
    boot(0);
    uint32_t a = pmem_alloc_kernel();
    uint32_t b = pmem_alloc_kernel();
    ck_assert_uint_ne(a, 0);
    ck_assert_uint_ne(a, b);
    ck_assert_uint_eq(stats_now().kpool_free, machines[0].kpool - 2);
    pmem_free_kernel(a);
    ck_assert(!at_is_allocated(a));
    ck_assert_uint_eq(stats_now().kpool_free, machines[0].kpool - 1);
    ck_assert_uint_eq(pmem_alloc_kernel(), a);
    ck_assert_int_eq(pmem_check_user(a), E_RANGE);
}
END_TEST

/* A freed frame below the scan hint is the next one handed out. */
START_TEST(test_user_free_reused_first)
{
    boot(0);
    uint32_t a = pmem_alloc_user();
    uint32_t b = pmem_alloc_user();
    ck_assert_uint_ne(a, b);
    ck_assert_int_eq(pmem_free_user(a), 0);
    ck_assert_uint_eq(pmem_alloc_user(), a);
    ck_assert_uint_ne(pmem_alloc_user(), b);
}
END_TEST

START_TEST(test_user_double_free)
{
    boot(0);
    uint32_t f = pmem_alloc_user();
    ck_assert_int_eq(pmem_check_user(f), 0);
    ck_assert_int_eq(pmem_free_user(f), 0);
    ck_assert_int_eq(pmem_check_user(f), E_INVAL);
    ck_assert_int_eq(pmem_free_user(f), E_INVAL);
    ck_assert_uint_eq(stats_now().upool_free, machines[0].upool);
}
END_TEST

/* Frames outside the user pool are refused with E_RANGE and change nothing. */
START_TEST(test_user_free_range)
{
    const struct machine *m = boot(0);
    uint32_t k = pmem_alloc_kernel();
    uint32_t kfree = pmem_alloc_kernel();
    pmem_free_kernel(kfree);
    uint32_t img = IMAGE_END >> FRAME_SHIFT;
    /* firmware holes and the image, the kernel pool, beyond the table */
    uint32_t bad[] = {0, 1, LOW_RAM, ONE_MIB, img, k, kfree, m->nframes, 0xFFFFF, 0xFFFFFFFFu};
    struct pmem_stats before = stats_now();
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_int_eq(pmem_check_user(bad[i]), E_RANGE);
        ck_assert_int_eq(pmem_free_user(bad[i]), E_RANGE);
    }
    struct pmem_stats after = stats_now();
    ck_assert_mem_eq(&before, &after, sizeof(after));
    ck_assert(at_is_allocated(k));
    ck_assert(at_is_allocated(ONE_MIB));
}
END_TEST

/* The initrd's whole pages map read-only and never free; its partial end pages stay unmappable. */
START_TEST(test_share_readonly)
{
    boot(0);
    uint32_t start = IMAGE_END - 3 * 0x1000 - 0x200, end = IMAGE_END - 0x100;
    pmem_share_readonly(start, end);
    uint32_t first = (start >> FRAME_SHIFT) + 1, last = (end >> FRAME_SHIFT) - 1;
    for (uint32_t f = first; f <= last; f++) {
        ck_assert_int_eq(pmem_check_map(f, false), 0);
        ck_assert_int_eq(pmem_check_map(f, true), E_PERM);
        ck_assert_int_eq(pmem_free_user(f), E_RANGE);
        ck_assert(at_is_allocated(f));
    }
    ck_assert_int_eq(pmem_check_map(first - 1, false), E_RANGE);
    ck_assert_int_eq(pmem_check_map(last + 1, false), E_RANGE);
    uint32_t u = pmem_alloc_user();
    ck_assert_int_eq(pmem_check_map(u, true), 0);
    ck_assert_int_eq(pmem_check_map(u, false), 0);
    ck_assert_int_eq(pmem_free_user(u), 0);
    ck_assert_int_eq(pmem_check_map(u, false), E_INVAL);
}
END_TEST

START_TEST(test_user_free_mapped)
{
    boot(0);
    uint32_t f = pmem_alloc_user();
    pmem_map_ref(f);
    pmem_map_ref(f);
    ck_assert_uint_eq(pmem_map_count(f), 2);
    ck_assert_int_eq(pmem_free_user(f), E_BUSY);
    pmem_map_unref(f);
    ck_assert_int_eq(pmem_free_user(f), E_BUSY);
    ck_assert(at_is_allocated(f));
    ck_assert_uint_eq(stats_now().upool_free, machines[0].upool - 1);
    pmem_map_unref(f);
    ck_assert_uint_eq(pmem_map_count(f), 0);
    ck_assert_int_eq(pmem_free_user(f), 0);
    pmem_map_unref(f); /* already zero: stays zero */
    ck_assert_uint_eq(pmem_map_count(f), 0);
}
END_TEST

/*
 * A frame the kernel holds (a table, a directory, a kernel object) can be
 * neither held twice, mapped nor copied; freed while held it stays
 * allocated until let go, then goes back to the pool; let go unfreed it
 * stays its owner's.
 */
START_TEST(test_user_held)
{
    boot(0);
    uint32_t free0 = stats_now().upool_free;
    uint32_t f = pmem_alloc_user(), g = pmem_alloc_user();
    ck_assert_int_eq(pmem_hold(f), 0);
    ck_assert_int_eq(pmem_hold(f), E_BUSY);
    ck_assert_int_eq(pmem_check_map(f, true), E_BUSY);
    ck_assert_int_eq(pmem_check_user(f), E_BUSY);
    ck_assert_int_eq(pmem_free_user(f), 0); /* freed while held */
    ck_assert_int_eq(pmem_free_user(f), E_INVAL);
    ck_assert(at_is_allocated(f));
    ck_assert_uint_eq(stats_now().upool_free, free0 - 2);
    pmem_let_go(f);
    ck_assert(!at_is_allocated(f));
    ck_assert_uint_eq(stats_now().upool_free, free0 - 1);
    pmem_map_ref(g);
    ck_assert_int_eq(pmem_hold(g), E_BUSY); /* mapped */
    pmem_map_unref(g);
    ck_assert_int_eq(pmem_hold(g), 0);
    pmem_let_go(g); /* not freed: still its owner's */
    ck_assert(at_is_allocated(g));
    ck_assert_int_eq(pmem_check_user(g), 0);
    ck_assert_int_eq(pmem_free_user(g), 0);
    ck_assert_uint_eq(stats_now().upool_free, free0);
}
END_TEST

/* At 255 the count sticks: the frame is pinned for good. */
START_TEST(test_map_count_saturates)
{
    boot(0);
    uint32_t f = pmem_alloc_user();
    for (int i = 0; i < 300; i++)
        pmem_map_ref(f);
    ck_assert_uint_eq(pmem_map_count(f), 255);
    pmem_map_unref(f);
    ck_assert_uint_eq(pmem_map_count(f), 255);
    ck_assert_int_eq(pmem_free_user(f), E_BUSY);
    uint32_t g = pmem_alloc_user();
    for (int i = 0; i < 254; i++)
        pmem_map_ref(g);
    pmem_map_unref(g);
    ck_assert_uint_eq(pmem_map_count(g), 253);
}
END_TEST

START_TEST(test_map_count_range)
{
    const struct machine *m = boot(0);
    ck_assert_uint_eq(pmem_map_count(m->nframes), 0);
    ck_assert_uint_eq(pmem_map_count(0xFFFFFFFFu), 0);
}
END_TEST

/* ---- random use against a model ---- */

static uint32_t rng = 0x2545F491;

static uint32_t rng_next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

struct model {
    uint32_t user[4096], nuser;
    uint32_t kern[4096], nkern;
};

static void model_alloc(const struct machine *m, struct model *md, bool kernel)
{
    uint32_t f = kernel ? pmem_alloc_kernel() : pmem_alloc_user();
    uint32_t held = kernel ? md->nkern : md->nuser;
    uint32_t pool = kernel ? m->kpool : m->upool;
    if (held == pool) {
        ck_assert_uint_eq(f, 0);
        return;
    }
    ck_assert_uint_ne(f, 0);
    ck_assert(!frame_reserved(m, f));
    ck_assert_uint_eq(owner[f], FREE_MARK);
    owner[f] = kernel ? KERN_MARK : USER_MARK;
    if (kernel)
        md->kern[md->nkern++] = f;
    else
        md->user[md->nuser++] = f;
}

/* Free a random held frame; a user frame is first tried while mapped. */
static void model_free(struct model *md, bool kernel)
{
    uint32_t *held = kernel ? md->kern : md->user;
    uint32_t *n = kernel ? &md->nkern : &md->nuser;
    if (*n == 0)
        return;
    uint32_t i = rng_next() % *n;
    uint32_t f = held[i];
    if (kernel) {
        pmem_free_kernel(f);
    } else {
        pmem_map_ref(f);
        ck_assert_int_eq(pmem_free_user(f), E_BUSY);
        pmem_map_unref(f);
        ck_assert_int_eq(pmem_free_user(f), 0);
        ck_assert_int_eq(pmem_free_user(f), E_INVAL);
    }
    owner[f] = FREE_MARK;
    held[i] = held[--*n];
}

static void model_check(const struct machine *m, const struct model *md)
{
    struct pmem_stats st = stats_now();
    ck_assert_uint_eq(st.upool_free, m->upool - md->nuser);
    ck_assert_uint_eq(st.kpool_free, m->kpool - md->nkern);
    ck_assert_uint_eq(st.upool_frames, m->upool);
    ck_assert_uint_eq(st.kpool_frames, m->kpool);
    for (uint32_t f = 0; f < m->nframes; f++) {
        bool alloc = frame_reserved(m, f) || owner[f] != FREE_MARK;
        REQUIRE(at_is_allocated(f) == alloc, "frame %u: allocated flag", f);
        REQUIRE((pmem_check_user(f) == 0) == (owner[f] == USER_MARK), "frame %u: check", f);
    }
}

START_TEST(test_random_sequence)
{
    const struct machine *m = boot(0);
    static struct model md;
    md.nuser = md.nkern = 0;
    for (int step = 0; step < 40000; step++) {
        uint32_t r = rng_next() % 16;
        bool kernel = r >= 13;
        if (r % 3 == 0)
            model_free(&md, kernel);
        else
            model_alloc(m, &md, kernel);
        if (step % 1000 == 0)
            model_check(m, &md);
    }
    ck_assert_uint_gt(md.nuser, m->upool / 2);
    model_check(m, &md);
    while (md.nuser)
        model_free(&md, false);
    while (md.nkern)
        model_free(&md, true);
    model_check(m, &md);
}
END_TEST

UNIT_MAIN("pmem",
          {"table", .timeout = 30,
           .tests = UNIT_TESTS(test_add_ram_partial_pages, test_add_ram_above_4g,
                               test_add_ram_wrapping_entry, test_reserve_counts,
                               test_make_pools_split, test_make_pools_limit, test_frame_zero_never),
           .loop = UNIT_LOOPS({test_boot_totals, 0, NMACHINES, 0},
                              {test_boot_table_scan, 0, NMACHINES, 0})},
          {"pools", .timeout = 30,
           .tests = UNIT_TESTS(test_kernel_free_realloc, test_user_free_reused_first,
                               test_user_double_free, test_user_free_range, test_share_readonly,
                               test_user_free_mapped, test_user_held, test_map_count_saturates,
                               test_map_count_range, test_random_sequence),
           .loop = UNIT_LOOPS({test_user_pool_exhaust, 0, NMACHINES, 0},
                              {test_kernel_pool_exhaust, 0, NMACHINES, 0},
                              {test_pools_disjoint, 0, NMACHINES, 0},
                              {test_user_free_realloc, 0, NMACHINES, 0})})
