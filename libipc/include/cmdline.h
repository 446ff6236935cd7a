/*
 * The boot command line (Multiboot cmdline): space-separated key=value
 * options. Known keys are listed in CMDLINE_KEYS; anything else is kept as
 * "unknown" so that boot can report it. The first word, the kernel's own
 * path as GRUB passes it, is skipped when it holds no '='.
 */
#ifndef LIBIPC_CMDLINE_H
#define LIBIPC_CMDLINE_H

#include <stdint.h>

#define CMDLINE_KEYS(X)                                                                            \
    X(OPT_INIT, "init")           /* program init runs: sh (default), test, bench, demo */         \
    X(OPT_POLICY, "pager.policy") /* pager policy: demand, eager, prefetch:N, fifo, clock */       \
    X(OPT_TRACE, "trace")         /* ipc[:name,name...]: IPC tracing from boot */                  \
    X(OPT_SELFTEST, "selftest")   /* pagefault: take a kernel page fault on purpose */             \
    X(OPT_QUIET, "quiet")         /* 1: fewer boot messages */

#define CMDLINE_ENUM(id, key) id,
enum cmdline_opt { CMDLINE_KEYS(CMDLINE_ENUM) OPT_COUNT };
#undef CMDLINE_ENUM

#define CMDLINE_VALUE_MAX   64
#define CMDLINE_UNKNOWN_MAX 4

struct cmdline {
    char value[OPT_COUNT][CMDLINE_VALUE_MAX];
    uint8_t present[OPT_COUNT];
    int nunknown; /* how many unknown or malformed words were seen */
    char unknown[CMDLINE_UNKNOWN_MAX][CMDLINE_VALUE_MAX];
};

/* Parse s into c; returns the number of unknown or malformed words. */
int cmdline_parse(const char *s, struct cmdline *c);
/* The value of opt, or def when the option was not given. */
const char *cmdline_get(const struct cmdline *c, enum cmdline_opt opt, const char *def);
const char *cmdline_key(enum cmdline_opt opt);

#endif
