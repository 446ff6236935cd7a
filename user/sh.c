/*
 * sh: a small shell. Each line is a program of the initrd and its
 * arguments; the shell starts it with a share of its own quota and waits.
 * Built in: help, quota (this shell's container), check (QUOTA_CHECK).
 */
#include "fmt.h"
#include "ulib.h"

#define LINE_MAX    128
#define CHILD_QUOTA 1024 /* frames: 4 MiB for each program */

static void help(void)
{
    printf("Type a program name and its arguments, for example:\n"
           "  demo            grow a stack and a heap, watching the quota\n"
           "  memstat         the pager's and quota server's books\n"
           "  quotatree       the memory containers as a tree\n"
           "  pagerctl policy clock    switch the pager policy\n"
           "  tracectl on|off|dump|clear    the IPC trace (to COM2)\n"
           "  t_swap          overflow a child's quota four times (needs fifo or clock)\n"
           "Built in: help, quota, check\n");
}

static void show_quota(void)
{
    struct quota_info qi;
    int r = quota_self(&qi);
    if (r < 0)
        printf("quota: %s\n", errstr(r));
    else
        printf("container %u: quota %u frames, usage %u, parent %u, %u children\n", qi.id, qi.quota,
               qi.usage, qi.parent, qi.nchildren);
}

static void run_line(const char *line)
{
    char prog[32];
    const char *args = next_word(line, prog, sizeof(prog));
    while (*args == ' ')
        args++;
    if (prog[0] == 0)
        return;
    if (!strcmp(prog, "help"))
        return help();
    if (!strcmp(prog, "quota"))
        return show_quota();
    if (!strcmp(prog, "check")) {
        int bad = quota_check();
        printf(bad == -1 ? "quota books balance\n" : "container %d does not add up\n", bad);
        return;
    }
    int task = spawn(prog, args, CHILD_QUOTA);
    if (task < 0) {
        printf("sh: %s: %s\n", prog, task == E_NOENT ? "no such program" : errstr(task));
        return;
    }
    int status;
    uint32_t reason, addr;
    if (wait(task, &status, &reason, &addr) == task && (status || reason))
        printf("sh: %s: %s (status %d)\n", prog, reason ? reason_str(reason) : "exit", status);
}

int main(const char *args)
{
    (void)args;
    char line[LINE_MAX];
    printf("Welcome. Type 'help' for what there is to try.\n");
    for (;;) {
        printf("$ ");
        readline(line, sizeof(line));
        run_line(line);
    }
}
