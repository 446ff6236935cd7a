/*
 * A message in a thread's saved registers (abi/msg.h gives the layout):
 * label in ecx, words in edx, esi, edi, ebp, the sender in ebx. These two
 * functions are the whole encoding; the host unit test runs them as is.
 */
#ifndef KERNEL_MSGREG_H
#define KERNEL_MSGREG_H

#include "abi/msg.h"
#include "trap.h"

static inline void msg_from_regs(const struct trapframe *tf, msg_t *m)
{
    m->label = tf->ecx;
    m->w[0] = tf->edx;
    m->w[1] = tf->esi;
    m->w[2] = tf->edi;
    m->w[3] = tf->ebp;
}

static inline void msg_to_regs(struct trapframe *tf, uint32_t sender, const msg_t *m)
{
    tf->ebx = sender;
    tf->ecx = m->label;
    tf->edx = m->w[0];
    tf->esi = m->w[1];
    tf->edi = m->w[2];
    tf->ebp = m->w[3];
}

/* The common case, thread to thread: straight from one frame to the other. */
static inline void msg_copy_regs(struct trapframe *dst, const struct trapframe *src,
                                 uint32_t sender)
{
    dst->ebx = sender;
    dst->ecx = src->ecx;
    dst->edx = src->edx;
    dst->esi = src->esi;
    dst->edi = src->edi;
    dst->ebp = src->ebp;
}

#endif
