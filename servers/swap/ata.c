/*
 * ATA PIO on the secondary channel's master (ata.h). Command block at
 * 0x170-0x177, control/alternate status at 0x376; interrupts stay off
 * (nIEN) and every wait is a bounded poll of the status register. State:
 * the IDENTIFY block and the disk's size, both in .bss, so the driver never
 * faults; only the caller's buffer is touched during a transfer.
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
#define ATA_STATUS  (ATA_BASE + 7) /* read: status; write: command */
#define ATA_COMMAND ATA_STATUS
#define ATA_CTRL    0x376u /* read: alternate status; write: device control */

#define ST_ERR 0x01u
#define ST_DRQ 0x08u
#define ST_DF  0x20u
#define ST_BSY 0x80u

#define CTRL_NIEN      0x02u /* no interrupts: this driver polls */
#define DRIVE_MASTER   0xA0u
#define DRIVE_LBA      0xE0u /* master, LBA addressing; low nibble: LBA bits 24-27 */
#define CMD_READ       0x20u
#define CMD_WRITE      0x30u
#define CMD_IDENTIFY   0xECu
#define SECTOR_WORDS   (ATA_SECTOR_SIZE / 2)
#define MAX_COUNT      255u      /* sectors one command may move (the count register) */
#define ATA_POLL_LIMIT 0x400000u /* status reads before a disk counts as dead */

static uint16_t ata_id[SECTOR_WORDS]; /* the IDENTIFY block */
static uint32_t ata_sectors;          /* LBA28 size of the disk, 0 until probed */

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

/* Poll until the disk is not busy and shows every bit of want; E_IO on an error or a timeout. */
static int ata_wait(uint8_t want)
{
    ata_delay();
    for (uint32_t i = 0; i < ATA_POLL_LIMIT; i++) {
        uint8_t s = inb(ATA_STATUS);
        if (s & ST_BSY)
            continue;
        if (s & (ST_ERR | ST_DF))
            return E_IO;
        if ((s & want) == want)
            return 0;
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

int ata_probe(uint32_t *sectors)
{
    if (inb(ATA_STATUS) == 0xFF) /* floating bus: nothing on the channel */
        return E_NOENT;
    outb(ATA_CTRL, CTRL_NIEN);
    ata_issue(DRIVE_MASTER, CMD_IDENTIFY, 0, 0);
    ata_delay();
    if (inb(ATA_STATUS) == 0) /* no master on the channel */
        return E_NOENT;
    if (ata_wait(ST_DRQ) < 0) /* a packet device (CD-ROM) aborts IDENTIFY */
        return E_NOENT;
    insw(ATA_DATA, ata_id, SECTOR_WORDS);
    ata_sectors = ata_id[60] | (uint32_t)ata_id[61] << 16;
    *sectors = ata_sectors;
    return ata_sectors ? 0 : E_NOENT; /* 0: the disk has no LBA28 addressing */
}

/*
 * Move count sectors at lba between the disk and buf with one READ or WRITE
 * SECTORS command, a sector per DRQ; the command is over when the disk is idle.
 */
static int ata_transfer(uint8_t cmd, uint32_t lba, uint32_t count, uint16_t *buf)
{
    if (count == 0 || count > MAX_COUNT || lba >= ata_sectors || count > ata_sectors - lba)
        return E_INVAL;
    int r = ata_wait(0);
    if (r < 0)
        return r;
    ata_issue(DRIVE_LBA, cmd, lba, count);
    for (uint32_t i = 0; i < count; i++, buf += SECTOR_WORDS) {
        r = ata_wait(ST_DRQ);
        if (r < 0)
            return r;
        if (cmd == CMD_WRITE)
            outsw(ATA_DATA, buf, SECTOR_WORDS);
        else
            insw(ATA_DATA, buf, SECTOR_WORDS);
    }
    return ata_wait(0);
}

int ata_read(uint32_t lba, uint32_t count, void *buf)
{
    return ata_transfer(CMD_READ, lba, count, buf);
}

/* ata_transfer only reads buf for a write: the cast drops const for the shared path. */
int ata_write(uint32_t lba, uint32_t count, const void *buf)
{
    return ata_transfer(CMD_WRITE, lba, count, (uint16_t *)buf);
}
