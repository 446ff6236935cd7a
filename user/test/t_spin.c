/*
 * Helper of the shell's boot tests (not a test itself): says it is spinning,
 * then spins until it is ended (kill, Ctrl-C).
 */
#include "ulib.h"

int main(const char *args)
{
    printf("t_spin: spinning (%s)\n", args);
    for (;;)
        sys_yield();
}
