/* The CPU floor: what the kernel needs of the processor it boots on. */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

/* Power off with a one-line reason unless the CPU has CPUID and a time stamp counter. */
void cpu_check(void);

#endif
