/*
 * The list of policies and the parser of their names. This is the only
 * file that names them.
 */
#include "policy.h"
#include "abi/errno.h"
#include "fmt.h"
#include "str.h"

#define PREFETCH_MAX 64

static const struct map_policy *const maps[] = {&policy_demand, &policy_eager, &policy_prefetch};
static const struct repl_policy *const repls[] = {&policy_fifo, &policy_clock};

static int word_is(const char *s, uint32_t n, const char *name)
{
    return strlen(name) == n && !strncmp(s, name, n);
}

#define KIND_MAP  1
#define KIND_REPL 2

/* One word of a policy name: KIND_MAP (with :N for prefetch), KIND_REPL, or an error. */
static int parse_word(const char *s, uint32_t n, struct policy *out)
{
    const char *colon = memchr(s, ':', n);
    uint32_t base = colon ? (uint32_t)(colon - s) : n;
    for (uint32_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
        if (!word_is(s, base, maps[i]->name))
            continue;
        out->map = maps[i];
        if (maps[i] != &policy_prefetch)
            return colon ? E_INVAL : KIND_MAP;
        uint32_t arg = 0, digits = 0;
        for (const char *p = colon ? colon + 1 : s + n; p < s + n; p++, digits++) {
            if (*p < '0' || *p > '9')
                return E_INVAL;
            arg = arg * 10 + (uint32_t)(*p - '0');
            if (arg > PREFETCH_MAX)
                return E_RANGE;
        }
        if (colon && !digits)
            return E_INVAL;
        out->arg = digits ? arg : 4;
        return KIND_MAP;
    }
    for (uint32_t i = 0; i < sizeof(repls) / sizeof(repls[0]); i++) {
        if (word_is(s, n, repls[i]->name)) {
            out->repl = repls[i];
            return KIND_REPL;
        }
    }
    return E_NOENT;
}

int policy_parse(const char *spec, struct policy *out)
{
    struct policy p = {&policy_demand, 0, 0};
    int seen = 0;
    size_t len = strlen(spec);
    if (len == 0 || spec[len - 1] == '+')
        return E_INVAL;
    while (*spec) {
        uint32_t n = 0;
        while (spec[n] && spec[n] != '+')
            n++;
        int kind = n ? parse_word(spec, n, &p) : E_INVAL;
        if (kind < 0)
            return kind;
        if (seen & kind)
            return E_INVAL; /* two of a kind, as in "fifo+clock" */
        seen |= kind;
        spec += n + (spec[n] == '+');
    }
    *out = p;
    return 0;
}

void policy_name(const struct policy *p, char *buf, uint32_t size)
{
    char map[24];
    if (p->map == &policy_prefetch)
        snformat(map, sizeof(map), "prefetch:%u", p->arg);
    else
        snformat(map, sizeof(map), "%s", p->map->name);
    if (p->repl)
        snformat(buf, size, "%s+%s", map, p->repl->name);
    else
        snformat(buf, size, "%s", map);
}

int policy_known(uint32_t i, char *buf, uint32_t size)
{
    const uint32_t nmaps = sizeof(maps) / sizeof(maps[0]);
    if (i < nmaps) {
        snformat(buf, size, maps[i] == &policy_prefetch ? "%s:N" : "%s", maps[i]->name);
        return 0;
    }
    if (i - nmaps < sizeof(repls) / sizeof(repls[0])) {
        snformat(buf, size, "%s", repls[i - nmaps]->name);
        return 0;
    }
    return E_RANGE;
}
