/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * NVIDIA ConnectX-4 and later (DPDK's mlx5 PMD). ethdev reports the driver
 * of the device as "mlx5_pci" (or "mlx5_auxiliary" for a sub-function),
 * the name of the mlx5 common class driver.
 *
 * - Buffer split: offered with RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT, which the
 *   PMD only advertises without Multi-Packet RQ (mprq_en=0, the default);
 *   with MPRQ it also reports no multi_pools and no offsets. libnetmem
 *   needs two pools (headers in host memory, payload in page_pool pages
 *   or device memory), so hw_split follows rx_seg_capa as well.
 * - TSO: up to 256 KiB per packet (the device's LSO limit); the PMD
 *   inlines the headers, at most 162 bytes of them.
 * - TX segments: the PMD computes them from the WQE size and the inline
 *   settings (40 with the defaults) and reports them in tx_desc_lim.
 * - DMA map: the PMD registers external memory with the NIC itself
 *   (rte_dev_dma_map), with no vfio needed (bifurcated driver).
 */
#include <errno.h>

#include <rte_common.h>

#include "nm_mlx5.h"

static void mlx5_caps(uint16_t port_id, const struct rte_eth_dev_info *info,
		      struct nm_port_caps *caps)
{
	uint16_t segs = info->tx_desc_lim.nb_seg_max;

	RTE_SET_USED(port_id);
	caps->hw_split = nm_mlx5_can_split(info);
	caps->dma_map = true;
	/* The whole-packet limit bounds TSO packets, the per-MTU one the
	 * others: libnetmem's one limit is the smaller. */
	if (segs == 0 || (info->tx_desc_lim.nb_mtu_seg_max != 0 &&
			  info->tx_desc_lim.nb_mtu_seg_max < segs))
		segs = info->tx_desc_lim.nb_mtu_seg_max;
	caps->tx_max_segs = segs;
	caps->tso_max_size = (caps->tx_offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO) ?
			     NM_MLX5_TSO_MAX_SIZE : 0;
}

int nm_mlx5_split_conf(uint16_t port_id, struct rte_mempool *hdr_mp,
		       struct rte_mempool *pay_mp, unsigned int hdr_len,
		       union rte_eth_rxseg *segs, uint16_t *nb_segs)
{
	struct nm_mlx5_split_req req = {
		.hdr_mp = hdr_mp,
		.pay_mp = pay_mp,
		.hdr_len = hdr_len,
	};
	struct rte_eth_dev_info info;
	int ret;

	ret = rte_eth_dev_info_get(port_id, &info);
	if (ret != 0)
		return ret;
	/* A length split: one proto_hdr describes one protocol stack, and a
	 * packet of any other stack would land whole in the payload pool,
	 * headers included (unreadable in device memory). */
	return nm_mlx5_split_decide(&info, NULL, 0, &req, segs, nb_segs);
}

struct nm_net_driver nm_net_drv_mlx5_pci = {
	.name = "mlx5_pci",
	.caps = mlx5_caps,
	.split_conf = nm_mlx5_split_conf,
};
NM_NET_DRIVER_REGISTER(nm_net_drv_mlx5_pci)

struct nm_net_driver nm_net_drv_mlx5_aux = {
	.name = "mlx5_auxiliary",
	.caps = mlx5_caps,
	.split_conf = nm_mlx5_split_conf,
};
NM_NET_DRIVER_REGISTER(nm_net_drv_mlx5_aux)
