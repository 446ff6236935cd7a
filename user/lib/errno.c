/*
 * errno and the translation from the system's negative abi_errno codes
 * (abi/errno.h) to POSIX numbers (errno.h).
 */
#include <errno.h>

#include "abi/errno.h"

int errno;

int errno_of(int err)
{
    switch (err) {
    case E_OK:
        return 0;
    case E_PERM:
        return EPERM;
    case E_NOENT:
        return ENOENT;
    case E_DEAD:
        return ESRCH;
    case E_IO:
        return EIO;
    case E_FORMAT:
        return ENOEXEC;
    case E_BADF:
        return EBADF;
    case E_ACCES:
        return EACCES;
    case E_TIMEOUT:
        return EAGAIN;
    case E_NOMEM:
    case E_NOKMEM:
    case E_QUOTA:
    case ERR_VM_BOUND:
        return ENOMEM;
    case E_FAULT:
        return EFAULT;
    case E_BUSY:
        return EBUSY;
    case E_EXIST:
        return EEXIST;
    case E_NOSPC:
        return ENOSPC;
    case E_RANGE:
        return ERANGE;
    case E_NOSYS:
        return ENOSYS;
    default: /* E_INVAL, E_ALIGN, ERR_VM_INVALID and anything unknown */
        return EINVAL;
    }
}

const char *strerror(int errnum)
{
#define POSIX_ERRNO_CASE(name, value, text)                                                        \
    case value:                                                                                    \
        return text;
    switch (errnum) {
        POSIX_ERRNO_LIST(POSIX_ERRNO_CASE)
    }
#undef POSIX_ERRNO_CASE
    return errnum == 0 ? "success" : "unknown error";
}

int posix_return(int r)
{
    if (r >= 0)
        return r;
    errno = errno_of(r);
    return -1;
}
