/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 5tswap mode: swaps the Ethernet addresses, the IPv4 or IPv6 addresses
 * and the TCP or UDP ports of every packet, in place, as testpmd's 5tswap
 * engine: a reply of the same 5-tuple, back where it came from. The
 * checksums stay right without being touched (the same 16-bit words in
 * another order). One 802.1Q tag is skipped; a non-IP packet has only its
 * Ethernet addresses swapped, a later IPv4 fragment only up to L3.
 * Counters: swap_l3, swap_l4 (packets whose addresses / ports were swapped).
 */
#include <rte_byteorder.h>
#include <rte_ip.h>

#include "fwd.h"

/* Source and destination port: the first 4 bytes of TCP and UDP alike. */
struct l4_ports {
	rte_be16_t src, dst;
};

static void swap_bytes(uint8_t *a, uint8_t *b, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++) {
		uint8_t t = a[i];

		a[i] = b[i];
		b[i] = t;
	}
}

static void swap_one(struct fwd_stream *fs, struct sk_buff *skb, struct rte_ether_hdr *eth)
{
	unsigned int l2 = RTE_ETHER_HDR_LEN, l3len;
	rte_be16_t type = eth->ether_type;
	struct rte_ether_addr mac;
	struct l4_ports *l4;
	uint8_t proto, *p;

	rte_ether_addr_copy(&eth->src_addr, &mac);
	rte_ether_addr_copy(&eth->dst_addr, &eth->src_addr);
	rte_ether_addr_copy(&mac, &eth->dst_addr);
	if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN)) {
		if (!pskb_may_pull(skb, l2 + sizeof(struct rte_vlan_hdr)))
			return;
		type = ((const struct rte_vlan_hdr *)(skb->data + l2))->eth_proto;
		l2 += sizeof(struct rte_vlan_hdr);
	}
	if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4)) {
		struct rte_ipv4_hdr *ip;

		if (!pskb_may_pull(skb, l2 + sizeof(*ip)))
			return;
		ip = (struct rte_ipv4_hdr *)(skb->data + l2);
		l3len = rte_ipv4_hdr_len(ip);
		if ((ip->version_ihl >> 4) != 4 || l3len < sizeof(*ip))
			return;
		swap_bytes((uint8_t *)&ip->src_addr, (uint8_t *)&ip->dst_addr, 4);
		fs->c.swap_l3++;
		if (rte_be_to_cpu_16(ip->fragment_offset) & RTE_IPV4_HDR_OFFSET_MASK)
			return;		/* no L4 header in a later fragment */
		proto = ip->next_proto_id;
	} else if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6)) {
		struct rte_ipv6_hdr *ip6;

		if (!pskb_may_pull(skb, l2 + sizeof(*ip6)))
			return;
		ip6 = (struct rte_ipv6_hdr *)(skb->data + l2);
		swap_bytes(ip6->src_addr, ip6->dst_addr, sizeof(ip6->src_addr));
		fs->c.swap_l3++;
		l3len = sizeof(*ip6);
		proto = ip6->proto;	/* extension headers: ports left alone */
	} else {
		return;
	}
	if ((proto != IPPROTO_TCP && proto != IPPROTO_UDP) ||
	    !pskb_may_pull(skb, l2 + l3len + sizeof(*l4)))
		return;
	p = skb->data;
	l4 = (struct l4_ports *)(p + l2 + l3len);
	swap_bytes((uint8_t *)&l4->src, (uint8_t *)&l4->dst, sizeof(l4->src));
	fs->c.swap_l4++;
}

static void tswap_burst(struct fwd_stream *fs, struct sk_buff **skbs)
{
	uint16_t nb = fwd_rx(fs, skbs, (uint16_t)fwd_cfg.burst), n = 0;

	for (uint16_t i = 0; i < nb; i++) {
		struct sk_buff *skb = skbs[i];
		struct rte_ether_hdr *eth = fwd_eth_hdr(skb);

		if (unlikely(eth == NULL)) {
			fwd_drop(fs, skb, NM_DROP_TX_BAD);
			continue;
		}
		swap_one(fs, skb, eth);
		skbs[n++] = skb;
	}
	fwd_tx(fs, skbs, n);
}

const struct fwd_engine fwd_5tswap_engine = {
	.name = "5tswap",
	.help = "swap Ethernet, IPv4/IPv6 addresses and TCP/UDP ports (L2-L4)",
	.burst = tswap_burst,
};
