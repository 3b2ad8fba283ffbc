/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TX: skbs become mbuf chains with no payload copy.
 *  - moved: the skb solely owns every page it uses (one reference, data not
 *    shared, no frag_list): each page's own mbuf becomes a segment and the
 *    reference goes with it; the PMD's free returns the page to its mempool.
 *  - external: otherwise every piece (head, frags, frag_list) becomes an
 *    external-buffer segment holding one new reference of the kind its memory
 *    asks for; its free callback drops exactly that reference once the NIC is
 *    done, so a page returns to its pool only after every send completed.
 * Only memory with no page behind it (an rte_malloc head), or a packet with
 * more segments than the port takes, is copied, and counted.
 * GSO goes out by TSO where the port has it, else skb_gso_segment();
 * CHECKSUM_PARTIAL by offload, else skb_checksum_help().
 */
#include <errno.h>

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "devmem_priv.h"
#include "port_priv.h"

#define TX_MAX_PLANS	512

struct tx_plan {
	struct sk_buff *skb;	/* what this chain carries */
	struct rte_mbuf *m;	/* first segment */
	uint32_t len;		/* skb->len: the skb may leave with m */
	uint16_t owner;		/* index of the caller's skb */
	bool moved;		/* page mbufs given away */
	bool gone;		/* moved with the struct in m: nothing to free */
	uint16_t nb_segs;	/* counted once the PMD took the chain */
};

void nm_tx_ext_free(void *addr, void *opaque)
{
	struct nm_tx_ext *ext = opaque;

	(void)addr;
	skb_netmem_unref(ext->netmem, false);
	if (ext->uarg != NULL)
		net_zcopy_put(ext->uarg);	/* MSG_ZEROCOPY completes only now */
}

/* An external-buffer segment over @len bytes at @off of @netmem, holding a
 * new reference on it. */
static struct rte_mbuf *tx_ext_seg(struct nm_port *p, netmem_ref netmem, unsigned int off,
				   unsigned int len, struct ubuf_info *uarg)
{
	struct rte_mbuf *h = rte_pktmbuf_alloc(p->txh_pool);
	struct nm_tx_ext *ext;
	void *va;
	uint16_t buf_len;

	if (unlikely(h == NULL))
		return NULL;
	ext = rte_mbuf_to_priv(h);
	ext->netmem = netmem;
	ext->uarg = uarg;
	if (uarg != NULL)
		net_zcopy_get(uarg);
	ext->shinfo.free_cb = nm_tx_ext_free;
	ext->shinfo.fcb_opaque = ext;
	rte_mbuf_ext_refcnt_set(&ext->shinfo, 1);
	if (netmem_is_net_iov(netmem)) {
		/* Device memory: the NIC reads it by IOVA; a software PMD by
		 * the host address the region is mapped at. */
		va = net_devmem_niov_host_addr(netmem_to_net_iov(netmem));
		buf_len = (uint16_t)PAGE_SIZE;
	} else {
		va = page_address(netmem_to_page(netmem));
		buf_len = (uint16_t)RTE_MIN(page_size(netmem_to_page(netmem)),
					    (size_t)UINT16_MAX);
	}
	skb_netmem_ref(netmem);
	rte_pktmbuf_attach_extbuf(h, va, netmem_get_dma_addr(netmem), buf_len, &ext->shinfo);
	h->data_off = (uint16_t)off;
	h->data_len = (uint16_t)len;
	h->pkt_len = len;
	return h;
}

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

/* True when the skb holds the only reference on @page. */
static inline bool page_sole(const struct page *page)
{
	if (page_is_ext(page) || page->_refcount != 1)
		return false;
	if (page->pp == NULL || (page->pp_magic & PP_MAGIC_MASK) != PP_SIGNATURE)
		return true;
	return page->pp_ref_count == 1;
}

/* True when @skb's struct lives in @page's slot (see skb_priv.h): it
 * leaves with the page's mbuf, so it must have nothing left to do after
 * the send (no destructor). */
static inline bool tx_slot_gone(const struct sk_buff *skb, const struct page *page)
{
	return skb->fclone == SKB_FCLONE_EMBEDDED && nm_skb_slot_page(skb) == page;
}

/* True when every page @skb uses is its alone, one per segment. */
static bool tx_can_move(const struct nm_port *p, const struct sk_buff *skb, struct page **hp)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	bool slot;

	if (skb->users != 1 || skb_cloned(skb) || skb_zcopy(skb) || sh->frag_list != NULL ||
	    !skb->head_frag || skb_headlen(skb) == 0)
		return false;
	if (p->tx_max_segs != 0 && sh->nr_frags + 1 > p->tx_max_segs)
		return false;
	*hp = nm_page_at_start(skb->head);	/* an RX skb: no map lookup */
	if (*hp == NULL)
		*hp = virt_to_head_page(skb->head);
	if (*hp == NULL)
		return false;
	slot = tx_slot_gone(skb, *hp);
	if ((slot && skb->destructor != NULL) || !page_sole(*hp))
		return false;
	for (int i = 0; i < sh->nr_frags; i++) {
		const struct page *fp = skb_frag_page(&sh->frags[i]);

		if (fp == NULL || !page_sole(fp))
			return false;
	}
	return true;
}

/* The first mbuf of a moved chain: the head page's own, over the head's
 * bytes; the page's reference goes with it. */
static inline struct rte_mbuf *tx_move_head(const struct sk_buff *skb, struct page *hp,
					    uint16_t nb_segs)
{
	struct rte_mbuf *m = nm_page_to_mbuf(hp);

	m->data_off = (uint16_t)(skb->data - (unsigned char *)page_address(hp));
	m->data_len = (uint16_t)skb_headlen(skb);
	m->pkt_len = skb->len;
	m->nb_segs = nb_segs;
	m->next = NULL;
	hp->_refcount = 0;
	return m;
}

static struct rte_mbuf *tx_build_moved(const struct sk_buff *skb, struct page *hp)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	struct rte_mbuf *m = tx_move_head(skb, hp, (uint16_t)(1 + sh->nr_frags)), *prev = m;

	for (int i = 0; i < sh->nr_frags; i++) {
		struct page *fp = skb_frag_page(&sh->frags[i]);
		struct rte_mbuf *fm = nm_page_to_mbuf(fp);

		fm->data_off = (uint16_t)skb_frag_off(&sh->frags[i]);
		fm->data_len = (uint16_t)skb_frag_size(&sh->frags[i]);
		fm->nb_segs = 1;
		fp->_refcount = 0;
		prev->next = fm;
		prev = fm;
	}
	prev->next = NULL;
	return m;
}

/* Gives moved pages back to the skb after the PMD refused the chain. */
static void tx_unmove(struct rte_mbuf *m)
{
	while (m != NULL) {
		struct rte_mbuf *next = m->next;

		nm_mbuf_to_page(m)->_refcount = 1;
		m->next = NULL;
		m->nb_segs = 1;
		m = next;
	}
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

		if (hp != NULL)
			s = tx_ext_seg(p, page_to_netmem(hp),
				       (unsigned int)(skb->data - (unsigned char *)page_address(hp)),
				       hl, skb_zcopy(skb));
		else
			s = tx_copy_seg(txq, skb, 0, hl);
		if (s == NULL)
			return -ENOMEM;
		**tail = s;
		*tail = &s->next;
		n++;
	}
	for (int i = 0; i < sh->nr_frags; i++) {
		const skb_frag_t *f = &sh->frags[i];
		struct rte_mbuf *s = tx_ext_seg(p, f->netmem, f->offset, f->len, skb_zcopy(skb));

		if (s == NULL)
			return -ENOMEM;
		**tail = s;
		*tail = &s->next;
		n++;
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

/* Offload fields of the first segment; software checksum when needed.
 * Returns 0, or a drop cause + 1. */
static int tx_offloads(struct nm_port *p, struct nm_txq *txq, struct sk_buff *skb,
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
				return (ret == -EFAULT ? NM_DROP_TX_UNREADABLE : NM_DROP_TX_BAD) + 1;
			txq->stats.tx_csum_sw++;
		}
	}
	/* Keep RTE_MBUF_F_EXTERNAL of an external segment. */
	m->ol_flags = (m->ol_flags & RTE_MBUF_F_EXTERNAL) | fl;
	return 0;
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
 * a device without TX VLAN offload; 0 or a drop cause + 1. */
static int tx_vlan_push(struct sk_buff *skb)
{
	__be16 proto = skb->vlan_proto ? skb->vlan_proto : rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
	uint8_t *p;

	if (skb_headlen(skb) < 2 * RTE_ETHER_ADDR_LEN)
		return NM_DROP_TX_BAD + 1;
	if (skb_cow_head(skb, RTE_VLAN_HLEN) != 0)
		return NM_DROP_TX_NOMEM + 1;
	p = skb_push(skb, RTE_VLAN_HLEN);
	memmove(p, p + RTE_VLAN_HLEN, 2 * RTE_ETHER_ADDR_LEN);
	memcpy(p + 2 * RTE_ETHER_ADDR_LEN, &proto, 2);	/* 802.1Q when unset */
	p[2 * RTE_ETHER_ADDR_LEN + 2] = (uint8_t)(skb->vlan_tci >> 8);
	p[2 * RTE_ETHER_ADDR_LEN + 3] = (uint8_t)skb->vlan_tci;
	if (skb_mac_header_was_set(skb))
		skb->mac_header = (__u16)(skb->mac_header - RTE_VLAN_HLEN);
	skb->mac_len = (__u16)(skb->mac_len + RTE_VLAN_HLEN);
	skb->vlan_all = 0;
	return 0;
}

/* Builds the chain for one skb (not GSO in software). */
static int tx_plan_one(struct nm_port *p, struct nm_txq *txq, struct sk_buff *skb,
		       struct tx_plan *pl)
{
	struct page *hp;
	int ret;

	if (unlikely(skb->len == 0))
		return NM_DROP_TX_BAD + 1;	/* nothing to send: malformed */
	if (skb->ip_summed == CHECKSUM_PARTIAL && !skb_is_gso(skb) &&
	    !(p->features & NETIF_F_CSUM_MASK)) {
		ret = skb_checksum_help(skb);
		if (ret != 0)
			return (ret == -EFAULT ? NM_DROP_TX_UNREADABLE : NM_DROP_TX_BAD) + 1;
		txq->stats.tx_csum_sw++;
	}
	if (skb_is_gso(skb) && (ret = tx_tso_prepare(p, skb)) != 0)
		return (ret == -ENOMEM ? NM_DROP_TX_NOMEM : NM_DROP_TX_BAD) + 1;
	pl->skb = skb;
	pl->len = skb->len;
	pl->moved = tx_can_move(p, skb, &hp);
	pl->gone = pl->moved && tx_slot_gone(skb, hp);
	if (pl->moved) {
		pl->m = tx_build_moved(skb, hp);
	} else {
		pl->m = tx_build_ext(p, txq, skb);
		if (pl->m == NULL)
			return NM_DROP_TX_NOMEM + 1;
	}
	pl->nb_segs = pl->m->nb_segs;
	ret = tx_offloads(p, txq, skb, pl->m);
	if (ret != 0) {
		if (pl->moved)
			tx_unmove(pl->m);
		else
			rte_pktmbuf_free(pl->m);
	}
	return ret;
}

/* The common case: a linear skb that solely owns its head page, nothing
 * to offload. Returns the head page's mbuf, set up for the send (the
 * page's reference goes with it; *gone: the struct too), or NULL to take
 * the general way (nothing changed). */
static_assert(offsetof(struct skb_shared_info, flags) == 0 &&
	      offsetof(struct skb_shared_info, nr_frags) == 2 &&
	      offsetof(struct skb_shared_info, gso_size) == 4,
	      "tx_fast_mbuf() reads flags, nr_frags and gso_size as one word");
/* flags & SKBFL_ZEROCOPY_ENABLE, nr_frags, gso_size */
#define TX_FAST_SHINFO_MASK	(SKBFL_ZEROCOPY_ENABLE | 0xffULL << 16 | 0xffffULL << 32)

static inline __attribute__((always_inline)) struct rte_mbuf *
tx_fast_mbuf(struct sk_buff *skb, bool *gone)
{
	const struct skb_shared_info *sh;
	struct rte_mbuf *m;
	struct page *hp;
	uint64_t w;
	bool slot;

	if (unlikely(skb->users != 1 || skb->cloned || !skb->head_frag || skb->data_len != 0 ||
		     skb->ip_summed == CHECKSUM_PARTIAL || skb->len == 0 || skb->vlan_all != 0))
		return NULL;
	/* no frags, no GSO, no zero-copy completion: one word, and frag_list */
	sh = skb_shinfo(skb);
	memcpy(&w, sh, sizeof(w));
	if (unlikely((w & TX_FAST_SHINFO_MASK) != 0 || sh->frag_list != NULL))
		return NULL;
	/* An RX skb's struct is in its head page's slot: no lookup. */
	hp = skb->fclone == SKB_FCLONE_EMBEDDED ? nm_skb_slot_page(skb) :
						  nm_page_at_start(skb->head);
	if (unlikely(hp == NULL || hp->virt != skb->head))
		return NULL;
	slot = tx_slot_gone(skb, hp);
	if (unlikely((slot && skb->destructor != NULL) || !page_sole(hp)))
		return NULL;
	m = tx_move_head(skb, hp, 1);
	m->ol_flags = 0;
	*gone = slot;
	return m;
}

/*
 * tx_fast_slot(): tx_fast_mbuf() for the skb RX made, the struct in its head
 * page's slot, with fewer tests, each on a word: the flag bits, len with
 * data_len, users, the shared info's first word, the page's refcount with
 * its flags. The flag bits are found by name at startup (tx_flags_init()).
 */
#define TX_FLAGS_OFF	0x58	/* the bitfields after port, then vlan_all */
static_assert(offsetof(struct sk_buff, port) + 2 == TX_FLAGS_OFF &&
	      offsetof(struct sk_buff, vlan_all) == TX_FLAGS_OFF + 4 &&
	      offsetof(struct sk_buff, priority) == TX_FLAGS_OFF + 8 &&
	      offsetof(struct sk_buff, data_len) == offsetof(struct sk_buff, len) + 4 &&
	      offsetof(struct sk_buff, users) == offsetof(struct sk_buff, truesize) + 4,
	      "tx_fast_slot() reads these sk_buff fields as words");
static_assert(offsetof(struct page, order) == offsetof(struct page, _refcount) + 4 &&
	      offsetof(struct page, flags) == offsetof(struct page, _refcount) + 6,
	      "tx_fast_slot() reads _refcount and flags as one word");
static_assert(offsetof(struct rte_mbuf, data_len) == offsetof(struct rte_mbuf, pkt_len) + 4 &&
	      offsetof(struct rte_mbuf, vlan_tci) == offsetof(struct rte_mbuf, pkt_len) + 6,
	      "tx_fast_slot() writes pkt_len, data_len and vlan_tci as one word");

/* Of the word of the flag bits and vlan_all: the bits tested, and their
 * value for a slot skb (not cloned, fclone embedded, head_frag, ip_summed
 * NONE or UNNECESSARY, vlan_all 0: no VLAN tag to insert). */
static uint64_t tx_flags_mask, tx_flags_slot;

static void __attribute__((constructor)) tx_flags_init(void)
{
	struct sk_buff s;

	memset(&s, 0, sizeof(s));
	s.cloned = 1;
	s.fclone = 3;
	s.head_frag = 1;
	s.ip_summed = 2;	/* COMPLETE and PARTIAL */
	s.vlan_all = ~0U;
	memcpy(&tx_flags_mask, (const char *)&s + TX_FLAGS_OFF, sizeof(tx_flags_mask));
	memset(&s, 0, sizeof(s));
	s.fclone = SKB_FCLONE_EMBEDDED;
	s.head_frag = 1;
	memcpy(&tx_flags_slot, (const char *)&s + TX_FLAGS_OFF, sizeof(tx_flags_slot));
}

/* Returns the head page's mbuf set up for the send (the page's reference
 * and the struct go with it), or NULL with nothing changed. A page's mbuf
 * has next NULL and nb_segs 1 whenever no chain is being sent (RX, the
 * page_pool and TX's undo keep it so): they are not written. */
static inline __attribute__((always_inline)) struct rte_mbuf *
tx_fast_slot(uint64_t flags_mask, uint64_t flags_slot, struct sk_buff *skb)
{
	struct page *hp = nm_skb_slot_page(skb);
	const struct skb_shared_info *sh;
	uint64_t lens, tu, sw, pw, fl;
	struct rte_mbuf *m;

	memcpy(&fl, (const char *)skb + TX_FLAGS_OFF, sizeof(fl));
	memcpy(&lens, &skb->len, sizeof(lens));		/* len, data_len */
	memcpy(&tu, &skb->truesize, sizeof(tu));	/* truesize, users */
	/* 1 <= len <= UINT16_MAX (one mbuf segment), data_len 0 */
	if (unlikely((fl & flags_mask) != flags_slot || lens - 1 >= UINT16_MAX || tu >> 32 != 1 ||
		     hp->virt != skb->head || skb->destructor != NULL))
		return NULL;
	sh = skb_shinfo(skb);
	memcpy(&sw, sh, sizeof(sw));
	memcpy(&pw, &hp->_refcount, sizeof(pw));	/* _refcount, order, nid, flags */
	if (unlikely((sw & TX_FAST_SHINFO_MASK) != 0 || sh->frag_list != NULL ||
		     (pw & (0xffffffffULL | (uint64_t)NM_PAGE_EXT << 48)) != 1 ||
		     hp->pp_ref_count != 1))
		return NULL;
	m = nm_page_to_mbuf(hp);
#ifdef NM_DEBUG
	RTE_VERIFY(m->next == NULL && m->nb_segs == 1);
#endif
	m->data_off = (uint16_t)(skb->data - skb->head);
	lens |= lens << 32;				/* pkt_len, data_len; vlan_tci 0 */
	memcpy(&m->pkt_len, &lens, sizeof(lens));
	m->ol_flags = 0;
	hp->_refcount = 0;
	return m;
}

/* The plan of a chain tx_fast_mbuf() made (@skb still there). */
static void tx_plan_of_fast(struct tx_plan *pl, struct sk_buff *skb, struct rte_mbuf *m,
			    uint16_t owner)
{
	pl->skb = skb;
	pl->m = m;
	pl->len = m->pkt_len;
	pl->owner = owner;
	pl->moved = true;
	pl->gone = tx_slot_gone(skb, nm_mbuf_to_page(m));
	pl->nb_segs = 1;
}

/* Frees an skb whose pages went with their mbufs: struct only. */
static void tx_free_moved(struct sk_buff *skb)
{
	if (skb->destructor != NULL)
		skb->destructor(skb);
	skb->destructor = NULL;
	if (likely(skb->fclone == SKB_FCLONE_UNAVAILABLE)) {
		skb->users = 0;		/* a later free is a double free */
		nm_skb_struct_free(skb);
		return;
	}
	kfree_skbmem(skb);
}

static bool tx_needs_sw_gso(const struct nm_port *p, const struct sk_buff *skb)
{
	unsigned int t = skb_shinfo(skb)->gso_type;

	if (!skb_is_gso(skb))
		return false;
	if (!(t & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)) || skb->len > p->caps.tso_max_size)
		return true;
	return !(p->features & ((t & SKB_GSO_TCPV4) ? NETIF_F_TSO : NETIF_F_TSO6));
}

static void tx_undo(struct tx_plan *pl)
{
	if (pl->moved)
		tx_unmove(pl->m);
	else
		rte_pktmbuf_free(pl->m);
}

/* Segments @skb in software into plans; 0 or a drop cause + 1, -1 when the
 * burst has no room left for its segments (the skb stays for later). */
static int tx_plan_gso(struct nm_port *p, struct nm_txq *txq, struct sk_buff *skb,
		       struct tx_plan *plans, unsigned int room, unsigned int *cnt)
{
	unsigned int mss = skb_shinfo(skb)->gso_size;
	struct sk_buff *segs, *s, *next;
	int drop = 0;

	*cnt = 0;
	if (mss != 0 && mss != GSO_BY_FRAGS && skb->len / mss + 1 > room)
		return -1;
	segs = skb_gso_segment(skb, p->features & ~(NETIF_F_TSO | NETIF_F_TSO6));
	if (IS_ERR_OR_NULL(segs))
		return NM_DROP_TX_BAD + 1;
	skb_list_walk_safe(segs, s, next) {
		s->next = s->prev = NULL;
		if (drop == 0 && *cnt >= room)
			drop = -1;
		if (drop == 0)
			drop = tx_plan_one(p, txq, s, &plans[*cnt]);
		if (drop != 0) {
			kfree_skb(s);
			continue;
		}
		(*cnt)++;
	}
	if (drop != 0) {
		for (unsigned int k = 0; k < *cnt; k++) {
			tx_undo(&plans[k]);
			kfree_skb(plans[k].skb);
		}
		*cnt = 0;
		return drop;
	}
	return 0;
}

uint16_t nm_tx_burst(uint16_t port_id, uint16_t queue, struct sk_buff **skbs, uint16_t n)
{
	struct nm_port *p = nm_port_get(port_id);
	struct tx_plan plans[TX_MAX_PLANS];
	struct rte_mbuf *pkts[TX_MAX_PLANS];
	unsigned int np, lim, i, cnt;
	uint16_t planned, sent, taken, partial = UINT16_MAX;
	uint64_t flags_mask = tx_flags_mask, flags_slot = tx_flags_slot;
	struct nm_txq *txq;
	uint64_t bytes = 0, zc_segs = 0, ext_segs = 0;
	bool gso_sw = false, all_gone = true, gone = false;
	int drop = 0;

	if (unlikely(p == NULL || queue >= p->nb_txq))
		return 0;
	txq = &p->txq[queue];
	/* The common run first, with no plans: they are made only when
	 * something after it, or after the send, needs them. */
	lim = RTE_MIN((unsigned int)n, (unsigned int)TX_MAX_PLANS);
	for (np = 0; np < lim; np++) {
		struct rte_mbuf *m = tx_fast_slot(flags_mask, flags_slot, skbs[np]);

		if (likely(m != NULL)) {
			pkts[np] = m;
			bytes += m->pkt_len;
			continue;
		}
		m = tx_fast_mbuf(skbs[np], &gone);
		if (unlikely(m == NULL))
			break;
		pkts[np] = m;
		all_gone &= gone;
		bytes += m->pkt_len;
	}
	planned = (uint16_t)np;
	if (unlikely(!all_gone || np < lim))
		for (i = 0; i < np; i++)
			tx_plan_of_fast(&plans[i], skbs[i], pkts[i], (uint16_t)i);
	for (; planned < n && np < TX_MAX_PLANS; planned++) {
		struct sk_buff *skb = skbs[planned];
		struct rte_mbuf *m = tx_fast_mbuf(skb, &gone);

		all_gone = false;
		if (m != NULL) {
			tx_plan_of_fast(&plans[np], skb, m, planned);
			bytes += m->pkt_len;
			pkts[np++] = m;
			continue;
		}
		if (unlikely(skb->vlan_all != 0) && (drop = tx_vlan_push(skb)) != 0)
			break;
		if (tx_needs_sw_gso(p, skb)) {
			gso_sw = true;
			drop = tx_plan_gso(p, txq, skb, &plans[np], TX_MAX_PLANS - np, &cnt);
			if (drop != 0)
				break;
			for (i = np; i < np + cnt; i++) {
				plans[i].owner = planned;
				pkts[i] = plans[i].m;
			}
			np += cnt;
			continue;
		}
		drop = tx_plan_one(p, txq, skb, &plans[np]);
		if (drop != 0)
			break;
		pkts[np] = plans[np].m;
		plans[np++].owner = planned;
	}
	sent = np ? rte_eth_tx_burst(port_id, queue, pkts, (uint16_t)np) : 0;

	/* Sent chains: release what each skb still holds. */
	if (likely(all_gone)) {
		/* Fast skbs only, each gone with its page: plans for those the
		 * PMD did not take (still the caller's), their bytes out. */
		for (i = sent; i < np; i++) {
			tx_plan_of_fast(&plans[i], skbs[i], pkts[i], (uint16_t)i);
			bytes -= plans[i].len;
		}
		zc_segs = sent;		/* one page each, struct and all */
		goto counted;
	}
	bytes = 0;
	for (i = 0; i < sent; i++) {
		bytes += plans[i].len;
		if (likely(plans[i].moved)) {
			zc_segs += plans[i].nb_segs;
			if (!plans[i].gone)
				tx_free_moved(plans[i].skb);
		} else {
			ext_segs += plans[i].nb_segs;
			consume_skb(plans[i].skb);
		}
	}
counted:
	txq->stats.tx_packets += sent;
	txq->stats.tx_bytes += bytes;
	txq->stats.tx_zc_segs += zc_segs;
	txq->stats.tx_ext_segs += ext_segs;
	/* Taken: every caller skb before the first unsent chain, plus the skb
	 * whose GSO segments were sent in part (its other segments drop). */
	taken = sent < np ? plans[sent].owner : planned;
	if (sent > 0 && sent < np && plans[sent - 1].owner == plans[sent].owner) {
		partial = plans[sent].owner;
		taken = partial + 1;
	}
	for (i = sent; i < np; i++) {
		tx_undo(&plans[i]);
		if (plans[i].skb != skbs[plans[i].owner])
			kfree_skb(plans[i].skb);	/* a software GSO segment */
		if (plans[i].owner == partial)
			txq->stats.drops[NM_DROP_TX_FULL]++;
	}
	/* Software-GSO originals were replaced by their segments. */
	for (i = 0; gso_sw && i < np; i++)
		if (plans[i].owner < taken && plans[i].skb != skbs[plans[i].owner] &&
		    (i == 0 || plans[i - 1].owner != plans[i].owner)) {
			consume_skb(skbs[plans[i].owner]);
			txq->stats.tx_gso_sw++;
		}
	/* An skb that cannot go, right after all taken ones: a counted drop. */
	if (drop > 0 && taken == planned && planned < n) {
		txq->stats.drops[drop - 1]++;
		kfree_skb(skbs[planned]);
		taken++;
	}
	return taken;
}

void nm_tx_drop_unsent(uint16_t port_id, uint16_t queue, struct sk_buff **skbs, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++)
		kfree_skb(skbs[i]);
	nm_port_count_drop(port_id, queue, NM_DROP_TX_FULL, n);
}
