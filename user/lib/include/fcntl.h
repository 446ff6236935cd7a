/*
 * open (docs/libc.md, "Files"): the files of the initrd, read-only, served
 * by the pager. The O_ values are Linux's, so the pager's code compiled
 * into a host unit test reads the host's header (included instead of this
 * one there) and means the same.
 */
#if __STDC_HOSTED__
#include_next <fcntl.h>
#else
#ifndef ULIB_FCNTL_H
#define ULIB_FCNTL_H

#define O_RDONLY  0
#define O_WRONLY  1 /* refused: EACCES (the initrd is read-only) */
#define O_RDWR    2 /* refused: EACCES */
#define O_ACCMODE 3

/* A descriptor (the lowest free), or -1 and errno: ENOENT, EACCES, EINVAL, EFAULT, ENOMEM. */
int open(const char *name, int flags, ...);

#endif
#endif
