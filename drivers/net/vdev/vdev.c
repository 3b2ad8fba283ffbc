/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Software PMDs: nothing runs on a NIC, so there is no hardware header
 * split, no DMA mapping of external memory (the PMDs read and write
 * through the CPU), and no TSO: what a PMD advertises as TSO is software
 * segmentation inside the PMD, which libnetmem does itself with
 * skb_segment() and counts. What differs per PMD is how an mbuf chain
 * leaves the port:
 *
 * - net_null: frees the chain (or copies the first bytes with copy=1):
 *   any number of segments.
 * - net_ring: enqueues the mbuf pointers untouched: any number of segments.
 * - net_af_packet: copies the chain segment by segment into one TPACKET
 *   frame: any number of segments, but the frame size (framesz devarg,
 *   2048 by default) bounds the packet and longer ones are dropped by the
 *   PMD. Its VLAN insertion is done in software with rte_vlan_insert(),
 *   which refuses an mbuf that is not direct and sole-owned: libnetmem's
 *   zero-copy segments (external buffers, shared pages) would be dropped,
 *   so the offload is not offered.
 * - net_tap has a driver of its own (drivers/net/tap): its TSO and
 *   checksums reach a kernel that checks them.
 * - net_memif: copies the chain into as many ring buffers as it needs
 *   (chained descriptors): any number of segments. Zero-copy mode needs
 *   mbufs from the memory shared with the peer: not for external buffers.
 */
#include <string.h>

#include "nm_vdev.h"

/* TX offloads that are segmentation of any kind. */
#define NM_VDEV_TSO_ALL	(RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_UDP_TSO |	\
			 RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO |				\
			 RTE_ETH_TX_OFFLOAD_GRE_TNL_TSO |				\
			 RTE_ETH_TX_OFFLOAD_IPIP_TNL_TSO |				\
			 RTE_ETH_TX_OFFLOAD_GENEVE_TNL_TSO |				\
			 RTE_ETH_TX_OFFLOAD_IP_TNL_TSO | RTE_ETH_TX_OFFLOAD_UDP_TNL_TSO)

static const struct nm_vdev_quirk quirks[] = {
	{ "net_null", 0, 0, "drops or copies; chains pass untouched" },
	{ "net_ring", 0, 0, "enqueues mbuf pointers; chains pass untouched" },
	{ "net_af_packet", 0, RTE_ETH_TX_OFFLOAD_VLAN_INSERT,
	  "copies a chain into one frame; frame size bounds the packet" },
	{ "net_memif", 0, 0, "copies a chain into chained ring buffers" },
};

const struct nm_vdev_quirk *nm_vdev_quirk_find(const char *driver)
{
	if (driver == NULL)
		return NULL;
	for (unsigned int i = 0; i < RTE_DIM(quirks); i++)
		if (strcmp(quirks[i].driver, driver) == 0)
			return &quirks[i];
	return NULL;
}

static void vdev_caps(uint16_t port_id, const struct rte_eth_dev_info *info,
		      struct nm_port_caps *caps)
{
	const struct nm_vdev_quirk *q = nm_vdev_quirk_find(info->driver_name);

	RTE_SET_USED(port_id);
	caps->hw_split = false;
	caps->dma_map = false;
	caps->tso_max_size = 0;
	caps->tx_offloads &= ~(uint64_t)NM_VDEV_TSO_ALL;
	caps->rx_offloads &= ~(uint64_t)RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT;
	/* net_ring's RX dequeues what a sender enqueued: no refill. */
	caps->rx_pmd_refill = strcmp(info->driver_name, "net_ring") != 0;
	if (q == NULL)
		return;
	caps->tx_offloads &= ~q->tx_strip;
	caps->tx_max_segs = q->tx_max_segs;
}

#define NM_VDEV_DRIVER(var, drvname)				\
	struct nm_net_driver var = {				\
		.name = drvname,				\
		.caps = vdev_caps,				\
	};							\
	NM_NET_DRIVER_REGISTER(var)

NM_VDEV_DRIVER(nm_net_drv_null, "net_null")
NM_VDEV_DRIVER(nm_net_drv_ring, "net_ring")
NM_VDEV_DRIVER(nm_net_drv_af_packet, "net_af_packet")
NM_VDEV_DRIVER(nm_net_drv_memif, "net_memif")
