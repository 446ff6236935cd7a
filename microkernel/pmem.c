/*
 * Physical allocation table and frame allocator. Invariants: a frame is in
 * at most one pool; only allocated frames can be mapped, and the AT_RO ones
 * (the initrd's whole pages) only read-only; a frame with a non-zero map
 * count cannot be freed. Allocation scans from a hint that
 * moves back when a frame is freed, so the common case is O(1).
 */
#include "pmem.h"
#include "abi/errno.h"
#include "str.h"

struct pmem_table pmem;
static uint32_t khint, uhint;
static struct pmem_stats stats;

void pmem_init(uint8_t *storage, uint32_t n)
{
    pmem.at = storage;
    pmem.mapcount = storage + n;
    pmem.nframes = n;
    memset(storage, 0, 2 * (size_t)n);
    memset(&stats, 0, sizeof(stats));
    stats.nframes = n;
    khint = uhint = 1; /* frame 0 is in no pool */
}

void pmem_add_ram(uint64_t base, uint64_t len)
{
    uint64_t limit = (uint64_t)pmem.nframes << FRAME_SHIFT;
    if (base >= limit)
        return; /* also catches entries whose end would wrap past 2^64 */
    uint64_t end = len > limit - base ? limit : base + len;
    uint64_t first = (base + 0xFFF) >> FRAME_SHIFT;
    uint64_t last = end >> FRAME_SHIFT; /* exclusive */
    for (uint64_t f = first; f < last; f++) {
        if (!(pmem.at[f] & AT_NORM))
            stats.norm_frames++;
        pmem.at[f] |= AT_NORM;
    }
}

void pmem_reserve(uint32_t start, uint32_t end)
{
    uint32_t first = start >> FRAME_SHIFT;
    uint32_t last = (uint32_t)(((uint64_t)end + 0xFFF) >> FRAME_SHIFT);
    if (last > pmem.nframes)
        last = pmem.nframes;
    for (uint32_t f = first; f < last; f++) {
        if ((pmem.at[f] & (AT_NORM | AT_ALLOC)) == AT_NORM)
            stats.kernel_frames++;
        pmem.at[f] |= AT_ALLOC;
    }
}

void pmem_share_readonly(uint32_t start, uint32_t end)
{
    uint32_t first = (uint32_t)(((uint64_t)start + 0xFFF) >> FRAME_SHIFT);
    uint32_t last = end >> FRAME_SHIFT;
    for (uint32_t f = first; f < last && f < pmem.nframes; f++) {
        if (pmem.at[f] & AT_ALLOC)
            pmem.at[f] |= AT_RO;
    }
}

void pmem_make_pools(uint32_t kpool, uint32_t kmap_limit)
{
    uint32_t limit = kmap_limit >> FRAME_SHIFT;
    for (uint32_t f = 1; f < pmem.nframes; f++) {
        if (pmem.at[f] != AT_NORM)
            continue;
        if (kpool > 0 && f < limit) {
            pmem.at[f] |= AT_KERN;
            kpool--;
            stats.kpool_frames++;
            stats.kpool_free++;
        } else {
            pmem.at[f] |= AT_USER;
            stats.upool_frames++;
            stats.upool_free++;
        }
    }
}

/* The first frame of [from, to) whose pool and allocation bits are want, or 0. */
static uint32_t pool_scan(uint32_t from, uint32_t to, uint8_t want)
{
    for (uint32_t f = from; f < to; f++)
        if ((pmem.at[f] & (AT_ALLOC | AT_USER | AT_KERN)) == want)
            return f;
    return 0;
}

/* The first free frame of the pool after the hint, wrapping once (frame 0 never); 0 if none. */
static __attribute__((noinline)) uint32_t pool_search(uint32_t hint, uint8_t want)
{
    uint32_t from = hint < pmem.nframes ? hint : pmem.nframes;
    uint32_t f = pool_scan(from, pmem.nframes, want);
    return f ? f : pool_scan(1, from, want);
}

/*
 * First free frame of the pool at or after *hint, wrapping once, now taken
 * (one less *nfree); 0 if none. The hint itself is most often free (the
 * frame after the last one taken, or the last one freed): one test, the
 * search only when it is not.
 */
static inline uint32_t pool_take(uint32_t *hint, uint8_t want, uint32_t *nfree)
{
    uint32_t f = *hint;
    if (f >= pmem.nframes || (pmem.at[f] & (AT_ALLOC | AT_USER | AT_KERN)) != want) {
        f = pool_search(f, want);
        if (!f)
            return 0;
    }
    pmem.at[f] |= AT_ALLOC;
    *hint = f + 1;
    (*nfree)--;
    return f;
}

uint32_t pmem_alloc_kernel(void)
{
    return pool_take(&khint, AT_KERN, &stats.kpool_free);
}

void pmem_free_kernel(uint32_t frame)
{
    if (frame >= pmem.nframes || (pmem.at[frame] & (AT_KERN | AT_ALLOC)) != (AT_KERN | AT_ALLOC))
        return; /* not an allocated kernel-pool frame: nothing to give back */
    pmem.at[frame] &= ~AT_ALLOC;
    stats.kpool_free++;
    if (frame < khint)
        khint = frame;
}

uint32_t pmem_alloc_user(void)
{
    return pool_take(&uhint, AT_USER, &stats.upool_free);
}

int pmem_hold(uint32_t frame)
{
    int err = pmem_check_user(frame);
    if (err)
        return err;
    if (pmem.mapcount[frame])
        return E_BUSY;
    pmem.at[frame] |= AT_HELD;
    return 0;
}

/* An allocated user frame nothing maps or holds goes back to the pool. */
static void user_frame_free(uint32_t frame)
{
    pmem.at[frame] &= ~AT_ALLOC;
    stats.upool_free++;
    if (frame < uhint)
        uhint = frame;
}

void pmem_let_go(uint32_t frame)
{
    if (frame >= pmem.nframes || !(pmem.at[frame] & AT_HELD)) {
        pmem_free_kernel(frame);
        return;
    }
    pmem.at[frame] &= ~AT_HELD;
    if (pmem.at[frame] & AT_FREED) {
        pmem.at[frame] &= ~AT_FREED;
        user_frame_free(frame);
    }
}

/*
 * A held frame may be freed before the kernel lets it go (the pager frees
 * an ended task's frames when it hears of the end, the task's struct may
 * wait for that notice to be taken): it goes to the pool when let go.
 */
int pmem_free_user(uint32_t frame)
{
    int err = pmem_check_user(frame);
    if (err == E_BUSY) {
        if (pmem.at[frame] & AT_FREED)
            return E_INVAL; /* freed already */
        pmem.at[frame] |= AT_FREED;
        return 0;
    }
    if (err)
        return err;
    if (pmem.mapcount[frame])
        return E_BUSY;
    user_frame_free(frame);
    return 0;
}

uint32_t pmem_map_count(uint32_t frame)
{
    return frame < pmem.nframes ? pmem.mapcount[frame] : 0;
}

void pmem_get_stats(struct pmem_stats *st)
{
    *st = stats;
}
