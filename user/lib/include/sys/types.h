/*
 * The POSIX types the library's calls use (off_t: a file offset, ssize_t:
 * a byte count or -1). A host build gets the host's own header.
 */
#if __STDC_HOSTED__
#include_next <sys/types.h>
#else
#ifndef ULIB_SYS_TYPES_H
#define ULIB_SYS_TYPES_H

#include <stdint.h>

typedef int32_t off_t;
typedef int32_t ssize_t;

#endif
#endif
