/*
 * mmap, munmap, mprotect: requests to the pager (PAGER_MMAP, PAGER_MUNMAP,
 * PAGER_MPROTECT, proto/pager.h), which checks every argument; here only
 * the POSIX way of failing (MAP_FAILED or -1, and errno) is added.
 */
#include <errno.h>
#include <sys/mman.h>

#include "ulib.h"

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    if (!(flags & MAP_ANONYMOUS) && (fd < 0 || fd > MMAP_FD_MAX)) {
        errno = EBADF; /* not one PAGER_MMAP can carry (docs/libc.md) */
        return MAP_FAILED;
    }
    msg_t m = {PAGER_MMAP, {(uint32_t)addr, len, MMAP_WORD(prot, flags, fd), (uint32_t)off}};
    int r = pager_request(&m);
    return posix_return(r) < 0 ? MAP_FAILED : (void *)m.w[0];
}

int munmap(void *addr, size_t len)
{
    msg_t m;
    return posix_return(pager_call(PAGER_MUNMAP, (uint32_t)addr, len, 0, &m));
}

int mprotect(void *addr, size_t len, int prot)
{
    msg_t m;
    return posix_return(pager_call(PAGER_MPROTECT, (uint32_t)addr, len, (uint32_t)prot, &m));
}
