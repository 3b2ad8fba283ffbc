/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * gso mode: io forwarding, except that a packet longer than the TX port's
 * MTU becomes a GSO skb (gso_size = MTU - IP and L4 headers, gso_type from
 * the L4 protocol: SKB_GSO_TCPV4/TCPV6 or SKB_GSO_UDP_L4) and is cut into
 * MTU-sized packets:
 *  - by the port (TSO) for TCP where it has it: nm_tx_burst() sends the GSO
 *    skb as one TSO chain;
 *  - else by skb_gso_segment() here, with the port's features (SG: the
 *    segments share the frags, nothing is copied; checksum offload: the
 *    segments leave CHECKSUM_PARTIAL). The original is consumed once it
 *    has been segmented.
 * A packet that cannot be segmented (not TCP/UDP over IPv4/IPv6, device
 * memory whose checksum cannot be computed) is dropped and counted.
 * Counters: gso_skbs (segmented here), gso_segs (segments made), gso_tso
 * (left to the port), gso_drops; each segment beyond the first counts as
 * generated, so rx + generated = tx + dropped still holds.
 */
#include <errno.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "fwd.h"

/* The L3 + L4 header length of @skb and its GSO type; 0 when it has none
 * this mode can segment. */
static unsigned int gso_headers(struct sk_buff *skb, unsigned int *type)
{
	unsigned int nh = skb->mac_len, l3, l4;
	uint8_t proto;
	bool v6;

	if (skb->protocol == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4)) {
		const struct rte_ipv4_hdr *ip;

		if (!pskb_may_pull(skb, nh + sizeof(*ip)))
			return 0;
		ip = (const void *)(skb->data + nh);
		l3 = rte_ipv4_hdr_len(ip);
		/* IHL < 5 (or another version) is no IPv4 header: rejected
		 * before l3 is used as an offset */
		if ((ip->version_ihl >> 4) != 4 || l3 < sizeof(*ip) ||
		    !pskb_may_pull(skb, nh + l3))
			return 0;
		proto = ip->next_proto_id;
		v6 = false;
	} else if (skb->protocol == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6)) {
		const struct rte_ipv6_hdr *ip6;

		if (!pskb_may_pull(skb, nh + sizeof(*ip6)))
			return 0;
		ip6 = (const void *)(skb->data + nh);
		if ((*(const uint8_t *)ip6 >> 4) != 6)
			return 0;
		l3 = sizeof(*ip6);
		proto = ip6->proto;
		v6 = true;
	} else {
		return 0;
	}
	if (proto == IPPROTO_TCP) {
		const struct rte_tcp_hdr *th;

		if (!pskb_may_pull(skb, nh + l3 + sizeof(*th)))
			return 0;
		th = (const void *)(skb->data + nh + l3);
		l4 = (unsigned int)(th->data_off >> 4) * 4;
		if (l4 < sizeof(*th))
			return 0;	/* data offset < 5 */
		*type = v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4;
	} else if (proto == IPPROTO_UDP) {
		l4 = sizeof(struct rte_udp_hdr);
		*type = SKB_GSO_UDP_L4;
	} else {
		return 0;
	}
	return l3 + l4;
}

/* Adds @skb (or its segments) to @out; sends @out when it fills. */
static void gso_one(struct fwd_stream *fs, struct sk_buff *skb, struct sk_buff **out,
		    uint16_t *nout)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int mtu = fs->tx_mtu, hdrs, type = 0, mss, payload;
	struct sk_buff *segs, *s, *next;
	uint64_t n = 0;

	if (skb->len <= skb->mac_len + mtu || skb_is_gso(skb))
		goto send;
	hdrs = gso_headers(skb, &type);
	if (hdrs == 0 || hdrs + 8 > mtu || skb->len < skb->mac_len + hdrs) {
		fs->c.gso_drops++;
		fwd_drop(fs, skb, NM_DROP_TX_BAD);
		return;
	}
	mss = mtu - hdrs;
	payload = skb->len - skb->mac_len - hdrs;
	sh->gso_size = (unsigned short)mss;
	sh->gso_type = type;
	sh->gso_segs = (unsigned short)((payload + mss - 1) / mss);
	if ((type == SKB_GSO_TCPV4 && (fs->tx_features & NETIF_F_TSO)) ||
	    (type == SKB_GSO_TCPV6 && (fs->tx_features & NETIF_F_TSO6))) {
		fs->c.gso_tso++;
		goto send;	/* nm_tx_burst() sends it by TSO */
	}
	segs = skb_gso_segment(skb, fs->tx_features & ~(NETIF_F_TSO | NETIF_F_TSO6));
	if (IS_ERR_OR_NULL(segs)) {
		fs->c.gso_drops++;
		fwd_drop(fs, skb, PTR_ERR(segs) == -EIO ? NM_DROP_TX_UNREADABLE : NM_DROP_TX_BAD);
		return;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, s, next) {
		skb_mark_not_on_list(s);
		s->prev = NULL;
		if (*nout == FWD_MAX_BURST) {
			fwd_tx(fs, out, *nout);
			*nout = 0;
		}
		out[(*nout)++] = s;
		n++;
	}
	fs->c.gso_skbs++;
	fs->c.gso_segs += n;
	fs->c.generated += n - 1;
	return;
send:
	if (*nout == FWD_MAX_BURST) {
		fwd_tx(fs, out, *nout);
		*nout = 0;
	}
	out[(*nout)++] = skb;
}

static void gso_burst(struct fwd_stream *fs, struct sk_buff **skbs)
{
	struct sk_buff *out[FWD_MAX_BURST];
	uint16_t nb = fwd_rx(fs, skbs, (uint16_t)fwd_cfg.burst), nout = 0;

	for (uint16_t i = 0; i < nb; i++)
		gso_one(fs, skbs[i], out, &nout);
	fwd_tx(fs, out, nout);
}

const struct fwd_engine fwd_gso_engine = {
	.name = "gso",
	.help = "segment packets longer than the MTU (TSO where the port has it)",
	.port_flags = NM_PORT_F_TSO | NM_PORT_F_TX_CSUM | NM_PORT_F_OPTIONAL,
	.burst = gso_burst,
};
