/*
 * The pager's side of the quota protocol (abi/msg.h): one call per request,
 * errors passed back as negative abi_errno values.
 */
#include "pager.h"
#include "ipc.h"

static int quota_call(uint32_t label, uint32_t a, uint32_t b, uint32_t *val)
{
    msg_t m = {label, {a, b, 0, 0}};
    int r = ipc_call(TID_QUOTA, &m);
    if (r < 0)
        return r;
    if (m.label != MSG_OK)
        return (int)m.w[0];
    if (val)
        *val = m.w[0];
    return 0;
}

uint32_t container_alloc(uint32_t container)
{
    uint32_t frame = 0;
    return quota_call(QUOTA_ALLOC, container, 0, &frame) < 0 ? 0 : frame;
}

int container_free(uint32_t container, uint32_t frame)
{
    return quota_call(QUOTA_FREE, container, frame, 0);
}

int container_split(uint32_t container, uint32_t quota)
{
    uint32_t child = 0;
    int r = quota_call(QUOTA_SPLIT, container, quota, &child);
    return r < 0 ? r : (int)child;
}

int container_release(uint32_t container)
{
    return quota_call(QUOTA_RELEASE, container, 0, 0);
}

int container_bind(uint32_t container, uint32_t task)
{
    return quota_call(QUOTA_BIND, container, task, 0);
}
