/*
 * The pager server: its process table and the operations of its parts
 * (memory.c: frames, faults, sbrk and VM pools; proc.c: spawn, exit, wait;
 * quota_client.c: requests to the quota server). The message loop is in
 * main.c.
 */
#ifndef PAGER_PAGER_H
#define PAGER_PAGER_H

#include <stdint.h>
#include "abi/msg.h"
#include "pagemap.h"
#include "policy/policy.h"
#include "region.h"

#define PROC_MAX      20
#define MagicNumber   0xFFFFFFFFu /* alloc_page: no frame could be had (the seed's name) */
#define WINDOW_VA     0xB0000000u /* where the pager maps a frame to fill or read it */
#define PROC_NAME_MAX 16
#define SWAPPED       0x80000000u /* pagemap entry holds a swap slot, not a frame */
#define PM_PREFETCHED 0x1         /* pagemap flag: mapped by prefetch, not yet seen used */

/* What the pager counts, per process and in total. */
struct pager_stats {
    uint32_t faults, mapped, prefetched, prefetch_used, prefetch_wasted;
    uint32_t evictions, swap_outs, swap_ins;
};

struct proc {
    uint32_t task;      /* kernel task id; 0 = free slot */
    uint32_t tid;       /* its first thread */
    uint32_t container; /* quota container */
    uint32_t parent;    /* parent task id, 0 for init */
    uint32_t rights;
    const uint8_t *image; /* its ELF file in the initrd */
    uint32_t image_len;
    char name[PROC_NAME_MAX];
    struct vmspace vs;
    struct pagemap pm;
    /* once the task has ended */
    uint8_t exited, collected, release_pending;
    int status;
    uint32_t reason, addr;
    uint32_t waiter; /* thread blocked in PAGER_WAIT on it, 0 if none */
    uint8_t pinned;  /* never evicted: the swap server */
    struct pager_stats st;
    struct resident res; /* resident pages, for the replacement policy */
};

extern struct proc procs[PROC_MAX];
extern const uint8_t *initrd;
extern uint32_t initrd_len;
extern struct policy policy;      /* the policy in force */
extern struct pager_stats totals; /* every process, ended ones included */
extern uint32_t swap_tid;         /* the swap server's thread, 0 when there is none */

/* quota_client.c */
extern uint32_t container_free_after_alloc;   /* quota left after the last container_alloc */
uint32_t container_alloc(uint32_t container); /* frame, or 0 */
int container_free(uint32_t container, uint32_t frame);
int container_split(uint32_t container, uint32_t quota);
int container_release(uint32_t container);
int container_bind(uint32_t container, uint32_t task);

/* memory.c */
uint32_t alloc_page(uint32_t proc_index, uint32_t vaddr, uint32_t perm);
uint32_t alloc_mem_quota(uint32_t id, uint32_t quota);
int map_page(uint32_t proc_index, uint32_t vaddr, uint32_t frame, uint32_t perm);
int fault_handle(struct proc *p, uint32_t addr, uint32_t err, uint32_t *reason);
int proc_read(struct proc *p, uint32_t va, void *buf, uint32_t len);
int proc_read_str(struct proc *p, uint32_t va, char *buf, uint32_t size);
int proc_write_page(struct proc *p, uint32_t va, const void *src, uint32_t len);
void proc_free_range(struct proc *p, uint32_t start, uint32_t end);
void proc_free_all(struct proc *p);
int do_sbrk(struct proc *p, int32_t incr, uint32_t *old);
int do_vm_alloc(struct proc *p, uint32_t npages, uint32_t *addr);
int do_vm_release(struct proc *p, uint32_t addr);
void map_eagerly(struct proc *p, uint32_t start, uint32_t end);

/* swap_client.c */
int swap_alloc(void);
int swap_free(uint32_t slot);
int swap_out(uint32_t slot, uint32_t frame, uint32_t va);
int swap_in(uint32_t slot, uint32_t frame, uint32_t va);

/* proc.c */
struct proc *proc_by_task(uint32_t task);
struct proc *proc_by_tid(uint32_t tid);
uint32_t proc_index(const struct proc *p);
int proc_start_init(const char *args);
int proc_spawn(struct proc *parent, const char *name, const char *args, uint32_t quota,
               uint32_t rights);
int swap_start(void);
int do_spawn(struct proc *parent, uint32_t name_va, uint32_t args_va, uint32_t quota);
int do_wait(struct proc *parent, uint32_t child, uint32_t waiter, msg_t *reply);
void proc_exited(uint32_t task, int status, uint32_t reason, uint32_t addr);

#endif
