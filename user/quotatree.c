/*
 * quotatree: the memory containers as a tree, each with its quota, its
 * usage (frames held plus the quotas lent to children) and the task that
 * owns it. Container 0, the root, holds init and the boot servers' frames.
 */
#include "ulib.h"

#define MAX_ROWS 32

struct row {
    uint32_t task, container, parent, quota, usage;
    char name[TASK_NAME_MAX];
};

static struct row rows[MAX_ROWS];
static int nrows;

static void collect(void)
{
    struct ps_entry e;
    for (uint32_t slot = 0; nrows < MAX_ROWS && ps_next(&slot, &e) > 0;) {
        struct row *w = &rows[nrows++];
        w->task = e.task;
        w->container = e.container;
        w->parent = e.parent_container;
        w->quota = e.quota;
        w->usage = e.usage;
        memcpy(w->name, e.name, sizeof(w->name));
    }
}

static void print_subtree(uint32_t container, int depth)
{
    for (int i = 0; i < nrows; i++) {
        struct row *w = &rows[i];
        if (w->container != container)
            continue;
        printf("%*s%-3u %-10s task %-3u quota %6u  usage %6u\n", depth * 4, "", w->container,
               w->name, w->task, w->quota, w->usage);
    }
    for (int i = 0; i < nrows; i++)
        if (rows[i].container != 0 && rows[i].parent == container && rows[i].container != container)
            print_subtree(rows[i].container, depth + 1);
}

int main(const char *args)
{
    (void)args;
    collect();
    printf("container  owner       quota and usage in frames\n");
    print_subtree(0, 0);
    return 0;
}
