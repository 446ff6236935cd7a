/*
 * quotatree: the memory containers as a tree, each with its quota, its
 * usage (frames held plus the quotas lent to children) and the task that
 * owns it. Container 0, the root, holds init and the boot servers' frames.
 */
#include "ulib.h"

#define MAX_ROWS 32

struct row {
    uint32_t task, container, parent, quota, usage;
    char name[17];
};

static struct row rows[MAX_ROWS];
static int nrows;

static int pager_ask(uint32_t label, uint32_t a, uint32_t b, msg_t *m)
{
    *m = (msg_t){label, {a, b, 0, 0}};
    int r = ipc_call(TID_PAGER, m);
    return r < 0 ? r : m->label == MSG_OK ? 0 : (int)m->w[0];
}

static void collect(void)
{
    for (uint32_t i = 0; nrows < MAX_ROWS; i++) {
        msg_t id, name, q;
        int r = pager_ask(PAGER_PS, i, 0, &id);
        if (r < 0 && r != E_NOENT)
            return;
        if (r < 0 || pager_ask(PAGER_PS, i, 1, &name) < 0 || pager_ask(PAGER_PS, i, 2, &q) < 0)
            continue;
        struct row *w = &rows[nrows++];
        w->task = id.w[0];
        w->container = id.w[1];
        w->parent = q.w[2] & 0xFFFF;
        w->quota = q.w[0];
        w->usage = q.w[1];
        memcpy(w->name, name.w, 16);
        w->name[16] = 0;
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
