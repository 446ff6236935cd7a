/*
 * Memory containers. Invariants, checked by container_check: for every
 * used container, usage == held + the quotas of its children, usage <=
 * quota, and held equals the frames the owner table gives it (the root
 * also holds the boot frames, which are not in the table).
 */
#include "container.h"
#include "str.h"

static struct SContainer c[NUM_IDS];
static uint8_t owner[MAX_FRAMES];
static uint32_t boot_held;

void container_init(uint32_t free_frames, uint32_t boot_frames)
{
    memset(c, 0, sizeof(c));
    memset(owner, OWNER_NONE, sizeof(owner));
    boot_held = boot_frames;
    c[0] = (struct SContainer){free_frames + boot_frames, boot_frames, 0, 0, 1, boot_frames};
}

bool container_is_used(uint32_t id)
{
    return id < NUM_IDS && c[id].used;
}

uint32_t container_get_parent(uint32_t id)
{
    return id < NUM_IDS ? c[id].parent : 0;
}

uint32_t container_get_nchildren(uint32_t id)
{
    return id < NUM_IDS ? c[id].nchildren : 0;
}

uint32_t container_get_quota(uint32_t id)
{
    return id < NUM_IDS ? c[id].quota : 0;
}

uint32_t container_get_usage(uint32_t id)
{
    return id < NUM_IDS ? c[id].usage : 0;
}

uint32_t container_get_held(uint32_t id)
{
    return id < NUM_IDS ? c[id].held : 0;
}

bool container_can_consume(uint32_t id, uint32_t n)
{
    return container_is_used(id) && c[id].quota - c[id].usage >= n;
}

/* The child id of slot k: id * MAX_CHILDREN + 1 + k. */
static uint32_t child_id(uint32_t id, uint32_t k)
{
    return id * MAX_CHILDREN + 1 + k;
}

int container_split(uint32_t id, uint32_t quota)
{
    if (!container_is_used(id))
        return E_NOENT;
    if (!container_can_consume(id, quota))
        return E_QUOTA;
    if (c[id].nchildren == MAX_CHILDREN)
        return E_RANGE;
    uint32_t k = 0;
    while (k < MAX_CHILDREN && child_id(id, k) < NUM_IDS && c[child_id(id, k)].used)
        k++;
    if (k == MAX_CHILDREN || child_id(id, k) >= NUM_IDS)
        return E_RANGE;
    uint32_t child = child_id(id, k);
    c[child] = (struct SContainer){quota, 0, id, 0, 1, 0};
    c[id].usage += quota;
    c[id].nchildren++;
    return (int)child;
}

uint32_t container_alloc(uint32_t id)
{
    if (!container_can_consume(id, 1))
        return 0;
    uint32_t frame = quota_palloc();
    if (frame == 0)
        return 0;
    if (frame >= MAX_FRAMES) {
        quota_pfree(frame);
        return 0;
    }
    owner[frame] = (uint8_t)id;
    c[id].usage++;
    c[id].held++;
    return frame;
}

int container_free(uint32_t id, uint32_t frame)
{
    if (frame == 0 || frame >= MAX_FRAMES)
        return E_INVAL;
    if (!container_is_used(id) || owner[frame] != id || c[id].held == 0)
        return E_PERM;
    int r = quota_pfree(frame);
    if (r < 0)
        return r;
    owner[frame] = OWNER_NONE;
    c[id].usage--;
    c[id].held--;
    return 0;
}

int container_release(uint32_t id)
{
    if (id == 0 || !container_is_used(id))
        return E_INVAL;
    if (c[id].held || c[id].nchildren)
        return E_BUSY;
    struct SContainer *p = &c[c[id].parent];
    p->usage -= c[id].quota;
    p->nchildren--;
    c[id].used = 0;
    return 0;
}

/* Does container id add up? Counts its frames in the owner table. */
static bool container_balances(uint32_t id, const uint32_t *counted)
{
    uint32_t children = 0;
    for (uint32_t k = 0; k < MAX_CHILDREN; k++) {
        uint32_t ch = child_id(id, k);
        if (ch < NUM_IDS && c[ch].used) {
            if (c[ch].parent != id)
                return false;
            children += c[ch].quota;
        }
    }
    uint32_t expect_held = counted[id] + (id == 0 ? boot_held : 0);
    return c[id].held == expect_held && c[id].usage == c[id].held + children &&
           c[id].usage <= c[id].quota;
}

int container_check(void)
{
    static uint32_t counted[NUM_IDS];
    memset(counted, 0, sizeof(counted));
    for (uint32_t f = 0; f < MAX_FRAMES; f++)
        if (owner[f] != OWNER_NONE && owner[f] < NUM_IDS)
            counted[owner[f]]++;
    for (uint32_t id = 0; id < NUM_IDS; id++) {
        if (c[id].used && !container_balances(id, counted))
            return (int)id;
        if (!c[id].used && counted[id])
            return (int)id;
    }
    return -1;
}

uint32_t container_total_held(void)
{
    uint32_t total = 0;
    for (uint32_t id = 0; id < NUM_IDS; id++)
        if (c[id].used)
            total += c[id].held;
    return total;
}

int container_owner(uint32_t frame)
{
    return frame < MAX_FRAMES && owner[frame] != OWNER_NONE ? owner[frame] : -1;
}
