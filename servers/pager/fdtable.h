/*
 * A process's file descriptors (docs/libc.md, "Files"): the open files of
 * the initrd it can read, by number. A descriptor names a struct open_file
 * (the file and the read position); fork gives the child the same open
 * files, so parent and child share each position, as POSIX has it.
 *
 * The table is an array of pointers on the pager's heap, grown (doubled)
 * as descriptors come: a process has as many as the pager has memory for.
 * open takes the lowest free number. Plain data, no IPC
 * (test/unit/test_fdtable.c).
 */
#ifndef PAGER_FDTABLE_H
#define PAGER_FDTABLE_H

#include <stdint.h>

#include "initrd.h"

struct open_file {
    const struct initrd_file *file;
    uint32_t pos;  /* where the next read starts; may lie past the end */
    uint32_t refs; /* descriptors naming it, in every process */
};

struct fdtable {
    struct open_file **fd; /* fd[0..cap), NULL: a free number; NULL while cap is 0 */
    uint32_t cap;
};

void fdtable_init(struct fdtable *t);
/* A new open file at position 0 under the lowest free number: that number, or E_NOMEM. */
int fd_open(struct fdtable *t, const struct initrd_file *file);
/* The open file fd names, or NULL (E_BADF to the caller). */
struct open_file *fd_get(const struct fdtable *t, int fd);
/* Free the number fd; its open file goes with its last descriptor. 0 or E_BADF. */
int fd_close(struct fdtable *t, int fd);
/* dst (empty) names the same open files as src under the same numbers (fork); E_NOMEM: empty. */
int fdtable_copy(struct fdtable *dst, const struct fdtable *src);
/* Close every descriptor and give the table's memory back (exit). */
void fdtable_free(struct fdtable *t);

#endif
