/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to drivers/net/af_xdp and its tests: how net_af_xdp (DPDK 22.11,
 * built with XDP_UMEM_UNALIGNED_CHUNK_FLAG) uses the RX queue's mempool.
 */
#ifndef NM_AF_XDP_H
#define NM_AF_XDP_H

#include <stdint.h>

#include <netmem/port_driver.h>

/** Largest UMEM chunk the kernel registers: one page (chunk_size >
 *  PAGE_SIZE is refused with EINVAL by xdp_umem_reg()). A page_pool
 *  mbuf (mempool header, struct rte_mbuf, struct page, a whole page of
 *  data) is larger, so the page mempool can never be the UMEM. */
#define NM_AF_XDP_CHUNK_MAX	4096u

/** Data room of the PMD's own RX mbufs: a 1500-byte MTU frame after the
 *  headroom, the object (with its mempool header) under one page. */
#define NM_AF_XDP_DATA_ROOM	(2048u + RTE_PKTMBUF_HEADROOM)

/** The object size of @p mp as the PMD registers it (its UMEM chunk). */
unsigned int nm_af_xdp_chunk_size(const struct rte_mempool *mp);

extern struct nm_net_driver nm_net_drv_af_xdp;

#endif /* NM_AF_XDP_H */
