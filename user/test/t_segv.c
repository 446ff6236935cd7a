/*
 * Illegitimate accesses end the task with a reason: a write to text, a read
 * of an address in no region, a NULL dereference, a write past the heap.
 */
#include "tap.h"
#include "ulib.h"

/* An address the compiler cannot see through, so it emits the access as written. */
static volatile int *at(uint32_t a)
{
    volatile uint32_t v = a;
    return (volatile int *)v;
}

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
    const char *rest = next_word(next_word(args, word, sizeof(word)), word, sizeof(word));
    (void)rest;
    if (word[0])
        return do_mode(word);
    static const struct {
        const char *mode;
        uint32_t reason;
    } cases[] = {{"text", REASON_WRITE_RO},
                 {"noregion", REASON_SEGV},
                 {"null", REASON_NULL},
                 {"pastheap", REASON_SEGV}};
    int n = sizeof(cases) / sizeof(cases[0]);
    tap_plan(n);
    for (int i = 0; i < n; i++) {
        int task = spawn("t_segv", cases[i].mode, 64);
        uint32_t reason = 0, addr = 0;
        wait(task, 0, &reason, &addr);
        tap_ok(reason == cases[i].reason, "%s: %s at %08x", cases[i].mode, reason_str(reason),
               addr);
    }
    return tap_done();
}
