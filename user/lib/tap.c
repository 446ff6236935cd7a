/* TAP producer: numbered ok / not ok lines and a plan line. */
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

int tap_done(void)
{
    if (count != planned)
        printf("# planned %d tests but ran %d\n", planned, count);
    return failed || count != planned;
}
