/*
 * tracectl on|off|dump|clear|status: the IPC trace, at run time. Each
 * command says what it did. Records stream to the second serial port
 * (COM2), which make qemu writes to build/trace.bin on the host; see
 * docs/trace.md. Needs the trace right, which init and the programs it
 * starts hold.
 */
#include "abi/trace.h"
#include "ulib.h"

#define WHERE  "streamed to COM2: build/trace.bin on the host under make qemu"
#define DECODE "decode it there with: tools/ipctrace text build/trace.bin"

static const struct {
    const char *word;
    uint32_t cmd;
    const char *done; /* what the command did, said after it did it */
} cmds[] = {
    {"on", TRACE_CTL_ON, "tracing on: every IPC is recorded and " WHERE "; " DECODE},
    {"off", TRACE_CTL_OFF, "tracing off; what was recorded is in build/trace.bin; " DECODE},
    {"dump", TRACE_CTL_DUMP, "the records held in the kernel's ring were " WHERE "; " DECODE},
    {"clear", TRACE_CTL_CLEAR, "the kernel's ring and the trace filters are empty"},
    {"status", TRACE_CTL_STATUS, 0},
};

static void status(int on)
{
    printf("tracectl: tracing is %s, %d records lost since the last flush; records are " WHERE "\n",
           on ? "on" : "off", sys_trace_ctl(TRACE_CTL_DROPS, 0));
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    for (uint32_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        if (strcmp(word, cmds[i].word))
            continue;
        int r = sys_trace_ctl(cmds[i].cmd, 0);
        if (r == E_PERM) {
            printf("tracectl: this program may not control the trace (it lacks the trace "
                   "right)\n");
            return 1;
        }
        if (r < 0) {
            printf("tracectl: %s: %s\n", word, errtext(r));
            return 1;
        }
        if (cmds[i].done)
            printf("tracectl: %s\n", cmds[i].done);
        else
            status(r);
        return 0;
    }
    printf("usage: tracectl on|off|dump|clear|status\n");
    return 2;
}
