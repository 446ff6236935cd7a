/*
 * Nothing leaks: many children start and end (by exit, by a crash, by
 * running out of quota), and afterwards the kernel's free frames in both
 * pools, this container's usage and the quota books are exactly as before.
 */
#include "fmt.h"
#include "tap.h"
#include "ulib.h"

#define ROUNDS 60

struct snapshot {
    int upool, kpool;
    uint32_t usage;
};

static void snap(struct snapshot *s)
{
    struct quota_info qi;
    quota_self(&qi);
    s->upool = sys_kinfo(KINFO_FRAMES_FREE, 0);
    s->kpool = sys_kinfo(KINFO_KPOOL_FREE, 0);
    s->usage = qi.usage;
}

static int child(const char *mode)
{
    char *p = sbrk(16 * PAGE_SIZE);
    for (int i = 0; i < 16; i++)
        p[i * PAGE_SIZE] = 1;
    if (!strcmp(mode, "crash"))
        asm volatile("ud2");
    if (!strcmp(mode, "hog"))
        for (;;) {
            char *q = sbrk(PAGE_SIZE);
            if (q == (char *)-1)
                return 3;
            *q = 1;
        }
    return 0;
}

static void cycle(const char *mode)
{
    int task = spawn("t_leak", mode, 40);
    wait(task, 0, 0, 0);
}

int main(const char *args)
{
    char word[16];
    next_word(next_word(args, word, sizeof(word)), word, sizeof(word));
    if (word[0])
        return child(word);
    tap_plan(4);
    static const char *const modes[] = {"exit", "crash", "hog"};
    cycle("exit"); /* warm up: our own pages */
    struct snapshot before, after;
    snap(&before);
    for (int i = 0; i < ROUNDS; i++)
        cycle(modes[i % 3]);
    snap(&after);
    tap_ok(after.upool == before.upool, "user-pool frames free: %d, before %d", after.upool,
           before.upool);
    tap_ok(after.kpool == before.kpool, "kernel-pool frames free (page tables): %d, before %d",
           after.kpool, before.kpool);
    tap_ok(after.usage == before.usage, "this container's usage: %u, before %u", after.usage,
           before.usage);
    tap_ok(quota_check() == -1, "the quota books balance after %d children", ROUNDS);
    return tap_done();
}
