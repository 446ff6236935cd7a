/* Read a POSIX ustar archive held in memory (the initrd). */
#ifndef LIBIPC_USTAR_H
#define LIBIPC_USTAR_H

#include <stddef.h>

/* 0 and the member's bytes, E_NOENT, or E_FORMAT for a corrupt archive. */
int ustar_find(const void *archive, size_t size, const char *name, const void **data, size_t *len);
/* The next regular file after *cursor (start at 0): 1, 0 at the end, or E_FORMAT. */
int ustar_next(const void *archive, size_t size, size_t *cursor, char *name, size_t name_size,
               const void **data, size_t *len);

#endif
