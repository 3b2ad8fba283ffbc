/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * csum mode: checks the IPv4 header checksum and the TCP/UDP checksum of
 * every packet and repairs what is wrong, as testpmd's csum engine.
 *
 *  - IPv4 header: verified in software unless the port's RX offload said
 *    the packet is good (CHECKSUM_UNNECESSARY); a bad one is rewritten.
 *  - TCP/UDP: verified with skb_checksum() over the pseudo-header and the
 *    L4 bytes (linear part and frags). Where the TX port offloads L4
 *    checksums the skb leaves CHECKSUM_PARTIAL (pseudo-header in the check
 *    field) and the NIC writes it; where it cannot, a bad checksum is
 *    rewritten here in software. A UDP checksum of 0 means "none" and stays.
 *  - device memory: the L4 payload cannot be read: counted, left alone.
 *
 * Counted: not_ipv4, ip_bad, l4_bad, l4_none, fixed (packets with a checksum
 * rewritten), csum_sw (L4 checksums computed here), csum_hw (left to the
 * port), csum_unreadable. No packet is dropped for a bad checksum.
 */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "fwd.h"

/* Sum of the IPv4 pseudo-header of @l4len bytes of @proto. */
static __wsum pseudo_sum(const struct rte_ipv4_hdr *ip, uint8_t proto, uint16_t l4len)
{
	struct {
		rte_be32_t src, dst;
		uint8_t zero, proto;
		rte_be16_t len;
	} __rte_packed ph = { ip->src_addr, ip->dst_addr, 0, proto, rte_cpu_to_be_16(l4len) };

	return csum_partial(&ph, sizeof(ph), 0);
}

/* The L4 checksum field at @p, which need not be 2-byte aligned. */
static inline __sum16 check_get(const uint8_t *p)
{
	__sum16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void check_set(uint8_t *p, __sum16 v)
{
	memcpy(p, &v, sizeof(v));
}

static void csum_one(struct fwd_stream *fs, struct sk_buff *skb)
{
	unsigned int nh = skb->mac_len, ihl, thoff, l4len, l4hdr, coff;
	struct rte_ipv4_hdr *ip;
	bool fixed = false, bad;
	uint8_t proto;
	uint8_t *check;		/* any alignment: the PMD chose data_off */
	__wsum ps;

	if (skb->protocol != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) ||
	    !pskb_may_pull(skb, nh + sizeof(*ip)))
		goto not_ipv4;
	ip = (struct rte_ipv4_hdr *)(skb->data + nh);
	ihl = rte_ipv4_hdr_len(ip);
	if ((ip->version_ihl >> 4) != 4 || ihl < sizeof(*ip) || !pskb_may_pull(skb, nh + ihl))
		goto not_ipv4;
	if (unlikely(skb_header_cloned(skb)) && skb_cow_head(skb, 0) != 0)
		goto not_ipv4;
	ip = (struct rte_ipv4_hdr *)(skb->data + nh);	/* the head may have moved */
	skb_set_network_header(skb, (int)nh);

	if (skb->ip_summed != CHECKSUM_UNNECESSARY && rte_raw_cksum(ip, ihl) != 0xffff) {
		fs->c.ip_bad++;
		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
		fixed = true;
	}

	/* L4 of unfragmented TCP/UDP whose length fits the packet. */
	proto = ip->next_proto_id;
	thoff = nh + ihl;
	l4len = rte_be_to_cpu_16(ip->total_length) - ihl;
	if ((proto != IPPROTO_TCP && proto != IPPROTO_UDP) ||
	    (ip->fragment_offset & rte_cpu_to_be_16(RTE_IPV4_HDR_MF_FLAG |
						    RTE_IPV4_HDR_OFFSET_MASK)) != 0 ||
	    rte_be_to_cpu_16(ip->total_length) < ihl || thoff + l4len > skb->len)
		goto out;
	l4hdr = proto == IPPROTO_TCP ? sizeof(struct rte_tcp_hdr) : sizeof(struct rte_udp_hdr);
	coff = proto == IPPROTO_TCP ? offsetof(struct rte_tcp_hdr, cksum) :
				      offsetof(struct rte_udp_hdr, dgram_cksum);
	if (l4len < l4hdr || !pskb_may_pull(skb, thoff + l4hdr))
		goto out;
	ip = (struct rte_ipv4_hdr *)(skb->data + nh);
	skb_set_transport_header(skb, (int)thoff);
	check = skb->data + thoff + coff;
	if (proto == IPPROTO_UDP && check_get(check) == 0) {
		fs->c.l4_none++;
		goto out;
	}
	if (skb->unreadable) {
		fs->c.csum_unreadable++;
		goto out;
	}
	ps = pseudo_sum(ip, proto, (uint16_t)l4len);
	/* CHECKSUM_PARTIAL on RX: the sender left the sum to the device and
	 * the data is intact (virtio's NEEDS_CSUM); TX finishes it. */
	bad = skb->ip_summed != CHECKSUM_UNNECESSARY && skb->ip_summed != CHECKSUM_PARTIAL &&
	      csum_fold(skb_checksum(skb, (int)thoff, (int)l4len, ps)) != 0;
	fs->c.l4_bad += bad;
	if (fs->tx_features & NETIF_F_IP_CSUM) {
		/* The port writes it: the pseudo-header sum in the field, as
		 * the kernel's CHECKSUM_PARTIAL and DPDK's offload both want. */
		check_set(check, (__sum16)~csum_fold(ps));
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = (__u16)(skb_headroom(skb) + thoff);
		skb->csum_offset = (__u16)coff;
		fs->c.csum_hw++;
		fixed |= bad;
	} else if (bad) {
		__sum16 sum;

		check_set(check, 0);
		sum = csum_fold(skb_checksum(skb, (int)thoff, (int)l4len, ps));
		if (proto == IPPROTO_UDP && sum == 0)
			sum = 0xffff;
		check_set(check, sum);
		fs->c.csum_sw++;
		fixed = true;
	}
out:
	fs->c.fixed += fixed;
	return;
not_ipv4:
	fs->c.not_ipv4++;
}

static void csum_burst(struct fwd_stream *fs, struct sk_buff **skbs)
{
	uint16_t nb = fwd_rx(fs, skbs, (uint16_t)fwd_cfg.burst);

	for (uint16_t i = 0; i < nb; i++)
		csum_one(fs, skbs[i]);
	fwd_tx(fs, skbs, nb);
}

const struct fwd_engine fwd_csum_engine = {
	.name = "csum",
	.help = "verify and repair IPv4/TCP/UDP checksums (offloaded where the port can)",
	.port_flags = NM_PORT_F_RX_CSUM | NM_PORT_F_TX_CSUM | NM_PORT_F_OPTIONAL,
	.burst = csum_burst,
};
