/*
 * The one server loop (server.h): quota, swap and the pager each hand it a
 * table of {label, who, handler}. A message is looked up by label, its
 * sender checked against the entry's who, and only then is the handler
 * called; the handler names the thread to answer (usually the sender, the
 * faulting thread for a MSG_FAULT, nobody for a deferred reply).
 */
#include "server.h"
#include "ipc.h"

/* The op for label, or NULL. The table is never empty (server.h), and its first entry is the
 * most common request: that one is found with one compare. */
static const struct server_op *op_find(const struct server *s, uint32_t label)
{
    const struct server_op *op = s->ops;
    while (op->label != label)
        if (++op == s->ops + s->nops)
            return 0;
    return op;
}

/* Any thread (WHO_ANY) or a client (WHO_CLIENT) for an op that names no one thread. Out of
 * line: the common requests name their one sender, which serve checks first. A sender is a
 * thread id (positive as an int) or TID_KERNEL, never WHO_ANY or WHO_CLIENT. */
static __attribute__((noinline)) int may_send_other(const struct server *s,
                                                    const struct server_op *op, uint32_t sender)
{
    if (op->who == WHO_ANY)
        return sender != TID_KERNEL;
    if (op->who == WHO_CLIENT)
        return sender != TID_KERNEL && s->is_client(sender);
    return 0;
}

static uint32_t serve(const struct server *s, msg_t *m, uint32_t sender)
{
    const struct server_op *op = op_find(s, m->label);
    if (op && (sender == op->who || may_send_other(s, op, sender)))
        return op->handler(m, sender);
    if (sender == TID_KERNEL)
        return 0; /* a kernel notice this server does not take needs no answer */
    if (op && s->refused)
        return s->refused(m, sender);
    return server_reply(m, sender, op ? E_PERM : E_NOSYS);
}

void server_loop(const struct server *s)
{
    msg_t m;
    uint32_t sender, to = 0;
    for (;;) {
        /* to 0 (TID_ANY) names no thread: nothing is sent, and the call only receives. */
        int r = ipc_reply_recv(to, &m, &sender);
        if (r >= 0)
            to = serve(s, &m, sender);
        /* A refused MSG_MAP answer comes back as it was sent, neither delivered nor received. */
        else if (to && m.label == MSG_MAP && s->undelivered)
            to = s->undelivered(&m, to);
        else
            to = 0;
    }
}
