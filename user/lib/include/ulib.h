/*
 * The user library: console output, process calls (through the pager),
 * memory, and small helpers shared by the programs in user/.
 */
#ifndef ULIB_H
#define ULIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "ipc.h"
#include "proto/pager.h"
#include "proto/swap.h"
#include "str.h"

/* Console. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int puts(const char *s);
int getchar(void); /* waits for a key; -1 on error */

/* A request to the pager: 0 and the reply in *reply, or the negative error (proto/pager.h). */
int pager_call(uint32_t label, uint32_t a, uint32_t b, uint32_t c, msg_t *reply);
/* The same with all four words of *m: 0 and the reply in *m, or the negative error. */
int pager_request(msg_t *m);

/* Processes (requests to the pager). */
void exit(int status) __attribute__((noreturn));
int spawn(const char *program, const char *args, uint32_t quota); /* child task id */
/* spawn with the caller's thread id appended to args, then take the child's first message:
 * the child's task id; *thread is the thread that sent it. */
int spawn_partner(const char *program, const char *args, uint32_t quota, uint32_t *thread);
/*
 * fork (docs/libc.md): a child with a copy-on-write image of the caller's
 * address space, resuming from the call with 0; the caller gets the child's
 * task id, or a negative error. The child's container gets quota frames
 * split from the caller's: fork_with's argument, fork_set_quota's (0:
 * the default), or by default half of the frames the caller has free.
 */
int fork(void);
int fork_with(uint32_t quota);
void fork_set_quota(uint32_t frames);
int fork_request(uint32_t eip, uint32_t esp, uint32_t quota);
int wait(int task, int *status, uint32_t *reason, uint32_t *addr);
int wait_nohang(int task, int *status, uint32_t *reason, uint32_t *addr); /* E_TIMEOUT: runs */
int kill(int task); /* end a task that descends from the caller */
/*
 * A thread of the caller's task at eip with stack esp, its faults to pager
 * (0: the caller's): its id, or an error. Its kernel memory, a page, comes
 * from the caller's container: a page an earlier thread left, else one the
 * pager gives (E_QUOTA when the container has none).
 */
int thread_create(uint32_t eip, uint32_t esp, uint32_t pager);
void *sbrk(intptr_t increment);                    /* (void *)-1 on error, see sbrk_error */
extern int sbrk_error;                             /* why the last sbrk failed */
int vmpool_alloc(uint32_t npages, uint32_t *addr); /* anonymous pages, mapped on first touch */
int vmpool_release(uint32_t addr);
/* Strings the pager hands out, whole, NUL terminated, on the heap (free them): length or error. */
int initrd_file(const char *name, char **text); /* a file of the initrd */
int policy_get(uint32_t which, char **name);    /* 0: the policy in force; N: the N-th known */
int policy_set(const char *name);               /* switch the pager's policy (trace right) */

/* The pager's counters of a task (0: the totals of every process, ended ones included). */
int pager_stats(uint32_t task, struct pager_stats *st);
/* The pager's own memory: its heap's frames, the bytes of it in use, the processes it keeps. */
int pager_mem(struct pager_mem *pm);
/* The swap store: slots, slots used, pages written and read (E_NOENT: no swap server). */
int swap_info(struct swap_info *si);

/* A process the pager knows, with its container's books (frames). */
struct ps_entry {
    uint32_t task, parent; /* task ids; parent 0: started by the pager */
    uint32_t container, parent_container;
    uint32_t quota, usage; /* its container's */
    uint32_t resident;     /* pages it has in memory */
    /* its pages (in memory or swap): its own, shared with other processes, and of those the
     * copy-on-write ones (fork); and the initrd's frames it maps (text, unwritten data, files) */
    uint32_t private_pages, shared_pages, cow_pages, initrd_pages;
    char name[TASK_NAME_MAX]; /* the program's name, cut at TASK_NAME_MAX - 1 bytes */
};
/* The next process from slot *slot on (start at 0): 1 and *e, 0 after the last, or an error. */
int ps_next(uint32_t *slot, struct ps_entry *e);
int ps_self(struct ps_entry *e); /* the caller's own entry: 1 and *e, or 0 */

/* The caller's memory container, from the quota server. */
struct quota_info {
    uint32_t id, quota, usage, parent, nchildren;
};
int quota_self(struct quota_info *qi);
int quota_usage(void); /* frames the caller's container uses, or a negative error */
int quota_check(void); /* -1: the books balance; else the first container that does not */
/* The frames the caller's container has free (quota - usage) beyond keep: what it can lend. */
uint32_t quota_spare(uint32_t keep);

/* Memory. */
void *malloc(size_t n);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);

/* Helpers. */
long strtol_simple(const char *s, const char **end);
const char *next_word(const char *s, char *word, int size);
/* The first argument of main's "name arg..." string into word; returns what follows it. */
const char *first_arg(const char *args, char *word, int size);
volatile int *at(uint32_t addr); /* addr as a pointer the compiler cannot see through */
uint64_t tsc(void);              /* the CPU's time-stamp counter (rdtsc) */
const char *errstr(int err);     /* its name: E_NOENT */
const char *errtext(int err);    /* its sentence: no such task, thread or file */
const char *reason_str(uint32_t reason);
/* The next number of a xorshift32 sequence; *state must not be 0 (it would stay 0). */
uint32_t rand_next(uint32_t *state);

/* Timing (user/lib/timing.c), in tsc ticks: instructions under qemu -icount. */
uint64_t time_faults(uint32_t pages); /* first touches of pages new heap pages; 0: no heap */
/* The partner of time_round_trips, run as "PROGRAM echo PARENT": answers every MSG_PING. */
int ping_serve(uint32_t parent);
/* rounds calls to a partner spawned as "PROGRAM echo" with quota frames; 0: it did not start. */
uint64_t time_round_trips(const char *program, uint32_t quota, uint32_t rounds);

#endif
