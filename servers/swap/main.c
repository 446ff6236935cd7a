/*
 * The swap server: page-sized slots on ata1-master (ata.c), handed out by
 * a bitmap (slots.c), for the pager's replacement policies. Only the pager
 * may call it. For SWAP_OUT and SWAP_IN the pager lends the frame by mapping
 * it at SWAP_BUF in this task for the one request; nothing else touches
 * SWAP_BUF. The server must never fault while serving (the pager, blocked
 * in its call, could not answer the fault), so it has no heap, keeps all
 * its data in .data/.bss (mapped by the pager at spawn) and little stack.
 * `swap selftest` first checks the disk with a write and read-back of
 * slots 0 and 1 through a buffer of its own.
 */
#include <stdbool.h>
#include "ata.h"
#include "slots.h"
#include "ipc.h"
#include "server.h"
#include "proto/swap.h"
#include "ulib.h"

#define PAGE_SECTORS (PAGE_SIZE / ATA_SECTOR_SIZE)
#define PAGE_WORDS   (PAGE_SIZE / sizeof(uint32_t))

static uint32_t swap_writes, swap_reads;   /* pages moved since start */
static uint32_t selftest_page[PAGE_WORDS]; /* selftest's buffer: never SWAP_BUF */

static uint32_t slot_lba(uint32_t slot)
{
    return slot * PAGE_SECTORS;
}

/* Move one page between the frame lent at SWAP_BUF and an allocated slot. */
static int swap_move(uint32_t slot, bool out)
{
    int r = slots_check(slot);
    if (r < 0)
        return r;
    void *page = (void *)SWAP_BUF;
    r = out ? ata_write(slot_lba(slot), PAGE_SECTORS, page)
            : ata_read(slot_lba(slot), PAGE_SECTORS, page);
    if (r < 0)
        return r;
    (*(out ? &swap_writes : &swap_reads))++;
    return 0;
}

static uint32_t do_out(msg_t *m, uint32_t sender)
{
    return server_result(m, sender, swap_move(m->w[0], true));
}

static uint32_t do_in(msg_t *m, uint32_t sender)
{
    return server_result(m, sender, swap_move(m->w[0], false));
}

static uint32_t do_alloc(msg_t *m, uint32_t sender)
{
    return server_result(m, sender, slots_alloc());
}

static uint32_t do_free(msg_t *m, uint32_t sender)
{
    return server_result(m, sender, slots_free(m->w[0]));
}

static uint32_t do_info(msg_t *m, uint32_t sender)
{
    *m = (msg_t){MSG_OK, {slots_total(), slots_used(), swap_writes, swap_reads}};
    return sender;
}

/* The swap store is the pager's alone. */
static const struct server_op ops[] = {
    {SWAP_OUT, TID_PAGER, do_out},     {SWAP_IN, TID_PAGER, do_in},
    {SWAP_ALLOC, TID_PAGER, do_alloc}, {SWAP_FREE, TID_PAGER, do_free},
    {SWAP_INFO, TID_PAGER, do_info},
};

static const struct server swap_server = {ops, sizeof(ops) / sizeof(ops[0]), 0, 0, 0};

static uint32_t selftest_word(uint32_t slot, uint32_t i)
{
    return (slot + 1) * 0x9E3779B1u ^ i;
}

/* Read slot back and compare it with its pattern; the buffer holds another slot's beforehand. */
static int selftest_check(uint32_t slot)
{
    int r = ata_read(slot_lba(slot), PAGE_SECTORS, selftest_page);
    if (r < 0)
        return r;
    for (uint32_t i = 0; i < PAGE_WORDS; i++) {
        if (selftest_page[i] != selftest_word(slot, i)) {
            printf("swap: slot %u word %u reads %08x, %08x was written\n", slot, i,
                   selftest_page[i], selftest_word(slot, i));
            return E_IO;
        }
    }
    return 0;
}

/* Write a pattern to slots 0 and 1 (both still free), then read both back. */
static int selftest(void)
{
    if (slots_total() < 2)
        return E_NOSPC;
    for (uint32_t slot = 0; slot < 2; slot++) {
        for (uint32_t i = 0; i < PAGE_WORDS; i++)
            selftest_page[i] = selftest_word(slot, i);
        int r = ata_write(slot_lba(slot), PAGE_SECTORS, selftest_page);
        if (r < 0)
            return r;
    }
    int r = selftest_check(0);
    return r < 0 ? r : selftest_check(1);
}

int main(const char *args)
{
    char word[16];
    first_arg(args, word, sizeof(word));
    int r = ata_claim();
    if (r < 0) {
        printf("swap: no I/O ports for ata1 (%s)\n", errstr(r));
        return 1;
    }
    uint32_t sectors;
    if (ata_probe(&sectors) < 0) {
        printf("swap: no disk on ata1-master\n");
        return 1;
    }
    slots_init(sectors / PAGE_SECTORS);
    printf("swap: %u slots (%u KiB) on ata1-master\n", slots_total(), slots_total() * 4);
    if (strcmp(word, "selftest") == 0) {
        r = selftest();
        if (r < 0) {
            printf("swap: selftest failed (%s)\n", errstr(r));
            return 1;
        }
        printf("swap: selftest ok\n");
    }
    server_loop(&swap_server);
}
