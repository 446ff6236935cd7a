/*
 * Memory containers: the container table, the frame-owner table, the list of
 * frames in use, and the operations on them. Every operation either succeeds
 * whole or leaves the books as they were (a table may have grown: its frames
 * are the root's). The three tables live in the arena container_init is
 * given, mapped a frame at a time:
 *
 *   owner[frames_end]   who holds each frame, and where it is in inuse[]
 *   inuse[capacity]     the frames containers hold, packed: the books check
 *                       walks these, not every frame of the machine
 *   slots[]             the containers; grows a page at a time on split
 */
#include "container.h"
#include "abi/syscall.h"
#include "str.h"

struct owner {
    uint32_t slot; /* slot of the container holding the frame */
    uint32_t pos;  /* 1 + its index in inuse[]; 0 when no container holds it */
};

/* A table in the arena: mapped from the start up to `mapped` bytes, never beyond `limit`. */
struct table {
    uint8_t *base;
    uint32_t mapped, limit;
};

#define SLOT_NONE CONTAINER_SLOT_MASK /* end of the free list: never handed out */

static struct owner *owner;
static uint32_t *inuse;
static struct SContainer *slots;
static struct table owner_table, inuse_table, slot_table;
static uint32_t frames_end, inuse_cap, ninuse;
static uint32_t nslots;               /* slots ever used: 0 .. nslots-1 */
static uint32_t free_head, free_tail; /* FIFO of released slots, oldest first */
static uint32_t boot_held;            /* frames the root holds that are not in owner[] */

static const struct SContainer no_container;

static uint32_t slot_of(uint32_t id)
{
    return id & CONTAINER_SLOT_MASK;
}

static uint32_t id_of(uint32_t slot)
{
    return slots[slot].gen << CONTAINER_SLOT_BITS | slot;
}

/*
 * The live container id names, or NULL (free slot, stale generation, out of range). An id at
 * or above CONTAINER_CHECK_KERNEL has a generation above CONTAINER_GEN_MAX, which no slot
 * reaches (slot_give_back retires a slot there): the generation test refuses it.
 */
static struct SContainer *live(uint32_t id)
{
    uint32_t slot = slot_of(id);
    if (slot >= nslots)
        return 0;
    struct SContainer *s = &slots[slot];
    return s->used && s->gen == id >> CONTAINER_SLOT_BITS ? s : 0;
}

/* Container id for reading: a zeroed one when id names no live container. */
static const struct SContainer *peek(uint32_t id)
{
    const struct SContainer *s = live(id);
    return s ? s : &no_container;
}

/* Note frame as held by slot: the caller has checked that no one holds it. */
static void owner_set(uint32_t frame, uint32_t slot)
{
    inuse[ninuse++] = frame;
    owner[frame] = (struct owner){.slot = slot, .pos = ninuse};
}

/* Forget frame's holder, keeping inuse[] packed: O(1). */
static void owner_clear(uint32_t frame)
{
    uint32_t last = inuse[--ninuse], pos = owner[frame].pos;
    inuse[pos - 1] = last;
    owner[last].pos = pos;
    owner[frame] = (struct owner){0, 0};
}

/* Is frame one the owner table can record, and not held by anyone? */
static bool frame_recordable(uint32_t frame)
{
    return frame < frames_end && owner[frame].pos == 0 && ninuse < inuse_cap;
}

/*
 * Map one more page at the end of t: its frame, which the caller records.
 * With `recordable`, first make sure owner[] can record it.
 */
static int table_map_page(struct table *t, bool recordable)
{
    if (t->mapped + PAGE_SIZE > t->limit)
        return E_RANGE;
    uint32_t frame = quota_palloc(0);
    if (frame == 0)
        return E_NOMEM;
    int r =
        recordable && !frame_recordable(frame) ? E_NOMEM : quota_map(t->base + t->mapped, frame);
    if (r < 0) {
        quota_pfree(frame);
        return E_NOMEM;
    }
    t->mapped += PAGE_SIZE;
    return (int)frame;
}

/* Make t at least bytes long, charging each new page to the root. */
static int table_grow(struct table *t, uint32_t bytes)
{
    while (t->mapped < bytes) {
        if (!container_can_consume(0, 1))
            return E_NOMEM;
        int frame = table_map_page(t, true);
        if (frame < 0)
            return frame;
        owner_set((uint32_t)frame, 0);
        slots[0].held++;
        slots[0].usage++;
    }
    return 0;
}

static uint32_t pages_for(uint64_t bytes)
{
    return (uint32_t)((bytes + PAGE_SIZE - 1) / PAGE_SIZE) * PAGE_SIZE;
}

/*
 * Carve the arena into the three tables. inuse[] is mapped first, and each
 * of its pages is listed in itself (entry k lies in page k / 1024 <= k, mapped
 * already); then owner[] and the first page of slots[], listed after them.
 * Only then can owner[] name the root for all of them.
 */
int container_init(const struct container_boot *boot)
{
    uint8_t *arena = boot->arena;
    uint32_t owner_bytes = pages_for((uint64_t)boot->frames_end * sizeof(struct owner));
    inuse_cap = boot->free_frames + boot->boot_frames;
    uint32_t inuse_bytes = pages_for((uint64_t)inuse_cap * sizeof(uint32_t));
    uint64_t fixed = (uint64_t)owner_bytes + inuse_bytes;
    if (fixed + PAGE_SIZE > boot->arena_size || inuse_bytes == 0)
        return E_RANGE;
    owner_table = (struct table){arena, 0, owner_bytes};
    inuse_table = (struct table){arena + owner_bytes, 0, inuse_bytes};
    uint64_t slot_max = (uint64_t)(CONTAINER_SLOT_MASK) * sizeof(struct SContainer);
    uint64_t slot_room = boot->arena_size - fixed;
    slot_table =
        (struct table){arena + fixed, 0, (uint32_t)(slot_room < slot_max ? slot_room : slot_max)};
    owner = (struct owner *)(void *)owner_table.base;
    inuse = (uint32_t *)(void *)inuse_table.base;
    slots = (struct SContainer *)(void *)slot_table.base;
    frames_end = boot->frames_end;
    ninuse = 0;
    struct table *order[] = {&inuse_table, &owner_table, &slot_table};
    uint32_t want[] = {inuse_bytes, owner_bytes, PAGE_SIZE};
    for (int i = 0; i < 3; i++)
        while (order[i]->mapped < want[i]) {
            int frame = table_map_page(order[i], false);
            if (frame < 0)
                return frame;
            inuse[ninuse++] = (uint32_t)frame;
        }
    if (ninuse > boot->free_frames)
        return E_NOMEM;
    for (uint32_t i = 0; i < ninuse; i++) {
        if (inuse[i] >= frames_end || owner[inuse[i]].pos != 0)
            return E_RANGE;
        owner[inuse[i]] = (struct owner){.slot = 0, .pos = i + 1};
    }
    boot_held = boot->boot_frames;
    nslots = 1;
    free_head = free_tail = SLOT_NONE;
    slots[0] = (struct SContainer){
        .quota = boot->free_frames + boot->boot_frames,
        .usage = boot_held + ninuse,
        .used = 1,
        .held = boot_held + ninuse,
    };
    return 0;
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
    return live(id) != 0;
}

/* The frames s may still take, or -1 when it may take none at all (not in use, over quota). */
static int64_t room(const struct SContainer *s)
{
    return s->used && s->usage <= s->quota ? (int64_t)(s->quota - s->usage) : -1;
}

uint32_t container_room(uint32_t id)
{
    int64_t r = room(peek(id));
    return r < 0 ? 0 : (uint32_t)r;
}

bool container_can_consume(uint32_t id, uint32_t n)
{
    return room(peek(id)) >= n;
}

/* A free slot: the oldest released one, else a new one at the end of the table. */
static int slot_take(void)
{
    if (free_head != SLOT_NONE) {
        uint32_t slot = free_head;
        free_head = slots[slot].next_free;
        if (free_head == SLOT_NONE)
            free_tail = SLOT_NONE;
        return (int)slot;
    }
    if (nslots >= SLOT_NONE)
        return E_RANGE;
    int r = table_grow(&slot_table, (nslots + 1) * (uint32_t)sizeof(struct SContainer));
    if (r < 0)
        return r;
    return (int)nslots++;
}

/* Put a released slot at the end of the free list, or retire it when its generations ran out. */
static void slot_give_back(uint32_t slot)
{
    struct SContainer *s = &slots[slot];
    uint32_t gen = s->gen;
    *s = no_container;
    if (gen == CONTAINER_GEN_MAX)
        return; /* retired: no id of it can ever be valid again */
    s->gen = gen + 1;
    s->next_free = SLOT_NONE;
    if (free_tail == SLOT_NONE)
        free_head = slot;
    else
        slots[free_tail].next_free = slot;
    free_tail = slot;
}

int container_split(uint32_t id, uint32_t quota)
{
    if (!container_is_used(id))
        return E_NOENT;
    if (!container_can_consume(id, quota))
        return E_QUOTA;
    int slot = slot_take();
    if (slot < 0)
        return slot;
    /* Growing the table charged the root: the parent may be the root. */
    if (!container_can_consume(id, quota)) {
        slot_give_back((uint32_t)slot);
        return E_QUOTA;
    }
    struct SContainer *parent = live(id), *child = &slots[slot];
    *child = (struct SContainer){.quota = quota, .parent = id, .used = 1, .gen = child->gen};
    parent->usage += quota;
    parent->nchildren++;
    return (int)id_of((uint32_t)slot);
}

uint32_t container_alloc(uint32_t id, uint32_t flags, uint32_t *left)
{
    struct SContainer *s = live(id);
    if (!s || room(s) < 1)
        return 0;
    uint32_t frame = quota_palloc(flags);
    if (frame == 0)
        return 0;
    if (!frame_recordable(frame)) { /* beyond the owner table: cannot be accounted for */
        quota_pfree(frame);
        return 0;
    }
    owner_set(frame, slot_of(id));
    s->usage++;
    s->held++;
    if (left)
        *left = s->quota - s->usage; /* usage <= quota held before, and room was at least 1 */
    return frame;
}

int container_free(uint32_t id, uint32_t frame)
{
    if (frame == 0 || frame >= frames_end)
        return E_INVAL;
    struct SContainer *s = live(id);
    if (!s || owner[frame].pos == 0 || owner[frame].slot != slot_of(id) || s->held == 0 ||
        s->usage == 0)
        return E_PERM;
    int r = quota_pfree(frame);
    if (r < 0)
        return r;
    owner_clear(frame);
    s->usage--;
    s->held--;
    return 0;
}

int container_release(uint32_t id)
{
    struct SContainer *s = live(id);
    if (id == 0 || !s)
        return E_INVAL;
    if (s->held != 0 || s->nchildren != 0)
        return E_BUSY;
    struct SContainer *p = live(s->parent);
    p->usage -= s->quota;
    p->nchildren--;
    slot_give_back(slot_of(id));
    return 0;
}

/* Does used slot s add up with the tallies container_check made? */
static bool container_balances(uint32_t slot)
{
    const struct SContainer *s = &slots[slot];
    uint32_t expect_held = s->seen_frames + (slot == 0 ? boot_held : 0);
    bool parent_ok = slot == 0 ? s->parent == 0 : live(s->parent) != 0 && s->parent != id_of(slot);
    return parent_ok && s->seen_children == s->nchildren && s->held == expect_held &&
           s->usage == s->held + s->seen_quota && s->usage <= s->quota;
}

/*
 * The books balance when, for every live container: held equals the frames
 * owner[] gives it (plus the boot frames for the root), usage == held + the
 * quotas of its children, usage <= quota, its parent is live (the root's
 * parent is 0) and its child count is the number of live containers naming
 * it. Every frame in inuse[] names a live container and its place in
 * inuse[]. Cost: the frames in use plus the slots, never the whole machine.
 */
int container_check(void)
{
    for (uint32_t slot = 0; slot < nslots; slot++) {
        slots[slot].seen_frames = slots[slot].seen_children = 0;
        slots[slot].seen_quota = 0;
    }
    for (uint32_t i = 0; i < ninuse; i++) {
        uint32_t frame = inuse[i];
        if (frame >= frames_end || owner[frame].pos != i + 1)
            return 0; /* the list itself is broken: blame the root, which holds the tables */
        uint32_t slot = owner[frame].slot;
        if (slot >= nslots || !slots[slot].used)
            return (int)(slot < nslots ? id_of(slot) : slot);
        slots[slot].seen_frames++;
    }
    for (uint32_t slot = 1; slot < nslots; slot++) {
        const struct SContainer *s = &slots[slot];
        struct SContainer *p = live(s->parent);
        if (s->used && p) {
            p->seen_children++;
            p->seen_quota += s->quota;
        }
    }
    for (uint32_t slot = 0; slot < nslots; slot++)
        if (slots[slot].used && !container_balances(slot))
            return (int)id_of(slot);
    return -1;
}

uint32_t container_total_held(void)
{
    uint32_t total = 0;
    for (uint32_t slot = 0; slot < nslots; slot++)
        total += slots[slot].held;
    return total;
}

int container_owner(uint32_t frame)
{
    return frame < frames_end && owner[frame].pos != 0 ? (int)id_of(owner[frame].slot) : -1;
}
