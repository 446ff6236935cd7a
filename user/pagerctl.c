/*
 * pagerctl [policy NAME]: the pager's policy; alone it names the policy in
 * force, with NAME it switches to it while programs run. NAME is one the
 * pager knows (demand, eager, prefetch:N, fifo, clock, ...) or a mapping
 * and a replacement policy joined by '+' (prefetch:4+clock). The list of
 * known policies comes from the pager. See docs/policies.md.
 */
#include "ulib.h"

/* "demand, eager, prefetch:N, fifo, clock", from the pager. */
static void print_known(void)
{
    char *name;
    for (uint32_t i = 1; policy_get(i, &name) >= 0; i++) {
        printf("%s%s", i > 1 ? ", " : "", name);
        free(name);
    }
}

static int show(void)
{
    char *name;
    int r = policy_get(0, &name);
    if (r < 0) {
        printf("pagerctl: the pager did not say which policy is in force: %s\n", errtext(r));
        return 1;
    }
    printf("policy %s (known: ", name);
    free(name);
    print_known();
    printf("; a mapping and a replacement policy join with '+')\n");
    return 0;
}

static int fail(const char *name, int err)
{
    if (err == E_NOENT) {
        printf("pagerctl: no policy '%s'; known: ", name);
        print_known();
        printf("\n");
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
