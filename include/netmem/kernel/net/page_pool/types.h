/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * net/page_pool/types.h of the kernel-style include tree: struct page_pool,
 * struct page_pool_params, the PP_FLAG_* flags, the statistics structs and
 * the out-of-line page_pool functions of <netmem/page_pool/types.h>.
 *
 * Differences from the kernel (stated in the native header): params has no
 * struct device / napi / netdev pointers; the pool's owner is a DPDK lcore
 * (params.lcore) and its DMA target a DPDK port (params.dev). A driver
 * ported from the kernel fills those instead of .dev/.napi.
 */
#ifndef NM_KERNEL_NET_PAGE_POOL_TYPES_H
#define NM_KERNEL_NET_PAGE_POOL_TYPES_H

#include <linux/dma-direction.h>
#include <linux/types.h>
#include <net/netmem.h>

#include <netmem/page_pool/types.h>

#endif /* NM_KERNEL_NET_PAGE_POOL_TYPES_H */
