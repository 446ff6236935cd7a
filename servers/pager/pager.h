/*
 * The pager server: its process table and the operations of its parts
 * (fault.c: the fault engine and struct pager_ops, its way out; memory.c:
 * the seeds' entry points, sbrk and VM pools; mmap.c: mmap, munmap,
 * mprotect; taskmem.c: another task's
 * memory; share.c: pages mapped more than once; proc.c: spawn, exit, wait;
 * proctab.c: the process table; files.c: the initrd's index (initrd.c: the
 * index itself) and open files (fdtable.c: a process's descriptors); quota_client.c, swap_client.c:
 * requests to the other servers; ops.c: the real struct pager_ops and the window; heap.c: the
 * pager's own memory, which malloc grows; region.c, pagemap.c, hash.c, policy/: the pager's plain
 * data). The message loop is in main.c.
 */
#ifndef PAGER_PAGER_H
#define PAGER_PAGER_H

#include <stdint.h>
#include "abi/errno.h"
#include "abi/msg.h"
#include "proto/pager.h"
#include "proto/quota.h"
#include "proto/swap.h"
#include "fdtable.h"
#include "hash.h"
#include "initrd.h"
#include "pagemap.h"
#include "policy/policy.h"
#include "region.h"
#include "share.h"

#define MagicNumber 0xFFFFFFFFu /* alloc_page: no frame could be had (the seed's name) */
#define WINDOW_VA   0xB0000000u /* where the pager maps a frame to fill or read it */
/* The pager's own heap (heap.c): frames of the root container, mapped as malloc asks. */
#define PAGER_HEAP_BASE   0x40000000u
#define PAGER_HEAP_LIMIT  0xA0000000u /* where the kernel maps the initrd */
#define PAGER_HEAP_FRAMES 0x3FC00000u /* the list of the heap's frames: 4 bytes a heap page */
#define SWAPPED           0x80000000u /* pagemap entry holds a swap slot, not a frame */
#define PM_PREFETCHED     0x1         /* pagemap flag: mapped by prefetch, not yet seen used */
#define PM_SHARED         0x2 /* pagemap flag: its frame or slot is in the shared-page table */
#define PM_COW            0x4 /* pagemap flag: mapped read-only in a writable region: copy on write */
#define PM_ABSENT         0x8 /* pagemap flag: a shared frame not mapped here: a fault maps it */
/*
 * The frames a task's space and kernel objects are built of are in its
 * pagemap too, so they go back to its container with its pages
 * (proc_free_all). Their keys are at or above USER_TOP, where no user page
 * is: a table or the directory where the kernel's recursive slot shows it
 * in the task's own space; the task's struct in a slot no table uses; the
 * pages for its threads (SYS_KMEM_ADD), numbered, below the tables
 * (docs/pager.md).
 */
#define PM_TABLE_KEY(va) (0xFFC00000u + ((va) >> 22) * PAGE_SIZE) /* va's page table */
#define PM_DIR_KEY       0xFFFFF000u                              /* its page directory */
#define PM_TASK_KEY      0xFFFFE000u /* its task's struct: the slot of PDE 1022, never a table */
#define PM_KMEM_KEY(i)   (USER_TOP + (i)*PAGE_SIZE) /* the i-th page given for its threads */
#define PM_KMEM_MAX      ((0xFFC00000u - USER_TOP) / PAGE_SIZE)
#define TABLE_SHIFT      22 /* a page table maps 4 MiB */
#define USER_TABLES      (USER_TOP >> TABLE_SHIFT)

/*
 * The faults one instruction has taken in a row (same thread, same eip):
 * the last distinct pages it faulted on (a ring, next: where the next one
 * goes), and how many of its latest faults in a row were on a page
 * already among them. STREAK_PAGES
 * is more than one i386 instruction can touch (6: its own bytes and two
 * operands, each across a page boundary).
 */
#define STREAK_PAGES 8
struct fault_streak {
    uint32_t tid, eip;
    uint32_t page[STREAK_PAGES];
    uint32_t n, next, refaults;
};

struct proc {
    uint32_t index;         /* in the process table (proctab.c) */
    uint32_t task;          /* kernel task id; 0 while spawn builds it */
    uint32_t tid;           /* its first thread */
    uint32_t container;     /* quota container */
    uint32_t parent;        /* parent task id, 0 for init */
    uint32_t live_children; /* its children whose ends the pager has not yet seen */
    uint32_t rights;
    const uint8_t *image; /* its ELF file in the initrd */
    uint32_t image_len;
    uint32_t image_frame; /* the initrd frame of the image's first page; 0: pages are copied */
    char name[TASK_NAME_MAX];
    struct vmspace vs;
    struct pagemap pm;
    /* once the task has ended */
    uint8_t exited, collected, release_pending;
    int status;
    uint32_t reason, addr;
    uint32_t waiter;                   /* thread blocked in PAGER_WAIT on it, 0 if none */
    uint8_t pinned;                    /* never evicted: the swap server */
    uint32_t kmem_pages;               /* pages given to the kernel for its threads (PM_KMEM_KEY) */
    uint32_t tables[USER_TABLES / 32]; /* a bit a page table it has (proc_table_add) */
    struct pager_stats st;
    struct resident res;        /* resident pages, for the replacement policy */
    struct fault_streak streak; /* its last instruction's faults: is it making progress? */
    struct fdtable fds;         /* the initrd files it has open; closed when it ends */
};

extern const uint8_t *initrd;
extern uint32_t initrd_len;
extern uint32_t initrd_frame; /* the initrd's first frame; 0: it starts mid-page (no sharing) */
extern struct initrd_index initrd_files; /* every file of the initrd by name */
extern struct policy policy;             /* the policy in force */
extern struct pager_stats totals;        /* every process, ended ones included */
extern uint32_t swap_tid;                /* the swap server's thread, 0 when there is none */
extern struct share_table shares;        /* every page mapped more than once (share.h) */

/*
 * The way to the outside world of the fault engine (fault.c) and of
 * taskmem.c. Each returns 0 (or a non-negative value) or a negative
 * abi_errno. ops.c fills it with the real clients and the window;
 * test/unit/test_fault.c with fakes.
 */
struct pager_ops {
    /* the quota server: a frame from a container (*left: frames its quota still allows),
     * zeroed unless flags is FRAME_UNZEROED */
    int (*frame_alloc)(uint32_t container, uint32_t flags, uint32_t *frame, uint32_t *left);
    int (*frame_free)(uint32_t container, uint32_t frame);
    /* the kernel: a task's page table (map: E_NOTABLE until table_add); query: QUERY_* bits */
    int (*map)(uint32_t task, uint32_t va, uint32_t frame, uint32_t perm);
    int (*table_add)(uint32_t task, uint32_t va, uint32_t frame);
    int (*kmem_add)(uint32_t task, uint32_t frame); /* a page for the task's next thread */
    int (*unmap)(uint32_t task, uint32_t va);
    int (*protect)(uint32_t task, uint32_t va, uint32_t perm); /* perm 0: no access */
    int (*query)(uint32_t task, uint32_t va);
    /* the swap server: a slot (E_NOSPC: the store is full), one page out or in */
    int (*swap_alloc)(void);
    int (*swap_free)(uint32_t slot);
    int (*swap_out)(uint32_t slot, uint32_t frame, uint32_t va);
    int (*swap_in)(uint32_t slot, uint32_t frame, uint32_t va);
    /* the pager's window: bytes into and out of a frame */
    int (*frame_write)(uint32_t frame, uint32_t off, const void *src, uint32_t len);
    int (*frame_read)(uint32_t frame, uint32_t off, void *dst, uint32_t len);
    int (*frame_copy)(uint32_t dst, uint32_t src); /* a whole page */
    /* memory for the pager's own tables (zeroed; 0 when there is none), and back */
    void *(*mem_alloc)(uint32_t bytes);
    void (*mem_free)(void *mem, uint32_t bytes);
};
extern const struct pager_ops pager_ops;
/*
 * ops.c: map in the reply. Arm for the page of task a FAULT is about; the
 * fault engine's map of that page is then kept, not made. Take: 1 when it
 * was, with m set to the MSG_MAP reply that makes it; disarms either way.
 * Inline: every fault.
 */
struct reply_map {
    uint32_t task, va, frame, perm;
    uint8_t armed, made;
};
extern struct reply_map reply_map;

static inline void reply_map_arm(uint32_t task, uint32_t va)
{
    reply_map = (struct reply_map){task, va, 0, 0, 1, 0};
}

static inline int reply_map_take(msg_t *m)
{
    int made = reply_map.made;
    if (made)
        *m = (msg_t){MSG_MAP, {reply_map.va, reply_map.frame, reply_map.perm, 0}};
    reply_map.armed = reply_map.made = 0;
    return made;
}

/* fault.c: the fault engine */
int fault_handle(struct proc *p, uint32_t addr, uint32_t err, uint32_t *reason);
int fault_from_task(struct proc *p, const msg_t *fault, uint32_t *reason);
int page_in(struct proc *p, const struct fault_action *a, int may_evict, uint32_t *left,
            uint32_t *reason);
void map_eagerly(struct proc *p, uint32_t start, uint32_t end);
int proc_table_add(struct proc *p, uint32_t va, uint32_t *reason);
int proc_kmem_add(struct proc *p, uint32_t *reason);
uint32_t map_perm_bits(uint32_t perm);

/* Has p the page table for va (so a map at va needs no table first)? */
static inline int proc_has_table(const struct proc *p, uint32_t va)
{
    uint32_t t = va >> TABLE_SHIFT;
    return t < USER_TABLES && (p->tables[t / 32] >> (t % 32)) & 1;
}
void proc_free_range(struct proc *p, uint32_t start, uint32_t end);
void proc_free_all(struct proc *p);
int page_share(struct proc *p, uint32_t va);
void proc_page_kinds(struct proc *p, uint32_t *own, uint32_t *shared, uint32_t *cow,
                     uint32_t *initrd_pages);
int proc_copy_pages(struct proc *parent, struct proc *child);

/* memory.c: the seeds' entry points, the heap and VM pools */
uint32_t alloc_page(uint32_t proc_index, uint32_t vaddr, uint32_t perm);
int alloc_mem_quota(uint32_t id, uint32_t quota);
int proc_sbrk(struct proc *p, int32_t incr, uint32_t *old);
int proc_pool_alloc(struct proc *p, uint32_t npages, uint32_t *addr);
int proc_pool_release(struct proc *p, uint32_t addr);

/* mmap.c: mappings a task asks for */
int proc_mmap(struct proc *p, uint32_t addr, uint32_t len, uint32_t word, uint32_t off,
              uint32_t *out);
int proc_munmap(struct proc *p, uint32_t addr, uint32_t len);
int proc_mprotect(struct proc *p, uint32_t addr, uint32_t len, uint32_t prot);
int mmap_share_all(struct proc *p);

/* taskmem.c: another task's memory through the window */
int proc_read(struct proc *p, uint32_t va, void *buf, uint32_t len);
int proc_read_str(struct proc *p, uint32_t va, char *buf, uint32_t size);
int proc_write_page(struct proc *p, uint32_t va, const void *src, uint32_t len);
int proc_write(struct proc *p, uint32_t va, const void *src, uint32_t len);

/* files.c: the initrd's index and the files processes have open */
int initrd_setup(void);
int proc_open(struct proc *p, uint32_t name_va, uint32_t flags);
int proc_file_read(struct proc *p, int fd, uint32_t buf, uint32_t len);
int proc_lseek(struct proc *p, int fd, int32_t off, uint32_t whence);
int proc_fstat(struct proc *p, int fd);

/* quota_client.c */
int quota_alloc(uint32_t container, uint32_t flags, uint32_t *frame, uint32_t *left);
int quota_free(uint32_t container, uint32_t frame);
int quota_split(uint32_t container, uint32_t quota);
int quota_release(uint32_t container);
int quota_bind(uint32_t container, uint32_t task);

/* swap_client.c */
int swap_alloc(void);
int swap_free(uint32_t slot);
int swap_out(uint32_t slot, uint32_t frame, uint32_t va);
int swap_in(uint32_t slot, uint32_t frame, uint32_t va);

/* heap.c: the pager's own memory */
uint32_t pager_heap_frames(void);

/* proctab.c: the process table */
struct proc *proctab_add(void);
int proctab_set_task(struct proc *p, uint32_t task);
int proctab_set_tid(struct proc *p, uint32_t tid);
void proctab_remove(struct proc *p);
struct proc *proctab_at(uint32_t i);
uint32_t proctab_count(void);
struct proc *proctab_by_task(uint32_t task);
struct proc *proctab_by_tid(uint32_t tid);
extern struct proc *proctab_last; /* the process proctab_by_tid found last, or NULL */

/* proc.c */
struct proc *proc_by_task(uint32_t task);
struct proc *proc_by_tid_search(uint32_t tid);

/*
 * The live process a thread belongs to (proc_by_tid_search), inline: every
 * request and every fault asks, and the process found last is most often it.
 */
static inline struct proc *proc_by_tid(uint32_t tid)
{
    struct proc *p = proctab_last;
    return p && p->tid == tid && !p->exited ? p : proc_by_tid_search(tid);
}
int proc_start_init(const char *args);
int proc_spawn(struct proc *parent, const char *name, const char *args, uint32_t quota,
               uint32_t rights);
int swap_start(void);
int proc_fork(struct proc *parent, uint32_t eip, uint32_t esp, uint32_t quota);
int proc_spawn_request(struct proc *parent, uint32_t name_va, uint32_t args_va, uint32_t quota);
int proc_wait(struct proc *parent, uint32_t child, uint32_t nohang, uint32_t waiter, msg_t *reply);
int proc_descends(const struct proc *p, const struct proc *ancestor);
void proc_exited(uint32_t task, int status, uint32_t reason, uint32_t addr);

#endif
