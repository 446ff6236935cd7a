/*
 * Program text and read-only data come from the initrd's own frames: two
 * instances of t_bigtext (128 KiB of read-only data, 32 pages) run at once;
 * each reads the right bytes, each container uses fewer frames than half
 * the pages of that data (a copy would cost them all), and the second
 * instance takes fewer frames from the machine than that too (the frames
 * the pager's heap grows by for its records of a process aside). Initialised data stays each
 * instance's own: the second finds the value the image gives, not the first one's write. Its
 * whole pages are the initrd's too until written (copy-on-write from the image): reading 128 KiB
 * of it costs nothing, and each instance pays a frame for each page it writes (its exit status
 * says). Both end cleanly and the books balance.
 */
#include "tap.h"
#include "fmt.h"
#include "ulib.h"

#define BIG_PAGES 32
#define BIG_SUM   (uint32_t)(BIG_PAGES * 1024 * 0x01020304u)
#define DATA_SUM  (uint32_t)(BIG_PAGES * 1024 * 0x05060708u)
#define QUOTA     64 /* room for a copy: the test tells, not the quota */

struct instance {
    int task;
    uint32_t thread;
    msg_t said; /* its call: {sum, data word, usage, sum of the writable data} */
};

/* Start t_bigtext and take its call (it waits for our answer to end). */
static int instance_start(struct instance *in)
{
    char arg[16];
    snformat(arg, sizeof(arg), "%u", sys_getid());
    in->task = spawn("t_bigtext", arg, QUOTA);
    if (in->task < 0)
        return in->task;
    return ipc_recv(TID_ANY, &in->said, &in->thread);
}

/* Answer its call and collect its end: its exit status, or -1. */
static int instance_end(struct instance *in)
{
    msg_t ok = {MSG_OK, {0, 0, 0, 0}};
    ipc_send(in->thread, &ok);
    int status = -1;
    uint32_t reason = ~0u;
    wait(in->task, &status, &reason, 0);
    return reason == REASON_NONE ? status : -1;
}

/* User-pool frames free, or on the pager's heap (its records of a process are not the program's).
 */
static int frames_free(void)
{
    struct pager_mem pm;
    return sys_kinfo(KINFO_FRAMES_FREE, 0) + (pager_mem(&pm) == 0 ? (int)pm.heap_frames : 0);
}

static void check_said(const struct instance *in, const char *which)
{
    tap_ok(in->said.w[0] == BIG_SUM, "%s reads its read-only data right (sum %08x, want %08x)",
           which, in->said.w[0], BIG_SUM);
    tap_ok(in->said.w[1] == 0xDA7A0001u, "%s finds its data word as the image gives it: %08x",
           which, in->said.w[1]);
    tap_ok(in->said.w[3] == DATA_SUM, "%s reads its writable data right (sum %08x, want %08x)",
           which, in->said.w[3], DATA_SUM);
    tap_ok(in->said.w[2] < BIG_PAGES / 2,
           "%s uses %u frames for %u pages of read-only and %u of writable data read", which,
           in->said.w[2], BIG_PAGES, BIG_PAGES);
}

int main(const char *args)
{
    (void)args;
    tap_plan(13);
    int usage = quota_usage();
    struct instance a, b;
    int ra = instance_start(&a);
    tap_ok(ra == 0, "the first instance runs: %s", errstr(ra));
    int free_before = frames_free();
    int rb = instance_start(&b);
    int taken = free_before - frames_free();
    tap_ok(rb == 0, "the second instance runs beside it: %s", errstr(rb));
    tap_ok(rb == 0 && taken < BIG_PAGES / 2,
           "the second instance took %d frames from the machine for %u pages of read-only data "
           "and %u of writable data read",
           taken, BIG_PAGES, BIG_PAGES);
    check_said(&a, "the first");
    check_said(&b, "the second");
    int sa = instance_end(&a), sb = instance_end(&b);
    tap_ok(sa == 0 && sb == 0,
           "both end cleanly, each having paid a frame for each of two pages of data it wrote "
           "(status %d, %d; 2: not two frames)",
           sa, sb);
    tap_ok(quota_usage() == usage && quota_check() == -1,
           "their frames came back (usage %d, was %d) and the books balance", quota_usage(), usage);
    return tap_done();
}
