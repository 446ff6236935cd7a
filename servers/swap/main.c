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
#include "proto/swap.h"
#include "ulib.h"

#define PAGE_SECTORS (PAGE_SIZE / ATA_SECTOR_SIZE)
#define PAGE_WORDS   (PAGE_SIZE / sizeof(uint32_t))

typedef int (*swap_handler)(const msg_t *req, uint32_t *out);

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

static int do_out(const msg_t *req, uint32_t *out)
{
    (void)out;
    return swap_move(req->w[0], true);
}

static int do_in(const msg_t *req, uint32_t *out)
{
    (void)out;
    return swap_move(req->w[0], false);
}

static int do_alloc(const msg_t *req, uint32_t *out)
{
    (void)req;
    int slot = slots_alloc();
    if (slot < 0)
        return slot;
    out[0] = (uint32_t)slot;
    return 0;
}

static int do_free(const msg_t *req, uint32_t *out)
{
    (void)out;
    return slots_free(req->w[0]);
}

static int do_info(const msg_t *req, uint32_t *out)
{
    (void)req;
    out[0] = slots_total();
    out[1] = slots_used();
    out[2] = swap_writes;
    out[3] = swap_reads;
    return 0;
}

/* Indexed by label - SWAP_OUT: the swap labels are consecutive in proto/swap.h. */
static const swap_handler handlers[] = {
    [SWAP_OUT - SWAP_OUT] = do_out,     [SWAP_IN - SWAP_OUT] = do_in,
    [SWAP_ALLOC - SWAP_OUT] = do_alloc, [SWAP_FREE - SWAP_OUT] = do_free,
    [SWAP_INFO - SWAP_OUT] = do_info,
};

/* Turn the request in m into its reply. */
static void handle(msg_t *m, uint32_t sender)
{
    uint32_t out[MSG_WORDS] = {0};
    uint32_t i = m->label - SWAP_OUT;
    int r = E_PERM;
    if (sender == TID_PAGER)
        r = i < sizeof(handlers) / sizeof(handlers[0]) ? handlers[i](m, out) : E_NOSYS;
    if (r < 0)
        *m = (msg_t){MSG_ERR, {(uint32_t)r, 0, 0, 0}};
    else
        *m = (msg_t){MSG_OK, {out[0], out[1], out[2], out[3]}};
}

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
    ipc_serve(handle);
}
