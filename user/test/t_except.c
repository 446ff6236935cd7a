/*
 * Faults and exceptions end the task that caused them, with the right
 * reason, and every other task goes on.
 */
#include "tap.h"
#include "ulib.h"

static const struct {
    const char *mode;
    uint32_t reason;
} cases[] = {
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
        int task = spawn("t_crash", cases[i].mode, 64);
        int status = 0;
        uint32_t reason = 0;
        int r = wait(task, &status, &reason, 0);
        tap_ok(r == task && reason == cases[i].reason, "%s ends the task: %s", cases[i].mode,
               reason_str(reason));
    }
    struct quota_info qi;
    int r = quota_self(&qi);
    tap_ok(r == 0 && qi.usage <= qi.quota, "the parent goes on: usage %u of %u", qi.usage,
           qi.quota);
    return tap_done();
}
