/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TUN/TAP (DPDK's net_tap): a kernel network interface whose frames the
 * PMD reads and writes through the tun file descriptor. The fd is opened
 * without IFF_VNET_HDR, so no offload crosses to the kernel: what the PMD
 * reports as an offload it does itself, in software, before writev(), and
 * the kernel receives ordinary frames with their checksums filled
 * (ip_summed CHECKSUM_NONE: the kernel checks every one of them). That
 * makes it the one PMD here whose TX checksums, written from the offload
 * metadata libnetmem sets, are checked by a real stack on the far side
 * (af_packet's peer ignores checksums, virtio's is another DPDK process).
 *
 * What the 22.11.x PMD (the stable releases from 22.11.4, with the tap
 * checksum fixes) does with each offload:
 *
 * - TX checksum (IPV4/TCP/UDP_CKSUM): kept. Computed on a stack copy of
 *   the L2-L4 headers, the payload summed segment by segment, when the
 *   queue was set up with any checksum offload. The L4 header must be in
 *   the first segment (else the packet is refused) and the IPv4 header
 *   checksum is written only for RTE_MBUF_F_TX_IP_CKSUM. CHECKSUM_PARTIAL
 *   maps onto it as on a NIC, IPv4 and IPv6, also for the segments of
 *   libnetmem's software GSO.
 * - TSO (TCP_TSO): kept, for TCP over IPv4 within the PMD's limits. The
 *   PMD cuts TSO packets with librte_gso, whose header mbufs take every
 *   ol_flags bit of the packet's first mbuf, RTE_MBUF_F_EXTERNAL
 *   included: were that first mbuf one of libnetmem's external-buffer
 *   segments (a head whose page the skb does not own alone), the PMD
 *   would free a direct mbuf marked external with no shared info and
 *   crash (rte_pktmbuf_free_bulk() in its TX burst; still so in DPDK's
 *   lib/gso). So the caps set tx_tso_direct_head: lib/port copies the
 *   headers of such a TSO packet into a direct mbuf of its own, chained
 *   before the rest of the head and the frags, which stay zero-copy
 *   (tx_tso_head_copy counts them). A head that is a page's own mbuf
 *   (moved) is direct already.
 *   The PMD's other limits, stated by nm_tap_tso_ok() and applied per
 *   skb by nm_tap_features_check() (the kernel's ndo_features_check):
 *   gso_size plus every header, the Ethernet one included, at most the
 *   port MTU (a sender at the same MTU is refused: its segments need a
 *   port MTU 14 bytes above its own), 64 segments, 128 bytes of headers,
 *   IPv4 only (an IPv6 packet would go out whole). A packet outside them
 *   is segmented by libnetmem (tx_gso_sw), never handed to the PMD's TSO,
 *   which would stop the burst at it and count it in its oerrors.
 *   UDP and tunnel TSO are not used (NM_TAP_TX_STRIP).
 * - RX checksum: verified in software by the PMD (single-segment packets
 *   only), RTE_MBUF_F_RX_*_CKSUM_GOOD becoming CHECKSUM_UNNECESSARY.
 * - RX scatter, multi-segment TX: one readv()/writev() per packet over
 *   the chain; writev() takes IOV_MAX iovecs, two of them the PMD's.
 * - No VLAN offload, no buffer split, no DMA (the kernel copies).
 */
#include <rte_ether.h>
#include <rte_tcp.h>

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

netdev_features_t nm_tap_features_check(uint16_t port_id, const struct sk_buff *skb,
					netdev_features_t features)
{
	const netdev_features_t tso = NETIF_F_TSO | NETIF_F_TSO6;
	const struct rte_tcp_hdr *th;
	unsigned int thoff;
	uint16_t mtu;

	if (!(skb_shinfo(skb)->gso_type & SKB_GSO_TCPV4) ||
	    skb->protocol != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) ||
	    !skb_transport_header_was_set(skb) || skb_transport_offset(skb) <= 0 ||
	    rte_eth_dev_get_mtu(port_id, &mtu) != 0)
		return features & ~tso;
	thoff = (unsigned int)skb_transport_offset(skb);
	if (thoff + sizeof(*th) > skb_headlen(skb))
		return features & ~tso;
	th = (const struct rte_tcp_hdr *)skb_transport_header(skb);
	if (!nm_tap_tso_ok(mtu, thoff + (th->data_off >> 4) * 4u, skb_shinfo(skb)->gso_size,
			   skb->len))
		return features & ~tso;
	return features;
}

static void tap_caps(uint16_t port_id, const struct rte_eth_dev_info *info,
		     struct nm_port_caps *caps)
{
	RTE_SET_USED(port_id);
	RTE_SET_USED(info);
	caps->hw_split = false;
	caps->dma_map = false;
	caps->rx_offloads &= ~(uint64_t)RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT;
	caps->tx_offloads &= ~(uint64_t)NM_TAP_TX_STRIP;
	caps->tso_max_size = (caps->tx_offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO) ?
			     NM_TAP_TSO_MAX_SIZE : 0;
	caps->tx_tso_direct_head = true;
	if (caps->tx_max_segs == 0 || caps->tx_max_segs > NM_TAP_TX_MAX_SEGS)
		caps->tx_max_segs = NM_TAP_TX_MAX_SEGS;
}

struct nm_net_driver nm_net_drv_tap = {
	.name = "net_tap",
	.caps = tap_caps,
	.features_check = nm_tap_features_check,
};
NM_NET_DRIVER_REGISTER(nm_net_drv_tap)
