/*
 * File descriptor tables (fdtable.h): an array of pointers to open files,
 * grown on the pager's heap.
 */
#include "fdtable.h"

#include "abi/errno.h"
#include "str.h"
#include "ulib.h"

void fdtable_init(struct fdtable *t)
{
    *t = (struct fdtable){0, 0};
}

/* Room for descriptor numbers below cap (at least), or E_NOMEM (the table is as it was). */
static int fdtable_reserve(struct fdtable *t, uint32_t cap)
{
    if (cap <= t->cap)
        return 0;
    uint32_t grown = t->cap ? 2 * t->cap : 8;
    if (grown < cap)
        grown = cap;
    if (grown > (uint32_t)INT32_MAX / sizeof(*t->fd))
        return E_NOMEM; /* a descriptor is an int */
    struct open_file **fd = realloc(t->fd, grown * sizeof(*fd));
    if (!fd)
        return E_NOMEM;
    memset(&fd[t->cap], 0, (grown - t->cap) * sizeof(*fd));
    t->fd = fd;
    t->cap = grown;
    return 0;
}

int fd_open(struct fdtable *t, const struct initrd_file *file)
{
    uint32_t n = 0;
    while (n < t->cap && t->fd[n])
        n++;
    struct open_file *f = malloc(sizeof(*f));
    if (!f || fdtable_reserve(t, n + 1) < 0) {
        free(f);
        return E_NOMEM;
    }
    *f = (struct open_file){file, 0, 1};
    t->fd[n] = f;
    return (int)n;
}

struct open_file *fd_get(const struct fdtable *t, int fd)
{
    return fd >= 0 && (uint32_t)fd < t->cap ? t->fd[fd] : 0;
}

int fd_close(struct fdtable *t, int fd)
{
    struct open_file *f = fd_get(t, fd);
    if (!f)
        return E_BADF;
    t->fd[fd] = 0;
    if (--f->refs == 0)
        free(f);
    return 0;
}

int fdtable_copy(struct fdtable *dst, const struct fdtable *src)
{
    fdtable_init(dst);
    if (fdtable_reserve(dst, src->cap) < 0)
        return E_NOMEM;
    for (uint32_t i = 0; i < src->cap; i++)
        if ((dst->fd[i] = src->fd[i]))
            dst->fd[i]->refs++;
    return 0;
}

void fdtable_free(struct fdtable *t)
{
    for (uint32_t i = 0; i < t->cap; i++)
        fd_close(t, (int)i);
    free(t->fd);
    fdtable_init(t);
}
