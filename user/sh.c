/*
 * sh: the shell. Each line is a program of the initrd and its arguments;
 * the shell starts it with a share of its own quota and waits for it. The
 * line is edited and recalled as lineedit.c says. Built in: help, exit,
 * quota (this shell's container), check (QUOTA_CHECK). `exit` or Ctrl-D on
 * an empty line ends the shell; init powers the machine off when the
 * shell it started ends that way.
 */
#include "lineedit.h"
#include "ulib.h"

#define CHILD_QUOTA 1024 /* frames: 4 MiB for each program */

/* The initrd's index (tools/mkinitrd): a line "NAME<TAB>DESCRIPTION" per program. */
static void list_programs(void)
{
    char *index;
    int r = initrd_file("programs", &index);
    if (r < 0) {
        printf("help: cannot read the initrd's list of programs: %s\n", errtext(r));
        return;
    }
    printf("Programs:\n");
    for (char *line = index; *line;) {
        char *tab = strchr(line, '\t'), *end = strchr(line, '\n');
        if (!tab || !end || tab > end)
            break;
        *tab = *end = 0;
        printf("  %-12s %s\n", line, tab + 1);
        line = end + 1;
    }
    free(index);
}

static void help(void)
{
    printf("A line is a program and its arguments. Keys: Left/Right, Home/End, Backspace,\n"
           "Delete, Up/Down (history), Ctrl-C (ends the program running), Ctrl-D (leave).\n"
           "Built in:\n"
           "  help         this list\n"
           "  exit         leave the shell (the first shell powers the machine off)\n"
           "  quota        this shell's memory container\n"
           "  check        ask the quota server whether its books balance\n");
    list_programs();
}

static void show_quota(void)
{
    struct quota_info qi;
    int r = quota_self(&qi);
    if (r < 0)
        printf("quota: the quota server did not answer: %s\n", errtext(r));
    else
        printf("container %u: quota %u frames, usage %u, parent %u, %u children\n", qi.id, qi.quota,
               qi.usage, qi.parent, qi.nchildren);
}

static void check_books(void)
{
    int bad = quota_check();
    if (bad == -1)
        printf("quota books balance\n");
    else
        printf("check: container %d does not add up\n", bad);
}

/* Say how a program ended, unless it was a plain exit(0). */
static void report_end(const char *prog, int status, uint32_t reason, uint32_t addr)
{
    if (reason)
        printf("%s: ended: %s at %08x\n", prog, reason_str(reason), addr);
    else if (status)
        printf("%s: exit status %d\n", prog, status);
}

static void start(const char *prog, const char *args)
{
    /* The pager hands "prog args" to the program in ARGS_AREA bytes, NUL included. */
    if (strlen(prog) + 1 + strlen(args) >= ARGS_AREA) {
        printf("%s: the line is too long: a program takes at most %u bytes of name and "
               "arguments\n",
               prog, ARGS_AREA - 1);
        return;
    }
    int task = spawn(prog, args, CHILD_QUOTA);
    if (task == E_NOENT || task == E_RANGE) {
        printf("%s: no such program; 'help' lists them\n", prog);
        return;
    }
    if (task == E_FORMAT) {
        printf("%s: not a program (no i386 ELF image)\n", prog);
        return;
    }
    if (task < 0) {
        printf("%s: cannot start: %s\n", prog, errtext(task));
        return;
    }
    int status;
    uint32_t reason, addr;
    int r = wait(task, &status, &reason, &addr);
    if (r < 0)
        printf("%s: lost track of it: %s\n", prog, errtext(r));
    else
        report_end(prog, status, reason, addr);
}

/* Run one line; returns 1 when the shell should end. */
static int run_line(char *line)
{
    while (*line == ' ')
        line++;
    char *args = line;
    while (*args && *args != ' ')
        args++;
    if (*args)
        *args++ = 0;
    while (*args == ' ')
        args++;
    if (line[0] == 0)
        return 0;
    if (!strcmp(line, "exit"))
        return 1;
    if (!strcmp(line, "help"))
        help();
    else if (!strcmp(line, "quota"))
        show_quota();
    else if (!strcmp(line, "check"))
        check_books();
    else
        start(line, args);
    return 0;
}

int main(const char *args)
{
    (void)args;
    static struct lineedit le;
    printf("Welcome. Type 'help' for what there is to try.\n");
    for (;;) {
        printf("$ ");
        int n = lineedit_read(&le);
        if (n == LINE_EOF)
            return 0;
        if (n == LINE_NOMEM)
            printf("sh: the line is too long for the memory this shell has\n");
        if (n > 0 && run_line(le.buf))
            return 0;
    }
}
