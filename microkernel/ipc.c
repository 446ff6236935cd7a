/*
 * IPC: send, recv, call and reply_recv, L4 style. A thread that sends to a
 * partner not yet receiving waits in the partner's send queue (FIFO); a
 * call, once delivered, turns into a receive from the callee, so only the
 * callee can answer it. The sender id a receiver sees is stamped here:
 * the thread's own id, or TID_KERNEL for messages the kernel made (FAULT,
 * EXIT). Invariant: a thread is in at most one send queue, and only in
 * state TS_SEND.
 *
 * Kernel-made messages. A thread that faults calls its pager from inside
 * the kernel (fault.c fault_forward): its registers hold the user state to
 * resume, so the FAULT travels in th->kmsg, marked by th->kernel_made, and
 * the pager sees it from TID_KERNEL. The pager's reply then reaches a
 * thread asleep inside fault_forward, not one returning from a system
 * call: deliver() and msg_store() see dst->kernel_made and write the reply
 * into dst->kmsg, which fault_forward reads when the thread runs again.
 * The fast path leaves both cases to this file.
 */
#include "ipc.h"
#include "fastpath.h" /* its checks of the layout fastpath.S assumes */
#include "fault.h"
#include "msgreg.h"
#include "sched.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "trace.h"

/* The message th is sending: its kmsg if kernel-made, else its registers. */
static void msg_load(const struct thread *th, msg_t *m)
{
    if (th->kernel_made) {
        *m = th->kmsg;
        return;
    }
    msg_from_regs(th->tf, m);
}

/* Give th a message: into kmsg if th waits inside fault_forward, else its registers. */
static void msg_store(struct thread *th, uint32_t sender, const msg_t *m)
{
    th->ipc_result = 0;
    if (th->kernel_made) {
        th->kmsg = *m;
        return;
    }
    msg_to_regs(th->tf, sender, m);
}

/* Out of line and marked cold, so that the untraced path pays only for the test of trace_on. */
static void __attribute__((noinline, cold))
trace_delivery(const struct thread *src, const struct thread *dst)
{
    msg_t m;
    msg_load(src, &m);
    uint32_t op = src->kernel_made      ? TOP_FAULT
                  : dst->awaiting_reply ? TOP_REPLY
                  : src->is_call        ? TOP_CALL
                                        : TOP_SEND;
    trace_event(op, src->kernel_made ? TID_KERNEL : src->tid, dst->tid, &m, 0);
}

/*
 * Copy src's message into dst, which is ready to take it. Register to
 * register is the common case; a FAULT going out or a reply to one coming
 * back (kernel_made on either side) goes through kmsg.
 */
static void deliver(struct thread *src, struct thread *dst)
{
    if (__builtin_expect(trace_on, 0))
        trace_delivery(src, dst);
    if (__builtin_expect(!src->kernel_made && !dst->kernel_made, 1)) {
        msg_copy_regs(dst->tf, src->tf, src->tid);
        dst->ipc_result = 0;
    } else {
        msg_t m;
        msg_load(src, &m);
        msg_store(dst, src->kernel_made ? TID_KERNEL : src->tid, &m);
    }
    dst->awaiting_reply = 0;
}

/* After delivery, the sender either goes on or, for a call, waits for the reply. */
static void sender_done(struct thread *src, struct thread *dst)
{
    src->ipc_result = 0;
    if (src->is_call) {
        src->state = TS_RECV;
        src->partner = dst->tid;
        dst->awaited = 1;
        src->awaiting_reply = 1;
    } else {
        sched_ready(src);
    }
    src->is_call = 0;
}

static int waiting_for(const struct thread *dst, const struct thread *src)
{
    return dst->state == TS_RECV && (dst->partner == TID_ANY || dst->partner == src->tid);
}

static void sendq_append(struct thread *dst, struct thread *s)
{
    struct thread **p = &dst->sendq;
    while (*p)
        p = &(*p)->sendq_next;
    *p = s;
    s->sendq_next = 0;
}

void kipc_cancel_send(struct thread *th)
{
    if (th->state != TS_SEND)
        return;
    struct thread *dst = thread_get(th->partner);
    if (!dst)
        return;
    for (struct thread **p = &dst->sendq; *p; p = &(*p)->sendq_next) {
        if (*p == th) {
            *p = th->sendq_next;
            th->sendq_next = 0;
            return;
        }
    }
}

void kipc_abort(struct thread *th, int err)
{
    th->ipc_result = err;
    th->is_call = 0;
    th->awaiting_reply = 0;
    sched_ready(th);
}

void kipc_send(struct thread *me, uint32_t to, int call, int nonblock)
{
    struct thread *dst = thread_get(to);
    if (!dst || dst == me) {
        me->ipc_result = dst ? E_INVAL : E_NOENT;
        return;
    }
    me->is_call = call;
    if (waiting_for(dst, me)) {
        deliver(me, dst);
        sender_done(me, dst);
        if (call)
            sched_handoff(me, dst);
        else
            sched_ready(dst);
        return;
    }
    if (nonblock) {
        me->is_call = 0;
        me->ipc_result = E_TIMEOUT;
        return;
    }
    me->state = TS_SEND;
    me->partner = to;
    sendq_append(dst, me);
    sched_block();
}

static struct thread *sendq_take(struct thread *me, uint32_t from)
{
    for (struct thread **p = &me->sendq; *p; p = &(*p)->sendq_next) {
        struct thread *s = *p;
        if (from == TID_ANY || s->tid == from) {
            *p = s->sendq_next;
            s->sendq_next = 0;
            return s;
        }
    }
    return 0;
}

/* The first ended task whose EXIT waits for me: delivered, and its slot freed. */
static int notify_take(struct thread *me)
{
    struct task *t = me->notices;
    if (!t)
        return 0;
    me->notices = t->notice_next;
    msg_store(me, TID_KERNEL, &t->exit_msg);
    task_free(t); /* the notice was the last thing the slot held */
    return 1;
}

void kipc_recv(struct thread *me, uint32_t from, int nonblock)
{
    if (from == TID_ANY && notify_take(me))
        return;
    struct thread *src = sendq_take(me, from);
    if (src) {
        deliver(src, me);
        sender_done(src, me);
        return;
    }
    struct thread *wanted = from == TID_ANY ? 0 : thread_get(from);
    if (from != TID_ANY && !wanted) {
        me->ipc_result = E_DEAD;
        return;
    }
    if (nonblock) {
        me->ipc_result = E_TIMEOUT;
        return;
    }
    me->state = TS_RECV;
    me->partner = from;
    if (wanted)
        wanted->awaited = 1;
    sched_block();
}

/*
 * Answer to if it waits to receive from us (else nothing is sent), then
 * receive. A pager's answer to a FAULT comes here: to is asleep inside
 * fault_forward, and deliver() puts the answer in its kmsg. An answer
 * MSG_MAP maps the page first; if that fails, nothing is sent or received
 * and the error is ours.
 */
void kipc_reply_recv(struct thread *me, uint32_t to, int nonblock)
{
    struct thread *dst = thread_get(to);
    if (dst && dst->state == TS_RECV && dst->partner == me->tid) {
        int r = fault_reply_map(dst, me->tf);
        if (r < 0) {
            me->ipc_result = r; /* not delivered: the pager learns why, and dst still waits */
            return;
        }
        deliver(me, dst);
        if (!nonblock && !me->notices && !me->sendq) {
            me->state = TS_RECV;
            me->partner = TID_ANY;
            sched_handoff(me, dst); /* nothing to receive yet: the caller runs at once */
            return;
        }
        sched_ready(dst);
    }
    kipc_recv(me, TID_ANY, nonblock);
}

uint32_t kipc_general_only;

/* A thread blocked on the fast path (fastpath.S), woken here: its system call ends. */
void kipc_resume(struct trapframe *tf)
{
    sched_resumed();
    tf->eax = (uint32_t)current->ipc_result;
}

void kipc_notify(struct thread *th, struct task *ended)
{
    if (th->state == TS_RECV && th->partner == TID_ANY) {
        msg_store(th, TID_KERNEL, &ended->exit_msg);
        task_free(ended);
        sched_ready(th);
        return;
    }
    ended->notice_next = 0; /* queued in the ended task itself: no notice is ever dropped */
    if (th->notices)
        th->notices_tail->notice_next = ended;
    else
        th->notices = ended;
    th->notices_tail = ended;
}
