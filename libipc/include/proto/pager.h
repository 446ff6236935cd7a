/*
 * The pager's protocol for user programs (docs/pager.md): process calls,
 * the heap and the VM pool, the replacement policy and statistics. The
 * pager also receives the kernel's MSG_FAULT and MSG_EXIT (abi/msg.h).
 */
#ifndef PROTO_PAGER_H
#define PROTO_PAGER_H

#include "abi/msg.h"

#define PAGER_LABELS(X)                                                                            \
    X(PAGER_SBRK, 0x0300, "incr")                                                                  \
    X(PAGER_SPAWN, 0x0301, "name,args,quota")                                                      \
    X(PAGER_WAIT, 0x0302, "task,nohang")                                                           \
    X(PAGER_VM_ALLOC, 0x0304, "npages")                                                            \
    X(PAGER_VM_RELEASE, 0x0305, "addr")                                                            \
    X(PAGER_POLICY, 0x0306, "name,len")                                                            \
    X(PAGER_STATS, 0x0307, "task,field")                                                           \
    X(PAGER_PS, 0x0308, "index,part")                                                              \
    X(PAGER_FILE_READ, 0x0309, "name,offset")                                                      \
    X(PAGER_POLICY_NAME, 0x030A, "which,offset")                                                   \
    X(PAGER_KILL, 0x030B, "task")

enum pager_label { PAGER_LABELS(MSG_LABEL_ENUM) };

#endif
