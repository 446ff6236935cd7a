/*
 * Illegitimate accesses end the task with a reason and the exact address: a
 * write to text, a read of an address in no region, a NULL dereference, a
 * read past the heap. The child's frames come back to the parent.
 */
#include "tap.h"
#include "ulib.h"

int main(const char *args);

static void *main_addr(void)
{
    return (void *)main;
}

static int do_mode(const char *mode)
{
    if (!strcmp(mode, "text"))
        *(volatile int *)main_addr() = 0;
    if (!strcmp(mode, "noregion"))
        return *at(0x50000000);
    if (!strcmp(mode, "null"))
        return *at(8);
    if (!strcmp(mode, "pastheap")) {
        char *brk = sbrk(0);
        return *(volatile char *)(brk + 2 * PAGE_SIZE);
    }
    return 0;
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (word[0])
        return do_mode(word);
    /* The child is this program: its text and its first break are where ours are. */
    const struct {
        const char *mode;
        uint32_t reason, addr;
    } cases[] = {{"text", REASON_WRITE_RO, (uint32_t)main_addr()},
                 {"noregion", REASON_SEGV, 0x50000000},
                 {"null", REASON_NULL, 8},
                 {"pastheap", REASON_SEGV, (uint32_t)sbrk(0) + 2 * PAGE_SIZE}};
    int n = sizeof(cases) / sizeof(cases[0]);
    tap_plan(n);
    for (int i = 0; i < n; i++) {
        struct child_end end;
        child_run("t_segv", cases[i].mode, 64, &end);
        tap_ok(child_ended_clean(&end, cases[i].reason) && end.addr == cases[i].addr,
               "%s: %s at %08x (want %08x); usage %d, was %d", cases[i].mode,
               reason_str(end.reason), end.addr, cases[i].addr, end.usage_after, end.usage_before);
    }
    return tap_done();
}
