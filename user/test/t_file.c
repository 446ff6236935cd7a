/*
 * Files of the initrd (docs/libc.md, "Files"): open, read, lseek, close
 * and fstat read this program's own file the same way whatever the chunks
 * and positions, and as initrd_file gives it; a fork's child shares the
 * position; descriptors grow past any first size and all go when a
 * process ends; bad descriptors, names, flags and buffers give errno,
 * never a crash. mmap of the file reads as read() does: MAP_SHARED maps the
 * initrd's frames (no frame charged but the part last page), MAP_PRIVATE
 * copies a page at its first write and changes nothing for another mapping
 * or read(); a touch past the file's last page ends the process. The quota
 * books balance.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "ulib.h"

#define SELF "t_file" /* the file read: this program's ELF image */
#define MANY 3000     /* descriptors a child opens at once */
#define P    PAGE_SIZE

static char *whole;   /* SELF as initrd_file gives it */
static int whole_len; /* its length */

/* Every byte of fd from its position on, in chunks of chunk bytes, compared with whole from at. */
static int read_matches(int fd, int at, int chunk)
{
    char buf[1000];
    int n, ok = 1;
    while ((n = read(fd, buf, chunk)) > 0) {
        ok = ok && at + n <= whole_len && !memcmp(buf, whole + at, n);
        at += n;
    }
    return ok && n == 0 && at == whole_len;
}

static void reads(void)
{
    int fd = open(SELF, O_RDONLY);
    struct stat st = {0, -1};
    int r = fstat(fd, &st);
    tap_ok(fd >= 0 && r == 0 && st.st_size == whole_len && (st.st_mode & S_IFMT) == S_IFREG,
           "fstat: %d bytes, as initrd_file reads (%d)", (int)st.st_size, whole_len);
    char magic[4];
    tap_ok(read(fd, magic, 4) == 4 && !memcmp(magic, "\177ELF", 4), "it starts with ELF's magic");
    tap_ok(read_matches(fd, 4, 1000), "read in 1000-byte chunks to the end gives every byte");
    tap_ok(read(fd, magic, 4) == 0, "at the end read gives 0");
    tap_ok(lseek(fd, 0, SEEK_SET) == 0 && read_matches(fd, 0, 7), "again from 0 in 7-byte chunks");
    int mid = whole_len / 3;
    tap_ok(lseek(fd, mid, SEEK_SET) == mid && lseek(fd, 5, SEEK_CUR) == mid + 5 &&
               read_matches(fd, mid + 5, 333),
           "lseek SEEK_SET and SEEK_CUR to %d, then the rest", mid + 5);
    tap_ok(lseek(fd, -10, SEEK_END) == whole_len - 10 && read_matches(fd, whole_len - 10, 999),
           "lseek 10 before SEEK_END: the last 10 bytes");
    tap_ok(lseek(fd, whole_len + 5000, SEEK_SET) == whole_len + 5000 && read(fd, magic, 4) == 0,
           "past the end: lseek is fine, read gives 0");
    int fd2 = open("./" SELF, O_RDONLY);
    tap_ok(fd2 == fd + 1 && read_matches(fd2, 0, 1000) &&
               lseek(fd, 0, SEEK_CUR) == whole_len + 5000,
           "a second open (\"./%s\") is descriptor %d with a position of its own", SELF, fd2);
    tap_ok(close(fd) == 0 && open(SELF, O_RDONLY) == fd && close(fd) == 0 && close(fd2) == 0,
           "close frees the lowest number for the next open");
}

/* A fork's child reads from the descriptor its parent opened: the parent reads on from there. */
static void fork_shares(void)
{
    int fd = open(SELF, O_RDONLY);
    char buf[100];
    read(fd, buf, 10);
    int child = fork();
    if (child == 0)
        exit(read(fd, buf, 100) == 100 && !memcmp(buf, whole + 10, 100) ? 0 : 1);
    int status = -1;
    wait(child, &status, 0, 0);
    tap_ok(status == 0 && lseek(fd, 0, SEEK_CUR) == 110 && read_matches(fd, 110, 1000),
           "fork: the child reads 100 bytes on from 10, the parent then from 110");
    tap_ok(close(fd) == 0, "the parent's descriptor outlives the child");
}

/* The child's part: MANY descriptors at once, none closed. */
static int open_many(void)
{
    for (int i = 0; i < MANY; i++)
        if (open(SELF, O_RDONLY) != i)
            return 1;
    return 0;
}

/* MANY descriptors in a child, left open: they go with it, and the pager's heap is as it was. */
static void many(void)
{
    struct pager_mem before, after;
    struct child_end end;
    child_run("t_file", "many", 64, &end); /* the process table's room, made once */
    pager_mem(&before);
    child_run("t_file", "many", 64, &end);
    pager_mem(&after);
    tap_ok(child_ended_clean(&end, REASON_NONE), "a child opens %d descriptors and exits", MANY);
    tap_ok(after.heap_in_use == before.heap_in_use,
           "its descriptors are closed: the pager's heap holds %u bytes, as before (%u)",
           after.heap_in_use, before.heap_in_use);
}

/* The file mapped (len bytes from off) with prot and flags, through a descriptor closed again. */
static char *map_self(uint32_t len, int prot, int flags, uint32_t off)
{
    int fd = open(SELF, O_RDONLY);
    char *a = mmap(0, len, prot, flags, fd, (off_t)off);
    close(fd); /* the mapping stays */
    return a;
}

/* The child's part: a mapping one page longer than the file's pages, touched there. */
static int touch_past_end(void)
{
    uint32_t pages = (whole_len + P - 1) / P;
    volatile char *a = map_self((pages + 1) * P, PROT_READ, MAP_PRIVATE, 0);
    return a[(pages - 1) * P] + a[pages * P];
}

/* The child's part: 0 when its MAP_SHARED and MAP_PRIVATE mappings both read as read() does. */
static int compare_mappings(void)
{
    char *s = map_self((uint32_t)whole_len, PROT_READ, MAP_SHARED, 0);
    char *w = map_self((uint32_t)whole_len, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0);
    return s == MAP_FAILED || w == MAP_FAILED || memcmp(s, whole, whole_len) ||
           memcmp(w, whole, whole_len);
}

/* Usage (frames) of the caller's container after touching every page of [a, a + len). */
static int usage_after_touch(const volatile char *a, uint32_t len)
{
    int sum = 0;
    for (uint32_t i = 0; i < len; i += P)
        sum += a[i];
    (void)sum;
    return quota_usage();
}

static void mappings(void)
{
    uint32_t len = (uint32_t)whole_len, pages = (len + P - 1) / P;
    char *first = map_self(len, PROT_READ, MAP_SHARED, 0); /* makes the page table, kept */
    usage_after_touch(first, len);
    munmap(first, len);
    struct ps_entry e0, e1;
    ps_self(&e0);
    int before = quota_usage();
    char *s = map_self(len, PROT_READ, MAP_SHARED, 0);
    int used = usage_after_touch(s, len) - before;
    ps_self(&e1);
    tap_ok(s != MAP_FAILED && !memcmp(s, whole, len),
           "MAP_SHARED: the %u pages read as read() does", pages);
    tap_ok(e1.initrd_pages - e0.initrd_pages == len / P,
           "ps counts the %u whole pages among its initrd pages (%u more)", len / P,
           e1.initrd_pages - e0.initrd_pages);
    tap_ok(used == (len % P != 0), "they cost %d frames: the initrd's own, but the part last page",
           used);
    int zeros = 1;
    for (uint32_t i = len; i < pages * P; i++)
        zeros = zeros && s[i] == 0;
    tap_ok(zeros, "past the file's end its last page holds zeros");
    char *o = map_self(2 * P, PROT_READ, MAP_SHARED, P);
    tap_ok(o != MAP_FAILED && !memcmp(o, whole + P, 2 * P), "mapped from offset %u: the same bytes",
           P);
    before = quota_usage();
    char *w = map_self(len, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0);
    int read_cost = usage_after_touch(w, len) - before;
    w[0] = 'X';
    w[2 * P + 7] = 'Y';
    int write_cost = quota_usage() - before - read_cost;
    tap_ok(read_cost == used && write_cost == 2,
           "MAP_PRIVATE writable: reads cost %d frames, two pages written %d more", read_cost,
           write_cost);
    char buf[8];
    int fd = open(SELF, O_RDONLY);
    lseek(fd, 2 * P + 7, SEEK_SET);
    read(fd, buf, 1);
    close(fd);
    tap_ok(w[0] == 'X' && w[2 * P + 7] == 'Y' && s[0] == whole[0] &&
               s[2 * P + 7] == whole[2 * P + 7] && buf[0] == whole[2 * P + 7] &&
               !memcmp(w + 1, whole + 1, P - 1),
           "the writes show in the private mapping alone: not in the shared one, not to read()");
    int child = fork();
    if (child == 0)
        exit(w[0] == 'X' && (w[0] = 'Z') == 'Z' && s[0] == whole[0] ? 0 : 1);
    int status = -1;
    wait(child, &status, 0, 0);
    tap_ok(status == 0 && w[0] == 'X',
           "a fork's child sees the private copy; its write stays its own");
    struct child_end other;
    child_run("t_file", "compare", 64, &other);
    tap_ok(child_ended_clean(&other, REASON_NONE),
           "another process maps the file: it reads as read() does, without our writes");
    tap_ok(munmap(s, len) == 0 && munmap(w, len) == 0 && munmap(o, 2 * P) == 0 &&
               quota_usage() == before - used,
           "munmap gives the copies back");
    struct child_end end;
    child_run("t_file", "past", 64, &end);
    tap_ok(child_ended_clean(&end, REASON_FILE_END),
           "a touch past the file's last page ends the child: %s", reason_str(end.reason));
}

static void bad_maps(void)
{
    int fd = open(SELF, O_RDONLY);
    char *a = mmap(0, P, PROT_READ, MAP_SHARED, fd, 0);
    tap_errno(mmap(0, P, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED, EACCES,
              "a writable MAP_SHARED file mapping");
    tap_errno(mprotect(a, P, PROT_READ | PROT_WRITE) < 0, EACCES,
              "mprotect of a MAP_SHARED file mapping to writable");
    tap_errno(mmap(0, P, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED, EINVAL,
              "an offset not on a page");
    tap_errno(mmap(0, P, PROT_READ, MAP_PRIVATE, fd, -P) == MAP_FAILED, EINVAL,
              "a negative offset");
    tap_errno(mmap(0, P, PROT_READ, MAP_PRIVATE, fd + 1, 0) == MAP_FAILED, EBADF,
              "a descriptor not open");
    tap_errno(mmap(0, P, PROT_READ, MAP_PRIVATE, 70000, 0) == MAP_FAILED, EBADF,
              "a descriptor too large for PAGER_MMAP");
    munmap(a, P);
    close(fd);
}

static void bad_calls(void)
{
    char buf[16], longname[300];
    struct stat st;
    int fd = open(SELF, O_RDONLY);
    memset(longname, 'x', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = 0;
    tap_errno(open("no such file", O_RDONLY) < 0, ENOENT, "a name not in the initrd");
    tap_errno(open(longname, O_RDONLY) < 0, ENOENT, "a name longer than any there");
    tap_errno(open(SELF, O_WRONLY) < 0, EACCES, "O_WRONLY");
    tap_errno(open(SELF, O_RDWR) < 0, EACCES, "O_RDWR");
    tap_errno(open(SELF, 0x40) < 0, EINVAL, "an unknown flag");
    tap_errno(open(0, O_RDONLY) < 0, EFAULT, "a NULL name");
    tap_errno(read(fd + 1, buf, 1) < 0, EBADF, "read of a descriptor not open");
    tap_errno(read(-1, buf, 1) < 0, EBADF, "read of -1");
    tap_errno(read(fd, 0, 10) < 0, EFAULT, "read into NULL");
    tap_errno(read(fd, (void *)reads, 10) < 0, EFAULT, "read into the program's text");
    tap_ok(lseek(fd, 0, SEEK_CUR) == 0, "the failed reads left the position at 0");
    tap_errno(read(fd, buf, 0x80000000u) < 0, EINVAL, "read of 2 GiB");
    tap_errno(lseek(fd, 0, 7) < 0, EINVAL, "lseek whence 7");
    tap_errno(lseek(fd, -1, SEEK_SET) < 0, EINVAL, "lseek before the start");
    tap_errno(lseek(fd + 1, 0, SEEK_SET) < 0, EBADF, "lseek of a descriptor not open");
    tap_errno(fstat(fd + 1, &st) < 0, EBADF, "fstat of a descriptor not open");
    tap_ok(close(fd) == 0, "close");
    tap_errno(close(fd) < 0, EBADF, "close again");
    tap_errno(read(fd, buf, 1) < 0, EBADF, "read after close");
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (!strcmp(word, "many"))
        return open_many();
    whole_len = initrd_file(SELF, &whole);
    if (!strcmp(word, "past"))
        return touch_past_end();
    if (!strcmp(word, "compare"))
        return compare_mappings();
    tap_plan(51);
    reads();
    fork_shares();
    many();
    bad_calls();
    mappings();
    bad_maps();
    free(whole);
    tap_ok(quota_check() == -1, "the quota books balance");
    return tap_done();
}
