/* panic(): a broken kernel invariant. Prints, then stops the machine. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

struct trapframe;

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void panic_trap(const struct trapframe *tf) __attribute__((noreturn));
/* A machine the kernel cannot run on (old CPU, too little memory): say why, power off (QEMU
 * status 7). Not a kernel bug, so not a PANIC. */
void boot_refuse(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* End QEMU through isa-debug-exit with status (code << 1) | 1; halts elsewhere. */
void machine_exit(int code) __attribute__((noreturn));
void machine_poweroff(int code) __attribute__((noreturn)); /* machine_exit that ends Bochs too */

#define KASSERT(c)                                                                                 \
    do {                                                                                           \
        if (!(c))                                                                                  \
            panic("assertion failed: %s at %s:%d", #c, __FILE__, __LINE__);                        \
    } while (0)

#endif
