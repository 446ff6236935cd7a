/*
 * Many live processes at once: the kernel's task and thread tables and the
 * pager's grow with them, with no fixed maximum. "t_many N" starts N
 * children that each wait for a message, checks every one is alive (its
 * id names a task), ends them all and waits for each; the kernel pool, the
 * user pool and this container's usage are then as before and the books
 * balance. make test runs it with N = 100; a thousand children need a
 * quota of some 12,000 frames (init=t_many:1000 with -m 1024 and a larger
 * quota than init gives a program today).
 */
#include "tap.h"
#include "ulib.h"

#define DEFAULT_N   100
#define CHILD_QUOTA 12 /* its directory, two page tables, code, data, stack and some spare */

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (!strcmp(word, "block")) /* wait for a message that never comes */
        return ipc_recv(TID_ANY, &(msg_t){0, {0, 0, 0, 0}}, 0);
    uint32_t n = word[0] ? (uint32_t)strtol_simple(word, 0) : DEFAULT_N;
    tap_plan(4);
    int *kids = malloc(n * sizeof(int)); /* before the snapshot: malloc keeps its heap */
    int kfree = sys_kinfo(KINFO_KPOOL_FREE, 0), ufree = sys_kinfo(KINFO_FRAMES_FREE, 0);
    int usage = quota_usage();
    uint32_t made = 0, alive = 0;
    for (; kids && made < n; made++) {
        kids[made] = spawn("t_many", "block", CHILD_QUOTA);
        if (kids[made] < 0)
            break;
    }
    for (uint32_t i = 0; i < made; i++)
        alive += sys_kinfo(KINFO_TASK_FRAMES, (uint32_t)kids[i]) > 0;
    tap_ok(made == n && alive == n, "%u of %u children started, %u alive at once (last: %s)", made,
           n, alive, made < n && kids ? errstr(kids[made]) : "none failed");
    uint32_t ended = 0;
    for (uint32_t i = 0; i < made; i++) {
        uint32_t reason = 0;
        kill(kids[i]);
        ended += wait(kids[i], 0, &reason, 0) == kids[i] && reason == REASON_KILLED;
    }
    tap_ok(ended == made, "%u of %u ended by kill and waited for", ended, made);
    int kfree_now = sys_kinfo(KINFO_KPOOL_FREE, 0), ufree_now = sys_kinfo(KINFO_FRAMES_FREE, 0);
    int usage_now = quota_usage();
    tap_ok(usage_now == usage, "this container's usage %d, before %d", usage_now, usage);
    tap_ok(quota_check() == -1,
           "the quota books balance (user pool free %d, before %d; kernel "
           "pool free %d, before %d)",
           ufree_now, ufree, kfree_now, kfree);
    free(kids);
    return tap_done();
}
