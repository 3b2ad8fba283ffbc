/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to drivers/net/tap and its tests: what net_tap (DPDK 22.11.x)
 * really does with the TSO and checksum offloads it reports.
 */
#ifndef NM_TAP_H
#define NM_TAP_H

#include <stdbool.h>
#include <stdint.h>

#include <netmem/port_driver.h>

/** Most iovecs one writev() takes on Linux (UIO_MAXIOV). */
#define NM_TAP_IOV_MAX		1024u
/** The PMD writes one packet with writev(): a tun_pi header, a copy of
 *  the L2-L4 headers when it fills a checksum, then one iovec per
 *  segment; past IOV_MAX the write fails and the packet is lost. */
#define NM_TAP_TX_MAX_SEGS	(NM_TAP_IOV_MAX - 2u)

/** TX offloads the PMD may report but libnetmem does not use (it sends
 *  only TCP by TSO, never UDP or tunnels). */
#define NM_TAP_TX_STRIP		(RTE_ETH_TX_OFFLOAD_UDP_TSO |					\
				 RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO |				\
				 RTE_ETH_TX_OFFLOAD_GRE_TNL_TSO)

/** Largest TSO packet libnetmem hands the PMD: an IPv4 packet's total
 *  length bounds it (nm_tap_tso_ok() then bounds the segment count). */
#define NM_TAP_TSO_MAX_SIZE	65535u

/** Most packets librte_gso makes of one TSO packet in the PMD (its
 *  MAX_GSO_MBUFS): a packet needing more is refused whole. */
#define NM_TAP_GSO_MAX_SEGS	64u
/** Data room of the PMD's GSO header mbufs (TAP_GSO_MBUF_SEG_SIZE):
 *  each segment's copied L2-L4 headers must fit. */
#define NM_TAP_GSO_HDR_MAX	128u

/**
 * Whether the 22.11 PMD segments a TSO packet rather than refusing it
 * (tap_features_check() sends the others to libnetmem's software GSO):
 * @p hdr_len bytes of L2-L4 headers, @p gso_size payload bytes per
 * segment, @p len bytes in all, on a port whose MTU is @p mtu. The PMD
 * compares gso_size plus all the headers, the Ethernet one included, with
 * the MTU (so a kernel sender at the same MTU, whose segments fill the
 * MTU without the Ethernet header, is refused: the port needs an MTU 14
 * bytes above the sender's, and the PMD's largest is 1504), wants the
 * headers in one GSO mbuf and at most NM_TAP_GSO_MAX_SEGS segments.
 *
 * @param mtu the port's MTU (rte_eth_dev_get_mtu())
 * @param hdr_len L2 + L3 + L4 header bytes
 * @param gso_size TCP payload bytes per segment (skb_shinfo()->gso_size)
 * @param len the packet's length, headers included
 * @return true when the PMD segments it (or sends it as one packet when
 *	   it needs no segmenting), false when it refuses it
 */
bool nm_tap_tso_ok(uint16_t mtu, unsigned int hdr_len, unsigned int gso_size,
		   unsigned int len);

/**
 * The driver's features_check hook (struct nm_net_driver): @p features
 * without NETIF_F_TSO and NETIF_F_TSO6 unless @p skb is a TCP/IPv4 GSO
 * skb whose headers are in its linear part and that nm_tap_tso_ok()
 * accepts at port @p port_id's MTU (IPv6 the PMD would send whole).
 *
 * @param port_id the tap port (its MTU: rte_eth_dev_get_mtu())
 * @param skb a GSO skb, data at the Ethernet header
 * @param features the port's NETIF_F_*
 * @return @p features, less TSO when the PMD cannot segment @p skb
 */
netdev_features_t nm_tap_features_check(uint16_t port_id, const struct sk_buff *skb,
					netdev_features_t features);

extern struct nm_net_driver nm_net_drv_tap;

#endif /* NM_TAP_H */
