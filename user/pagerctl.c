/*
 * pagerctl [policy NAME]: the pager's policy; alone it names the policy in
 * force, with NAME it switches to it while programs run. NAME is one the
 * pager knows (demand, eager, prefetch:N, fifo, clock, ...) or a mapping
 * and a replacement policy joined by '+' (prefetch:4+clock). The list of
 * known policies comes from the pager. See docs/policies.md.
 */
#include "fmt.h"
#include "ulib.h"

/*
 * "demand, eager, prefetch:N, fifo, clock", from the pager, in memory the
 * caller frees (0 if there is none): a line printed in one piece, which
 * another task's output cannot split.
 */
static char *known_list(void)
{
    char *list = calloc(1, 1), *name;
    for (uint32_t i = 1; list && policy_get(i, &name) >= 0; i++) {
        size_t n = strlen(list), add = strlen(name) + 3;
        char *longer = realloc(list, n + add);
        if (longer)
            snformat(longer + n, add, "%s%s", i > 1 ? ", " : "", name);
        else
            free(list);
        list = longer;
        free(name);
    }
    return list;
}

static const char *or_no_memory(const char *list)
{
    return list ? list : "(no memory for the list)";
}

static int show(void)
{
    char *name;
    int r = policy_get(0, &name);
    if (r < 0) {
        printf("pagerctl: the pager did not say which policy is in force: %s\n", errtext(r));
        return 1;
    }
    char *known = known_list();
    printf("policy %s (known: %s; a mapping and a replacement policy join with '+')\n", name,
           or_no_memory(known));
    free(known);
    free(name);
    return 0;
}

static int fail(const char *name, int err)
{
    if (err == E_NOENT) {
        char *known = known_list();
        printf("pagerctl: no policy '%s'; known: %s\n", name, or_no_memory(known));
        free(known);
    } else if (err == E_INVAL) {
        printf("pagerctl: '%s' is not a policy name: one mapping policy, one replacement "
               "policy, or both joined by '+'\n",
               name);
    } else if (err == E_RANGE) {
        printf("pagerctl: '%s': N of prefetch:N is out of range (docs/policies.md)\n", name);
    } else if (err == E_PERM) {
        printf("pagerctl: this program may not switch the policy (it lacks the trace right)\n");
    } else {
        printf("pagerctl: %s: %s\n", name, errtext(err));
    }
    return 1;
}

static int usage(void)
{
    printf("usage: pagerctl [policy NAME]; 'pagerctl' alone names the policy in force and the "
           "known ones\n");
    return 2;
}

static int switch_to(const char *name)
{
    int r = policy_set(name);
    if (r < 0)
        return fail(name, r);
    char *now;
    r = policy_get(0, &now);
    printf("pagerctl: policy is now %s\n", r < 0 ? name : now);
    if (r >= 0)
        free(now);
    return 0;
}

int main(const char *args)
{
    char word[16];
    const char *rest = first_arg(args, word, sizeof(word));
    if (!word[0])
        return show();
    int size = (int)strlen(rest) + 1;
    char *name = malloc((size_t)size);
    if (!name) {
        printf("pagerctl: no memory for the policy's name\n");
        return 1;
    }
    rest = next_word(rest, name, size);
    while (*rest == ' ')
        rest++;
    int r = strcmp(word, "policy") || !name[0] || *rest ? usage() : switch_to(name);
    free(name);
    return r;
}
