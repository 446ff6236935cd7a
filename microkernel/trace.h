/*
 * The IPC trace: a ring of struct trace_record (abi/trace.h) streamed to
 * COM2. When tracing is off, a traced event costs one test of trace_on.
 */
#ifndef KERNEL_TRACE_H
#define KERNEL_TRACE_H

#include <stdint.h>
#include "abi/msg.h"
#include "abi/trace.h"

/*
 * A kernel built with -DKERNEL_NO_TRACE has no trace at all: trace_on is the
 * constant 0 and every traced event compiles away. make bench builds one to
 * show that the off switch costs nothing measurable.
 */
#ifdef KERNEL_NO_TRACE
#define trace_on 0
#else
extern int trace_on;
#endif

void trace_init(const char *spec); /* the trace= boot option, or 0 */
void trace_event(uint32_t op, uint32_t from, uint32_t to, const msg_t *m, int32_t result);
void trace_name(uint32_t tid, const char *name);
void trace_flush(void);
int trace_ctl(uint32_t cmd, uint32_t arg);

#endif
