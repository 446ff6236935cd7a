/*
 * IPC trace record, version 1: the format the kernel streams to COM2 and
 * tools/ipctrace decodes. A stream is a sequence of records, each exactly
 * TRACE_RECORD_SIZE bytes, little-endian, laid out as struct trace_record.
 * TRACE_OPS is read by tools/ipctrace: one X(name, value) per line.
 */
#ifndef ABI_TRACE_H
#define ABI_TRACE_H

#include <stdint.h>

#define TRACE_MAGIC       0x5254u /* bytes 'T','R' in the stream */
#define TRACE_VERSION     1u
#define TRACE_RECORD_SIZE 48u

#define TRACE_OPS(X)                                                                               \
    X(TOP_SEND, 1)   /* a message delivered by send (or the send half of call) */                  \
    X(TOP_RECV, 2)   /* a receiver picked a message up after blocking */                           \
    X(TOP_CALL, 3)   /* a call's request delivered; the caller now waits for the reply */          \
    X(TOP_REPLY, 4)  /* a reply delivered to a waiting caller */                                   \
    X(TOP_FAULT, 5)  /* kernel-made FAULT call on a thread's behalf to its pager */                \
    X(TOP_KILL, 6)   /* a task ended by the kernel or by its pager's KILL */                       \
    X(TOP_EXIT, 7)   /* EXIT notice delivered to the pager of an ended task */                     \
    X(TOP_MAP, 8)    /* map syscall: from=caller, to=task, w0=vaddr, w1=frame, w2=perm */          \
    X(TOP_NAME, 9)   /* a thread's task name: from=tid, to=task, w0..w2 = 12 bytes, NUL padded */  \
    X(TOP_DROP, 10)  /* records lost to ring overflow: w0 = how many */                            \
    X(TOP_UNMAP, 11) /* unmap syscall: from=caller, to=task, w0=vaddr, w1=frame */

#define TRACE_OP_ENUM(name, value) name = value,
enum trace_op { TRACE_OPS(TRACE_OP_ENUM) };
#undef TRACE_OP_ENUM

struct trace_record {
    uint16_t magic;  /* TRACE_MAGIC */
    uint8_t version; /* TRACE_VERSION */
    uint8_t op;      /* enum trace_op */
    uint32_t seq;    /* increases by one per record made, dropped ones included */
    uint64_t tsc;    /* rdtsc at the event */
    uint32_t from;   /* sending thread id (TID_KERNEL for kernel-made) */
    uint32_t to;     /* receiving thread id */
    uint32_t label;  /* message label (abi/msg.h) */
    uint32_t w[3];   /* first three message words */
    int32_t result;  /* 0 or a negative abi_errno */
    uint32_t check;  /* sum of the eleven 32-bit words before it, mod 2^32 */
};

/* trace_ctl commands (SYS_TRACE_CTL ebx). */
#define TRACE_CTL_OFF    0
#define TRACE_CTL_ON     1
#define TRACE_CTL_CLEAR  2
#define TRACE_CTL_DUMP   3 /* stream what is buffered to COM2 now */
#define TRACE_CTL_STATUS 4 /* returns on (1) or off (0) */
#define TRACE_CTL_DROPS  5 /* returns how many records the ring has lost */

#endif
