/*
 * The kernel starts three tasks from the initrd. quota and pager are loaded
 * whole (every page mapped now, their frames taken from the user pool and
 * counted in boot_frames so the quota server charges them to the root
 * container). init is only created: its first instruction faults to the
 * pager, which pages it in from the same archive like any other program.
 * The archive is mapped read-only into the pager at INITRD_USER_BASE.
 * The three directories, tasks and first threads, and the page tables of
 * quota and pager, come from the kernel pool; init's page tables and later
 * threads, like every later task's objects, from its pager (SYS_TABLE_ADD,
 * SYS_KMEM_ADD), charged to its container.
 */
#include "loader.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "console.h"
#include "elf.h"
#include "kmem.h"
#include "paging.h"
#include "pmem.h"
#include "str.h"
#include "task.h"
#include "trace.h"
#include "ustar.h"

#define BOOT_STACK_PAGES 16
#define INITRD_USER_BASE 0xA0000000u

static struct boot_image *boot;

/* User frames load_whole takes for a program: the pages its segments span, and its stack. */
static uint32_t whole_frames(const struct elf_image *elf)
{
    uint32_t n = BOOT_STACK_PAGES;
    for (int i = 0; i < elf->nseg; i++) {
        const struct elf_seg *seg = &elf->seg[i];
        n += (seg->vaddr + seg->memsz + PAGE_SIZE - 1) / PAGE_SIZE - seg->vaddr / PAGE_SIZE;
    }
    return n;
}

static int map_new_frame(struct task *t, uint32_t va, int writable, uint32_t *frame)
{
    uint32_t f = pmem_alloc_user();
    if (!f)
        return E_NOMEM;
    frame_zero(f);
    int r = page_map(t->pd, va, f, PTE_U | (writable ? PTE_W : 0));
    if (r < 0)
        return r;
    pmem_map_ref(f);
    t->frames++;
    boot->boot_frames++;
    *frame = f;
    return 0;
}

static int load_segment(struct task *t, const uint8_t *img, const struct elf_seg *s)
{
    for (uint32_t va = s->vaddr & ~0xFFFu; va < s->vaddr + s->memsz; va += PAGE_SIZE) {
        uint32_t f;
        int r = map_new_frame(t, va, (s->perm & PERM_W) != 0, &f);
        if (r < 0)
            return r;
        uint8_t *page = frame_window(f, 0);
        /* the part of [vaddr, vaddr+filesz) that falls in this page */
        uint32_t lo = va > s->vaddr ? va : s->vaddr;
        uint32_t hi = va + PAGE_SIZE < s->vaddr + s->filesz ? va + PAGE_SIZE : s->vaddr + s->filesz;
        if (hi > lo)
            memcpy(page + (lo - va), img + s->offset + (lo - s->vaddr), hi - lo);
    }
    return 0;
}

/* Put "args" at the top of the stack page and the entry frame below it. */
static void write_args(uint32_t frame, const char *args)
{
    uint8_t *page = frame_window(frame, 0);
    uint32_t n = strnlen(args, ARGS_AREA - 1);
    memcpy(page + PAGE_SIZE - ARGS_AREA, args, n);
    uint32_t *sp = (uint32_t *)(page + PAGE_SIZE - ARGS_AREA - 8);
    sp[0] = 0;
    sp[1] = USTACK_TOP - ARGS_AREA;
}

/* Find program name in the initrd and read its ELF headers. */
static int find_program(const char *name, const void **img, struct elf_image *elf)
{
    size_t len;
    const void *archive = (const void *)(boot->initrd_phys + KERNBASE);
    int r = ustar_find(archive, boot->initrd_size, name, img, &len);
    return r < 0 ? r : elf_parse(*img, len, elf);
}

/* A boot task's first thread, on a kernel-pool page. */
static int first_thread(struct task *t, uint32_t entry, uint32_t pager)
{
    void *page = kmem_kernel();
    if (!page)
        return E_NOMEM;
    task_spare_add(t, page);
    int tid = thread_create(t, entry, USTACK_ENTRY_SP, pager);
    return tid < 0 ? tid : 0;
}

static int load_whole(struct task *t, const char *name, const char *args, uint32_t pager)
{
    const void *img;
    struct elf_image elf;
    int r = find_program(name, &img, &elf);
    for (int i = 0; r == 0 && i < elf.nseg; i++)
        r = load_segment(t, img, &elf.seg[i]);
    uint32_t f = 0;
    for (uint32_t i = 1; r == 0 && i <= BOOT_STACK_PAGES; i++)
        r = map_new_frame(t, USTACK_TOP - i * PAGE_SIZE, 1, &f);
    if (r < 0)
        return r;
    write_args(page_lookup(t->pd, USTACK_TOP - PAGE_SIZE) >> 12, args);
    return first_thread(t, elf.entry, pager);
}

static int map_initrd(struct task *pager)
{
    uint32_t first = boot->initrd_phys >> 12;
    uint32_t pages = (boot->initrd_size + PAGE_SIZE - 1) / PAGE_SIZE;
    for (uint32_t i = 0; i < pages; i++) {
        int r = page_map(pager->pd, INITRD_USER_BASE + i * PAGE_SIZE, first + i, PTE_U);
        if (r < 0)
            return r;
    }
    boot->initrd_user = INITRD_USER_BASE;
    return 0;
}

static int start_init(void)
{
    const void *img;
    struct elf_image elf;
    int r = find_program("init", &img, &elf);
    if (r < 0)
        return r;
    struct task *t;
    r = task_alloc("init", 0, RIGHTS_INIT, 0, 0, &t);
    return r < 0 ? r : first_thread(t, elf.entry, TID_PAGER);
}

int loader_frames(struct boot_image *bi, uint32_t *frames)
{
    static const char *const whole[] = {"quota", "pager"};
    boot = bi;
    *frames = 0;
    for (uint32_t i = 0; i < sizeof(whole) / sizeof(whole[0]); i++) {
        const void *img;
        struct elf_image elf;
        int r = find_program(whole[i], &img, &elf);
        if (r < 0)
            return r;
        *frames += whole_frames(&elf);
    }
    return 0;
}

int loader_start(struct boot_image *bi)
{
    boot = bi;
    struct task *quota, *pager;
    int r = task_alloc("quota", 0, RIGHTS_QUOTA, 0, 0, &quota);
    if (r < 0)
        return r;
    quota->kernel_tables = 1;
    r = load_whole(quota, "quota", "quota", 0);
    if (r == 0)
        r = task_alloc("pager", 0, RIGHTS_PAGER, 0, 0, &pager);
    if (r < 0)
        return r;
    pager->kernel_tables = 1;
    r = load_whole(pager, "pager", "pager", 0);
    if (r == 0)
        r = map_initrd(pager);
    if (r == 0)
        r = start_init();
    return r;
}
