/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the tests that build skbs of many shapes by hand. */
#ifndef NM_TEST_SKB_UTIL_H
#define NM_TEST_SKB_UTIL_H

#include <netmem/skbuff.h>

/* Appends @child to @skb's frag_list with length accounting (tests/lib). */
void add_child(struct sk_buff *skb, struct sk_buff **last, struct sk_buff *child);

/* The marks the stack leaves on a TCP/IPv4 GSO skb whose frame starts at
 * data (@l2 bytes of link header, a 20-byte IPv4 header): mac, network and
 * transport headers, gso_size @mss, SKB_GSO_TCPV4, CHECKSUM_PARTIAL on the
 * TCP check field. The frame's bytes are the caller's. */
static inline void t_mark_tcp4_gso(struct sk_buff *skb, unsigned int l2, unsigned int mss)
{
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, (int)l2);
	skb_set_transport_header(skb, (int)l2 + 20);
	skb_shinfo(skb)->gso_size = (unsigned short)mss;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + l2 + 20);
	skb->csum_offset = 16;
}

#endif /* NM_TEST_SKB_UTIL_H */
