/*
 * A parent spawns children with split quotas; they exit; its usage returns
 * to what it was and the quota books balance. Also: no such program, more
 * children than MAX_CHILDREN, exit status passed through wait.
 */
#include "tap.h"
#include "fmt.h"
#include "ulib.h"

#define KIDS 6

int main(const char *args)
{
    char word[16];
    const char *rest = first_arg(args, word, sizeof(word));
    if (!strcmp(word, "child")) {
        /* Say hello to the parent (blocks until it listens), then exit with the status given. */
        const char *after;
        int status = (int)strtol_simple(rest, &after);
        msg_t m = {MSG_PING, {0, 0, 0, 0}};
        ipc_send((uint32_t)strtol_simple(after, 0), &m);
        return status;
    }
    if (!strcmp(word, "sleeper")) {
        msg_t m;
        return ipc_recv(TID_ANY, &m, 0); /* until its parent ends it */
    }
    tap_plan(8);
    struct quota_info before = {0, 0, 0, 0, 0}, mid = before, after = before;
    char arg[32];
    msg_t m;
    snformat(arg, sizeof(arg), "child 0 %u", sys_getid());
    int warm = spawn("t_spawn", arg, 32); /* warm up: touch our own pages first */
    ipc_recv(TID_ANY, &m, 0);
    wait(warm, 0, 0, 0);
    quota_self(&before);
    int kids[KIDS];
    for (int i = 0; i < KIDS; i++) {
        snformat(arg, sizeof(arg), "child %d %u", 40 + i, sys_getid());
        kids[i] = spawn("t_spawn", arg, 32);
    }
    quota_self(&mid); /* every child is still alive: each waits for us to hear its hello */
    for (int i = 0; i < KIDS; i++)
        ipc_recv(TID_ANY, &m, 0);
    tap_ok(mid.nchildren == KIDS, "%u children in the container", mid.nchildren);
    tap_ok(mid.usage == before.usage + KIDS * 32, "their quotas are charged: usage %u, was %u",
           mid.usage, before.usage);
    int good = 0;
    for (int i = 0; i < KIDS; i++) {
        int status = -1;
        good += wait(kids[i], &status, 0, 0) == kids[i] && status == 40 + i;
    }
    tap_ok(good == KIDS, "%d of %d exit statuses read back through wait", good, KIDS);
    quota_self(&after);
    tap_ok(after.usage == before.usage && after.nchildren == 0, "usage back to %u (was %u)",
           after.usage, before.usage);
    tap_ok(spawn("no-such-program", "", 16) == E_NOENT, "spawn of a missing program: E_NOENT");
    tap_ok(wait(12345, 0, 0, 0) == E_NOENT, "wait for a task that is not a child: E_NOENT");
    int n = 0, r;
    while (n < 16 && (r = spawn("t_spawn", "sleeper", 16)) > 0)
        n++;
    tap_ok(n == 8 && r == E_RANGE, "MAX_CHILDREN (8) children, the 9th refused: %s", errstr(r));
    tap_ok(quota_check() == -1, "the quota books balance (the sleepers end with this task)");
    return tap_done();
}
