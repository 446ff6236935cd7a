/* The answers to SYS_KINFO (kinfo.c). */
#ifndef KERNEL_KINFO_H
#define KERNEL_KINFO_H

#include <stdint.h>

struct boot_image;
struct task;

/* Remember what boot found; both must outlive the kernel's run. */
void kinfo_init(const struct boot_image *bi, const char *cmdline_raw);
/* The KINFO_* fact what (arg names a task or thread where it needs one). */
int kinfo_get(uint32_t what, uint32_t arg, const struct task *caller);
/* Copy the boot command line to the user buffer [buf, buf+len): its length or E_RANGE. */
int kinfo_cmdline(uint32_t buf, uint32_t len);

#endif
