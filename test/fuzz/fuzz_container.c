/*
 * libFuzzer, stateful: servers/quota/container.c against a model of its
 * containers. The input is a machine (frames, boot frames, arena size) and a
 * list of operations: split, alloc, free, release and can_consume on live,
 * stale and made-up ids, quota-0 churn that ages a slot's generations until
 * it retires, and a fake kernel that refuses frames or maps, frees badly,
 * or hands out frame numbers past the owner table on command. After every
 * operation: the books balance (container_check), every live container's
 * figures are the model's, every frame handed out is held by the container
 * the model says, no frame leaked, and a released id names nothing again:
 * a new container never gets an id that was handed out before.
 */
#include "harness.h"
#include <string.h>
#include <sys/mman.h>

#include "servers/quota/container.c"

#define FRAMES_END  600              /* the owner table's size: frame numbers below this */
#define FRAME_LIMIT (FRAMES_END + 8) /* the fake may hand out a few beyond it */
#define ARENA_MAX   (256 * PAGE_SIZE)
#define LIVE_MAX    512 /* containers the model follows at once */
#define STALE_KEEP  64  /* released ids kept to try again */

/* The fake kernel. */
static bool out[FRAME_LIMIT], mapped[FRAME_LIMIT];
static uint32_t outstanding, nmapped, cursor, avail;
static uint32_t last_given; /* what the last palloc returned */
static uint32_t want_flags; /* the flags a palloc must come with: the tables' always 0 */
static bool palloc_fails, map_fails;
static int pfree_error;
static uint8_t *arena;

uint32_t quota_palloc(uint32_t flags)
{
    FUZZ_REQUIRE(flags == want_flags);
    last_given = 0;
    if (palloc_fails || outstanding == avail)
        return 0;
    do
        cursor = cursor % (FRAME_LIMIT - 1) + 1;
    while (out[cursor]);
    out[cursor] = true;
    outstanding++;
    return last_given = cursor;
}

static uint32_t holder[FRAME_LIMIT]; /* the model: 1 + index of the frame's holder, or 0 */

/* On command the fake refuses to free a frame a container holds (as if still mapped somewhere);
 * one the module just took and never handed out is always freed. */
int quota_pfree(uint32_t frame)
{
    FUZZ_REQUIRE(frame > 0 && frame < FRAME_LIMIT && out[frame]); /* never a frame not out */
    if (pfree_error && holder[frame])
        return pfree_error;
    if (mapped[frame])
        return E_BUSY;
    out[frame] = false;
    outstanding--;
    return 0;
}

int quota_map(void *page, uint32_t frame)
{
    uint8_t *p = page;
    FUZZ_REQUIRE(p >= arena && p + PAGE_SIZE <= arena + ARENA_MAX && (p - arena) % PAGE_SIZE == 0);
    FUZZ_REQUIRE(frame < FRAME_LIMIT && out[frame] && !mapped[frame]);
    if (map_fails)
        return E_NOMEM;
    FUZZ_REQUIRE(mprotect(p, PAGE_SIZE, PROT_READ | PROT_WRITE) == 0);
    memset(p, 0, PAGE_SIZE); /* a fresh frame is zeroed */
    mapped[frame] = true;
    nmapped++;
    return 0;
}

/* The model. */
struct mc {
    uint32_t id, quota, parent, nchildren, held;
    uint64_t given; /* the quotas of its children */
};
static struct mc live_c[LIVE_MAX];
static uint32_t nlive;
static uint32_t stale[STALE_KEEP], nstale;
static uint16_t gen_seen[CONTAINER_SLOT_MASK + 1]; /* 1 + highest generation handed out */
static uint32_t boot_frames;

static int find(uint32_t id)
{
    for (uint32_t i = 0; i < nlive; i++)
        if (live_c[i].id == id)
            return (int)i;
    return -1;
}

/* The root's frames: boot frames and the tables' (the fake's mapped frames) besides its own. */
static uint32_t model_held(uint32_t i)
{
    return live_c[i].held + (i == 0 ? boot_frames + nmapped : 0);
}

/* Its usage: the frames it holds and the quotas it gave its children. */
static uint64_t model_usage(uint32_t i)
{
    return (uint64_t)model_held(i) + live_c[i].given;
}

static bool model_can(uint32_t i, uint32_t n)
{
    uint64_t u = model_usage(i);
    return live_c[i].quota >= u && live_c[i].quota - u >= n;
}

static void check(void)
{
    FUZZ_REQUIRE(container_check() == -1);
    uint32_t total = boot_frames + nmapped, allocated = 0;
    for (uint32_t i = 0; i < nlive; i++) {
        const struct mc *m = &live_c[i];
        FUZZ_REQUIRE(container_is_used(m->id));
        FUZZ_REQUIRE(container_get_quota(m->id) == m->quota);
        FUZZ_REQUIRE(container_get_parent(m->id) == m->parent);
        FUZZ_REQUIRE(container_get_nchildren(m->id) == m->nchildren);
        FUZZ_REQUIRE(container_get_held(m->id) == model_held(i));
        FUZZ_REQUIRE(container_get_usage(m->id) == model_usage(i));
        total += m->held;
        allocated += m->held;
    }
    FUZZ_REQUIRE(container_total_held() == total);
    FUZZ_REQUIRE(outstanding == allocated + nmapped); /* no frame leaked */
    for (uint32_t f = 1; f < FRAME_LIMIT; f++) {
        int want = holder[f] ? (int)live_c[holder[f] - 1].id : mapped[f] ? 0 : -1;
        FUZZ_REQUIRE(container_owner(f) == (f < FRAMES_END ? want : -1));
    }
    for (uint32_t i = 0; i < nstale; i++) {
        FUZZ_REQUIRE(!container_is_used(stale[i]) && container_get_quota(stale[i]) == 0);
        FUZZ_REQUIRE(!container_can_consume(stale[i], 0));
    }
}

/* An id: mostly a live one, else a released one, else anything. */
static uint32_t pick_id(struct bytes *b)
{
    uint32_t sel = take(b, 1);
    if (sel >= 240)
        return take(b, 4);
    if (sel >= 180 && nstale)
        return stale[take(b, 1) % nstale];
    return live_c[take(b, 1) % nlive].id;
}

static void forget(uint32_t id)
{
    int i = find(id);
    FUZZ_REQUIRE(i > 0);
    int p = find(live_c[i].parent);
    FUZZ_REQUIRE(p >= 0);
    live_c[p].nchildren--;
    live_c[p].given -= live_c[i].quota;
    live_c[i] = live_c[--nlive];
    for (uint32_t f = 0; f < FRAME_LIMIT && live_c[i].held; f++)
        if (holder[f] == nlive + 1)
            holder[f] = (uint32_t)i + 1; /* the last one moved into i */
    stale[nstale < STALE_KEEP ? nstale++ : id % STALE_KEEP] = id;
}

/* Split id, checking the answer against the model. */
static void split(uint32_t id, uint32_t quota)
{
    int i = find(id);
    uint32_t tables = nmapped;
    if (nlive == LIVE_MAX)
        return; /* the model is full */
    bool could = i >= 0 && model_can((uint32_t)i, quota);
    int r = container_split(id, quota);
    FUZZ_REQUIRE(nmapped == tables || i >= 0); /* only a real split grows the table */
    if (r < 0) {
        FUZZ_REQUIRE(i >= 0 || r == E_NOENT);
        FUZZ_REQUIRE(!could || r == E_NOMEM || r == E_RANGE || (r == E_QUOTA && nmapped > tables));
        return;
    }
    FUZZ_REQUIRE(could && nlive < LIVE_MAX);
    uint32_t child = (uint32_t)r, slot = child & CONTAINER_SLOT_MASK;
    FUZZ_REQUIRE(child < CONTAINER_CHECK_KERNEL && child != 0);
    FUZZ_REQUIRE(child >> CONTAINER_SLOT_BITS >= gen_seen[slot]); /* never an id seen before */
    gen_seen[slot] = (uint16_t)((child >> CONTAINER_SLOT_BITS) + 1);
    live_c[nlive++] = (struct mc){.id = child, .quota = quota, .parent = id};
    live_c[i].nchildren++;
    live_c[i].given += quota;
}

static void alloc(uint32_t id, uint32_t flags)
{
    int i = find(id);
    bool could = i >= 0 && model_can((uint32_t)i, 1);
    last_given = 0;
    uint32_t left = 0;
    want_flags = flags;
    uint32_t frame = container_alloc(id, flags, &left);
    want_flags = 0;
    if (!frame) {
        /* refused: no quota, or the fake had nothing or gave a frame past the table */
        FUZZ_REQUIRE(!could || last_given == 0 || last_given >= FRAMES_END);
        return;
    }
    FUZZ_REQUIRE(could && frame < FRAMES_END && !holder[frame] && !mapped[frame]);
    holder[frame] = (uint32_t)i + 1;
    live_c[i].held++;
    FUZZ_REQUIRE(left == live_c[i].quota - model_usage((uint32_t)i)); /* QUOTA_ALLOC's answer */
}

static void free_frame(uint32_t id, uint32_t frame)
{
    int i = find(id);
    int r = container_free(id, frame);
    bool mine = i >= 0 && frame < FRAME_LIMIT && holder[frame] == (uint32_t)i + 1;
    if (r == 0) {
        FUZZ_REQUIRE(mine);
        holder[frame] = 0;
        live_c[i].held--;
    } else if (frame == 0 || frame >= FRAMES_END) {
        FUZZ_REQUIRE(r == E_INVAL);
    } else if (mine) {
        FUZZ_REQUIRE(r == pfree_error);
    } else {
        /* a table frame of the root's stays mapped; anything else is not the caller's */
        FUZZ_REQUIRE(r == (i == 0 && mapped[frame] ? E_BUSY : E_PERM));
    }
}

static void release(uint32_t id)
{
    int i = find(id);
    int r = container_release(id);
    if (i <= 0) {
        FUZZ_REQUIRE(r == E_INVAL);
        return;
    }
    bool busy = live_c[i].held || live_c[i].nchildren;
    FUZZ_REQUIRE(r == (busy ? E_BUSY : 0));
    if (r == 0)
        forget(id);
}

static void step(struct bytes *b)
{
    uint32_t op = take(b, 1), id = pick_id(b);
    switch (op % 9) {
    case 0:
    case 1: {
        uint32_t sel = take(b, 1);
        split(id, sel < 128 ? sel % 8 : sel < 250 ? take(b, 2) % 512 : take(b, 4));
        break;
    }
    case 2:
        alloc(id, op & 0x80 ? FRAME_UNZEROED : 0);
        break;
    case 3: {
        /* a frame the container holds, or one someone holds, or any number */
        int i = find(id);
        uint32_t sel = take(b, 1), frame = take(b, 2) % (FRAME_LIMIT + 4);
        for (uint32_t f = 1; f < FRAME_LIMIT && sel < 220; f++) {
            uint32_t g = (frame + f) % FRAME_LIMIT;
            if (sel < 140 ? i >= 0 && holder[g] == (uint32_t)i + 1 : holder[g] || mapped[g]) {
                frame = g;
                break;
            }
        }
        free_frame(id, frame);
        break;
    }
    case 4:
        release(id);
        break;
    case 5: {
        int i = find(id);
        uint32_t n = take(b, 1) < 200 ? take(b, 1) % 16 : take(b, 4);
        FUZZ_REQUIRE(container_can_consume(id, n) == (i >= 0 && model_can((uint32_t)i, n)));
        break;
    }
    case 6: /* churn: quota-0 children made and released, ageing slots to retirement */
        for (uint32_t k = take(b, 2) % 2048; k > 0; k--) {
            uint32_t n = nlive;
            split(id, 0);
            if (nlive == n)
                break;
            release(live_c[n].id);
        }
        break;
    case 7: { /* the fake kernel changes its mind */
        uint32_t what = take(b, 1);
        palloc_fails = what & 1;
        map_fails = what & 2;
        pfree_error = what & 4 ? E_INVAL : 0;
        if (what & 8)
            cursor = take(b, 2) % FRAME_LIMIT;
        break;
    }
    default:
        /* ids made up from a live slot with another generation */
        id = (id & CONTAINER_SLOT_MASK) | (take(b, 2) % (CONTAINER_GEN_MAX + 1))
                                              << CONTAINER_SLOT_BITS;
        FUZZ_REQUIRE(container_is_used(id) == (find(id) >= 0));
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bytes b = {data, size};
    if (!arena) {
        arena =
            mmap(NULL, ARENA_MAX, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        FUZZ_REQUIRE(arena != MAP_FAILED);
    }
    FUZZ_REQUIRE(mprotect(arena, ARENA_MAX, PROT_NONE) == 0);
    memset(out, 0, sizeof(out));
    memset(mapped, 0, sizeof(mapped));
    memset(holder, 0, sizeof(holder));
    memset(gen_seen, 0, nslots * sizeof(gen_seen[0])); /* the slots the last input used */
    outstanding = nmapped = cursor = nstale = 0;
    palloc_fails = map_fails = false;
    pfree_error = 0;
    avail = 16 + take(&b, 2) % 600;
    boot_frames = take(&b, 1) % 32;
    struct container_boot boot = {avail, boot_frames, FRAMES_END, arena,
                                  (4 + take(&b, 1)) * PAGE_SIZE};
    if (container_init(&boot) != 0)
        return 0;
    nlive = 1;
    live_c[0] = (struct mc){.id = 0, .quota = avail + boot_frames};
    check();
    while (b.n) {
        step(&b);
        check();
    }
    return 0;
}
