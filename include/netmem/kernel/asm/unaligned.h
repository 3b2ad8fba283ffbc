/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * asm/unaligned.h of the kernel-style include tree: the name kernels before
 * 6.12 used for linux/unaligned.h; the same helpers.
 */
#ifndef NM_KERNEL_ASM_UNALIGNED_H
#define NM_KERNEL_ASM_UNALIGNED_H

#include <linux/unaligned.h>

#endif /* NM_KERNEL_ASM_UNALIGNED_H */
