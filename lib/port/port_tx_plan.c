/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TX plans: an skb becomes an mbuf chain with no payload copy.
 *  - moved: the skb solely owns every page it uses (port_tx_own.h): each
 *    page's own mbuf becomes a segment and the reference goes with it; the
 *    PMD's free returns the page to its mempool.
 *  - external: otherwise every piece (head, frags, frag_list) becomes an
 *    external-buffer segment (port_ext.c) holding one new reference of the
 *    kind its memory asks for, dropped once the NIC is done with it.
 * Only memory with no page behind it (an rte_malloc head), or a packet with
 * more segments than the port takes, is copied, and counted.
 * GSO goes out by TSO where the port has it (and its driver's
 * features_check keeps it for the skb), else skb_gso_segment();
 * CHECKSUM_PARTIAL by offload, else skb_checksum_help(); a VLAN tag RX
 * stripped is pushed back where the port cannot insert it. A port whose
 * PMD wants a direct first mbuf for TSO (caps.tx_tso_direct_head) gets the
 * headers of a TSO packet copied into one, the payload staying zero-copy.
 */
#include <errno.h>
#include <stdio.h>

#include <rte_errno.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "port_ext.h"
#include "port_tx.h"
#include "port_tx_own.h"

/* A fresh page holding a copy of @len bytes of @skb at @offset. */
static struct rte_mbuf *tx_copy_seg(struct nm_txq *txq, const struct sk_buff *skb,
				    int offset, unsigned int len)
{
	unsigned int order = 0;
	struct page *page;
	struct rte_mbuf *m;

	while ((PAGE_SIZE << order) - NM_SKB_SHINFO_RESERVE < len)
		if (++order > NM_MAX_PAGE_ORDER)
			return NULL;
	page = alloc_pages(GFP_ATOMIC, order);
	if (page == NULL)
		return NULL;
	m = nm_page_to_mbuf(page);
	m->data_off = 0;
	if (skb_copy_bits(skb, offset, page_address(page), (int)len) != 0) {
		put_page(page);
		return NULL;
	}
	page->_refcount = 0;	/* the mbuf carries it now */
	m->data_len = (uint16_t)len;
	m->pkt_len = len;
	m->next = NULL;
	m->nb_segs = 1;
	txq->stats.copied_bytes += len;
	nm_skb_stat_add(copied_bytes, len);
	return m;
}

void tx_unmove(struct rte_mbuf *m)
{
	while (m != NULL) {
		struct rte_mbuf *next = m->next;

		nm_mbuf_to_page(m)->_refcount = 1;
		m->next = NULL;
		m->nb_segs = 1;
		m = next;
	}
}

void tx_undo(struct tx_plan *pl)
{
	if (pl->moved)
		tx_unmove(pl->m);
	else
		rte_pktmbuf_free(pl->m);
}

/* Appends external segments over @len bytes at @off of @nm, as many as
 * the length takes (NM_EXT_SEG_MAX each); returns how many or -ENOMEM. */
static int tx_ext_piece(struct nm_port *p, netmem_ref nm, unsigned int off, unsigned int len,
			struct ubuf_info *uarg, struct rte_mbuf ***tail)
{
	int n = 0;

	do {
		unsigned int l = RTE_MIN(len, (unsigned int)NM_EXT_SEG_MAX);
		struct rte_mbuf *s = nm_ext_seg(p, nm, off, l, uarg);

		if (s == NULL)
			return -ENOMEM;
		**tail = s;
		*tail = &s->next;
		n++;
		off += l;
		len -= l;
	} while (len != 0);
	return n;
}

/* Appends external segments for @skb's pieces from @skb (head, frags,
 * frag_list); returns the number of segments added or -ENOMEM. */
static int tx_build_ext_pieces(struct nm_port *p, struct nm_txq *txq,
			       const struct sk_buff *skb, struct rte_mbuf ***tail)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	const struct sk_buff *it;
	unsigned int hl = skb_headlen(skb);
	int n = 0;

	if (hl != 0) {
		struct page *hp = skb->head_frag ? virt_to_head_page(skb->head) : NULL;
		struct rte_mbuf *s;
		int ret;

		if (hp != NULL) {
			ret = tx_ext_piece(p, page_to_netmem(hp),
					   (unsigned int)(skb->data - (unsigned char *)page_address(hp)),
					   hl, skb_zcopy(skb), tail);
			if (ret < 0)
				return ret;
			n += ret;
		} else {
			s = tx_copy_seg(txq, skb, 0, hl);
			if (s == NULL)
				return -ENOMEM;
			**tail = s;
			*tail = &s->next;
			n++;
		}
	}
	for (int i = 0; i < sh->nr_frags; i++) {
		const skb_frag_t *f = &sh->frags[i];
		int ret = tx_ext_piece(p, f->netmem, f->offset, f->len, skb_zcopy(skb), tail);

		if (ret < 0)
			return ret;
		n += ret;
	}
	skb_walk_frags(skb, it) {
		int ret = tx_build_ext_pieces(p, txq, it, tail);

		if (ret < 0)
			return ret;
		n += ret;
	}
	return n;
}

static struct rte_mbuf *tx_build_ext(struct nm_port *p, struct nm_txq *txq,
				     const struct sk_buff *skb)
{
	struct rte_mbuf *first = NULL, **tail = &first;
	int n = tx_build_ext_pieces(p, txq, skb, &tail);

	*tail = NULL;
	if (n > 0 && p->tx_max_segs != 0 && n > p->tx_max_segs) {
		/* More segments than the port takes: one copy instead. */
		rte_pktmbuf_free(first);
		if (!skb_readable_all(skb))
			return NULL;
		return tx_copy_seg(txq, skb, 0, skb->len);
	}
	if (n <= 0) {
		rte_pktmbuf_free(first);
		return NULL;
	}
	first->nb_segs = (uint16_t)n;
	first->pkt_len = skb->len;
	return first;
}

/*
 * TSO on a port whose PMD needs a direct first mbuf (p->txd_pool made):
 * when the first segment of @p pl's chain is an external buffer (the
 * head), the L2-L4 headers (tx_tso_prepare() checked them in the head) are
 * copied into a direct mbuf of txd_pool chained before the rest of the
 * head, which stays an external segment (dropped when the head is the
 * headers only). No payload byte is copied. A moved chain, or a copy, is
 * direct already. TX_PLANNED, or the drop's outcome with the chain freed.
 */
static enum tx_outcome tx_tso_direct_head(struct nm_port *p, struct nm_txq *txq,
					  const struct sk_buff *skb, struct tx_plan *pl)
{
	const struct rte_tcp_hdr *th = (const void *)skb_transport_header(skb);
	unsigned int hdr = (unsigned int)skb_transport_offset(skb) + (th->data_off >> 4) * 4u;
	struct rte_mbuf *m = pl->m, *d;
	enum tx_outcome o;

	if (!RTE_MBUF_HAS_EXTBUF(m))
		return TX_PLANNED;
	o = TX_DROP_BAD;
	if (hdr > TX_TSO_HDR_MAX || hdr > m->data_len)
		goto fail;
	o = TX_DROP_NOMEM;
	if (p->tx_max_segs != 0 && m->nb_segs + (hdr < m->data_len) > p->tx_max_segs) {
		/* one segment too many with the head cut in two: one copy
		 * instead, as tx_build_ext() does (direct too) */
		rte_pktmbuf_free(m);
		pl->m = skb_readable_all(skb) ? tx_copy_seg(txq, skb, 0, skb->len) : NULL;
		pl->nb_segs = 1;
		return pl->m != NULL ? TX_PLANNED : TX_DROP_NOMEM;
	}
	d = rte_pktmbuf_alloc(p->txd_pool);
	if (unlikely(d == NULL))
		goto fail;
	memcpy(rte_pktmbuf_mtod(d, void *), skb->data, hdr);
	d->data_len = (uint16_t)hdr;
	d->pkt_len = m->pkt_len;
	if (hdr < m->data_len) {
		m->data_off = (uint16_t)(m->data_off + hdr);
		m->data_len = (uint16_t)(m->data_len - hdr);
		d->next = m;
		d->nb_segs = (uint16_t)(m->nb_segs + 1);
	} else {
		d->next = m->next;
		d->nb_segs = m->nb_segs;
		m->next = NULL;
		m->nb_segs = 1;
		rte_pktmbuf_free_seg(m);	/* the head was the headers only */
	}
	txq->stats.tx_tso_head_copy++;
	txq->stats.hdr_copied_bytes += hdr;
	pl->m = d;
	pl->nb_segs = (uint16_t)(d->nb_segs - 1);	/* the segments moved or external */
	return TX_PLANNED;
fail:
	rte_pktmbuf_free(m);
	return o;
}

/* Offload fields of the first segment; software checksum when needed. */
static enum tx_outcome tx_offloads(struct nm_port *p, struct nm_txq *txq, struct sk_buff *skb,
				   struct rte_mbuf *m)
{
	bool v4 = skb->protocol == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	uint64_t fl = 0;

	/* network_header is 0 when unset (as the kernel's new skb) */
	if (skb_mac_header_was_set(skb) && skb->network_header > skb->mac_header) {
		m->l2_len = (uint64_t)(skb->network_header - skb->mac_header);
		if (skb_transport_header_was_set(skb))
			m->l3_len = (uint64_t)(skb->transport_header - skb->network_header);
	}
	if (skb_is_gso(skb)) {
		const struct rte_tcp_hdr *th = (const void *)skb_transport_header(skb);

		fl = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_TCP_CKSUM |
		     (v4 ? RTE_MBUF_F_TX_IPV4 : RTE_MBUF_F_TX_IPV6);
		if (v4 && (p->caps.tx_offloads & RTE_ETH_TX_OFFLOAD_IPV4_CKSUM))
			fl |= RTE_MBUF_F_TX_IP_CKSUM;
		m->l4_len = (uint64_t)(th->data_off >> 4) * 4;
		m->tso_segsz = skb_shinfo(skb)->gso_size;
	} else if (skb->ip_summed == CHECKSUM_PARTIAL) {
		bool tcp = skb->csum_offset == offsetof(struct rte_tcp_hdr, cksum);

		if ((p->features & (v4 ? NETIF_F_IP_CSUM : NETIF_F_IPV6_CSUM)) &&
		    skb_transport_header_was_set(skb) &&
		    skb_checksum_start_offset(skb) == skb_transport_offset(skb)) {
			fl = (tcp ? RTE_MBUF_F_TX_TCP_CKSUM : RTE_MBUF_F_TX_UDP_CKSUM) |
			     (v4 ? RTE_MBUF_F_TX_IPV4 : RTE_MBUF_F_TX_IPV6);
		} else {
			int ret = skb_checksum_help(skb);

			if (ret != 0)
				return ret == -EFAULT ? TX_DROP_UNREADABLE : TX_DROP_BAD;
			txq->stats.tx_csum_sw++;
		}
	}
	/* Keep RTE_MBUF_F_EXTERNAL of an external segment. */
	m->ol_flags = (m->ol_flags & RTE_MBUF_F_EXTERNAL) | fl;
	return TX_PLANNED;
}

/* TSO: the NIC fills the IPv4 checksum and each segment's TCP checksum
 * from the pseudo-header sum without length (DPDK's convention). A port
 * with no IPv4 header checksum offload at all (virtio: the peer segments
 * as the kernel does) gets the kernel's GSO convention instead: the IPv4
 * header complete, the pseudo-header sum with the TCP length. The
 * headers it writes must be IPv4 or IPv6 then TCP, in the linear part:
 * -EINVAL (a malformed skb) when they are not, -ENOMEM when the head
 * cannot be made private. */
static int tx_tso_prepare(const struct nm_port *p, struct sk_buff *skb)
{
	const uint64_t phdr = (p->caps.tx_offloads & RTE_ETH_TX_OFFLOAD_IPV4_CKSUM) ?
			      RTE_MBUF_F_TX_TCP_SEG : 0;
	bool v4 = skb->protocol == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	struct rte_tcp_hdr *th;
	unsigned int thoff;

	if (!v4 && skb->protocol != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6))
		return -EINVAL;
	if (!skb_mac_header_was_set(skb) || skb->network_header == (__u16)~0U ||
	    !skb_transport_header_was_set(skb))
		return -EINVAL;
	thoff = (unsigned int)skb_transport_offset(skb);
	if (skb_network_offset(skb) < 0 ||
	    (unsigned int)skb_network_offset(skb) +
	    (v4 ? sizeof(struct rte_ipv4_hdr) : sizeof(struct rte_ipv6_hdr)) > thoff ||
	    thoff + sizeof(*th) > skb_headlen(skb))
		return -EINVAL;
	th = (struct rte_tcp_hdr *)skb_transport_header(skb);
	if ((th->data_off >> 4) < 5 || thoff + (th->data_off >> 4) * 4u > skb_headlen(skb))
		return -EINVAL;
	if (skb_cow_head(skb, 0) != 0)
		return -ENOMEM;
	th = (struct rte_tcp_hdr *)skb_transport_header(skb);
	if (v4) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)skb_network_header(skb);

		ip->hdr_checksum = 0;
		if (phdr == 0)
			ip->hdr_checksum = rte_ipv4_cksum(ip);
		th->cksum = rte_ipv4_phdr_cksum(ip, phdr);
	} else {
		th->cksum = rte_ipv6_phdr_cksum((struct rte_ipv6_hdr *)skb_network_header(skb),
						phdr);
	}
	return 0;
}

/* A VLAN tag RX stripped (vlan_all != 0) goes back into the frame, after
 * the MAC addresses, as the kernel's __vlan_hwaccel_push_inside() does for
 * a device without TX VLAN offload. */
static enum tx_outcome tx_vlan_push(struct sk_buff *skb)
{
	__be16 proto = skb->vlan_proto ? skb->vlan_proto : rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
	uint8_t *p;

	if (skb_headlen(skb) < 2 * RTE_ETHER_ADDR_LEN)
		return TX_DROP_BAD;
	if (skb_cow_head(skb, RTE_VLAN_HLEN) != 0)
		return TX_DROP_NOMEM;
	p = skb_push(skb, RTE_VLAN_HLEN);
	memmove(p, p + RTE_VLAN_HLEN, 2 * RTE_ETHER_ADDR_LEN);
	memcpy(p + 2 * RTE_ETHER_ADDR_LEN, &proto, 2);	/* 802.1Q when unset */
	p[2 * RTE_ETHER_ADDR_LEN + 2] = (uint8_t)(skb->vlan_tci >> 8);
	p[2 * RTE_ETHER_ADDR_LEN + 3] = (uint8_t)skb->vlan_tci;
	if (skb_mac_header_was_set(skb))
		skb->mac_header = (__u16)(skb->mac_header - RTE_VLAN_HLEN);
	skb->mac_len = (__u16)(skb->mac_len + RTE_VLAN_HLEN);
	skb->vlan_all = 0;
	return TX_PLANNED;
}

/* Builds the chain for one skb (not GSO in software). */
static enum tx_outcome tx_plan_one(struct nm_port *p, struct nm_txq *txq, struct sk_buff *skb,
				   struct tx_plan *pl)
{
	bool direct_head = false;
	enum tx_outcome o;
	struct page *hp;
	int ret;

	if (unlikely(skb->len == 0))
		return TX_DROP_BAD;	/* nothing to send: malformed */
	if (skb->ip_summed == CHECKSUM_PARTIAL && !skb_is_gso(skb) &&
	    !(p->features & NETIF_F_CSUM_MASK)) {
		ret = skb_checksum_help(skb);
		if (ret != 0)
			return ret == -EFAULT ? TX_DROP_UNREADABLE : TX_DROP_BAD;
		txq->stats.tx_csum_sw++;
	}
	if (skb_is_gso(skb)) {
		if ((ret = tx_tso_prepare(p, skb)) != 0)
			return ret == -ENOMEM ? TX_DROP_NOMEM : TX_DROP_BAD;
		direct_head = p->txd_pool != NULL;
	}
	pl->skb = skb;
	pl->len = skb->len;
	pl->moved = tx_can_move(skb, p->tx_max_segs, &hp);
	pl->gone = pl->moved && tx_skb_in_slot(skb, hp);
	if (pl->moved) {
		pl->m = tx_build_moved(skb, hp);	/* a page's own mbuf: direct */
	} else {
		pl->m = tx_build_ext(p, txq, skb);
		if (pl->m == NULL)
			return TX_DROP_NOMEM;
	}
	pl->nb_segs = pl->m->nb_segs;
	if (unlikely(direct_head) && (o = tx_tso_direct_head(p, txq, skb, pl)) != TX_PLANNED)
		return o;
	o = tx_offloads(p, txq, skb, pl->m);
	if (o != TX_PLANNED)
		tx_undo(pl);
	return o;
}

void tx_plan_of_fast(struct tx_plan *pl, struct sk_buff *skb, struct rte_mbuf *m,
			    uint16_t owner)
{
	pl->skb = skb;
	pl->m = m;
	pl->len = m->pkt_len;
	pl->owner = owner;
	pl->moved = true;
	pl->gone = tx_skb_in_slot(skb, nm_mbuf_to_page(m));
	pl->nb_segs = m->nb_segs;
}

static bool tx_needs_sw_gso(const struct nm_port *p, const struct sk_buff *skb)
{
	unsigned int t = skb_shinfo(skb)->gso_type;
	netdev_features_t need;

	if (!skb_is_gso(skb))
		return false;
	if (!(t & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)) || skb->len > p->caps.tso_max_size)
		return true;
	need = (t & SKB_GSO_TCPV4) ? NETIF_F_TSO : NETIF_F_TSO6;
	if (!(p->features & need))
		return true;
	/* the driver's word on this skb (ndo_features_check) */
	return p->features_check != NULL && !(p->features_check(p->port_id, skb, p->features) & need);
}

/* Segments @skb in software into plans (*cnt of them); TX_NO_ROOM when
 * the burst has no room left for its segments (the skb stays for later). */
static enum tx_outcome tx_plan_gso(struct nm_port *p, struct nm_txq *txq, struct sk_buff *skb,
				   struct tx_plan *plans, unsigned int room, unsigned int *cnt)
{
	unsigned int mss = skb_shinfo(skb)->gso_size;
	enum tx_outcome o = TX_PLANNED;
	struct sk_buff *segs, *s, *next;

	*cnt = 0;
	if (mss != 0 && mss != GSO_BY_FRAGS && skb->len / mss + 1 > room)
		return TX_NO_ROOM;
	segs = skb_gso_segment(skb, p->features & ~(NETIF_F_TSO | NETIF_F_TSO6));
	if (IS_ERR_OR_NULL(segs))
		return TX_DROP_BAD;
	skb_list_walk_safe(segs, s, next) {
		s->next = s->prev = NULL;
		if (o == TX_PLANNED && *cnt >= room)
			o = TX_NO_ROOM;
		if (o == TX_PLANNED)
			o = tx_plan_one(p, txq, s, &plans[*cnt]);
		if (o != TX_PLANNED) {
			kfree_skb(s);
			continue;
		}
		(*cnt)++;
	}
	if (o != TX_PLANNED) {
		for (unsigned int k = 0; k < *cnt; k++) {
			tx_undo(&plans[k]);
			kfree_skb(plans[k].skb);
		}
		*cnt = 0;
	}
	return o;
}


void tx_plan_rest(struct nm_port *p, struct nm_txq *txq, struct sk_buff **skbs, uint16_t n,
		  struct tx_plan *plans, struct rte_mbuf **pkts, struct tx_rest *r)
{
	unsigned int np = r->np, planned, i, cnt;

	for (planned = r->planned; planned < n && np < TX_MAX_PLANS; planned++) {
		struct sk_buff *skb = skbs[planned];
		struct page *hp = tx_fast_linear_ok(skb);
		enum tx_outcome o;

		if (hp != NULL) {
			pkts[np] = tx_move_head(skb, hp, 1);
			pkts[np]->ol_flags = 0;
			tx_plan_of_fast(&plans[np], skb, pkts[np], (uint16_t)planned);
			np++;
			continue;
		}
		if (unlikely(skb->vlan_all != 0) && (o = tx_vlan_push(skb)) != TX_PLANNED)
			goto stop;
		if (tx_needs_sw_gso(p, skb)) {
			r->gso_sw = true;
			o = tx_plan_gso(p, txq, skb, &plans[np], TX_MAX_PLANS - np, &cnt);
			if (o != TX_PLANNED)
				goto stop;
			for (i = np; i < np + cnt; i++) {
				plans[i].owner = (uint16_t)planned;
				pkts[i] = plans[i].m;
			}
			np += cnt;
			continue;
		}
		o = tx_plan_one(p, txq, skb, &plans[np]);
		if (o != TX_PLANNED)
			goto stop;
		pkts[np] = plans[np].m;
		plans[np++].owner = (uint16_t)planned;
		continue;
stop:
		r->stop = o;
		break;
	}
	r->planned = planned;
	r->np = np;
}

int tx_tso_head_init(struct nm_port *p, int socket, uint16_t nb_txd)
{
	const struct nm_net_driver *drv = nm_net_driver_find(p->caps.driver);
	static uint32_t gen;
	char name[RTE_MEMPOOL_NAMESIZE];

	p->features_check = drv != NULL ? drv->features_check : NULL;
	if (!p->caps.tx_tso_direct_head || !(p->tx_offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO))
		return 0;
	/* one head per TSO packet the TX rings and a burst in planning hold */
	snprintf(name, sizeof(name), "nm_txd%u_%u", p->port_id,
		 __atomic_fetch_add(&gen, 1, __ATOMIC_RELAXED));
	p->txd_pool = rte_pktmbuf_pool_create(name,
			RTE_MAX(1024u, (unsigned int)nb_txd * p->conf.nb_txq + TX_MAX_PLANS),
			64, 0, RTE_PKTMBUF_HEADROOM + TX_TSO_HDR_MAX, socket);
	return p->txd_pool != NULL ? 0 : -rte_errno;
}

void tx_tso_head_fini(struct nm_port *p)
{
	nm_port_mempool_release(p->port_id, p->txd_pool, "direct TSO heads");
	p->txd_pool = NULL;
	p->features_check = NULL;
}
