/*
 * TAP output for test programs: the host runner reads "ok N - ..." lines.
 * And what the test programs need to check a child they start.
 */
#ifndef TAP_H
#define TAP_H

#include <stdint.h>

void tap_plan(int n);
int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int tap_done(void); /* exit status: 0 when every test passed and the plan was met */
/* One POSIX call that must fail (failed: it said so) with errno want; what names it. */
int tap_errno(int failed, int want, const char *what);

/* How a child ran: what spawn and wait answered, and the caller's container usage around it. */
struct child_end {
    int task;         /* spawn's answer: the child's task id, or an error */
    int waited;       /* wait's answer: the task id again, or an error */
    int status;       /* exit status (-1 when killed or never run) */
    uint32_t reason;  /* REASON_* (REASON_NONE for exit) */
    uint32_t addr;    /* the address involved, when killed */
    int usage_before; /* quota_usage() before the spawn */
    int usage_after;  /* quota_usage() after the wait */
};
/* Spawn program with args and quota frames, wait for its end, and say how it went in *end. */
void child_run(const char *program, const char *args, uint32_t quota, struct child_end *end);
/* Take heap pages one at a time, touching each, until the quota ends the task (3 if sbrk fails). */
int hog_memory(void);
/* The child ended for reason (REASON_NONE: exited with status 0) and gave all its frames back. */
int child_ended_clean(const struct child_end *end, uint32_t reason);

#endif
