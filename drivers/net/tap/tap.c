/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TUN/TAP (DPDK's net_tap): a kernel network interface whose frames the
 * PMD reads and writes through the tun file descriptor. The fd is opened
 * without IFF_VNET_HDR, so no offload crosses to the kernel: what the PMD
 * reports as an offload it does itself, in software, before writev(), and
 * the kernel receives ordinary frames with their checksums filled
 * (ip_summed CHECKSUM_NONE: the kernel checks every one of them). That
 * makes it the one PMD here where a TSO packet libnetmem hands over is
 * cut, checksummed and checked by a real implementation on the far side
 * (af_packet's peer ignores checksums, virtio's peer is another DPDK
 * process), so it stays on, unlike the other software PMDs' TSO
 * (drivers/net/vdev), which is taken away.
 *
 * What the 22.11.x PMD (the stable releases from 22.11.4, with the tap
 * checksum fixes) does with each offload:
 *
 * - TX checksum (IPV4/TCP/UDP_CKSUM): computed on a stack copy of the
 *   L2-L4 headers, the payload summed segment by segment, when the queue
 *   was set up with any checksum offload (txq->csum). The L4 header must
 *   be in the first segment (else the packet is refused) and the IPv4
 *   header checksum is written only for RTE_MBUF_F_TX_IP_CKSUM.
 *   CHECKSUM_PARTIAL maps onto it as on a NIC.
 * - TSO (TCP_TSO): librte_gso inside the PMD cuts the packet into
 *   gso_size-payload segments (indirect mbufs on libnetmem's segments,
 *   headers copied into mbufs of its own), then each is checksummed as
 *   above. Its limits, which nm_tap_tso_ok() states:
 *   * it compares gso_size plus every header, the Ethernet one
 *     included, with the port MTU: a sender with the same MTU (segments
 *     of MTU - 40 - options) is refused; the port MTU must be at least
 *     the senders' + 14;
 *   * at most 64 segments per packet, headers of at most 128 bytes;
 *   * IPv4 only: librte_gso has no IPv6 TCP segmentation, and the PMD
 *     then writes the whole packet as one frame, which the kernel takes
 *     as a single large TCP segment (it does not check the MTU on a tap's
 *     writes); the checksum is still filled;
 *   * the segments' checksums are written only when a checksum offload
 *     is enabled too (libnetmem asks for TSO with NM_PORT_F_TX_CSUM);
 *   a refused packet stops the burst there: nm_tx_burst() returns it
 *   unsent and the PMD counts it in oerrors.
 *   ip_summed on the segments is what the kernel sees: none, so it checks
 *   the checksums the PMD wrote.
 * - RX checksum: verified in software by the PMD (single-segment packets
 *   only), RTE_MBUF_F_RX_*_CKSUM_GOOD becoming CHECKSUM_UNNECESSARY.
 * - RX scatter, multi-segment TX: one readv()/writev() per packet over
 *   the chain; writev() takes IOV_MAX iovecs, two of them the PMD's.
 * - No VLAN offload, no buffer split, no DMA (the kernel copies).
 */
#include "nm_tap.h"

/* Headers of the segments librte_gso makes (RTE_GSO_SEG_SIZE_MIN): an
 * Ethernet, IPv4 and TCP header and one payload byte, at the least. */
#define NM_TAP_GSO_SEG_MIN	(14u + 20u + 20u + 1u)

bool nm_tap_tso_ok(uint16_t mtu, unsigned int hdr_len, unsigned int gso_size,
		   unsigned int len)
{
	unsigned int seg = gso_size + hdr_len;

	if (gso_size == 0 || hdr_len > NM_TAP_GSO_HDR_MAX || seg > mtu ||
	    seg < NM_TAP_GSO_SEG_MIN || len < hdr_len)
		return false;
	if (len <= seg)
		return true;	/* sent as it is */
	return (len - hdr_len + gso_size - 1) / gso_size <= NM_TAP_GSO_MAX_SEGS;
}

static void tap_caps(uint16_t port_id, const struct rte_eth_dev_info *info,
		     struct nm_port_caps *caps)
{
	RTE_SET_USED(port_id);
	RTE_SET_USED(info);
	caps->hw_split = false;
	caps->dma_map = false;
	caps->rx_offloads &= ~(uint64_t)RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT;
	caps->tx_offloads &= ~(uint64_t)(RTE_ETH_TX_OFFLOAD_UDP_TSO |
					 RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO |
					 RTE_ETH_TX_OFFLOAD_GRE_TNL_TSO);
	caps->tso_max_size = (caps->tx_offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO) ?
			     NM_TAP_TSO_MAX : 0;
	if (caps->tx_max_segs == 0 || caps->tx_max_segs > NM_TAP_TX_MAX_SEGS)
		caps->tx_max_segs = NM_TAP_TX_MAX_SEGS;
}

struct nm_net_driver nm_net_drv_tap = {
	.name = "net_tap",
	.caps = tap_caps,
};
NM_NET_DRIVER_REGISTER(nm_net_drv_tap)
