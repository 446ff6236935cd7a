/*
 * Messages: a label and MSG_WORDS machine words, passed in registers.
 *
 * Register layout of the four IPC system calls (int $0x80):
 *   in:  eax = SYS_SEND/RECV/CALL/REPLY_RECV | flags, ebx = partner tid,
 *        ecx = label, edx/esi/edi/ebp = words 0..3
 *   out: eax = 0 or a negative abi_errno, ebx = sender tid (stamped by the
 *        kernel, never by the sender), ecx = label, edx/esi/edi/ebp = words
 *
 * MSG_LABELS lists the labels the kernel knows: the generic replies and the
 * messages it makes itself. The servers' protocols have their own lists in
 * libipc/include/proto/ (QUOTA_LABELS, PAGER_LABELS, SWAP_LABELS), so a new
 * server request does not rebuild the kernel. Each line is
 * X(name, value, "arg names") and is also read by tools/ipctrace, so keep
 * one entry per line and the argument names comma-separated; every list
 * makes its enum with MSG_LABEL_ENUM.
 */
#ifndef ABI_MSG_H
#define ABI_MSG_H

#include <stdint.h>

#define MSG_WORDS 4

typedef struct msg {
    uint32_t label;
    uint32_t w[MSG_WORDS];
} msg_t;

#define MSG_LABELS(X)                                                                              \
    /* generic replies */                                                                          \
    X(MSG_OK, 0x0001, "val,a1,a2,a3")                                                              \
    X(MSG_ERR, 0x0002, "code")                                                                     \
    X(MSG_KILL, 0x0003, "reason,addr")                                                             \
    X(MSG_PING, 0x0004, "seq,a1,a2,a3")                                                            \
    /* kernel -> pager (made by the kernel on a thread's behalf) */                                \
    X(MSG_FAULT, 0x0100, "addr,err,eip")                                                           \
    X(MSG_EXIT, 0x0101, "task,status,reason,addr")                                                 \
    /* pager -> kernel: the answer to a FAULT that maps the page as it resumes the thread */       \
    X(MSG_MAP, 0x0102, "vaddr,frame,perm")

#define MSG_LABEL_ENUM(name, value, args) name = value,
enum msg_label { MSG_LABELS(MSG_LABEL_ENUM) };

/*
 * Why a task was ended. Carried in MSG_KILL.reason and MSG_EXIT.reason;
 * KILL_REASONS is read by tools/ipctrace too.
 */
#define KILL_REASONS(X)                                                                            \
    X(REASON_NONE, 0, "exited")                                                                    \
    X(REASON_SEGV, 1, "address in no region")                                                      \
    X(REASON_WRITE_RO, 2, "write to read-only region")                                             \
    X(REASON_PROT, 3, "access violates page permissions")                                          \
    X(REASON_STACK, 4, "stack overflow")                                                           \
    X(REASON_QUOTA, 5, "out of memory quota")                                                      \
    X(REASON_NULL, 6, "null pointer dereference")                                                  \
    X(REASON_KADDR, 7, "access to kernel address")                                                 \
    X(REASON_DIVIDE, 8, "divide error (#DE)")                                                      \
    X(REASON_UD, 9, "invalid opcode (#UD)")                                                        \
    X(REASON_GP, 10, "general protection fault (#GP)")                                             \
    X(REASON_NP, 11, "segment not present (#NP)")                                                  \
    X(REASON_SS, 12, "stack segment fault (#SS)")                                                  \
    X(REASON_EXC, 13, "CPU exception")                                                             \
    X(REASON_NOPAGER, 14, "page fault with no pager")                                              \
    X(REASON_PAGER_REPLY, 15, "bad reply from pager")                                              \
    X(REASON_KILLED, 16, "killed")                                                                 \
    X(REASON_SWAP, 17, "swap store full")                                                          \
    X(REASON_BADMSG, 18, "forged or malformed message")                                            \
    X(REASON_MAP, 19, "page could not be mapped")                                                  \
    X(REASON_PAGER_NOMEM, 20, "pager out of memory")                                               \
    X(REASON_SWAP_IO, 21, "swap I/O error")                                                        \
    X(REASON_IMAGE, 22, "program file shorter than its headers say")                               \
    X(REASON_NO_PROGRESS, 23, "memory quota too small for one instruction")                        \
    X(REASON_INTERRUPT, 24, "interrupted (Ctrl-C)")                                                \
    X(REASON_FILE_END, 25, "access past the end of a mapped file")

#define KILL_REASON_ENUM(name, value, text) name = value,
enum kill_reason { KILL_REASONS(KILL_REASON_ENUM) REASON_COUNT /* one past the last */ };
#undef KILL_REASON_ENUM

#endif
