/*
 * Memory containers: the container table, the frame owner table and the
 * operations on them. Every operation either succeeds whole or leaves both
 * tables untouched. A free container id is all zeros, so the getters need
 * no special case for it.
 */
#include "container.h"
#include "str.h"

static struct SContainer containers[NUM_IDS];
static uint8_t owner[MAX_FRAMES]; /* container holding each frame, or OWNER_NONE */
static uint32_t boot_held;        /* frames the root holds that are not in owner[] */

static const struct SContainer no_container;

void container_init(uint32_t free_frames, uint32_t boot_frames)
{
    memset(containers, 0, sizeof(containers));
    memset(owner, OWNER_NONE, sizeof(owner));
    boot_held = boot_frames;
    containers[0] = (struct SContainer){
        .quota = free_frames + boot_frames,
        .usage = boot_frames,
        .used = 1,
        .held = boot_frames,
    };
}

/* Container id for reading: a zeroed one when id is out of range. */
static const struct SContainer *peek(uint32_t id)
{
    return id < NUM_IDS ? &containers[id] : &no_container;
}

uint32_t container_get_parent(uint32_t id)
{
    return peek(id)->parent;
}

uint32_t container_get_nchildren(uint32_t id)
{
    return peek(id)->nchildren;
}

uint32_t container_get_quota(uint32_t id)
{
    return peek(id)->quota;
}

uint32_t container_get_usage(uint32_t id)
{
    return peek(id)->usage;
}

uint32_t container_get_held(uint32_t id)
{
    return peek(id)->held;
}

bool container_is_used(uint32_t id)
{
    return peek(id)->used;
}

bool container_can_consume(uint32_t id, uint32_t n)
{
    const struct SContainer *s = peek(id);
    return s->used && s->usage <= s->quota && s->quota - s->usage >= n;
}

static uint32_t child_id(uint32_t id, uint32_t slot)
{
    return id * MAX_CHILDREN + 1 + slot;
}

/* The id of id's first free child slot; NUM_IDS or above when there is none. */
static uint32_t child_id_free(uint32_t id)
{
    for (uint32_t slot = 0; slot < MAX_CHILDREN; slot++) {
        uint32_t child = child_id(id, slot);
        if (child >= NUM_IDS || !containers[child].used)
            return child;
    }
    return NUM_IDS;
}

int container_split(uint32_t id, uint32_t quota)
{
    if (!container_is_used(id))
        return E_NOENT;
    if (!container_can_consume(id, quota))
        return E_QUOTA;
    uint32_t child = child_id_free(id);
    if (child >= NUM_IDS)
        return E_RANGE;
    containers[child] = (struct SContainer){.quota = quota, .parent = id, .used = 1};
    containers[id].usage += quota;
    containers[id].nchildren++;
    return (int)child;
}

uint32_t container_alloc(uint32_t id)
{
    if (!container_can_consume(id, 1))
        return 0;
    uint32_t frame = quota_palloc();
    if (frame == 0)
        return 0;
    if (frame >= MAX_FRAMES) { /* beyond the owner table: cannot be accounted for */
        quota_pfree(frame);
        return 0;
    }
    owner[frame] = (uint8_t)id;
    containers[id].usage++;
    containers[id].held++;
    return frame;
}

/* Does id hold frame (and do its counters say it holds something)? */
static bool container_holds(uint32_t id, uint32_t frame)
{
    const struct SContainer *s = peek(id);
    return s->used && owner[frame] == id && s->held > 0 && s->usage > 0;
}

int container_free(uint32_t id, uint32_t frame)
{
    if (frame == 0 || frame >= MAX_FRAMES)
        return E_INVAL;
    if (!container_holds(id, frame))
        return E_PERM;
    int r = quota_pfree(frame);
    if (r < 0)
        return r;
    owner[frame] = OWNER_NONE;
    containers[id].usage--;
    containers[id].held--;
    return 0;
}

int container_release(uint32_t id)
{
    if (id == 0 || !container_is_used(id))
        return E_INVAL;
    struct SContainer *s = &containers[id];
    if (s->held != 0 || s->nchildren != 0)
        return E_BUSY;
    struct SContainer *p = &containers[s->parent];
    p->usage -= s->quota;
    p->nchildren--;
    *s = no_container;
    return 0;
}

/* Is id's parent link right: the parent its number names, and in use? */
static bool container_parent_ok(uint32_t id)
{
    if (id == 0)
        return containers[0].parent == 0;
    uint32_t parent = (id - 1) / MAX_CHILDREN;
    return containers[id].parent == parent && containers[parent].used;
}

/* The sum of the quotas of id's children; false if their count or a parent link is wrong. */
static bool container_children_sum(uint32_t id, uint64_t *sum)
{
    uint32_t n = 0;
    *sum = 0;
    for (uint32_t slot = 0; slot < MAX_CHILDREN && child_id(id, slot) < NUM_IDS; slot++) {
        const struct SContainer *child = &containers[child_id(id, slot)];
        if (!child->used)
            continue;
        if (child->parent != id)
            return false;
        *sum += child->quota;
        n++;
    }
    return n == containers[id].nchildren;
}

/* Does container id add up, given the owned frames owner[] names it for? */
static bool container_balances(uint32_t id, uint32_t owned)
{
    const struct SContainer *s = &containers[id];
    if (!s->used)
        return owned == 0;
    uint64_t children;
    if (!container_parent_ok(id) || !container_children_sum(id, &children))
        return false;
    uint32_t expect_held = owned + (id == 0 ? boot_held : 0);
    return s->held == expect_held && s->usage == s->held + children && s->usage <= s->quota;
}

/*
 * The books balance when, for every used container: held equals the frames
 * owner[] gives it (plus the boot frames for the root), usage == held + the
 * quotas of its children, usage <= quota, and the parent links and child
 * counts agree with the id formula. A free id owns no frame.
 */
int container_check(void)
{
    static uint32_t owned[NUM_IDS];
    memset(owned, 0, sizeof(owned));
    for (uint32_t frame = 0; frame < MAX_FRAMES; frame++)
        if (owner[frame] < NUM_IDS)
            owned[owner[frame]]++;
    for (uint32_t id = 0; id < NUM_IDS; id++)
        if (!container_balances(id, owned[id]))
            return (int)id;
    return -1;
}

uint32_t container_total_held(void)
{
    uint32_t total = 0;
    for (uint32_t id = 0; id < NUM_IDS; id++)
        total += containers[id].held;
    return total;
}

int container_owner(uint32_t frame)
{
    return frame < MAX_FRAMES && owner[frame] != OWNER_NONE ? owner[frame] : -1;
}
