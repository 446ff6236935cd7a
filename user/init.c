/*
 * init: the first user program, started by the kernel and paged in by the
 * pager. Its argument (the boot option init=) says what to run:
 *   sh          the demo, then the shell (the default): started again when
 *               it crashes; when it leaves (exit, Ctrl-D) the machine
 *               powers off
 *   test[:a,b]  the test programs (all those of user/test/TESTS, or those
 *               named), one after the other, then a check that the quota books balance; the
 *               machine powers off with 0 when every test passed
 *   PROGRAM[:a,b] any program of the initrd, once (with arguments a b),
 *               then power off
 */
#include "fmt.h"
#include "tests.h"
#include "ulib.h"

#define CHILD_QUOTA 2048 /* frames (8 MiB) given to each program init starts but the shell */
/*
 * What the root container keeps when init gives the shell the rest: the
 * pager's own memory (about 1.2% of what processes use, docs/pager.md) and
 * the quota server's tables are the root's. 1/32 of what is free, at least
 * 1 MiB.
 */
#define ROOT_KEEP_MIN 256

static const char *const all_tests[] = {TEST_PROGRAMS};

/* At most half of what init's container has free, so small machines boot too. */
static uint32_t share(uint32_t want)
{
    struct quota_info qi;
    if (quota_self(&qi) < 0)
        return want;
    uint32_t half = (qi.quota - qi.usage) / 2;
    return want < half ? want : half;
}

/* The shell's quota: everything the root has free but what it keeps for the servers. */
static uint32_t shell_quota(void)
{
    uint32_t spare = quota_spare(0);
    return quota_spare(spare / 32 > ROOT_KEEP_MIN ? spare / 32 : ROOT_KEEP_MIN);
}

/* Run one program with quota frames to its end; returns its exit status (-1 when killed). */
static int run(const char *prog, const char *args, uint32_t quota)
{
    int task = spawn(prog, args, quota);
    if (task < 0) {
        printf("init: cannot start %s: %s\n", prog, errstr(task));
        return -1;
    }
    int status;
    uint32_t reason, addr;
    int r = wait(task, &status, &reason, &addr);
    if (r < 0) {
        printf("init: wait for %s: %s\n", prog, errstr(r));
        return -1;
    }
    if (reason)
        printf("init: %s ended: %s at %08x\n", prog, reason_str(reason), addr);
    return reason ? -1 : status;
}

static int books_balance(void)
{
    int bad = quota_check();
    if (bad != -1)
        printf("init: quota books do not balance (container %d)\n", bad);
    return bad == -1;
}

/* The names of the programs that failed, comma-separated, on the heap. */
struct failures {
    char *names;
    int count;
};

static void note(struct failures *f, const char *prog, int status)
{
    if (status == 0)
        return;
    f->count++;
    size_t have = f->names ? strlen(f->names) : 0, add = strlen(prog) + 2;
    char *n = realloc(f->names, have + add + 1);
    if (!n)
        return;
    snformat(n + have, add + 1, have ? ", %s" : "%s", prog);
    f->names = n;
}

static void run_tests(const char *list)
{
    struct failures failed = {0, 0};
    int n = 0;
    char name[32];
    if (*list == 0) {
        for (uint32_t i = 0; i < sizeof(all_tests) / sizeof(all_tests[0]); i++, n++)
            note(&failed, all_tests[i], run(all_tests[i], "", share(CHILD_QUOTA)));
    } else {
        for (const char *p = list; *p; n++) {
            int len = 0;
            while (p[len] && p[len] != ',')
                len++;
            if (len >= (int)sizeof(name))
                len = sizeof(name) - 1;
            memcpy(name, p, len);
            name[len] = 0;
            note(&failed, name, run(name, "", share(CHILD_QUOTA)));
            p += len + (p[len] == ',');
        }
    }
    int balanced = books_balance();
    printf("init: %d test programs, %d failed%s%s%s, quota books %s\n", n, failed.count,
           failed.names ? " (" : "", failed.names ? failed.names : "", failed.names ? ")" : "",
           balanced ? "balance" : "DO NOT balance");
    sys_poweroff(failed.count || !balanced ? 1 : 0);
}

int main(const char *args)
{
    char mode[64];
    first_arg(args, mode, sizeof(mode));
    printf("init: started (%s)\n", mode);
    if (!strncmp(mode, "test", 4) && (mode[4] == 0 || mode[4] == ':'))
        run_tests(mode[4] ? mode + 5 : "");
    if (strcmp(mode, "sh") != 0) {
        char *colon = strchr(mode, ':');
        const char *pargs = "";
        if (colon) {
            *colon = 0;
            pargs = colon + 1;
            for (char *c = colon + 1; *c; c++)
                *c = *c == ',' ? ' ' : *c;
        }
        int status = run(mode, pargs, share(CHILD_QUOTA));
        int balanced = books_balance();
        sys_poweroff(status == 0 && balanced ? 0 : 1);
    }
    run("demo", "", share(CHILD_QUOTA));
    while (run("sh", "", shell_quota()) != 0)
        printf("init: the shell ended abnormally; starting another\n");
    printf("init: the shell has left; powering off\n");
    return sys_poweroff(0);
}
