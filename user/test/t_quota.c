/*
 * A child given a small quota exhausts it and ends with "out of memory
 * quota"; the parent reads the reason through wait, and its usage and its
 * count of children return to what they were.
 */
#include "tap.h"
#include "ulib.h"

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (!strcmp(word, "hog"))
        return hog_memory();
    tap_plan(5);
    struct child_end end;
    child_run("t_quota", "hog", 24, &end);
    tap_ok(end.task > 0, "spawned a child with a quota of 24 frames: %d", end.task);
    tap_ok(end.waited == end.task, "wait returned the child: %d", end.waited);
    tap_ok(child_ended_clean(&end, REASON_QUOTA), "it ended: %s; usage %d, was %d",
           reason_str(end.reason), end.usage_after, end.usage_before);
    struct quota_info qi = {0, 0, 0, 0, 0};
    int r = quota_self(&qi);
    tap_ok(r == 0 && qi.nchildren == 0, "no child left in the container: %u", qi.nchildren);
    tap_ok(r == 0 && spawn("t_quota", "hog", qi.quota * 2) == E_QUOTA,
           "a child wanting more than the free quota is refused");
    return tap_done();
}
