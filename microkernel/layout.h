/*
 * Kernel virtual memory layout, shared by assembly and C.
 *
 *   0x00000000 - 0xBFFFFFFF  user space (per task)
 *   0xC0000000 - +KMAP_SIZE  physical 0..KMAP_SIZE (kernel image, boot data,
 *                            kernel frame pool), mapped in every space
 *   +KMAP_SIZE - 0xFF3FFFFF  (unused)
 *   0xFF400000 - 0xFF7FFFFF  frame windows (PDE 1021) for frames above the
 *                            direct map: frame_window(), one page a slot
 *   0xFF800000 - 0xFFBFFFFF  page tables of a foreign space (PDE 1022)
 *   0xFFC00000 - 0xFFFFFFFF  page tables of the current space (PDE 1023)
 */
#ifndef KERNEL_LAYOUT_H
#define KERNEL_LAYOUT_H

#define KERNBASE      0xC0000000
#define KMAP_PTS      16                    /* page tables mapping the low memory */
#define KMAP_SIZE     (KMAP_PTS * 0x400000) /* 64 MiB direct-mapped */
#define KWINDOW_BASE  0xFF400000            /* PDE 1021: frame windows */
#define KWINDOW_PAGES 1024
#define FOREIGN_PT    0xFF800000 /* PDE 1022 */
#define FOREIGN_PD    0xFFFFE000 /* the foreign directory, seen through PDE 1023 */
#define SELF_PT       0xFFC00000 /* PDE 1023 */
#define SELF_PD       0xFFFFF000

#define PDE_WINDOW  1021
#define PDE_FOREIGN 1022
#define PDE_SELF    1023

#endif
