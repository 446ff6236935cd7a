/*
 * t_bigtext PARENT: a program with 128 KiB of read-only data, for t_share.
 * It reads every page of that data and checks its initialised data word,
 * then calls PARENT with {the sum of the data, the data word as it found
 * it, its container's usage}, writes the data word, and ends when PARENT
 * answers.
 */
#include "ulib.h"

#define BIG_WORDS (128 * 1024 / 4)

static const uint32_t big[BIG_WORDS] = {[0 ... BIG_WORDS - 1] = 0x01020304u};
static volatile uint32_t data_word = 0xDA7A0001u; /* in .data: each instance has its own */

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    uint32_t parent = (uint32_t)strtol_simple(word, 0), sum = 0;
    for (uint32_t i = 0; i < BIG_WORDS; i++)
        sum += ((const volatile uint32_t *)big)[i];
    msg_t m = {MSG_PING, {sum, data_word, (uint32_t)quota_usage(), 0}};
    data_word = 0xDA7A0002u;
    return ipc_call(parent, &m) == 0 ? 0 : 1;
}
