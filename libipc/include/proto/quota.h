/*
 * The quota server's protocol (docs/quota.md): the pager asks for frames
 * and manages containers; any task may ask QUOTA_SELF and QUOTA_INFO about
 * its own container. Replies are MSG_OK or MSG_ERR (abi/msg.h).
 */
#ifndef PROTO_QUOTA_H
#define PROTO_QUOTA_H

#include "abi/msg.h"

#define QUOTA_LABELS(X)                                                                            \
    X(QUOTA_ALLOC, 0x0200, "container")                                                            \
    X(QUOTA_FREE, 0x0201, "container,frame")                                                       \
    X(QUOTA_SPLIT, 0x0202, "container,quota")                                                      \
    X(QUOTA_RELEASE, 0x0203, "container")                                                          \
    X(QUOTA_INFO, 0x0204, "container,part")                                                        \
    X(QUOTA_CHECK, 0x0205, "")                                                                     \
    X(QUOTA_BIND, 0x0206, "container,task")                                                        \
    X(QUOTA_SELF, 0x0207, "part")

enum quota_label { QUOTA_LABELS(MSG_LABEL_ENUM) };

/* QUOTA_BIND's container for "charge this task to no container" (the task has ended). */
#define QUOTA_NO_CONTAINER 0xFFFFFFFFu

#endif
