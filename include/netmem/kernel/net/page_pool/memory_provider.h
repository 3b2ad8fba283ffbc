/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * net/page_pool/memory_provider.h of the kernel-style include tree: struct
 * memory_provider_ops and the helpers a memory provider uses
 * (net_mp_niov_set_page_pool(), net_mp_niov_clear_page_pool(),
 * net_mp_netmem_place_in_cache()) from <netmem/page_pool/memory_provider.h>.
 *
 * Differences from the kernel: the ops take the pool (alloc_netmems,
 * release_netmem, init, destroy, plus libnetmem's optional alloc_bulk and
 * held); a provider is chosen with params.mp_ops/mp_priv rather than bound
 * to an RX queue with net_mp_open_rxq().
 */
#ifndef NM_KERNEL_NET_PAGE_POOL_MEMORY_PROVIDER_H
#define NM_KERNEL_NET_PAGE_POOL_MEMORY_PROVIDER_H

#include <net/netmem.h>
#include <net/page_pool/types.h>

#include <netmem/page_pool/memory_provider.h>

#endif /* NM_KERNEL_NET_PAGE_POOL_MEMORY_PROVIDER_H */
