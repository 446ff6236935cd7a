/*
 * The initrd as files: its index, built once when the pager starts
 * (initrd.c) in the pager's heap (heap.c: frames of the root container),
 * and the requests on the descriptors a process opens (fdtable.c holds
 * them; docs/libc.md, "Files").
 */
#include <fcntl.h>
#include <unistd.h>

#include "pager.h"
#include "ipc.h"
#include "ulib.h"
#include "ustar.h"

const uint8_t *initrd;
uint32_t initrd_len;
uint32_t initrd_frame;
struct initrd_index initrd_files;

/*
 * Find the initrd the kernel mapped into the pager and index its files:
 * 0, or why the index is short (E_FORMAT: it holds the files before a
 * corrupt header) or missing (E_NOMEM).
 */
int initrd_setup(void)
{
    initrd = (const uint8_t *)sys_kinfo(KINFO_INITRD_BASE, 0);
    initrd_len = (uint32_t)sys_kinfo(KINFO_INITRD_SIZE, 0);
    int frame = sys_kinfo(KINFO_INITRD_FRAME, 0);
    initrd_frame = frame > 0 ? (uint32_t)frame : 0;
    size_t bytes;
    initrd_index_size(initrd, initrd_len, &bytes);
    void *mem = malloc(bytes);
    if (!mem)
        return E_NOMEM;
    return initrd_index_build(&initrd_files, initrd, initrd_len, mem, bytes);
}

/* PAGER_OPEN{name, flags}: a descriptor for the initrd's file called name, read-only. */
int proc_open(struct proc *p, uint32_t name_va, uint32_t flags)
{
    char name[USTAR_NAME_MAX + 1];
    if (flags & ~(uint32_t)O_ACCMODE)
        return E_INVAL;
    if ((flags & O_ACCMODE) != O_RDONLY)
        return E_ACCES;
    int r = proc_read_str(p, name_va, name, sizeof(name));
    if (r == E_RANGE)
        return E_NOENT; /* longer than any name the initrd can hold */
    if (r < 0)
        return r;
    const struct initrd_file *f = initrd_lookup(&initrd_files, name);
    return f ? fd_open(&p->fds, f) : E_NOENT;
}

/*
 * PAGER_READ{fd, buf, len}: up to len bytes from the position into the
 * caller's buf, which moves the position past them; 0 at or past the end.
 * A buffer the caller may not write is E_FAULT, and the position stays.
 */
int proc_file_read(struct proc *p, int fd, uint32_t buf, uint32_t len)
{
    struct open_file *f = fd_get(&p->fds, fd);
    if (!f)
        return E_BADF;
    if (len > INT32_MAX)
        return E_INVAL; /* the count read answers with is an ssize_t */
    uint32_t size = f->file->size, left = f->pos < size ? size - f->pos : 0;
    uint32_t n = len < left ? len : left;
    int r = proc_write(p, buf, f->file->data + f->pos, n);
    if (r < 0)
        return r;
    f->pos += n;
    return (int)n;
}

/*
 * PAGER_LSEEK{fd, off, whence}: move the position to off from the start,
 * the position or the end (SEEK_SET, SEEK_CUR, SEEK_END); past the end is
 * fine, before the start or past INT32_MAX is E_INVAL.
 */
int proc_lseek(struct proc *p, int fd, int32_t off, uint32_t whence)
{
    struct open_file *f = fd_get(&p->fds, fd);
    if (!f)
        return E_BADF;
    int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? f->pos : f->file->size;
    int64_t pos = base + off;
    if (whence > SEEK_END || pos < 0 || pos > INT32_MAX)
        return E_INVAL;
    f->pos = (uint32_t)pos;
    return (int)pos;
}

/* PAGER_FSTAT{fd}: the file's size. */
int proc_fstat(struct proc *p, int fd)
{
    struct open_file *f = fd_get(&p->fds, fd);
    return f ? (int)f->file->size : E_BADF;
}
