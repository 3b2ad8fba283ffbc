/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RX: mbufs become skbs with no payload copy. A page mbuf of libnetmem (its
 * mempool is a page mempool) becomes the skb's head (build_skb around the
 * page; the PMD never wrote the shared-info tail) and further segments
 * become frags; each page holds one pp reference (page_pool pages) or page
 * reference (plain pages). Anything else (a foreign mempool, an external
 * buffer) is copied into a fresh skb and the bytes counted.
 */
#include <assert.h>
#include <string.h>

#include <rte_ether.h>
#include <rte_mbuf_dyn.h>

#include "port_ext.h"
#include "port_rx.h"
#include "port_rx_build.h"

/* Gives a page received from a PMD to the skb layer: one reference. */
static inline void rx_page_init(struct page *page, struct page_pool *pp)
{
	page->_refcount = 1;
	if (pp != NULL)
		nm_netmem_set_pp_info(page_to_netmem(page), pp);
	else
		nm_netmem_clear_pp_info(page_to_netmem(page));
}

static inline bool mbuf_is_page(const struct rte_mbuf *m)
{
	return RTE_MBUF_DIRECT(m) && rte_mbuf_refcnt_read(m) == 1 &&
	       nm_page_mempool_is_ours(m->pool);
}

/* The common case first: a direct mbuf of the queue's own page mempool. */
static inline bool mbuf_is_rxq_page(const struct nm_rxq *rxq, const struct rte_mbuf *m)
{
	return (m->pool == rxq->mp && RTE_MBUF_DIRECT(m) && rte_mbuf_refcnt_read(m) == 1) ||
	       mbuf_is_page(m);
}

/* Where the L4 header of an Ethernet frame starts (offset from skb->data,
 * one optional 802.1Q tag, IPv4 unfragmented or IPv6 without extension
 * headers, in the linear part) and its protocol; false when not found. */
static bool rx_l4_find(const struct sk_buff *skb, unsigned int *l4off, unsigned int *proto,
		       bool *v4)
{
	const uint8_t *d = skb->data;
	unsigned int hl = skb_headlen(skb), off = RTE_ETHER_HDR_LEN;
	uint16_t type;

	if (hl < RTE_ETHER_HDR_LEN + 4)
		return false;
	type = (uint16_t)(d[12] << 8 | d[13]);
	if (type == RTE_ETHER_TYPE_VLAN) {
		type = (uint16_t)(d[16] << 8 | d[17]);
		off += RTE_VLAN_HLEN;
	}
	if (type == RTE_ETHER_TYPE_IPV4 && hl >= off + sizeof(struct rte_ipv4_hdr) &&
	    (d[off] >> 4) == 4 && (d[off] & 0xfu) >= 5 && (d[off + 6] & 0x3f) == 0 &&
	    d[off + 7] == 0) {
		*proto = d[off + 9];
		*v4 = true;
		off += (d[off] & 0xfu) * 4u;
	} else if (type == RTE_ETHER_TYPE_IPV6 && hl >= off + sizeof(struct rte_ipv6_hdr) &&
		   (d[off] >> 4) == 6) {
		*proto = d[off + 6];
		*v4 = false;
		off += (unsigned int)sizeof(struct rte_ipv6_hdr);
	} else {
		return false;
	}
	*l4off = off;
	return true;
}

/* RTE_MBUF_F_RX_L4_CKSUM_NONE: the L4 checksum in the data is not filled
 * but the data is intact (virtio's NEEDS_CSUM: the sender offloaded it).
 * The kernel's virtio-net makes such an skb CHECKSUM_PARTIAL
 * (skb_partial_csum_set(), which also sets the transport header); so
 * here, for TCP or UDP over IPv4 or IPv6 (one optional 802.1Q tag) with
 * the headers in the linear part. Anything else stays CHECKSUM_NONE. */
static __attribute__((noinline, cold)) void rx_partial_csum(struct sk_buff *skb)
{
	unsigned int hl = skb_headlen(skb), off, proto;
	bool v4;

	if (!rx_l4_find(skb, &off, &proto, &v4))
		return;
	if (proto == IPPROTO_TCP && hl >= off + sizeof(struct rte_tcp_hdr))
		skb->csum_offset = offsetof(struct rte_tcp_hdr, cksum);
	else if (proto == IPPROTO_UDP && hl >= off + sizeof(struct rte_udp_hdr))
		skb->csum_offset = offsetof(struct rte_udp_hdr, dgram_cksum);
	else
		return;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + off);
	skb_set_transport_header(skb, (int)off);
}

/* RTE_MBUF_F_RX_LRO: the PMD merged TCP segments of @gso_size payload
 * bytes (mbuf tso_segsz) into this frame. As the kernel's
 * virtio_net_hdr_to_skb() for a GSO header: a TCP frame whose payload is
 * longer than one segment becomes a GSO skb, SKB_GSO_TCPV4/6 marked
 * SKB_GSO_DODGY (the headers came from outside: GSO checks them, and TSO
 * without NETIF_F_GSO_ROBUST recounts gso_segs), the transport header
 * set. ip_summed stays what the checksum flags made it: CHECKSUM_PARTIAL
 * for an unfilled one (virtio's NEEDS_CSUM, rx_partial_csum()),
 * CHECKSUM_UNNECESSARY for a verified one, else CHECKSUM_NONE (the kernel
 * leaves a GSO header without NEEDS_CSUM so too). GSO and TSO write
 * pseudo-header sums of their own: what the sender left in the check
 * field (with the length, as the kernel, or without, as DPDK's TSO) is
 * not read. A shorter frame, one whose L4 header is not found or is not
 * TCP, and gso_size 0 leave a plain skb.
 * @len is the whole frame's (the chain's pkt_len): the segments after the
 * first may become frags only after this runs. */
static __attribute__((noinline, cold)) void rx_lro(struct sk_buff *skb, unsigned int gso_size,
						   unsigned int len)
{
	unsigned int off, proto, thlen;
	bool v4;

	if (gso_size == 0 || !rx_l4_find(skb, &off, &proto, &v4) || proto != IPPROTO_TCP ||
	    skb_headlen(skb) < off + sizeof(struct rte_tcp_hdr))
		return;
	thlen = (unsigned int)(skb->data[off + 12] >> 4) * 4u;
	if (thlen < sizeof(struct rte_tcp_hdr) || skb_headlen(skb) < off + thlen ||
	    len <= off + thlen + gso_size)
		return;
	skb_set_transport_header(skb, (int)off);
	skb_shinfo(skb)->gso_size = (unsigned short)gso_size;
	skb_shinfo(skb)->gso_type = (v4 ? SKB_GSO_TCPV4 : SKB_GSO_TCPV6) | SKB_GSO_DODGY;
	skb_shinfo(skb)->gso_segs = (unsigned short)((len - off - thlen + gso_size - 1) /
						     gso_size);
}

/* The offload results @m carries: RSS hash, checksum, stripped VLAN, RX
 * timestamp (the flags in port->rx_meta_flags). */
static void rx_meta_offloads(const struct nm_port *port, struct sk_buff *skb,
			     const struct rte_mbuf *m, uint64_t fl)
{
	if (fl & RTE_MBUF_F_RX_RSS_HASH) {
		skb->hash = m->hash.rss;
		skb->l4_hash = (m->packet_type & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_TCP ||
			       (m->packet_type & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_UDP;
	}
	if ((fl & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_GOOD &&
	    (fl & RTE_MBUF_F_RX_IP_CKSUM_MASK) != RTE_MBUF_F_RX_IP_CKSUM_BAD)
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	else if (unlikely((fl & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_NONE))
		rx_partial_csum(skb);
	if (fl & RTE_MBUF_F_RX_VLAN_STRIPPED) {
		/* Held when vlan_all != 0 (6.2+): a stripped tag is 802.1Q. */
		skb->vlan_proto = rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
		skb->vlan_tci = m->vlan_tci;
	}
	if (port->ts_offset >= 0 && (fl & port->ts_flag))
		skb->tstamp = *RTE_MBUF_DYNFIELD(m, port->ts_offset, uint64_t *);
	if (fl & RTE_MBUF_F_RX_LRO)
		rx_lro(skb, m->tso_segsz, m->pkt_len);
}

/* Fills skb metadata (hash, csum, vlan, ptype, timestamp) from @m. */
static inline __attribute__((always_inline)) void
nm_skb_rx_meta(struct nm_port *port, struct sk_buff *skb, const struct rte_mbuf *m)
{
	uint64_t fl = m->ol_flags;

	skb->port = m->port;
	skb->packet_type = m->packet_type;
	if (fl & port->rx_meta_flags)
		rx_meta_offloads(port, skb, m, fl);
	/* The skb starts at the Ethernet header (as XDP sees it); a runt
	 * shorter than one has none: mac_len 0, no protocol. */
	skb_reset_mac_header(skb);
	skb->mac_len = 0;
	if (skb_headlen(skb) >= RTE_ETHER_HDR_LEN) {
		skb->mac_len = RTE_ETHER_HDR_LEN;
		/* Any alignment: the PMD or the sender chose data_off. */
		memcpy(&skb->protocol, skb->data + offsetof(struct rte_ether_hdr, ether_type), 2);
		if (skb->protocol == rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN) &&
		    skb_headlen(skb) >= RTE_ETHER_HDR_LEN + 4) {
			skb->mac_len += 4;
			memcpy(&skb->protocol, skb->data + RTE_ETHER_HDR_LEN + 2, 2);
		}
		skb_set_network_header(skb, skb->mac_len);
	} else {
		/* A runt: at data, as the kernel's receive path leaves it. */
		skb_reset_network_header(skb);
	}
}

/* The slow way: copy the packet into a fresh skb, count the bytes. */
static struct sk_buff *rx_copy(struct nm_rxq *rxq, struct rte_mbuf *m)
{
	struct sk_buff *skb = napi_alloc_skb(NULL, m->pkt_len);
	const void *src;
	void *dst;

	if (skb == NULL)
		return NULL;
	dst = skb_put(skb, m->pkt_len);
	/* rte_pktmbuf_read() copies only a chain; one segment is read in place. */
	src = rte_pktmbuf_read(m, 0, m->pkt_len, dst);
	if (src == NULL) {
		kfree_skb(skb);
		return NULL;
	}
	if (src != dst)
		memcpy(dst, src, m->pkt_len);
	rxq->stats.copied_bytes += m->pkt_len;
	nm_skb_stat_add(copied_bytes, m->pkt_len);
	return skb;
}

/* Headers copied out of an external first segment into the head. */
#define RX_EXT_HDR_COPY	128

/* A frag for segment @seg: a page mbuf's page (its reference moves in), or
 * the memory of one of libnetmem's external segments (a new reference of
 * the same kind; the segment's own is dropped when it is freed). */
static void rx_add_seg_frag(struct sk_buff *skb, int i, struct rte_mbuf *seg,
			    unsigned int skip)
{
	netmem_ref nm = nm_mbuf_ext_netmem(seg);

	if (netmem_is_null(nm)) {
		struct page *fp = nm_mbuf_to_page(seg);

		rx_page_init(fp, nm_page_mempool_pp(seg->pool));
		skb_add_rx_frag(skb, i, fp, seg->data_off + (int)skip,
				(int)(seg->data_len - skip), (unsigned int)page_size(fp));
		return;
	}
	skb_netmem_ref(nm);
	skb_add_rx_frag_netmem(skb, i, nm, (int)(nm_mbuf_ext_off(seg) + skip),
			       (int)(seg->data_len - skip), seg->data_len - skip);
}

/* True when @m's payload can become frags without a copy. */
static inline bool mbuf_zc(const struct rte_mbuf *m)
{
	return mbuf_is_page(m) || !netmem_is_null(nm_mbuf_ext_netmem(m));
}

/* A head for a chain that starts with an external segment: its first
 * bytes (headers) copied, the rest of it a frag. */
static struct sk_buff *rx_ext_head(struct nm_rxq *rxq, struct rte_mbuf *m, unsigned int *hlen)
{
	netmem_ref nm = nm_mbuf_ext_netmem(m);
	struct sk_buff *skb;

	if (netmem_is_net_iov(nm))
		return NULL;	/* headers in device memory: unreadable */
	*hlen = RTE_MIN((unsigned int)m->data_len, (unsigned int)RX_EXT_HDR_COPY);
	skb = napi_alloc_skb(NULL, *hlen);
	if (skb == NULL)
		return NULL;
	skb_put_data(skb, rte_pktmbuf_mtod(m, void *), *hlen);
	rxq->stats.hdr_copied_bytes += *hlen;
	return skb;
}

struct sk_buff *nm_skb_from_mbuf(struct nm_port *port, struct nm_rxq *rxq,
				 struct rte_mbuf *m)
{
	struct rte_mbuf *seg, *next;
	struct sk_buff *skb;
	unsigned int hlen = 0;
	bool zc = true;
	int i = 0;

	if (likely(m->nb_segs == 1 && mbuf_is_rxq_page(rxq, m)))
		zc = true;
	else
		for (seg = m; seg != NULL; seg = seg->next)
			zc &= mbuf_zc(seg);
	/* The first segment is the head (a page), or copied into it whole
	 * when short: it takes no frag then. */
	if (unlikely(!zc || m->nb_segs - (unsigned int)(mbuf_is_page(m) ||
			m->data_len <= RX_EXT_HDR_COPY) > MAX_SKB_FRAGS)) {
		skb = rx_copy(rxq, m);
		if (skb == NULL)
			rxq->stats.drops[NM_DROP_RX_NOMEM]++;
		else
			nm_skb_rx_meta(port, skb, m);
		rte_pktmbuf_free(m);
		return skb;
	}
	if (mbuf_is_rxq_page(rxq, m)) {
		struct page *page = nm_mbuf_to_page(m);

		if (unlikely((unsigned int)m->data_off + m->data_len >
			     page_size(page) - SKB_SHINFO_SIZE)) {
			/* bytes over the shared info: a PMD gone wrong */
			rxq->stats.drops[NM_DROP_RX_BAD]++;
			rte_pktmbuf_free(m);
			return NULL;
		}
		skb = nm_skb_struct_alloc();
		if (unlikely(skb == NULL)) {
			rxq->stats.drops[NM_DROP_RX_NOMEM]++;
			rte_pktmbuf_free(m);
			return NULL;
		}
		rx_page_init(page, m->pool == rxq->mp ? rxq->pool : nm_page_mempool_pp(m->pool));
		nm_skb_init_around(skb, page->virt, (unsigned int)page_size(page));
		skb->head_frag = 1;
		skb->pp_recycle = page->pp != NULL;
		skb_reserve(skb, m->data_off);
		__skb_put(skb, m->data_len);
		seg = m->next;
		m->next = NULL;
		m->nb_segs = 1;
	} else {
		skb = rx_ext_head(rxq, m, &hlen);
		if (unlikely(skb == NULL)) {
			/* headers in device memory cannot be read: a bad packet */
			rxq->stats.drops[netmem_is_net_iov(nm_mbuf_ext_netmem(m)) ?
					 NM_DROP_RX_BAD : NM_DROP_RX_NOMEM]++;
			rte_pktmbuf_free(m);
			return NULL;
		}
		seg = m;
	}
	nm_skb_rx_meta(port, skb, m);	/* before m may be freed below */
	for (; seg != NULL; seg = next) {
		bool ext = !mbuf_is_page(seg);

		next = seg->next;
		seg->next = NULL;
		seg->nb_segs = 1;
		if (seg->data_len > hlen)
			rx_add_seg_frag(skb, i++, seg, hlen);
		hlen = 0;
		if (ext)
			rte_pktmbuf_free_seg(seg);	/* drops the segment's reference */
	}
	return skb;
}

void nm_rxq_tmpl_init(struct nm_rxq *rxq)
{
	struct sk_buff *t = &rxq->tmpl;

	memset(t, 0, sizeof(*t));
	t->end = rxq->page_size - (unsigned int)SKB_SHINFO_SIZE;
	t->truesize = SKB_TRUESIZE(t->end);
	t->users = 1;
	t->mac_len = RTE_ETHER_HDR_LEN;
	t->queue_mapping = rxq->queue;
	t->port = rxq->port;
	t->fclone = SKB_FCLONE_EMBEDDED;
	t->head_frag = 1;
	t->pp_recycle = 1;
	t->mac_header = (__u16)~0U;
	t->transport_header = (__u16)~0U;
	t->network_header = 0;		/* as a new skb in the kernel */
}

uint16_t nm_rx_burst(uint16_t port_id, uint16_t queue, struct sk_buff **skbs, uint16_t n)
{
	struct nm_port *port = nm_port_get(port_id);
	struct rte_mbuf *pkts[64];
	struct nm_rxq *rxq;
	uint16_t nb, got = 0;
	uint64_t bytes = 0;

	if (unlikely(port == NULL || queue >= port->nb_rxq))
		return 0;
	rxq = &port->rxq[queue];
	if (unlikely(n > RTE_DIM(pkts))) {
		/* Bursts past 64 in slices, while the queue keeps giving. */
		uint16_t k;

		while (got < n && (k = nm_rx_burst(port_id, queue, skbs + got,
						   RTE_MIN((uint16_t)(n - got),
							   (uint16_t)RTE_DIM(pkts)))) != 0) {
			got += k;
			if (k < RTE_DIM(pkts))
				break;
		}
		return got;
	}
	nb = rte_eth_rx_burst(port_id, queue, pkts, n);
	/* The PMD took one page of the pool's mempool per packet to refill
	 * its ring: counted per burst, on the queue's own line (the pool
	 * reads it: nm_page_pool_pmd_counter()). */
	if (rxq->pmd_refill)
		rxq->pmd_refills += nb;
	if (likely(!rxq->sw_split && rxq->devmem_pool == NULL)) {
		struct rx_fast_ctx c;

		rx_fast_ctx_init(&c, port, rxq);
		for (uint16_t i = 0; i < nb; i++) {
			struct rte_mbuf *m = pkts[i];
			uint64_t fl = m->ol_flags;
			struct page_pool *pp;
			struct sk_buff *skb;

			/* Two branches, so the common one tests ol_flags once: one
			 * branch with both tests cost 5 instructions per packet. */
			if (likely(rx_fast_ok(&c, m) && !(fl & c.slow_flags))) {
				bytes += m->data_len;
				skbs[got++] = rx_fast(&c, m);	/* queue_mapping set */
				continue;
			}
			if (rx_fast_ok(&c, m) && !(fl & (RTE_MBUF_F_INDIRECT | RTE_MBUF_F_EXTERNAL))) {
				/* with offload results */
				bytes += m->data_len;
				skb = rx_fast(&c, m);
				rx_meta_offloads(port, skb, m, fl);
				skbs[got++] = skb;
				continue;
			}
			if (!(fl & (RTE_MBUF_F_INDIRECT | RTE_MBUF_F_EXTERNAL)) &&
			    (pp = rx_foreign_pool(&c, m)) != NULL) {
				/* another pool's page: built in its slot, its own pool kept */
				bytes += m->data_len;
				skb = rx_fast_pool(&c, m, pp);
				if (fl & c.slow_flags)	/* direct: the offload flags */
					rx_meta_offloads(port, skb, m, fl);
				skbs[got++] = skb;
				continue;
			}
			skb = nm_skb_from_mbuf(port, rxq, m);
			if (unlikely(skb == NULL))
				continue;
			skb->queue_mapping = queue;
			bytes += skb->len;
			skbs[got++] = skb;
		}
	} else {
		for (uint16_t i = 0; i < nb; i++) {
			struct sk_buff *skb = nm_skb_from_mbuf(port, rxq, pkts[i]);

			if (unlikely(skb == NULL))
				continue;
			skb->queue_mapping = queue;
			skb = nm_rx_sw_split(port, rxq, skb);
			if (skb == NULL)
				continue;
			bytes += skb->len;
			skbs[got++] = skb;
		}
	}
	rxq->stats.rx_packets += got;
	rxq->stats.rx_bytes += bytes;
	return got;
}
