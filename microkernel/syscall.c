/*
 * System call entry: decode, check rights and arguments once, call the
 * mechanism, put the result in eax. Every argument a task can pass is
 * checked here; the mechanisms below trust what they are given.
 */
#include "syscall.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "abi/trace.h"
#include "argcheck.h"
#include "console.h"
#include "ipc.h"
#include "irq.h"
#include "kinfo.h"
#include "paging.h"
#include "panic.h"
#include "pic.h"
#include "pmem.h"
#include "sched.h"
#include "task.h"
#include "trace.h"
#include "uaccess.h"
#include "x86.h"

#define CONSOLE_WRITE_MAX 65536

static int has_right(uint32_t right)
{
    return check_right(current->task->rights, right) == 0;
}

/* The task a call names: 0 means the caller's own. */
static struct task *task_arg(uint32_t id)
{
    return id == 0 ? current->task : task_get(id);
}

/* The call may have ended the caller's own thread (exit, its task ended): it must not return. */
static int unless_ended(int r)
{
    if (current->state == TS_DEAD)
        sched_block();
    return r;
}

int TRAP_REGPARM sc_ipc(struct trapframe *tf)
{
    struct thread *me = current;
    switch (tf->eax) {
    case SYS_CALL:
        kipc_send(me, tf->ebx, 1, 0);
        break;
    case SYS_REPLY_RECV:
    case SYS_REPLY_RECV | IPC_NONBLOCK:
        kipc_reply_recv(me, tf->ebx, tf->eax & IPC_NONBLOCK);
        break;
    case SYS_SEND:
    case SYS_SEND | IPC_NONBLOCK:
        kipc_send(me, tf->ebx, 0, tf->eax & IPC_NONBLOCK);
        break;
    case SYS_RECV:
    case SYS_RECV | IPC_NONBLOCK:
        kipc_recv(me, tf->ebx, tf->eax & IPC_NONBLOCK);
        break;
    default:
        return E_NOSYS; /* SYS_CALL | IPC_NONBLOCK: a call always waits for its reply */
    }
    return unless_ended(me->ipc_result); /* a pager's bad answer may end its own task */
}

/* Copy a NUL-terminated string of at most max-1 bytes from user memory. */
static int copy_str_from_user(char *dst, uint32_t src, uint32_t max)
{
    for (uint32_t i = 0; i < max; i++) {
        int r = copy_from_user(&dst[i], src + i, 1);
        if (r < 0)
            return r;
        if (dst[i] == 0)
            return 0;
    }
    dst[max - 1] = 0;
    return 0;
}

static int TRAP_REGPARM sc_task_create(struct trapframe *tf)
{
    if (!has_right(RIGHT_SPACE))
        return E_PERM;
    if (check_grant(current->task->rights, tf->ecx) < 0)
        return E_PERM;
    if (tf->ebx && !task_get(tf->ebx))
        return E_NOENT;
    if (!tf->edi)
        return E_RANGE; /* its struct: a frame of the caller's, as its directory */
    char name[TASK_NAME_MAX];
    int r = copy_str_from_user(name, tf->edx, sizeof(name));
    if (r == 0)
        r = pmem_hold(tf->esi); /* the directory, from the caller's frames */
    if (r < 0)
        return r;
    struct task *t;
    r = task_alloc(name, tf->ebx, tf->ecx, tf->esi, tf->edi, &t);
    if (r < 0)
        pmem_let_go(tf->esi);
    return r < 0 ? r : (int)t->id;
}

static int TRAP_REGPARM sc_task_destroy(struct trapframe *tf)
{
    struct task *t = task_arg(tf->ebx);
    if (!t)
        return E_NOENT;
    if (t != current->task && !has_right(RIGHT_SPACE))
        return E_PERM;
    uint32_t reason = tf->edx;
    if (reason >= REASON_COUNT)
        return E_INVAL;
    task_end(t, (int)tf->ecx, reason, tf->esi);
    return unless_ended(0);
}

static int TRAP_REGPARM sc_thread_create(struct trapframe *tf)
{
    struct task *t = task_arg(tf->ebx);
    if (!t)
        return E_NOENT;
    if (t != current->task && !has_right(RIGHT_SPACE))
        return E_PERM;
    if (tf->ecx >= USER_TOP || tf->edx > USER_TOP)
        return E_FAULT;
    uint32_t pager = tf->esi ? tf->esi : current->pager;
    struct thread *pg = thread_get(pager);
    if (tf->esi && !pg)
        return E_NOENT;
    /* Faults are messages from TID_KERNEL: only the space right may aim them at a stranger. */
    if (pg && pager != current->pager && pg->task != current->task && !has_right(RIGHT_SPACE))
        return E_PERM;
    return thread_create(t, tf->ecx, tf->edx, pager);
}

static int TRAP_REGPARM sc_thread_exit(struct trapframe *tf)
{
    (void)tf;
    if (current->task->nthreads == 1)
        task_end(current->task, 0, REASON_NONE, 0);
    else
        thread_exit_current();
    return unless_ended(0);
}

static int TRAP_REGPARM sc_exit(struct trapframe *tf)
{
    task_end(current->task, (int)tf->ebx, REASON_NONE, 0);
    return unless_ended(0);
}

/* May the current thread change t's mappings? The frame right covers its own space. */
static int may_map(const struct task *t)
{
    if (!has_right(RIGHT_MAP) && !(t == current->task && has_right(RIGHT_FRAME)))
        return E_PERM;
    return t ? 0 : E_NOENT;
}

/* Checks shared by map, unmap, protect and query: right, task, address. */
static int map_args(struct trapframe *tf, struct task **t)
{
    *t = task_arg(tf->ebx);
    int r = may_map(*t);
    return r < 0 ? r : check_page_addr(tf->ecx);
}

static uint32_t perm_to_pte(uint32_t perm)
{
    return PTE_U | ((perm & PERM_W) ? PTE_W : 0);
}

int map_checked(struct task *t, uint32_t va, uint32_t frame, uint32_t perm)
{
    int r = may_map(t);
    if (r == 0)
        r = check_page_addr(va);
    if (r == 0)
        r = check_perm(perm & ~PERM_REPLACE);
    if (r == 0)
        r = pmem_check_map(frame, perm & PERM_W);
    if (r < 0)
        return r;
    pte_t *pte = page_pte(t->pd, va);
    if (!pte && !t->kernel_tables)
        return E_NOTABLE; /* the pager gives one (SYS_TABLE_ADD) and maps again */
    if (!pte && !(pte = page_pte_make(t->pd, va)))
        return E_NOMEM; /* a boot server's tables come from the kernel pool */
    pte_t old = *pte;
    if (!(old & PTE_P))
        t->frames++;
    else if (perm & PERM_REPLACE)
        pmem_map_unref(old >> 12); /* what SYS_UNMAP does; the task's count stays */
    else
        return E_EXIST;
    page_pte_set(va, pte, (frame << 12) | perm_to_pte(perm) | PTE_P, ~0u);
    pmem_map_ref(frame); /* after the unref: the same frame again keeps its count */
    return 0;
}

int map_traced(struct task *t, uint32_t va, uint32_t frame, uint32_t perm)
{
    int r = map_checked(t, va, frame, perm);
    if (r == 0 && trace_on) {
        msg_t m = {0, {va, frame, perm, 0}};
        trace_event(TOP_MAP, current->tid, t->id, &m, 0);
    }
    return r;
}

static int TRAP_REGPARM sc_map(struct trapframe *tf)
{
    return map_traced(task_arg(tf->ebx), tf->ecx, tf->edx, tf->esi);
}

/* A frame of the caller's becomes the page table for the 4 MiB of t's space holding vaddr. */
static int TRAP_REGPARM sc_table_add(struct trapframe *tf)
{
    struct task *t;
    int r = map_args(tf, &t);
    if (r == 0)
        r = pmem_hold(tf->edx);
    if (r < 0)
        return r;
    r = page_table_add(t->pd, tf->ecx, tf->edx);
    if (r < 0)
        pmem_let_go(tf->edx);
    return r;
}

/* A frame of the caller's becomes a spare of t's, the memory of its next thread. */
static int TRAP_REGPARM sc_kmem_add(struct trapframe *tf)
{
    struct task *t = task_arg(tf->ebx);
    int r = may_map(t);
    return r < 0 ? r : task_kmem_add(t, tf->ecx);
}

static int TRAP_REGPARM sc_unmap(struct trapframe *tf)
{
    struct task *t;
    int r = map_args(tf, &t);
    if (r < 0)
        return r;
    pte_t pte = page_unmap(t->pd, tf->ecx);
    if (!(pte & PTE_P))
        return E_NOENT;
    pmem_map_unref(pte >> 12);
    t->frames--;
    if (trace_on) {
        msg_t m = {0, {tf->ecx, pte >> 12, 0, 0}};
        trace_event(TOP_UNMAP, current->tid, t->id, &m, 0);
    }
    return (int)(pte >> 12);
}

static int TRAP_REGPARM sc_protect(struct trapframe *tf)
{
    struct task *t;
    int r = map_args(tf, &t);
    if (r < 0)
        return r;
    uint32_t perm = tf->edx; /* 0: present but out of the task's reach (PROT_NONE) */
    r = perm ? check_perm(perm) : 0;
    pte_t *pte = page_pte(t->pd, tf->ecx); /* one walk: checked, then changed */
    int present = pte && (*pte & PTE_P);
    if (r == 0 && present)
        r = pmem_check_map(*pte >> 12, perm & PERM_W); /* an initrd page stays read-only */
    if (r < 0)
        return r;
    if (!present)
        return E_NOENT;
    uint32_t want = perm ? perm_to_pte(perm) : 0;
    page_pte_set(tf->ecx, pte, want, (PTE_U | PTE_W) & ~want);
    return 0;
}

static int TRAP_REGPARM sc_query(struct trapframe *tf)
{
    struct task *t;
    int r = map_args(tf, &t);
    if (r < 0)
        return r;
    pte_t *slot = page_pte(t->pd, tf->ecx);
    pte_t pte = slot ? *slot : 0;
    if (!(pte & PTE_P))
        return 0;
    page_pte_set(tf->ecx, slot, 0, PTE_A | PTE_D);
    return QUERY_PRESENT | (pte & PTE_A ? QUERY_ACCESSED : 0) | (pte & PTE_D ? QUERY_DIRTY : 0);
}

/* A user frame, zeroed unless ebx asks for FRAME_UNZEROED (abi/syscall.h). */
static int TRAP_REGPARM sc_frame_alloc(struct trapframe *tf)
{
    uint32_t flags = tf->ebx;
    if (!has_right(RIGHT_FRAME))
        return E_PERM;
    if (flags > FRAME_UNZEROED)
        return E_INVAL;
    uint32_t f = pmem_alloc_user();
    if (!f)
        return E_NOMEM;
    return (int)(flags ? f : frame_zero(f));
}

static int TRAP_REGPARM sc_frame_free(struct trapframe *tf)
{
    if (!has_right(RIGHT_FRAME))
        return E_PERM;
    return pmem_free_user(tf->ebx);
}

/*
 * Copy user frame ecx into user frame ebx, both allocated and neither a
 * page table: the pager's copy-on-write (the map right, which may map
 * either frame anyway).
 */
static int TRAP_REGPARM sc_frame_copy(struct trapframe *tf)
{
    if (!has_right(RIGHT_MAP))
        return E_PERM;
    int r = pmem_check_user(tf->ebx);
    if (r == 0)
        r = pmem_check_user(tf->ecx);
    if (r == 0)
        frame_copy(tf->ebx, tf->ecx);
    return r;
}

static int TRAP_REGPARM sc_console_write(struct trapframe *tf)
{
    uint32_t len = tf->ecx;
    if (len > CONSOLE_WRITE_MAX)
        return E_INVAL;
    int r = uaccess_check(tf->ebx, len, 0);
    if (r < 0)
        return r;
    console_write((const char *)tf->ebx, len);
    return (int)len;
}

static int TRAP_REGPARM sc_console_read(struct trapframe *tf)
{
    return console_read(tf->ebx, tf->ecx);
}

/* Who may name t as the console's foreground: t itself, its parent, a holder of RIGHT_SPACE. */
static int may_name_foreground(const struct task *t)
{
    return t == current->task || t->parent == current->task->id || has_right(RIGHT_SPACE);
}

/* Name the task Ctrl-C ends (0: none); the one named before, if any, must be ours to name too. */
static int TRAP_REGPARM sc_console_fg(struct trapframe *tf)
{
    struct task *t = tf->ebx ? task_get(tf->ebx) : 0;
    if (tf->ebx && !t)
        return E_NOENT;
    struct task *old = task_get(console_foreground());
    if ((t && !may_name_foreground(t)) || (old && !may_name_foreground(old)))
        return E_PERM;
    return (int)console_set_foreground(tf->ebx);
}

static int TRAP_REGPARM sc_trace_ctl(struct trapframe *tf)
{
    if (!has_right(RIGHT_TRACE))
        return E_PERM;
    return trace_ctl(tf->ebx, tf->ecx);
}

static int TRAP_REGPARM sc_getid(struct trapframe *tf)
{
    return (int)(tf->ebx ? current->task->id : current->tid);
}

static int TRAP_REGPARM sc_time(struct trapframe *tf)
{
    uint64_t t = rdtsc();
    tf->edx = (uint32_t)(t >> 32);
    return (int)(uint32_t)t;
}

static int TRAP_REGPARM sc_yield(struct trapframe *tf)
{
    (void)tf;
    sched_yield();
    return 0;
}

static int TRAP_REGPARM sc_kinfo(struct trapframe *tf)
{
    if (tf->ebx == KINFO_CMDLINE)
        return kinfo_cmdline(tf->edx, tf->esi);
    return kinfo_get(tf->ebx, tf->ecx, current->task);
}

static int TRAP_REGPARM sc_ioport(struct trapframe *tf)
{
    if (!has_right(RIGHT_IO))
        return E_PERM;
    int r = check_ports(tf->ebx, tf->ecx);
    if (r < 0)
        return r;
    return task_grant_ioports(current->task, tf->ebx, tf->ecx);
}

static int TRAP_REGPARM sc_irq_wait(struct trapframe *tf)
{
    if (!has_right(RIGHT_IO))
        return E_PERM;
    int r = check_irq(tf->ebx);
    return r < 0 ? r : irq_wait(current, tf->ebx);
}

static int TRAP_REGPARM sc_poweroff(struct trapframe *tf)
{
    if (!has_right(RIGHT_POWER))
        return E_PERM;
    trace_flush();
    machine_poweroff((int)tf->ebx);
}

static int TRAP_REGPARM sc_nosys(struct trapframe *tf)
{
    (void)tf;
    return E_NOSYS;
}

/*
 * Every call in the order of its number (abi/syscall.h), with no gap: trap.S
 * calls the entry of any number below SYS_COUNT without looking. Call and
 * reply_recv have tried the IPC fast path first (fastpath.S ipc_fast).
 */
const syscall_fn syscall_table[] = {
    sc_nosys,         /* 0 */
    sc_ipc,           /* SYS_SEND */
    sc_ipc,           /* SYS_RECV */
    sc_ipc,           /* SYS_CALL */
    sc_ipc,           /* SYS_REPLY_RECV */
    sc_task_create,   /* SYS_TASK_CREATE */
    sc_task_destroy,  /* SYS_TASK_DESTROY */
    sc_thread_create, /* SYS_THREAD_CREATE */
    sc_thread_exit,   /* SYS_THREAD_EXIT */
    sc_map,           /* SYS_MAP */
    sc_unmap,         /* SYS_UNMAP */
    sc_protect,       /* SYS_PROTECT */
    sc_query,         /* SYS_QUERY */
    sc_frame_alloc,   /* SYS_FRAME_ALLOC */
    sc_frame_free,    /* SYS_FRAME_FREE */
    sc_console_write, /* SYS_CONSOLE_WRITE */
    sc_trace_ctl,     /* SYS_TRACE_CTL */
    sc_getid,         /* SYS_GETID */
    sc_time,          /* SYS_TIME */
    sc_exit,          /* SYS_EXIT */
    sc_yield,         /* SYS_YIELD */
    sc_kinfo,         /* SYS_KINFO */
    sc_console_read,  /* SYS_CONSOLE_READ */
    sc_ioport,        /* SYS_IOPORT */
    sc_poweroff,      /* SYS_POWEROFF */
    sc_console_fg,    /* SYS_CONSOLE_FG */
    sc_table_add,     /* SYS_TABLE_ADD */
    sc_irq_wait,      /* SYS_IRQ_WAIT */
    sc_frame_copy,    /* SYS_FRAME_COPY */
    sc_kmem_add,      /* SYS_KMEM_ADD */
};
_Static_assert(sizeof(syscall_table) / sizeof(syscall_table[0]) == SYS_COUNT,
               "syscall_table has an entry for every number below SYS_COUNT");

/* Only the IPC calls take a flag (IPC_NONBLOCK); every other number here is no call. */
void syscall_entry(struct trapframe *tf)
{
    uint32_t num = tf->eax & ~IPC_NONBLOCK;
    tf->eax = (uint32_t)(num >= SYS_SEND && num <= SYS_REPLY_RECV ? sc_ipc(tf) : E_NOSYS);
}
