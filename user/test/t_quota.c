/*
 * A child given a small quota exhausts it and ends with "out of memory
 * quota"; the parent reads the reason through wait and goes on, and its
 * usage returns to what it was.
 */
#include "tap.h"
#include "ulib.h"

static int hog(void)
{
    for (;;) {
        char *p = sbrk(PAGE_SIZE);
        if (p == (char *)-1)
            return 3;
        *p = 1; /* the frame is taken here, on first touch */
    }
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (!strcmp(word, "hog"))
        return hog();
    tap_plan(5);
    struct quota_info before, after;
    quota_self(&before);
    int task = spawn("t_quota", "hog", 24);
    tap_ok(task > 0, "spawned a child with a quota of 24 frames");
    int status;
    uint32_t reason;
    int r = wait(task, &status, &reason, 0);
    tap_ok(r == task, "wait returned the child");
    tap_ok(reason == REASON_QUOTA, "it ended: %s", reason_str(reason));
    quota_self(&after);
    tap_ok(after.usage == before.usage && after.nchildren == before.nchildren,
           "usage back to %u (was %u), children %u", after.usage, before.usage, after.nchildren);
    tap_ok(spawn("t_quota", "hog", after.quota * 2) == E_QUOTA,
           "a child wanting more than the free quota is refused");
    return tap_done();
}
