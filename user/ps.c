/*
 * ps: every process: its task id, its parent's, its name, its container's
 * quota and usage in frames and its resident pages. The pager answers;
 * kill (a shell built-in) takes the task ids shown here.
 */
#include "ulib.h"

int main(const char *args)
{
    (void)args;
    struct ps_entry e;
    uint32_t slot = 0;
    int r;
    /* ids are up to 10 digits (a slot and its generation, abi/syscall.h): a space always leads */
    printf("%11s %11s  %-16s %9s %9s %8s\n", "task", "parent", "name", "quota", "usage",
           "resident");
    while ((r = ps_next(&slot, &e)) > 0)
        printf("%11u %11u  %-16s %9u %9u %8u\n", e.task, e.parent, e.name, e.quota, e.usage,
               e.resident);
    if (r < 0) {
        printf("ps: the pager stopped answering: %s\n", errtext(r));
        return 1;
    }
    return 0;
}
