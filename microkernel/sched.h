/*
 * The scheduler (sched.c): preemptive round robin over a circular list of
 * ready threads, an idle thread when the list is empty, and the hand-off
 * that IPC uses to run the partner at once.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdint.h>

struct thread;

extern struct thread *current; /* the thread running on the CPU */
extern struct thread *runq;    /* the next ready thread to run (0: none; fastpath.S splices) */
/* The I/O bitmap the TSS holds a copy of (0: none), and the load of th's if it differs. */
extern const uint8_t *loaded_iomap;
void sched_load_iomap(const struct thread *th);

void sched_init(void);
void sched_ready(struct thread *th);
void sched_unready(struct thread *th);
void sched_yield(void);
void sched_block(void);                                    /* current is no longer runnable */
void sched_handoff(struct thread *me, struct thread *dst); /* me blocks, dst runs in its place */
/* What a thread does first when a context switch resumes it: free dead threads' slots. */
void sched_resumed(void);
void sched_iomap_changed(void); /* an I/O bitmap was granted or given back */
void sched_start(void) __attribute__((noreturn));
void sched_tick(void);

#endif
