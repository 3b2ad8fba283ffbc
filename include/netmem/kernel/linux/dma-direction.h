/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/dma-direction.h of the kernel-style include tree: enum
 * dma_data_direction (DMA_BIDIRECTIONAL, DMA_TO_DEVICE, DMA_FROM_DEVICE,
 * DMA_NONE, the kernel's values), defined in <netmem/api.h>.
 */
#ifndef NM_KERNEL_LINUX_DMA_DIRECTION_H
#define NM_KERNEL_LINUX_DMA_DIRECTION_H

#include <netmem/api.h>

#endif /* NM_KERNEL_LINUX_DMA_DIRECTION_H */
