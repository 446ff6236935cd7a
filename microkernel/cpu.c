/*
 * The CPU floor. Kernel and user programs are built for the Pentium
 * (-march=i586: no cmov) and read the time stamp counter (trace records,
 * SYS_TIME, the benchmarks), so the boot CPU must have CPUID and TSC. A 486
 * or 386 has no CPUID, which shows as an EFLAGS.ID bit that will not flip.
 */
#include "cpu.h"
#include <stdint.h>
#include "panic.h"

#define EFLAGS_ID     (1u << 21)
#define CPUID_EDX_TSC (1u << 4)

static uint32_t eflags_read(void)
{
    uint32_t f;
    asm volatile("pushfl; popl %0" : "=r"(f));
    return f;
}

static void eflags_write(uint32_t f)
{
    asm volatile("pushl %0; popfl" : : "r"(f) : "cc");
}

/* Whether EFLAGS.ID can be flipped, which is how a CPU says it has CPUID. */
static int cpuid_present(void)
{
    uint32_t before = eflags_read();
    eflags_write(before ^ EFLAGS_ID);
    uint32_t after = eflags_read();
    eflags_write(before);
    return ((before ^ after) & EFLAGS_ID) != 0;
}

static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *d)
{
    uint32_t b, c;
    asm volatile("cpuid" : "=a"(*a), "=b"(b), "=c"(c), "=d"(*d) : "a"(leaf));
}

void cpu_check(void)
{
    uint32_t max, sig, edx;
    if (!cpuid_present())
        boot_refuse("cpu: no CPUID instruction (a 486 or older); this kernel needs a Pentium "
                    "or later");
    cpuid(0, &max, &edx);
    if (max < 1)
        boot_refuse("cpu: CPUID reports no feature leaf; this kernel needs a Pentium or later "
                    "(with TSC)");
    cpuid(1, &sig, &edx);
    if (!(edx & CPUID_EDX_TSC))
        boot_refuse("cpu: family %u model %u has no time stamp counter (TSC); this kernel "
                    "needs a Pentium or later",
                    sig >> 8 & 0xF, sig >> 4 & 0xF);
}
