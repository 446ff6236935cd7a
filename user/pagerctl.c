/*
 * pagerctl policy NAME: switch the pager's policy while programs run.
 * NAME is demand, eager, prefetch:N, fifo, clock, or a mapping policy and a
 * replacement policy joined by '+' (prefetch:4+clock). See docs/policies.md.
 */
#include "ulib.h"

int main(const char *args)
{
    char word[16], name[32];
    const char *rest = next_word(next_word(args, word, sizeof(word)), word, sizeof(word));
    next_word(rest, name, sizeof(name));
    if (strcmp(word, "policy") || !name[0]) {
        printf("usage: pagerctl policy demand|eager|prefetch:N|fifo|clock|MAP+REPL\n");
        return 2;
    }
    msg_t m = {PAGER_POLICY, {(uint32_t)name, strlen(name), 0, 0}};
    int r = ipc_call(TID_PAGER, &m);
    if (r == 0 && m.label == MSG_ERR)
        r = (int)m.w[0];
    if (r < 0) {
        printf("pagerctl: %s: %s\n", name, errstr(r));
        return 1;
    }
    printf("pagerctl: policy is now %s\n", name);
    return 0;
}
