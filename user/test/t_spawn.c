/*
 * A parent spawns children with split quotas; they exit; its usage returns
 * to what it was and the quota books balance. Also: no such program, more
 * children than mCertiKOS's eight per container, a chain of nested spawns
 * deeper than its id formula allowed, exit status passed through wait, and
 * a parent that ends with all its children alive: every child's EXIT notice
 * reaches the pager (the kernel once kept eight and dropped the rest).
 */
#include "tap.h"
#include "fmt.h"
#include "ulib.h"

#define KIDS  12 /* alive at once: more than mCertiKOS's MAX_CHILDREN (8) */
#define DEPTH 10 /* nested spawns below this task: its formula stopped 3 below the root */
#define LINK  24 /* frames a link of the chain keeps for itself */

/* A link of the chain: spawn the next, deeper one with what this one can spare; its depth. */
static int chain(uint32_t depth)
{
    if (depth == 0)
        return quota_check() == -1 ? 0 : -1;
    char arg[32];
    snformat(arg, sizeof(arg), "chain %u", depth - 1);
    int kid = spawn("t_spawn", arg, LINK * depth);
    int status = -1;
    if (kid < 0 || wait(kid, &status, 0, 0) != kid || status < 0)
        return -1;
    return status + 1;
}

/* A child ends; spawn until a new one takes its kernel slot: the old id must name nothing. */
static int stale_id_names_nothing(void)
{
    int old = spawn("t_spawn", "chain 0", 16);
    if (old < 0 || wait(old, 0, 0, 0) != old)
        return 0;
    for (int tries = 0; tries < 300; tries++) {
        int kid = spawn("t_spawn", "block", 16);
        if (kid < 0)
            return 0;
        int same = ID_SLOT((uint32_t)kid) == ID_SLOT((uint32_t)old);
        int ok = !same || (kid != old && sys_kinfo(KINFO_TASK_FRAMES, (uint32_t)old) == E_NOENT &&
                           sys_kinfo(KINFO_TASK_FRAMES, (uint32_t)kid) >= 0 &&
                           wait(old, 0, 0, 0) == E_NOENT);
        kill(kid);
        wait(kid, 0, 0, 0);
        if (same)
            return ok;
    }
    return 0;
}

int main(const char *args)
{
    char word[16];
    const char *rest = first_arg(args, word, sizeof(word));
    if (!strcmp(word, "child")) {
        /* Say hello with its status to the parent (blocks until it listens), then exit with it. */
        const char *after;
        int status = (int)strtol_simple(rest, &after);
        msg_t m = {MSG_PING, {(uint32_t)status, 0, 0, 0}};
        ipc_send((uint32_t)strtol_simple(after, 0), &m);
        return status;
    }
    if (!strcmp(word, "chain"))
        return chain((uint32_t)strtol_simple(rest, 0));
    if (!strcmp(word, "block")) /* wait for a message that never comes */
        return ipc_recv(TID_ANY, &(msg_t){0, {0, 0, 0, 0}}, 0);
    if (!strcmp(word, "family")) { /* KIDS live children, then end: the pager ends them all */
        for (int i = 0; i < KIDS; i++)
            if (spawn("t_spawn", "block", 32) < 0)
                return 1;
        return 0;
    }
    tap_plan(10);
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
    tap_ok(mid.nchildren == KIDS, "%u children in the container at once, more than mCertiKOS's 8",
           mid.nchildren);
    tap_ok(mid.usage == before.usage + KIDS * 32, "their quotas are charged: usage %u, was %u",
           mid.usage, before.usage);
    /* Hear one child and collect it before the next may end: one EXIT notice at a time. */
    int good = 0;
    for (int i = 0; i < KIDS; i++) {
        int status = -1;
        uint32_t kid = ipc_recv(TID_ANY, &m, 0) == 0 ? m.w[0] - 40 : KIDS;
        good +=
            kid < KIDS && wait(kids[kid], &status, 0, 0) == kids[kid] && status == 40 + (int)kid;
    }
    tap_ok(good == KIDS, "%d of %d exit statuses read back through wait", good, KIDS);
    quota_self(&after);
    tap_ok(after.usage == before.usage && after.nchildren == 0, "usage back to %u (was %u)",
           after.usage, before.usage);
    tap_ok(spawn("no-such-program", "", 16) == E_NOENT, "spawn of a missing program: E_NOENT");
    tap_ok(wait(12345, 0, 0, 0) == E_NOENT, "wait for a task that is not a child: E_NOENT");
    tap_ok(chain(DEPTH) == DEPTH, "a chain of %d nested spawns, the books balanced at its end",
           DEPTH);
    quota_self(&before);
    int family = spawn("t_spawn", "family", KIDS * 32 + LINK);
    int status = -1;
    struct pager_stats st;
    wait(family, &status, 0, 0);
    pager_stats(0, &st); /* the pager takes every pending EXIT notice before it answers */
    quota_self(&after);
    tap_ok(status == 0 && after.usage == before.usage && after.nchildren == before.nchildren,
           "a parent ending with %d live children: all %d EXIT notices reach the pager, usage "
           "back to %u (was %u)",
           KIDS, KIDS + 1, after.usage, before.usage);
    tap_ok(stale_id_names_nothing(), "an ended task's id names nothing once its slot is reused");
    tap_ok(quota_check() == -1, "the quota books balance");
    return tap_done();
}
