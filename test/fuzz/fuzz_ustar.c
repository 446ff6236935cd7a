/*
 * libFuzzer: libipc/ustar.c over any bytes. Every member ustar_next hands out
 * lies inside the archive, the walk ends, and ustar_find finds each member's
 * name at the same bytes (or an earlier member of that name).
 */
#include "harness.h"
#include <string.h>

#include "libipc/ustar.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *ar = malloc(size ? size : 1);
    memcpy(ar, data, size);
    size_t cursor = 0, last = 0;
    char name[USTAR_NAME_MAX + 1];
    const void *file;
    size_t len;
    int r;
    while ((r = ustar_next(ar, size, &cursor, name, sizeof(name), &file, &len)) == 1) {
        FUZZ_REQUIRE(cursor > last && cursor <= size + 512);
        last = cursor;
        FUZZ_REQUIRE((const uint8_t *)file >= ar && len <= size);
        FUZZ_REQUIRE((size_t)((const uint8_t *)file - ar) <= size - len);
        FUZZ_REQUIRE(memchr(name, 0, sizeof(name)) != NULL);
        const void *found;
        size_t flen;
        if (name[0] && ustar_find(ar, size, name, &found, &flen) == 0)
            FUZZ_REQUIRE((const uint8_t *)found <= (const uint8_t *)file);
    }
    FUZZ_REQUIRE(r == 0 || r == E_FORMAT);
    free(ar);
    return 0;
}
