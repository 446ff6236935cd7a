/*
 * Bad system call arguments give error codes and the task goes on: kernel
 * pointers, wild pointers, huge lengths, ids that do not exist, unknown
 * call numbers, a call made with the direction flag set.
 */
#include "tap.h"
#include "ulib.h"

static int raw_syscall(uint32_t n, uint32_t a, uint32_t b)
{
    int r;
    asm volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b) : "memory", "edx");
    return r;
}

/* kinfo_cmdline entered with the direction flag set (std): the kernel's string copies must not
 * run backwards over what lies below buf. */
static int cmdline_with_df_set(char *buf, uint32_t len)
{
    int r;
    asm volatile("std\n\tint $0x80\n\tcld"
                 : "=a"(r)
                 : "a"(SYS_KINFO), "b"(KINFO_CMDLINE), "c"(0), "d"(buf), "S"(len)
                 : "memory");
    return r;
}

/* Did a copy with DF set land where a normal one does, and leave the guard bytes before it? */
static int df_copy_is_forward(void)
{
    char ref[256], area[384]; /* the command line holds the kernel's path: room for it */
    memset(ref, 0, sizeof(ref));
    memset(area, 'G', sizeof(area));
    int want = sys_kinfo_cmdline(ref, sizeof(ref));
    int got = cmdline_with_df_set(area + 128, sizeof(ref));
    for (int i = 0; i < 128; i++)
        if (area[i] != 'G')
            return 0;
    return want >= 0 && want == got && ref[0] &&
           !memcmp(area + 128, ref, strnlen(ref, sizeof(ref)));
}

int main(const char *args)
{
    (void)args;
    tap_plan(14);
    int r;
    r = sys_console_write((const char *)0xC0100000, 16);
    tap_ok(r == E_FAULT, "console_write from a kernel address: %s", errstr(r));
    r = sys_console_write((const char *)0xBFFFFFF0, 64);
    tap_ok(r == E_FAULT, "console_write running into the kernel: %s", errstr(r));
    r = sys_console_write((const char *)0x12345000, 16);
    tap_ok(r == E_FAULT, "console_write from a wild pointer: %s", errstr(r));
    r = sys_console_write("x", 1u << 30);
    tap_ok(r == E_INVAL, "console_write of 1 GiB: %s", errstr(r));
    r = sys_console_read((char *)0xC0000000, 4);
    tap_ok(r == E_FAULT, "console_read into the kernel: %s", errstr(r));
    msg_t m = {MSG_PING, {0, 0, 0, 0}};
    r = ipc_send(9999, &m);
    tap_ok(r == E_NOENT, "send to thread 9999: %s", errstr(r));
    r = ipc_call(sys_getid(), &m);
    tap_ok(r == E_INVAL, "call to oneself: %s", errstr(r));
    r = ipc_recv(77, &m, 0);
    tap_ok(r == E_DEAD, "receive from a thread that does not exist: %s", errstr(r));
    r = sys_thread_create(999, 0x00400000, USTACK_TOP, 0);
    tap_ok(r == E_NOENT, "thread_create in task 999: %s", errstr(r));
    r = sys_kinfo(12345, 0);
    tap_ok(r == E_INVAL, "kinfo of an unknown item: %s", errstr(r));
    r = raw_syscall(200, 0, 0);
    tap_ok(r == E_NOSYS, "system call 200: %s", errstr(r));
    r = raw_syscall(SYS_CONSOLE_WRITE | 0x1000, 0, 0);
    tap_ok(r == E_NOSYS, "unknown flag bits: %s", errstr(r));
    r = ipc_poll(TID_ANY, &m, 0);
    tap_ok(r == E_TIMEOUT, "poll with nothing waiting: %s", errstr(r));
    tap_ok(df_copy_is_forward(), "a call made with the direction flag set copies forward");
    return tap_done();
}
