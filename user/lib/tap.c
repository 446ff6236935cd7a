/* TAP producer: numbered ok / not ok lines and a plan line; running a child to its end. */
#include <errno.h>

#include "tap.h"
#include "fmt.h"
#include "ulib.h"

static int planned, count, failed;

void tap_plan(int n)
{
    planned = n;
    printf("1..%d\n", n);
}

int tap_ok(int cond, const char *fmt, ...)
{
    char desc[160];
    va_list ap;
    va_start(ap, fmt);
    vsnformat(desc, sizeof(desc), fmt, ap);
    va_end(ap);
    count++;
    if (!cond)
        failed++;
    printf("%sok %d - %s\n", cond ? "" : "not ", count, desc);
    return cond;
}

int tap_errno(int failed, int want, const char *what)
{
    int got = errno;
    return tap_ok(failed && got == want, "%s: %s (errno %d: %s)", what, strerror(want), got,
                  strerror(got));
}

int tap_done(void)
{
    if (count != planned)
        printf("# planned %d tests but ran %d\n", planned, count);
    return failed || count != planned;
}

void child_run(const char *program, const char *args, uint32_t quota, struct child_end *end)
{
    *end = (struct child_end){.status = -1, .reason = ~0u};
    end->usage_before = quota_usage();
    end->task = spawn(program, args, quota);
    end->waited =
        end->task < 0 ? end->task : wait(end->task, &end->status, &end->reason, &end->addr);
    end->usage_after = quota_usage();
}

int child_ended_clean(const struct child_end *end, uint32_t reason)
{
    return end->task > 0 && end->waited == end->task && end->reason == reason &&
           (reason != REASON_NONE || end->status == 0) && end->usage_before >= 0 &&
           end->usage_after == end->usage_before;
}

int hog_memory(void)
{
    for (;;) {
        char *p = sbrk(PAGE_SIZE);
        if (p == (char *)-1)
            return 3;
        *p = 1; /* the frame is taken here, on first touch */
    }
}
