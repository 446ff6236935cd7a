/*
 * The stack starts with one page and grows on demand, one page per fault,
 * to USTACK_PAGES = 10; a touch below that ends the task with "stack
 * overflow". Run as "t_stack grow N": touch N pages below the top.
 */
#include "tap.h"
#include "ulib.h"
#include "fmt.h"

#define USTACK_PAGES 10

static int touch_pages(int n)
{
    /* Walk down from the current frame one page at a time, as a deep recursion would. */
    volatile char *sp = (volatile char *)&n;
    uint32_t base = USTACK_TOP - (uint32_t)n * PAGE_SIZE;
    for (uint32_t a = (uint32_t)sp & ~(PAGE_SIZE - 1); a >= base; a -= PAGE_SIZE)
        *(volatile char *)a = 1;
    return 0;
}

static void run_child(int pages, int *status, uint32_t *reason, uint32_t *addr)
{
    char arg[16];
    snformat(arg, sizeof(arg), "grow %d", pages);
    int task = spawn("t_stack", arg, 64);
    wait(task, status, reason, addr);
}

int main(const char *args)
{
    char word[16];
    const char *rest = next_word(next_word(args, word, sizeof(word)), word, sizeof(word));
    if (!strcmp(word, "grow"))
        return touch_pages((int)strtol_simple(rest, 0));
    tap_plan(5);
    int status;
    uint32_t reason, addr;
    run_child(2, &status, &reason, &addr);
    tap_ok(reason == REASON_NONE && status == 0, "stack grows to 2 pages");
    run_child(USTACK_PAGES, &status, &reason, &addr);
    tap_ok(reason == REASON_NONE && status == 0, "stack grows to %d pages", USTACK_PAGES);
    run_child(USTACK_PAGES + 1, &status, &reason, &addr);
    tap_ok(reason == REASON_STACK, "page %d ends the task: %s", USTACK_PAGES + 1,
           reason_str(reason));
    tap_ok(addr == USTACK_TOP - (USTACK_PAGES + 1) * PAGE_SIZE, "at the first page below: %08x",
           addr);
    struct quota_info qi;
    tap_ok(quota_self(&qi) == 0, "the parent goes on");
    return tap_done();
}
