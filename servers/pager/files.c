/*
 * The initrd as files: its index, built once when the pager starts
 * (initrd.c) in the pager's heap (heap.c: frames of the root container).
 */
#include "pager.h"
#include "ipc.h"
#include "ulib.h"

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
