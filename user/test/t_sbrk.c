/*
 * sbrk as the seed gives it: positive, zero and negative increments with the
 * returned break checked; below the heap start ERR_VM_INVALID, into another
 * region ERR_VM_BOUND, and the break does not move on either. Heap pages
 * are mapped on first touch and given back when the heap shrinks.
 */
#include "tap.h"
#include "ulib.h"

int main(const char *args)
{
    (void)args;
    tap_plan(12);
    char *start = sbrk(0);
    tap_ok(start != (char *)-1 && ((uint32_t)start & 0xFFF) == 0, "sbrk(0) = %p", start);
    int before = quota_usage();
    char *old = sbrk(3 * PAGE_SIZE);
    tap_ok(old == start, "sbrk(+3 pages) returns the old break %p", old);
    tap_ok(sbrk(0) == start + 3 * PAGE_SIZE, "the break moved to %p", sbrk(0));
    tap_ok(before >= 0 && quota_usage() == before, "no frame is used before a touch (usage %d)",
           quota_usage());
    for (uint32_t i = 0; i < 3 * PAGE_SIZE; i += PAGE_SIZE)
        start[i] = (char)i;
    tap_ok(quota_usage() == before + 3, "3 touched pages cost 3 frames (usage %d)", quota_usage());
    old = sbrk(100);
    tap_ok(old == start + 3 * PAGE_SIZE && sbrk(0) == old + 100, "byte-sized increments work");
    old = sbrk(-(3 * PAGE_SIZE + 100));
    tap_ok(old == start + 3 * PAGE_SIZE + 100 && sbrk(0) == start, "sbrk(negative) shrinks back");
    tap_ok(quota_usage() == before, "shrinking gave the frames back (usage %d)", quota_usage());
    char *cur = sbrk(0);
    void *r = sbrk(-(intptr_t)PAGE_SIZE);
    tap_ok(r == (void *)-1 && sbrk_error == ERR_VM_INVALID, "below the heap start: %s",
           errstr(sbrk_error));
    tap_ok(sbrk(0) == cur, "and the break did not move");
    /* Two steps (an increment is 32-bit signed) to reach into the stack's reserve. */
    sbrk(0x70000000);
    cur = sbrk(0);
    r = sbrk(0x50000000);
    tap_ok(r == (void *)-1 && sbrk_error == ERR_VM_BOUND, "into the stack region: %s",
           errstr(sbrk_error));
    tap_ok(sbrk(0) == cur, "and the break did not move");
    return tap_done();
}
