/*
 * Nothing leaks: many children start and end (by exit, by a crash, by
 * running out of quota), and afterwards the kernel's free frames in both
 * pools, this container's usage, the bytes the pager keeps on its heap and
 * the quota books are exactly as before. The pager's heap may hold a few
 * more or fewer free pages than before (malloc trims only a large free top),
 * so the user pool is counted with the heap's frames.
 */
#include "fmt.h"
#include "tap.h"
#include "ulib.h"

#define ROUNDS 60

struct snapshot {
    int upool, kpool, usage;
    struct pager_mem pm;
};

static void snap(struct snapshot *s)
{
    if (pager_mem(&s->pm) < 0)
        s->pm = (struct pager_mem){0, 0, 0};
    s->upool = sys_kinfo(KINFO_FRAMES_FREE, 0) + (int)s->pm.heap_frames;
    s->kpool = sys_kinfo(KINFO_KPOOL_FREE, 0);
    s->usage = quota_usage();
}

static int child(const char *mode)
{
    char *p = sbrk(16 * PAGE_SIZE);
    for (int i = 0; i < 16; i++)
        p[i * PAGE_SIZE] = 1;
    if (!strcmp(mode, "crash"))
        asm volatile("ud2");
    if (!strcmp(mode, "hog"))
        return hog_memory();
    return 0;
}

/* Run one child; 1 when it ended as its mode says it must. */
static int cycle(const char *mode, uint32_t reason)
{
    struct child_end end;
    child_run("t_leak", mode, 40, &end);
    return end.task > 0 && end.waited == end.task && end.reason == reason &&
           (reason != REASON_NONE || end.status == 0);
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (word[0])
        return child(word);
    tap_plan(6);
    static const struct {
        const char *mode;
        uint32_t reason;
    } modes[] = {{"exit", REASON_NONE}, {"crash", REASON_UD}, {"hog", REASON_QUOTA}};
    cycle("exit", REASON_NONE); /* warm up: our own pages */
    struct snapshot before, after;
    snap(&before);
    int good = 0;
    for (int i = 0; i < ROUNDS; i++)
        good += cycle(modes[i % 3].mode, modes[i % 3].reason);
    snap(&after);
    tap_ok(good == ROUNDS, "%d of %d children ended as their mode says", good, ROUNDS);
    tap_ok(before.upool > 0 && after.upool == before.upool,
           "user-pool frames free or on the pager's heap: %d, before %d", after.upool,
           before.upool);
    tap_ok(before.pm.heap_in_use > 0 && after.pm.heap_in_use == before.pm.heap_in_use,
           "bytes in use on the pager's heap: %u, before %u", after.pm.heap_in_use,
           before.pm.heap_in_use);
    tap_ok(before.kpool > 0 && after.kpool == before.kpool,
           "kernel-pool frames free (page tables): %d, before %d", after.kpool, before.kpool);
    tap_ok(before.usage >= 0 && after.usage == before.usage,
           "this container's usage: %d, before %d", after.usage, before.usage);
    tap_ok(quota_check() == -1, "the quota books balance after %d children", ROUNDS);
    return tap_done();
}
