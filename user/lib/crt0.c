/*
 * Program entry. The kernel or the pager starts a thread with
 * esp = USTACK_ENTRY_SP: a zero return address, then a pointer to the
 * argument string. _start is therefore an ordinary C function of one
 * argument that never returns.
 */
#include "ipc.h"
#include "ulib.h"

int main(const char *args);

__attribute__((section(".text.start"), noreturn)) void _start(const char *args)
{
    exit(main(args ? args : ""));
}
