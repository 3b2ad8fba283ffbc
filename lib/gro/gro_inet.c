/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The protocol half of GRO: the kernel's vlan_gro_receive(),
 * inet_gro_receive()/ipv6_gro_receive(), tcp_gro_receive(),
 * udp_gro_receive_segment() and their *_gro_complete() counterparts,
 * written from the kernel's rules (net/ipv4/af_inet.c, ip6_offload.c,
 * tcp_offload.c, udp_offload.c, include/net/gro.h as of 6.18).
 *
 * Each receive step reads its header at the GRO offset (pulled into the
 * head when needed), clears same_flow on held skbs that differ in a field
 * that defines the flow, sets the skb's flush for a packet that must not
 * be merged or held, and returns the held skb whose train has to end.
 * IPv6 pulls its hop-by-hop, routing and destination options headers (the
 * kernel's ipv6_gro_pull_exthdrs()); under GRO_F_FRAGLIST, TCP and UDP
 * chain whole segments (nm_skb_gro_receive_list()) and complete them as
 * SKB_GSO_FRAGLIST, the kernel's is_flist paths.
 */
#include <netinet/in.h>

#include <rte_byteorder.h>

#include "gro_priv.h"

/* ---- helpers ------------------------------------------------------------- */

/* Pseudo-header sum of the packet's L3 header for @len L4 bytes. */
static __wsum gro_pseudo(const struct sk_buff *skb, unsigned int len, uint8_t proto)
{
	const unsigned char *nh = skb_network_header(skb);

	if (NAPI_GRO_CB(skb)->is_ipv6) {
		struct in6_addr s, d;

		memcpy(&s, nh + 8, sizeof(s));
		memcpy(&d, nh + 24, sizeof(d));
		return ~csum_unfold(csum_ipv6_magic(&s, &d, len, proto, 0));
	} else {
		__be32 s, d;

		memcpy(&s, nh + 12, sizeof(s));
		memcpy(&d, nh + 16, sizeof(d));
		return csum_tcpudp_nofold(s, d, len, proto, 0);
	}
}

/* The L4 check field value that the device or GSO completes: the
 * complemented, folded pseudo-header sum. */
static __sum16 gro_pseudo_field(const struct sk_buff *skb, unsigned int len, uint8_t proto)
{
	const unsigned char *nh = skb_network_header(skb);

	if (NAPI_GRO_CB(skb)->is_ipv6) {
		struct in6_addr s, d;

		memcpy(&s, nh + 8, sizeof(s));
		memcpy(&d, nh + 24, sizeof(d));
		return (__sum16)~csum_ipv6_magic(&s, &d, len, proto, 0);
	}
	return (__sum16)~csum_fold(gro_pseudo(skb, len, proto));
}

/*
 * The IP fields outside the flow key that must match for a merge (the
 * kernel's gro_receive_network_flush()): IPv4 TTL, TOS, DF and the id rule
 * (incrementing by one per segment, or fixed from the second segment on);
 * IPv6 traffic class and hop limit. Nonzero: flush.
 */
static int gro_network_flush(const struct sk_buff *skb, struct sk_buff *p)
{
	const unsigned char *nh = skb_network_header(skb);
	const unsigned char *nh2 = skb_network_header(p);

	if (NAPI_GRO_CB(skb)->is_ipv6) {
		uint32_t first = gro_rd32(nh) ^ gro_rd32(nh2);

		return (first & 0x0FF00000u) || nh[7] != nh2[7];
	} else {
		uint16_t id = gro_rd16(nh + 4), id2 = gro_rd16(nh2 + 4);
		uint16_t df = gro_rd16(nh + 6) & NM_IP_DF, df2 = gro_rd16(nh2 + 6) & NM_IP_DF;
		uint16_t ipid_offset = (uint16_t)(id - id2);
		uint16_t count = NAPI_GRO_CB(p)->count;

		if ((nh[8] ^ nh2[8]) | (nh[1] ^ nh2[1]) | (df ^ df2))
			return 1;
		/* The second segment decides: same id, a fixed-id train. */
		if (count == 1 && ipid_offset == 0)
			NAPI_GRO_CB(p)->ip_fixedid = 1;
		return (uint16_t)(ipid_offset ^ (count * !NAPI_GRO_CB(p)->ip_fixedid)) != 0;
	}
}

/* ---- TCP ------------------------------------------------------------------- */

static struct sk_buff *tcp_gro_receive(struct gro_node *gro, struct sk_buff_head *head,
				       struct sk_buff *skb)
{
	struct napi_gro_cb *cb = NAPI_GRO_CB(skb);
	struct sk_buff *pp = NULL, *p = NULL, *q;
	unsigned char *th, *th2;
	unsigned int thlen, len, mss = 1, i;
	uint32_t flags;
	int flush = 1;

	th = nm_gro_header(skb, 20);
	if (th == NULL)
		goto out;
	thlen = (unsigned int)(th[12] >> 4) * 4;
	if (thlen < 20 || (th = nm_gro_header(skb, thlen)) == NULL)
		goto out;
	/* No checksum work for a packet that is flushed anyway. */
	if (!cb->flush && nm_gro_checksum_validate(skb, gro_pseudo(skb, skb_gro_len(skb),
								   NM_IPPROTO_TCP)))
		goto out;

	skb_gro_pull(skb, thlen);
	skb_gro_postpull_rcsum(skb, th, thlen);
	len = skb_gro_len(skb);
	flags = gro_rd32(th + 12);

	skb_queue_walk(head, q) {
		if (!NAPI_GRO_CB(q)->same_flow)
			continue;
		if (memcmp(th, skb_transport_header(q), 4)) {
			NAPI_GRO_CB(q)->same_flow = 0;
			continue;
		}
		p = q;
		break;
	}
	/* tcp4/6_check_fraglist_gro(): fraglist when the device asks for it
	 * and no local socket takes the flow (there are none here); a train
	 * keeps the mode it started with. */
	if (unlikely(gro->flags & GRO_F_FRAGLIST)) {
		cb->is_flist = p != NULL ? NAPI_GRO_CB(p)->is_flist : 1;
		/* A GSO skb is not chained whole (libnetmem's guard). */
		if (unlikely(skb_is_gso(skb)))
			cb->flush = 1;
	}
	if (p == NULL)
		goto out_check_final;

	th2 = skb_transport_header(p);
	flush = (int)(flags & NM_TCP_FLAG_CWR);
	flush |= (int)((flags ^ gro_rd32(th2 + 12)) &
		       ~(NM_TCP_FLAG_CWR | NM_TCP_FLAG_FIN | NM_TCP_FLAG_PSH));
	flush |= gro_rd32(th + 8) != gro_rd32(th2 + 8);
	/* Options: byte for byte (same doff, else the flag word differed). */
	if (!flush)
		for (i = 20; i < thlen; i += 4)
			flush |= memcmp(th + i, th2 + i, 4) != 0;
	flush |= gro_network_flush(skb, p);

	mss = skb_shinfo(p)->gso_size;
	if (unlikely(skb_is_gso(skb)))
		flush |= mss != skb_shinfo(skb)->gso_size;
	else
		flush |= (len - 1) >= mss;
	flush |= (gro_rd32(th2 + 4) + skb_gro_len(p)) != gro_rd32(th + 4);

	if (unlikely(NAPI_GRO_CB(p)->is_flist)) {
		/* Each segment is kept whole: the whole flag word (PSH and FIN
		 * included), the checksum state and the count must match. */
		flush |= (flags ^ gro_rd32(th2 + 12)) != 0;
		flush |= skb->ip_summed != p->ip_summed;
		flush |= skb->csum_level != p->csum_level;
		flush |= NAPI_GRO_CB(p)->count >= 64;
		if (flush || nm_skb_gro_receive_list(gro, p, skb))
			mss = 1;
		goto out_check_final;
	}

	if (flush || nm_skb_gro_receive(gro, p, skb)) {
		mss = 1;
		goto out_check_final;
	}
	gro_wr32(th2 + 12, gro_rd32(th2 + 12) | (flags & (NM_TCP_FLAG_FIN | NM_TCP_FLAG_PSH)));

out_check_final:
	/* A segment shorter than the mss ends the train. */
	if (unlikely(skb_is_gso(skb)))
		flush = len != (unsigned int)cb->count * skb_shinfo(skb)->gso_size;
	else
		flush = len < mss;
	flush |= (int)(flags & (NM_TCP_FLAG_URG | NM_TCP_FLAG_PSH | NM_TCP_FLAG_RST |
				NM_TCP_FLAG_SYN | NM_TCP_FLAG_FIN));
	if (p != NULL && (!cb->same_flow || flush))
		pp = p;
out:
	cb->flush |= (flush != 0);
	return pp;
}

static void tcp_gro_complete(struct sk_buff *skb)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned char *th = skb_transport_header(skb);
	unsigned int l4len = skb->len - (unsigned int)(th - skb->data);
	__sum16 check;

	if (unlikely(NAPI_GRO_CB(skb)->is_flist)) {
		/* The segments keep their headers and checksums. */
		sh->gso_type |= SKB_GSO_FRAGLIST |
				(NAPI_GRO_CB(skb)->is_ipv6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4);
		sh->gso_segs = NAPI_GRO_CB(skb)->count;
		__skb_incr_checksum_unnecessary(skb);
		return;
	}
	check = gro_pseudo_field(skb, l4len, NM_IPPROTO_TCP);
	memcpy(th + 16, &check, sizeof(check));
	skb->csum_start = (__u16)(th - skb->head);
	skb->csum_offset = 16;
	skb->ip_summed = CHECKSUM_PARTIAL;
	sh->gso_segs = NAPI_GRO_CB(skb)->count;
	if (NAPI_GRO_CB(skb)->is_ipv6) {
		sh->gso_type |= SKB_GSO_TCPV6;
	} else {
		sh->gso_type |= SKB_GSO_TCPV4;
		if (NAPI_GRO_CB(skb)->ip_fixedid)
			sh->gso_type |= SKB_GSO_TCP_FIXEDID;
	}
	if (gro_rd32(th + 12) & NM_TCP_FLAG_CWR)
		sh->gso_type |= SKB_GSO_TCP_ECN;
}

/* ---- UDP ------------------------------------------------------------------- */

static struct sk_buff *udp_gro_receive(struct gro_node *gro, struct sk_buff_head *head,
				       struct sk_buff *skb)
{
	struct napi_gro_cb *cb = NAPI_GRO_CB(skb);
	unsigned char *uh, *uh2;
	struct sk_buff *p;
	unsigned int ulen;
	uint16_t check;
	int flush;

	uh = nm_gro_header(skb, 8);
	if (uh == NULL)
		goto flush;
	check = gro_rd16(uh + 6);
	if (!cb->flush && check != 0 &&
	    nm_gro_checksum_validate(skb, gro_pseudo(skb, skb_gro_len(skb), NM_IPPROTO_UDP)))
		goto flush;
	/* udp_gro_receive() without a socket (there are none here): fraglist
	 * GRO when the device has NETIF_F_GRO_FRAGLIST, else SKB_GSO_UDP_L4
	 * GRO when it has NETIF_F_GRO_UDP_FWD, else none. */
	if (unlikely(gro->flags & GRO_F_FRAGLIST))
		cb->is_flist = 1;
	else if (!(gro->flags & GRO_F_UDP_FWD))
		goto flush;
	/* A zero checksum has no GSO counterpart; padded packets are not
	 * handled. */
	ulen = gro_rd16(uh + 4);
	if (check == 0 || ulen <= 8 || ulen != skb_gro_len(skb))
		goto flush;
	skb_gro_pull(skb, 8);
	skb_gro_postpull_rcsum(skb, uh, 8);

	skb_queue_walk(head, p) {
		struct sk_buff *pp = NULL;
		int ret = 0;

		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		uh2 = skb_transport_header(p);
		if (memcmp(uh, uh2, 4)) {
			NAPI_GRO_CB(p)->same_flow = 0;
			continue;
		}
		/* A train of the other mode (the flags changed) ends. */
		if (unlikely(cb->is_flist != NAPI_GRO_CB(p)->is_flist)) {
			cb->flush = 1;
			return p;
		}
		flush = gro_network_flush(skb, p);
		/* A longer datagram ends the train unmerged; a shorter one is
		 * merged and ends it. */
		if (ulen > gro_rd16(uh2 + 4) || flush) {
			pp = p;
		} else if (unlikely(cb->is_flist)) {
			/* Kept whole: the checksum state must match, else the
			 * datagram goes up alone and the train stays. */
			if (skb->ip_summed != p->ip_summed || skb->csum_level != p->csum_level) {
				cb->flush = 1;
				return NULL;
			}
			ret = nm_skb_gro_receive_list(gro, p, skb);
		} else {
			ret = nm_skb_gro_receive(gro, p, skb);
		}
		if (ret || ulen != gro_rd16(uh2 + 4) || NAPI_GRO_CB(p)->count >= UDP_GRO_CNT_MAX)
			pp = p;
		return pp;
	}
	return NULL;
flush:
	cb->flush = 1;
	return NULL;
}

static void udp_gro_complete(struct sk_buff *skb)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned char *uh = skb_transport_header(skb);
	unsigned int l4len = skb->len - (unsigned int)(uh - skb->data);
	__sum16 check;

	gro_wr16(uh + 4, (uint16_t)l4len);
	if (unlikely(NAPI_GRO_CB(skb)->is_flist)) {
		/* The datagrams keep their headers and checksums. */
		sh->gso_type |= SKB_GSO_FRAGLIST | SKB_GSO_UDP_L4;
		sh->gso_segs = NAPI_GRO_CB(skb)->count;
		__skb_incr_checksum_unnecessary(skb);
		return;
	}
	check = gro_pseudo_field(skb, l4len, NM_IPPROTO_UDP);
	memcpy(uh + 6, &check, sizeof(check));
	skb->csum_start = (__u16)(uh - skb->head);
	skb->csum_offset = 6;
	skb->ip_summed = CHECKSUM_PARTIAL;
	sh->gso_segs = NAPI_GRO_CB(skb)->count;
	sh->gso_type |= SKB_GSO_UDP_L4;
}

static struct sk_buff *l4_gro_receive(struct gro_node *gro, struct sk_buff_head *head,
				      struct sk_buff *skb)
{
	if (NAPI_GRO_CB(skb)->proto == NM_IPPROTO_TCP)
		return tcp_gro_receive(gro, head, skb);
	return udp_gro_receive(gro, head, skb);
}

/* ---- IPv4 and IPv6 ---------------------------------------------------------- */

/* The IP header of @hlen bytes at @iph checked: record it, pull it and go
 * on to TCP/UDP (the common end of inet_gro_receive and ipv6_gro_receive). */
static struct sk_buff *ip_gro_pulled(struct gro_node *gro, struct sk_buff_head *head,
				     struct sk_buff *skb, const unsigned char *iph,
				     unsigned int hlen, uint8_t proto, bool ipv6)
{
	struct napi_gro_cb *cb = NAPI_GRO_CB(skb);
	unsigned int off = skb_gro_offset(skb);

	cb->proto = proto;
	cb->is_ipv6 = ipv6;
	cb->network_offset = (uint16_t)off;
	skb_set_network_header(skb, (int)off);
	skb_gro_pull(skb, hlen);
	skb_gro_postpull_rcsum(skb, iph, hlen);
	skb_set_transport_header(skb, (int)skb_gro_offset(skb));
	return l4_gro_receive(gro, head, skb);
}

static struct sk_buff *inet_gro_receive(struct gro_node *gro, struct sk_buff_head *head,
					struct sk_buff *skb)
{
	struct napi_gro_cb *cb = NAPI_GRO_CB(skb);
	unsigned int off = skb_gro_offset(skb);
	unsigned char *iph;
	struct sk_buff *p;
	int flush = 1;

	iph = nm_gro_header(skb, 20);
	if (iph == NULL)
		goto out;
	/* No options, a good header checksum, TCP or UDP. */
	if (iph[0] != 0x45 || ip_fast_csum(iph, 5) != 0)
		goto out;
	if (iph[9] != NM_IPPROTO_TCP && iph[9] != NM_IPPROTO_UDP)
		goto out;
	/* Total length = the packet (no padding); no fragment. */
	flush = gro_rd16(iph + 2) != skb_gro_len(skb) ||
		(gro_rd16(iph + 6) & ~NM_IP_DF) != 0;

	skb_queue_walk(head, p) {
		const unsigned char *iph2;

		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		iph2 = p->data + off;
		if (iph[9] != iph2[9] || memcmp(iph + 12, iph2 + 12, 8))
			NAPI_GRO_CB(p)->same_flow = 0;
	}
	cb->flush |= flush;
	return ip_gro_pulled(gro, head, skb, iph, 20, iph[9], false);
out:
	cb->flush |= flush;
	return NULL;
}

/* The IPv6 extension headers GRO pulls (the kernel's inet6_offloads with
 * INET6_PROTO_GSO_EXTHDR, hop-by-hop included since 6.8): hop-by-hop,
 * routing, destination options. */
static inline bool ipv6_gro_exthdr(uint8_t nexthdr)
{
	return nexthdr == 0 || nexthdr == 43 || nexthdr == 60;
}

/*
 * The kernel's ipv6_gro_pull_exthdrs(): walks the extension headers after
 * the fixed header (GRO offset at the IPv6 header), pulling them into the
 * head. Returns the length of the IPv6 header with them and sets *proto to
 * the header that follows (still an extension header when one is cut
 * short: no GRO then).
 */
static unsigned int ipv6_gro_exthdrs_len(struct sk_buff *skb, uint8_t *proto)
{
	unsigned int hlen = 40;

	while (ipv6_gro_exthdr(*proto)) {
		unsigned char *opth = nm_gro_header(skb, hlen + 2);
		unsigned int len;

		if (opth == NULL)
			break;
		len = ((unsigned int)opth[hlen + 1] + 1) * 8;
		opth = nm_gro_header(skb, hlen + len);
		if (opth == NULL)
			break;
		*proto = opth[hlen];
		hlen += len;
	}
	return hlen;
}

static struct sk_buff *ipv6_gro_receive(struct gro_node *gro, struct sk_buff_head *head,
					struct sk_buff *skb)
{
	struct napi_gro_cb *cb = NAPI_GRO_CB(skb);
	unsigned int off = skb_gro_offset(skb), hlen = 40;
	unsigned char *iph;
	struct sk_buff *p;
	uint8_t proto;
	int flush = 1;

	iph = nm_gro_header(skb, 40);
	if (iph == NULL || (iph[0] >> 4) != 6)
		goto out;
	flush = gro_rd16(iph + 4) != skb_gro_len(skb) - 40;
	proto = iph[6];
	if (unlikely(proto != NM_IPPROTO_TCP && proto != NM_IPPROTO_UDP)) {
		/* Hop-by-hop, routing and destination options headers are
		 * pulled and must match byte for byte within a flow; any
		 * other header (a fragment header, ESP, ...) ends GRO. */
		hlen = ipv6_gro_exthdrs_len(skb, &proto);
		if (proto != NM_IPPROTO_TCP && proto != NM_IPPROTO_UDP) {
			flush = 1;
			goto out;
		}
		iph = skb->data + off;	/* the pulls may have moved the head */
	}

	skb_queue_walk(head, p) {
		const unsigned char *iph2;

		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		iph2 = p->data + off;
		/* All but the payload length, traffic class, hop limit; the
		 * extension headers byte for byte (a held skb's are in its
		 * head: a different length differs in a next-header or
		 * length byte; bytes past its head are not read). */
		if (((gro_rd32(iph) ^ gro_rd32(iph2)) & 0xF00FFFFFu) ||
		    iph[6] != iph2[6] || memcmp(iph + 8, iph2 + 8, 32) ||
		    (unlikely(hlen > 40) && (off + hlen > skb_headlen(p) ||
					     memcmp(iph + 40, iph2 + 40, hlen - 40))))
			NAPI_GRO_CB(p)->same_flow = 0;
	}
	cb->flush |= flush;
	return ip_gro_pulled(gro, head, skb, iph, hlen, proto, true);
out:
	cb->flush |= flush;
	return NULL;
}

/* ---- VLAN (a tag left in the packet) ---------------------------------------- */

static struct sk_buff *vlan_gro_receive(struct gro_node *gro, struct sk_buff_head *head,
					struct sk_buff *skb)
{
	struct napi_gro_cb *cb = NAPI_GRO_CB(skb);
	unsigned int off = skb_gro_offset(skb);
	unsigned char *vh;
	struct sk_buff *p;
	uint16_t type;

	vh = nm_gro_header(skb, 4);
	if (vh == NULL)
		goto flush;
	type = gro_rd16(vh + 2);
	if (type != NM_ETH_P_IP && type != NM_ETH_P_IPV6)
		goto flush;
	skb_queue_walk(head, p) {
		const unsigned char *vh2;

		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		vh2 = p->data + off;
		if (((gro_rd16(vh) ^ gro_rd16(vh2)) & NM_VLAN_VID_MASK) ||
		    gro_rd16(vh + 2) != gro_rd16(vh2 + 2))
			NAPI_GRO_CB(p)->same_flow = 0;
	}
	skb_gro_pull(skb, 4);
	skb_gro_postpull_rcsum(skb, vh, 4);
	if (type == NM_ETH_P_IP)
		return inet_gro_receive(gro, head, skb);
	return ipv6_gro_receive(gro, head, skb);
flush:
	cb->flush = 1;
	return NULL;
}

/* ---- dispatch ------------------------------------------------------------------ */

struct sk_buff *nm_gro_network_receive(struct gro_node *gro, struct sk_buff_head *head,
				       struct sk_buff *skb, uint16_t type, bool *handled)
{
	*handled = true;
	switch (type) {
	case NM_ETH_P_IP:
		return inet_gro_receive(gro, head, skb);
	case NM_ETH_P_IPV6:
		return ipv6_gro_receive(gro, head, skb);
	case NM_ETH_P_8021Q:
	case NM_ETH_P_8021AD:
		return vlan_gro_receive(gro, head, skb);
	default:
		*handled = false;
		return NULL;
	}
}

void nm_gro_network_complete(struct sk_buff *skb)
{
	unsigned char *nh = skb_network_header(skb);
	unsigned int l3len = skb->len - (unsigned int)(nh - skb->data);

	if (NAPI_GRO_CB(skb)->is_ipv6) {
		gro_wr16(nh + 4, (uint16_t)(l3len - 40));
	} else {
		__sum16 check;

		gro_wr16(nh + 2, (uint16_t)l3len);
		nh[10] = 0;
		nh[11] = 0;
		check = ip_fast_csum(nh, 5);
		memcpy(nh + 10, &check, sizeof(check));
	}
	if (NAPI_GRO_CB(skb)->proto == NM_IPPROTO_TCP)
		tcp_gro_complete(skb);
	else
		udp_gro_complete(skb);
}
