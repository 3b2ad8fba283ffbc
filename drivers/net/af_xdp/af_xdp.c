/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AF_XDP (net_af_xdp): a socket on one queue of a kernel netdev (a veth
 * here), packets in a UMEM the kernel copies into (veth has no zero-copy
 * driver mode) and the PMD hands out as mbufs.
 *
 * The UMEM: DPDK 22.11's PMD registers the RX queue's mempool itself as the
 * UMEM (unaligned chunks): base = the first memory chunk of the mempool,
 * size = populated objects * object size, chunk = the object size. Two
 * things rule out the page_pool's mempool:
 *
 * - the kernel takes chunks of at most PAGE_SIZE (xdp_umem_reg(): EINVAL
 *   above), and a page mbuf is a mempool header, struct rte_mbuf, struct
 *   page and a whole page of data: 4544 bytes for an order-0 page;
 * - the objects must be evenly spaced from the base, which a mempool
 *   whose objects avoid crossing hugepage boundaries is not.
 *
 * So the PMD gets a mempool of its own (rx_pmd_mempool): plain mbufs of
 * NM_AF_XDP_DATA_ROOM bytes, evenly packed in one chunk
 * (RTE_MEMPOOL_F_NO_IOVA_CONTIG: nothing here is DMA'd by a device); the
 * RX path copies each packet into a page_pool skb and counts the bytes
 * (copied_bytes). On TX the PMD copies whatever is not from its UMEM
 * mempool into a UMEM frame, reading one segment only (pkt_len bytes from
 * the first segment): one segment per packet (tx_max_segs 1), so the
 * library linearizes multi-segment skbs first. No offloads.
 */
#include <stdio.h>

#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mbuf_pool_ops.h>
#include <rte_mempool.h>

#include "nm_af_xdp.h"

unsigned int nm_af_xdp_chunk_size(const struct rte_mempool *mp)
{
	return (unsigned int)rte_mempool_calc_obj_size(mp->elt_size, mp->flags, NULL);
}

static void af_xdp_caps(uint16_t port_id, const struct rte_eth_dev_info *info,
			struct nm_port_caps *caps)
{
	RTE_SET_USED(port_id);
	RTE_SET_USED(info);
	caps->hw_split = false;
	caps->dma_map = false;
	caps->tso_max_size = 0;
	caps->tx_max_segs = 1;
	caps->rx_offloads &= ~(uint64_t)(RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT |
					 RTE_ETH_RX_OFFLOAD_SCATTER);
	caps->tx_offloads &= ~(uint64_t)(RTE_ETH_TX_OFFLOAD_MULTI_SEGS |
					 RTE_ETH_TX_OFFLOAD_TCP_TSO);
}

static struct rte_mempool *af_xdp_rx_mempool(uint16_t port_id, uint16_t queue,
					     uint16_t nb_rxd, int socket)
{
	/* The fill ring (twice the default descriptors), the RX ring, the
	 * TX frames the PMD copies into, and a burst in flight each. */
	const unsigned int n = 4u * nb_rxd + 4096u;
	struct rte_pktmbuf_pool_private priv = {
		.mbuf_data_room_size = NM_AF_XDP_DATA_ROOM,
	};
	static uint32_t gen;
	char name[RTE_MEMPOOL_NAMESIZE];
	struct rte_mempool *mp;
	int ret;

	snprintf(name, sizeof(name), "nm_xdp%u_%u_%u", port_id, queue,
		 __atomic_fetch_add(&gen, 1, __ATOMIC_RELAXED));
	mp = rte_mempool_create_empty(name, n, sizeof(struct rte_mbuf) + NM_AF_XDP_DATA_ROOM,
				      256, sizeof(priv), socket, RTE_MEMPOOL_F_NO_IOVA_CONTIG);
	if (mp == NULL)
		return NULL;
	ret = rte_mempool_set_ops_byname(mp, rte_mbuf_best_mempool_ops(), NULL);
	if (ret == 0) {
		rte_pktmbuf_pool_init(mp, &priv);
		ret = rte_mempool_populate_default(mp);
		ret = ret < 0 ? ret : (unsigned int)ret == n ? 0 : -ENOMEM;
	}
	/* The PMD registers [first chunk, + n objects]: one chunk, or the
	 * objects past the first would lie outside the UMEM. */
	if (ret == 0 && (mp->nb_mem_chunks != 1 || nm_af_xdp_chunk_size(mp) > NM_AF_XDP_CHUNK_MAX))
		ret = -ENOMEM;
	if (ret != 0) {
		rte_mempool_free(mp);
		rte_errno = -ret;
		return NULL;
	}
	rte_mempool_obj_iter(mp, rte_pktmbuf_init, NULL);
	return mp;
}

struct nm_net_driver nm_net_drv_af_xdp = {
	.name = "net_af_xdp",
	.caps = af_xdp_caps,
	.rx_pmd_mempool = af_xdp_rx_mempool,
};
NM_NET_DRIVER_REGISTER(nm_net_drv_af_xdp)
