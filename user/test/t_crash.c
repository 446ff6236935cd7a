/* Helper of t_except: misbehaves as its argument says ("exit": ends normally). */
#include "ulib.h"

static uint32_t thread_stack[256];

/* A second thread whose pager is its own task's first thread: no pager can serve it. */
static void orphan_thread(void)
{
    *at(0x30000000) = 1;
    sys_thread_exit();
}

static int start_orphan(void)
{
    thread_stack[0] = 0; /* fault the stack's page in while we still have a pager */
    int r = thread_create((uint32_t)orphan_thread, (uint32_t)&thread_stack[255], sys_getid());
    if (r < 0)
        return 3;
    for (;;)
        sys_yield(); /* ended with the task when the orphan faults */
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    if (!strcmp(word, "null"))
        return *at(0);
    if (!strcmp(word, "ud2"))
        asm volatile("ud2");
    if (!strcmp(word, "div0")) {
        int q, zero = 0;
        asm volatile("cltd; idivl %1" : "=a"(q) : "r"(zero), "a"(1) : "edx");
        return q;
    }
    if (!strcmp(word, "segment"))
        asm volatile("mov %0, %%ds" : : "r"(0x28));
    if (!strcmp(word, "kernel"))
        return *at(0xC0100000);
    if (!strcmp(word, "nopager"))
        return start_orphan();
    if (!strcmp(word, "priv"))
        asm volatile("cli");
    return 0;
}
