/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * net/page_pool/helpers.h of the kernel-style include tree: the page_pool
 * fast paths of <netmem/page_pool/helpers.h> (page_pool_dev_alloc_pages(),
 * page_pool_dev_alloc_netmem(s)(), page_pool_alloc_frag(),
 * page_pool_put_full_page(), page_pool_recycle_direct(),
 * page_pool_put_unrefed_page/netmem(), page_pool_unref_and_test(),
 * page_pool_get_dma_addr(), page_pool_get_dma_dir(),
 * page_pool_ethtool_stats_get*()...), with linux/dma-mapping.h.
 *
 * Difference from the kernel: "direct" recycling is allowed on the pool's
 * owning DPDK lcore (params.lcore), where the kernel checks the NAPI
 * context; the statistics are always compiled in (CONFIG_PAGE_POOL_STATS).
 */
#ifndef NM_KERNEL_NET_PAGE_POOL_HELPERS_H
#define NM_KERNEL_NET_PAGE_POOL_HELPERS_H

#include <linux/dma-mapping.h>
#include <linux/types.h>
#include <net/page_pool/types.h>

#include <netmem/page_pool/helpers.h>

#endif /* NM_KERNEL_NET_PAGE_POOL_HELPERS_H */
