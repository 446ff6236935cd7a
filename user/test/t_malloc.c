/* malloc on sbrk: many blocks summing to several MiB, written and read back. */
#include "tap.h"
#include "ulib.h"

#define BLOCKS 600

static unsigned char *blocks[BLOCKS];
static uint32_t sizes[BLOCKS];

int main(const char *args)
{
    (void)args;
    tap_plan(4);
    uint32_t total = 0, seed = 12345;
    int got = 0;
    for (int i = 0; i < BLOCKS; i++) {
        seed = seed * 1103515245 + 12345;
        sizes[i] = 16 + (seed >> 8) % 16000;
        blocks[i] = malloc(sizes[i]);
        if (!blocks[i])
            break;
        got++;
        total += sizes[i];
        for (uint32_t j = 0; j < sizes[i]; j++)
            blocks[i][j] = (unsigned char)(i * 7 + j);
    }
    tap_ok(got == BLOCKS, "%d blocks allocated, %u KiB in all", got, total / 1024);
    tap_ok(total > 4u * 1024 * 1024, "more than 4 MiB");
    int bad = 0;
    for (int i = 0; i < got; i++)
        for (uint32_t j = 0; j < sizes[i]; j++)
            bad += blocks[i][j] != (unsigned char)(i * 7 + j);
    tap_ok(bad == 0, "every byte read back (%d wrong)", bad);
    for (int i = 0; i < got; i += 2)
        free(blocks[i]);
    for (int i = 1; i < got; i += 2)
        free(blocks[i]);
    void *again = malloc(1 << 20);
    tap_ok(again != 0, "1 MiB allocated again after freeing everything");
    return tap_done();
}
