/*
 * poweroff: end the machine; QEMU and Bochs exit, a PC halts. Needs the power right
 * (init and every program started from its shell hold it).
 */
#include "ulib.h"

int main(const char *args)
{
    (void)args;
    printf("poweroff: the machine is going down\n");
    int r = sys_poweroff(0);
    printf("poweroff: cannot power off: %s\n", errtext(r));
    return 1;
}
