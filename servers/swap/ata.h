/*
 * An ATA PIO driver for one disk: the master on the secondary channel
 * (ata1-master), LBA28 addressing, READ/WRITE MULTIPLE, IRQ 15 (waited for
 * with sys_irq_wait). Every call returns 0 or a negative abi_errno: an
 * error the disk reports is E_IO. Buffers are read and written with rep
 * insw/outsw, so they must be mapped before the call: the driver itself
 * touches only its .bss.
 */
#ifndef SWAP_ATA_H
#define SWAP_ATA_H

#include <stdint.h>

#define ATA_SECTOR_SIZE 512u
#define ATA_BLOCK_MAX   8u /* sectors per interrupt, when the disk takes blocks: 4 KiB */

int ata_claim(void);              /* ask the kernel for the channel's I/O ports */
int ata_probe(uint32_t *sectors); /* IDENTIFY: E_NOENT without an ATA disk */
int ata_read(uint32_t lba, uint32_t count, void *buf);
int ata_write(uint32_t lba, uint32_t count, const void *buf);

#endif
