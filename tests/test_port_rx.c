/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of lib/port RX: header split, the skb fields the RX fast
 * path builds, zero-copy RX of packets with the most frags, pages of
 * another page_pool received (built in their slot, their pool kept), and
 * LRO frames becoming GSO skbs.
 *
 * After each case: nm_skb_get_stats().live, nm_misuse_count(), the default
 * page mempools and our own page_pool are back where they were (port_fixture).
 */
#include <rte_malloc.h>

#include "port_fixture.h"

/* ---------------------------------------------------------------------- */
/* Header split in software                                               */
/* ---------------------------------------------------------------------- */

struct split_case {
	uint16_t ethertype;
	uint8_t proto;		/* 6, 17, or 0 */
	unsigned int ipopt, tcpopt;
	unsigned int payload;
	bool moved;		/* build_skb around a pool page, else alloc_skb */
	unsigned int nfrags;	/* alloc_page frags after 100 payload bytes */
};

static void test_header_split(void **state)
{
	static const struct split_case cases[] = {
		{ 0x0800, 6, 0, 0, 1200, true, 0 },
		{ 0x0800, 6, 8, 12, 700, true, 0 },
		{ 0x0800, 17, 0, 0, 800, true, 0 },
		{ 0x0806, 0, 0, 0, 28, true, 0 },
		{ 0x0800, 6, 0, 0, 1000, false, 0 },
		{ 0x0800, 6, 0, 0, 100 + 2 * 1500, true, 2 },
	};
	struct nm_port_conf c = conf_default();
	uint64_t hdr_expect = 0;
	uint16_t pid;

	(void)state;
	c.flags = NM_PORT_F_HEADER_SPLIT;
	pid = ring_fresh(1);
	assert_int_equal(nm_port_init(pid, &c), -EOPNOTSUPP);
	c.flags = NM_PORT_F_HEADER_SPLIT | NM_PORT_F_SW_SPLIT;
	pid = port_up(1, &c);
	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 0);

	for (unsigned int k = 0; k < RTE_DIM(cases); k++) {
		const struct split_case *sc = &cases[k];
		unsigned int l3 = sc->proto ? 20 + sc->ipopt : 0;
		unsigned int l4 = sc->proto == 6 ? 20 + sc->tcpopt : sc->proto == 17 ? 8 : 0;
		unsigned int hdr = ETH_HLEN + l3 + l4, len = hdr + sc->payload;
		unsigned int headlen = sc->nfrags ? hdr + 100 : len;
		uint8_t *b = malloc(len);
		struct page *hp = NULL, *fpages[2];
		struct sk_buff *skb;
		const skb_frag_t *f0;

		assert_non_null(b);
		fill_random(b, len);
		put_eth(b, sc->ethertype);
		if (sc->proto) {
			put_ip4(b + ETH_HLEN, l3, l4 + sc->payload, sc->proto, 1);
			if (sc->proto == 6)
				b[ETH_HLEN + l3 + 12] = (uint8_t)((l4 / 4) << 4);
		}
		if (sc->moved) {
			skb = mk_build_head(rx_pp[0], b, headlen, &hp);
		} else {
			skb = mk_alloc_head(b, headlen);
		}
		for (unsigned int i = 0; i < sc->nfrags; i++) {
			fpages[i] = alloc_page(GFP_ATOMIC);
			assert_non_null(fpages[i]);
			memcpy(page_address(fpages[i]), b + headlen + i * 1500, 1500);
			skb_add_rx_frag(skb, (int)i, fpages[i], 0, 1500, (unsigned int)PAGE_SIZE);
		}
		assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
		skb = rx_one(pid);
		assert_bytes(skb, b, len);
		/* The headers alone in a small head, the payload in frags. */
		assert_int_equal(skb_headlen(skb), hdr);
		assert_int_equal(skb_network_offset(skb), ETH_HLEN);
		assert_int_equal(skb->protocol, rte_cpu_to_be_16(sc->ethertype));
		assert_true(skb_shinfo(skb)->nr_frags >= 1);
		f0 = &skb_shinfo(skb)->frags[0];
		if (sc->moved) {
			/* the payload stayed in the page it was sent from */
			assert_ptr_equal(skb_frag_page(f0), hp);
			assert_int_equal(skb_shinfo(skb)->nr_frags, 1 + sc->nfrags);
			for (unsigned int i = 0; i < sc->nfrags; i++)
				assert_ptr_equal(skb_frag_page(&skb_shinfo(skb)->frags[i + 1]),
						 fpages[i]);
			hdr_expect += hdr;
		} else {
			/* external segment: 128 bytes were copied out of it first */
			hdr_expect += 128 + hdr;
		}
		kfree_skb(skb);
		free(b);
		assert_int_equal(qstats(pid, 0).hdr_copied_bytes, hdr_expect);
	}
	assert_int_equal(qstats(pid, 0).copied_bytes, 0);
	assert_int_equal(page_pool_inflight(rx_pp[0]), 0);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
}

/* ---------------------------------------------------------------------- */
/* The RX fast path's skb                                                 */
/* ---------------------------------------------------------------------- */

struct rx_case {
	unsigned int len;	/* frame bytes */
	uint16_t ethertype;	/* 0: a runt with no ethertype */
	uint16_t inner;		/* under a VLAN tag, when ethertype is 0x8100 */
};

/*
 * Frames in pages of the RX queue's own pool come back through RX's fast
 * path (the skb built in the page's slot). Every field is what
 * build_skb() + eth_type_trans() would give, whatever the struct in the
 * slot held before: the sender leaves cb, mark, priority, hash behind.
 * A frame that reaches into the shared info is a counted bad packet.
 */
static void test_rx_fast_fields(void **state)
{
	static const struct rx_case cases[] = {
		{ 60, 0x0800, 0 }, { 1514, 0x86dd, 0 }, { 64, 0x8100, 0x0800 },
		{ 16, 0x8100, 0x0800 }, { 14, 0x0806, 0 }, { 10, 0, 0 },
	};
	struct page_pool *pp;
	struct rte_mbuf *m;
	struct page *page;
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	pp = nm_port_rxq_page_pool(pid, 0);
	for (unsigned int k = 0; k < RTE_DIM(cases); k++) {
		const struct rx_case *rc = &cases[k];
		bool vlan = rc->ethertype == 0x8100 && rc->len >= ETH_HLEN + 4;
		unsigned int mac_len = vlan ? ETH_HLEN + 4 : ETH_HLEN, hr;
		uint8_t b[1514], cb0[sizeof(((struct sk_buff *)0)->cb)];
		struct sk_buff *skb;
		struct page *hp;
		const struct skb_shared_info *sh;

		fill_random(b, rc->len);
		if (rc->ethertype)
			put16(b + 12, rc->ethertype);
		if (rc->ethertype == 0x8100 && rc->len >= ETH_HLEN + 4)
			put16(b + 16, rc->inner);
		skb = mk_build_head(pp, b, rc->len, &hp);
		hr = (unsigned int)skb_headroom(skb);
		/* what the struct in the slot holds when the page comes back */
		memset(skb->cb, 0xa5, sizeof(skb->cb));
		skb->mark = 7;
		skb->priority = 3;
		skb->hash = 0x1234;
		skb->l4_hash = 1;
		skb->tstamp = 99;
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		skb_shinfo(skb)->tx_flags = 0xff;
		skb_shinfo(skb)->gso_segs = 5;
		assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
		skb = rx_one(pid);

		assert_ptr_equal(skb->head, page_address(hp));
		assert_ptr_equal(virt_to_head_page(skb->head), hp);
		assert_int_equal(skb_headroom(skb), hr);
		assert_int_equal(skb->len, rc->len);
		assert_int_equal(skb_headlen(skb), rc->len);
		assert_int_equal(skb->data_len, 0);
		assert_int_equal(skb_end_offset(skb), PAGE_SIZE - NM_SHINFO);
		assert_int_equal(skb->users, 1);
		assert_false(skb->cloned);
		assert_true(skb->head_frag);
		assert_true(skb->pp_recycle);
		assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
		assert_int_equal(skb->queue_mapping, 0);
		assert_int_equal(skb->port, pid);
		assert_int_equal(skb->mark, 0);
		assert_int_equal(skb->priority, 0);
		assert_int_equal(skb->hash, 0);
		assert_false(skb->l4_hash);
		assert_int_equal(skb->tstamp, 0);
		assert_null(skb->destructor);
		memset(cb0, 0, sizeof(cb0));
		assert_memory_equal(skb->cb, cb0, sizeof(cb0));
		assert_int_equal(skb_mac_offset(skb), 0);
		if (rc->ethertype) {
			assert_int_equal(skb->mac_len, mac_len);
			assert_int_equal(skb_network_offset(skb), mac_len);
			assert_int_equal(skb->protocol,
					 rte_cpu_to_be_16(vlan ? rc->inner : rc->ethertype));
		} else {
			assert_int_equal(skb->protocol, 0);
			/* no MAC header to pull: the network header at data, as
			 * the kernel's receive path resets it */
			assert_int_equal(skb_network_offset(skb), 0);
		}
		assert_false(skb_transport_header_was_set(skb));
		sh = skb_shinfo(skb);
		assert_int_equal(sh->nr_frags, 0);
		assert_int_equal(sh->tx_flags, 0);
		assert_int_equal(sh->gso_size, 0);
		assert_int_equal(sh->gso_segs, 0);
		assert_null(sh->frag_list);
		assert_int_equal(sh->dataref, 1);
		assert_int_equal(page_pp_refs(hp), 1);
		assert_memory_equal(skb->data, b, rc->len);
		kfree_skb(skb);
	}
	/* data_off + data_len past the data room: dropped, counted, freed */
	page = page_pool_dev_alloc_pages(pp);
	assert_non_null(page);
	m = nm_page_to_mbuf(page);
	page->_refcount = 0;		/* the mbuf carries the reference */
	m->data_off = (uint16_t)(PAGE_SIZE - NM_SHINFO - 32);
	m->data_len = 64;
	m->pkt_len = 64;
	m->nb_segs = 1;
	m->next = NULL;
	m->ol_flags = 0;
	assert_int_equal(rte_eth_tx_burst(pid, 0, &m, 1), 1);
	assert_int_equal(port_drain(pid, 1), 0);
	assert_int_equal(qstats(pid, 0).drops[NM_DROP_RX_BAD], 1);
	assert_int_equal(page_pool_inflight(pp), 0);
	port_down(pid);
}

/* ---------------------------------------------------------------------- */
/* Segments per packet                                                    */
/* ---------------------------------------------------------------------- */

/*
 * The most an skb carries: a head and MAX_SKB_FRAGS frags. Moved, that is
 * MAX_SKB_FRAGS + 1 page mbufs, which RX can take back without a copy (the
 * first one is the head).
 */
static void test_max_frags_zero_copy(void **state)
{
	unsigned int len = 200 + MAX_SKB_FRAGS * 1000;
	struct sk_buff *skb;
	struct page *hp;
	bool same_page;
	uint64_t copied;
	uint8_t *b;
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 0);
	b = malloc(len);
	assert_non_null(b);
	fill_random(b, len);
	put_eth(b, 0x88b5);
	skb = mk_build_head(rx_pp[0], b, 200, &hp);
	for (int i = 0; i < MAX_SKB_FRAGS; i++)
		frag_add(skb, F_PAGE, b + 200 + i * 1000, 1000);
	assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
	assert_int_equal(qstats(pid, 0).tx_zc_segs, MAX_SKB_FRAGS + 1);
	skb = rx_one(pid);
	assert_bytes(skb, b, len);
	free(b);
	same_page = virt_to_head_page(skb->head) == hp;
	kfree_skb(skb);
	copied = qstats(pid, 0).copied_bytes;
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
	printf("head + %d frags: %" PRIu64 " bytes copied on RX\n", MAX_SKB_FRAGS, copied);
	assert_int_equal(copied, 0);
	assert_true(same_page);
}

/*
 * A page of another page_pool comes back on RX (net_ring hands over what
 * was sent): with pages of the queue's size it is built in its own slot as
 * the queue's pages are, and keeps its own pool (the free recycles it
 * there); with pages of another size it takes the general way (an skb
 * struct of its own, the page's whole size).
 */
static void test_rx_foreign_pool_page(void **state)
{
	struct page_pool_params pp0 = { .order = 0, .pool_size = 64, .nid = NUMA_NO_NODE };
	struct page_pool_params pp1 = { .order = 1, .pool_size = 64, .nid = NUMA_NO_NODE };
	struct page_pool *fp[2];
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	fp[0] = page_pool_create(&pp0);
	fp[1] = page_pool_create(&pp1);
	assert_false(IS_ERR(fp[0]));
	assert_false(IS_ERR(fp[1]));
	for (int k = 0; k < 2; k++) {
		struct page *page = page_pool_dev_alloc_pages(fp[k]);
		unsigned int psize = (unsigned int)(PAGE_SIZE << k);
		struct sk_buff *skb;
		uint8_t b[200];

		assert_non_null(page);
		fill_random(b, sizeof(b));
		put16(b + 12, 0x0800);
		memcpy((uint8_t *)page_address(page) + 64, b, sizeof(b));
		skb = build_skb(page_address(page), psize);
		assert_non_null(skb);
		skb_reserve(skb, 64);
		skb_put(skb, sizeof(b));
		skb_mark_for_recycle(skb);
		assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
		skb = rx_one(pid);

		assert_ptr_equal(skb->head, page_address(page));	/* zero copy */
		assert_int_equal(skb->len, sizeof(b));
		assert_memory_equal(skb->data, b, sizeof(b));
		assert_int_equal(skb->protocol, htons(0x0800));
		assert_int_equal(skb_end_offset(skb), psize - NM_SHINFO);
		assert_true(skb->pp_recycle);
		assert_ptr_equal(page->pp, fp[k]);		/* its own pool */
		if (k == 0)
			assert_ptr_equal(skb, (struct sk_buff *)((char *)page - NM_PAGE_SKB_SLOT));
		else
			assert_ptr_not_equal(skb, (struct sk_buff *)((char *)page - NM_PAGE_SKB_SLOT));
		assert_int_equal(page_pool_inflight(fp[k]), 1);
		kfree_skb(skb);
		assert_int_equal(page_pool_inflight(fp[k]), 0);
	}
	page_pool_destroy(fp[0]);
	page_pool_destroy(fp[1]);
}

/* Marks every other frame of a burst with an RSS hash, as a PMD would. */
static uint16_t rss_mark_cb(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t nb,
			    uint16_t max, void *arg)
{
	(void)port;
	(void)queue;
	(void)max;
	(void)arg;
	for (uint16_t i = 1; i < nb; i += 2) {
		pkts[i]->ol_flags |= RTE_MBUF_F_RX_RSS_HASH;
		pkts[i]->hash.rss = 0xab00u + i;
	}
	return nb;
}

/*
 * Pages of three other page_pools in one burst, mixed (RX remembers the
 * last other pool it looked up): each skb's page keeps the pool it came
 * from, the one of another size included; the offload results of a PMD
 * (an RSS hash on every other frame) reach those skbs too.
 */
static void test_rx_foreign_pools_mixed(void **state)
{
	static const unsigned int seq[] = { 0, 1, 1, 0, 2, 0, 2, 2, 1 };
	struct page_pool_params pp0 = { .order = 0, .pool_size = 64, .nid = NUMA_NO_NODE };
	struct page_pool_params pp1 = { .order = 1, .pool_size = 64, .nid = NUMA_NO_NODE };
	struct sk_buff *tx[RTE_DIM(seq)], *rx[RTE_DIM(seq) + 1];
	const struct rte_eth_rxtx_callback *cb;
	struct page *pages[RTE_DIM(seq)];
	struct page_pool *fp[3];
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	fp[0] = page_pool_create(&pp0);
	fp[1] = page_pool_create(&pp0);
	fp[2] = page_pool_create(&pp1);
	for (unsigned int k = 0; k < 3; k++)
		assert_false(IS_ERR(fp[k]));
	for (unsigned int i = 0; i < RTE_DIM(seq); i++) {
		struct page *page = page_pool_dev_alloc_pages(fp[seq[i]]);
		uint8_t *d;

		assert_non_null(page);
		pages[i] = page;
		d = (uint8_t *)page_address(page) + 64;
		fill_random(d, 100);
		put16(d + 12, 0x0800);
		d[20] = (uint8_t)i;
		tx[i] = build_skb(page_address(page), (unsigned int)page_size(page));
		assert_non_null(tx[i]);
		skb_reserve(tx[i], 64);
		skb_put(tx[i], 100);
		skb_mark_for_recycle(tx[i]);
	}
	cb = rte_eth_add_rx_callback(pid, 0, rss_mark_cb, NULL);
	assert_non_null(cb);
	assert_int_equal(nm_tx_burst(pid, 0, tx, RTE_DIM(seq)), RTE_DIM(seq));
	assert_int_equal(nm_rx_burst(pid, 0, rx, RTE_DIM(rx)), RTE_DIM(seq));
	assert_int_equal(rte_eth_remove_rx_callback(pid, 0, cb), 0);
	for (unsigned int i = 0; i < RTE_DIM(seq); i++) {
		assert_ptr_equal(rx[i]->head, page_address(pages[i]));
		assert_int_equal(rx[i]->data[20], i);
		assert_int_equal(rx[i]->hash, i % 2 ? 0xab00u + i : 0);
		assert_ptr_equal(pages[i]->pp, fp[seq[i]]);
		assert_int_equal(pages[i]->pp_ref_count, 1);
		assert_true(rx[i]->pp_recycle);
		kfree_skb(rx[i]);
	}
	for (unsigned int k = 0; k < 3; k++) {
		assert_int_equal(page_pool_inflight(fp[k]), 0);
		page_pool_destroy(fp[k]);
	}
}

/*
 * RX LRO (RTE_MBUF_F_RX_LRO, the merged segments' size in tso_segsz): a TCP
 * frame longer than one segment becomes a GSO skb as the kernel's
 * virtio_net_hdr_to_skb() makes one (SKB_GSO_TCPV4 | SKB_GSO_DODGY,
 * gso_segs counted, transport header set), with a partial checksum when
 * the PMD left it unfilled (RX_L4_CKSUM_NONE: virtio) and
 * CHECKSUM_UNNECESSARY kept when it verified it (an mlx5-style LRO); GSO
 * then gives back the sender's segments byte for byte. net_ring sets no
 * such marks: an RX callback on the port sets them where a PMD would.
 * The check field the sender left (the kernel's pseudo-header sum with the
 * length, or DPDK's TSO one without) does not matter. A frame not longer
 * than one segment and a gso_size of 0 stay plain skbs.
 */
struct lro_mark {
	uint64_t flags;
	uint16_t segsz;
};

static uint16_t lro_mark_cb(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t nb,
			    uint16_t max, void *arg)
{
	const struct lro_mark *mk = arg;

	(void)port;
	(void)queue;
	(void)max;
	for (uint16_t i = 0; i < nb; i++) {
		pkts[i]->ol_flags = (pkts[i]->ol_flags & RTE_MBUF_F_EXTERNAL) | mk->flags;
		pkts[i]->tso_segsz = mk->segsz;
	}
	return nb;
}

static void test_rx_lro(void **state)
{
	static const struct {
		unsigned int payload;
		uint64_t csum;		/* RX_L4_CKSUM_NONE or _GOOD */
		uint16_t segsz;
		bool gso;		/* becomes a GSO skb */
		bool dpdk_ph;		/* DPDK's TSO pseudo-header sum (no length) */
	} cases[] = {
		{ 3 * MSS + 100, RTE_MBUF_F_RX_L4_CKSUM_NONE, MSS, true, false },
		{ 20000, RTE_MBUF_F_RX_L4_CKSUM_NONE, MSS, true, false },
		{ 20000, RTE_MBUF_F_RX_L4_CKSUM_NONE, MSS, true, true },
		{ 20000, RTE_MBUF_F_RX_L4_CKSUM_GOOD, MSS, true, false },
		{ 5000, RTE_MBUF_F_RX_L4_CKSUM_NONE, 1000, true, false },
		{ MSS, RTE_MBUF_F_RX_L4_CKSUM_NONE, MSS, false, false },	/* one segment */
		{ 5000, RTE_MBUF_F_RX_L4_CKSUM_NONE, 0, false, false },	/* no gso_size */
	};
	struct lro_mark mk;
	const struct rte_eth_rxtx_callback *cb;
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 0);
	cb = rte_eth_add_rx_callback(pid, 0, lro_mark_cb, &mk);
	assert_non_null(cb);
	for (unsigned int k = 0; k < RTE_DIM(cases); k++) {
		struct out o = mk_gso(cases[k].payload);
		struct sk_buff *skb = o.skb, *segs, *next;
		unsigned int nsegs;


		/* One frame on the wire: no GSO on the way out. Unfilled, the
		 * check field holds the pseudo-header sum (virtio's NEEDS_CSUM);
		 * verified, the whole checksum (TX fills it in software). */
		skb_shinfo(skb)->gso_size = 0;
		skb_shinfo(skb)->gso_type = 0;
		if (cases[k].csum == RTE_MBUF_F_RX_L4_CKSUM_NONE)
			skb->ip_summed = CHECKSUM_NONE;
		if (cases[k].dpdk_ph) {
			uint8_t *ip = skb->data + ETH_HLEN;

			put16(ip + 20 + 16, ref_fold(ref_sum(ip + 12, 8, IPPROTO_TCP)));
		}
		mk.flags = RTE_MBUF_F_RX_LRO | cases[k].csum;
		mk.segsz = cases[k].segsz;
		o.g->mss = cases[k].segsz;
		assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
		skb = rx_one(pid);

		assert_int_equal(skb->len, o.len);
		assert_int_equal(skb->protocol, htons(0x0800));
		if (!cases[k].gso) {
			assert_false(skb_is_gso(skb));
			if (cases[k].csum == RTE_MBUF_F_RX_L4_CKSUM_NONE && cases[k].segsz != 0)
				assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
			assert_bytes(skb, o.g->buf, o.len);
			kfree_skb(skb);
			free(o.g->buf);
			free(o.g);
			continue;
		}
		nsegs = (cases[k].payload + cases[k].segsz - 1) / cases[k].segsz;
		assert_true(skb_is_gso(skb));
		assert_int_equal(skb_shinfo(skb)->gso_size, cases[k].segsz);
		assert_int_equal(skb_shinfo(skb)->gso_type, SKB_GSO_TCPV4 | SKB_GSO_DODGY);
		assert_int_equal(skb_shinfo(skb)->gso_segs, nsegs);
		assert_int_equal(skb_transport_offset(skb), 34);
		assert_int_equal(skb_network_offset(skb), ETH_HLEN);
		if (cases[k].csum == RTE_MBUF_F_RX_L4_CKSUM_NONE) {
			assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
			assert_int_equal(skb_checksum_start_offset(skb), 34);
			assert_int_equal(skb->csum_offset, 16);
		} else {
			assert_int_equal(skb->ip_summed, CHECKSUM_UNNECESSARY);
		}
		/* Cut back: the sender's segments, checksums and all (the
		 * last one's exp_check() frees o.g). */
		o.g->nsegs = o.g->left = nsegs;
		exp_out(0, &o);
		segs = skb_gso_segment(skb, 0);
		assert_false(IS_ERR_OR_NULL(segs));
		consume_skb(skb);
		for (unsigned int n = 0; segs != NULL; segs = next, n++) {
			next = segs->next;
			segs->next = NULL;
			assert_true(n < nsegs);
			exp_check(0, segs);
		}
	}
	/* IPv6: TCP over a version-6 header is SKB_GSO_TCPV6; the same bytes
	 * with another version in the header are not IPv6, and stay plain. */
	for (int ver = 6; ver >= 4; ver -= 2) {
		unsigned int len = 14 + 40 + 20 + 3000;
		uint8_t *b = malloc(len);
		struct sk_buff *skb;
		struct page *hp;

		assert_non_null(b);
		fill_random(b, len);
		put_eth(b, 0x86dd);
		b[14] = (uint8_t)(ver << 4);
		put16(b + 14 + 4, 20 + 3000);	/* payload length */
		b[14 + 6] = 6;			/* next header: TCP */
		b[14 + 40 + 12] = 5 << 4;
		mk.flags = RTE_MBUF_F_RX_LRO | RTE_MBUF_F_RX_L4_CKSUM_NONE;
		mk.segsz = 1000;
		skb = mk_build_head(rx_pp[0], b, len, &hp);
		assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
		skb = rx_one(pid);
		assert_bytes(skb, b, len);
		if (ver == 6) {
			assert_true(skb_is_gso(skb));
			assert_int_equal(skb_shinfo(skb)->gso_type, SKB_GSO_TCPV6 | SKB_GSO_DODGY);
			assert_int_equal(skb_shinfo(skb)->gso_segs, 3);
			assert_int_equal(skb_transport_offset(skb), 54);
		} else {
			assert_false(skb_is_gso(skb));
		}
		kfree_skb(skb);
		free(b);
	}
	assert_int_equal(rte_eth_remove_rx_callback(pid, 0, cb), 0);
	rte_free((void *)(uintptr_t)cb);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
}

/*
 * A frame whose checksum the sender left unfilled (RX_L4_CKSUM_NONE,
 * CHECKSUM_PARTIAL) split in software: the new head's transport header and
 * checksum start count from its own head, and the head holds the check
 * field even when the TCP header claims to be shorter than it (data
 * offset 1: the split would stop at byte 38, the field ends at 52), as
 * the kernel's skb_partial_csum_set() rule wants. skb_checksum_help()
 * then fills a checksum the frame verifies with. The flags come from an
 * RX callback (net_ring sets none), a PMD's place.
 */
static void test_split_partial_csum(void **state)
{
	static const uint8_t doffs[] = { 5, 1 };
	struct lro_mark mk = { .flags = RTE_MBUF_F_RX_L4_CKSUM_NONE, .segsz = 0 };
	const struct rte_eth_rxtx_callback *cb;
	struct nm_port_conf c = conf_default();
	uint16_t pid;

	(void)state;
	c.flags = NM_PORT_F_HEADER_SPLIT | NM_PORT_F_SW_SPLIT;
	pid = port_up(1, &c);
	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 0);
	cb = rte_eth_add_rx_callback(pid, 0, lro_mark_cb, &mk);
	assert_non_null(cb);
	for (unsigned int k = 0; k < RTE_DIM(doffs); k++) {
		unsigned int len = TCP4_HLEN + 1000, hl;
		uint8_t b[TCP4_HLEN + 1000], *th = b + 34;
		struct sk_buff *skb;
		struct page *hp;

		fill_random(b, len);
		put_eth(b, 0x0800);
		put_ip4(b + ETH_HLEN, 20, len - 34, 6, 1);
		th[12] = (uint8_t)(doffs[k] << 4);
		/* the pseudo-header sum in the field, as a sender leaves it */
		put16(th + 16, ref_fold(ref_sum(b + 26, 8, IPPROTO_TCP + len - 34)));
		skb = mk_build_head(rx_pp[0], b, len, &hp);
		assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
		skb = rx_one(pid);

		hl = skb_headlen(skb);
		assert_true(skb_shinfo(skb)->nr_frags >= 1);	/* split */
		assert_int_equal(hl, doffs[k] == 5 ? TCP4_HLEN : 34 + 16 + 2);
		assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
		assert_int_equal(skb_checksum_start_offset(skb), 34);
		assert_int_equal(skb_transport_offset(skb), 34);
		assert_int_equal(skb->csum_offset, 16);
		assert_int_equal(skb_checksum_help(skb), 0);
		assert_int_equal(skb_copy_bits(skb, 0, b, (int)len), 0);
		assert_int_equal(ref_fold(ref_sum(b + 34, len - 34,
						  ref_sum(b + 26, 8, IPPROTO_TCP + len - 34))),
				 0xffff);
		kfree_skb(skb);
	}
	assert_int_equal(rte_eth_remove_rx_callback(pid, 0, cb), 0);
	rte_free((void *)(uintptr_t)cb);
	assert_int_equal(nm_misuse_count(), 0);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_header_split, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_rx_fast_fields, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_max_frags_zero_copy, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_rx_foreign_pool_page, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_rx_foreign_pools_mixed, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_rx_lro, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_split_partial_csum, case_setup,
						case_teardown),
	};

	return port_run("port_rx", tests, sizeof(tests) / sizeof(tests[0]));
}

