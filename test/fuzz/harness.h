/*
 * Shared by the libFuzzer harnesses in test/fuzz/ (make fuzz, docs/fuzz.md):
 * FUZZ_REQUIRE aborts with the broken invariant, which libFuzzer reports as a
 * crash and saves the input that caused it; struct bytes hands the input out
 * piece by piece to the stateful harnesses.
 */
#ifndef TEST_FUZZ_HARNESS_H
#define TEST_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_REQUIRE(c)                                                                            \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "invariant broken: %s at %s:%d\n", #c, __FILE__, __LINE__);            \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* The fuzzer's input, read front to back; reads past its end give zeros. */
struct bytes {
    const uint8_t *p;
    size_t n;
};

static inline uint32_t take(struct bytes *b, int nbytes)
{
    uint32_t v = 0;
    for (int i = 0; i < nbytes; i++) {
        v = v << 8 | (b->n ? *b->p : 0);
        if (b->n) {
            b->p++;
            b->n--;
        }
    }
    return v;
}

#endif
