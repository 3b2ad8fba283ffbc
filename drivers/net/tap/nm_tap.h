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

/** TX offloads the PMD reports but libnetmem does not use: its TSO
 *  (librte_gso) crashes on a first mbuf with an external buffer. */
#define NM_TAP_TX_STRIP		(RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_UDP_TSO |	\
				 RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO |				\
				 RTE_ETH_TX_OFFLOAD_GRE_TNL_TSO)

/** Most packets librte_gso makes of one TSO packet in the PMD (its
 *  MAX_GSO_MBUFS): a packet needing more is refused whole. */
#define NM_TAP_GSO_MAX_SEGS	64u
/** Data room of the PMD's GSO header mbufs (TAP_GSO_MBUF_SEG_SIZE):
 *  each segment's copied L2-L4 headers must fit. */
#define NM_TAP_GSO_HDR_MAX	128u

/**
 * Whether the 22.11 PMD segments a TSO packet rather than refusing it
 * (TSO is not offered, NM_TAP_TX_STRIP: these are the rules a port using
 * it would have to keep besides a direct first mbuf):
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

extern struct nm_net_driver nm_net_drv_tap;

#endif /* NM_TAP_H */
