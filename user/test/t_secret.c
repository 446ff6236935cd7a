/*
 * Frames are zero when they reach a task: a page one task filled with a
 * secret, given back and handed to another, reads as zeros.
 */
#include "tap.h"
#include "ulib.h"

#define PAGES 64

static int fill(void)
{
    char *p = sbrk(PAGES * PAGE_SIZE);
    for (uint32_t i = 0; i < PAGES * PAGE_SIZE; i++)
        p[i] = (char)0xA5;
    return 0;
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (!strcmp(word, "fill"))
        return fill();
    tap_plan(2);
    int task = spawn("t_secret", "fill", PAGES + 32);
    int status = -1;
    wait(task, &status, 0, 0);
    tap_ok(status == 0, "a child filled %d pages with 0xA5 and exited", PAGES);
    unsigned char *p = sbrk(PAGES * PAGE_SIZE);
    int dirty = 0;
    for (uint32_t i = 0; i < PAGES * PAGE_SIZE; i++)
        dirty += p[i] != 0;
    tap_ok(dirty == 0, "the same number of fresh pages read as zeros (%d bytes not)", dirty);
    return tap_done();
}
