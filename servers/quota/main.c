/*
 * The quota server: the container layer (container.c) behind a message
 * loop. Only the pager may split, alloc, free, release and bind; any task
 * may read its own container (QUOTA_SELF) and ask whether the books
 * balance (QUOTA_CHECK). Frames come from the kernel's frame_alloc, which
 * only this task has the right to call; the same right lets it map frames
 * into its own space, which is how the container tables get their memory.
 */
#include "container.h"
#include "ipc.h"
#include "server.h"
#include "proto/quota.h"
#include "str.h"
#include "ulib.h"

/* Where the container tables are mapped: user space the ELF image and the stack never use. */
#define ARENA_BASE 0x40000000u
#define ARENA_SIZE 0x40000000u

/*
 * The task bound in each task-id slot (its full id) and its container, or
 * QUOTA_NO_CONTAINER: a table at BINDINGS_BASE that grows a page at a time
 * as higher slots are bound, each page a frame of the root container.
 */
#define BINDINGS_BASE 0x3F000000u /* below the arena; 2^ID_SLOT_BITS entries fit */
struct binding {
    uint32_t task, container;
};
#define BINDINGS_PER_PAGE (PAGE_SIZE / sizeof(struct binding))
static struct binding *const bindings = (struct binding *)BINDINGS_BASE;
static uint32_t bindings_pages;

uint32_t quota_palloc(uint32_t flags)
{
    int f = sys_frame_alloc(flags);
    return f > 0 ? (uint32_t)f : 0;
}

int quota_pfree(uint32_t frame)
{
    return sys_frame_free(frame);
}

int quota_map(void *page, uint32_t frame)
{
    return sys_map(0, (uint32_t)page, frame, PERM_R | PERM_W);
}

/* MSG_OK{a, b, c, d} to the thread to. */
static uint32_t reply_ok(msg_t *m, uint32_t to, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    *m = (msg_t){MSG_OK, {a, b, c, d}};
    return to;
}

/* Part 0 of container id: OK{id, quota, usage, parent}; part 1: OK{id, nchildren, held}. */
static uint32_t reply_info(msg_t *m, uint32_t to, uint32_t id, uint32_t part)
{
    if (!container_is_used(id))
        return server_reply(m, to, E_NOENT);
    if (part == 0)
        return reply_ok(m, to, id, container_get_quota(id), container_get_usage(id),
                        container_get_parent(id));
    if (part == 1)
        return reply_ok(m, to, id, container_get_nchildren(id), container_get_held(id), 0);
    return server_reply(m, to, E_INVAL);
}

/*
 * A frame (not zeroed if the flags ask for FRAME_UNZEROED: the pager fills
 * it whole before it maps it), or why not: flags the kernel does not know
 * (its E_INVAL, which takes nothing), no such container, its quota is used
 * up, or the machine has none.
 */
static uint32_t do_alloc(msg_t *m, uint32_t sender)
{
    uint32_t id = m->w[0], flags = m->w[1], left;
    uint32_t f = container_alloc(id, flags, &left);
    if (!f)
        return server_reply(m, sender,
                            flags > FRAME_UNZEROED          ? E_INVAL
                            : !container_is_used(id)        ? E_NOENT
                            : !container_can_consume(id, 1) ? E_QUOTA
                                                            : E_NOMEM);
    return reply_ok(m, sender, f, left, 0, 0);
}

static uint32_t do_free(msg_t *m, uint32_t sender)
{
    return server_result(m, sender, container_free(m->w[0], m->w[1]));
}

static uint32_t do_split(msg_t *m, uint32_t sender)
{
    return server_result(m, sender, container_split(m->w[0], m->w[1]));
}

static uint32_t do_release(msg_t *m, uint32_t sender)
{
    return server_result(m, sender, container_release(m->w[0]));
}

static uint32_t do_info(msg_t *m, uint32_t sender)
{
    return reply_info(m, sender, m->w[0], m->w[1]);
}

/* Room in the table for slot: 0, or E_NOMEM when the root container has no frame left. */
static int bindings_grow(uint32_t slot)
{
    while (slot >= bindings_pages * BINDINGS_PER_PAGE) {
        struct binding *page = &bindings[bindings_pages * BINDINGS_PER_PAGE];
        uint32_t frame = container_alloc(0, 0, 0);
        int r = frame ? quota_map(page, frame) : E_NOMEM;
        if (r < 0) {
            if (frame)
                container_free(0, frame);
            return r;
        }
        memset(page, 0xFF, PAGE_SIZE); /* every slot bound to no container */
        bindings_pages++;
    }
    return 0;
}

/* The binding of task (its slot holds this very id), or NULL. */
static struct binding *binding_of(uint32_t task)
{
    uint32_t slot = ID_SLOT(task);
    if (slot == 0 || slot >= bindings_pages * BINDINGS_PER_PAGE || bindings[slot].task != task)
        return 0;
    return &bindings[slot];
}

static uint32_t do_bind(msg_t *m, uint32_t sender)
{
    uint32_t id = m->w[0], task = m->w[1];
    if (ID_SLOT(task) == 0 || (id != QUOTA_NO_CONTAINER && !container_is_used(id)))
        return server_reply(m, sender, E_INVAL);
    int r = bindings_grow(ID_SLOT(task));
    if (r < 0)
        return server_reply(m, sender, r);
    bindings[ID_SLOT(task)] = (struct binding){task, id};
    return reply_ok(m, sender, 0, 0, 0, 0);
}

static uint32_t do_self(msg_t *m, uint32_t sender)
{
    int task = sys_kinfo(KINFO_THREAD_TASK, sender);
    const struct binding *b = task > 0 ? binding_of((uint32_t)task) : 0;
    if (!b || b->container == QUOTA_NO_CONTAINER)
        return server_reply(m, sender, E_NOENT);
    return reply_info(m, sender, b->container, m->w[0]);
}

static uint32_t do_check(msg_t *m, uint32_t sender)
{
    int bad = container_check();
    uint32_t held = container_total_held();
    int total = sys_kinfo(KINFO_FRAMES_TOTAL, 0), free = sys_kinfo(KINFO_FRAMES_FREE, 0);
    uint32_t kernel_count = (uint32_t)(total - free);
    if (bad < 0 && held != kernel_count)
        bad = (int)CONTAINER_CHECK_KERNEL; /* containers agree with each other, not the kernel */
    return reply_ok(m, sender, (uint32_t)bad, held, kernel_count, 0);
}

/* Requests that change the books, or read another's container, are the pager's alone. */
static const struct server_op ops[] = {
    {QUOTA_ALLOC, TID_PAGER, do_alloc}, {QUOTA_FREE, TID_PAGER, do_free},
    {QUOTA_SPLIT, TID_PAGER, do_split}, {QUOTA_RELEASE, TID_PAGER, do_release},
    {QUOTA_INFO, TID_PAGER, do_info},   {QUOTA_BIND, TID_PAGER, do_bind},
    {QUOTA_SELF, WHO_ANY, do_self},     {QUOTA_CHECK, WHO_ANY, do_check},
};

static const struct server quota_server = {ops, sizeof(ops) / sizeof(ops[0]), 0, 0, 0};

int main(const char *args)
{
    (void)args;
    struct container_boot boot = {
        .free_frames = (uint32_t)sys_kinfo(KINFO_FRAMES_FREE, 0),
        .boot_frames = (uint32_t)sys_kinfo(KINFO_FRAMES_BOOT, 0),
        .frames_end = (uint32_t)sys_kinfo(KINFO_FRAMES_END, 0),
        .arena = (void *)ARENA_BASE,
        .arena_size = ARENA_SIZE,
    };
    int r = container_init(&boot);
    if (r < 0) {
        printf("quota: no memory for the container tables (%s): nothing can be allocated\n",
               errstr(r));
        return 1;
    }
    uint32_t all = boot.free_frames + boot.boot_frames,
             tables = container_get_held(0) - boot.boot_frames;
    printf("quota: root container 0 holds %u frames (%u KiB), %u used by the boot tasks, %u by "
           "the container tables\n",
           all, all * 4, boot.boot_frames, tables);
    server_loop(&quota_server);
}
