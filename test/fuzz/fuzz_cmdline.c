/* libFuzzer: libipc/cmdline.c's parser on any string; every value it keeps is a bounded string. */
#include "harness.h"
#include <string.h>

#include "libipc/cmdline.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = 0;
    struct cmdline c;
    memset(&c, 0x5A, sizeof(c)); /* nothing may be read before it is written */
    int unknown = cmdline_parse(s, &c);
    FUZZ_REQUIRE(unknown == c.nunknown && unknown >= 0);
    for (int i = 0; i < OPT_COUNT; i++) {
        FUZZ_REQUIRE(c.present[i] <= 1);
        FUZZ_REQUIRE(memchr(c.value[i], 0, CMDLINE_VALUE_MAX) != NULL);
        const char *v = cmdline_get(&c, (enum cmdline_opt)i, NULL);
        FUZZ_REQUIRE((v != NULL) == (c.present[i] == 1));
        if (v)
            FUZZ_REQUIRE(strstr(s, v) != NULL); /* a value is a piece of the line */
    }
    for (int i = 0; i < c.nunknown && i < CMDLINE_UNKNOWN_MAX; i++)
        FUZZ_REQUIRE(memchr(c.unknown[i], 0, CMDLINE_VALUE_MAX) != NULL);
    free(s);
    return 0;
}
