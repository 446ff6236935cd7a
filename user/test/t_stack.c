/*
 * The stack starts with one page and grows on demand, one page per fault,
 * to USTACK_PAGES (abi/syscall.h); a touch below that ends the task with "stack
 * overflow". Run as "t_stack grow N": touch N pages below the top.
 */
#include "tap.h"
#include "ulib.h"
#include "fmt.h"

static int touch_pages(int n)
{
    /* Walk down from the current frame one page at a time, as a deep recursion would. */
    volatile char *sp = (volatile char *)&n;
    uint32_t base = USTACK_TOP - (uint32_t)n * PAGE_SIZE;
    for (uint32_t a = (uint32_t)sp & ~(PAGE_SIZE - 1); a >= base; a -= PAGE_SIZE)
        *(volatile char *)a = 1;
    return 0;
}

static void run_child(int pages, struct child_end *end)
{
    char arg[16];
    snformat(arg, sizeof(arg), "grow %d", pages);
    child_run("t_stack", arg, 64, end);
}

int main(const char *args)
{
    char word[16];
    const char *rest = first_arg(args, word, sizeof(word));
    if (!strcmp(word, "grow"))
        return touch_pages((int)strtol_simple(rest, 0));
    tap_plan(5);
    struct child_end end;
    run_child(2, &end);
    tap_ok(child_ended_clean(&end, REASON_NONE), "stack grows to 2 pages: %s, usage %d, was %d",
           reason_str(end.reason), end.usage_after, end.usage_before);
    run_child(USTACK_PAGES, &end);
    tap_ok(child_ended_clean(&end, REASON_NONE), "stack grows to %u pages: %s, usage %d, was %d",
           USTACK_PAGES, reason_str(end.reason), end.usage_after, end.usage_before);
    run_child(USTACK_PAGES + 1, &end);
    tap_ok(child_ended_clean(&end, REASON_STACK), "page %u ends the task: %s, usage %d, was %d",
           USTACK_PAGES + 1, reason_str(end.reason), end.usage_after, end.usage_before);
    tap_ok(end.addr == USTACK_TOP - (USTACK_PAGES + 1) * PAGE_SIZE, "at the first page below: %08x",
           end.addr);
    tap_ok(quota_check() == -1, "the quota books balance");
    return tap_done();
}
