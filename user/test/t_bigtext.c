/*
 * t_bigtext PARENT: a program with 128 KiB of read-only data, for t_share.
 * It reads every page of that data and of 128 KiB of initialised writable
 * data, then calls PARENT with {the sum of the read-only data, its data
 * word as it found it, its container's usage, the sum of the writable
 * data}, writes the data word and two pages of the writable data, and ends
 * when PARENT answers: with status 0 when those two pages cost it two
 * frames (each is copied at its first write), else 2.
 */
#include "ulib.h"

#define BIG_WORDS (128 * 1024 / 4)

static const uint32_t big[BIG_WORDS] = {[0 ... BIG_WORDS - 1] = 0x01020304u};
static volatile uint32_t data_word = 0xDA7A0001u; /* in .data: each instance has its own */
static uint32_t big_data[BIG_WORDS] = {[0 ... BIG_WORDS - 1] = 0x05060708u}; /* .data too */

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    uint32_t parent = (uint32_t)strtol_simple(word, 0), sum = 0, data_sum = 0;
    for (uint32_t i = 0; i < BIG_WORDS; i++) {
        sum += ((const volatile uint32_t *)big)[i];
        data_sum += ((volatile uint32_t *)big_data)[i];
    }
    msg_t m = {MSG_PING, {sum, data_word, (uint32_t)quota_usage(), data_sum}};
    data_word = 0xDA7A0002u;
    int before = quota_usage();
    ((volatile uint32_t *)big_data)[0] = 0;
    ((volatile uint32_t *)big_data)[BIG_WORDS / 2] = 0;
    int cost = quota_usage() - before;
    if (ipc_call(parent, &m) < 0)
        return 1;
    return cost == 2 ? 0 : 2;
}
