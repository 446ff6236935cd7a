/*
 * The pager's side of the quota protocol (abi/msg.h): one call per request,
 * errors passed back as negative abi_errno values.
 */
#include "pager.h"
#include "ipc.h"

uint32_t container_free_after_alloc;

static int quota_call(uint32_t label, uint32_t a, uint32_t b, msg_t *reply)
{
    *reply = (msg_t){label, {a, b, 0, 0}};
    int r = ipc_call(TID_QUOTA, reply);
    if (r < 0)
        return r;
    return reply->label == MSG_OK ? 0 : (int)reply->w[0];
}

/* A frame (0: none). The reply also says how much quota is left, kept for prefetch. */
uint32_t container_alloc(uint32_t container)
{
    msg_t m;
    if (quota_call(QUOTA_ALLOC, container, 0, &m) < 0) {
        container_free_after_alloc = 0;
        return 0;
    }
    container_free_after_alloc = m.w[1];
    return m.w[0];
}

int container_free(uint32_t container, uint32_t frame)
{
    msg_t m;
    return quota_call(QUOTA_FREE, container, frame, &m);
}

int container_split(uint32_t container, uint32_t quota)
{
    msg_t m;
    int r = quota_call(QUOTA_SPLIT, container, quota, &m);
    return r < 0 ? r : (int)m.w[0];
}

int container_release(uint32_t container)
{
    msg_t m;
    return quota_call(QUOTA_RELEASE, container, 0, &m);
}

int container_bind(uint32_t container, uint32_t task)
{
    msg_t m;
    return quota_call(QUOTA_BIND, container, task, &m);
}
