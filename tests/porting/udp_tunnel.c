// SPDX-License-Identifier: BSD-3-Clause
/*
 * A small UDP encapsulation in the style of the kernel's tunnel drivers
 * (vxlan/fou): transmit makes room with skb_cow_head(), pushes an 8-byte
 * tunnel header, UDP and IPv4 headers, sets the inner header offsets and
 * either leaves the outer UDP checksum to the device (CHECKSUM_PARTIAL over
 * the pseudo header) or computes it; receive validates the outer headers
 * and checksum, pulls them with skb_pull_rcsum() and hands back the inner
 * Ethernet frame.
 *
 * Only the kernel's include lines: this is the code a porter brings.
 */
#include <linux/errno.h>
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "porting.h"

#define TUN_HLEN	8	/* flags(1) rsvd(3) vni(3) rsvd(1), as VXLAN */
#define TUN_FLAG_VNI	0x08

struct tunhdr {
	u8 flags;
	u8 rsvd0[3];
	__be32 vni;	/* vni << 8 */
};

static void tun_build_udp(struct sk_buff *skb, const struct tun_cfg *cfg, bool csum_offload)
{
	struct udphdr *uh;
	int len = skb->len;

	__skb_push(skb, sizeof(*uh));
	skb_reset_transport_header(skb);
	uh = udp_hdr(skb);
	uh->source = cfg->sport;
	uh->dest = cfg->dport;
	uh->len = htons(len + sizeof(*uh));
	uh->check = 0;

	if (csum_offload) {
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = offsetof(struct udphdr, check);
		uh->check = ~csum_tcpudp_magic(cfg->saddr, cfg->daddr, skb->len, IPPROTO_UDP, 0);
	} else {
		__wsum csum = skb_checksum(skb, 0, skb->len, 0);

		uh->check = csum_tcpudp_magic(cfg->saddr, cfg->daddr, skb->len, IPPROTO_UDP, csum);
		if (uh->check == 0)
			uh->check = CSUM_MANGLED_0;
		skb->ip_summed = CHECKSUM_NONE;
	}
}

static void tun_build_ip(struct sk_buff *skb, const struct tun_cfg *cfg)
{
	struct iphdr *iph;

	__skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) >> 2;
	iph->tos = 0;
	iph->tot_len = htons(skb->len);
	iph->id = htons(cfg->ip_id);
	iph->frag_off = htons(IP_DF);
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = cfg->saddr;
	iph->daddr = cfg->daddr;
	ip_send_check(iph);
}

/*
 * Encapsulates the Ethernet frame in @skb (data at its MAC header) and
 * prepends the outer Ethernet header. 0, or -ENOMEM with @skb freed.
 */
int tun_xmit(struct sk_buff *skb, const struct tun_cfg *cfg, bool csum_offload)
{
	unsigned int min_headroom = ETH_HLEN + sizeof(struct iphdr) +
				    sizeof(struct udphdr) + TUN_HLEN;
	struct tunhdr *th;
	struct ethhdr *eth;
	int err;

	err = skb_cow_head(skb, min_headroom);
	if (unlikely(err)) {
		kfree_skb(skb);
		return err;
	}

	skb_reset_inner_headers(skb);
	skb_set_inner_protocol(skb, htons(ETH_P_TEB));
	skb->encapsulation = 1;

	th = __skb_push(skb, sizeof(*th));
	memset(th, 0, sizeof(*th));
	th->flags = TUN_FLAG_VNI;
	th->vni = htonl(cfg->vni << 8);

	tun_build_udp(skb, cfg, csum_offload);
	tun_build_ip(skb, cfg);

	eth = skb_push(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	ether_addr_copy(eth->h_dest, cfg->dmac);
	ether_addr_copy(eth->h_source, cfg->smac);
	eth->h_proto = htons(ETH_P_IP);
	skb->protocol = htons(ETH_P_IP);
	return 0;
}

/*
 * Receives an encapsulated packet whose data is at the outer IPv4 header
 * (eth_type_trans() already pulled the outer Ethernet header). Returns the
 * inner frame (data at its MAC header) or NULL with @skb dropped: not ours,
 * bad header, bad checksum.
 */
struct sk_buff *tun_rcv(struct sk_buff *skb, u32 vni)
{
	const struct iphdr *iph;
	struct udphdr *uh;
	struct tunhdr *th;
	unsigned int ihl;

	if (!pskb_may_pull(skb, sizeof(*iph)))
		goto drop;
	iph = ip_hdr(skb);
	ihl = iph->ihl * 4;
	if (iph->version != 4 || ihl < sizeof(*iph) || iph->protocol != IPPROTO_UDP)
		goto drop;
	if (!pskb_may_pull(skb, ihl + sizeof(*uh) + TUN_HLEN))
		goto drop;
	iph = ip_hdr(skb);
	if (ip_fast_csum((const u8 *)iph, iph->ihl))
		goto drop;
	if (pskb_trim_rcsum(skb, ntohs(iph->tot_len)))
		goto drop;

	skb_pull_rcsum(skb, ihl);
	skb_reset_transport_header(skb);
	uh = udp_hdr(skb);
	if (ntohs(uh->len) != skb->len)
		goto drop;
	if (uh->check &&
	    skb_checksum_init(skb, IPPROTO_UDP, inet_compute_pseudo))
		goto drop;
	if (uh->check && skb_checksum_complete(skb))
		goto drop;

	th = (struct tunhdr *)(uh + 1);
	if (!(th->flags & TUN_FLAG_VNI) || ntohl(th->vni) >> 8 != vni)
		goto drop;

	skb_pull_rcsum(skb, sizeof(*uh) + TUN_HLEN);
	skb_reset_mac_header(skb);
	skb->encapsulation = 0;
	return skb;

drop:
	kfree_skb_reason(skb, SKB_DROP_REASON_NOT_SPECIFIED);
	return NULL;
}
