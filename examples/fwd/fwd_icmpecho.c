/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * icmpecho mode: answers ARP requests and ICMP echo requests, as testpmd's
 * icmpecho engine; every other packet is consumed (freed, counted).
 *
 *  - ARP request (Ethernet/IPv4): becomes the reply in place: Ethernet
 *    destination := the asker, source := the TX port's address; opcode
 *    reply; target hardware address := the sender's, sender hardware
 *    address := the TX port's; sender and target IPv4 addresses swapped.
 *  - ICMP echo request (IPv4, code 0): Ethernet addresses swapped; IPv4
 *    source and destination swapped (the header checksum stays right: the
 *    same words in another order); to a multicast destination the reply
 *    comes from the request's source with its two low bits changed (01 or
 *    10) and the header checksum is recomputed; ICMP type 0 with the ICMP
 *    checksum updated incrementally (RFC 1624: the request's checksum is
 *    trusted, as testpmd does).
 *  - one 802.1Q tag in the frame is kept and skipped.
 *
 * Replies leave on the stream's TX port (the peer port in the paired
 * topology): --port-topology=loop answers on the port that asked.
 */
#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_icmp.h>
#include <rte_ip.h>

#include "fwd.h"

/* Ones' complement update of @check when the 16-bit word @from becomes @to
 * (all in network order): ~(~check + ~from + to). */
static uint16_t csum_update16(uint16_t check, uint16_t from, uint16_t to)
{
	uint32_t s = (uint16_t)~rte_be_to_cpu_16(check);

	s += (uint16_t)~rte_be_to_cpu_16(from);
	s += rte_be_to_cpu_16(to);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return rte_cpu_to_be_16((uint16_t)~s);
}

/* The headers of @skb up to @len bytes, linear and writable, or NULL. */
static uint8_t *hdrs(struct sk_buff *skb, unsigned int len)
{
	return pskb_may_pull(skb, len) ? skb->data : NULL;
}

static bool arp_reply(struct fwd_stream *fs, struct sk_buff *skb, unsigned int l2)
{
	const struct rte_ether_addr *me = fwd_port_addr(fs->tx_port);
	uint8_t *p = hdrs(skb, l2 + sizeof(struct rte_arp_hdr));
	struct rte_ether_hdr *eth;
	struct rte_arp_hdr *arp;
	rte_be32_t ip;

	if (p == NULL)
		return false;
	eth = (struct rte_ether_hdr *)p;
	arp = (struct rte_arp_hdr *)(p + l2);
	if (arp->arp_hardware != rte_cpu_to_be_16(RTE_ARP_HRD_ETHER) ||
	    arp->arp_protocol != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) ||
	    arp->arp_hlen != RTE_ETHER_ADDR_LEN || arp->arp_plen != sizeof(rte_be32_t) ||
	    arp->arp_opcode != rte_cpu_to_be_16(RTE_ARP_OP_REQUEST))
		return false;
	rte_ether_addr_copy(&eth->src_addr, &eth->dst_addr);
	rte_ether_addr_copy(me, &eth->src_addr);
	arp->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REPLY);
	rte_ether_addr_copy(&arp->arp_data.arp_sha, &arp->arp_data.arp_tha);
	rte_ether_addr_copy(me, &arp->arp_data.arp_sha);
	ip = arp->arp_data.arp_sip;
	arp->arp_data.arp_sip = arp->arp_data.arp_tip;
	arp->arp_data.arp_tip = ip;
	fs->c.arp_replies++;
	return true;
}

static bool echo_reply(struct fwd_stream *fs, struct sk_buff *skb, unsigned int l2)
{
	uint8_t *p = hdrs(skb, l2 + sizeof(struct rte_ipv4_hdr));
	struct rte_ether_hdr *eth;
	struct rte_ipv4_hdr *ip;
	struct rte_icmp_hdr *icmp;
	struct rte_ether_addr mac;
	unsigned int ihl;
	rte_be32_t src;

	if (p == NULL)
		return false;
	ip = (struct rte_ipv4_hdr *)(p + l2);
	ihl = rte_ipv4_hdr_len(ip);
	if ((ip->version_ihl >> 4) != 4 || ihl < sizeof(*ip) || ip->next_proto_id != IPPROTO_ICMP)
		return false;
	p = hdrs(skb, l2 + ihl + sizeof(*icmp));	/* the head may move */
	if (p == NULL)
		return false;
	eth = (struct rte_ether_hdr *)p;
	ip = (struct rte_ipv4_hdr *)(p + l2);
	icmp = (struct rte_icmp_hdr *)(p + l2 + ihl);
	if (icmp->icmp_type != RTE_IP_ICMP_ECHO_REQUEST || icmp->icmp_code != 0)
		return false;

	rte_ether_addr_copy(&eth->src_addr, &mac);
	rte_ether_addr_copy(&eth->dst_addr, &eth->src_addr);
	rte_ether_addr_copy(&mac, &eth->dst_addr);
	src = ip->src_addr;
	if ((rte_be_to_cpu_32(ip->dst_addr) >> 28) == 0xe) {	/* 224.0.0.0/4 */
		uint32_t a = rte_be_to_cpu_32(src);

		a = (a & ~3u) | ((a & 3u) == 1 ? 2u : 1u);
		ip->src_addr = rte_cpu_to_be_32(a);
		ip->dst_addr = src;
		ip->hdr_checksum = 0;
		ip->hdr_checksum = (uint16_t)~rte_raw_cksum(ip, ihl);
	} else {
		ip->src_addr = ip->dst_addr;
		ip->dst_addr = src;
	}
	icmp->icmp_type = RTE_IP_ICMP_ECHO_REPLY;
	icmp->icmp_cksum = csum_update16(icmp->icmp_cksum,
					 rte_cpu_to_be_16(RTE_IP_ICMP_ECHO_REQUEST << 8),
					 rte_cpu_to_be_16(RTE_IP_ICMP_ECHO_REPLY << 8));
	fs->c.echo_replies++;
	return true;
}

static void icmpecho_burst(struct fwd_stream *fs, struct sk_buff **skbs)
{
	uint16_t nb = fwd_rx(fs, skbs, (uint16_t)fwd_cfg.burst), n = 0;

	for (uint16_t i = 0; i < nb; i++) {
		struct sk_buff *skb = skbs[i];
		struct rte_ether_hdr *eth = fwd_eth_hdr(skb);
		unsigned int l2 = RTE_ETHER_HDR_LEN;
		rte_be16_t type;
		bool reply = false;

		if (likely(eth != NULL)) {
			type = eth->ether_type;
			if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN)) {
				const struct rte_vlan_hdr *vh;
				uint8_t *p = hdrs(skb, l2 + sizeof(*vh));

				vh = p ? (const struct rte_vlan_hdr *)(p + l2) : NULL;
				type = vh ? vh->eth_proto : 0;
				l2 += sizeof(*vh);
			}
			if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP))
				reply = arp_reply(fs, skb, l2);
			else if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4))
				reply = echo_reply(fs, skb, l2);
		}
		if (reply) {
			skbs[n++] = skb;
			continue;
		}
		/* Neither: used up here, as testpmd frees it. */
		fs->c.echo_ignored++;
		fs->c.consumed++;
		napi_consume_skb(skb, 1);
	}
	fwd_tx(fs, skbs, n);
}

const struct fwd_engine fwd_icmpecho_engine = {
	.name = "icmpecho",
	.help = "answer ARP and ICMP echo requests, consume every other packet",
	.burst = icmpecho_burst,
};
