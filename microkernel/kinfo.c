/*
 * SYS_KINFO: boot facts and counters a task may ask the kernel for. The
 * facts come from kmain (kinfo_init); the counters are read when asked.
 */
#include "kinfo.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "loader.h"
#include "pic.h"
#include "pmem.h"
#include "str.h"
#include "task.h"
#include "uaccess.h"

static const struct boot_image *boot;
static const char *boot_cmdline = "";

void kinfo_init(const struct boot_image *bi, const char *cmdline_raw)
{
    boot = bi;
    boot_cmdline = cmdline_raw;
}

int kinfo_get(uint32_t what, uint32_t arg, const struct task *caller)
{
    struct pmem_stats st;
    pmem_get_stats(&st);
    switch (what) {
    case KINFO_FRAMES_TOTAL:
        return (int)st.upool_frames;
    case KINFO_FRAMES_FREE:
        return (int)st.upool_free;
    case KINFO_FRAMES_END:
        return (int)st.nframes;
    case KINFO_FRAMES_BOOT:
        return (int)boot->boot_frames;
    case KINFO_INITRD_BASE:
        return caller->rights & RIGHT_SPACE ? (int)boot->initrd_user : E_PERM;
    case KINFO_INITRD_SIZE:
        return caller->rights & RIGHT_SPACE ? (int)boot->initrd_size : E_PERM;
    case KINFO_INITRD_FRAME:
        if (!(caller->rights & RIGHT_SPACE))
            return E_PERM;
        return boot->initrd_phys % PAGE_SIZE ? E_ALIGN : (int)(boot->initrd_phys / PAGE_SIZE);
    case KINFO_TASK_FRAMES: {
        struct task *t = task_get(arg);
        return t ? (int)t->frames : E_NOENT;
    }
    case KINFO_TICKS:
        return (int)timer_ticks();
    case KINFO_KPOOL_FREE:
        return (int)st.kpool_free;
    case KINFO_THREAD_TASK: {
        struct thread *th = thread_get(arg);
        return th ? (int)th->task->id : E_NOENT;
    }
    default:
        return E_INVAL;
    }
}

int kinfo_cmdline(uint32_t buf, uint32_t len)
{
    uint32_t n = strlen(boot_cmdline) + 1;
    if (len < n)
        return E_RANGE;
    int r = copy_to_user(buf, boot_cmdline, n);
    return r < 0 ? r : (int)n - 1;
}
