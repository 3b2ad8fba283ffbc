/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/port, included by port_rx_build.h: the portable RX skb
 * builder, field by field in C. Every architecture has it; a vector builder
 * must give the same bytes (tests/test_port_simd.c).
 */
#ifndef PORT_RX_BUILD_GENERIC_H
#define PORT_RX_BUILD_GENERIC_H

struct rx_build_generic_ctx {
	const struct sk_buff *tmpl;	/* the queue's template */
	struct page_pool *pool;		/* owner of the queue's pages */
	uint64_t end;			/* the template's end */
};

static inline void rx_build_generic_init(struct rx_build_generic_ctx *b,
					 const struct nm_rxq *rxq)
{
	b->tmpl = &rxq->tmpl;
	b->pool = rxq->pool;
	b->end = rxq->tmpl.end;
}

/* The words of the template copied as they are: mac_len up to tail. */
#define RX_TMPL_FROM	offsetof(struct sk_buff, mac_len)
#define RX_TMPL_TO	offsetof(struct sk_buff, tail)

/* The skb of @m with its page a page of @pool (the queue's own, or the
 * pool of another queue's page: rx_foreign_pool()). */
static inline __attribute__((always_inline)) struct sk_buff *
rx_build_generic_pool(const struct rx_build_generic_ctx *b, struct rte_mbuf *m,
		      struct page_pool *pool)
{
	struct page *page = nm_mbuf_to_page(m);
	struct sk_buff *skb = nm_page_skb_slot(page);
	const struct sk_buff *t = b->tmpl;
	unsigned int doff = m->data_off, dlen = m->data_len;
	unsigned char *head = page->virt;
	struct rx_eth eth = rx_eth_parse(head + doff, dlen);
	struct skb_shared_info *sh;

	/* One pp reference, the head's, and @pool as owner. */
	nm_netmem_set_pp_info(page_to_netmem(page), pool);
	page->_refcount = 1;
	memset(skb, 0, offsetof(struct sk_buff, len));	/* next, prev, tstamp, cb */
	skb->len = dlen;
	skb->data_len = 0;
	memcpy((char *)skb + RX_TMPL_FROM, (const char *)t + RX_TMPL_FROM,
	       RX_TMPL_TO - RX_TMPL_FROM);
	skb->packet_type = m->packet_type;
	skb->protocol = (__be16)eth.proto;
	/* A runt has no Ethernet header: mac_len 0, the network header at
	 * data, as the kernel's receive path resets it. */
	if (unlikely(eth.mac_len != RTE_ETHER_HDR_LEN))
		skb->mac_len = (__u16)eth.mac_len;
	skb->network_header = (__u16)(doff + eth.mac_len);
	skb->mac_header = (__u16)doff;
	skb->tail = doff + dlen;
	skb->end = (sk_buff_data_t)b->end;
	skb->head = head;
	skb->data = head + doff;
	skb->truesize = t->truesize;
	skb->users = t->users;
	skb->destructor = NULL;
	skb->dev = NULL;
	/* shared info: all zero but dataref 1 */
	sh = (struct skb_shared_info *)(void *)(head + b->end);
	memset(sh, 0, offsetof(struct skb_shared_info, frags));
	sh->dataref = 1;
	return skb;
}

static inline __attribute__((always_inline)) struct sk_buff *
rx_build_generic(const struct rx_build_generic_ctx *b, struct rte_mbuf *m)
{
	return rx_build_generic_pool(b, m, b->pool);
}

#endif /* PORT_RX_BUILD_GENERIC_H */
