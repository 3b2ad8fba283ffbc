/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * skb_gso_segment(): software GSO of TCPv4, TCPv6 and UDP (SKB_GSO_UDP_L4)
 * skbs, the kernel's __skb_gso_segment() -> inet/ipv6_gso_segment() ->
 * tcp/udp gso_segment() chain in one place. It tracks the current kernel
 * (6.18): since "net: gro: remove unnecessary df checks" (2025) a fixed
 * IPv4 id (SKB_GSO_TCP_FIXEDID) no longer needs DF.
 *
 * Input: skb->data at the Ethernet header (mac_header is reset there), one
 * optional 802.1Q/802.1ad tag, IPv4 (options allowed) or IPv6 (hop-by-hop,
 * routing and destination options headers allowed, copied into every
 * segment as ipv6_gso_segment() does), then TCP or UDP. A SKB_GSO_FRAGLIST
 * skb (fraglist GRO) is split back into the packets chained on its
 * frag_list (skb_segment_list(), gso_segment_list() below) while its head
 * is as GRO left it, else segmented as any GSO skb with the L4 checksum
 * computed afresh, as the kernel. Every header length is checked against the
 * packet before it is read (headers in frags are pulled into the head with
 * pskb_may_pull()); a malformed packet is ERR_PTR(-EINVAL), a protocol not
 * handled here ERR_PTR(-EPROTONOSUPPORT); the packet's bytes are then left
 * as they were (headers may have been pulled into the head, and the header
 * offsets are set).
 *
 * Conventions (skbuff.h: "NULL when nothing needs doing"):
 *  - gso_size 0 (not a GSO skb): NULL, the skb untouched;
 *  - the features offload this GSO type (skb_gso_ok(), SKB_GSO_DODGY needing
 *    NETIF_F_GSO_ROBUST): NULL, after gso_segs was recomputed and the L4
 *    checksum set up for the device (CHECKSUM_PARTIAL + pseudo-header);
 *  - otherwise the segments, a ->next list (segs->prev the last), each with
 *    its data at its mac header; the caller still owns @skb and frees it
 *    (consume_skb) once it sends the segments. On any return skb->data is
 *    back at the mac header.
 *
 * Per segment, as the kernel: IPv4 tot_len, id (+1 per segment, + gso_segs
 * per GSO-partial segment, unchanged with SKB_GSO_TCP_FIXEDID, DF set or
 * not), header checksum; IPv6 payload_len; TCP seq, FIN/PSH on the last
 * segment only, CWR on the first only; UDP length. The L4 checksum is left
 * CHECKSUM_PARTIAL (pseudo-header in the check field, csum_start/offset at
 * the L4 header) when @features has NETIF_F_HW_CSUM or NETIF_F_IP_CSUM /
 * NETIF_F_IPV6_CSUM for the family, else computed in software. Without
 * NETIF_F_SG the payload is copied. Either on unreadable device memory is
 * -EIO, before anything is done. NETIF_F_GSO_PARTIAL (with SG and checksum
 * offload) says the device finishes this GSO type from MSS multiples (the
 * kernel's dev->gso_partial_features; there is no device here to ask): the
 * segments are then GSO skbs of MSS multiples and a rest, their IP length
 * that of one MSS segment, as the kernel sets it for the device.
 *
 * gso_size must leave a payload longer than one segment and fit a 16-bit IP
 * length; GSO_BY_FRAGS is for skb_segment() callers whose segments are
 * frag_list skbs, not for TCP/UDP (-EINVAL).
 *
 * An skb that is not CHECKSUM_PARTIAL gets its pseudo-header set up first,
 * as tcp4/tcp6_gso_segment() do (for UDP too); its head is made private for
 * that if shared. A CHECKSUM_PARTIAL skb must have csum_start at the L4
 * header and csum_offset at its check field.
 */
#include <errno.h>

#include "skb_gso_priv.h"

#define NM_IPPROTO_TCP	6
#define NM_IPPROTO_UDP	17
#define NM_IP_DF	0x4000
#define NM_IP_MF_OFF	0x3fff		/* MF + fragment offset */
#define NM_TCP_FIN	0x01
#define NM_TCP_PSH	0x08
#define NM_TCP_CWR	0x80
#define NM_TCP_CSUM_OFF	16
#define NM_UDP_CSUM_OFF	6

/* GSO types handled here; any other bit is -EPROTONOSUPPORT. */
#define GSO_TYPES_HANDLED	(SKB_GSO_TCPV4 | SKB_GSO_TCPV6 | SKB_GSO_UDP_L4 |	\
				 SKB_GSO_DODGY | SKB_GSO_TCP_ECN | SKB_GSO_TCP_FIXEDID |	\
				 SKB_GSO_FRAGLIST)

/* What the headers say, offsets from the mac header. */
struct gso_hdrs {
	__be16 outer_type;	/* ethertype after the MAC addresses */
	__be16 l3_type;		/* ETH_P_IP / ETH_P_IPV6 */
	bool ipv6;
	bool df;
	uint8_t l4proto;
	unsigned int nhoff;	/* L3 header */
	unsigned int thoff;	/* L4 header */
	unsigned int thlen;	/* L4 header length */
	unsigned int l3hlen;	/* IPv4 ihl * 4, or 40 */
};

static inline uint16_t rd16(const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return rte_be_to_cpu_16(v);
}

static inline uint32_t rd32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return rte_be_to_cpu_32(v);
}

static inline void wr16(unsigned char *p, uint16_t host)
{
	uint16_t v = rte_cpu_to_be_16(host);

	memcpy(p, &v, sizeof(v));
}

static inline void wr32(unsigned char *p, uint32_t host)
{
	uint32_t v = rte_cpu_to_be_32(host);

	memcpy(p, &v, sizeof(v));
}

/* A folded checksum goes into the packet as it is (memory order). */
static inline void wr_sum(unsigned char *p, __sum16 sum)
{
	memcpy(p, &sum, sizeof(sum));
}

/* Makes the first @len bytes linear; the head may move. */
static inline bool gso_pull(struct sk_buff *skb, unsigned int len)
{
	return len <= skb->len && pskb_may_pull(skb, len);
}

/* Parses and checks the headers at skb->data; 0 or -errno, skb unchanged
 * but for headers pulled into its head. */
static int gso_parse(struct sk_buff *skb, struct gso_hdrs *h)
{
	const unsigned char *d;
	unsigned int l3len;
	__be16 type;

	memset(h, 0, sizeof(*h));
	if (!gso_pull(skb, NM_ETH_HLEN))
		return -EINVAL;
	memcpy(&type, skb->data + 12, sizeof(type));
	h->outer_type = type;
	h->nhoff = NM_ETH_HLEN;
	if (nm_eth_type_vlan(type)) {
		if (!gso_pull(skb, NM_ETH_HLEN + NM_VLAN_HLEN))
			return -EINVAL;
		memcpy(&type, skb->data + NM_ETH_HLEN + 2, sizeof(type));
		h->nhoff += NM_VLAN_HLEN;
		if (nm_eth_type_vlan(type))
			return -EPROTONOSUPPORT;	/* one tag only */
	}
	h->l3_type = type;
	l3len = skb->len - h->nhoff;	/* >= 0: pulled */

	if (type == RTE_BE16(NM_ETH_P_IP)) {
		unsigned int tot_len;
		uint16_t frag_off;

		if (!gso_pull(skb, h->nhoff + 20))
			return -EINVAL;
		d = skb->data + h->nhoff;
		if ((d[0] >> 4) != 4 || (d[0] & 0xf) < 5)
			return -EINVAL;
		h->l3hlen = (d[0] & 0xfu) * 4;
		if (!gso_pull(skb, h->nhoff + h->l3hlen))
			return -EINVAL;
		d = skb->data + h->nhoff;
		tot_len = rd16(d + 2);
		/* tot_len 0: more than 64 KiB (BIG TCP), as the kernel. */
		if (tot_len != l3len && !(tot_len == 0 && l3len > 0xffff))
			return -EINVAL;
		frag_off = rd16(d + 6);
		if (frag_off & NM_IP_MF_OFF)
			return -EINVAL;		/* a fragment is no GSO packet */
		h->df = (frag_off & NM_IP_DF) != 0;
		h->l4proto = d[9];
	} else if (type == RTE_BE16(NM_ETH_P_IPV6)) {
		unsigned int plen;

		if (!gso_pull(skb, h->nhoff + 40))
			return -EINVAL;
		d = skb->data + h->nhoff;
		if ((d[0] >> 4) != 6)
			return -EINVAL;
		h->ipv6 = true;
		h->l3hlen = 40;
		plen = rd16(d + 4);
		if (plen != l3len - 40 && !(plen == 0 && l3len - 40 > 0xffff))
			return -EINVAL;
		h->l4proto = d[6];
		/* Hop-by-hop, routing and destination options headers are
		 * carried by every segment (the kernel's
		 * ipv6_gso_pull_exthdrs()). */
		while (h->l4proto == 0 || h->l4proto == 43 || h->l4proto == 60) {
			unsigned int elen;

			if (!gso_pull(skb, h->nhoff + h->l3hlen + 8))
				return -EINVAL;
			d = skb->data + h->nhoff + h->l3hlen;
			elen = ((unsigned int)d[1] + 1) * 8;
			if (!gso_pull(skb, h->nhoff + h->l3hlen + elen))
				return -EINVAL;
			h->l4proto = skb->data[h->nhoff + h->l3hlen];
			h->l3hlen += elen;
		}
	} else {
		return -EPROTONOSUPPORT;
	}
	h->thoff = h->nhoff + h->l3hlen;

	if (h->l4proto == NM_IPPROTO_TCP) {
		unsigned int doff;

		if (!gso_pull(skb, h->thoff + 20))
			return -EINVAL;
		doff = skb->data[h->thoff + 12] >> 4;
		if (doff < 5)
			return -EINVAL;
		h->thlen = doff * 4;
	} else if (h->l4proto == NM_IPPROTO_UDP) {
		h->thlen = 8;
		if (!gso_pull(skb, h->thoff + 8))
			return -EINVAL;
		if (rd16(skb->data + h->thoff + 4) != skb->len - h->thoff)
			return -EINVAL;
	} else {
		/* Other IPv6 extension headers (fragment, ESP, ...) included. */
		return -EPROTONOSUPPORT;
	}
	if (!gso_pull(skb, h->thoff + h->thlen))
		return -EINVAL;
	return 0;
}

/* The GSO state must fit the headers. */
static int gso_check_type(const struct sk_buff *skb, const struct gso_hdrs *h)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int type = sh->gso_type, mss = sh->gso_size, payload;

	if (type & ~(unsigned int)GSO_TYPES_HANDLED)
		return -EPROTONOSUPPORT;
	if (h->l4proto == NM_IPPROTO_TCP) {
		if (!(type & (h->ipv6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4)) ||
		    (type & SKB_GSO_UDP_L4))
			return -EINVAL;
	} else if (!(type & SKB_GSO_UDP_L4) ||
		   (type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6 | SKB_GSO_TCP_ECN |
			    SKB_GSO_TCP_FIXEDID))) {
		return -EINVAL;
	}
	/* A fixed id is an IPv4 one. DF is not required: older kernels
	 * refused a fixed id without DF; the current one (since "net: gro:
	 * remove unnecessary df checks", 2025) segments it, every segment
	 * keeping the id (as GRO built it). */
	if ((type & SKB_GSO_TCP_FIXEDID) && h->ipv6)
		return -EINVAL;
	/* GSO_BY_FRAGS is for protocols whose segments are frag_list skbs. */
	if (mss == GSO_BY_FRAGS)
		return -EINVAL;
	payload = skb->len - h->thoff - h->thlen;
	if (payload <= mss)
		return -EINVAL;
	/* One segment must fit the 16-bit IP length. */
	if ((h->ipv6 ? h->l3hlen - 40 : h->l3hlen) + h->thlen + mss > 0xffff)
		return -EINVAL;
	/* CHECKSUM_PARTIAL must point at the L4 check field. */
	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    (skb->csum_start != skb_headroom(skb) + h->thoff ||
	     skb->csum_offset != (h->l4proto == NM_IPPROTO_TCP ? NM_TCP_CSUM_OFF :
				  NM_UDP_CSUM_OFF)))
		return -EINVAL;
	return 0;
}

/* Sum of the pseudo header's addresses (the same in every segment). */
static __wsum gso_pseudo_addrs(const unsigned char *nh, bool ipv6)
{
	return ipv6 ? csum_partial(nh + 8, 32, 0) : csum_partial(nh + 12, 8, 0);
}

/* The check field of a CHECKSUM_PARTIAL packet: the folded pseudo header,
 * @addrs from gso_pseudo_addrs(), for @l4len bytes of @proto. */
static inline __sum16 gso_pseudo_field(__wsum addrs, uint32_t l4len, uint8_t proto)
{
	return (__sum16)~csum_fold(csum_tcpudp_nofold(0, 0, l4len, proto, addrs));
}

static inline unsigned int gso_csum_off(const struct gso_hdrs *h)
{
	return h->l4proto == NM_IPPROTO_TCP ? NM_TCP_CSUM_OFF : NM_UDP_CSUM_OFF;
}

static bool gso_ok(const struct sk_buff *skb, netdev_features_t features)
{
	netdev_features_t need = skb_gso_type_features(skb_shinfo(skb)->gso_type);

	return (features & need) == need &&
	       (!skb_has_frag_list(skb) || (features & NETIF_F_FRAGLIST));
}

/*
 * The IPv4 header checksum of each segment. Segments differ from the GSO
 * skb's header only in tot_len and id: the one's complement sum of the
 * other 16-bit words (the check field counted as 0) is taken once, and
 * each segment adds its two words. The same sum as ip_fast_csum() with the
 * check field 0 (one's complement addition is associative), so the same
 * folded value.
 */
static uint32_t gso_ip_rest_sum(const unsigned char *nh, unsigned int l3hlen)
{
	uint32_t s = 0;

	for (unsigned int off = 0; off < l3hlen; off += 2) {
		uint16_t w;

		if (off == 2 || off == 4 || off == 10)	/* tot_len, id, check */
			continue;
		memcpy(&w, nh + off, sizeof(w));
		s += w;
	}
	return s;	/* at most 30 words: no overflow */
}

static inline __sum16 gso_ip_csum(const unsigned char *nh, uint32_t rest)
{
	uint16_t tot_len, id;

	memcpy(&tot_len, nh + 2, sizeof(tot_len));
	memcpy(&id, nh + 4, sizeof(id));
	return csum_fold((__wsum)(rest + tot_len + id));
}

#define GSO_TSTAMP_FLAGS	(SKBTX_HW_TSTAMP | SKBTX_SW_TSTAMP)

/* Fixes the headers of each segment (data at its mac header). @osh is the
 * GSO skb's shared info: its timestamp request goes to the segment that
 * carries tskey (TCP: a sequence number) or to the first one (UDP). */
static void gso_fix_segments(struct sk_buff *segs, const struct gso_hdrs *h,
			     const struct skb_shared_info *osh)
{
	unsigned int type = osh->gso_type;
	uint8_t tstamp = osh->tx_flags & GSO_TSTAMP_FLAGS;
	bool gso_partial = (skb_shinfo(segs)->gso_type & SKB_GSO_PARTIAL) != 0;
	bool fixedid = (type & SKB_GSO_TCP_FIXEDID) != 0;
	bool tcp = h->l4proto == NM_IPPROTO_TCP;
	unsigned char *nh = segs->data + h->nhoff;
	unsigned char *th = segs->data + h->thoff;
	uint16_t id = h->ipv6 ? 0 : rd16(nh + 4);
	uint32_t seq = tcp ? rd32(th + 4) : 0;
	__wsum addrs = gso_pseudo_addrs(nh, h->ipv6);
	uint32_t ip_rest = h->ipv6 ? 0 : gso_ip_rest_sum(nh, h->l3hlen);
	struct sk_buff *seg;

	for (seg = segs; seg != NULL; seg = seg->next) {
		unsigned int l4len = seg->len - h->thoff;
		unsigned int payload = l4len - h->thlen;
		unsigned char *cp;
		__sum16 check;

		nh = seg->data + h->nhoff;
		th = seg->data + h->thoff;
		seg->mac_header = (__u16)skb_headroom(seg);
		seg->network_header = (__u16)(seg->mac_header + h->nhoff);
		seg->transport_header = (__u16)(seg->mac_header + h->thoff);
		skb_reset_mac_len(seg);

		/* L3 */
		if (!h->ipv6) {
			unsigned int tot_len;

			if (skb_is_gso(seg)) {
				if (!fixedid) {
					wr16(nh + 4, id);
					id = (uint16_t)(id + skb_shinfo(seg)->gso_segs);
				}
			} else if (!fixedid) {
				wr16(nh + 4, id++);
			}
			if (gso_partial && skb_is_gso(seg))
				tot_len = skb_shinfo(seg)->gso_size + h->l3hlen + h->thlen;
			else
				tot_len = seg->len - h->nhoff;
			wr16(nh + 2, (uint16_t)tot_len);
			wr_sum(nh + 10, gso_ip_csum(nh, ip_rest));
		} else if (gso_partial && skb_is_gso(seg)) {
			wr16(nh + 4, (uint16_t)(skb_shinfo(seg)->gso_size + h->l3hlen - 40 +
						h->thlen));
		} else {
			wr16(nh + 4, (uint16_t)(seg->len - h->nhoff - 40));
		}

		/* L4 */
		if (tstamp && (!tcp || (int32_t)(osh->tskey - (seq + payload)) < 0)) {
			skb_shinfo(seg)->tx_flags |= tstamp;
			skb_shinfo(seg)->tskey = osh->tskey;
			tstamp = 0;
		}
		if (tcp) {
			wr32(th + 4, seq);
			seq += payload;
			if (seg->next != NULL)
				th[13] &= (unsigned char)~(NM_TCP_FIN | NM_TCP_PSH);
			if (seg != segs)
				th[13] &= (unsigned char)~NM_TCP_CWR;
		} else {
			wr16(th + 4, (uint16_t)l4len);
		}
		cp = th + gso_csum_off(h);
		wr_sum(cp, gso_pseudo_field(addrs, l4len, h->l4proto));
		if (seg->ip_summed == CHECKSUM_PARTIAL) {
			seg->csum_start = seg->transport_header;
			seg->csum_offset = (__u16)gso_csum_off(h);
			continue;
		}
		/* Software: header (its check field holding the pseudo-header)
		 * plus the payload sum skb_segment() left in the cb. */
		check = csum_fold(csum_partial(th, (int)h->thlen, NM_GSO_CB(seg)->csum));
		if (!tcp && check == 0)
			check = 0xffff;	/* CSUM_MANGLED_0 */
		wr_sum(cp, check);
		seg->ip_summed = CHECKSUM_NONE;
	}
}

/* The check field at @check after @len bytes (even) of what it covers
 * changed from @from to @to (the kernel's inet_proto_csum_replace*():
 * @pseudo bytes are in the pseudo header, which is all a CHECKSUM_PARTIAL
 * check field holds). */
static void gso_csum_replace(const struct sk_buff *seg, unsigned char *check,
			     const unsigned char *from, const unsigned char *to, int len,
			     bool pseudo)
{
	__wsum f = csum_partial(from, len, 0), t = csum_partial(to, len, 0);
	__sum16 sum;

	memcpy(&sum, check, sizeof(sum));
	if (seg->ip_summed != CHECKSUM_PARTIAL)
		sum = csum_fold(csum_add(csum_sub(~csum_unfold(sum), f), t));
	else if (pseudo)
		sum = (__sum16)~csum_fold(csum_add(csum_sub(csum_unfold(sum), f), t));
	memcpy(check, &sum, sizeof(sum));
}

/* Fraglist GRO's frag_list: packets whose headers, as long as the head's,
 * sit in their heads before their data (room for the MAC header before). */
static bool gso_list_members_ok(const struct sk_buff *skb, const struct gso_hdrs *h)
{
	const struct sk_buff *iter;

	if (!skb_has_frag_list(skb))
		return false;
	skb_walk_frags(skb, iter) {
		if (skb_has_frag_list(iter) || iter->network_header < h->nhoff ||
		    iter->transport_header != iter->network_header + (h->thoff - h->nhoff) ||
		    iter->transport_header + h->thlen > skb_headroom(iter))
			return false;
	}
	return true;
}

/*
 * The protocol half of fraglist GSO (the kernel's __tcp4/6_gso_segment_list
 * and __udp_gso_segment_list with their *_csum helpers, and the IP fix-ups
 * of inet/ipv6_gso_segment): skb_segment_list() gives back the packets GRO
 * chained, each with its own IP and L4 headers. The head's UDP length goes
 * back to one datagram; when the head's addresses or ports were changed
 * (NAT) the others get them too, with their checksums updated; every
 * segment's IP length (and IPv4 header checksum) is set. The IPv4 id of
 * each segment is its own (the kernel renumbers from the head's id, which
 * gives the same ids for an incrementing train but not for a fixed-id one).
 */
static struct sk_buff *gso_segment_list(struct sk_buff *skb, netdev_features_t features,
					const struct gso_hdrs *h)
{
	unsigned int mss = skb_shinfo(skb)->gso_size;
	unsigned int alen = h->ipv6 ? 16 : 4, aoff = h->ipv6 ? 8 : 12;
	bool tcp = h->l4proto == NM_IPPROTO_TCP;
	struct sk_buff *segs, *seg;
	const unsigned char *nh0, *th0;

	segs = skb_segment_list(skb, features, h->nhoff);
	if (IS_ERR(segs))
		return segs;
	if (!tcp)
		wr16(skb_transport_header(segs) + 4, (uint16_t)(8 + mss));
	nh0 = skb_network_header(segs);
	th0 = skb_transport_header(segs);
	for (seg = segs->next; seg != NULL; seg = seg->next) {
		unsigned char *nh = skb_network_header(seg), *th = skb_transport_header(seg);
		unsigned char *check = th + gso_csum_off(h);
		bool csum = tcp || memcmp(check, "\0\0", 2) != 0;

		if (!memcmp(th, th0, 4) && !memcmp(nh + aoff, nh0 + aoff, 2 * alen))
			continue;
		/* saddr/sport, then daddr/dport, as the head has them */
		for (int k = 0; k < 2; k++) {
			unsigned char *a = nh + aoff + k * alen, *p = th + 2 * k;
			const unsigned char *a0 = nh0 + aoff + k * alen, *p0 = th0 + 2 * k;

			if (csum) {
				gso_csum_replace(seg, check, a, a0, (int)alen, true);
				gso_csum_replace(seg, check, p, p0, 2, false);
			}
			memcpy(a, a0, alen);
			memcpy(p, p0, 2);
		}
		if (!tcp && csum && memcmp(check, "\0\0", 2) == 0)
			wr16(check, 0xffff);	/* CSUM_MANGLED_0 */
	}
	for (seg = segs; seg != NULL; seg = seg->next) {
		unsigned char *nh = skb_network_header(seg);
		unsigned int nhoff = (unsigned int)(nh - seg->data);

		if (h->ipv6) {
			wr16(nh + 4, (uint16_t)(seg->len - nhoff - 40));
		} else {
			wr16(nh + 2, (uint16_t)(seg->len - nhoff));
			wr16(nh + 10, 0);
			wr_sum(nh + 10, ip_fast_csum(nh, nh[0] & 0xfu));
		}
		skb_reset_mac_len(seg);
	}
	return segs;
}

struct sk_buff *skb_gso_segment(struct sk_buff *skb, netdev_features_t features)
{
	struct skb_shared_info *sh;
	struct sk_buff *segs;
	struct gso_hdrs h;
	unsigned int mss, payload;
	bool flist_plain = false;
	int err;

	if (unlikely(skb == NULL))
		return ERR_PTR(-EINVAL);
	sh = skb_shinfo(skb);
	if (!skb_is_gso(skb))
		return NULL;

	err = gso_parse(skb, &h);
	if (err)
		return ERR_PTR(err);
	/* Head offsets now: pulls may have moved the head. */
	skb_reset_mac_header(skb);
	skb->network_header = (__u16)(skb->mac_header + h.nhoff);
	skb->transport_header = (__u16)(skb->mac_header + h.thoff);
	err = gso_check_type(skb, &h);
	if (err)
		return ERR_PTR(err);
	if (skb->protocol != 0 && skb->protocol != h.outer_type && skb->protocol != h.l3_type)
		return ERR_PTR(-EINVAL);
	if (unlikely(sh->gso_type & SKB_GSO_FRAGLIST)) {
		if (gso_ok(skb, features | NETIF_F_GSO_ROBUST))
			return NULL;
		/* The packets GRO chained, as they came (the head as GRO
		 * left it: its payload one gso_size, a frag_list). */
		if (skb_pagelen(skb) - h.thoff - h.thlen == sh->gso_size &&
		    gso_list_members_ok(skb, &h))
			return gso_segment_list(skb, features, &h);
		/* Changed since: segmented as a plain GSO skb, the L4
		 * checksum computed afresh (as the kernel). */
		flist_plain = true;
	}

	/* Software segmentation that would read device memory: refused
	 * before anything changes. */
	if (!gso_ok(skb, features | NETIF_F_GSO_ROBUST) &&
	    (!(features & NETIF_F_SG) ||
	     !(features & (NETIF_F_HW_CSUM | (h.ipv6 ? NETIF_F_IPV6_CSUM : NETIF_F_IP_CSUM)))) &&
	    !nm_skb_range_readable(skb, (int)(h.thoff + h.thlen),
				   (int)(skb->len - h.thoff - h.thlen)))
		return ERR_PTR(-EIO);

	/* Valid: from here the skb may change. */
	if (unlikely(flist_plain))
		skb->ip_summed = CHECKSUM_NONE;
	mss = sh->gso_size;
	payload = skb->len - h.thoff - h.thlen;
	if (skb->protocol == 0)
		skb->protocol = h.outer_type;
	skb->mac_len = (__u16)h.nhoff;
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		unsigned char *nh, *th;

		/* The check field is written: the header must be ours. */
		err = skb_cow_head(skb, 0);
		if (err)
			return ERR_PTR(err);
		nh = skb_network_header(skb);
		th = skb_transport_header(skb);
		wr_sum(th + gso_csum_off(&h),
		       gso_pseudo_field(gso_pseudo_addrs(nh, h.ipv6), skb->len - h.thoff,
					h.l4proto));
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb->transport_header;
		skb->csum_offset = (__u16)gso_csum_off(&h);
	}

	if (gso_ok(skb, features | NETIF_F_GSO_ROBUST)) {
		/* The device segments it; the source may be untrusted. */
		sh->gso_segs = (unsigned short)((payload + mss - 1) / mss);
		return NULL;
	}

	__skb_pull(skb, h.thoff + h.thlen);
	segs = skb_segment(skb, features);
	/* skb_segment() may leave data at the mac header (as the kernel's),
	 * or where it was: back to the mac header either way. */
	__skb_push(skb, (unsigned int)(skb->data - skb_mac_header(skb)));
	if (IS_ERR_OR_NULL(segs))
		return segs;
	gso_fix_segments(segs, &h, sh);
	return segs;
}
