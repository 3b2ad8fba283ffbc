/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of lib/port over two net_ring loopback ports, the data path:
 *  - thousands of skbs of every shape (linear, build_skb around page_pool
 *    pages, page_pool / alloc_page / page_pool-frag frags, frag_list,
 *    clones, 64 KB TCPv4 GSO skbs segmented in software) sent in mixed
 *    bursts and received byte for byte, zero copy on every path;
 *  - a clone sent on two ports: its page goes back to its pool only after
 *    both sends completed;
 *  - frags at the 64 KiB edge (a whole order-4 page, more than a segment's
 *    16-bit data_len), moved and external, arrive whole.
 *
 * After each case: nm_skb_get_stats().live, nm_misuse_count(), the default
 * page mempools and our own page_pool are back where they were (port_fixture).
 */
#include "port_fixture.h"

/* ---------------------------------------------------------------------- */
/* Loopback of every shape                                                */
/* ---------------------------------------------------------------------- */

static void check_quiet_stats(uint16_t pid, unsigned int gso)
{
	struct nm_queue_stats st = qstats(pid, 0);

	printf("port %u: rx %" PRIu64 " tx %" PRIu64 " zc_segs %" PRIu64 " ext_segs %" PRIu64
	       " gso_sw %" PRIu64 " csum_sw %" PRIu64 " hdr_copied %" PRIu64 "\n",
	       pid, st.rx_packets, st.tx_packets, st.tx_zc_segs, st.tx_ext_segs,
	       st.tx_gso_sw, st.tx_csum_sw, st.hdr_copied_bytes);
	assert_int_equal(st.copied_bytes, 0);
	assert_int_equal(drops_total(&st), 0);
	assert_int_equal(st.rx_packets, st.tx_packets);
	assert_int_equal(st.rx_bytes, st.tx_bytes);
	assert_int_equal(st.tx_gso_sw, gso);
	assert_true(st.tx_zc_segs > 0);
	assert_true(st.tx_ext_segs > 0);
}

static void test_loopback_shapes(void **state)
{
	enum { ROUNDS = 220 };
	uint16_t pid[NR_RINGS];
	unsigned int gso[NR_RINGS] = { 0 }, sent_skbs = 0, shape_count[SH_NR] = { 0 };
	uint64_t copied0;
	struct nm_skb_stats st;

	(void)state;
	nm_skb_get_stats(&st);
	copied0 = st.copied_bytes;
	for (int r = 0; r < NR_RINGS; r++) {
		pid[r] = port_up(r, NULL);
		rx_pp[r] = nm_port_rxq_page_pool(pid[r], 0);
		assert_non_null(rx_pp[r]);
		assert_int_equal(page_pool_inflight(rx_pp[r]), 0);
		assert_false(nm_port_features(pid[r]) & NETIF_F_TSO);
	}

	for (int round = 0; round < ROUNDS; round++) {
		int r = (int)(rnd() % NR_RINGS);
		struct sk_buff *skbs[BURST + 1];
		unsigned int n = 0, ngso = 0;

		while (n < BURST) {
			enum shape sh = (enum shape)(rnd() % SH_NR);
			struct out o;

			if (sh == SH_GSO && ngso >= 3)
				sh = SH_FRAGS;
			if (round % 10 == 0)	/* some bursts of one shape */
				sh = (enum shape)((unsigned int)(round / 10) % SH_NR);
			if (sh == SH_GSO && ngso >= 3)
				sh = SH_BUILD;
			if (sh == SH_CLONE && n + 2 > BURST)
				sh = SH_LINEAR;
			shape_count[sh]++;
			if (sh == SH_GSO) {
				unsigned int pl = rnd() % 4 ? 65495 - rnd_range(0, 5 * MSS) :
					   rnd_range(MSS + 1, 20 * MSS);

				o = mk_gso(pl);
				ngso++;
			} else if (sh == SH_CLONE) {
				static const enum shape base[] = {
					SH_LINEAR, SH_BUILD, SH_BUILD_FRAGS, SH_FRAGS, SH_FRAGLIST
				};

				o = mk_plain(base[rnd() % RTE_DIM(base)]);
				skbs[n] = skb_clone(o.skb, GFP_ATOMIC);
				assert_non_null(skbs[n]);
				n++;
				/* both carry the same bytes; the moved head is gone */
				o.head_page = NULL;
				exp_push_bytes(r, o.buf, o.len, NULL);
			} else {
				o = mk_plain(sh);
			}
			skbs[n++] = o.skb;
			exp_out(r, &o);
		}
		gso[r] += ngso;
		assert_int_equal(nm_tx_burst(pid[r], 0, skbs, (uint16_t)n), n);
		sent_skbs += n;
		rx_expect_all(r);
	}
	printf("%u skbs sent; shapes:", sent_skbs);
	for (int s = 0; s < SH_NR; s++)
		printf(" %u", shape_count[s]);
	printf("\n");

	for (int r = 0; r < NR_RINGS; r++) {
		check_quiet_stats(pid[r], gso[r]);
		assert_int_equal(page_pool_inflight(rx_pp[r]), 0);
	}
	assert_int_equal(page_pool_inflight(my_pp), 0);
	nm_skb_get_stats(&st);
	assert_int_equal(st.copied_bytes - copied0, 0);
	for (int r = 0; r < NR_RINGS; r++) {
		port_down(pid[r]);
		rx_pp[r] = NULL;
	}
}

/* The first 1000 bytes of @src in a head on a page of @pool (*hp), the
 * other 2000 in a frag of our own pool (*fp). */
static struct sk_buff *mk_head_frag(struct page_pool *pool, const uint8_t *src,
				    struct page **hp, struct page **fp)
{
	struct sk_buff *skb = mk_build_head(pool, src, 1000, hp);

	*fp = page_pool_dev_alloc_pages(my_pp);
	assert_non_null(*fp);
	memcpy(page_address(*fp), src + 1000, 2000);
	skb_add_rx_frag(skb, 0, *fp, 0, 2000, (unsigned int)PAGE_SIZE);
	return skb;
}

static void test_clone_two_ports(void **state)
{
	uint16_t p0, p1;
	struct page_pool *pool;
	struct page *hp, *fp;
	struct sk_buff *skb, *clone, *a, *b;
	uint8_t src[1000 + 2000];
	struct nm_queue_stats s0, s1;

	(void)state;
	p0 = port_up(0, NULL);
	p1 = port_up(1, NULL);
	pool = nm_port_rxq_page_pool(p0, 0);
	rx_pp[0] = pool;
	rx_pp[1] = nm_port_rxq_page_pool(p1, 0);
	fill_random(src, sizeof(src));
	put_eth(src, 0x88b5);

	/* Head in a page of port 0's RX pool, a frag of our own pool. */
	skb = mk_head_frag(pool, src, &hp, &fp);
	assert_int_equal(page_pool_inflight(pool), 1);
	assert_int_equal(page_pool_inflight(my_pp), 1);
	assert_int_equal(page_pp_refs(hp), 1);
	clone = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(clone);

	/* Both go out as external segments, each holding a pp reference. */
	assert_int_equal(nm_tx_burst(p0, 0, &skb, 1), 1);
	assert_int_equal(page_pp_refs(hp), 2);	/* the clone's data + port 0's segment */
	assert_int_equal(nm_tx_burst(p1, 0, &clone, 1), 1);
	assert_int_equal(page_pp_refs(hp), 2);	/* port 0's and port 1's segments */
	assert_int_equal(page_pp_refs(fp), 2);
	s0 = qstats(p0, 0);
	s1 = qstats(p1, 0);
	assert_int_equal(s0.tx_zc_segs + s1.tx_zc_segs, 0);
	assert_int_equal(s0.tx_ext_segs, 2);
	assert_int_equal(s1.tx_ext_segs, 2);

	/* Port 0 completes: its received skb holds the page now. */
	a = rx_one(p0);
	assert_bytes(a, src, sizeof(src));
	assert_int_equal(page_pp_refs(hp), 2);
	assert_int_equal(page_pp_refs(fp), 2);
	consume_skb(a);
	assert_int_equal(page_pp_refs(hp), 1);	/* port 1's send is still out */
	assert_int_equal(page_pp_refs(fp), 1);
	assert_int_equal(page_pool_inflight(pool), 1);
	assert_int_equal(page_pool_inflight(my_pp), 1);

	/* Port 1 completes: the last reference returns the pages. */
	b = rx_one(p1);
	assert_bytes(b, src, sizeof(src));
	assert_int_equal(page_pp_refs(hp), 1);
	assert_int_equal(page_pool_inflight(pool), 1);
	consume_skb(b);
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(page_pool_inflight(my_pp), 0);

	/*
	 * Again, the original kept back: while the clone's segment is out the
	 * original shares its page (external); once it completed the original
	 * owns its pages alone and leaves as their own mbufs (moved).
	 */
	skb = mk_head_frag(pool, src, &hp, &fp);
	clone = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(clone);
	assert_int_equal(nm_tx_burst(p1, 0, &clone, 1), 1);
	assert_int_equal(page_pp_refs(hp), 2);
	b = rx_one(p1);
	assert_bytes(b, src, sizeof(src));
	s0 = qstats(p0, 0);
	assert_int_equal(nm_tx_burst(p0, 0, &skb, 1), 1);	/* b still holds refs */
	assert_int_equal(qstats(p0, 0).tx_ext_segs, s0.tx_ext_segs + 2);
	a = rx_one(p0);
	assert_bytes(a, src, sizeof(src));
	consume_skb(a);
	assert_int_equal(page_pp_refs(hp), 1);
	consume_skb(b);
	assert_int_equal(page_pool_inflight(pool), 0);

	skb = mk_head_frag(pool, src, &hp, &fp);
	clone = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(clone);
	assert_int_equal(nm_tx_burst(p1, 0, &clone, 1), 1);
	b = rx_one(p1);
	consume_skb(b);				/* the clone's send completed */
	assert_int_equal(page_pp_refs(hp), 1);
	s0 = qstats(p0, 0);
	assert_int_equal(nm_tx_burst(p0, 0, &skb, 1), 1);
	assert_int_equal(qstats(p0, 0).tx_zc_segs, s0.tx_zc_segs + 2);
	assert_int_equal(qstats(p0, 0).tx_ext_segs, s0.tx_ext_segs);
	a = rx_one(p0);
	assert_bytes(a, src, sizeof(src));
	assert_ptr_equal(virt_to_head_page(a->head), hp);	/* the same page */
	assert_ptr_equal(skb_frag_page(&skb_shinfo(a)->frags[0]), fp);
	consume_skb(a);
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(page_pool_inflight(my_pp), 0);
	assert_int_equal(qstats(p0, 0).copied_bytes + qstats(p1, 0).copied_bytes, 0);

	port_down(p0);
	port_down(p1);
	rx_pp[0] = rx_pp[1] = NULL;
}

/* An skb of @src: @hl bytes in a head on a page of our pool, the other
 * @flen at @off of a new order-4 page (64 KiB), both pages its alone. */
static struct sk_buff *mk_big_frag(const uint8_t *src, unsigned int hl, unsigned int off,
				   unsigned int flen)
{
	struct page *page = alloc_pages(GFP_ATOMIC, 4), *hp;
	struct sk_buff *skb = mk_build_head(my_pp, src, hl, &hp);

	assert_non_null(page);
	memcpy((uint8_t *)page_address(page) + off, src + hl, flen);
	skb_add_rx_frag(skb, 0, page, (int)off, (int)flen, PAGE_SIZE << 4);
	return skb;
}

/*
 * Pieces at the 64 KiB edge: a frag of a whole order-4 page (65536 bytes,
 * one more than an mbuf segment's 16-bit data_len holds), one that ends
 * there, and one that fits its page's mbuf. Each is sent as the skb's own
 * page (moved when it fits the page's mbuf) and shared with a clone
 * (external segments), and arrives whole.
 */
static void test_big_pieces(void **state)
{
	static const struct { unsigned int off, len; bool moves; } piece[] = {
		{ 0, 65536, false }, { 4000, 61536, false }, { 0, 60000, true },
	};
	enum { HL = 100 };
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	rx_pp[0] = nm_port_rxq_page_pool(pid, 0);
	for (unsigned int k = 0; k < RTE_DIM(piece); k++) {
		unsigned int len = HL + piece[k].len;
		uint8_t *src = malloc(len);
		struct nm_queue_stats st = qstats(pid, 0);
		struct sk_buff *skb, *clone, *got;

		assert_non_null(src);
		fill_random(src, len);
		put_eth(src, 0x88b5);

		/* The skb's own page: moved when the piece fits its mbuf. */
		skb = mk_big_frag(src, HL, piece[k].off, piece[k].len);
		assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
		got = rx_one(pid);
		assert_bytes(got, src, len);
		consume_skb(got);
		assert_int_equal(qstats(pid, 0).tx_zc_segs - st.tx_zc_segs, piece[k].moves ? 2 : 0);

		/* Shared with a clone: external segments. */
		skb = mk_big_frag(src, HL, piece[k].off, piece[k].len);
		clone = skb_clone(skb, GFP_ATOMIC);
		assert_non_null(clone);
		assert_int_equal(nm_tx_burst(pid, 0, &clone, 1), 1);
		got = rx_one(pid);
		assert_bytes(got, src, len);
		consume_skb(got);
		consume_skb(skb);
		free(src);
	}
	{
		struct nm_queue_stats st = qstats(pid, 0);

		assert_int_equal(drops_total(&st), 0);
		assert_int_equal(st.copied_bytes, 0);
	}
	port_down(pid);
	rx_pp[0] = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_loopback_shapes, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_clone_two_ports, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_big_pieces, case_setup, case_teardown),
	};

	return port_run("port_loopback", tests, sizeof(tests) / sizeof(tests[0]));
}

