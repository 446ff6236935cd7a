/*
 * fstat (docs/libc.md, "Files"): what the pager knows of an open file of
 * the initrd. A host build gets the host's own header.
 */
#if __STDC_HOSTED__
#include_next <sys/stat.h>
#else
#ifndef ULIB_SYS_STAT_H
#define ULIB_SYS_STAT_H

#include <sys/types.h>

#define S_IFMT  0170000
#define S_IFREG 0100000 /* a regular file: every file of the initrd */

struct stat {
    uint32_t st_mode; /* S_IFREG | 0444 */
    off_t st_size;    /* bytes */
};

int fstat(int fd, struct stat *st); /* 0, or -1 and errno: EBADF */

#endif
#endif
