/*
 * Error codes shared by the kernel, the servers, user programs and host tools.
 * Every call returns 0 (or a non-negative value) on success and one of these,
 * negative, on failure. ERRNO_LIST is parsed by tools/ipctrace: keep one
 * X(name, value, "text") per line.
 */
#ifndef ABI_ERRNO_H
#define ABI_ERRNO_H

#define ERRNO_LIST(X)                                                                              \
    X(E_OK, 0, "success")                                                                          \
    X(E_INVAL, -1, "invalid argument")                                                             \
    X(E_PERM, -2, "permission denied")                                                             \
    X(E_NOMEM, -3, "out of kernel objects")                                                        \
    X(E_NOENT, -4, "no such task, thread or file")                                                 \
    X(E_FAULT, -5, "bad user address")                                                             \
    X(E_ALIGN, -6, "misaligned address")                                                           \
    X(E_BUSY, -7, "resource in use")                                                               \
    X(E_DEAD, -8, "partner is gone")                                                               \
    X(E_TIMEOUT, -9, "would block")                                                                \
    X(E_QUOTA, -10, "memory quota exhausted")                                                      \
    X(E_RANGE, -11, "value out of range")                                                          \
    X(ERR_VM_INVALID, -12, "break below heap start")                                               \
    X(ERR_VM_BOUND, -13, "region would overlap another")                                           \
    X(E_NOSYS, -14, "no such call or request")                                                     \
    X(E_EXIST, -15, "already exists")                                                              \
    X(E_FORMAT, -16, "malformed image")                                                            \
    X(E_NOSPC, -17, "swap store full")                                                             \
    X(E_IO, -18, "device error")                                                                   \
    X(E_NOTABLE, -19, "no page table there: the pager must give one")                              \
    X(E_BADF, -20, "no such file descriptor")                                                      \
    X(E_ACCES, -21, "the file is read-only")                                                       \
    X(E_NOKMEM, -22, "no memory for a kernel object: the pager must give a frame")

#define ERRNO_ENUM(name, value, text) name = value,
enum abi_errno { ERRNO_LIST(ERRNO_ENUM) };
#undef ERRNO_ENUM

#endif
