/*
 * tracectl on|off|dump|clear|status: the IPC trace, at run time. Records go
 * to the second serial port (COM2); see docs/trace.md. Needs the trace
 * right, which init and the programs it starts hold.
 */
#include "abi/trace.h"
#include "ulib.h"

static const struct {
    const char *word;
    uint32_t cmd;
} cmds[] = {{"on", TRACE_CTL_ON},
            {"off", TRACE_CTL_OFF},
            {"dump", TRACE_CTL_DUMP},
            {"clear", TRACE_CTL_CLEAR},
            {"status", TRACE_CTL_STATUS}};

int main(const char *args)
{
    char word[16];
    next_word(next_word(args, word, sizeof(word)), word, sizeof(word));
    for (uint32_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        if (strcmp(word, cmds[i].word))
            continue;
        int r = sys_trace_ctl(cmds[i].cmd, 0);
        if (r < 0) {
            printf("tracectl: %s: %s\n", word, errstr(r));
            return 1;
        }
        if (cmds[i].cmd == TRACE_CTL_STATUS)
            printf("trace is %s, %d records lost\n", r ? "on" : "off",
                   sys_trace_ctl(TRACE_CTL_DROPS, 0));
        return 0;
    }
    printf("usage: tracectl on|off|dump|clear|status\n");
    return 2;
}
