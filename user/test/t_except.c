/*
 * Faults and exceptions end the task that caused them, with exactly the
 * right reason, and every frame of its quota comes back to the parent.
 */
#include "tap.h"
#include "ulib.h"

static const struct {
    const char *mode;
    uint32_t reason;
} cases[] = {
    {"exit", REASON_NONE}, /* first: the calls below have run once when the others are measured */
    {"nopager", REASON_NOPAGER}, {"null", REASON_NULL},  {"ud2", REASON_UD},
    {"div0", REASON_DIVIDE},     {"segment", REASON_GP}, {"kernel", REASON_KADDR},
    {"priv", REASON_GP},
};

int main(const char *args)
{
    (void)args;
    int n = sizeof(cases) / sizeof(cases[0]);
    tap_plan(n + 1);
    for (int i = 0; i < n; i++) {
        struct child_end end;
        child_run("t_crash", cases[i].mode, 64, &end);
        tap_ok(child_ended_clean(&end, cases[i].reason), "%s ends the task: %s; usage %d, was %d",
               cases[i].mode, reason_str(end.reason), end.usage_after, end.usage_before);
    }
    tap_ok(quota_check() == -1, "the quota books balance");
    return tap_done();
}
