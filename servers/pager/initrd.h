/*
 * The initrd's index: every regular file of the boot archive by name, built
 * once when the pager starts, so spawn and open find a file in O(1) whatever
 * the archive holds (a ustar walk checks a header checksum per member).
 *
 * An open-addressing hash table (linear probing, at most half full) of
 * struct initrd_file, followed by the names it points to, all in one block
 * the caller provides (initrd_index_size says how big). Plain data: no IPC.
 * Names are stored without leading "./"s and looked up the same way, as
 * ustar_find does; a name met twice keeps its first member.
 */
#ifndef PAGER_INITRD_H
#define PAGER_INITRD_H

#include <stddef.h>
#include <stdint.h>

struct initrd_file {
    const char *name;    /* NULL: empty slot */
    const uint8_t *data; /* its bytes, inside the archive */
    uint32_t size;
    uint32_t offset; /* data - archive: where its bytes start in the archive */
};

struct initrd_index {
    struct initrd_file *slot;
    uint32_t mask;  /* slots - 1; slots is a power of two */
    uint32_t count; /* files */
};

/*
 * Bytes the index of archive needs (its table and names): 0, or E_FORMAT
 * when a corrupt header ends the walk early (*bytes then covers the files
 * before it, which the index still holds).
 */
int initrd_index_size(const void *archive, size_t size, size_t *bytes);
/*
 * Build the index in mem[bytes] (bytes from initrd_index_size): 0, E_RANGE
 * (mem too small, nothing built), or initrd_index_size's E_FORMAT.
 */
int initrd_index_build(struct initrd_index *ix, const void *archive, size_t size, void *mem,
                       size_t bytes);
/* The file called name, or NULL. */
const struct initrd_file *initrd_lookup(const struct initrd_index *ix, const char *name);

#endif
