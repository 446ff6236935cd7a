/*
 * The loop of a server that answers every request at once (quota, swap):
 * receive, let the handler turn the request into its reply, answer and
 * wait for the next in one reply_recv. Kernel notices (sender TID_KERNEL)
 * need no answer and are skipped.
 */
#include "ipc.h"

void ipc_serve(void (*handle)(msg_t *m, uint32_t sender))
{
    msg_t m;
    uint32_t sender;
    int r = ipc_recv(TID_ANY, &m, &sender);
    for (;;) {
        if (r < 0 || sender == TID_KERNEL) {
            r = ipc_recv(TID_ANY, &m, &sender);
            continue;
        }
        handle(&m, sender);
        r = ipc_reply_recv(sender, &m, &sender);
    }
}
