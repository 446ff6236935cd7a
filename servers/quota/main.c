/*
 * The quota server: the container layer (container.c) behind a message
 * loop. Only the pager may split, alloc, free, release and bind; any task
 * may read its own container (QUOTA_SELF) and ask whether the books
 * balance (QUOTA_CHECK). Frames come from the kernel's frame_alloc, which
 * only this task has the right to call.
 */
#include "container.h"
#include "ipc.h"
#include "proto/quota.h"
#include "str.h"
#include "ulib.h"

#define TASK_SLOTS 65 /* task ids 1..64, as the kernel's pool */

static int8_t task_container[TASK_SLOTS]; /* container of each task, -1 if none */

uint32_t quota_palloc(void)
{
    int f = sys_frame_alloc();
    return f > 0 ? (uint32_t)f : 0;
}

int quota_pfree(uint32_t frame)
{
    return sys_frame_free(frame);
}

static void reply_ok(msg_t *m, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    *m = (msg_t){MSG_OK, {a, b, c, d}};
}

static void reply_err(msg_t *m, int code)
{
    *m = (msg_t){MSG_ERR, {(uint32_t)code, 0, 0, 0}};
}

static void reply_result(msg_t *m, int r)
{
    if (r < 0)
        reply_err(m, r);
    else
        reply_ok(m, (uint32_t)r, 0, 0, 0);
}

static void reply_info(msg_t *m, uint32_t id)
{
    if (id >= NUM_IDS || !container_is_used(id)) {
        reply_err(m, E_NOENT);
        return;
    }
    uint32_t family = container_get_parent(id) | container_get_nchildren(id) << 16;
    reply_ok(m, id, container_get_quota(id), container_get_usage(id), family);
}

static void do_alloc(msg_t *m)
{
    uint32_t f = container_alloc(m->w[0]);
    if (f)
        reply_ok(m, f, container_get_quota(m->w[0]) - container_get_usage(m->w[0]), 0, 0);
    else
        reply_err(m, E_QUOTA);
}

static void do_bind(msg_t *m)
{
    uint32_t id = m->w[0], task = m->w[1];
    if (task == 0 || task >= TASK_SLOTS || (id != QUOTA_NO_CONTAINER && !container_is_used(id))) {
        reply_err(m, E_INVAL);
        return;
    }
    task_container[task] = (int8_t)id;
    reply_ok(m, 0, 0, 0, 0);
}

static void do_self(msg_t *m, uint32_t sender)
{
    int task = sys_kinfo(KINFO_THREAD_TASK, sender);
    if (task <= 0 || task >= TASK_SLOTS || task_container[task] < 0) {
        reply_err(m, E_NOENT);
        return;
    }
    reply_info(m, (uint32_t)task_container[task]);
}

static void do_check(msg_t *m)
{
    int bad = container_check();
    uint32_t held = container_total_held();
    int total = sys_kinfo(KINFO_FRAMES_TOTAL, 0), free = sys_kinfo(KINFO_FRAMES_FREE, 0);
    uint32_t kernel_count = (uint32_t)(total - free);
    if (bad < 0 && held != kernel_count)
        bad = NUM_IDS; /* containers agree with each other but not with the kernel */
    reply_ok(m, (uint32_t)bad, held, kernel_count, 0);
}

/* Handle one request; requests that change the books are the pager's alone. */
static void handle(msg_t *m, uint32_t sender)
{
    int from_pager = sender == TID_PAGER;
    switch (m->label) {
    case QUOTA_SELF:
        do_self(m, sender);
        return;
    case QUOTA_CHECK:
        do_check(m);
        return;
    case QUOTA_INFO:
        if (from_pager)
            reply_info(m, m->w[0]);
        else
            reply_err(m, E_PERM);
        return;
    }
    if (!from_pager) {
        reply_err(m, E_PERM);
        return;
    }
    switch (m->label) {
    case QUOTA_ALLOC:
        do_alloc(m);
        break;
    case QUOTA_FREE:
        reply_result(m, container_free(m->w[0], m->w[1]));
        break;
    case QUOTA_SPLIT:
        reply_result(m, container_split(m->w[0], m->w[1]));
        break;
    case QUOTA_RELEASE:
        reply_result(m, container_release(m->w[0]));
        break;
    case QUOTA_BIND:
        do_bind(m);
        break;
    default:
        reply_err(m, E_NOSYS);
    }
}

int main(const char *args)
{
    (void)args;
    memset(task_container, -1, sizeof(task_container));
    uint32_t free = (uint32_t)sys_kinfo(KINFO_FRAMES_FREE, 0);
    uint32_t boot = (uint32_t)sys_kinfo(KINFO_FRAMES_BOOT, 0);
    container_init(free, boot);
    printf("quota: root container 0 holds %u frames (%u KiB), %u used by the boot tasks\n",
           free + boot, (free + boot) * 4, boot);
    ipc_serve(handle);
}
