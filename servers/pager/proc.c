/*
 * The pager's processes: starting init, spawn, exit and wait. A process
 * slot lives from spawn until its parent has collected the exit status
 * with wait (or, for init's own end, until the EXIT notice). Its container
 * is split from the parent's at spawn and released when the task has ended
 * and every frame and child container has been given back.
 */
#include "pager.h"
#include "elf.h"
#include "ipc.h"
#include "str.h"
#include "ustar.h"
#include "ulib.h"
#include "fmt.h"

/*
 * The process a task id names: a live one, or an ended one whose exit is not yet
 * collected. A collected record that only waits for its container to be released names
 * nothing.
 */
struct proc *proc_by_task(uint32_t task)
{
    struct proc *p = proctab_by_task(task);
    return p && !p->collected ? p : 0;
}

/* The live process a thread belongs to: its first thread, or any other (asks the kernel). */
struct proc *proc_by_tid_search(uint32_t tid)
{
    struct proc *p = proctab_by_tid(tid);
    if (!p) {
        int task = sys_kinfo(KINFO_THREAD_TASK, tid);
        p = task > 0 ? proc_by_task((uint32_t)task) : 0;
    }
    return p && !p->exited ? p : 0;
}

/* A new process record with empty tables, or NULL when the pager's memory is out. */
static struct proc *proc_alloc(void)
{
    struct proc *p = proctab_add();
    if (p) {
        pagemap_init(&p->pm);
        resident_init(&p->res);
        vmspace_init(&p->vs);
        fdtable_init(&p->fds);
    }
    return p;
}

/* Regions from the ELF headers: text read-only, data and bss, heap, stack. */
static int proc_layout(struct proc *p, const struct elf_image *elf)
{
    uint32_t top = 0;
    for (int i = 0; i < elf->nseg; i++) {
        const struct elf_seg *s = &elf->seg[i];
        uint32_t start = s->vaddr & ~(PAGE_SIZE - 1);
        uint32_t end = (s->vaddr + s->memsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        uint32_t lead = s->vaddr - start; /* file bytes start this far into the page */
        uint8_t kind = (s->perm & PERM_W) ? REGION_DATA : REGION_TEXT;
        int r = region_add(&p->vs, start, end, s->perm | PERM_R, kind, s->offset - lead,
                           s->filesz + lead);
        if (r < 0)
            return r;
        if (end > top)
            top = end;
    }
    int r = vmspace_init_heap(&p->vs, top);
    return r < 0 ? r : vmspace_init_stack(&p->vs, USTACK_TOP);
}

/*
 * The top stack page: the argument string and the entry frame under it
 * (a return address of 0, then main's argument: the string's address),
 * written in one piece.
 */
static int proc_write_args(struct proc *p, const char *args)
{
    struct {
        uint32_t entry[2];
        char area[ARGS_AREA];
    } top = {{0, USTACK_TOP - ARGS_AREA}, {0}};
    _Static_assert(sizeof(top) == USTACK_TOP - USTACK_ENTRY_SP, "the entry frame under the args");
    memcpy(top.area, args, strnlen(args, ARGS_AREA - 1));
    return proc_write_page(p, USTACK_ENTRY_SP, &top, sizeof(top));
}

/* Program name from the initrd's index: its image, whose whole pages are the initrd's frames. */
static int proc_load(struct proc *p, const char *name, struct elf_image *elf)
{
    const struct initrd_file *f = initrd_lookup(&initrd_files, name);
    if (!f)
        return E_NOENT;
    int r = elf_parse(f->data, f->size, elf);
    if (r < 0)
        return r;
    p->image = f->data;
    p->image_len = f->size;
    p->image_frame =
        initrd_frame && f->offset % PAGE_SIZE == 0 ? initrd_frame + f->offset / PAGE_SIZE : 0;
    uint32_t n = strnlen(name, TASK_NAME_MAX - 1);
    memcpy(p->name, name, n);
    p->name[n] = 0;
    return proc_layout(p, elf);
}

/* init was created by the kernel (task and thread 3); it lives in the root container. */
int proc_start_init(const char *args)
{
    struct proc *p = proc_alloc();
    struct elf_image elf;
    if (!p)
        return E_NOMEM;
    p->container = 0;
    p->rights = RIGHTS_INIT;
    int r = proctab_set_task(p, (uint32_t)sys_kinfo(KINFO_THREAD_TASK, TID_INIT));
    if (r == 0)
        r = proctab_set_tid(p, TID_INIT);
    if (r == 0)
        r = proc_load(p, "init", &elf);
    if (r == 0)
        r = proc_write_args(p, args);
    if (r == 0)
        r = quota_bind(0, p->task);
    return r;
}

/* p's parent is parent (0 for init's parent, the pager), which has one more live child. */
static void proc_set_parent(struct proc *p, struct proc *parent)
{
    p->parent = parent ? parent->task : 0;
    if (parent)
        parent->live_children++;
}

/* p has ended: its parent has one live child fewer. */
static void proc_set_exited(struct proc *p)
{
    p->exited = 1;
    struct proc *parent = p->parent ? proc_by_task(p->parent) : 0;
    if (parent)
        parent->live_children--;
}

/* Undo a spawn that failed part way: the task (if made), its pages, its container (if split). */
static void spawn_undo(struct proc *p, int task, int container)
{
    if (task > 0) {
        proc_set_exited(p);
        sys_task_destroy((uint32_t)task, -1, REASON_NONE,
                         0); /* a rollback, not an event to report */
    }
    proc_free_all(p);
    fdtable_free(&p->fds);
    if (container > 0)
        quota_release((uint32_t)container);
    proctab_remove(p);
}

/*
 * Every page of every region and the whole stack now, for the swap server,
 * which must never fault, and the page table of the buffer the pager lends
 * it frames at: the first frame that cannot be had fails the spawn.
 */
static int proc_pin(struct proc *p)
{
    uint32_t reason;
    p->pinned = 1;
    int r = proc_table_add(p, SWAP_BUF, &reason);
    for (uint32_t i = 0; r == 0 && i < p->vs.n; i++) {
        const struct region *g = &p->vs.r[i];
        uint32_t err = PF_USER | (g->perm & PERM_W ? PF_WRITE : 0);
        for (uint32_t va = g->start; r == 0 && g->kind != REGION_STACK && va < g->end;
             va += PAGE_SIZE)
            r = fault_handle(p, va, err, &reason);
    }
    for (uint32_t k = 1; r == 0 && k <= USTACK_PAGES; k++)
        r = fault_handle(p, USTACK_TOP - k * PAGE_SIZE, PF_USER | PF_WRITE, &reason);
    return r;
}

/* p's first thread, on a page of p's container, its faults to the pager. */
static int proc_first_thread(struct proc *p, uint32_t eip, uint32_t esp)
{
    uint32_t reason;
    int r = proc_kmem_add(p, &reason);
    int tid = r < 0 ? r : sys_thread_create(p->task, eip, esp, TID_PAGER);
    return tid < 0 ? tid : proctab_set_tid(p, (uint32_t)tid);
}

/* A built slot comes to life: its arguments, its container bound, its pages, its first thread. */
static int proc_start(struct proc *p, const struct elf_image *elf, const char *name,
                      const char *args, int pin)
{
    char full[ARGS_AREA];
    snformat(full, sizeof(full), args[0] ? "%s %s" : "%s", name, args);
    int r = proc_write_args(p, full);
    if (r == 0)
        r = quota_bind(p->container, p->task);
    if (r < 0)
        return r;
    for (uint32_t i = 0; i < p->vs.n; i++)
        if (p->vs.r[i].kind != REGION_STACK && p->vs.r[i].kind != REGION_HEAP)
            map_eagerly(p, p->vs.r[i].start, p->vs.r[i].end);
    if (pin && (r = proc_pin(p)) < 0)
        return r;
    return proc_first_thread(p, elf->entry, USTACK_ENTRY_SP);
}

/* A frame from p's container for the kernel to hold, recorded under key. */
static int held_frame(struct proc *p, uint32_t key, uint32_t *frame)
{
    uint32_t left;
    int r = pager_ops.frame_alloc(p->container, 0, frame, &left);
    if (r < 0)
        return r;
    r = pagemap_set(&p->pm, key, *frame, 0);
    if (r < 0)
        pager_ops.frame_free(p->container, *frame);
    return r;
}

/* A new kernel task for p: its page directory and its struct frames from p's container. */
static int task_new(struct proc *p, uint32_t parent, uint32_t rights, const char *name)
{
    uint32_t dir, obj;
    int r = held_frame(p, PM_DIR_KEY, &dir);
    if (r == 0)
        r = held_frame(p, PM_TASK_KEY, &obj);
    return r < 0 ? r : sys_task_create(parent, rights, name, dir, obj);
}

/*
 * Start program name as a child of parent (NULL: of the pager itself, in the
 * root container, pinned) with quota frames; returns the task id.
 */
int proc_spawn(struct proc *parent, const char *name, const char *args, uint32_t quota,
               uint32_t rights)
{
    struct proc *p = proc_alloc();
    if (!p)
        return E_NOMEM;
    struct elf_image elf;
    int container = 0, task = 0;
    int r = proc_load(p, name, &elf);
    if (r < 0)
        goto bad;
    container = alloc_mem_quota(parent ? parent->container : 0, quota);
    if ((r = container) < 0)
        goto bad;
    p->container = (uint32_t)container;
    task = task_new(p, parent ? parent->task : 0, rights, name);
    if ((r = task) < 0)
        goto bad;
    if ((r = proctab_set_task(p, (uint32_t)task)) < 0)
        goto bad;
    proc_set_parent(p, parent);
    p->rights = rights;
    r = proc_start(p, &elf, name, args, !parent);
    if (r < 0)
        goto bad;
    return task;
bad:
    spawn_undo(p, task, container);
    return r;
}

/*
 * fork: a child of parent with quota frames split from parent's container,
 * a copy-on-write image of parent's whole address space, and one thread
 * that starts at eip with esp (the caller's fork() (user/lib/fork.S) resumes there and
 * returns 0); returns the child's task id.
 */
int proc_fork(struct proc *parent, uint32_t eip, uint32_t esp, uint32_t quota)
{
    if (eip >= USER_TOP || esp >= USER_TOP)
        return E_FAULT;
    struct proc *c = proc_alloc();
    if (!c)
        return E_NOMEM;
    memcpy(c->name, parent->name, sizeof(c->name));
    c->image = parent->image;
    c->image_len = parent->image_len;
    c->image_frame = parent->image_frame;
    int container = 0, task = 0, r = vmspace_copy(&c->vs, &parent->vs);
    if (r == 0)
        r = fdtable_copy(&c->fds, &parent->fds);
    if (r < 0)
        goto bad;
    container = alloc_mem_quota(parent->container, quota);
    if ((r = container) < 0)
        goto bad;
    c->container = (uint32_t)container;
    task = task_new(c, parent->task, parent->rights, parent->name);
    if ((r = task) < 0)
        goto bad;
    if ((r = proctab_set_task(c, (uint32_t)task)) < 0)
        goto bad;
    proc_set_parent(c, parent);
    c->rights = parent->rights;
    r = mmap_share_all(parent);
    if (r == 0)
        r = proc_copy_pages(parent, c);
    if (r == 0)
        r = quota_bind(c->container, c->task);
    if (r == 0)
        r = proc_first_thread(c, eip, esp);
    if (r < 0)
        goto bad;
    return task;
bad:
    spawn_undo(c, task, container);
    return r;
}

int proc_spawn_request(struct proc *parent, uint32_t name_va, uint32_t args_va, uint32_t quota)
{
    char name[USTAR_NAME_MAX + 1], args[ARGS_AREA]; /* any name the initrd can hold */
    int r = proc_read_str(parent, name_va, name, sizeof(name));
    if (r == 0)
        r = proc_read_str(parent, args_va, args, sizeof(args));
    if (r < 0)
        return r;
    return proc_spawn(parent, name, args, quota, parent->rights);
}

#define SWAP_QUOTA 64 /* frames for the swap server: its image, stack and nothing more */

/* Start the swap server if the initrd has one; swap_tid stays 0 when it cannot run. */
int swap_start(void)
{
    int task = proc_spawn(0, "swap", "", SWAP_QUOTA, RIGHT_IO);
    if (task < 0)
        return task;
    struct proc *p = proc_by_task((uint32_t)task);
    swap_tid = p->tid;
    return 0;
}

/* The answer to wait is the child's EXIT message, as the kernel gave it to the pager. */
static void reply_exit(struct proc *child, msg_t *reply)
{
    *reply = (msg_t){MSG_EXIT, {child->task, (uint32_t)child->status, child->reason, child->addr}};
}

/* Is a descendant of p still to end? Its frames may be p's (fork shares them). */
static int proc_descendant_lives(const struct proc *p)
{
    for (uint32_t i = 0; i < proctab_count(); i++) {
        const struct proc *d = proctab_at(i);
        if (!d->exited && proc_descends(d, p))
            return 1;
    }
    return 0;
}

/*
 * Gone: the task has ended and so have its descendants, whose ends give
 * back the frames they shared with it, so its container is back with its
 * parent's and wait's answer finds the caller's usage as it was before
 * the child. (A release still refused then is a leak, and no reason to
 * keep a waiter waiting.)
 */
static int proc_gone(const struct proc *p)
{
    return p->exited && (!p->release_pending || !proc_descendant_lives(p));
}

/* Once p is gone: answer its waiter, and free the record once collected and released. */
static void proc_settle(struct proc *p)
{
    if (!proc_gone(p))
        return;
    if (p->waiter) {
        msg_t m;
        reply_exit(p, &m);
        ipc_send_nb(p->waiter, &m);
        p->waiter = 0;
        p->collected = 1;
    }
    if (p->collected && !p->release_pending)
        proctab_remove(p);
}

/* parent's child called task, not yet collected. */
static struct proc *proc_child(const struct proc *parent, uint32_t task)
{
    struct proc *c = proc_by_task(task);
    return c && c->parent == parent->task ? c : 0;
}

/* Collect a child's exit: now (0, *reply set) or later (1: the waiter gets it then). */
int proc_wait(struct proc *parent, uint32_t child_task, uint32_t nohang, uint32_t waiter,
              msg_t *reply)
{
    struct proc *c = proc_child(parent, child_task);
    if (!c)
        return E_NOENT;
    if (c->waiter)
        return E_BUSY;
    if (!proc_gone(c) && nohang)
        return E_TIMEOUT;
    if (!proc_gone(c)) {
        c->waiter = waiter;
        return 1;
    }
    reply_exit(c, reply);
    c->collected = 1;
    proc_settle(c);
    return 0;
}

/* Does p descend from ancestor (its child, its child's child, ...)? */
int proc_descends(const struct proc *p, const struct proc *ancestor)
{
    for (; p; p = proc_by_task(p->parent)) /* a parent is older than its child: no cycle */
        if (p->parent == ancestor->task)
            return 1;
    return 0;
}

static uint32_t releases_pending; /* records whose container the quota server still holds */

/* Give back the container once its frames and children are all gone. */
static void proc_release(struct proc *p)
{
    uint8_t was = p->release_pending;
    p->release_pending = p->container != 0 && quota_release(p->container) == E_BUSY;
    releases_pending += p->release_pending - was;
}

/* Downward: freeing record i moves the last, already seen, into its place. Usually none. */
static void release_pending_parents(void)
{
    for (uint32_t i = proctab_count(); releases_pending && i-- > 0;) {
        struct proc *p = proctab_at(i);
        if (p->release_pending) {
            proc_release(p);
            proc_settle(p);
        }
    }
}

/* Nobody can wait for p: it is init's, or its parent has ended. */
static int proc_orphan(const struct proc *p)
{
    const struct proc *parent = proc_by_task(p->parent);
    return p->parent == 0 || !parent || parent->exited;
}

/* The kernel's EXIT notice: free everything, end the children, tell a waiter once p is gone. */
void proc_exited(uint32_t task, int status, uint32_t reason, uint32_t addr)
{
    struct proc *p = proc_by_task(task);
    if (!p || p->exited)
        return;
    proc_set_exited(p);
    if (p->tid == swap_tid)
        swap_tid = 0; /* from now on a full container ends the task, as without swap */
    p->status = status;
    p->reason = reason;
    p->addr = addr;
    for (uint32_t i = 0, left = p->live_children; left && i < proctab_count(); i++) {
        struct proc *c = proctab_at(i);
        if (c->task && c->parent == task && !c->exited) {
            sys_task_destroy(c->task, -1, REASON_KILLED, 0);
            left--;
        }
    }
    proc_free_all(p);
    fdtable_free(&p->fds);
    quota_bind(QUOTA_NO_CONTAINER, task);
    if (!p->waiter && proc_orphan(p))
        p->collected = 1;
    proc_release(p);
    proc_settle(p); /* may free p */
    release_pending_parents();
}
