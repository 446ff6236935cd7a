/* The smallest program: proves the kernel, both servers and init work. */
#include "ulib.h"

int main(const char *args)
{
    printf("hello from user space (%s), thread %u of task %u\n", args, sys_getid(), sys_gettask());
    return 0;
}
