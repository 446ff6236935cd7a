/*
 * System call stubs for everything but IPC (ipc.S). Arguments go in ebx,
 * ecx, edx, esi, edi; the result comes back in eax (abi/syscall.h).
 */
#include "ipc.h"

static inline int sc0(uint32_t n)
{
    int r;
    asm volatile("int $0x80" : "=a"(r) : "a"(n) : "memory");
    return r;
}

static inline int sc2(uint32_t n, uint32_t a, uint32_t b)
{
    int r;
    asm volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b) : "memory");
    return r;
}

static inline int sc4(uint32_t n, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    int r;
    asm volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d) : "memory");
    return r;
}

static inline int sc5(uint32_t n, uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e)
{
    int r;
    asm volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e) : "memory");
    return r;
}

int sys_task_create(uint32_t parent, uint32_t rights, const char *name, uint32_t dir,
                    uint32_t frame)
{
    return sc5(SYS_TASK_CREATE, parent, rights, (uint32_t)name, dir, frame);
}

int sys_task_destroy(uint32_t task, int status, uint32_t reason, uint32_t addr)
{
    return sc4(SYS_TASK_DESTROY, task, (uint32_t)status, reason, addr);
}

int sys_thread_create(uint32_t task, uint32_t eip, uint32_t esp, uint32_t pager)
{
    return sc4(SYS_THREAD_CREATE, task, eip, esp, pager);
}

int sys_kmem_add(uint32_t task, uint32_t frame)
{
    return sc2(SYS_KMEM_ADD, task, frame);
}

void sys_thread_exit(void)
{
    sc0(SYS_THREAD_EXIT);
    __builtin_unreachable();
}

void sys_exit(int status)
{
    sc2(SYS_EXIT, (uint32_t)status, 0);
    __builtin_unreachable();
}

int sys_map(uint32_t task, uint32_t vaddr, uint32_t frame, uint32_t perm)
{
    return sc4(SYS_MAP, task, vaddr, frame, perm);
}

int sys_table_add(uint32_t task, uint32_t vaddr, uint32_t frame)
{
    return sc4(SYS_TABLE_ADD, task, vaddr, frame, 0);
}

int sys_frame_copy(uint32_t dst, uint32_t src)
{
    return sc2(SYS_FRAME_COPY, dst, src);
}

int sys_unmap(uint32_t task, uint32_t vaddr)
{
    return sc2(SYS_UNMAP, task, vaddr);
}

int sys_protect(uint32_t task, uint32_t vaddr, uint32_t perm)
{
    return sc4(SYS_PROTECT, task, vaddr, perm, 0);
}

int sys_query(uint32_t task, uint32_t vaddr)
{
    return sc2(SYS_QUERY, task, vaddr);
}

int sys_frame_free(uint32_t frame)
{
    return sc2(SYS_FRAME_FREE, frame, 0);
}

int sys_console_write(const char *buf, uint32_t len)
{
    return sc2(SYS_CONSOLE_WRITE, (uint32_t)buf, len);
}

int sys_console_read(char *buf, uint32_t len)
{
    return sc2(SYS_CONSOLE_READ, (uint32_t)buf, len);
}

int sys_console_fg(uint32_t task)
{
    return sc2(SYS_CONSOLE_FG, task, 0);
}

int sys_trace_ctl(uint32_t cmd, uint32_t arg)
{
    return sc2(SYS_TRACE_CTL, cmd, arg);
}

uint32_t sys_getid(void)
{
    return (uint32_t)sc2(SYS_GETID, 0, 0);
}

uint32_t sys_gettask(void)
{
    return (uint32_t)sc2(SYS_GETID, 1, 0);
}

uint64_t sys_time(void)
{
    uint32_t lo, hi;
    asm volatile("int $0x80" : "=a"(lo), "=d"(hi) : "a"(SYS_TIME) : "memory");
    return ((uint64_t)hi << 32) | lo;
}

void sys_yield(void)
{
    sc0(SYS_YIELD);
}

int sys_kinfo(uint32_t what, uint32_t arg)
{
    return sc2(SYS_KINFO, what, arg);
}

int sys_kinfo_cmdline(char *buf, uint32_t len)
{
    return sc4(SYS_KINFO, KINFO_CMDLINE, 0, (uint32_t)buf, len);
}

int sys_ioport(uint32_t first, uint32_t count)
{
    return sc2(SYS_IOPORT, first, count);
}

int sys_irq_wait(uint32_t line)
{
    return sc2(SYS_IRQ_WAIT, line, 0);
}

int sys_poweroff(uint32_t code)
{
    return sc2(SYS_POWEROFF, code, 0);
}
