/*
 * The slot bitmap (slots.h). Plain data and no I/O, so the host unit test
 * compiles this very file. All state is static: the swap server must never
 * fault, and its .bss is mapped before it runs.
 */
#include "slots.h"
#include "abi/errno.h"

#define WORD_BITS 32u

static uint32_t slot_map[SLOT_MAX / WORD_BITS];
static uint32_t slot_total, slot_used;

void slots_init(uint32_t n)
{
    slot_total = n < SLOT_MAX ? n : SLOT_MAX;
    slot_used = 0;
    for (uint32_t i = 0; i < SLOT_MAX / WORD_BITS; i++)
        slot_map[i] = 0;
}

static uint32_t slot_bit(uint32_t slot)
{
    return 1u << (slot % WORD_BITS);
}

int slots_alloc(void)
{
    if (slot_used == slot_total)
        return E_NOSPC;
    uint32_t i = 0;
    while (slot_map[i] == ~0u) /* stops below slot_total: a free slot exists there */
        i++;
    uint32_t slot = i * WORD_BITS + (uint32_t)__builtin_ctz(~slot_map[i]);
    slot_map[i] |= slot_bit(slot);
    slot_used++;
    return (int)slot;
}

int slots_check(uint32_t slot)
{
    if (slot >= slot_total)
        return E_INVAL;
    return slot_map[slot / WORD_BITS] & slot_bit(slot) ? 0 : E_NOENT;
}

int slots_free(uint32_t slot)
{
    int r = slots_check(slot);
    if (r < 0)
        return r;
    slot_map[slot / WORD_BITS] &= ~slot_bit(slot);
    slot_used--;
    return 0;
}

uint32_t slots_used(void)
{
    return slot_used;
}

uint32_t slots_total(void)
{
    return slot_total;
}
