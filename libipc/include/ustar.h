/*
 * Read a POSIX ustar archive held in memory (the initrd). Nothing outside
 * [archive, archive + size) is ever read, whatever the archive holds.
 */
#ifndef LIBIPC_USTAR_H
#define LIBIPC_USTAR_H

#include <stddef.h>

/* Longest member name: a 155-byte prefix, '/', a 100-byte name. */
#define USTAR_NAME_MAX 256

/*
 * Find the regular file called name: 0 with its bytes in *data, *len (inside
 * the archive), E_NOENT, or E_FORMAT when a header met on the way is corrupt.
 * Leading "./"s are ignored in name and in member names.
 */
int ustar_find(const void *archive, size_t size, const char *name, const void **data, size_t *len);

/*
 * The next regular file at or after *cursor (start at 0; other member types
 * are skipped): 1 and the member, 0 at the end (an all-zero block or the end
 * of the buffer), or E_FORMAT. The name, without leading "./"s, is copied
 * into name[name_size] (name_size >= 1), NUL terminated, and cut short when
 * it does not fit: USTAR_NAME_MAX + 1 bytes always fit.
 */
int ustar_next(const void *archive, size_t size, size_t *cursor, char *name, size_t name_size,
               const void **data, size_t *len);

#endif
