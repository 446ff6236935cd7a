/*
 * Memory mappings served by the pager (docs/libc.md): mmap, munmap,
 * mprotect with their POSIX signatures. These PROT_ and MAP_ values are the
 * ones PAGER_MMAP carries (proto/pager.h), and the same as Linux's, so the
 * pager's code compiled into a host unit test reads the host's header
 * (included instead of this one there) and means the same.
 */
#if __STDC_HOSTED__
#include_next <sys/mman.h>
#else
#ifndef ULIB_SYS_MMAN_H
#define ULIB_SYS_MMAN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROT_NONE  0x0
#define PROT_READ  0x1 /* = PERM_R */
#define PROT_WRITE 0x2 /* = PERM_W; implies PROT_READ (i386 pages cannot be write-only) */
#define PROT_EXEC  0x4 /* = PERM_X; recorded, not enforced (i386 without PAE) */

#define MAP_SHARED    0x01 /* stays shared with the children fork makes */
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10 /* exactly at addr, replacing what is there */
#define MAP_ANONYMOUS 0x20 /* zero-filled memory, no file (fd is ignored) */
#define MAP_ANON      MAP_ANONYMOUS

#define MAP_FAILED ((void *)-1)

/* MAP_FAILED and errno on failure; see docs/libc.md for each errno. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);             /* 0, or -1 and errno */
int mprotect(void *addr, size_t len, int prot); /* 0, or -1 and errno */

#endif
#endif
