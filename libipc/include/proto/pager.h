/*
 * The pager's protocol for user programs (docs/pager.md): process calls,
 * the heap and the VM pool, mappings, the initrd's files, the replacement
 * policy and statistics. The pager also receives the kernel's MSG_FAULT
 * and MSG_EXIT (abi/msg.h).
 */
#ifndef PROTO_PAGER_H
#define PROTO_PAGER_H

#include "abi/msg.h"

#define PAGER_LABELS(X)                                                                            \
    X(PAGER_SBRK, 0x0300, "incr")                                                                  \
    X(PAGER_SPAWN, 0x0301, "name,args,quota")                                                      \
    X(PAGER_WAIT, 0x0302, "task,nohang")                                                           \
    X(PAGER_FORK, 0x0303, "eip,esp,quota")                                                         \
    X(PAGER_VM_ALLOC, 0x0304, "npages")                                                            \
    X(PAGER_VM_RELEASE, 0x0305, "addr")                                                            \
    X(PAGER_POLICY, 0x0306, "name,len")                                                            \
    X(PAGER_STATS, 0x0307, "task,field")                                                           \
    X(PAGER_PS, 0x0308, "index,part")                                                              \
    X(PAGER_POLICY_NAME, 0x030A, "which,offset")                                                   \
    X(PAGER_KILL, 0x030B, "task")                                                                  \
    X(PAGER_SWAP_INFO, 0x030C, "")                                                                 \
    X(PAGER_MEM, 0x030D, "")                                                                       \
    X(PAGER_MMAP, 0x030E, "addr,len,prot|flags|fd,off")                                            \
    X(PAGER_MUNMAP, 0x030F, "addr,len")                                                            \
    X(PAGER_MPROTECT, 0x0310, "addr,len,prot")                                                     \
    X(PAGER_OPEN, 0x0311, "name,flags")                                                            \
    X(PAGER_READ, 0x0312, "fd,buf,len")                                                            \
    X(PAGER_LSEEK, 0x0313, "fd,off,whence")                                                        \
    X(PAGER_CLOSE, 0x0314, "fd")                                                                   \
    X(PAGER_FSTAT, 0x0315, "fd")                                                                   \
    X(PAGER_KMEM, 0x0316, "")

enum pager_label { PAGER_LABELS(MSG_LABEL_ENUM) };

/*
 * PAGER_MMAP's third word: prot (PROT_*, sys/mman.h) in bits 0-7, flags
 * (MAP_*) in bits 8-15, the file descriptor in bits 16-31 (0xFFFF: none),
 * so a file mapping takes a descriptor up to MMAP_FD_MAX.
 */
#define MMAP_FD_MAX 0x7FFF
#define MMAP_WORD(prot, flags, fd)                                                                 \
    (((uint32_t)(prot)&0xFF) | ((uint32_t)(flags)&0xFF) << 8 | ((uint32_t)(fd)&0xFFFF) << 16)
#define MMAP_PROT(word)  ((word)&0xFF)
#define MMAP_FLAGS(word) (((word) >> 8) & 0xFF)
#define MMAP_FD(word)    ((int)(int16_t)((word) >> 16))

/*
 * What the pager counts, per process and in total. PAGER_STATS{task, group}
 * answers four words at a time: group 0 the first four fields, group 1 the
 * last four.
 */
struct pager_stats {
    uint32_t faults, mapped, prefetched, prefetch_used;
    uint32_t prefetch_wasted, evictions, swap_outs, swap_ins;
};
_Static_assert(sizeof(struct pager_stats) == 2 * MSG_WORDS * sizeof(uint32_t),
               "PAGER_STATS answers struct pager_stats in two groups of MSG_WORDS words");

/*
 * The pager's own memory (PAGER_MEM answers the three words): the frames
 * its heap holds (charged to the root container), the bytes of it in use,
 * and the processes it keeps a record of.
 */
struct pager_mem {
    uint32_t heap_frames, heap_in_use, processes;
};

#endif
