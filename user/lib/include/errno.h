/*
 * errno: the POSIX error number of a library call that failed, for the
 * calls with POSIX signatures (mmap, munmap, mprotect, open, read, lseek,
 * close, fstat). The system itself
 * speaks negative abi_errno codes (abi/errno.h); errno_of translates.
 * A host build (the unit tests) gets the host's own header instead.
 */
#if __STDC_HOSTED__
#include_next <errno.h>
#else
#ifndef ULIB_ERRNO_H
#define ULIB_ERRNO_H

/* X(name, value, text): the numbers are Linux's, so programs and man pages agree. */
#define POSIX_ERRNO_LIST(X)                                                                        \
    X(EPERM, 1, "operation not permitted")                                                         \
    X(ENOENT, 2, "no such file or directory")                                                      \
    X(ESRCH, 3, "no such process")                                                                 \
    X(EIO, 5, "input/output error")                                                                \
    X(ENOEXEC, 8, "exec format error")                                                             \
    X(EBADF, 9, "bad file descriptor")                                                             \
    X(EAGAIN, 11, "resource temporarily unavailable")                                              \
    X(ENOMEM, 12, "cannot allocate memory")                                                        \
    X(EACCES, 13, "permission denied")                                                             \
    X(EFAULT, 14, "bad address")                                                                   \
    X(EBUSY, 16, "device or resource busy")                                                        \
    X(EEXIST, 17, "file exists")                                                                   \
    X(ENODEV, 19, "no such device")                                                                \
    X(EINVAL, 22, "invalid argument")                                                              \
    X(ENOSPC, 28, "no space left on device")                                                       \
    X(ERANGE, 34, "result out of range")                                                           \
    X(ENOSYS, 38, "function not implemented")

#define POSIX_ERRNO_ENUM(name, value, text) name = value,
enum posix_errno { POSIX_ERRNO_LIST(POSIX_ERRNO_ENUM) };
#undef POSIX_ERRNO_ENUM

extern int errno;

int errno_of(int err);            /* the POSIX number for a negative abi_errno (0 for 0) */
const char *strerror(int errnum); /* its sentence: "invalid argument" */
int posix_return(int r);          /* r when r >= 0; else errno = errno_of(r) and -1 */

#endif
#endif
