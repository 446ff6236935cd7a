/* Starting the first tasks from the boot module (a ustar archive). */
#ifndef KERNEL_LOADER_H
#define KERNEL_LOADER_H

#include <stdint.h>

struct boot_image {
    uint32_t initrd_phys, initrd_size; /* the archive, physical */
    uint32_t boot_frames;              /* user frames given to the first tasks */
    uint32_t initrd_user;              /* where the pager sees the archive */
};

/* The user frames loader_start will take (quota and pager loaded whole); 0 or an abi_errno. */
int loader_frames(struct boot_image *bi, uint32_t *frames);
/* Start quota, pager and init; 0 or a negative abi_errno naming what failed. */
int loader_start(struct boot_image *bi);

#endif
