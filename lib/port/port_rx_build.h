/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/port: the RX fast path's skb builder. rx_fast() turns a
 * direct single-segment mbuf of the queue's own page mempool into the skb
 * embedded in its page's slot (see skb_priv.h): the page becomes the head
 * and the skb starts from the queue's template (nm_rxq_tmpl_init()) with
 * the packet's fields put in.
 *
 * Two builders give the same bytes: a portable one in C
 * (port_rx_build_generic.h) and one of whole 16-byte stores
 * (port_rx_build_sse.h), chosen by meson's -Dsimd (auto: SSE2 on x86_64).
 * tests/test_port_simd.c compiles both and compares what they build.
 */
#ifndef PORT_RX_BUILD_H
#define PORT_RX_BUILD_H

#include <string.h>

#include <rte_ether.h>

#include "netmem_priv.h"	/* the page mempools' private area */
#include "port_priv.h"
#include "skb_priv.h"
#include "nm_simd.h"		/* NM_SIMD_SSE2, from meson's -Dsimd */

/* What an Ethernet header of @dlen bytes at @d says: mac_len (0: a runt,
 * no header) and the protocol (network order, 0 for a runt). */
struct rx_eth {
	uint64_t mac_len;
	uint64_t proto;
};

static inline __attribute__((always_inline)) struct rx_eth
rx_eth_parse(const unsigned char *d, uint64_t dlen)
{
	struct rx_eth e = { 0, 0 };

	if (likely(dlen >= RTE_ETHER_HDR_LEN)) {
		uint16_t et;

		e.mac_len = RTE_ETHER_HDR_LEN;
		/* Any alignment: the PMD or the sender chose data_off. */
		memcpy(&et, d + offsetof(struct rte_ether_hdr, ether_type), 2);
		if (unlikely(et == rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN) &&
			     dlen >= RTE_ETHER_HDR_LEN + 4)) {
			e.mac_len += 4;
			memcpy(&et, d + RTE_ETHER_HDR_LEN + 2, 2);
		}
		e.proto = et;
	}
	return e;
}

#include "port_rx_build_generic.h"
#if defined(__SSE2__) && (NM_SIMD_SSE2 || defined(NM_RX_BUILD_ALL))
#include "port_rx_build_sse.h"
#endif

#if NM_SIMD_SSE2
#define rx_build_ctx		rx_build_sse_ctx
#define rx_build_ctx_init	rx_build_sse_init
#define rx_build		rx_build_sse
#define rx_build_pool		rx_build_sse_pool
#else
#define rx_build_ctx		rx_build_generic_ctx
#define rx_build_ctx_init	rx_build_generic_init
#define rx_build		rx_build_generic
#define rx_build_pool		rx_build_generic_pool
#endif

/* What rx_fast_ok() and rx_fast() use of the queue for a whole burst,
 * loaded once: held in registers, since the skb stores could otherwise
 * alias the queue and force a reload per packet. */
struct rx_fast_ctx {
	const struct rte_mempool *mp;
	uint64_t slow_flags;	/* ol_flags for another path: not direct, offloads */
	struct rx_build_ctx b;
	/* rx_foreign_pool()'s answer for the last other page mempool seen
	 * (its mempool checked): a burst's foreign pages mostly share one. */
	const struct rte_mempool *fmp;
	struct page_pool *fpp;
};

static inline void rx_fast_ctx_init(struct rx_fast_ctx *c, const struct nm_port *port,
				    const struct nm_rxq *rxq)
{
	c->mp = rxq->mp;
	c->slow_flags = RTE_MBUF_F_INDIRECT | RTE_MBUF_F_EXTERNAL | port->rx_meta_flags;
	rx_build_ctx_init(&c->b, rxq);
	c->fmp = NULL;
	c->fpp = NULL;
}

/* rx_fast_ok() reads data_off, refcnt and nb_segs as one word at DPDK's
 * rearm_data marker: the bit position of each field in it. */
#define RX_REARM_SHIFT(f)						\
	((offsetof(struct rte_mbuf, f) - offsetof(struct rte_mbuf, rearm_data)) * 8)
static_assert(offsetof(struct rte_mbuf, data_off) == offsetof(struct rte_mbuf, rearm_data) &&
	      RX_REARM_SHIFT(nb_segs) < 64 && RX_REARM_SHIFT(refcnt) < 64,
	      "rx_fast_ok() reads data_off, refcnt and nb_segs as one word");
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "rx_fast_ok(): a little-endian word");
#define RX_REARM_MASK	(0xffffULL << RX_REARM_SHIFT(refcnt) | 0xffffULL << RX_REARM_SHIFT(nb_segs))
#define RX_REARM_ONE	(1ULL << RX_REARM_SHIFT(refcnt) | 1ULL << RX_REARM_SHIFT(nb_segs))

/* The common case: one direct segment (refcnt 1) from the queue's own
 * mempool, its bytes inside the page's data room. nm_rx_burst() tests
 * "direct" with the offload flags, in one test of ol_flags. */
static inline bool rx_fast_ok(const struct rx_fast_ctx *c, const struct rte_mbuf *m)
{
	uint64_t w;	/* data_off, refcnt, nb_segs, port */

	memcpy(&w, &m->rearm_data, sizeof(w));
	return m->pool == c->mp && (w & RX_REARM_MASK) == RX_REARM_ONE &&
	       (uint64_t)(uint16_t)w + m->data_len <= c->b.end;
}

/*
 * A direct single-segment page mbuf of another libnetmem page_pool, its
 * pages the queue's size (net_ring hands over what a sender enqueued; a
 * loopback; pages a program built skbs on): rx_fast_pool() builds it in
 * its slot just the same, its page kept in its own pool. Returns that
 * pool, or NULL for any other mbuf. The caller has tested ol_flags for
 * "direct" (no INDIRECT, no EXTERNAL).
 */
static inline struct page_pool *rx_foreign_pool(struct rx_fast_ctx *c, const struct rte_mbuf *m)
{
	const struct nm_page_mempool_priv *priv;
	uint64_t w;

	memcpy(&w, &m->rearm_data, sizeof(w));
	if ((w & RX_REARM_MASK) != RX_REARM_ONE ||
	    (uint64_t)(uint16_t)w + m->data_len > c->b.end)
		return NULL;
	if (likely(m->pool == c->fmp))
		return c->fpp;
	if (!nm_page_mempool_is_ours(m->pool))
		return NULL;
	priv = rte_mempool_get_priv(m->pool);
	if ((uint64_t)PAGE_SIZE << priv->order != c->b.end + SKB_SHINFO_SIZE)
		return NULL;
	c->fmp = m->pool;
	c->fpp = priv->pp;
	return priv->pp;
}

/* nm_skb_from_mbuf() for rx_fast_ok() mbufs. */
static inline __attribute__((always_inline)) struct sk_buff *
rx_fast(const struct rx_fast_ctx *c, struct rte_mbuf *m)
{
	return rx_build(&c->b, m);
}

/* rx_fast() for a page of @pool: rx_foreign_pool()'s answer. */
static inline __attribute__((always_inline)) struct sk_buff *
rx_fast_pool(const struct rx_fast_ctx *c, struct rte_mbuf *m, struct page_pool *pool)
{
	return rx_build_pool(&c->b, m, pool);
}

#endif /* PORT_RX_BUILD_H */
