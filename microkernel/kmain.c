/*
 * Boot: segments and traps first (so an early exception prints a panic, not
 * a silent triple fault), console, the CPU floor, command line, physical memory
 * from the Multiboot map, paging, then the first tasks. The facts gathered here
 * go to kinfo.c, which answers SYS_KINFO.
 */
#include "abi/errno.h"
#include "abi/syscall.h"
#include "cmdline.h"
#include "console.h"
#include "cpu.h"
#include "gdt.h"
#include "kinfo.h"
#include "kmem.h"
#include "layout.h"
#include "loader.h"
#include "multiboot.h"
#include "paging.h"
#include "panic.h"
#include "pic.h"
#include "pmem.h"
#include "str.h"
#include "sched.h"
#include "task.h"
#include "trace.h"

#define CMDLINE_MAX 256
/*
 * The kernel pool: the boot tasks' directories, tasks, first threads and
 * first page tables, the frame windows' table; one table per 4 MiB of RAM
 * (the most quota and the pager could map for themselves) and one per
 * 4 MiB above the direct map (the object area, kmem.c); and the id tables,
 * 16 bytes an object (KPOOL_IDS_SHIFT), where every object but the boot
 * tasks' is a frame of RAM. Every other task's page tables and objects are
 * paid for by its container (SYS_TABLE_ADD, task_create, SYS_KMEM_ADD).
 */
#define KPOOL_BOOT_FRAMES 32
#define KPOOL_IDS_SHIFT   8 /* RAM frames per id-table page: 256 ids a page */
/* Frames left to init and its programs after the boot servers: init gives a program half of
 * what it has free and the demo, the default boot's first program, touches about 270. */
#define PROGRAM_FRAMES 768

extern uint8_t _kernel_end[];
extern uint32_t boot_pd[];

static struct cmdline opts;
static char cmdline_raw[CMDLINE_MAX];
static struct boot_image boot;

static void *phys(uint32_t pa)
{
    if (pa >= KMAP_SIZE)
        panic("boot data at %08x lies outside the first %u MiB", pa, KMAP_SIZE >> 20);
    return (void *)(pa + KERNBASE);
}

static uint32_t page_up(uint32_t a)
{
    return (a + 0xFFF) & ~0xFFFu;
}

/* Highest address below 4 GiB covered by usable RAM: RAM above 4 GiB is out of reach. */
static uint64_t mmap_top(const struct multiboot_info *mbi)
{
    const uint64_t four_gib = 0x100000000ull;
    uint64_t top = 0;
    for (uint32_t off = 0; off < mbi->mmap_length;) {
        const struct multiboot_mmap *e = phys(mbi->mmap_addr + off);
        uint64_t end = e->len > four_gib - e->base ? four_gib : e->base + e->len;
        if (e->type == 1 && e->base < four_gib && end > top)
            top = end;
        off += e->size + 4;
    }
    return top;
}

static uint32_t boot_data_end(const struct multiboot_info *mbi)
{
    uint32_t end = page_up((uint32_t)_kernel_end - KERNBASE);
    if (mbi->flags & MBI_FLAG_MODS) {
        const struct multiboot_mod *m = phys(mbi->mods_addr);
        for (uint32_t i = 0; i < mbi->mods_count; i++)
            if (m[i].end > end)
                end = page_up(m[i].end);
    }
    return end;
}

static uint32_t kpool_size(uint32_t nframes)
{
    return KPOOL_BOOT_FRAMES + 2 * (nframes / 1024) + (nframes >> KPOOL_IDS_SHIFT);
}

/* The physical allocation table from the memory map; returns where the boot data ends. */
static uint32_t memory_init(const struct multiboot_info *mbi)
{
    if (!(mbi->flags & MBI_FLAG_MMAP))
        panic("the boot loader gave no memory map");
    uint32_t nframes = (uint32_t)(mmap_top(mbi) >> 12);
    uint32_t table = boot_data_end(mbi);
    uint32_t table_end = page_up(table + 2 * nframes);
    pmem_init(phys(table), nframes);
    phys(table_end - 1);
    for (uint32_t off = 0; off < mbi->mmap_length;) {
        const struct multiboot_mmap *e = phys(mbi->mmap_addr + off);
        if (e->type == 1)
            pmem_add_ram(e->base, e->len);
        off += e->size + 4;
    }
    pmem_reserve(0, 0x100000);         /* real-mode IVT, BIOS data, VGA, ROMs */
    pmem_reserve(0x100000, table_end); /* kernel, modules, this table */
    pmem_share_readonly(boot.initrd_phys, boot.initrd_phys + boot.initrd_size);
    pmem_make_pools(kpool_size(nframes), KMAP_SIZE);
    return table_end;
}

static void print_memory(void)
{
    struct pmem_stats st;
    pmem_get_stats(&st);
    kprintf("mem: %u KiB usable RAM (%u frames), %u KiB kernel and boot data\n", st.norm_frames * 4,
            st.norm_frames, st.kernel_frames * 4);
    kprintf("mem: kernel pool %u frames, user pool %u frames (%u KiB free)\n", st.kpool_frames,
            st.upool_frames, st.upool_free * 4);
}

/*
 * Power off with a sentence unless RAM holds, beyond the kernel and its boot
 * data (which end at data_end), the kernel pool, the boot servers loaded
 * whole and room for programs. The minimum is said in MiB of RAM from
 * address 0, as `qemu -m` counts.
 */
static void memory_check(uint32_t data_end)
{
    uint32_t servers;
    if (loader_frames(&boot, &servers) < 0)
        return; /* loader_start names what is wrong with the initrd */
    struct pmem_stats st;
    pmem_get_stats(&st);
    uint32_t kpool = kpool_size(st.nframes);
    if (st.kpool_frames >= kpool && st.upool_free >= servers + PROGRAM_FRAMES)
        return;
    /* The machine keeps the end of its last MiB (QEMU: 128 KiB of ACPI tables). */
    uint32_t kept = (1024 - st.nframes * 4 % 1024) % 1024;
    /* The pool grows with the RAM: size it for the machine named, until that one suffices. */
    uint32_t mib = 0, more;
    for (uint32_t tried = ~0u; mib != tried;) {
        tried = mib;
        kpool = kpool_size(mib * 256 > st.nframes ? mib * 256 : st.nframes);
        more = (kpool + servers + PROGRAM_FRAMES) * 4;
        mib = (data_end / 1024 + more + kept + 1023) / 1024;
    }
    boot_refuse("mem: %u KiB of RAM is too little: the kernel and initrd end at %u KiB, then "
                "the kernel pool needs %u KiB, the quota and pager servers %u KiB and programs %u "
                "KiB, and the machine keeps %u KiB at the top; this kernel needs at least %u MiB",
                st.norm_frames * 4, data_end / 1024, kpool * 4, servers * 4, PROGRAM_FRAMES * 4,
                kept, mib);
}

static void read_cmdline(const struct multiboot_info *mbi)
{
    if (mbi->flags & MBI_FLAG_CMDLINE) {
        const char *s = phys(mbi->cmdline);
        size_t n = strnlen(s, CMDLINE_MAX - 1);
        memcpy(cmdline_raw, s, n);
        cmdline_raw[n] = 0;
    }
    cmdline_parse(cmdline_raw, &opts);
    for (int i = 0; i < opts.nunknown && i < CMDLINE_UNKNOWN_MAX; i++)
        kprintf("cmdline: unknown option '%s' ignored\n", opts.unknown[i]);
}

static void find_initrd(const struct multiboot_info *mbi)
{
    if (!(mbi->flags & MBI_FLAG_MODS) || mbi->mods_count == 0)
        return;
    const struct multiboot_mod *m = phys(mbi->mods_addr);
    boot.initrd_phys = m[0].start;
    boot.initrd_size = m[0].end - m[0].start;
    phys(m[0].end - 1);
}

static void boot_selftest(void)
{
    const char *t = cmdline_get(&opts, OPT_SELFTEST, 0);
    if (!t)
        return;
    if (!strcmp(t, "pagefault")) {
        kprintf("selftest: touching unmapped kernel address dead0000\n");
        *(volatile uint32_t *)0xDEAD0000 = 1;
    }
    if (!strcmp(t, "ud")) {
        kprintf("selftest: an invalid opcode before memory is set up\n");
        asm volatile("ud2");
    }
    kprintf("selftest: unknown test '%s'\n", t);
}

void kmain(uint32_t magic, uint32_t mbi_phys)
{
    gdt_init();
    idt_init();
    console_init();
    kprintf("microkernel: i386, userspace pager and quota servers\n");
    cpu_check();
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
        panic("not booted by a Multiboot loader (magic %08x)", magic);
    const struct multiboot_info *mbi = phys(mbi_phys);
    read_cmdline(mbi);
    boot_selftest();
    find_initrd(mbi);
    kinfo_init(&boot, cmdline_raw);
    memory_check(memory_init(mbi));
    pic_init();
    paging_init((uint32_t)boot_pd - KERNBASE);
    struct pmem_stats st;
    pmem_get_stats(&st);
    kmem_init(st.nframes);
    print_memory();
    kprintf("paging: on, kernel at %08x, recursive directory at %08x\n", KERNBASE, SELF_PD);
    trace_init(cmdline_get(&opts, OPT_TRACE, 0));
    task_init();
    sched_init();
    if (!boot.initrd_size)
        panic("no initrd module: nothing to run (QEMU: -initrd build/initrd.tar)");
    int r = loader_start(&boot);
    if (r < 0)
        panic("cannot start the first tasks from the initrd: error %d", r);
    kprintf("boot: started quota, pager and init (%u frames)\n", boot.boot_frames);
    timer_init();
    console_input_init();
    sched_start();
}
