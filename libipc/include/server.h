/*
 * One shape for every server (quota, swap, pager): a table of operations,
 * each {label, who may send it, handler}, served by server_loop
 * (libipc/server.c). The loop checks who sent a request before it calls
 * the handler, so a handler only does its work.
 */
#ifndef LIBIPC_SERVER_H
#define LIBIPC_SERVER_H

#include <stdint.h>
#include "abi/msg.h"
#include "abi/syscall.h"

/*
 * Who may send a label: one thread (TID_KERNEL for the messages the kernel
 * makes, TID_PAGER, ...), WHO_ANY (any thread but the kernel) or WHO_CLIENT
 * (a thread the server's is_client accepts).
 */
#define WHO_ANY    TID_ANY
#define WHO_CLIENT 0xFFFFFFFEu

struct server_op {
    uint32_t label;
    uint32_t who;
    /* Serve m from sender: leave the reply in m and return the thread to
     * answer, or 0 for none (the reply comes later, or nobody waits). */
    uint32_t (*handler)(msg_t *m, uint32_t sender);
};

struct server {
    const struct server_op *ops; /* nops >= 1 of them, the most common request first */
    uint32_t nops;
    int (*is_client)(uint32_t sender); /* for WHO_CLIENT; 0 when no op uses it */
    /* A known label from a thread that may not send it: fill m and return
     * the thread to answer, or 0. Without it the sender gets E_PERM. */
    uint32_t (*refused)(msg_t *m, uint32_t sender);
    /* A MSG_MAP answer m to `to` whose mapping the kernel refused: to still
     * waits. Fill m and return the thread to answer, or 0. A pager's. */
    uint32_t (*undelivered)(msg_t *m, uint32_t to);
};

/* Receive, serve, answer and receive again in one reply_recv, forever. An
 * unknown label gets E_NOSYS; a kernel message nobody serves, no answer; a
 * MSG_MAP answer the kernel refused goes to undelivered. */
void server_loop(const struct server *s) __attribute__((noreturn));

/* The reply to a request whose result is r: MSG_ERR{r} when r < 0, else
 * MSG_OK with the words the handler left in m. Returns to. Inline: every
 * handler ends in it. */
static inline uint32_t server_reply(msg_t *m, uint32_t to, int r)
{
    if (r < 0)
        *m = (msg_t){MSG_ERR, {(uint32_t)r, 0, 0, 0}};
    else
        m->label = MSG_OK;
    return to;
}

/* MSG_OK{r} when r >= 0, else MSG_ERR{r}. Returns to. */
static inline uint32_t server_result(msg_t *m, uint32_t to, int r)
{
    *m = (msg_t){MSG_OK, {(uint32_t)r, 0, 0, 0}};
    return server_reply(m, to, r);
}

#endif
