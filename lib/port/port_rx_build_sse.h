/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/port, included by port_rx_build.h on x86 with SSE2: the RX
 * skb builder in whole 16-byte stores, line by line. A forwarding core's RX
 * time goes into stores (each narrow store to another line than the one
 * before costs about a cycle), and these are twelve for the sk_buff and
 * three for the shared info. The words are the queue's template with the
 * packet's fields put in; which field sits where in each word is stated
 * (and asserted) in skbuff.h next to struct sk_buff. The bytes are those of
 * rx_build_generic(), which tests/test_port_simd.c checks.
 */
#ifndef PORT_RX_BUILD_SSE_H
#define PORT_RX_BUILD_SSE_H

#ifndef __SSE2__
#error "port_rx_build_sse.h needs SSE2"
#endif
#include <emmintrin.h>

struct rx_build_sse_ctx {
	uint64_t end;		/* the template's end */
	uint64_t end_hi;	/* end in the word of tail, end, head */
	__m128i w_mac;		/* template word of mac_len .. vlan_all */
	__m128i w_size;		/* truesize, users in the word of data */
	__m128i pp;		/* pp_magic, pp of the queue's pages */
	__m128i dataref;	/* shared info word 2: dataref 1 */
};

/* A 64-bit value @v at byte @off (0 or 8) of its word, shifted by @sh bits. */
#define RX_W64(v, off, sh)						\
	((off) == 0 ? _mm_cvtsi64_si128((long long)((uint64_t)(v) << (sh))) :	\
		      _mm_slli_si128(_mm_cvtsi64_si128((long long)((uint64_t)(v) << (sh))), 8))

static inline void rx_build_sse_init(struct rx_build_sse_ctx *b, const struct nm_rxq *rxq)
{
	const struct sk_buff *t = &rxq->tmpl;

	b->end = t->end;
	b->end_hi = (uint64_t)t->end << (SKB_WORD16_OFF(end) * 8);
	b->w_mac = _mm_load_si128((const __m128i *)(const void *)t + SKB_WORD16(mac_len));
	b->w_size = _mm_set_epi64x((long long)((uint64_t)(uint32_t)t->users << 32 | t->truesize), 0);
	/* The words nm_netmem_set_pp_info() writes: pp_magic, pp (netmem.h). */
	b->pp = _mm_set_epi64x((long long)(uintptr_t)rxq->pool, (long long)PP_SIGNATURE);
	b->dataref = _mm_set_epi64x(0, 1);
}

/* The skb of @m, its page's first word @pp (pp_magic, pp). */
static inline __attribute__((always_inline)) struct sk_buff *
rx_build_sse_pp(const struct rx_build_sse_ctx *b, struct rte_mbuf *m, __m128i pp)
{
	struct page *page = nm_mbuf_to_page(m);
	struct sk_buff *skb = nm_page_skb_slot(page);
	__m128i *w = (__m128i *)(void *)skb, *sw;
	uint64_t doff = m->data_off, dlen = m->data_len;
	unsigned char *head = page->virt;
	struct rx_eth eth;
	/* No Ethernet header (a runt): the network header at data, as the
	 * kernel's receive path resets it there (eth_type_trans() could not
	 * pull); this costs no instruction over a constant here. */
	uint64_t nh;
	__m128i z = _mm_setzero_si128();

	/* One pp reference, the head's, and the pool of @pp as owner: the
	 * first word of struct page, then the counts. */
	_mm_store_si128((__m128i *)(void *)page, pp);
	page->pp_ref_count = 1;
	page->_refcount = 1;
	/* The skb starts at the Ethernet header (as XDP sees it). */
	eth = rx_eth_parse(head + doff, dlen);
	nh = doff + eth.mac_len;
	for (unsigned int i = 0; i < SKB_WORD16(len); i++)
		_mm_store_si128(w + i, z);		/* next, prev, tstamp, cb */
	_mm_store_si128(w + SKB_WORD16(len), RX_W64(dlen, SKB_WORD16_OFF(len), 0));
							/* cb, len, data_len */
	_mm_store_si128(w + SKB_WORD16(mac_len), b->w_mac);	/* mac_len .. vlan_all */
	_mm_store_si128(w + SKB_WORD16(priority), z);		/* priority, hash, csum, mark */
	_mm_store_si128(w + SKB_WORD16(packet_type),		/* skb_iif, ptype, protocol */
			_mm_set_epi64x((long long)eth.proto,
				       (long long)((uint64_t)m->packet_type << 32)));
	_mm_store_si128(w + SKB_WORD16(mac_header),		/* header offsets */
			_mm_cvtsi64_si128((long long)(0xffffULL << (SKB_WORD16_OFF(transport_header) * 8) |
						      nh << (SKB_WORD16_OFF(network_header) * 8) |
						      doff << (SKB_WORD16_OFF(mac_header) * 8))));
	_mm_store_si128(w + SKB_WORD16(tail), _mm_set_epi64x((long long)(uintptr_t)head,
							     (long long)((doff + dlen) | b->end_hi)));
							/* tail, end, head */
	_mm_store_si128(w + SKB_WORD16(data),
			_mm_or_si128(b->w_size, _mm_cvtsi64_si128((long long)(uintptr_t)(head + doff))));
							/* data, truesize, users */
	_mm_store_si128(w + SKB_WORD16(destructor), z);	/* destructor, dev */
	if (unlikely(eth.mac_len != RTE_ETHER_HDR_LEN))
		skb->mac_len = (__u16)eth.mac_len;
	/* shared info: all zero but dataref 1 */
	sw = (__m128i *)(void *)(head + b->end);
	_mm_store_si128(sw + 0, z);
	_mm_store_si128(sw + 1, z);
	_mm_store_si128(sw + 2, b->dataref);
	return skb;
}

static inline __attribute__((always_inline)) struct sk_buff *
rx_build_sse(const struct rx_build_sse_ctx *b, struct rte_mbuf *m)
{
	return rx_build_sse_pp(b, m, b->pp);
}

/* rx_build_generic_pool() in words: the skb of @m, its page a page of @pool. */
static inline __attribute__((always_inline)) struct sk_buff *
rx_build_sse_pool(const struct rx_build_sse_ctx *b, struct rte_mbuf *m, struct page_pool *pool)
{
	return rx_build_sse_pp(b, m, _mm_set_epi64x((long long)(uintptr_t)pool,
						    (long long)PP_SIGNATURE));
}

#endif /* PORT_RX_BUILD_SSE_H */
