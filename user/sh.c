/*
 * sh: the shell. Each line is a program of the initrd and its arguments,
 * after an optional quota=SIZE; the shell starts it with that quota (by
 * default everything the shell has free but SH_KEEP frames, half of that
 * in the background) and waits for it, or, when the line ends in '&',
 * reports its end at a later prompt. The line is
 * edited and recalled as lineedit.c says. Built in: help, exit, kill, quota
 * (this shell's container), check (QUOTA_CHECK). `exit` or Ctrl-D on an
 * empty line ends the shell; init powers the machine off when the shell it
 * started ends that way.
 */
#include "lineedit.h"
#include "ulib.h"

#define SH_KEEP 32 /* frames the shell keeps for its own heap when it lends the rest */

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
           "  check        ask the quota server whether its books balance\n"
           "  kill TASK    end a task this shell started ('ps' shows them)\n"
           "A line ending in '&' runs in the background; the shell says when it ends.\n"
           "quota=SIZE before a program gives it SIZE of memory: frames (4 KiB each), or\n"
           "bytes with K, M or G (quota=512, quota=64M); by default a program gets all the\n"
           "memory this shell has free, one in the background half of it.\n");
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

/* Say how a program ended, unless it was a plain exit(0) in the foreground. */
static void report_end(const char *prog, int status, uint32_t reason, uint32_t addr)
{
    if (reason && addr)
        printf("%s: ended: %s at %08x\n", prog, reason_str(reason), addr);
    else if (reason)
        printf("%s: ended: %s\n", prog, reason_str(reason));
    else if (status)
        printf("%s: exit status %d\n", prog, status);
}

/* Programs started with '&', until they are seen ended. */
struct job {
    int task;
    char *name;
};
static struct job *jobs;
static int njobs, jobs_cap;

static void job_add(int task, const char *prog)
{
    if (njobs == jobs_cap) {
        int cap = jobs_cap ? jobs_cap * 2 : 8;
        struct job *j = realloc(jobs, (size_t)cap * sizeof(*j));
        if (!j) {
            printf("[%d] %s: the shell has no memory to follow it; it will not be reported\n", task,
                   prog);
            return;
        }
        jobs = j;
        jobs_cap = cap;
    }
    size_t n = strlen(prog) + 1;
    char *name = malloc(n);
    if (name)
        memcpy(name, prog, n);
    jobs[njobs++] = (struct job){task, name};
    printf("[%d] %s started; 'kill %d' ends it\n", task, prog, task);
}

/* Report the background programs that have ended, and forget them. */
static void jobs_reap(void)
{
    for (int i = 0; i < njobs;) {
        int status;
        uint32_t reason, addr;
        int r = wait_nohang(jobs[i].task, &status, &reason, &addr);
        if (r == E_TIMEOUT) {
            i++;
            continue;
        }
        const char *name = jobs[i].name ? jobs[i].name : "?";
        if (r < 0)
            printf("[%d] %s: lost track of it: %s\n", jobs[i].task, name, errtext(r));
        else if (reason)
            printf("[%d] %s: ended: %s\n", r, name, reason_str(reason));
        else
            printf("[%d] %s: done, exit status %d\n", r, name, status);
        free(jobs[i].name);
        jobs[i] = jobs[--njobs];
    }
}

/*
 * The frames quota=SIZE asks for: a number of frames, or of bytes with K, M
 * or G after it, rounded up to whole frames; 0 for anything else.
 */
static uint32_t parse_quota(const char *size)
{
    const char *end;
    long n = strtol_simple(size, &end);
    uint64_t unit = *end == 'K' ? 1u << 10 : *end == 'M' ? 1u << 20 : *end == 'G' ? 1u << 30 : 0;
    if (!size[0] || n <= 0 || (unit ? end[1] != 0 : *end != 0))
        return 0;
    uint64_t frames = unit ? ((uint64_t)n * unit + PAGE_SIZE - 1) / PAGE_SIZE : (uint64_t)n;
    return frames > 0xFFFFFFFFu ? 0 : (uint32_t)frames;
}

static int start(const char *prog, const char *args, uint32_t quota)
{
    /* The pager hands "prog args" to the program in ARGS_AREA bytes, NUL included. */
    if (strlen(prog) + 1 + strlen(args) >= ARGS_AREA) {
        printf("%s: the line is too long: a program takes at most %u bytes of name and "
               "arguments\n",
               prog, ARGS_AREA - 1);
        return E_RANGE;
    }
    int task = spawn(prog, args, quota);
    if (task == E_NOENT || task == E_RANGE)
        printf("%s: no such program; 'help' lists them\n", prog);
    else if (task == E_QUOTA)
        printf("%s: cannot start: it asks %u frames and this shell has %u free\n", prog, quota,
               quota_spare(0));
    else if (task == E_FORMAT)
        printf("%s: not a program (no i386 ELF image)\n", prog);
    else if (task < 0)
        printf("%s: cannot start: %s\n", prog, errtext(task));
    return task;
}

/* Run a program and wait for it; Ctrl-C ends it meanwhile (the console's foreground). */
static void run_foreground(const char *prog, const char *args, uint32_t quota)
{
    int task = start(prog, args, quota);
    if (task < 0)
        return;
    sys_console_fg((uint32_t)task);
    int status;
    uint32_t reason, addr;
    int r = wait(task, &status, &reason, &addr);
    sys_console_fg(0);
    if (r < 0)
        printf("%s: lost track of it: %s\n", prog, errtext(r));
    else
        report_end(prog, status, reason, addr);
}

static void kill_task(const char *arg)
{
    const char *end;
    long task = strtol_simple(arg, &end);
    if (!arg[0] || *end || task <= 0) {
        printf("usage: kill TASK (a task id from ps)\n");
        return;
    }
    int r = kill((int)task);
    if (r == E_NOENT)
        printf("kill: no task %ld among the processes 'ps' lists\n", task);
    else if (r == E_PERM)
        printf("kill: task %ld was not started from this shell (a shell ends only the tasks it "
               "started and theirs)\n",
               task);
    else if (r < 0)
        printf("kill: task %ld: %s\n", task, errtext(r));
}

/* Cut a trailing '&' off the line; returns 1 when there was one. */
static int background(char *line)
{
    size_t n = strlen(line);
    while (n && line[n - 1] == ' ')
        n--;
    if (!n || line[n - 1] != '&')
        return 0;
    line[n - 1] = 0;
    return 1;
}

/* The first word of *s, cut off with its spaces; *s moves past them. */
static char *cut_word(char **s)
{
    char *word = *s, *p = *s;
    while (*p && *p != ' ')
        p++;
    if (*p)
        *p++ = 0;
    while (*p == ' ')
        p++;
    *s = p;
    return word;
}

/* Start a program line (quota=SIZE first, if any) in the foreground or the background. */
static void run_program(char *line, char *args, int bg)
{
    uint32_t quota = quota_spare(SH_KEEP) / (bg ? 2 : 1);
    if (!strncmp(line, "quota=", 6)) {
        const char *size = line + 6;
        quota = parse_quota(size);
        if (!quota) {
            printf("%s: a quota is a number of frames (4 KiB each) or of bytes with K, M or G "
                   "after it, as quota=512 or quota=64M\n",
                   line);
            return;
        }
        line = cut_word(&args);
        if (!line[0]) {
            printf("quota=%s: which program? as in quota=%s demo\n", size, size);
            return;
        }
    }
    if (!bg) {
        run_foreground(line, args, quota);
        return;
    }
    int task = start(line, args, quota);
    if (task >= 0)
        job_add(task, line);
}

/* Run one line; returns 1 when the shell should end. */
static int run_line(char *line)
{
    int bg = background(line);
    while (*line == ' ')
        line++;
    char *args = line;
    line = cut_word(&args);
    for (char *end = args + strlen(args); end > args && end[-1] == ' ';)
        *--end = 0;
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
    else if (!strcmp(line, "kill"))
        kill_task(args);
    else
        run_program(line, args, bg);
    return 0;
}

int main(const char *args)
{
    (void)args;
    static struct lineedit le;
    printf("Welcome. Type 'help' for what there is to try.\n");
    for (;;) {
        jobs_reap();
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
