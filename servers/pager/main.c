/*
 * The pager's message loop. Kernel messages (sender TID_KERNEL) are page
 * faults, answered OK or KILL, and EXIT notices. User requests are looked
 * up in a table by label. A handler returns 0 with the reply in the
 * message, 1 when the reply comes later (wait), or a negative error that
 * becomes MSG_ERR. A user task that sends what only the kernel may send
 * is ended as a forger.
 */
#include "pager.h"
#include "cmdline.h"
#include "ipc.h"
#include "str.h"
#include "ulib.h"
#include "fmt.h"

const uint8_t *initrd;
uint32_t initrd_len;

static void on_fault(msg_t *m)
{
    uint32_t addr = m->w[0], err = m->w[1], tid = m->w[3];
    struct proc *p = proc_by_tid(tid);
    uint32_t reason = REASON_NOPAGER;
    if (p && fault_handle(p, addr, err, &reason) == 0)
        *m = (msg_t){MSG_OK, {0, 0, 0, 0}};
    else
        *m = (msg_t){MSG_KILL, {reason, addr, 0, 0}};
}

typedef int (*handler_fn)(struct proc *p, msg_t *m, uint32_t sender);

static int h_sbrk(struct proc *p, msg_t *m, uint32_t sender)
{
    (void)sender;
    uint32_t old;
    int r = do_sbrk(p, (int32_t)m->w[0], &old);
    m->w[0] = old;
    return r;
}

static int h_spawn(struct proc *p, msg_t *m, uint32_t sender)
{
    (void)sender;
    int r = do_spawn(p, m->w[0], m->w[1], m->w[2]);
    m->w[0] = (uint32_t)r;
    return r < 0 ? r : 0;
}

static int h_wait(struct proc *p, msg_t *m, uint32_t sender)
{
    return do_wait(p, m->w[0], sender, m);
}

static int h_vm_alloc(struct proc *p, msg_t *m, uint32_t sender)
{
    (void)sender;
    return do_vm_alloc(p, m->w[0], &m->w[0]);
}

static int h_vm_release(struct proc *p, msg_t *m, uint32_t sender)
{
    (void)sender;
    return do_vm_release(p, m->w[0]);
}

static const struct {
    uint32_t label;
    handler_fn fn;
} handlers[] = {
    {PAGER_SBRK, h_sbrk},         {PAGER_SPAWN, h_spawn},           {PAGER_WAIT, h_wait},
    {PAGER_VM_ALLOC, h_vm_alloc}, {PAGER_VM_RELEASE, h_vm_release},
};

/* A user request: returns 1 when the reply must wait. */
static int on_request(msg_t *m, uint32_t sender)
{
    struct proc *p = proc_by_tid(sender);
    if (m->label == MSG_FAULT || m->label == MSG_EXIT) {
        if (p)
            sys_task_destroy(p->task, -1, REASON_BADMSG, 0);
        return 1;
    }
    int r = E_NOSYS;
    for (uint32_t i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++) {
        if (handlers[i].label == m->label) {
            r = p ? handlers[i].fn(p, m, sender) : E_PERM;
            break;
        }
    }
    if (r == 1)
        return 1;
    if (r < 0)
        *m = (msg_t){MSG_ERR, {(uint32_t)r, 0, 0, 0}};
    else
        m->label = MSG_OK;
    return 0;
}

/* Handle one message; returns the thread to answer, or 0 for none. */
static uint32_t handle(msg_t *m, uint32_t sender)
{
    if (sender != TID_KERNEL)
        return on_request(m, sender) ? 0 : sender;
    if (m->label == MSG_FAULT) {
        uint32_t tid = m->w[3];
        on_fault(m);
        return tid;
    }
    if (m->label == MSG_EXIT)
        proc_exited(m->w[0], (int)m->w[1], m->w[2], m->w[3]);
    return 0;
}

static void read_boot_options(char *init_args, uint32_t size)
{
    static char raw[256];
    static struct cmdline opts;
    if (sys_kinfo_cmdline(raw, sizeof(raw)) < 0)
        raw[0] = 0;
    cmdline_parse(raw, &opts);
    snformat(init_args, size, "init %s", cmdline_get(&opts, OPT_INIT, "sh"));
}

int main(const char *args)
{
    (void)args;
    char init_args[ARGS_AREA];
    initrd = (const uint8_t *)sys_kinfo(KINFO_INITRD_BASE, 0);
    initrd_len = (uint32_t)sys_kinfo(KINFO_INITRD_SIZE, 0);
    read_boot_options(init_args, sizeof(init_args));
    int r = proc_start_init(init_args);
    if (r < 0)
        printf("pager: cannot start init: %s\n", errstr(r));
    printf("pager: ready, initrd %u KiB, %s\n", initrd_len / 1024, init_args);
    msg_t m;
    uint32_t sender, to = 0;
    for (;;) {
        r = to ? ipc_reply_recv(to, &m, &sender) : ipc_recv(TID_ANY, &m, &sender);
        to = r < 0 ? 0 : handle(&m, sender);
    }
}
