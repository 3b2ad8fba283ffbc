/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of lib/port set-up and tear-down: running out of RX pool
 * pages and of skb structs, nm_port_init() errors and offloads (TSO, header
 * split), nm_port_close() with pages still out or packets in the ring, and
 * re-initialising while the old pool still waits for its pages.
 *
 * After each case: nm_skb_get_stats().live, nm_misuse_count(), the default
 * page mempools and our own page_pool are back where they were (port_fixture).
 */
#include "port_fixture.h"

/* Takes every skb struct there is (clones of one skb); returns the count. */
static unsigned int skb_hoard(struct sk_buff *base, struct sk_buff ***out)
{
	unsigned int cap = 1u << 17, n = 0;
	struct sk_buff **h = malloc(cap * sizeof(*h));

	assert_non_null(h);
	while (n < cap && (h[n] = skb_clone(base, GFP_ATOMIC)) != NULL)
		n++;
	assert_true(n < cap);
	*out = h;
	return n;
}

static void skb_unhoard(struct sk_buff **h, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		kfree_skb(h[i]);
	free(h);
}

/*
 * A port whose RX pool has 64 pages: the pool runs dry (allocations fail,
 * nothing else breaks); skb structs run out too: packets on the queue's own
 * pages still arrive (their skbs live in the pages' slots), the others are
 * dropped (RX_NOMEM) with their pages and segment headers given back; all
 * recovers once the skbs are freed.
 */
static void test_pool_exhaustion(void **state)
{
	enum { NP = 64, NL = 16 };
	struct nm_port_conf c = conf_default();
	struct sk_buff *skbs[NP + NL], *rx[NP + NL + 64], *base, **hoard;
	struct page_pool *pool;
	uint8_t src[NP + NL][600];
	unsigned int nh, got = 0, nrx = 0;
	uint16_t pid;

	(void)state;
	c.nr_pages = NP;
	pid = port_up(1, &c);
	pool = nm_port_rxq_page_pool(pid, 0);
	assert_non_null(pool);
	rx_pp[0] = rx_pp[1] = pool;

	/* The pool hands out exactly its pages, then nothing. */
	for (int round = 0; round < 2; round++) {
		for (unsigned int i = 0; i < NP; i++) {
			fill_random(src[i], sizeof(src[i]));
			put_eth(src[i], 0x88b5);
			skbs[i] = mk_build_head(pool, src[i], sizeof(src[i]), NULL);
		}
		assert_null(page_pool_dev_alloc_pages(pool));
		assert_null(page_pool_dev_alloc_pages(pool));
		assert_int_equal(page_pool_inflight(pool), NP);
		for (unsigned int i = NP; i < NP + NL; i++) {
			fill_random(src[i], sizeof(src[i]));
			put_eth(src[i], 0x88b5);
			skbs[i] = mk_alloc_head(src[i], sizeof(src[i]));
		}
		/* Sent: the pages travel in their own mbufs. */
		assert_int_equal(nm_tx_burst(pid, 0, skbs, BURST), BURST);
		assert_int_equal(nm_tx_burst(pid, 0, skbs + BURST, BURST), BURST);
		assert_int_equal(nm_tx_burst(pid, 0, skbs + 2 * BURST, NP + NL - 2 * BURST),
				 NP + NL - 2 * BURST);
		assert_int_equal(page_pool_inflight(pool), NP);
		assert_null(page_pool_dev_alloc_pages(pool));
		if (round == 1)
			break;

		/* No skb struct left: the queue's own pages still arrive (their
		 * skbs live in the pages' slots); any other packet is a counted
		 * drop. */
		base = alloc_skb(64, GFP_ATOMIC);
		assert_non_null(base);
		nh = skb_hoard(base, &hoard);
		printf("hoarded %u skb structs\n", nh);
		for (int i = 0; i < 100; i++)
			nrx += nm_rx_burst(pid, 0, rx + nrx, 64);
		assert_int_equal(nrx, NP);
		for (unsigned int i = 0; i < nrx; i++) {
			assert_int_equal(rx[i]->fclone, SKB_FCLONE_EMBEDDED);
			assert_bytes(rx[i], src[i], sizeof(src[i]));
			kfree_skb(rx[i]);
		}
		assert_int_equal(qstats(pid, 0).drops[NM_DROP_RX_NOMEM], NL);
		assert_int_equal(qstats(pid, 0).rx_packets, NP);
		/* ... and the memory came back. */
		assert_int_equal(page_pool_inflight(pool), 0);
		assert_int_equal(txh_in_use(pid), 0);
		skb_unhoard(hoard, nh);
		kfree_skb(base);
	}

	/* Recovered: the second round is received whole, zero copy. */
	for (unsigned int i = 0; i < NP + NL; i++) {
		struct sk_buff *skb = rx_one(pid);

		assert_bytes(skb, src[i], sizeof(src[i]));
		skbs[got++] = skb;
	}
	/* The pages are in our skbs: the pool is dry until they go. */
	assert_null(page_pool_dev_alloc_pages(pool));
	for (unsigned int i = 0; i < got; i++)
		kfree_skb(skbs[i]);
	assert_int_equal(page_pool_inflight(pool), 0);
	skbs[0] = mk_build_head(pool, src[0], sizeof(src[0]), NULL);
	kfree_skb(skbs[0]);
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(qstats(pid, 0).drops[NM_DROP_RX_NOMEM], NL);
	assert_int_equal(qstats(pid, 0).copied_bytes, 0);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
}

/* ---------------------------------------------------------------------- */
/* nm_port_init() errors and offloads                                     */
/* ---------------------------------------------------------------------- */

static void test_init_errors(void **state)
{
	struct nm_port_conf c;
	struct nm_port_caps caps;
	struct nm_queue_stats st;
	struct sk_buff *skb;
	struct out o;
	uint16_t pid;

	(void)state;
	pid = ring_fresh(1);
	assert_int_equal(nm_port_caps_get(pid, &caps), 0);
	printf("%s: rx_offloads %#" PRIx64 " tx_offloads %#" PRIx64 " queues %u/%u hw_split %d\n",
	       caps.driver, caps.rx_offloads, caps.tx_offloads, caps.max_rxq, caps.max_txq,
	       caps.hw_split);
	assert_int_equal(nm_port_caps_get(RTE_MAX_ETHPORTS - 1, &caps), -ENODEV);

	assert_int_equal(nm_port_init(pid, NULL), -EINVAL);
	c = conf_default();
	c.nb_rxq = 0;
	assert_int_equal(nm_port_init(pid, &c), -EINVAL);
	c = conf_default();
	c.nb_txq = 0;
	assert_int_equal(nm_port_init(pid, &c), -EINVAL);
	c = conf_default();
	c.nb_rxq = NM_PORT_MAX_QUEUES + 1;
	assert_int_equal(nm_port_init(pid, &c), -EINVAL);
	c = conf_default();
	c.nb_txq = NM_PORT_MAX_QUEUES + 1;
	assert_int_equal(nm_port_init(pid, &c), -EINVAL);
	c = conf_default();
	c.rxq_lcore[0] = RTE_MAX_LCORE;
	assert_int_equal(nm_port_init(pid, &c), -EINVAL);
	c = conf_default();
	c.nb_rxq = 2;
	c.rxq_lcore[1] = LCORE_ID_ANY;
	assert_int_equal(nm_port_init(pid, &c), -EINVAL);
	c = conf_default();
	c.order = NM_MAX_PAGE_ORDER + 1;
	assert_int_equal(nm_port_init(pid, &c), -EINVAL);

	c = conf_default();
	assert_int_equal(nm_port_init(RTE_MAX_ETHPORTS, &c), -ENODEV);
	assert_int_equal(nm_port_init(RTE_MAX_ETHPORTS - 1, &c), -ENODEV);
	assert_false(rte_eth_dev_is_valid_port(7));
	assert_int_equal(nm_port_init(7, &c), -ENODEV);

	/* Offloads the ring lacks. */
	assert_false(caps.tx_offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO);
	assert_false(caps.hw_split);
	c = conf_default();
	c.flags = NM_PORT_F_TSO;
	assert_int_equal(nm_port_init(pid, &c), -EOPNOTSUPP);
	c.flags = NM_PORT_F_TX_CSUM;
	assert_int_equal(nm_port_init(pid, &c), -EOPNOTSUPP);
	c.flags = NM_PORT_F_HEADER_SPLIT;
	assert_int_equal(nm_port_init(pid, &c), -EOPNOTSUPP);
	/* Nothing was set up by the failures. */
	assert_null(nm_port_rxq_page_pool(pid, 0));
	assert_int_equal(nm_port_close(pid), -ENODEV);
	assert_int_equal(nm_port_queue_stats(pid, 0, &st), -EINVAL);
	skb = alloc_skb(64, GFP_ATOMIC);
	assert_non_null(skb);
	skb_put_zero(skb, 60);
	assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 0);	/* not set up */
	kfree_skb(skb);

	/* TSO asked, optional: the port comes up without it, GSO in software. */
	c.flags = NM_PORT_F_TSO | NM_PORT_F_TX_CSUM | NM_PORT_F_OPTIONAL;
	assert_int_equal(nm_port_init(pid, &c), 0);
	assert_false(nm_port_features(pid) & (NETIF_F_TSO | NETIF_F_TSO6));
	assert_false(nm_port_features(pid) & NETIF_F_CSUM_MASK);
	assert_int_equal(nm_port_init(pid, &c), -EBUSY);	/* double init */
	c = conf_default();
	assert_int_equal(nm_port_init(pid, &c), -EBUSY);
	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 0);
	assert_non_null(rx_pp[0]);
	assert_null(nm_port_rxq_page_pool(pid, 1));
	assert_int_equal(nm_port_queue_stats(pid, 1, &st), -EINVAL);
	assert_int_equal(nm_rx_burst(pid, 1, &skb, 1), 0);
	o = mk_gso(12 * MSS + 7);
	assert_int_equal(nm_tx_burst(pid, 0, &o.skb, 1), 1);
	exp_out(1, &o);
	rx_expect_all(1);
	st = qstats(pid, 0);
	assert_int_equal(st.tx_gso_sw, 1);
	assert_int_equal(st.tx_packets, 13);
	assert_int_equal(st.copied_bytes, 0);
	port_down(pid);

	/* Two queue pairs: each TX queue loops back to its RX queue. */
	c = conf_default();
	c.nb_rxq = c.nb_txq = 2;
	c.nr_pages = 256;
	pid = port_up(1, &c);
	assert_non_null(nm_port_rxq_page_pool(pid, 1));
	assert_ptr_not_equal(nm_port_rxq_page_pool(pid, 0), nm_port_rxq_page_pool(pid, 1));
	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 1);
	o = mk_plain(SH_BUILD);
	assert_int_equal(nm_tx_burst(pid, 1, &o.skb, 1), 1);
	assert_int_equal(nm_rx_burst(pid, 0, &skb, 1), 0);
	for (int i = 0; i < 1000; i++)
		if (nm_rx_burst(pid, 1, &skb, 1) == 1)
			break;
	assert_bytes(skb, o.buf, o.len);
	assert_ptr_equal(virt_to_head_page(skb->head), o.head_page);
	kfree_skb(skb);
	free(o.buf);
	assert_int_equal(qstats(pid, 1).tx_zc_segs, 1);
	assert_int_equal(qstats(pid, 1).rx_packets, 1);
	assert_int_equal(qstats(pid, 0).rx_packets + qstats(pid, 0).tx_packets, 0);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
}

/* ---------------------------------------------------------------------- */
/* Closing                                                                */
/* ---------------------------------------------------------------------- */

static bool reap_until_zero(void)
{
	uint64_t end = rte_get_timer_cycles() + 2 * rte_get_timer_hz();

	while (nm_page_pool_reap() != 0) {
		if (rte_get_timer_cycles() > end)
			return false;
		rte_delay_us_sleep(1000);
	}
	return true;
}

/* Sends N packets built in pages of @pid's RX pool and receives them;
 * keeps the first @hold received skbs in @held. */
static void close_prepare(uint16_t pid, uint8_t (*src)[300], unsigned int n,
			  struct sk_buff **held, unsigned int hold)
{
	struct page_pool *pool = nm_port_rxq_page_pool(pid, 0);
	struct sk_buff *skbs[16];

	assert_true(n <= 16);
	for (unsigned int i = 0; i < n; i++) {
		fill_random(src[i], sizeof(src[i]));
		put_eth(src[i], 0x88b5);
		skbs[i] = mk_build_head(pool, src[i], sizeof(src[i]), NULL);
	}
	assert_int_equal(nm_tx_burst(pid, 0, skbs, (uint16_t)n), n);
	for (unsigned int i = 0; i < n; i++) {
		struct sk_buff *skb = rx_one(pid);

		assert_bytes(skb, src[i], sizeof(src[i]));
		if (i < hold)
			held[i] = skb;
		else
			kfree_skb(skb);
	}
	assert_int_equal(page_pool_inflight(pool), hold);
}

/*
 * Pages still out in skbs keep a closed port's pool alive until they are
 * freed; then it goes (nm_page_pool_reap() == 0).
 */
static void test_close(void **state)
{
	enum { N = 8, HOLD = 5 };
	struct sk_buff *skb, *held[HOLD];
	struct page_pool *pool;
	uint8_t src[N][300];
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	pool = nm_port_rxq_page_pool(pid, 0);
	close_prepare(pid, src, N, held, HOLD);

	assert_int_equal(nm_port_close(pid), 0);
	assert_int_equal(nm_port_close(pid), -ENODEV);
	assert_null(nm_port_rxq_page_pool(pid, 0));
	assert_int_equal(nm_rx_burst(pid, 0, &skb, 1), 0);
	/* The pool waits for its pages; the skbs still read right. */
	assert_int_equal(nm_page_pool_reap(), 1);
	assert_int_equal(page_pool_inflight(pool), HOLD);
	for (int i = 0; i < HOLD; i++)
		assert_bytes(held[i], src[i], sizeof(src[i]));
	kfree_skb(held[0]);
	assert_int_equal(nm_page_pool_reap(), 1);
	assert_int_equal(page_pool_inflight(pool), HOLD - 1);
	for (int i = 1; i < HOLD; i++)
		kfree_skb(held[i]);
	assert_true(reap_until_zero());

	/* The port comes up again and works. */
	pid = port_up(0, NULL);
	close_prepare(pid, src, 1, NULL, 0);
	port_down(pid);
	assert_true(reap_until_zero());
}

/*
 * The same port set up again while the pool of its previous life still
 * waits for pages held by the application.
 */
static void test_reinit_while_old_pool_waits(void **state)
{
	enum { N = 4, HOLD = 2 };
	struct nm_port_conf c = conf_default();
	struct sk_buff *held[HOLD];
	uint8_t src[N][300];
	uint16_t pid;
	int ret;

	(void)state;
	pid = port_up(0, NULL);
	close_prepare(pid, src, N, held, HOLD);
	assert_int_equal(nm_port_close(pid), 0);
	assert_int_equal(nm_page_pool_reap(), 1);

	pid = ring_fresh(0);
	ret = nm_port_init(pid, &c);
	if (ret == 0) {
		close_prepare(pid, src, 1, NULL, 0);
		port_down(pid);
	}
	for (int i = 0; i < HOLD; i++)
		kfree_skb(held[i]);
	assert_true(reap_until_zero());
	assert_int_equal(ret, 0);
}

/*
 * Closing a port with packets still in its (loopback) RX ring: they are
 * the port's to give back, so its pool and TX headers are freed and the
 * port can be set up again.
 */
static void test_close_with_packets_in_ring(void **state)
{
	enum { N = 8 };
	struct sk_buff *skbs[N];
	struct page_pool *pool;
	uint8_t src[300];
	uint16_t pid;
	int ret;

	(void)state;
	pid = port_up(1, NULL);
	pool = nm_port_rxq_page_pool(pid, 0);
	fill_random(src, sizeof(src));
	put_eth(src, 0x88b5);
	for (int i = 0; i < N; i++)
		skbs[i] = i % 2 ? mk_build_head(pool, src, sizeof(src), NULL) :
				  mk_alloc_head(src, sizeof(src));
	assert_int_equal(nm_tx_burst(pid, 0, skbs, N), N);
	assert_int_equal(nm_port_close(pid), 0);
	assert_true(reap_until_zero());
	pid = ring_fresh(1);
	{
		struct nm_port_conf c = conf_default();

		ret = nm_port_init(pid, &c);
		if (ret == 0)
			port_down(pid);
	}
	assert_int_equal(ret, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pool_exhaustion, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_init_errors, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_close, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_reinit_while_old_pool_waits, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_close_with_packets_in_ring, case_setup,
						case_teardown),
	};

	return port_run("port_lifecycle", tests, sizeof(tests) / sizeof(tests[0]));
}

