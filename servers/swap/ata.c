/*
 * ATA PIO on the secondary channel's master (ata.h). Command block at
 * 0x170-0x177, control/alternate status at 0x376, interrupts on IRQ 15.
 * The probe polls (a missing disk never interrupts, so every poll is
 * bounded); after it, a transfer waits for the disk's interrupt in the
 * kernel (sys_irq_wait) instead of polling: one interrupt per block of up
 * to ATA_BLOCK_MAX sectors with READ/WRITE MULTIPLE, so one per page. State:
 * the IDENTIFY block, the disk's size and its block, all in .bss, so the
 * driver never faults; only the caller's buffer is touched in a transfer.
 */
#include "ata.h"
#include "ioport.h"
#include "ipc.h"

#define ATA_BASE    0x170u /* data, error, count, lba0-2, drive, status/command */
#define ATA_PORTS   8u
#define ATA_DATA    (ATA_BASE + 0)
#define ATA_COUNT   (ATA_BASE + 2)
#define ATA_LBA0    (ATA_BASE + 3)
#define ATA_LBA1    (ATA_BASE + 4)
#define ATA_LBA2    (ATA_BASE + 5)
#define ATA_DRIVE   (ATA_BASE + 6)
#define ATA_STATUS  (ATA_BASE + 7) /* read: status (acknowledges the interrupt); write: command */
#define ATA_COMMAND ATA_STATUS
#define ATA_CTRL    0x376u /* read: alternate status; write: device control */
#define ATA_IRQ     15u    /* the secondary channel's line */

#define ST_ERR 0x01u
#define ST_DRQ 0x08u
#define ST_DF  0x20u
#define ST_BSY 0x80u

#define CTRL_NIEN          0x02u /* no interrupts: set while probing */
#define DRIVE_MASTER       0xA0u
#define DRIVE_LBA          0xE0u /* master, LBA addressing; low nibble: LBA bits 24-27 */
#define CMD_READ           0x20u
#define CMD_WRITE          0x30u
#define CMD_READ_MULTIPLE  0xC4u
#define CMD_WRITE_MULTIPLE 0xC5u
#define CMD_SET_MULTIPLE   0xC6u
#define CMD_IDENTIFY       0xECu
#define ID_MULTIPLE_MAX    47 /* IDENTIFY word: low byte, most sectors a block may hold */
#define SECTOR_WORDS       (ATA_SECTOR_SIZE / 2)
#define MAX_COUNT          255u      /* sectors one command may move (the count register) */
#define ATA_POLL_LIMIT     0x400000u /* status reads before a disk counts as dead */
#define ATA_SPURIOUS_MAX   4u        /* interrupts in a row that find the disk still busy */

static uint16_t ata_id[SECTOR_WORDS]; /* the IDENTIFY block */
static uint32_t ata_sectors;          /* LBA28 size of the disk, 0 until probed */
static uint32_t ata_block = 1;        /* sectors per interrupt: ATA_BLOCK_MAX with MULTIPLE */

int ata_claim(void)
{
    int r = sys_ioport(ATA_BASE, ATA_PORTS);
    return r < 0 ? r : sys_ioport(ATA_CTRL, 1);
}

/* The 400 ns a disk may take to show a valid status: four reads of the alternate status. */
static void ata_delay(void)
{
    for (int i = 0; i < 4; i++)
        inb(ATA_CTRL);
}

/* A status the disk is done with: E_IO on an error, or when it lacks a bit of want. */
static int ata_check(uint8_t status, uint8_t want)
{
    if (status & (ST_ERR | ST_DF))
        return E_IO;
    return (status & want) == want ? 0 : E_IO;
}

/* Poll until the disk is not busy, then check its status; E_IO on a timeout. */
static int ata_poll(uint8_t want)
{
    ata_delay();
    for (uint32_t i = 0; i < ATA_POLL_LIMIT; i++) {
        uint8_t s = inb(ATA_STATUS);
        if (!(s & ST_BSY))
            return ata_check(s, want);
    }
    return E_IO;
}

/*
 * Wait for the disk's interrupt, then read the status (which lowers the
 * interrupt line, so that the next one is an edge again) and check it. A
 * disk still busy had not interrupted (a spurious IRQ 15): wait again.
 */
static int ata_interrupt(uint8_t want)
{
    for (uint32_t i = 0; i < ATA_SPURIOUS_MAX; i++) {
        int r = sys_irq_wait(ATA_IRQ);
        if (r < 0)
            return r;
        uint8_t s = inb(ATA_STATUS);
        if (!(s & ST_BSY))
            return ata_check(s, want);
    }
    return E_IO;
}

/* Address sectors [lba, lba + count) and issue cmd, once the disk is idle. */
static void ata_issue(uint8_t drive, uint8_t cmd, uint32_t lba, uint32_t count)
{
    outb(ATA_DRIVE, drive | (uint8_t)(lba >> 24 & 0x0F));
    ata_delay();
    outb(ATA_COUNT, (uint8_t)count);
    outb(ATA_LBA0, (uint8_t)lba);
    outb(ATA_LBA1, (uint8_t)(lba >> 8));
    outb(ATA_LBA2, (uint8_t)(lba >> 16));
    outb(ATA_COMMAND, cmd);
}

/* Blocks of ATA_BLOCK_MAX sectors when the disk takes them (SET MULTIPLE MODE), else 1. */
static uint32_t ata_block_size(void)
{
    if ((ata_id[ID_MULTIPLE_MAX] & 0xFF) < ATA_BLOCK_MAX)
        return 1;
    ata_issue(DRIVE_MASTER, CMD_SET_MULTIPLE, 0, ATA_BLOCK_MAX);
    return ata_poll(0) < 0 ? 1 : ATA_BLOCK_MAX;
}

int ata_probe(uint32_t *sectors)
{
    if (inb(ATA_STATUS) == 0xFF) /* floating bus: nothing on the channel */
        return E_NOENT;
    outb(ATA_CTRL, CTRL_NIEN);
    ata_issue(DRIVE_MASTER, CMD_IDENTIFY, 0, 0);
    ata_delay();
    if (inb(ATA_STATUS) == 0) /* no master on the channel */
        return E_NOENT;
    if (ata_poll(ST_DRQ) < 0) /* a packet device (CD-ROM) aborts IDENTIFY */
        return E_NOENT;
    insw(ATA_DATA, ata_id, SECTOR_WORDS);
    ata_sectors = ata_id[60] | (uint32_t)ata_id[61] << 16;
    *sectors = ata_sectors;
    if (!ata_sectors)
        return E_NOENT; /* the disk has no LBA28 addressing */
    ata_block = ata_block_size();
    outb(ATA_CTRL, 0); /* interrupts on from now */
    return 0;
}

/*
 * Move count sectors at lba between the disk and buf with one command, a
 * block at a time. The disk interrupts when a block of a read is ready, and
 * when a block of a write is taken; the first block of a write it asks for
 * at once (DRQ), without an interrupt.
 */
static int ata_transfer(uint8_t cmd, uint32_t lba, uint32_t count, uint16_t *buf)
{
    if (count == 0 || count > MAX_COUNT || lba >= ata_sectors || count > ata_sectors - lba)
        return E_INVAL;
    int write = cmd == CMD_WRITE || cmd == CMD_WRITE_MULTIPLE;
    int r = ata_poll(0);
    if (r < 0)
        return r;
    ata_issue(DRIVE_LBA, cmd, lba, count);
    for (uint32_t done = 0; done < count;) {
        uint32_t n = count - done < ata_block ? count - done : ata_block;
        r = write && done == 0 ? ata_poll(ST_DRQ) : ata_interrupt(ST_DRQ);
        if (r < 0)
            return r;
        if (write)
            outsw(ATA_DATA, buf, n * SECTOR_WORDS);
        else
            insw(ATA_DATA, buf, n * SECTOR_WORDS);
        done += n;
        buf += n * SECTOR_WORDS;
    }
    return write ? ata_interrupt(0) : ata_poll(0);
}

int ata_read(uint32_t lba, uint32_t count, void *buf)
{
    return ata_transfer(ata_block > 1 ? CMD_READ_MULTIPLE : CMD_READ, lba, count, buf);
}

/* ata_transfer only reads buf for a write: the cast drops const for the shared path. */
int ata_write(uint32_t lba, uint32_t count, const void *buf)
{
    return ata_transfer(ata_block > 1 ? CMD_WRITE_MULTIPLE : CMD_WRITE, lba, count,
                        (uint16_t *)buf);
}
