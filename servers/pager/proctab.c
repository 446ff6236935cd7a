/*
 * The pager's process table: one struct proc per process, malloc'd at
 * spawn and freed when its slot is done (proc.c says when), so the table
 * holds as many processes as the pager's heap allows. A dense array of
 * pointers numbers them for PAGER_PS and the seed's alloc_page (removal
 * moves the last into the hole: O(1)); two hashes find a process by its
 * task id and by its first thread in O(1).
 *
 * Invariants: all[p->index] == p for each of the n processes; a process is
 * in by_task from proctab_set_task until proctab_remove (its task id names
 * it alone: ids carry a generation), and in by_tid likewise for its first
 * thread (proctab_set_tid).
 */
#include "pager.h"
#include "ulib.h"

struct proc_ref {
    uint32_t key;
    struct proc *p;
};

static struct proc **all;
static uint32_t n, cap;
static struct hash by_task = {0, sizeof(struct proc_ref), 0, 0};
static struct hash by_tid = {0, sizeof(struct proc_ref), 0, 0};
/* The process proctab_by_tid found last (or NULL): a task's faults and requests come in runs. */
struct proc *proctab_last;

/* A new zeroed process in the table, without ids yet; NULL when memory is out. */
struct proc *proctab_add(void)
{
    if (n == cap) {
        uint32_t next = cap ? 2 * cap : 16;
        struct proc **grown = realloc(all, next * sizeof(*all));
        if (!grown)
            return 0;
        all = grown;
        cap = next;
    }
    struct proc *p = calloc(1, sizeof(*p));
    if (!p)
        return 0;
    p->index = n;
    all[n++] = p;
    return p;
}

static struct proc *ref_find(const struct hash *h, uint32_t key)
{
    const struct proc_ref *r = hash_find(h, key);
    return r ? r->p : 0;
}

/* key names p from now on: 0, E_EXIST (the kernel gave out an id still in use: its generations
 * wrapped) or E_NOMEM. */
static int ref_add(struct hash *h, uint32_t key, struct proc *p)
{
    if (ref_find(h, key))
        return E_EXIST;
    struct proc_ref *r = hash_insert(h, key);
    if (!r)
        return E_NOMEM;
    r->p = p;
    return 0;
}

/* Name p by task from now on: 0, or E_EXIST or E_NOMEM and no change. */
int proctab_set_task(struct proc *p, uint32_t task)
{
    int r = ref_add(&by_task, task, p);
    if (r == 0)
        p->task = task;
    return r;
}

/* Name p by its first thread tid from now on: 0, or E_EXIST or E_NOMEM and no change. */
int proctab_set_tid(struct proc *p, uint32_t tid)
{
    int r = ref_add(&by_tid, tid, p);
    if (r == 0)
        p->tid = tid;
    return r;
}

/* Take p out of the table and free it (its pages and tables are given back already). */
void proctab_remove(struct proc *p)
{
    if (ref_find(&by_task, p->task) == p)
        hash_remove(&by_task, p->task);
    if (ref_find(&by_tid, p->tid) == p)
        hash_remove(&by_tid, p->tid);
    if (proctab_last == p)
        proctab_last = 0;
    all[p->index] = all[--n];
    all[p->index]->index = p->index;
    free(p);
}

/* The i-th process (0 .. proctab_count() - 1), or NULL past the end. */
struct proc *proctab_at(uint32_t i)
{
    return i < n ? all[i] : 0;
}

uint32_t proctab_count(void)
{
    return n;
}

/* The process whose task id is task, or NULL. */
struct proc *proctab_by_task(uint32_t task)
{
    return ref_find(&by_task, task);
}

/* The process whose first thread is tid, or NULL. */
struct proc *proctab_by_tid(uint32_t tid)
{
    if (proctab_last && proctab_last->tid == tid)
        return proctab_last;
    struct proc *p = ref_find(&by_tid, tid);
    if (p)
        proctab_last = p;
    return p;
}
