/*
 * Kernel panics. A panic prints "PANIC: reason" and, for a trap, the
 * registers (and for a page fault cr2 with the error bits spelt out), then
 * asks QEMU's isa-debug-exit device to end the machine with status 5 so a
 * test runner sees it at once. On real hardware or Bochs it halts, the
 * message left on the screen. machine_poweroff also ends Bochs.
 * boot_refuse is the polite sibling for a machine the kernel cannot use.
 */
#include "panic.h"
#include "console.h"
#include "trap.h"
#include "x86.h"
#include "fmt.h"
#include <stdarg.h>

#define DEBUG_EXIT_PORT     0xF4
#define BOCHS_SHUTDOWN_PORT 0x8900
#define PANIC_EXIT_CODE     2 /* QEMU exits with status 5 */
#define REFUSE_EXIT_CODE    3 /* QEMU exits with status 7 */

void machine_exit(int code)
{
    outb(DEBUG_EXIT_PORT, (uint8_t)code);
    cpu_halt_forever();
}

/*
 * Power off: QEMU ends at isa-debug-exit with status 2*code+1; Bochs has no
 * such device but ends when "Shutdown" is written to its port 0x8900; any
 * other machine halts.
 */
void machine_poweroff(int code)
{
    outb(DEBUG_EXIT_PORT, (uint8_t)code);
    for (const char *s = "Shutdown"; *s; s++)
        outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*s);
    cpu_halt_forever();
}

static void panic_put(void *ctx, char c)
{
    (void)ctx;
    console_write(&c, 1);
}

static void __attribute__((noreturn)) panic_stop(void)
{
    kprintf("\nsystem halted\n");
    machine_exit(PANIC_EXIT_CODE);
}

void panic(const char *fmt, ...)
{
    asm volatile("cli");
    va_list ap;
    va_start(ap, fmt);
    kprintf("\nPANIC: ");
    fmt_vformat(panic_put, 0, fmt, ap);
    va_end(ap);
    panic_stop();
}

void boot_refuse(const char *fmt, ...)
{
    asm volatile("cli");
    va_list ap;
    va_start(ap, fmt);
    fmt_vformat(panic_put, 0, fmt, ap);
    va_end(ap);
    kprintf("\npowering off\n");
    machine_exit(REFUSE_EXIT_CODE);
}

void panic_trap(const struct trapframe *tf)
{
    asm volatile("cli");
    if (tf->trapno == T_PGFLT) {
        kprintf("\nPANIC: kernel page fault at address %08x (%s, %s, %s mode)\n", read_cr2(),
                tf->err & 1 ? "protection violation" : "page not present",
                tf->err & 2 ? "write" : "read", tf->err & 4 ? "user" : "kernel");
    } else {
        kprintf("\nPANIC: unexpected trap %u in kernel mode\n", tf->trapno);
    }
    trap_print(tf);
    panic_stop();
}
