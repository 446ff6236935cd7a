/*
 * Boot command line parser. Plain code over a caller's struct: it is also
 * compiled into the host unit test. Values longer than CMDLINE_VALUE_MAX-1
 * are reported as malformed rather than cut silently.
 */
#include "cmdline.h"
#include "str.h"

#define CMDLINE_NAME(id, key) key,
static const char *const keys[OPT_COUNT] = {CMDLINE_KEYS(CMDLINE_NAME)};
#undef CMDLINE_NAME

const char *cmdline_key(enum cmdline_opt opt)
{
    return opt < OPT_COUNT ? keys[opt] : "";
}

static void copy_word(char *dst, const char *src, size_t n)
{
    if (n >= CMDLINE_VALUE_MAX)
        n = CMDLINE_VALUE_MAX - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

static void note_unknown(struct cmdline *c, const char *w, size_t n)
{
    if (c->nunknown < CMDLINE_UNKNOWN_MAX)
        copy_word(c->unknown[c->nunknown], w, n);
    c->nunknown++;
}

static int find_key(const char *w, size_t keylen)
{
    for (int i = 0; i < OPT_COUNT; i++) {
        if (strlen(keys[i]) == keylen && !strncmp(keys[i], w, keylen))
            return i;
    }
    return -1;
}

static void parse_word(struct cmdline *c, const char *w, size_t n, int first)
{
    const char *eq = memchr(w, '=', n);
    if (!eq) {
        if (!first)
            note_unknown(c, w, n);
        return;
    }
    int k = find_key(w, eq - w);
    size_t vlen = n - (eq - w) - 1;
    if (k < 0 || vlen == 0 || vlen >= CMDLINE_VALUE_MAX) {
        note_unknown(c, w, n);
        return;
    }
    copy_word(c->value[k], eq + 1, vlen);
    c->present[k] = 1;
}

int cmdline_parse(const char *s, struct cmdline *c)
{
    memset(c, 0, sizeof(*c));
    int first = 1;
    while (s && *s) {
        while (*s == ' ' || *s == '\t')
            s++;
        size_t n = 0;
        while (s[n] && s[n] != ' ' && s[n] != '\t')
            n++;
        if (n)
            parse_word(c, s, n, first);
        first = 0;
        s += n;
    }
    return c->nunknown;
}

const char *cmdline_get(const struct cmdline *c, enum cmdline_opt opt, const char *def)
{
    return c->present[opt] ? c->value[opt] : def;
}
