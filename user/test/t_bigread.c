/*
 * One console_read into a huge buffer under a replacement policy (issue 11,
 * item 3). Needs someone at COM1: the boot test (test/boot/session_cases.py)
 * types a line when asked. A child whose quota is CHILD_QUOTA frames reads
 * into a VM pool of POOL_PAGES pages, many times its quota: the kernel must
 * fault in only the bytes it copies, not every page of the buffer (which
 * evicted pages to swap and filled the swap store before the call failed).
 */
#include "tap.h"
#include "ulib.h"

#define CHILD_QUOTA 32
#define POOL_PAGES  1024 /* 4 MiB: 32 times the child's quota */
#define MAX_FAULTS  2    /* the page the bytes land in, and one to spare */

/* Page faults and swap-outs the pager has counted, over every process. */
static void pager_counts(uint32_t *faults, uint32_t *swap_outs)
{
    struct pager_stats s = {0};
    pager_stats(0, &s);
    *faults = s.faults;
    *swap_outs = s.swap_outs;
}

/* The child: read a line into the pool, each call offered the rest of the pool. */
static int read_into_pool(void)
{
    uint32_t pool;
    if (vmpool_alloc(POOL_PAGES, &pool) < 0)
        return 10;
    char *buf = (char *)pool;
    uint32_t size = POOL_PAGES * PAGE_SIZE, n = 0;
    printf("t_bigread: type a line\n");
    uint32_t faults0, outs0, faults1, outs1;
    pager_counts(&faults0, &outs0);
    while (n == 0 || buf[n - 1] != '\r') {
        int r = sys_console_read(buf + n, size - n);
        if (r <= 0)
            return 11;
        n += (uint32_t)r;
    }
    pager_counts(&faults1, &outs1);
    printf("# t_bigread: read %u bytes into %u pages: %u faults, %u swap-outs\n", n, POOL_PAGES,
           faults1 - faults0, outs1 - outs0);
    if (n != 6 || memcmp(buf, "hello\r", 6))
        return 12;
    return faults1 - faults0 > MAX_FAULTS || outs1 - outs0 > MAX_FAULTS ? 13 : 0;
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (!strcmp(word, "read"))
        return read_into_pool();
    tap_plan(3);
    int before = quota_usage();
    int child = spawn("t_bigread", "read", CHILD_QUOTA);
    int status = -1;
    uint32_t reason = REASON_NONE;
    tap_ok(wait(child, &status, &reason, 0) == child, "wait for the reading child answers");
    tap_ok(status == 0,
           "a %u-page read faulted in at most %d pages and got the line (status %d, %s)",
           POOL_PAGES, MAX_FAULTS, status, reason_str(reason));
    tap_ok(quota_usage() == before, "usage back to %d (now %d)", before, quota_usage());
    return tap_done();
}
