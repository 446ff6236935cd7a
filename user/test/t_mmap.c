/*
 * mmap, munmap and mprotect (docs/libc.md): anonymous private mappings are
 * zero filled and cost a frame per page touched; munmap and mprotect of
 * part of a mapping cut it; a write to a PROT_READ page, a read of a
 * PROT_NONE page and a touch of an unmapped page end the task with their
 * reason; MAP_FIXED replaces what was there; bad arguments give errno,
 * never a crash; MAP_SHARED memory is seen both ways across fork, private
 * memory by neither; every frame comes back. The page tables a mapping needs
 * are charged too and stay until the task ends, so the counts start after
 * tables_first has made the two this test uses.
 */
#include <errno.h>
#include <sys/mman.h>

#include "tap.h"
#include "ulib.h"

#define P     PAGE_SIZE
#define RW    (PROT_READ | PROT_WRITE)
#define ANONP (MAP_ANONYMOUS | MAP_PRIVATE)

#define FIXED_AT ((char *)0x60000000) /* where MAP_FIXED maps onto nothing */

static char *map(size_t len, int prot)
{
    return mmap(0, len, prot, ANONP, -1, 0);
}

/* A child's misdeed: three written pages, one of them then made what the case names. */
static int misbehave(const char *how)
{
    char *a = map(3 * P, RW);
    for (int i = 0; i < 3; i++)
        a[i * P] = 1;
    if (!strcmp(how, "ro")) {
        mprotect(a + P, P, PROT_READ);
        return a[P] + (*at((uint32_t)a + P) = 2); /* the read is fine, the write is not */
    }
    if (!strcmp(how, "none")) {
        mprotect(a + P, P, PROT_NONE);
        return *at((uint32_t)a + P);
    }
    munmap(a + P, P);
    return *at((uint32_t)a + P);
}

/* The child ended for reason at the middle page of its mapping, and gave its frames back. */
static void child_case(const char *how, uint32_t reason)
{
    struct child_end end;
    child_run("t_mmap", how, 32, &end);
    tap_ok(child_ended_clean(&end, reason) && (end.addr & 0xFFF) == 0,
           "%s: the child ends (%s at %08x), its frames back", how, reason_str(end.reason),
           end.addr);
}

/* The page tables under ANON_BASE (where mmap places) and FIXED_AT, made once. */
static void tables_first(void)
{
    char *a = map(P, RW), *b = mmap(FIXED_AT, P, RW, ANONP | MAP_FIXED, -1, 0);
    a[0] = b[0] = 1;
    munmap(a, P);
    munmap(b, P);
}

static void zero_fill(void)
{
    int before = quota_usage();
    char *a = map(4 * P, RW);
    int zero = a != MAP_FAILED;
    for (uint32_t i = 0; zero && i < 4 * P; i++)
        zero = a[i] == 0;
    tap_ok(zero && (uint32_t)a % P == 0, "4 private pages at %p read as zeros", (void *)a);
    a[0] = 'x';
    a[3 * P + 5] = 'y';
    tap_ok(quota_usage() == before + 4, "4 touched pages cost 4 frames (usage %d, was %d)",
           quota_usage(), before);
    tap_ok(munmap(a, 4 * P) == 0 && quota_usage() == before, "munmap gives the frames back");
}

/* munmap of the middle page: the pages on both sides keep their contents. */
static void cut_hole(void)
{
    int before = quota_usage();
    char *a = map(3 * P, RW);
    for (int i = 0; i < 3; i++)
        a[i * P] = (char)('a' + i);
    int r = munmap(a + P, P);
    tap_ok(r == 0 && a[0] == 'a' && a[2 * P] == 'c' && quota_usage() == before + 2,
           "munmap of the middle page keeps both sides (usage %d, was %d)", quota_usage(), before);
    char *b = mmap(a + P, P, RW, ANONP, -1, 0);
    tap_ok(b == a + P && b[0] == 0, "the hole can be mapped again, zero filled");
    munmap(a, 3 * P);
    tap_ok(quota_usage() == before, "one munmap over the three pieces frees them all");
}

/* mprotect of part of a mapping, and back. */
static void protect_part(void)
{
    char *a = map(3 * P, RW);
    for (int i = 0; i < 3; i++)
        a[i * P] = (char)('a' + i);
    int r = mprotect(a + P, P, PROT_READ);
    a[0] = 'A';
    a[2 * P] = 'C';
    tap_ok(r == 0 && a[P] == 'b', "the middle page read-only: still readable, sides writable");
    r = mprotect(a, 3 * P, RW);
    a[P] = 'B';
    tap_ok(r == 0 && a[0] == 'A' && a[P] == 'B' && a[2 * P] == 'C',
           "mprotect of the whole: writable again, contents kept");
    munmap(a, 3 * P);
}

/* MAP_FIXED over the middle of a mapping: new zero pages there, the rest kept. */
static void fixed(void)
{
    int before = quota_usage();
    char *a = map(4 * P, RW);
    for (int i = 0; i < 4; i++)
        a[i * P] = (char)('a' + i);
    char *b = mmap(a + P, 2 * P, RW, ANONP | MAP_FIXED, -1, 0);
    tap_ok(quota_usage() == before + 2, "the replaced pages' frames came back (usage %d, was %d)",
           quota_usage(), before);
    tap_ok(b == a + P && b[0] == 0 && b[P] == 0 && a[0] == 'a' && a[3 * P] == 'd',
           "MAP_FIXED replaces two pages with zeros, keeps the others");
    char *c = mmap(FIXED_AT, P, RW, ANONP | MAP_FIXED, -1, 0);
    tap_ok(c == FIXED_AT && (c[0] = 1) == 1, "MAP_FIXED where nothing was");
    char *d = mmap(FIXED_AT, P, RW, ANONP, -1, 0);
    tap_ok(d != MAP_FAILED && d != c, "a hint that is taken gives another place (%p)", (void *)d);
    munmap(a, 4 * P);
    munmap(c, P);
    munmap(d, P);
    tap_ok(quota_usage() == before, "all given back");
}

/*
 * A shared and a private mapping across fork. The shared one's second page
 * is untouched at the fork: it is shared too. Each side waits for the
 * other's word in the shared page; the child exits 7 when it saw all it
 * should.
 */
static void shared_across_fork(void)
{
    volatile uint32_t *s =
        (volatile uint32_t *)mmap(0, 2 * P, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    volatile uint32_t *q = (volatile uint32_t *)map(P, RW);
    s[0] = 1;
    q[0] = 1;
    int kid = fork_with(32);
    if (kid == 0) {
        for (int i = 0; i < 100000 && s[0] != 2; i++) /* the parent's write after the fork */
            sys_yield();
        int saw = q[0] == 1;
        q[0] = 3; /* private: the parent must not see it */
        s[P / 4] = 3;
        s[0] = 3;
        exit(saw ? 7 : 1);
    }
    s[0] = 2;
    q[0] = 2;
    for (int i = 0; i < 100000 && s[0] != 3; i++)
        sys_yield();
    int status = -1;
    wait(kid, &status, 0, 0);
    tap_ok(kid > 0 && s[0] == 3 && s[P / 4] == 3,
           "MAP_SHARED: each side sees the other's writes, on a page untouched at the fork");
    tap_ok(status == 7 && q[0] == 2, "MAP_PRIVATE: neither sees the other's (child status %d)",
           status);
    munmap((void *)s, 2 * P);
    munmap((void *)q, P);
}

static void bad_arguments(void)
{
    char *a = map(2 * P, RW);
    errno = 0;
    tap_errno(map(0, RW) == MAP_FAILED, EINVAL, "length 0");
    tap_errno(mmap(0, P, RW, MAP_ANONYMOUS, -1, 0) == MAP_FAILED, EINVAL,
              "neither shared nor private");
    tap_errno(mmap(0, P, RW, ANONP | MAP_SHARED, -1, 0) == MAP_FAILED, EINVAL,
              "shared and private");
    tap_errno(mmap(0, P, 0x80, ANONP, -1, 0) == MAP_FAILED, EINVAL, "unknown prot");
    tap_errno(mmap(0, P, RW, ANONP | 0x40, -1, 0) == MAP_FAILED, EINVAL, "unknown flag");
    tap_errno(mmap(a + 1, P, RW, ANONP | MAP_FIXED, -1, 0) == MAP_FAILED, EINVAL,
              "MAP_FIXED misaligned");
    tap_errno(mmap((void *)0xBFFFF000, 2 * P, RW, ANONP | MAP_FIXED, -1, 0) == MAP_FAILED, EINVAL,
              "MAP_FIXED into the kernel");
    tap_errno(mmap((void *)(USTACK_TOP - P), P, RW, ANONP | MAP_FIXED, -1, 0) == MAP_FAILED, EINVAL,
              "MAP_FIXED over the stack");
    tap_errno(mmap(0, 0xF0000000u, RW, ANONP, -1, 0) == MAP_FAILED, ENOMEM,
              "more than the address space");
    tap_errno(mmap(0, P, PROT_READ, MAP_PRIVATE, 3, 0) == MAP_FAILED, EBADF, "a file descriptor");
    tap_errno(munmap(a + 1, P) < 0, EINVAL, "munmap misaligned");
    tap_errno(munmap(a, 0) < 0, EINVAL, "munmap of 0 bytes");
    tap_errno(munmap((void *)(USTACK_TOP - P), P) < 0, EINVAL, "munmap of the stack");
    tap_errno(mprotect(a, 3 * P, PROT_READ) < 0, ENOMEM, "mprotect past the mapping");
    tap_errno(mprotect(a, P, 0x10) < 0, EINVAL, "mprotect with unknown prot");
    a[0] = 1;
    tap_ok(munmap(a, 2 * P) == 0 && munmap(a, 2 * P) == 0,
           "munmap twice: the second finds nothing");
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (word[0])
        return misbehave(word);
    tap_plan(35);
    child_case("ro", REASON_WRITE_RO); /* first: our own pages are faulted in by it */
    tables_first();
    zero_fill();
    cut_hole();
    protect_part();
    fixed();
    bad_arguments();
    shared_across_fork();
    child_case("none", REASON_PROT);
    child_case("hole", REASON_SEGV);
    tap_ok(quota_check() == -1, "the quota books balance");
    return tap_done();
}
