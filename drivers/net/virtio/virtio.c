/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-net (DPDK's net_virtio and net_virtio_user): the one software
 * device here whose offloads are real in the sense that matters, the peer
 * (vhost-user, vhost-net, a hypervisor) honours them from the virtio-net
 * header of each packet:
 *
 * - TX checksum: TCP and UDP only (VIRTIO_NET_F_CSUM). The header says
 *   "checksum from csum_start, store at csum_offset", the kernel's
 *   CHECKSUM_PARTIAL exactly; there is no IPv4 header checksum offload and
 *   none is needed (the IPv4 header checksum is always filled by the stack).
 * - TSO (VIRTIO_NET_F_HOST_TSO4/6): gso_size travels as the header's
 *   gso_size; the peer segments (or passes the large frame on as LRO).
 *   64 KiB per packet.
 * - RX checksum: TCP and UDP (VIRTIO_NET_F_GUEST_CSUM): DATA_VALID becomes
 *   RTE_MBUF_F_RX_L4_CKSUM_GOOD, which libnetmem turns into
 *   CHECKSUM_UNNECESSARY; no IPv4 header result (the flag stays UNKNOWN).
 * - Mergeable RX buffers (VIRTIO_NET_F_MRG_RXBUF, on by default in
 *   virtio_user): a packet longer than one RX buffer arrives as a chain of
 *   page_pool mbufs, which becomes an skb with frags, no copy. So a large
 *   MTU (up to the PMD's max_rx_pktlen, 9728) needs no larger pages.
 * - VLAN insert is rte_vlan_insert() in the PMD's TX function: it refuses
 *   libnetmem's external or shared segments, so it is not offered (the tag
 *   goes into the frame in software).
 * - LRO (VIRTIO_NET_F_GUEST_TSO4/6, negotiated only when the port asks
 *   RTE_ETH_RX_OFFLOAD_TCP_LRO: NM_PORT_F_LRO): the peer may send a TCP
 *   frame of up to 64 KiB with the GSO header; the PMD marks it
 *   RTE_MBUF_F_RX_LRO with gso_size in tso_segsz and the checksum
 *   unfilled (RTE_MBUF_F_RX_L4_CKSUM_NONE), over mergeable buffers. The
 *   RX path makes it a GSO skb (SKB_GSO_TCPV4/6 | SKB_GSO_DODGY,
 *   CHECKSUM_PARTIAL) as the kernel's virtio-net does, so forwarding cuts
 *   it back into the sender's segments (NETIF_F_GRO_HW).
 * - Memory: with vhost-user the peer reads and writes this process's
 *   memory through the table of DPDK memory segments the PMD sends it;
 *   page_pool pages live in DPDK memory, so there is nothing to map
 *   (dma_map false) and no header split.
 */
#include "nm_virtio.h"

static void virtio_caps(uint16_t port_id, const struct rte_eth_dev_info *info,
			struct nm_port_caps *caps)
{
	RTE_SET_USED(port_id);
	RTE_SET_USED(info);
	caps->hw_split = false;
	caps->dma_map = false;
	caps->rx_offloads &= ~(uint64_t)RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT;
	caps->tx_offloads &= ~(uint64_t)NM_VIRTIO_TX_STRIP;
	caps->tso_max_size = (caps->tx_offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO) ?
			     NM_VIRTIO_TSO_MAX : 0;
	if (caps->tx_max_segs == 0 || caps->tx_max_segs > NM_VIRTIO_TX_MAX_SEGS)
		caps->tx_max_segs = NM_VIRTIO_TX_MAX_SEGS;
}

struct nm_net_driver nm_net_drv_virtio = {
	.name = "net_virtio",
	.caps = virtio_caps,
};
NM_NET_DRIVER_REGISTER(nm_net_drv_virtio)

struct nm_net_driver nm_net_drv_virtio_user = {
	.name = "net_virtio_user",
	.caps = virtio_caps,
};
NM_NET_DRIVER_REGISTER(nm_net_drv_virtio_user)
