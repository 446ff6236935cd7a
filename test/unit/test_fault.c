/*
 * Host tests of the pager's fault engine (servers/pager/fault.c), of the
 * seeds' entry points, sbrk and VM pools built on it (memory.c) and of its
 * reading and writing of a task's memory (taskmem.c). The
 * outside world is a struct pager_ops of fakes: a quota of frames, a page
 * table, a swap store of slots holding one word per page. Every fake call
 * is written to a log, so each test checks the exact sequence of calls as
 * well as the result, the kill reason and the books (frames held == pages
 * resident, slots used == pages swapped).
 */
#include "unit.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The pager's own memory: libc's, or none while no_memory is set (its tables cannot grow). */
#include "fakeheap.h"

#define malloc  fake_malloc
#define realloc fake_realloc
#include "servers/pager/fault.c"
#include "servers/pager/memory.c"
#include "servers/pager/hash.c"
#include "servers/pager/pagemap.c"
#include "servers/pager/policy/clock.c"
#include "servers/pager/policy/demand.c"
#include "servers/pager/policy/eager.c"
#include "servers/pager/policy/fifo.c"
#include "servers/pager/policy/policy.c"
#include "servers/pager/policy/prefetch.c"
#include "servers/pager/policy/resident.c"
#include "servers/pager/region.c"
#include "servers/pager/share.c"
#include "servers/pager/taskmem.c"
#include "libipc/fmt.c"
#undef malloc
#undef realloc

#define P      PAGE_SIZE
#define TASK   7
#define CONT   3
#define TEXT   0x00400000u
#define DATA   0x00401000u
#define HEAP   0x00403000u
#define FRAME0 0x100u /* the first frame the fake quota hands out */
#define NFAKE  64     /* frames, page-table entries and swap slots the fakes hold */

static struct proc procs[3]; /* p, and the other mappers of its pages */
static struct proc *p = &procs[0];
uint32_t initrd_frame, initrd_len; /* fault.c's view of the initrd (files.c in the pager) */
const uint8_t *initrd;
static uint8_t image[2 * P];

/* ---- the fakes ---- */

static char log_text[8192];

static void note(const char *fmt, ...)
{
    size_t n = strlen(log_text);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(log_text + n, sizeof(log_text) - n, fmt, ap);
    va_end(ap);
    strncat(log_text, "; ", sizeof(log_text) - strlen(log_text) - 1);
}

/* The log since the last call, which starts a new one. */
static const char *calls(void)
{
    static char out[sizeof(log_text)];
    strcpy(out, log_text);
    log_text[0] = 0;
    return out;
}

static struct {
    uint32_t quota, held, next;        /* frames the container may still take, holds, next number */
    int alloc_err, map_err, unmap_err; /* forced errors (0: none) */
    uint32_t map_err_va;               /* map_err only for this page (0: for every page) */
    int write_err, read_err, out_err, in_err, slot_err, protect_err, copy_err, kmem_err;
    uint32_t slots, slot_used; /* swap slots in the store, in use (bitmap) */
    uint8_t mem[NFAKE][P];     /* the frames' contents (FRAME0-based) */
    uint8_t slot_mem[NFAKE][P];
    uint32_t pt_va[NFAKE], pt_frame[NFAKE], pt_accessed[NFAKE]; /* the page tables */
    uint32_t pt_task[NFAKE], pt_perm[NFAKE];
} fk;

static int fake_frame_alloc(uint32_t container, uint32_t flags, uint32_t *frame, uint32_t *left)
{
    ck_assert(flags == 0 || flags == FRAME_UNZEROED);
    if (fk.alloc_err) {
        note("alloc c%u = %d", container, fk.alloc_err);
        return fk.alloc_err;
    }
    if (fk.quota == 0) {
        note("alloc c%u = E_QUOTA", container);
        return E_QUOTA;
    }
    fk.quota--, fk.held++;
    *frame = fk.next++;
    *left = fk.quota;
    /* frames arrive zeroed, or, unzeroed, full of what a task left there */
    memset(fk.mem[*frame - FRAME0], flags ? 0xA5 : 0, P);
    note("alloc c%u = f%x%s", container, *frame, flags ? " unzeroed" : "");
    return 0;
}

static int fake_frame_free(uint32_t container, uint32_t frame)
{
    note("free c%u f%x", container, frame);
    fk.quota++, fk.held--;
    return 0;
}

/* The page-table entry of task's page va, or -1. */
static int pt_find_in(uint32_t task, uint32_t va)
{
    for (int i = 0; i < NFAKE; i++)
        if (fk.pt_frame[i] && fk.pt_va[i] == va && fk.pt_task[i] == task)
            return i;
    return -1;
}

static int fake_map(uint32_t task, uint32_t va, uint32_t frame, uint32_t perm)
{
    note("map t%u %x f%x %s%s%s%s", task, va, frame, perm & PERM_R ? "r" : "",
         perm & PERM_W ? "w" : "", perm & PERM_X ? "x" : "", perm & PERM_REPLACE ? " replace" : "");
    if (fk.map_err && (!fk.map_err_va || fk.map_err_va == va))
        return fk.map_err;
    int i = pt_find_in(task, va);
    if (i >= 0 && !(perm & PERM_REPLACE))
        return E_EXIST; /* as the kernel's map: the pager unmaps first, or replaces */
    if (i < 0)          /* a free slot */
        for (i = 0; fk.pt_frame[i]; i++)
            ;
    fk.pt_va[i] = va, fk.pt_frame[i] = frame, fk.pt_accessed[i] = 0;
    fk.pt_task[i] = task, fk.pt_perm[i] = perm;
    return 0;
}

static int fake_kmem_add(uint32_t task, uint32_t frame)
{
    note("kmem t%u f%x", task, frame);
    return fk.kmem_err;
}

static int fake_unmap(uint32_t task, uint32_t va)
{
    note("unmap t%u %x", task, va);
    if (fk.unmap_err)
        return fk.unmap_err;
    int i = pt_find_in(task, va);
    ck_assert_int_ge(i, 0); /* the engine unmaps only what it mapped */
    uint32_t frame = fk.pt_frame[i];
    fk.pt_frame[i] = 0;
    return (int)frame;
}

/* The kernel took task's space down (its end): none of its pages is mapped any more. */
static void fake_space_gone(uint32_t task)
{
    for (int i = 0; i < NFAKE; i++)
        if (fk.pt_task[i] == task)
            fk.pt_frame[i] = 0;
}

static int fake_protect(uint32_t task, uint32_t va, uint32_t perm)
{
    note("protect t%u %x %s%s%s", task, va, perm & PERM_R ? "r" : "", perm & PERM_W ? "w" : "",
         perm & PERM_X ? "x" : "");
    if (fk.protect_err)
        return fk.protect_err;
    int i = pt_find_in(task, va);
    ck_assert_int_ge(i, 0);
    fk.pt_perm[i] = perm;
    return 0;
}

static int fake_query(uint32_t task, uint32_t va)
{
    note("query t%u %x", task, va);
    int i = pt_find_in(task, va);
    if (i < 0)
        return 0;
    int q = (int)(QUERY_PRESENT | (fk.pt_accessed[i] ? QUERY_ACCESSED : 0));
    fk.pt_accessed[i] = 0;
    return q;
}

static int fake_swap_alloc(void)
{
    if (fk.slot_err) {
        note("swap_alloc = %d", fk.slot_err);
        return fk.slot_err;
    }
    for (uint32_t s = 0; s < fk.slots; s++) {
        if (!(fk.slot_used & (1u << s))) {
            fk.slot_used |= 1u << s;
            note("swap_alloc = s%u", s);
            return (int)s;
        }
    }
    note("swap_alloc = E_NOSPC");
    return E_NOSPC;
}

static int fake_swap_free(uint32_t slot)
{
    note("swap_free s%u", slot);
    ck_assert(fk.slot_used & (1u << slot));
    fk.slot_used &= ~(1u << slot);
    return 0;
}

static int fake_swap_out(uint32_t slot, uint32_t frame, uint32_t va)
{
    note("out s%u f%x %x", slot, frame, va);
    if (fk.out_err)
        return fk.out_err;
    memcpy(fk.slot_mem[slot], fk.mem[frame - FRAME0], P);
    return 0;
}

static int fake_swap_in(uint32_t slot, uint32_t frame, uint32_t va)
{
    note("in s%u f%x %x", slot, frame, va);
    if (fk.in_err)
        return fk.in_err;
    memcpy(fk.mem[frame - FRAME0], fk.slot_mem[slot], P);
    return 0;
}

static int fake_frame_write(uint32_t frame, uint32_t off, const void *src, uint32_t len)
{
    note("write f%x +%u %u", frame, off, len);
    if (fk.write_err)
        return fk.write_err;
    memcpy(&fk.mem[frame - FRAME0][off], src, len);
    return 0;
}

static int fake_frame_read(uint32_t frame, uint32_t off, void *dst, uint32_t len)
{
    note("read f%x +%u %u", frame, off, len);
    if (fk.read_err)
        return fk.read_err;
    memcpy(dst, &fk.mem[frame - FRAME0][off], len);
    return 0;
}

static int fake_frame_copy(uint32_t dst, uint32_t src)
{
    note("copy f%x f%x", dst, src);
    if (fk.copy_err)
        return fk.copy_err;
    memcpy(fk.mem[dst - FRAME0], fk.mem[src - FRAME0], P);
    return 0;
}

static void *fake_mem_alloc(uint32_t bytes)
{
    note("mem_alloc %u", bytes);
    return calloc(1, bytes);
}

static void fake_mem_free(void *mem, uint32_t bytes)
{
    note("mem_free %u", bytes);
    free(mem);
}

const struct pager_ops pager_ops = {
    .frame_alloc = fake_frame_alloc,
    .frame_free = fake_frame_free,
    .map = fake_map,
    .kmem_add = fake_kmem_add,
    .unmap = fake_unmap,
    .protect = fake_protect,
    .query = fake_query,
    .swap_alloc = fake_swap_alloc,
    .swap_free = fake_swap_free,
    .swap_out = fake_swap_out,
    .swap_in = fake_swap_in,
    .frame_write = fake_frame_write,
    .frame_read = fake_frame_read,
    .frame_copy = fake_frame_copy,
    .mem_alloc = fake_mem_alloc,
    .mem_free = fake_mem_free,
};

/* quota_client.c's split, which alloc_mem_quota wraps. */
int quota_split(uint32_t container, uint32_t quota)
{
    note("split c%u %u", container, quota);
    return quota > 100 ? E_QUOTA : (int)container + 1;
}

/* proctab.c's table, which alloc_page and the search for a shared page's mappings use: procs. */
struct proc *proctab_at(uint32_t i)
{
    return i < 3 ? &procs[i] : 0;
}

uint32_t proctab_count(void)
{
    return 3;
}

/* ---- the process under test ---- */

/* Text (one page from the image), data (one page from the image, one of zeros), heap, stack. */
static void setup(void)
{
    memset(&fk, 0, sizeof(fk));
    fk.next = FRAME0;
    fk.quota = 32;
    fk.slots = 32;
    log_text[0] = 0;
    memset(&totals, 0, sizeof(totals));
    if (shares.slot)
        free(shares.slot);
    share_init(&shares);
    policy = (struct policy){&policy_demand, 0, 0};
    for (uint32_t i = 0; i < sizeof(image); i += 4)
        memcpy(&image[i], &(uint32_t){0xC0DE0000u + i}, 4);
    initrd_frame = initrd_len = 0;
    memset(procs, 0, sizeof(procs));
    for (uint32_t i = 0; i < 3; i++) {
        procs[i].index = i;
        pagemap_init(&procs[i].pm);
        resident_init(&procs[i].res);
    }
    p->task = TASK;
    p->container = CONT;
    p->image = image;
    p->image_len = sizeof(image);
    vmspace_init(&p->vs);
    ck_assert_int_eq(region_add(&p->vs, TEXT, TEXT + P, PERM_R | PERM_X, REGION_TEXT, 0, 100), 0);
    ck_assert_int_eq(region_add(&p->vs, DATA, DATA + 2 * P, PERM_R | PERM_W, REGION_DATA, P, 8), 0);
    ck_assert_int_eq(vmspace_init_heap(&p->vs, HEAP), 0);
    ck_assert_int_eq(vmspace_init_stack(&p->vs, USTACK_TOP), 0);
}

static uint32_t word_at(uint32_t va)
{
    uint32_t e = pagemap_get(&p->pm, va);
    ck_assert(e && !(e & SWAPPED));
    uint32_t w;
    memcpy(&w, fk.mem[e - FRAME0], sizeof(w));
    return w;
}

/* The first word of the n-th frame handed out, or of swap slot n. */
static void set_word(uint32_t n, uint32_t w)
{
    memcpy(fk.mem[n], &w, sizeof(w));
}

static uint32_t slot_word(uint32_t slot)
{
    uint32_t w;
    memcpy(&w, fk.slot_mem[slot], sizeof(w));
    return w;
}

/* Frames held are the resident pages; slots used are the swapped ones; tables agree. */
static void check_books(void)
{
    uint32_t cursor = 0, resident = 0, swapped = 0, slots = 0;
    const struct pm_entry *pe;
    while ((pe = pagemap_next(&p->pm, &cursor))) {
        uint32_t va = pm_va(pe), e = pe->frame;
        ck_assert(!(e & SWAPPED) == (pe->next != 0)); /* on the resident list while resident */
        if (e & SWAPPED) {
            swapped++;
            ck_assert(fk.slot_used & (1u << (e & ~SWAPPED)));
        } else {
            resident++;
            ck_assert_int_ge(pt_find_in(TASK, va), 0);
        }
    }
    for (uint32_t s = 0; s < 32; s++)
        slots += (fk.slot_used >> s) & 1;
    ck_assert_uint_eq(fk.held, resident);
    ck_assert_uint_eq(p->res.count, resident);
    ck_assert_uint_eq(slots, swapped);
}

static void heap_pages(uint32_t n)
{
    uint32_t old;
    ck_assert_int_eq(proc_sbrk(p, (int32_t)(n * P), &old), 0);
}

static int fault(uint32_t va, uint32_t err, uint32_t *reason)
{
    *reason = 0xEEEE;
    return fault_handle(p, va, err, reason);
}

/* Fault the page in with a write and expect it mapped. */
static void touch(uint32_t va)
{
    uint32_t reason;
    ck_assert_int_eq(fault(va, PF_USER | PF_WRITE, &reason), 0);
}

/* The fault at va fails with error want and kill reason why, after exactly the calls in log. */
static void expect_kill(uint32_t va, uint32_t err, int want, uint32_t why, const char *log)
{
    uint32_t reason;
    ck_assert_int_eq(fault(va, err, &reason), want);
    ck_assert_uint_eq(reason, why);
    ck_assert_str_eq(calls(), log);
}

/* ---- resolving a fault ---- */

START_TEST(demand_zero)
{
    uint32_t reason;
    heap_pages(2);
    ck_assert_int_eq(fault(HEAP + P + 12, PF_USER | PF_WRITE, &reason), 0);
    ck_assert_str_eq(calls(), "alloc c3 = f100; map t7 404000 f100 rw; ");
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP + P), 0x100);
    ck_assert_uint_eq(word_at(HEAP + P), 0);
    ck_assert_uint_eq(p->st.faults, 1);
    ck_assert_uint_eq(p->st.mapped, 1);
    ck_assert_uint_eq(totals.mapped, 1);
    check_books();
}
END_TEST

START_TEST(file_backed)
{
    uint32_t reason;
    ck_assert_int_eq(fault(TEXT + 4, PF_USER, &reason), 0);
    ck_assert_str_eq(calls(), "alloc c3 = f100; write f100 +0 100; map t7 400000 f100 rx; ");
    ck_assert_uint_eq(word_at(TEXT), 0xC0DE0000u);
    /* data: the first page from the file (at image offset P), the second zeros */
    ck_assert_int_eq(fault(DATA, PF_USER | PF_WRITE, &reason), 0);
    ck_assert_int_eq(fault(DATA + P, PF_USER | PF_WRITE, &reason), 0);
    ck_assert_str_eq(calls(), "alloc c3 = f101; write f101 +0 8; map t7 401000 f101 rw; "
                              "alloc c3 = f102; map t7 402000 f102 rw; ");
    ck_assert_uint_eq(word_at(DATA), 0xC0DE0000u + P);
    check_books();
}
END_TEST

#define IFRAME 0x500u /* the initrd's first frame in the sharing tests */

/* The text region as one whole page of the image (at offset P), whose file starts an initrd page.
 */
static void text_from_image_page(void)
{
    initrd_frame = IFRAME;
    initrd_len = 16 * P;
    p->image_frame = IFRAME + 3;
    ck_assert_int_eq(region_remove(&p->vs, TEXT), 0);
    ck_assert_int_eq(region_add(&p->vs, TEXT, TEXT + P, PERM_R | PERM_X, REGION_TEXT, P, P), 0);
}

/* A whole read-only page of the image maps the initrd's frame: no frame, no copy, never freed. */
START_TEST(text_maps_the_initrd_frame)
{
    uint32_t reason;
    text_from_image_page();
    ck_assert_int_eq(fault(TEXT + 4, PF_USER, &reason), 0);
    ck_assert_str_eq(calls(), "map t7 400000 f504 rx; ");
    ck_assert_uint_eq(pagemap_get(&p->pm, TEXT), IFRAME + 4);
    ck_assert_uint_eq(p->res.count, 0); /* never a victim: it costs the container nothing */
    ck_assert_uint_eq(fk.held, 0);
    ck_assert_uint_eq(p->st.mapped, 1);
    expect_kill(TEXT, PF_USER | PF_WRITE | PF_PRESENT, E_FAULT, REASON_WRITE_RO, "");
    proc_free_range(p, TEXT, TEXT + P);
    ck_assert_str_eq(calls(), "unmap t7 400000; ");
    ck_assert_int_eq(fault(TEXT, PF_USER, &reason), 0);
    calls();
    proc_free_all(p);
    ck_assert_str_eq(calls(), "");
}
END_TEST

/* Writable pages, part pages and an image that does not start a page are copied as before. */
START_TEST(other_pages_are_copied)
{
    uint32_t reason;
    text_from_image_page();
    ck_assert_int_eq(fault(DATA, PF_USER | PF_WRITE, &reason), 0);
    ck_assert_str_eq(calls(), "alloc c3 = f100; write f100 +0 8; map t7 401000 f100 rw; ");
    ck_assert_int_eq(region_remove(&p->vs, TEXT), 0);
    ck_assert_int_eq(region_add(&p->vs, TEXT, TEXT + P, PERM_R | PERM_X, REGION_TEXT, P, P - 1), 0);
    ck_assert_int_eq(fault(TEXT, PF_USER, &reason), 0);
    ck_assert_str_eq(calls(), "alloc c3 = f101; write f101 +0 4095; map t7 400000 f101 rx; ");
    proc_free_all(p); /* its regions too */
    fake_space_gone(p->task);
    p->image_frame = 0;
    ck_assert_int_eq(region_add(&p->vs, TEXT, TEXT + P, PERM_R | PERM_X, REGION_TEXT, P, P), 0);
    calls();
    ck_assert_int_eq(fault(TEXT, PF_USER, &reason), 0);
    ck_assert_str_eq(calls(),
                     "alloc c3 = f102 unzeroed; write f102 +0 4096; map t7 400000 f102 rx; ");
}
END_TEST

#define FILEVA 0x50000000u /* where the file mapping tests map */

/*
 * A mapped initrd file (REGION_FILE, private and writable) of a page and
 * 100 bytes, from the initrd's page 2, in three pages of address space.
 */
static void file_mapping(void)
{
    static uint8_t archive[16 * P];
    for (uint32_t i = 0; i < sizeof(archive); i += 4)
        memcpy(&archive[i], &(uint32_t){0xF11E0000u + i}, 4);
    initrd = archive;
    initrd_frame = IFRAME;
    initrd_len = sizeof(archive);
    ck_assert_int_eq(
        region_add(&p->vs, FILEVA, FILEVA + 3 * P, PERM_R | PERM_W, REGION_FILE, 2 * P, P + 100),
        0);
}

/*
 * A private writable file mapping: a read maps the initrd's frame, read-only
 * and free; the first write copies it into a frame of p's own; the part
 * last page is copied at once (zeros after the file); a page past it ends
 * the task.
 */
START_TEST(file_private_copies_at_first_write)
{
    uint32_t reason;
    file_mapping();
    ck_assert_int_eq(fault(FILEVA + 8, PF_USER, &reason), 0);
    ck_assert_str_eq(calls(), "map t7 50000000 f502 r; ");
    ck_assert_uint_eq(fk.held, 0);
    ck_assert_int_eq(fault(FILEVA + 8, PF_USER | PF_PRESENT | PF_WRITE, &reason), 0);
    ck_assert_str_eq(calls(), "unmap t7 50000000; alloc c3 = f100 unzeroed; write f100 +0 4096; "
                              "map t7 50000000 f100 rw; ");
    ck_assert_uint_eq(word_at(FILEVA), 0xF11E0000u + 2 * P);
    ck_assert_int_eq(fault(FILEVA + P, PF_USER, &reason), 0);
    ck_assert_str_eq(calls(), "alloc c3 = f101; write f101 +0 100; map t7 50001000 f101 rw; ");
    expect_kill(FILEVA + 2 * P, PF_USER, E_FAULT, REASON_FILE_END, "");
    check_books();
    proc_free_all(p);
    ck_assert_str_eq(calls(), "free c3 f100; free c3 f101; ");
}
END_TEST

/* A private file page written, then swapped out, comes back from its slot at a read: not the file.
 */
START_TEST(file_private_copy_comes_back_from_swap)
{
    uint32_t reason;
    file_mapping();
    policy.repl = &policy_fifo;
    fk.quota = 1;
    touch(FILEVA);
    set_word(0, 0x5EED);
    ck_assert_int_eq(fault(FILEVA + P, PF_USER, &reason), 0); /* FILEVA goes to slot 0 */
    calls();
    ck_assert_int_eq(fault(FILEVA, PF_USER, &reason), 0);
    ck_assert_str_eq(calls(), "alloc c3 = E_QUOTA; swap_alloc = s1; out s1 f101 50001000; "
                              "unmap t7 50001000; free c3 f101; alloc c3 = f102 unzeroed; "
                              "in s0 f102 50000000; map t7 50000000 f102 rw; swap_free s0; ");
    ck_assert_uint_eq(word_at(FILEVA), 0x5EED);
    check_books();
}
END_TEST

/* A whole page of initialised data read first is the initrd's frame; its first write copies it. */
START_TEST(data_page_is_copied_at_first_write)
{
    uint32_t reason;
    text_from_image_page();
    ck_assert_int_eq(region_remove(&p->vs, DATA), 0);
    ck_assert_int_eq(region_add(&p->vs, DATA, DATA + P, PERM_R | PERM_W, REGION_DATA, P, P), 0);
    calls();
    ck_assert_int_eq(fault(DATA, PF_USER, &reason), 0);
    ck_assert_str_eq(calls(), "map t7 401000 f504 r; ");
    ck_assert_uint_eq(fk.held, 0);
    ck_assert_int_eq(fault(DATA, PF_USER | PF_PRESENT | PF_WRITE, &reason), 0);
    ck_assert_str_eq(
        calls(),
        "unmap t7 401000; alloc c3 = f100 unzeroed; write f100 +0 4096; map t7 401000 f100 rw; ");
    check_books();
}
END_TEST

/* A write to a read-only region's initrd page made writable copies it: the initrd's stays as it is.
 */
START_TEST(initrd_page_made_writable_is_copied)
{
    uint32_t reason;
    text_from_image_page();
    ck_assert_int_eq(fault(TEXT, PF_USER, &reason), 0);
    region_find(&p->vs, TEXT)->perm = PERM_R | PERM_W; /* as mprotect leaves it */
    calls();
    ck_assert_int_eq(fault(TEXT, PF_USER | PF_PRESENT | PF_WRITE, &reason), 0);
    ck_assert_str_eq(
        calls(),
        "unmap t7 400000; alloc c3 = f100 unzeroed; write f100 +0 4096; map t7 400000 f100 rw; ");
    check_books();
}
END_TEST

START_TEST(decided_kills_call_nobody)
{
    uint32_t reason;
    ck_assert_int_eq(fault(0x10, PF_USER, &reason), E_FAULT);
    ck_assert_uint_eq(reason, REASON_NULL);
    ck_assert_int_eq(fault(0x20000000, PF_USER, &reason), E_FAULT);
    ck_assert_uint_eq(reason, REASON_SEGV);
    expect_kill(TEXT, PF_USER | PF_WRITE, E_FAULT, REASON_WRITE_RO, "");
    ck_assert_uint_eq(p->st.faults, 3);
}
END_TEST

START_TEST(already_mapped_is_ok)
{
    uint32_t reason;
    heap_pages(1);
    touch(HEAP);
    calls();
    /* a second thread faulted on the same page before the first fault was answered */
    ck_assert_int_eq(fault(HEAP + 8, PF_USER, &reason), 0);
    ck_assert_int_eq(fault(HEAP + 16, PF_USER | PF_WRITE, &reason), 0);
    ck_assert_str_eq(calls(), "");
    ck_assert_uint_eq(p->st.mapped, 1);
    /* but not when the access itself is not allowed */
    ck_assert_int_eq(fault(TEXT, PF_USER, &reason), 0);
    ck_assert_int_eq(fault(TEXT, PF_USER | PF_WRITE, &reason), E_FAULT);
    ck_assert_uint_eq(reason, REASON_WRITE_RO);
    check_books();
}
END_TEST

/*
 * A page for a thread: a frame of the container, recorded under
 * PM_KMEM_KEY and given to the kernel; one the kernel refuses goes back at
 * once; all go back with the process's pages.
 */
START_TEST(kmem_page_for_a_thread)
{
    uint32_t reason = 0;
    ck_assert_int_eq(proc_kmem_add(p, &reason), 0);
    ck_assert_int_eq(proc_kmem_add(p, &reason), 0);
    ck_assert_str_eq(calls(), "alloc c3 = f100; kmem t7 f100; alloc c3 = f101; kmem t7 f101; ");
    ck_assert_uint_eq(pagemap_get(&p->pm, PM_KMEM_KEY(0)), 0x100);
    ck_assert_uint_eq(pagemap_get(&p->pm, PM_KMEM_KEY(1)), 0x101);
    ck_assert_uint_eq(p->kmem_pages, 2);
    fk.kmem_err = E_BUSY;
    ck_assert_int_eq(proc_kmem_add(p, &reason), E_BUSY);
    ck_assert_str_eq(calls(), "alloc c3 = f102; kmem t7 f102; free c3 f102; ");
    ck_assert_uint_eq(reason, REASON_MAP);
    ck_assert_uint_eq(pagemap_get(&p->pm, PM_KMEM_KEY(2)), 0);
    fk.kmem_err = 0;
    fk.quota = 0;
    ck_assert_int_eq(proc_kmem_add(p, &reason), E_QUOTA);
    ck_assert_str_eq(calls(), "alloc c3 = E_QUOTA; ");
    ck_assert_uint_eq(p->kmem_pages, 2);
    ck_assert_uint_eq(fk.held, 2);
    proc_free_all(p);
    const char *log = calls();
    ck_assert_ptr_nonnull(strstr(log, "free c3 f100; "));
    ck_assert_ptr_nonnull(strstr(log, "free c3 f101; "));
    ck_assert_uint_eq(fk.held, 0);
}
END_TEST

/* ---- each way a fault fails, with its reason, and nothing left behind ---- */

START_TEST(quota_exhausted)
{
    heap_pages(2);
    fk.quota = 1;
    touch(HEAP);
    calls();
    expect_kill(HEAP + P, PF_USER, E_QUOTA, REASON_QUOTA, "alloc c3 = E_QUOTA; ");
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP + P), 0);
    check_books();
}
END_TEST

START_TEST(quota_server_error)
{
    heap_pages(1);
    fk.alloc_err = E_DEAD;
    expect_kill(HEAP, PF_USER, E_DEAD, REASON_PAGER_NOMEM, "alloc c3 = -8; ");
}
END_TEST

START_TEST(map_failure)
{
    heap_pages(1);
    fk.map_err = E_NOMEM;
    expect_kill(HEAP, PF_USER, E_NOMEM, REASON_MAP,
                "alloc c3 = f100; map t7 403000 f100 rw; free c3 f100; ");
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP), 0);
    check_books();
}
END_TEST

START_TEST(window_failure)
{
    fk.write_err = E_NOMEM;
    expect_kill(TEXT, PF_USER, E_NOMEM, REASON_MAP,
                "alloc c3 = f100; write f100 +0 100; free c3 f100; ");
    check_books();
}
END_TEST

START_TEST(image_too_short)
{
    p->image_len = 50; /* the text segment says 100 bytes */
    expect_kill(TEXT, PF_USER, E_FORMAT, REASON_IMAGE, "alloc c3 = f100; free c3 f100; ");
    check_books();
}
END_TEST

/*
 * 40 heap pages across three of the pagemap's leaves, resident in the
 * order they came; a shrink gives every one back, and their leaves with
 * them.
 */
START_TEST(pages_across_leaves)
{
    fk.quota = 48;
    heap_pages(40);
    for (uint32_t i = 0; i < 40; i++)
        touch(HEAP + i * P);
    ck_assert_uint_eq(p->res.count, 40);
    ck_assert_uint_eq(p->pm.dir.count, 3); /* 0x400000, 0x410000 and 0x420000 */
    struct pm_entry *node = resident_oldest(&p->res);
    for (uint32_t i = 0; i < 40; i++, node = resident_after(&p->res, node))
        ck_assert_uint_eq(resident_va(node), HEAP + i * P);
    check_books();
    uint32_t old;
    ck_assert_int_eq(proc_sbrk(p, -(int32_t)(40 * P), &old), 0);
    ck_assert_uint_eq(p->res.count, 0);
    ck_assert_uint_eq(pagemap_count(&p->pm), 0);
    ck_assert_uint_eq(p->pm.dir.count, 0);
    ck_assert_uint_eq(fk.held, 0);
    check_books();
}
END_TEST

/* The pager has no memory to grow the pagemap: the frame goes back, the task ends so. */
START_TEST(pagemap_full)
{
    heap_pages(1);
    no_memory = 1;
    expect_kill(HEAP, PF_USER, E_NOMEM, REASON_PAGER_NOMEM, "alloc c3 = f100; free c3 f100; ");
    no_memory = 0;
    ck_assert_uint_eq(fk.held, 0);
}
END_TEST

/* A page in a leaf of the pagemap that is there already takes no pager memory: a store. */
START_TEST(pagemap_leaf_shared)
{
    heap_pages(2);
    touch(HEAP);
    calls();
    no_memory = 1;
    touch(HEAP + P); /* the same 64 KiB: the same leaf */
    no_memory = 0;
    ck_assert_str_eq(calls(), "alloc c3 = f101; map t7 404000 f101 rw; ");
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP + P), 0x101);
    check_books();
}
END_TEST

/* ---- replacement ---- */

/* Two heap pages resident with contents 0xA and 0xB, and a quota of two. */
static void two_resident(const struct repl_policy *repl)
{
    policy.repl = repl;
    heap_pages(4);
    fk.quota = 2;
    touch(HEAP);
    touch(HEAP + P);
    set_word(0, 0xA), set_word(1, 0xB);
    calls();
}

START_TEST(evict_fifo)
{
    two_resident(&policy_fifo);
    touch(HEAP + 2 * P);
    ck_assert_str_eq(calls(), "alloc c3 = E_QUOTA; swap_alloc = s0; out s0 f100 403000; "
                              "unmap t7 403000; free c3 f100; alloc c3 = f102; "
                              "map t7 405000 f102 rw; ");
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP), SWAPPED | 0);
    ck_assert_uint_eq(slot_word(0), 0xA);
    ck_assert_uint_eq(p->st.evictions, 1);
    ck_assert_uint_eq(p->st.swap_outs, 1);
    check_books();
}
END_TEST

START_TEST(evict_clock_second_chance)
{
    two_resident(&policy_clock);
    fk.pt_accessed[0] = 1; /* the first page was used since: it stays */
    touch(HEAP + 2 * P);
    ck_assert_str_eq(calls(), "alloc c3 = E_QUOTA; query t7 403000; query t7 404000; "
                              "swap_alloc = s0; out s0 f101 404000; unmap t7 404000; "
                              "free c3 f101; alloc c3 = f102; map t7 405000 f102 rw; ");
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP + P), SWAPPED | 0);
    ck_assert_uint_eq(slot_word(0), 0xB);
    check_books();
}
END_TEST

START_TEST(swap_in_evicted_page)
{
    two_resident(&policy_fifo);
    touch(HEAP + 2 * P); /* evicts HEAP */
    calls();
    touch(HEAP + 8); /* evicts HEAP + P, brings HEAP back */
    ck_assert_str_eq(calls(), "alloc c3 = E_QUOTA; swap_alloc = s1; out s1 f101 404000; "
                              "unmap t7 404000; free c3 f101; alloc c3 = f103 unzeroed; "
                              "in s0 f103 403000; map t7 403000 f103 rw; swap_free s0; ");
    ck_assert_uint_eq(word_at(HEAP), 0xA);
    ck_assert_uint_eq(p->st.swap_ins, 1);
    check_books();
}
END_TEST

START_TEST(swap_full)
{
    two_resident(&policy_fifo);
    fk.slots = 0;
    expect_kill(HEAP + 2 * P, PF_USER, E_NOSPC, REASON_SWAP,
                "alloc c3 = E_QUOTA; swap_alloc = E_NOSPC; ");
    ck_assert_uint_eq(word_at(HEAP), 0xA); /* nothing was evicted */
    check_books();
}
END_TEST

START_TEST(swap_out_error)
{
    two_resident(&policy_fifo);
    fk.out_err = E_IO;
    expect_kill(HEAP + 2 * P, PF_USER, E_IO, REASON_SWAP_IO,
                "alloc c3 = E_QUOTA; swap_alloc = s0; out s0 f100 403000; swap_free s0; ");
    ck_assert_uint_eq(word_at(HEAP), 0xA);
    check_books();
}
END_TEST

START_TEST(swap_server_gone)
{
    two_resident(&policy_fifo);
    fk.slot_err = E_DEAD;
    expect_kill(HEAP + 2 * P, PF_USER, E_DEAD, REASON_SWAP_IO,
                "alloc c3 = E_QUOTA; swap_alloc = -8; ");
    check_books();
}
END_TEST

START_TEST(evict_unmap_error)
{
    two_resident(&policy_fifo);
    fk.unmap_err = E_NOENT;
    expect_kill(HEAP + 2 * P, PF_USER, E_NOENT, REASON_MAP,
                "alloc c3 = E_QUOTA; swap_alloc = s0; out s0 f100 403000; "
                "unmap t7 403000; swap_free s0; ");
    check_books();
}
END_TEST

START_TEST(swap_in_error)
{
    two_resident(&policy_fifo);
    touch(HEAP + 2 * P); /* evicts HEAP to s0 */
    calls();
    fk.in_err = E_IO;
    expect_kill(HEAP, PF_USER, E_IO, REASON_SWAP_IO,
                "alloc c3 = E_QUOTA; swap_alloc = s1; out s1 f101 404000; "
                "unmap t7 404000; free c3 f101; alloc c3 = f103 unzeroed; "
                "in s0 f103 403000; free c3 f103; ");
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP), SWAPPED | 0); /* still in its slot */
    check_books();
}
END_TEST

START_TEST(nothing_to_evict)
{
    policy.repl = &policy_clock;
    heap_pages(1);
    fk.quota = 0;
    expect_kill(HEAP, PF_USER, E_QUOTA, REASON_QUOTA, "alloc c3 = E_QUOTA; ");
}
END_TEST

START_TEST(pinned_never_evicts)
{
    two_resident(&policy_fifo);
    p->pinned = 1;
    expect_kill(HEAP + 2 * P, PF_USER, E_QUOTA, REASON_QUOTA, "alloc c3 = E_QUOTA; ");
    check_books();
}
END_TEST

/* ---- progress: one instruction's faults ---- */

/* A FAULT from thread 9 at eip for va, as the kernel sends it; fault_from_task's result. */
static int fault_at(uint32_t eip, uint32_t va, uint32_t *reason)
{
    msg_t m = {MSG_FAULT, {va, PF_USER, eip, 9}};
    *reason = 0xEEEE;
    return fault_from_task(p, &m, reason);
}

START_TEST(livelock_ends_the_task)
{
    uint32_t reason;
    int r = 0, faults = 0;
    policy.repl = &policy_fifo;
    heap_pages(2);
    fk.quota = 1;
    /* one instruction needs its text page and a heap page: each fault evicts the other */
    while (r == 0 && faults < 100) {
        r = fault_at(TEXT, faults % 2 ? HEAP : TEXT, &reason);
        faults++;
    }
    ck_assert_int_eq(r, E_QUOTA);
    ck_assert_uint_eq(reason, REASON_NO_PROGRESS);
    ck_assert_int_eq(faults, 2 + STREAK_PAGES); /* two new pages, then the refaults */
    check_books();
    /* without a replacement policy the second page is simply over the quota */
    policy.repl = 0;
    ck_assert_int_eq(fault_at(TEXT + 4, HEAP + P, &reason), E_QUOTA);
    ck_assert_uint_eq(reason, REASON_QUOTA);
}
END_TEST

START_TEST(progress_is_not_a_livelock)
{
    uint32_t reason;
    policy.repl = &policy_fifo;
    heap_pages(30);
    fk.quota = 3;
    /* one instruction (a rep movs) walks 30 pages through a quota of 3: always a new page */
    for (uint32_t i = 0; i < 30; i++)
        ck_assert_int_eq(fault_at(TEXT, HEAP + i * P, &reason), 0);
    /* a load in a tight loop over two pages that both fit: refaults, but each makes progress */
    for (uint32_t i = 0; i < 40; i++) {
        uint32_t va = HEAP + (i % 2) * P;
        if (!pagemap_get(&p->pm, va) || (pagemap_get(&p->pm, va) & SWAPPED))
            ck_assert_int_eq(fault_at(TEXT + 8, va, &reason), 0);
    }
    /* the same pages from different instructions or threads start new streaks */
    for (uint32_t i = 0; i < 40; i++)
        ck_assert_int_eq(fault_at(TEXT + 16 + i % 2, HEAP + (i % 4) * P, &reason), 0);
    check_books();
}
END_TEST

/* ---- mapping policies ---- */

START_TEST(prefetch_follows_the_fault)
{
    ck_assert_int_eq(policy_parse("prefetch:3", &policy), 0);
    heap_pages(8);
    touch(HEAP + P);
    ck_assert_str_eq(calls(), "alloc c3 = f100; map t7 404000 f100 rw; "
                              "alloc c3 = f101; map t7 405000 f101 rw; "
                              "alloc c3 = f102; map t7 406000 f102 rw; "
                              "alloc c3 = f103; map t7 407000 f103 rw; ");
    ck_assert_uint_eq(p->st.prefetched, 3);
    ck_assert_int_eq(pagemap_flags_get(&p->pm, HEAP + 2 * P), PM_PREFETCHED);
    ck_assert_int_eq(pagemap_flags_get(&p->pm, HEAP + P), 0);
    check_books();
}
END_TEST

START_TEST(prefetch_budget_from_the_alloc)
{
    ck_assert_int_eq(policy_parse("prefetch:8", &policy), 0);
    heap_pages(8);
    fk.quota = 3; /* the alloc for the fault says 2 are left: 2 pages of prefetch */
    touch(HEAP);
    ck_assert_uint_eq(p->st.prefetched, 2);
    ck_assert_uint_eq(p->st.mapped, 3);
    ck_assert_uint_eq(fk.quota, 0);
    check_books();
}
END_TEST

START_TEST(prefetch_stops_at_region_and_never_evicts)
{
    ck_assert_int_eq(policy_parse("prefetch:8+fifo", &policy), 0);
    heap_pages(3);
    fk.quota = 1;
    touch(HEAP + P);
    /* the budget is 0 after the fault: no prefetch, and above all no eviction for one */
    ck_assert_str_eq(calls(), "alloc c3 = f100; map t7 404000 f100 rw; ");
    fk.quota = 10;
    touch(HEAP + P + 4); /* the same page: nothing to do */
    touch(HEAP);
    /* HEAP + P is there already, HEAP + 2P is the heap's last page */
    ck_assert_str_eq(calls(), "alloc c3 = f101; map t7 403000 f101 rw; "
                              "alloc c3 = f102; map t7 405000 f102 rw; ");
    check_books();
}
END_TEST

START_TEST(prefetch_stops_at_a_failure)
{
    ck_assert_int_eq(policy_parse("prefetch:4", &policy), 0);
    heap_pages(8);
    fk.map_err = E_NOMEM, fk.map_err_va = HEAP + 2 * P;
    touch(HEAP); /* the fault is resolved; prefetch gives up at the page it cannot map */
    ck_assert_str_eq(calls(), "alloc c3 = f100; map t7 403000 f100 rw; "
                              "alloc c3 = f101; map t7 404000 f101 rw; "
                              "alloc c3 = f102; map t7 405000 f102 rw; free c3 f102; ");
    ck_assert_uint_eq(p->st.prefetched, 1);
    check_books();
}
END_TEST

START_TEST(prefetch_used_or_wasted)
{
    uint32_t old;
    ck_assert_int_eq(policy_parse("prefetch:2+clock", &policy), 0);
    heap_pages(4);
    fk.quota = 3;
    touch(HEAP); /* HEAP + P and HEAP + 2P prefetched with the last of the quota */
    ck_assert_uint_eq(p->st.prefetched, 2);
    fk.pt_accessed[0] = fk.pt_accessed[1] = 1;
    touch(HEAP + 3 * P); /* clock: HEAP and HEAP + P were used, HEAP + 2P goes */
    ck_assert_uint_eq(p->st.prefetch_used, 1);
    ck_assert_uint_eq(p->st.prefetch_wasted, 1);
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP + 2 * P), SWAPPED | 0);
    ck_assert_int_eq(proc_sbrk(p, -(int32_t)(4 * P), &old), 0);
    ck_assert_uint_eq(p->st.prefetch_wasted, 1); /* each settled once */
    ck_assert_uint_eq(totals.prefetch_used, 1);
    check_books();
}
END_TEST

START_TEST(eager_maps_on_growth)
{
    uint32_t addr;
    ck_assert_int_eq(policy_parse("eager", &policy), 0);
    heap_pages(2);
    ck_assert_str_eq(calls(), "alloc c3 = f100; map t7 403000 f100 rw; "
                              "alloc c3 = f101; map t7 404000 f101 rw; ");
    ck_assert_int_eq(proc_pool_alloc(p, 2, &addr), 0);
    ck_assert_uint_eq(addr, ANON_BASE);
    ck_assert_str_eq(calls(), "alloc c3 = f102; map t7 80000000 f102 rw; "
                              "alloc c3 = f103; map t7 80001000 f103 rw; ");
    fk.quota = 1; /* eager mapping stops quietly where the quota ends */
    heap_pages(3);
    ck_assert_str_eq(calls(), "alloc c3 = f104; map t7 405000 f104 rw; alloc c3 = E_QUOTA; ");
    check_books();
}
END_TEST

START_TEST(eager_skips_mapped_pages)
{
    heap_pages(2);
    touch(HEAP);
    calls();
    ck_assert_int_eq(policy_parse("eager", &policy), 0);
    map_eagerly(p, HEAP, HEAP + 2 * P);
    ck_assert_str_eq(calls(), "alloc c3 = f101; map t7 404000 f101 rw; ");
    check_books();
}
END_TEST

/* A break that moves inside its last page moves no page: nothing mapped, nothing freed. */
START_TEST(sbrk_within_a_page_maps_and_frees_nothing)
{
    uint32_t old;
    ck_assert_int_eq(policy_parse("eager", &policy), 0);
    heap_pages(1);
    calls();
    ck_assert_int_eq(proc_sbrk(p, 100, &old), 0);
    ck_assert_str_eq(calls(), "alloc c3 = f101; map t7 404000 f101 rw; ");
    ck_assert_int_eq(proc_sbrk(p, 100, &old), 0);
    ck_assert_int_eq(proc_sbrk(p, -150, &old), 0);
    ck_assert_uint_eq(old, HEAP + P + 200);
    ck_assert_str_eq(calls(), "");
    ck_assert_int_eq(proc_sbrk(p, -50, &old), 0); /* back to the page's start: the page goes */
    ck_assert_str_eq(calls(), "unmap t7 404000; free c3 f101; ");
    check_books();
}
END_TEST

START_TEST(sbrk_without_a_heap)
{
    uint32_t old;
    vmspace_init(&p->vs);
    ck_assert_int_eq(proc_sbrk(p, P, &old), ERR_VM_INVALID);
    ck_assert_str_eq(calls(), "");
}
END_TEST

/* ---- giving pages back ---- */

START_TEST(pool_release_and_sbrk_shrink)
{
    uint32_t addr, old;
    ck_assert_int_eq(proc_pool_alloc(p, 2, &addr), 0);
    touch(addr + P);
    calls();
    ck_assert_int_eq(proc_pool_release(p, addr), 0);
    ck_assert_str_eq(calls(), "unmap t7 80001000; free c3 f100; ");
    ck_assert_int_eq(proc_pool_release(p, addr), E_NOENT);
    heap_pages(2);
    touch(HEAP);
    calls();
    ck_assert_int_eq(proc_sbrk(p, -(int32_t)(2 * P), &old), 0);
    ck_assert_uint_eq(old, HEAP + 2 * P);
    ck_assert_str_eq(calls(), "unmap t7 403000; free c3 f101; ");
    ck_assert_int_eq(proc_sbrk(p, -1, &old), ERR_VM_INVALID);
    check_books();
}
END_TEST

START_TEST(free_all_gives_back_frames_and_slots)
{
    two_resident(&policy_fifo);
    touch(HEAP + 2 * P); /* one page in swap, two resident */
    calls();
    p->exited = 1;
    proc_free_all(p);
    const char *log = calls();
    ck_assert_ptr_nonnull(strstr(log, "swap_free s0"));
    ck_assert_ptr_nonnull(strstr(log, "free c3 f101"));
    ck_assert_ptr_nonnull(strstr(log, "free c3 f102"));
    ck_assert_ptr_null(strstr(log, "unmap")); /* the kernel has dropped them already */
    ck_assert_uint_eq(fk.held, 0);
    ck_assert_uint_eq(fk.slot_used, 0);
    ck_assert_uint_eq(pagemap_count(&p->pm), 0);
    ck_assert_uint_eq(p->res.count, 0);
}
END_TEST

/* ---- another task's memory (taskmem.c) ---- */

START_TEST(read_across_pages_faults_them_in)
{
    char buf[8] = {0};
    heap_pages(2);
    touch(HEAP);
    memcpy(&fk.mem[0][P - 3], "abc", 3);
    calls();
    ck_assert_int_eq(proc_read(p, HEAP + P - 3, buf, 5), 0);
    ck_assert_str_eq(calls(), "read f100 +4093 3; alloc c3 = f101; map t7 404000 f101 rw; "
                              "read f101 +0 2; ");
    ck_assert_mem_eq(buf, "abc\0\0", 5);
    ck_assert_int_eq(proc_read(p, HEAP + 2 * P, buf, 1), E_FAULT); /* past the heap */
    ck_assert_int_eq(proc_read(p, USER_TOP - 1, buf, 2), E_FAULT); /* into the kernel */
    ck_assert_str_eq(calls(), "");
    check_books();
}
END_TEST

START_TEST(read_says_why_not)
{
    char buf[4];
    heap_pages(2);
    touch(HEAP);
    fk.quota = 0;
    ck_assert_int_eq(proc_read(p, HEAP + P, buf, 1), E_QUOTA);
    fk.read_err = E_NOMEM;
    ck_assert_int_eq(proc_read(p, HEAP, buf, 1), E_NOMEM);
    check_books();
}
END_TEST

START_TEST(read_swaps_in)
{
    char buf[4];
    two_resident(&policy_fifo);
    touch(HEAP + 2 * P); /* evicts HEAP, whose first word is 0xA */
    calls();
    ck_assert_int_eq(proc_read(p, HEAP, buf, 4), 0);
    ck_assert_uint_eq(*(uint32_t *)buf, 0xA);
    ck_assert_str_eq(calls(), "alloc c3 = E_QUOTA; swap_alloc = s1; out s1 f101 404000; "
                              "unmap t7 404000; free c3 f101; alloc c3 = f103 unzeroed; "
                              "in s0 f103 403000; map t7 403000 f103 rw; swap_free s0; "
                              "read f103 +0 4; ");
    check_books();
}
END_TEST

START_TEST(read_strings)
{
    char name[8];
    heap_pages(1);
    touch(HEAP);
    memcpy(&fk.mem[0][10], "t_hello\0t_toolong!", 19);
    calls();
    ck_assert_int_eq(proc_read_str(p, HEAP + 10, name, sizeof(name)), 0);
    ck_assert_str_eq(name, "t_hello");
    ck_assert_str_eq(calls(), "read f100 +10 8; "); /* one read, not one a byte */
    ck_assert_int_eq(proc_read_str(p, HEAP + 18, name, sizeof(name)), E_RANGE);
    ck_assert_int_eq(proc_read_str(p, 0x10, name, sizeof(name)), E_FAULT);
}
END_TEST

START_TEST(read_string_across_pages)
{
    char name[8];
    heap_pages(2);
    touch(HEAP);
    touch(HEAP + P);
    memcpy(&fk.mem[0][P - 3], "t_h", 3);
    memcpy(&fk.mem[1][0], "ello", 5);
    calls();
    ck_assert_int_eq(proc_read_str(p, HEAP + P - 3, name, sizeof(name)), 0);
    ck_assert_str_eq(name, "t_hello");
    ck_assert_str_eq(calls(), "read f100 +4093 3; read f101 +0 5; ");
    memcpy(&fk.mem[0][P - 3], "t_\0", 3); /* ends in the first page: the second is not read */
    ck_assert_int_eq(proc_read_str(p, HEAP + P - 3, name, sizeof(name)), 0);
    ck_assert_str_eq(name, "t_");
    ck_assert_str_eq(calls(), "read f100 +4093 3; ");
}
END_TEST

START_TEST(write_page_allocates)
{
    ck_assert_int_eq(proc_write_page(p, USTACK_TOP - 16, "args", 5), 0);
    ck_assert_str_eq(calls(), "alloc c3 = f100; map t7 bfbff000 f100 rw; write f100 +4080 5; ");
    ck_assert_str_eq((char *)&fk.mem[0][P - 16], "args");
    ck_assert_int_eq(proc_write_page(p, USTACK_TOP - 8, "more", 5), 0);
    ck_assert_str_eq(calls(), "write f100 +4088 5; "); /* the same page: no new frame */
    fk.quota = 0;
    ck_assert_int_eq(proc_write_page(p, USTACK_TOP - P - 8, "x", 2), E_QUOTA);
    check_books();
}
END_TEST

/* ---- pages mapped more than once ---- */

/* A second process q (task 8, container 9) mapping p's page at va, as fork does. */
static struct proc *second_mapper(uint32_t va)
{
    struct proc *q = &procs[1];
    memset(q, 0, sizeof(*q));
    q->task = 8;
    q->container = 9;
    q->exited = 1; /* it has no page table of its own in the fakes */
    pagemap_init(&q->pm);
    resident_init(&q->res);
    ck_assert_int_eq(page_share(p, va), 0);
    ck_assert_int_eq(pagemap_set(&q->pm, va, pagemap_get(&p->pm, va), 0), 0);
    ck_assert_int_eq(pagemap_flags_set(&q->pm, va, PM_SHARED), 0);
    return q;
}

/* The frame goes back once, to the container of its first owner, when its last mapping goes. */
START_TEST(shared_frame_freed_by_its_last_mapping)
{
    heap_pages(1);
    touch(HEAP);
    calls();
    struct proc *q = second_mapper(HEAP);
    ck_assert_str_eq(calls(), "mem_alloc 3072; ");
    ck_assert_uint_eq(share_find(&shares, 0x100)->refs, 2);
    ck_assert_uint_eq(share_find(&shares, 0x100)->container, CONT);
    ck_assert_int_eq(pagemap_flags_get(&p->pm, HEAP), PM_SHARED);
    proc_free_range(p, HEAP, HEAP + P);
    ck_assert_str_eq(calls(), "unmap t7 403000; "); /* q still maps it: no free */
    ck_assert_uint_eq(fk.held, 1);
    proc_free_all(q);
    ck_assert_str_eq(calls(), "free c3 f100; "); /* to p's container, not q's */
    ck_assert_ptr_null(share_find(&shares, 0x100));
    check_books();
}
END_TEST

/* The storage of the table doubles as it fills, and the old storage goes back. */
START_TEST(share_table_grows)
{
    heap_pages(2);
    touch(HEAP);
    touch(HEAP + P);
    ck_assert_int_eq(page_share(p, HEAP), 0);
    for (uint32_t k = 1; !share_full(&shares); k++)
        ck_assert_int_eq(share_add(&shares, 0x1000 + k, 1), 2);
    calls();
    ck_assert_int_eq(page_share(p, HEAP + P), 0);
    ck_assert_str_eq(calls(), "mem_alloc 6144; mem_free 3072; ");
    ck_assert_uint_eq(shares.cap, 2 * SHARE_FIRST_CAP);
    ck_assert_uint_eq(share_find(&shares, 0x1001)->refs, 2);
    ck_assert_uint_eq(share_find(&shares, 0x100)->refs, 2);
    ck_assert_uint_eq(share_find(&shares, 0x101)->refs, 2);
    ck_assert_int_eq(page_share(p, USTACK_TOP - P), E_NOENT);
}
END_TEST

/* ---- fork and copy-on-write ---- */

/* q (task 8, container 9): p's fork, as proc_fork makes it. */
static struct proc *fork_of_p(void)
{
    struct proc *q = &procs[2];
    memset(q, 0, sizeof(*q));
    q->task = 8;
    q->container = 9;
    ck_assert_int_eq(vmspace_copy(&q->vs, &p->vs), 0);
    pagemap_init(&q->pm);
    resident_init(&q->res);
    ck_assert_int_eq(proc_copy_pages(p, q), 0);
    return q;
}

static uint32_t pt_perm_of(uint32_t task, uint32_t va)
{
    int i = pt_find_in(task, va);
    ck_assert_int_ge(i, 0);
    return fk.pt_perm[i];
}

static int fault_in(struct proc *t, uint32_t va, uint32_t err)
{
    uint32_t reason = 0;
    return fault_handle(t, va, err | PF_USER, &reason);
}

/*
 * fork maps every page in both, copy-on-write: a writable one read-only in
 * both, text as it was (no protect call for it).
 */
START_TEST(fork_shares_every_page)
{
    touch(DATA);
    ck_assert_int_eq(fault_in(p, TEXT, 0), 0);
    calls();
    struct proc *q = fork_of_p();
    ck_assert_uint_eq(pagemap_get(&q->pm, DATA), 0x100);
    ck_assert_uint_eq(pagemap_get(&q->pm, TEXT), 0x101);
    ck_assert_int_eq(pagemap_flags_get(&q->pm, DATA), PM_SHARED | PM_COW);
    ck_assert_int_eq(pagemap_flags_get(&p->pm, DATA), PM_SHARED | PM_COW);
    ck_assert_int_eq(pagemap_flags_get(&q->pm, TEXT), PM_SHARED | PM_COW);
    ck_assert_int_eq(pagemap_flags_get(&p->pm, TEXT), PM_SHARED | PM_COW);
    ck_assert_ptr_null(strstr(calls(), "protect t7 400000"));
    ck_assert_uint_eq(pt_perm_of(8, DATA), PERM_R);
    ck_assert_uint_eq(pt_perm_of(TASK, DATA), PERM_R);
    ck_assert_uint_eq(pt_perm_of(8, TEXT), PERM_R | PERM_X);
    ck_assert_uint_eq(pt_perm_of(TASK, TEXT), PERM_R | PERM_X);
    ck_assert_uint_eq(share_find(&shares, 0x100)->refs, 2);
    ck_assert_uint_eq(share_find(&shares, 0x101)->refs, 2);
    ck_assert_uint_eq(q->res.count, 2);
    ck_assert_uint_eq(fk.held, 2); /* no frame taken */
    uint32_t own, shared, cow, initrd_pages;
    proc_page_kinds(q, &own, &shared, &cow, &initrd_pages);
    ck_assert_uint_eq(own, 0);
    ck_assert_uint_eq(shared, 2);
    ck_assert_uint_eq(cow, 2);
    ck_assert_uint_eq(initrd_pages, 0);
}
END_TEST

/* A page of a MAP_SHARED region stays writable in both: shared, never copy-on-write. */
START_TEST(fork_keeps_shared_memory_shared)
{
    touch(DATA);
    region_find(&p->vs, DATA)->flags = REGION_SHARED;
    calls();
    struct proc *q = fork_of_p();
    ck_assert_uint_eq(pagemap_get(&q->pm, DATA), 0x100);
    ck_assert_int_eq(pagemap_flags_get(&q->pm, DATA), PM_SHARED);
    ck_assert_int_eq(pagemap_flags_get(&p->pm, DATA), PM_SHARED);
    ck_assert_uint_eq(pt_perm_of(8, DATA), PERM_R | PERM_W);
    ck_assert_uint_eq(pt_perm_of(TASK, DATA), PERM_R | PERM_W);
    ck_assert_uint_eq(share_find(&shares, 0x100)->refs, 2);
    ck_assert_uint_eq(fk.held, 1);
}
END_TEST

/* fork maps an initrd text page as the initrd's: not counted, in no resident list, never freed. */
START_TEST(fork_maps_initrd_text_as_the_initrd)
{
    text_from_image_page();
    ck_assert_int_eq(fault_in(p, TEXT, 0), 0);
    calls();
    struct proc *q = fork_of_p();
    ck_assert_str_eq(calls(), "map t8 400000 f504 rx; ");
    ck_assert_uint_eq(pagemap_get(&q->pm, TEXT), IFRAME + 4);
    ck_assert_int_eq(pagemap_flags_get(&q->pm, TEXT), PM_COW); /* a write would copy it */
    ck_assert_ptr_null(share_find(&shares, IFRAME + 4));
    ck_assert_uint_eq(q->res.count, 0);
    proc_free_all(q);
    proc_free_all(p);
    ck_assert_str_eq(calls(), "");
    ck_assert_uint_eq(fk.held, 0);
}
END_TEST

/*
 * The first writer gets a copy from its own container; the other, now the
 * last mapping of a frame its container pays for, just gets write access.
 */
START_TEST(cow_copy_then_last_mapping_writes)
{
    touch(DATA);
    set_word(0, 0x5EED);
    struct proc *q = fork_of_p();
    calls();
    ck_assert_int_eq(fault_in(q, DATA, PF_PRESENT | PF_WRITE), 0);
    ck_assert_str_eq(calls(),
                     "alloc c9 = f101 unzeroed; copy f101 f100; map t8 401000 f101 rw replace; ");
    ck_assert_uint_eq(pagemap_get(&q->pm, DATA), 0x101);
    ck_assert_int_eq(pagemap_flags_get(&q->pm, DATA), 0);
    ck_assert_uint_eq(fk.mem[1][0] | fk.mem[1][1] << 8, 0x5EED);
    ck_assert_uint_eq(share_find(&shares, 0x100)->refs, 1);
    ck_assert_uint_eq(q->res.count, 1);
    ck_assert_int_eq(fault_in(p, DATA, PF_PRESENT | PF_WRITE), 0);
    ck_assert_str_eq(calls(), "protect t7 401000 rw; ");
    ck_assert_int_eq(pagemap_flags_get(&p->pm, DATA), 0);
    ck_assert_ptr_null(share_find(&shares, 0x100));
    ck_assert_uint_eq(pt_perm_of(TASK, DATA), PERM_R | PERM_W);
    ck_assert_int_eq(fault_in(p, DATA, PF_PRESENT | PF_WRITE), 0); /* a second thread's: done */
    ck_assert_str_eq(calls(), "");
    ck_assert_uint_eq(fk.held, 2); /* one frame each */
}
END_TEST

/* The last mapping of a frame another container pays for: writable, and freed there at the end. */
START_TEST(cow_last_mapping_charged_elsewhere)
{
    touch(DATA);
    struct proc *q = fork_of_p();
    ck_assert_int_eq(fault_in(p, DATA, PF_PRESENT | PF_WRITE), 0); /* p copies: f101 is p's */
    calls();
    ck_assert_int_eq(fault_in(q, DATA, PF_PRESENT | PF_WRITE), 0);
    ck_assert_str_eq(calls(), "protect t8 401000 rw; ");
    ck_assert_int_eq(pagemap_flags_get(&q->pm, DATA), PM_SHARED);
    q->exited = 1;
    proc_free_all(q);
    ck_assert_str_eq(calls(), "free c3 f100; "); /* to p's container, which paid for it */
    ck_assert_ptr_null(share_find(&shares, 0x100));
    check_books();
}
END_TEST

/* No frame for the copy: the task ends, and the page is as it was. */
START_TEST(cow_without_a_frame)
{
    touch(DATA);
    struct proc *q = fork_of_p();
    fk.quota = 0;
    calls();
    uint32_t reason;
    ck_assert_int_eq(fault_handle(q, DATA, PF_USER | PF_PRESENT | PF_WRITE, &reason), E_QUOTA);
    ck_assert_uint_eq(reason, REASON_QUOTA);
    ck_assert_str_eq(calls(), "alloc c9 = E_QUOTA; ");
    ck_assert_uint_eq(pagemap_get(&q->pm, DATA), 0x100);
    ck_assert_int_eq(pagemap_flags_get(&q->pm, DATA), PM_SHARED | PM_COW);
    ck_assert_uint_eq(q->res.count, 1);
    fk.quota = 1;
    fk.copy_err = E_FAULT;
    ck_assert_int_eq(fault_handle(q, DATA, PF_USER | PF_PRESENT | PF_WRITE, &reason), E_FAULT);
    ck_assert_uint_eq(reason, REASON_MAP);
    ck_assert_str_eq(calls(), "alloc c9 = f101 unzeroed; copy f101 f100; free c9 f101; ");
    ck_assert_uint_eq(share_find(&shares, 0x100)->refs, 2);
    check_books();
}
END_TEST

/*
 * A page in swap at fork: both share the slot, copy-on-write; the first to
 * touch it brings it back for both, the other's mapping points at the frame.
 */
START_TEST(fork_shares_a_swapped_page)
{
    policy = (struct policy){&policy_demand, &policy_fifo, 0};
    heap_pages(2);
    touch(HEAP);
    set_word(0, 0xF00D);
    fk.quota = 0;
    touch(HEAP + P); /* HEAP goes to slot 0 */
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP), SWAPPED | 0);
    struct proc *q = fork_of_p();
    ck_assert_uint_eq(pagemap_get(&q->pm, HEAP), SWAPPED | 0);
    ck_assert_int_eq(pagemap_flags_get(&q->pm, HEAP), PM_SHARED | PM_COW);
    ck_assert_int_eq(pagemap_flags_get(&p->pm, HEAP), PM_SHARED | PM_COW);
    fk.quota = 1;
    calls();
    ck_assert_int_eq(fault_in(q, HEAP, 0), 0);
    ck_assert_str_eq(calls(), "alloc c9 = f102 unzeroed; in s0 f102 403000; map t8 403000 f102 r; "
                              "swap_free s0; ");
    ck_assert_uint_eq(fk.mem[2][0] | fk.mem[2][1] << 8, 0xF00D);
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP), 0x102);
    ck_assert_int_eq(pagemap_flags_get(&p->pm, HEAP), PM_SHARED | PM_COW | PM_ABSENT);
    proc_free_range(p, HEAP, HEAP + 2 * P);
    ck_assert_str_eq(calls(), "unmap t7 404000; "); /* HEAP was not mapped in p; q has f101 too */
    ck_assert_uint_eq(share_find(&shares, 0x102)->refs, 1);
    ck_assert_int_eq(fault_in(q, HEAP, PF_PRESENT | PF_WRITE), 0); /* the last mapping: no copy */
    ck_assert_str_eq(calls(), "protect t8 403000 rw; ");
    ck_assert_ptr_null(share_find(&shares, 0x102));
    ck_assert_int_eq(pagemap_flags_get(&q->pm, HEAP), 0);
}
END_TEST

/* ---- replacement of pages mapped more than once ---- */

/*
 * Across p and q: every frame held and every slot used is one some
 * pagemap names, each once whoever maps it; a page mapped (not in swap,
 * not PM_ABSENT) is in its task's page table and resident list; the
 * shared-page table counts each key's mappings.
 */
static void check_shared_books(struct proc *q)
{
    struct proc *ps[2] = {p, q};
    uint32_t key[4 * NFAKE], refs[4 * NFAKE], keys = 0, frames = 0, slots = 0, used = 0;
    for (int t = 0; t < 2; t++) {
        uint32_t cursor = 0, mapped = 0;
        const struct pm_entry *pe;
        while ((pe = pagemap_next(&ps[t]->pm, &cursor))) {
            uint32_t va = pm_va(pe), e = pe->frame;
            if (!(e & SWAPPED) && !(pagemap_flags_get(&ps[t]->pm, va) & PM_ABSENT)) {
                ck_assert_int_ge(pt_find_in(ps[t]->task, va), 0);
                mapped++;
            }
            uint32_t k = 0;
            while (k < keys && key[k] != e)
                k++;
            if (k == keys)
                key[keys] = e, refs[keys++] = 0;
            refs[k]++;
        }
        ck_assert_uint_eq(ps[t]->res.count, mapped);
    }
    for (uint32_t k = 0; k < keys; k++) {
        if (key[k] & SWAPPED)
            slots++, ck_assert(fk.slot_used & (1u << (key[k] & ~SWAPPED)));
        else
            frames++;
        if (refs[k] > 1)
            ck_assert_uint_eq(share_find(&shares, key[k])->refs, refs[k]);
    }
    for (uint32_t s = 0; s < 32; s++)
        used += (fk.slot_used >> s) & 1;
    ck_assert_uint_eq(fk.held, frames);
    ck_assert_uint_eq(used, slots);
}

/*
 * p's heap page HEAP (word 0xAB) shared with its fork q, copy-on-write or
 * (region_flags REGION_SHARED) MAP_SHARED; then p has HEAP + P of its own,
 * its quota is full, and fifo evicts HEAP first.
 */
static struct proc *shared_heap_page(uint32_t region_flags)
{
    policy = (struct policy){&policy_demand, &policy_fifo, 0};
    heap_pages(3);
    region_find(&p->vs, HEAP)->flags |= region_flags;
    touch(HEAP);
    set_word(0, 0xAB);
    struct proc *q = fork_of_p();
    touch(HEAP + P);
    fk.quota = 0;
    calls();
    return q;
}

/* HEAP written out once for both mappings: one slot, shared as the frame was. */
static struct proc *shared_page_swapped(uint32_t region_flags)
{
    struct proc *q = shared_heap_page(region_flags);
    touch(HEAP + 2 * P);
    ck_assert_str_eq(calls(), "alloc c3 = E_QUOTA; swap_alloc = s0; out s0 f100 403000; "
                              "unmap t7 403000; unmap t8 403000; free c3 f100; "
                              "alloc c3 = f102; map t7 405000 f102 rw; ");
    return q;
}

/* Evicting a shared page unmaps it from every mapping: one write, one slot, the frame freed. */
START_TEST(shared_page_evicted_from_every_mapping)
{
    struct proc *q = shared_page_swapped(0);
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP), SWAPPED | 0);
    ck_assert_uint_eq(pagemap_get(&q->pm, HEAP), SWAPPED | 0);
    ck_assert_int_eq(pagemap_flags_get(&p->pm, HEAP), PM_SHARED | PM_COW);
    ck_assert_int_eq(pagemap_flags_get(&q->pm, HEAP), PM_SHARED | PM_COW);
    ck_assert_uint_eq(share_find(&shares, SWAPPED | 0)->refs, 2);
    ck_assert_ptr_null(share_find(&shares, 0x100));
    ck_assert_uint_eq(slot_word(0), 0xAB);
    ck_assert_uint_eq(q->res.count, 0);
    ck_assert_uint_eq(p->st.swap_outs, 1);
    ck_assert_uint_eq(totals.swap_outs, 1);
    check_shared_books(q);
    proc_free_all(q);
    proc_free_all(p);
    ck_assert_uint_eq(fk.slot_used, 0);
    ck_assert_uint_eq(fk.held, 0);
}
END_TEST

/*
 * The first mapping to fault brings it back, charged to its container; the
 * other maps the same frame at its own fault, with no swap-in and no frame.
 */
START_TEST(shared_slot_comes_back_once)
{
    struct proc *q = shared_page_swapped(0);
    fk.quota = 1;
    ck_assert_int_eq(fault_in(q, HEAP, 0), 0);
    ck_assert_str_eq(calls(), "alloc c9 = f103 unzeroed; in s0 f103 403000; map t8 403000 f103 r; "
                              "swap_free s0; ");
    ck_assert_uint_eq(share_find(&shares, 0x103)->refs, 2);
    ck_assert_uint_eq(share_find(&shares, 0x103)->container, 9);
    ck_assert_ptr_null(share_find(&shares, SWAPPED | 0));
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP), 0x103);
    ck_assert_int_eq(pagemap_flags_get(&p->pm, HEAP), PM_SHARED | PM_COW | PM_ABSENT);
    check_shared_books(q);
    ck_assert_int_eq(fault_in(p, HEAP, 0), 0);
    ck_assert_str_eq(calls(), "map t7 403000 f103 r; ");
    ck_assert_int_eq(pagemap_flags_get(&p->pm, HEAP), PM_SHARED | PM_COW);
    ck_assert_uint_eq(word_at(HEAP), 0xAB);
    ck_assert_uint_eq(p->st.swap_ins + q->st.swap_ins, 1);
    check_shared_books(q);
    /* a write still copies: the page is shared */
    fk.quota = 1;
    ck_assert_int_eq(fault_in(p, HEAP, PF_PRESENT | PF_WRITE), 0);
    ck_assert_str_eq(calls(),
                     "alloc c3 = f104 unzeroed; copy f104 f103; map t7 403000 f104 rw replace; ");
    ck_assert_uint_eq(word_at(HEAP), 0xAB);
    ck_assert_int_eq(fault_in(q, HEAP, PF_PRESENT | PF_WRITE), 0);
    ck_assert_str_eq(calls(), "protect t8 403000 rw; ");
    ck_assert_ptr_null(share_find(&shares, 0x103));
    check_shared_books(q);
}
END_TEST

/*
 * A write fault on the slot: the page comes back shared, then the writer
 * copies it; the other mapping, left alone with the frame, maps it
 * writable (its container is not the one charged: the entry stays).
 */
START_TEST(write_to_a_swapped_shared_page_copies_it)
{
    struct proc *q = shared_page_swapped(0);
    fk.quota = 2;
    ck_assert_int_eq(fault_in(q, HEAP, PF_WRITE), 0);
    ck_assert_str_eq(calls(), "alloc c9 = f103 unzeroed; in s0 f103 403000; map t8 403000 f103 r; "
                              "swap_free s0; alloc c9 = f104 unzeroed; copy f104 f103; "
                              "map t8 403000 f104 rw replace; ");
    ck_assert_uint_eq(fk.mem[4][0], 0xAB);
    ck_assert_uint_eq(pagemap_get(&q->pm, HEAP), 0x104);
    ck_assert_int_eq(pagemap_flags_get(&q->pm, HEAP), 0);
    ck_assert_uint_eq(share_find(&shares, 0x103)->refs, 1);
    check_shared_books(q);
    ck_assert_int_eq(fault_in(p, HEAP, PF_WRITE), 0);
    ck_assert_str_eq(calls(), "map t7 403000 f103 rw; ");
    ck_assert_int_eq(pagemap_flags_get(&p->pm, HEAP), PM_SHARED);
    check_shared_books(q);
    proc_free_all(p);
    ck_assert_ptr_nonnull(strstr(calls(), "free c9 f103; ")); /* to q's container, charged for it */
    ck_assert_uint_eq(fk.held, 1);                            /* q's copy */
}
END_TEST

/* MAP_SHARED memory: back from swap, a write by one mapping is what the other reads. */
START_TEST(shared_memory_comes_back_shared)
{
    struct proc *q = shared_page_swapped(REGION_SHARED);
    ck_assert_int_eq(pagemap_flags_get(&q->pm, HEAP), PM_SHARED);
    fk.quota = 1;
    ck_assert_int_eq(fault_in(q, HEAP, PF_WRITE), 0);
    ck_assert_str_eq(calls(), "alloc c9 = f103 unzeroed; in s0 f103 403000; map t8 403000 f103 rw; "
                              "swap_free s0; ");
    set_word(3, 0xCD); /* q writes */
    ck_assert_int_eq(fault_in(p, HEAP, 0), 0);
    ck_assert_str_eq(calls(), "map t7 403000 f103 rw; ");
    ck_assert_uint_eq(word_at(HEAP), 0xCD);
    check_shared_books(q);
}
END_TEST

/* An eviction while another mapping has not mapped the frame yet unmaps only where it is mapped. */
START_TEST(shared_page_evicted_again_before_all_mapped_it)
{
    struct proc *q = shared_page_swapped(0);
    fk.quota = 1;
    ck_assert_int_eq(fault_in(q, HEAP, 0), 0);
    calls();
    ck_assert_int_eq(fault_in(q, HEAP + P, PF_WRITE), 0);
    ck_assert_str_eq(calls(), "alloc c9 = E_QUOTA; swap_alloc = s0; out s0 f103 403000; "
                              "unmap t8 403000; free c9 f103; alloc c9 = f104; "
                              "map t8 404000 f104 rw; ");
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP), SWAPPED | 0);
    ck_assert_int_eq(pagemap_flags_get(&p->pm, HEAP), PM_SHARED | PM_COW);
    check_shared_books(q);
    proc_free_range(p, HEAP, HEAP + P);
    ck_assert_str_eq(calls(), "");
    ck_assert_uint_eq(share_find(&shares, SWAPPED | 0)->refs, 1);
}
END_TEST

/* A failed map of the page coming back leaves it in its slot, for both. */
START_TEST(shared_swap_in_failure_keeps_the_slot)
{
    struct proc *q = shared_page_swapped(0);
    fk.quota = 1;
    fk.map_err = E_NOMEM;
    uint32_t reason;
    ck_assert_int_eq(fault_handle(q, HEAP, PF_USER, &reason), E_NOMEM);
    ck_assert_uint_eq(reason, REASON_MAP);
    ck_assert_str_eq(calls(), "alloc c9 = f103 unzeroed; in s0 f103 403000; map t8 403000 f103 r; "
                              "free c9 f103; ");
    ck_assert_uint_eq(pagemap_get(&q->pm, HEAP), SWAPPED | 0);
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP), SWAPPED | 0);
    ck_assert_uint_eq(share_find(&shares, SWAPPED | 0)->refs, 2);
    check_shared_books(q);
}
END_TEST

/* clock: a shared page another mapping used since the hand passed gets its second chance. */
START_TEST(clock_sees_every_mapping_use)
{
    struct proc *q = shared_heap_page(0);
    policy.repl = &policy_clock;
    fk.pt_accessed[pt_find_in(8, HEAP)] = 1;
    touch(HEAP + 2 * P);
    ck_assert_str_eq(calls(), "alloc c3 = E_QUOTA; query t7 403000; query t8 403000; "
                              "query t7 404000; swap_alloc = s0; out s0 f101 404000; "
                              "unmap t7 404000; free c3 f101; alloc c3 = f102; "
                              "map t7 405000 f102 rw; ");
    ck_assert_uint_eq(pagemap_get(&p->pm, HEAP), 0x100);
    check_shared_books(q);
}
END_TEST

/* A read-only private page shared by fork and made writable later (mprotect): a write copies it. */
START_TEST(read_only_page_made_writable_copies)
{
    ck_assert_int_eq(fault_in(p, TEXT, 0), 0);
    set_word(0, 0x7E47);
    struct proc *q = fork_of_p();
    region_find(&q->vs, TEXT)->perm |= PERM_W; /* what mprotect does to the region */
    calls();
    ck_assert_int_eq(fault_in(q, TEXT, PF_PRESENT | PF_WRITE), 0);
    ck_assert_str_eq(calls(),
                     "alloc c9 = f101 unzeroed; copy f101 f100; map t8 400000 f101 rwx replace; ");
    set_word(1, 0xBAD);
    ck_assert_uint_eq(word_at(TEXT), 0x7E47); /* p's page is not q's */
    check_shared_books(q);
}
END_TEST

/* A PROT_NONE page at fork is in the child's pagemap, not its page table: no access until allowed.
 */
START_TEST(fork_maps_no_prot_none_page)
{
    touch(DATA);
    set_word(0, 0x0FF);
    region_find(&p->vs, DATA)->perm = 0; /* what mprotect(PROT_NONE) leaves */
    calls();
    struct proc *q = fork_of_p();
    ck_assert_ptr_null(strstr(calls(), "map t8 401000"));
    ck_assert_int_eq(pagemap_flags_get(&q->pm, DATA), PM_SHARED | PM_COW | PM_ABSENT);
    check_shared_books(q);
    uint32_t reason;
    ck_assert_int_eq(fault_handle(q, DATA, PF_USER, &reason), E_FAULT);
    ck_assert_uint_eq(reason, REASON_PROT);
    region_find(&q->vs, DATA)->perm = PERM_R | PERM_W; /* mprotect(PROT_READ | PROT_WRITE) */
    ck_assert_int_eq(fault_in(q, DATA, 0), 0);
    ck_assert_str_eq(calls(), "map t8 401000 f100 r; ");
    ck_assert_uint_eq(fk.mem[0][0] | fk.mem[0][1] << 8, 0x0FF);
    check_shared_books(q);
}
END_TEST

/* ---- the seeds' entry points ---- */

START_TEST(seed_wrappers)
{
    ck_assert_uint_eq(alloc_page(0, USTACK_TOP - P, PERM_R | PERM_W), 0x100);
    ck_assert_str_eq(calls(), "alloc c3 = f100; map t7 bfbff000 f100 rw; ");
    fk.quota = 0;
    ck_assert_uint_eq(alloc_page(0, USTACK_TOP - 2 * P, PERM_R | PERM_W), MagicNumber);
    ck_assert_int_eq(alloc_mem_quota(4, 10), 5);
    ck_assert_int_eq(alloc_mem_quota(4, 1000), E_QUOTA);
    ck_assert_str_eq(calls(), "alloc c3 = E_QUOTA; split c4 10; split c4 1000; ");
    check_books();
}
END_TEST

UNIT_MAIN(
    "fault",
    {"fault", .setup = setup,
     .tests = UNIT_TESTS(
         demand_zero, file_backed, text_maps_the_initrd_frame, other_pages_are_copied,
         file_private_copies_at_first_write, initrd_page_made_writable_is_copied,
         data_page_is_copied_at_first_write, decided_kills_call_nobody, already_mapped_is_ok,
         kmem_page_for_a_thread, quota_exhausted, quota_server_error, map_failure, window_failure,
         image_too_short, pages_across_leaves, pagemap_full, pagemap_leaf_shared, evict_fifo,
         evict_clock_second_chance, swap_in_evicted_page, swap_full, swap_out_error,
         swap_server_gone, evict_unmap_error, swap_in_error, nothing_to_evict, pinned_never_evicts,
         livelock_ends_the_task, progress_is_not_a_livelock, prefetch_follows_the_fault,
         prefetch_budget_from_the_alloc, prefetch_stops_at_region_and_never_evicts,
         prefetch_stops_at_a_failure, prefetch_used_or_wasted, eager_skips_mapped_pages,
         sbrk_without_a_heap, sbrk_within_a_page_maps_and_frees_nothing, eager_maps_on_growth,
         pool_release_and_sbrk_shrink, free_all_gives_back_frames_and_slots,
         read_across_pages_faults_them_in, read_says_why_not, read_swaps_in, read_strings,
         read_string_across_pages, write_page_allocates, seed_wrappers,
         shared_frame_freed_by_its_last_mapping, share_table_grows, fork_shares_every_page,
         fork_keeps_shared_memory_shared, fork_maps_initrd_text_as_the_initrd,
         cow_copy_then_last_mapping_writes, cow_last_mapping_charged_elsewhere, cow_without_a_frame,
         fork_shares_a_swapped_page, shared_page_evicted_from_every_mapping,
         shared_slot_comes_back_once, write_to_a_swapped_shared_page_copies_it,
         shared_memory_comes_back_shared, shared_page_evicted_again_before_all_mapped_it,
         shared_swap_in_failure_keeps_the_slot, clock_sees_every_mapping_use,
         read_only_page_made_writable_copies, file_private_copy_comes_back_from_swap,
         fork_maps_no_prot_none_page)})
