/*
 * read, lseek, close (docs/libc.md, "Files") on the descriptors open
 * gives, served by the pager. A host build gets the host's own header.
 */
#if __STDC_HOSTED__
#include_next <unistd.h>
#else
#ifndef ULIB_UNISTD_H
#define ULIB_UNISTD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* Each: -1 and errno on failure (EBADF, EINVAL, EFAULT; docs/libc.md). */
ssize_t read(int fd, void *buf, size_t len); /* bytes read, 0 at the end */
off_t lseek(int fd, off_t off, int whence);  /* the new position */
int close(int fd);

#endif
#endif
