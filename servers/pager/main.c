/*
 * The pager's operations, served by libipc's server_loop (server.h). The
 * kernel alone sends MSG_FAULT (answered OK or KILL, to the faulting
 * thread) and MSG_EXIT (no answer); the rest come from the processes the
 * pager runs (WHO_CLIENT), and a handler finds the caller's proc by its
 * thread. A user task that sends what only the kernel may send is ended
 * as a forger.
 */
#include "pager.h"
#include "cmdline.h"
#include "ipc.h"
#include "server.h"
#include "str.h"
#include "ulib.h"
#include "fmt.h"
#include "malloc.h"

/*
 * The process whose request is being served: is_client, which server_loop
 * asks before it calls the handler of any WHO_CLIENT request, finds it, so
 * those handlers look the caller up no more.
 */
static struct proc *client;

static int is_client(uint32_t sender)
{
    client = proc_by_tid(sender);
    return client != 0;
}

/*
 * MSG_FAULT{addr, err, eip, thread}: answered to the faulting thread, with
 * MSG_MAP carrying the faulting page's mapping when one was made (the
 * kernel maps it as it resumes the thread), else OK, or KILL.
 */
static uint32_t do_fault(msg_t *m, uint32_t sender)
{
    (void)sender;
    uint32_t addr = m->w[0], tid = m->w[3];
    struct proc *p = proc_by_tid(tid);
    uint32_t reason = REASON_NOPAGER;
    /* The kernel maps in the reply only where the page table is in place (else E_NOTABLE). */
    if (p && proc_has_table(p, addr))
        reply_map_arm(p->task, addr & ~(PAGE_SIZE - 1));
    int r = p ? fault_from_task(p, m, &reason) : E_NOENT;
    /* A kept map is dropped when the fault failed after it: the task ends without the page. */
    if (reply_map_take(m) && r == 0)
        return tid;
    if (r == 0)
        *m = (msg_t){MSG_OK, {0, 0, 0, 0}};
    else
        *m = (msg_t){MSG_KILL, {reason, addr, 0, 0}};
    return tid;
}

/*
 * The kernel refused the mapping a MSG_MAP answer carried (with the error
 * sys_map would have given), so the thread still waits: its task ends, as
 * it would have had sys_map failed, and its EXIT gives the page's frame back.
 */
static uint32_t map_undelivered(msg_t *m, uint32_t to)
{
    struct proc *p = proc_by_tid(to);
    if (p)
        sys_task_destroy(p->task, -1, REASON_MAP, m->w[0]);
    return 0;
}

/* MSG_EXIT{task, status, reason, addr}: a notice, answered to nobody. */
static uint32_t do_exit(msg_t *m, uint32_t sender)
{
    (void)sender;
    proc_exited(m->w[0], (int)m->w[1], m->w[2], m->w[3]);
    return 0;
}

static uint32_t do_sbrk(msg_t *m, uint32_t sender)
{
    struct proc *p = client;
    uint32_t old;
    int r = proc_sbrk(p, (int32_t)m->w[0], &old);
    m->w[0] = old;
    return server_reply(m, sender, r);
}

static uint32_t do_spawn(msg_t *m, uint32_t sender)
{
    struct proc *p = client;
    int r = proc_spawn_request(p, m->w[0], m->w[1], m->w[2]);
    m->w[0] = (uint32_t)r;
    return server_reply(m, sender, r < 0 ? r : 0);
}

/* PAGER_FORK{eip, esp, quota}: the child's task id; the child's thread starts at eip, esp. */
static uint32_t do_fork(msg_t *m, uint32_t sender)
{
    int r = proc_fork(client, m->w[0], m->w[1], m->w[2]);
    m->w[0] = (uint32_t)r;
    return server_reply(m, sender, r < 0 ? r : 0);
}

static uint32_t do_wait(msg_t *m, uint32_t sender)
{
    int r = proc_wait(client, m->w[0], m->w[1], sender, m);
    if (r < 0)
        return server_reply(m, sender, r);
    return r == 1 ? 0 : sender; /* 1: the reply comes when a child ends; else m is its EXIT */
}

static uint32_t do_vm_alloc(msg_t *m, uint32_t sender)
{
    struct proc *p = client;
    return server_reply(m, sender, proc_pool_alloc(p, m->w[0], &m->w[0]));
}

static uint32_t do_vm_release(msg_t *m, uint32_t sender)
{
    struct proc *p = client;
    return server_reply(m, sender, proc_pool_release(p, m->w[0]));
}

/* PAGER_MMAP{addr, len, MMAP_WORD(prot, flags, fd), off}: the mapping's start. */
static uint32_t do_mmap(msg_t *m, uint32_t sender)
{
    struct proc *p = client;
    return server_reply(m, sender, proc_mmap(p, m->w[0], m->w[1], m->w[2], m->w[3], &m->w[0]));
}

static uint32_t do_munmap(msg_t *m, uint32_t sender)
{
    struct proc *p = client;
    return server_reply(m, sender, proc_munmap(p, m->w[0], m->w[1]));
}

static uint32_t do_mprotect(msg_t *m, uint32_t sender)
{
    struct proc *p = client;
    return server_reply(m, sender, proc_mprotect(p, m->w[0], m->w[1], m->w[2]));
}

/* PAGER_OPEN{name, flags}: a descriptor (files.c, as the four below). */
static uint32_t do_open(msg_t *m, uint32_t sender)
{
    struct proc *p = client;
    return server_result(m, sender, proc_open(p, m->w[0], m->w[1]));
}

/* PAGER_READ{fd, buf, len}: the bytes read. */
static uint32_t do_read(msg_t *m, uint32_t sender)
{
    struct proc *p = client;
    return server_result(m, sender, proc_file_read(p, (int)m->w[0], m->w[1], m->w[2]));
}

/* PAGER_LSEEK{fd, off, whence}: the new position. */
static uint32_t do_lseek(msg_t *m, uint32_t sender)
{
    struct proc *p = client;
    return server_result(m, sender, proc_lseek(p, (int)m->w[0], (int32_t)m->w[1], m->w[2]));
}

static uint32_t do_close(msg_t *m, uint32_t sender)
{
    struct proc *p = client;
    return server_result(m, sender, fd_close(&p->fds, (int)m->w[0]));
}

/* PAGER_FSTAT{fd}: the file's size. */
static uint32_t do_fstat(msg_t *m, uint32_t sender)
{
    struct proc *p = client;
    return server_result(m, sender, proc_fstat(p, (int)m->w[0]));
}

/* PAGER_POLICY{name, len}: switch the policy (the trace right is needed). */
static uint32_t do_policy(msg_t *m, uint32_t sender)
{
    struct proc *p = client;
    char spec[32];
    struct policy next;
    if (!(p->rights & RIGHT_TRACE))
        return server_reply(m, sender, E_PERM);
    if (m->w[1] >= sizeof(spec))
        return server_reply(m, sender, E_RANGE);
    int r = proc_read(p, m->w[0], spec, m->w[1]);
    spec[m->w[1]] = 0;
    if (r == 0)
        r = policy_parse(spec, &next);
    if (r < 0)
        return server_reply(m, sender, r);
    policy = next;
    return server_reply(m, sender, 0);
}

/*
 * PAGER_STATS{task, group}: a task's struct pager_stats (task 0: the
 * totals), four words at a time: group 0 the first four, group 1 the rest.
 */
static uint32_t do_stats(msg_t *m, uint32_t sender)
{
    const struct proc *t = m->w[0] ? proc_by_task(m->w[0]) : 0;
    if (m->w[0] && !t)
        return server_reply(m, sender, E_NOENT);
    const uint32_t *all = (const uint32_t *)(t ? &t->st : &totals);
    memcpy(m->w, &all[m->w[1] ? MSG_WORDS : 0], sizeof(m->w));
    return server_reply(m, sender, 0);
}

/*
 * PAGER_SWAP_INFO: the swap server's struct swap_info, asked on the
 * caller's behalf (the swap server answers the pager alone).
 */
static uint32_t do_swap_info(msg_t *m, uint32_t sender)
{
    if (!swap_tid)
        return server_reply(m, sender, E_NOENT);
    *m = (msg_t){SWAP_INFO, {0, 0, 0, 0}};
    int r = ipc_call(swap_tid, m);
    return server_reply(m, sender, r < 0 ? r : m->label == MSG_OK ? 0 : (int)m->w[0]);
}

/* PAGER_MEM: struct pager_mem, the pager's own memory. */
static uint32_t do_mem(msg_t *m, uint32_t sender)
{
    size_t in_use;
    malloc_stats(0, &in_use);
    *m = (msg_t){MSG_OK, {pager_heap_frames(), (uint32_t)in_use, proctab_count(), 0}};
    return server_reply(m, sender, 0);
}

/*
 * PAGER_PS{index, part}: the process in slot index (E_NOENT: free slot,
 * E_RANGE: past the end). part 0: task, container, parent, resident pages;
 * part 1: the name (TASK_NAME_MAX bytes, NUL included); part 2: its container's quota and usage;
 * part 3: its private, shared, copy-on-write and initrd pages.
 */
static uint32_t do_ps(msg_t *m, uint32_t sender)
{
    uint32_t part = m->w[1];
    struct proc *p = proctab_at(m->w[0]);
    if (!p)
        return server_reply(m, sender, E_RANGE);
    if (!p->task || p->exited)
        return server_reply(m, sender, E_NOENT);
    if (part == 0) {
        *m = (msg_t){MSG_OK, {p->task, p->container, p->parent, p->res.count}};
        return server_reply(m, sender, 0);
    }
    if (part == 1) {
        memcpy(m->w, p->name, sizeof(m->w));
        return server_reply(m, sender, 0);
    }
    if (part == 3) {
        proc_page_kinds(p, &m->w[0], &m->w[1], &m->w[2], &m->w[3]);
        return server_reply(m, sender, 0);
    }
    msg_t q = {QUOTA_INFO, {p->container, 0, 0, 0}};
    int r = ipc_call(TID_QUOTA, &q);
    if (r < 0 || q.label != MSG_OK)
        return server_reply(m, sender, r < 0 ? r : (int)q.w[0]);
    *m = (msg_t){MSG_OK, {q.w[1], q.w[2], q.w[3], 0}};
    return server_reply(m, sender, 0);
}

/* Reply {len, the 12 bytes of data at off (zeros past the end)}: how long things leave. */
static void reply_chunk(msg_t *m, const void *data, uint32_t len, uint32_t off)
{
    m->w[0] = len;
    memset(&m->w[1], 0, 3 * sizeof(m->w[1]));
    if (off < len)
        memcpy(&m->w[1], (const char *)data + off, len - off < 12 ? len - off : 12);
}

/*
 * PAGER_POLICY_NAME{which, offset}: which 0 names the policy in force,
 * which N the N-th policy the pager knows; {length, 12 bytes at offset}.
 */
static uint32_t do_policy_name(msg_t *m, uint32_t sender)
{
    char name[32];
    if (m->w[0] == 0)
        policy_name(&policy, name, sizeof(name));
    else if (policy_known(m->w[0] - 1, name, sizeof(name)) < 0)
        return server_reply(m, sender, E_RANGE);
    reply_chunk(m, name, strlen(name), m->w[1]);
    return server_reply(m, sender, 0);
}

/* PAGER_KMEM: a page of the caller's container for its task's next thread (E_NOKMEM's cure). */
static uint32_t do_kmem(msg_t *m, uint32_t sender)
{
    uint32_t reason;
    return server_reply(m, sender, proc_kmem_add(client, &reason));
}

/* PAGER_KILL{task}: end a task that descends from the caller, as killed. */
static uint32_t do_kill(msg_t *m, uint32_t sender)
{
    struct proc *p = client;
    struct proc *t = proc_by_task(m->w[0]);
    if (!t || t->exited)
        return server_reply(m, sender, E_NOENT);
    if (!proc_descends(t, p))
        return server_reply(m, sender, E_PERM);
    return server_reply(m, sender, sys_task_destroy(t->task, -1, REASON_KILLED, 0));
}

/* MSG_FAULT or MSG_EXIT from a user task: a forgery, and the forger ends. */
static uint32_t refused(msg_t *m, uint32_t sender)
{
    struct proc *p = proc_by_tid(sender); /* is_client was not asked: these are the kernel's */
    if (m->label != MSG_FAULT && m->label != MSG_EXIT)
        return server_reply(m, sender, E_PERM);
    if (p)
        sys_task_destroy(p->task, -1, REASON_BADMSG, 0);
    return 0;
}

static const struct server_op ops[] = {
    {MSG_FAULT, TID_KERNEL, do_fault},
    {MSG_EXIT, TID_KERNEL, do_exit},
    {PAGER_SBRK, WHO_CLIENT, do_sbrk},
    {PAGER_SPAWN, WHO_CLIENT, do_spawn},
    {PAGER_WAIT, WHO_CLIENT, do_wait},
    {PAGER_FORK, WHO_CLIENT, do_fork},
    {PAGER_VM_ALLOC, WHO_CLIENT, do_vm_alloc},
    {PAGER_VM_RELEASE, WHO_CLIENT, do_vm_release},
    {PAGER_POLICY, WHO_CLIENT, do_policy},
    {PAGER_STATS, WHO_CLIENT, do_stats},
    {PAGER_PS, WHO_CLIENT, do_ps},
    {PAGER_POLICY_NAME, WHO_CLIENT, do_policy_name},
    {PAGER_KILL, WHO_CLIENT, do_kill},
    {PAGER_SWAP_INFO, WHO_CLIENT, do_swap_info},
    {PAGER_MEM, WHO_CLIENT, do_mem},
    {PAGER_MMAP, WHO_CLIENT, do_mmap},
    {PAGER_MUNMAP, WHO_CLIENT, do_munmap},
    {PAGER_MPROTECT, WHO_CLIENT, do_mprotect},
    {PAGER_OPEN, WHO_CLIENT, do_open},
    {PAGER_READ, WHO_CLIENT, do_read},
    {PAGER_LSEEK, WHO_CLIENT, do_lseek},
    {PAGER_CLOSE, WHO_CLIENT, do_close},
    {PAGER_FSTAT, WHO_CLIENT, do_fstat},
    {PAGER_KMEM, WHO_CLIENT, do_kmem},
};

static const struct server pager_server = {ops, sizeof(ops) / sizeof(ops[0]), is_client, refused,
                                           map_undelivered};

static void read_boot_options(char *init_args, uint32_t size)
{
    static char raw[256];
    static struct cmdline opts;
    if (sys_kinfo_cmdline(raw, sizeof(raw)) < 0)
        raw[0] = 0;
    cmdline_parse(raw, &opts);
    snformat(init_args, size, "init %s", cmdline_get(&opts, OPT_INIT, "sh"));
    const char *spec = cmdline_get(&opts, OPT_POLICY, "demand");
    if (policy_parse(spec, &policy) < 0)
        printf("pager: unknown policy '%s', using demand\n", spec);
}

int main(const char *args)
{
    (void)args;
    char init_args[ARGS_AREA];
    int r = initrd_setup();
    if (r < 0)
        printf("pager: the initrd's index holds %u files: %s\n", initrd_files.count, errstr(r));
    read_boot_options(init_args, sizeof(init_args));
    r = swap_start();
    if (r < 0)
        printf("pager: no swap server (%s): replacement policies will end tasks instead\n",
               errstr(r));
    r = proc_start_init(init_args);
    if (r < 0)
        printf("pager: cannot start init: %s\n", errstr(r));
    char name[32];
    policy_name(&policy, name, sizeof(name));
    printf("pager: ready, initrd %u KiB of %u files, %s, policy %s, %s\n", initrd_len / 1024,
           initrd_files.count, initrd_frame ? "program text shared" : "program text copied", name,
           init_args);
    server_loop(&pager_server);
}
