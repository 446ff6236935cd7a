/*
 * open, read, lseek, close, fstat: requests to the pager (PAGER_OPEN,
 * PAGER_READ, PAGER_LSEEK, PAGER_CLOSE, PAGER_FSTAT, proto/pager.h), which
 * holds the descriptors and checks every argument; here only the POSIX
 * way of failing (-1 and errno) is added.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ulib.h"

/* The pager's answer to label{a, b, c}: its first word, or -1 and errno. */
static int file_call(uint32_t label, uint32_t a, uint32_t b, uint32_t c)
{
    msg_t m;
    int r = pager_call(label, a, b, c, &m);
    return posix_return(r < 0 ? r : (int)m.w[0]);
}

int open(const char *name, int flags, ...)
{
    return file_call(PAGER_OPEN, (uint32_t)name, (uint32_t)flags, 0);
}

ssize_t read(int fd, void *buf, size_t len)
{
    return file_call(PAGER_READ, (uint32_t)fd, (uint32_t)buf, len);
}

off_t lseek(int fd, off_t off, int whence)
{
    return file_call(PAGER_LSEEK, (uint32_t)fd, (uint32_t)off, (uint32_t)whence);
}

int close(int fd)
{
    return file_call(PAGER_CLOSE, (uint32_t)fd, 0, 0);
}

int fstat(int fd, struct stat *st)
{
    int size = file_call(PAGER_FSTAT, (uint32_t)fd, 0, 0);
    if (size < 0)
        return -1;
    *st = (struct stat){S_IFREG | 0444, size};
    return 0;
}
