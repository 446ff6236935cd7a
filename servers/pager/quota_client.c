/*
 * The pager's side of the quota protocol (proto/quota.h): one call per request,
 * errors passed back as negative abi_errno values. (The quota server's own
 * container_* functions are the implementation these requests reach.)
 */
#include "pager.h"
#include "ipc.h"

static int quota_call(uint32_t label, uint32_t a, uint32_t b, msg_t *reply)
{
    *reply = (msg_t){label, {a, b, 0, 0}};
    int r = ipc_call(TID_QUOTA, reply);
    if (r < 0)
        return r;
    return reply->label == MSG_OK ? 0 : (int)reply->w[0];
}

/*
 * A frame in *frame, zeroed unless flags is FRAME_UNZEROED; *left: the
 * frames the container's quota still allows after it.
 */
int quota_alloc(uint32_t container, uint32_t flags, uint32_t *frame, uint32_t *left)
{
    msg_t m;
    int r = quota_call(QUOTA_ALLOC, container, flags, &m);
    if (r < 0)
        return r;
    *frame = m.w[0];
    *left = m.w[1];
    return 0;
}

int quota_free(uint32_t container, uint32_t frame)
{
    msg_t m;
    return quota_call(QUOTA_FREE, container, frame, &m);
}

/* A child container of container with quota frames: its id, or a negative abi_errno. */
int quota_split(uint32_t container, uint32_t quota)
{
    msg_t m;
    int r = quota_call(QUOTA_SPLIT, container, quota, &m);
    return r < 0 ? r : (int)m.w[0];
}

int quota_release(uint32_t container)
{
    msg_t m;
    return quota_call(QUOTA_RELEASE, container, 0, &m);
}

/* Charge task's frames to container from now on (QUOTA_NO_CONTAINER: to none). */
int quota_bind(uint32_t container, uint32_t task)
{
    msg_t m;
    return quota_call(QUOTA_BIND, container, task, &m);
}
