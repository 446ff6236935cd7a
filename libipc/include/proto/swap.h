/*
 * The swap server's protocol (docs/swap.md), spoken by the pager alone.
 *
 * A page moves through a frame the pager maps at SWAP_BUF in the swap
 * server for the length of one request.
 */
#ifndef PROTO_SWAP_H
#define PROTO_SWAP_H

#include "abi/msg.h"

#define SWAP_LABELS(X)                                                                             \
    X(SWAP_OUT, 0x0400, "slot,vaddr")                                                              \
    X(SWAP_IN, 0x0401, "slot,vaddr")                                                               \
    X(SWAP_ALLOC, 0x0402, "")                                                                      \
    X(SWAP_FREE, 0x0403, "slot")                                                                   \
    X(SWAP_INFO, 0x0404, "")

enum swap_label { SWAP_LABELS(MSG_LABEL_ENUM) };

#define SWAP_BUF 0x70000000u

/* SWAP_INFO's answer (the pager passes it on for PAGER_SWAP_INFO): slots and pages moved. */
struct swap_info {
    uint32_t slots, used, writes, reads;
};

#endif
