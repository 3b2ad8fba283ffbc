/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of lib/port TX with TSO: a port whose PMD needs a direct
 * first mbuf (nm_port_caps.tx_tso_direct_head, as net_tap) and the
 * driver's per-skb features_check.
 *
 * After each case: nm_skb_get_stats().live, nm_misuse_count(), the default
 * page mempools and our own page_pool are back where they were (port_fixture).
 */
#include "port_fixture.h"

#include "port_priv.h"
#include "port_tx.h"

/* Ring @r made a TSO port, as net_tap is one: TSO in its offloads and
 * features, the direct-head need as @direct says, its pool made as
 * nm_port_init() makes it. */
static uint16_t tso_port_up(int r, bool direct)
{
	uint16_t pid = port_up(r, NULL);
	struct nm_port *p = &nm_ports[pid];

	p->caps.tx_offloads |= RTE_ETH_TX_OFFLOAD_TCP_TSO;
	p->tx_offloads |= RTE_ETH_TX_OFFLOAD_TCP_TSO;
	p->caps.tso_max_size = 65535;
	p->features |= NETIF_F_TSO | NETIF_F_TSO6;
	p->caps.tx_tso_direct_head = direct;
	assert_null(p->txd_pool);
	assert_int_equal(tx_tso_head_init(p, SOCKET_ID_ANY, 256), 0);
	assert_true((p->txd_pool != NULL) == direct);
	return pid;
}

/* A TCPv4 GSO skb of @payload bytes: the 54 header bytes and @extra
 * payload bytes in the head (alloc_skb(), or a page of our page_pool when
 * @moved: a head the skb owns alone), the rest in page frags (a shared
 * page_pool frag among them unless @moved). Its bytes go to *@bufp. */
static struct sk_buff *mk_tso(unsigned int extra, unsigned int payload, bool moved,
			      uint8_t **bufp)
{
	const unsigned int hdr = TCP4_HLEN, len = hdr + payload;
	uint8_t *b = malloc(len), *th = b + ETH_HLEN + 20;
	struct sk_buff *skb;
	struct page *page;
	unsigned int pos;

	assert_non_null(b);
	fill_random(b, len);
	put_eth(b, 0x0800);
	put_ip4(b + ETH_HLEN, 20, 20 + payload, 6, (uint16_t)rnd());
	th[12] = 5 << 4;
	th[13] = 0x18;
	skb = moved ? mk_build_head(my_pp, b, hdr + extra, &page) : mk_alloc_head(b, hdr + extra);
	for (pos = hdr + extra; pos < len; pos += RTE_MIN(3000u, len - pos))
		frag_add(skb, moved ? F_MYPP : (pos == hdr + extra ? F_PPFRAG : F_PAGE),
			 b + pos, RTE_MIN(3000u, len - pos));
	assert_int_equal(skb->len, len);
	skb->protocol = rte_cpu_to_be_16(0x0800);
	t_mark_tcp4_gso(skb, ETH_HLEN, MSS);
	*bufp = b;
	return skb;
}

/* The chain the PMD got for @b (@len bytes): the bytes in order but the
 * IPv4 and TCP checksums TSO preparation wrote. */
static void chain_bytes_ok(const struct rte_mbuf *m, const uint8_t *b, unsigned int len)
{
	unsigned int pos = 0;

	for (; m != NULL; m = m->next) {
		const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);

		for (unsigned int i = 0; i < m->data_len; i++, pos++)
			if (pos != 24 && pos != 25 && pos != 50 && pos != 51)
				assert_int_equal(d[i], b[pos]);
	}
	assert_int_equal(pos, len);
}

/* The one chain the PMD took on ring @pid's port, as the PMD sees it. */
static struct rte_mbuf *pmd_chain(uint16_t pid)
{
	struct rte_mbuf *m = NULL;

	assert_int_equal(rte_eth_rx_burst(pid, 0, &m, 1), 1);
	return m;
}

/*
 * A TSO packet on a port whose PMD needs a direct first mbuf: an external
 * head is replaced by a direct mbuf of the port's pool holding exactly the
 * headers, the rest of the head (when there is any) and every frag stay
 * external (no payload copied), counted once; a head the skb owns alone
 * (moved: a page's own mbuf) is direct already and not copied. A port
 * without the need sends the external head as before: what the guard is
 * about.
 */
static void test_tx_tso_direct_head(void **state)
{
	const unsigned int extras[] = { 0, 100 };
	struct nm_queue_stats st;
	struct rte_mbuf *m, *s;
	struct sk_buff *skb;
	uint8_t *b;
	uint16_t pid;

	(void)state;
	pid = tso_port_up(0, true);
	for (unsigned int k = 0; k < RTE_DIM(extras); k++) {
		unsigned int len = TCP4_HLEN + 20000, segs;
		uint64_t ext0 = qstats(pid, 0).tx_ext_segs;

		skb = mk_tso(extras[k], 20000, false, &b);
		segs = 1u + (extras[k] != 0) + skb_shinfo(skb)->nr_frags;
		assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
		m = pmd_chain(pid);
		assert_ptr_equal(m->pool, nm_ports[pid].txd_pool);
		assert_true(RTE_MBUF_DIRECT(m) && !RTE_MBUF_HAS_EXTBUF(m));
		assert_false(m->ol_flags & RTE_MBUF_F_EXTERNAL);
		assert_true(m->ol_flags & RTE_MBUF_F_TX_TCP_SEG);
		assert_int_equal(m->data_len, TCP4_HLEN);
		assert_int_equal(m->l2_len + m->l3_len + m->l4_len, TCP4_HLEN);
		assert_int_equal(m->tso_segsz, MSS);
		assert_int_equal(m->pkt_len, len);
		assert_int_equal(m->nb_segs, segs);
		for (s = m->next; s != NULL; s = s->next)
			assert_true(RTE_MBUF_HAS_EXTBUF(s));
		if (extras[k] != 0)
			assert_int_equal(m->next->data_len, extras[k]);
		chain_bytes_ok(m, b, len);
		rte_pktmbuf_free(m);
		free(b);
		st = qstats(pid, 0);
		assert_int_equal(st.tx_tso_head_copy, k + 1);
		assert_int_equal(st.hdr_copied_bytes, (k + 1) * TCP4_HLEN);
		assert_int_equal(st.copied_bytes, 0);
		assert_int_equal(st.tx_gso_sw, 0);
		/* the direct head is neither moved nor external */
		assert_int_equal(st.tx_ext_segs - ext0, segs - 1);
		assert_int_equal(st.tx_zc_segs, 0);
	}
	/* moved: the head page's own mbuf, direct, no copy */
	skb = mk_tso(100, 20000, true, &b);
	assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
	m = pmd_chain(pid);
	assert_true(RTE_MBUF_DIRECT(m) && m->pool != nm_ports[pid].txd_pool);
	for (s = m; s != NULL; s = s->next)
		assert_false(RTE_MBUF_HAS_EXTBUF(s));
	chain_bytes_ok(m, b, TCP4_HLEN + 20000);
	rte_pktmbuf_free(m);
	free(b);
	st = qstats(pid, 0);
	assert_int_equal(st.tx_tso_head_copy, 2);
	assert_int_equal(st.tx_packets, 3);
	assert_int_equal(st.copied_bytes, 0);
	assert_int_equal(drops_total(&st), 0);
	assert_int_equal(rte_mempool_in_use_count(nm_ports[pid].txd_pool), 0);
	assert_int_equal(txh_in_use(pid), 0);
	port_down(pid);

	/* Without the need: the external head goes first, as it always did. */
	pid = tso_port_up(0, false);
	skb = mk_tso(0, 20000, false, &b);
	assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
	m = pmd_chain(pid);
	assert_true(RTE_MBUF_HAS_EXTBUF(m));
	chain_bytes_ok(m, b, TCP4_HLEN + 20000);
	rte_pktmbuf_free(m);
	free(b);
	assert_int_equal(qstats(pid, 0).tx_tso_head_copy, 0);
	port_down(pid);
}

static unsigned int fc_calls;

/* A driver that cannot segment skbs longer than 30000 bytes. */
static netdev_features_t fc_short_only(uint16_t port_id, const struct sk_buff *skb,
				       netdev_features_t features)
{
	(void)port_id;
	fc_calls++;
	assert_true(skb_is_gso(skb));
	return skb->len > 30000 ? features & ~(NETIF_F_TSO | NETIF_F_TSO6) : features;
}

/*
 * The driver's features_check (ndo_features_check) decides per GSO skb:
 * the skb it refuses TSO is segmented in software (tx_gso_sw, its
 * segments each a chain, bytes checked on the far side), the other goes
 * by TSO; a skb that is not GSO never asks it.
 */
static void test_tx_features_check(void **state)
{
	struct nm_queue_stats st;
	struct rte_mbuf *m;
	struct sk_buff *skb;
	struct out o;
	uint8_t *b;
	uint16_t pid;

	(void)state;
	pid = tso_port_up(0, true);
	nm_ports[pid].features_check = fc_short_only;
	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 0);	/* frags of mk_gso() */
	fc_calls = 0;
	o = mk_gso(40000);
	assert_int_equal(nm_tx_burst(pid, 0, &o.skb, 1), 1);
	assert_int_equal(fc_calls, 1);
	st = qstats(pid, 0);
	assert_int_equal(st.tx_gso_sw, 1);
	assert_int_equal(st.tx_packets, (40000 + MSS - 1) / MSS);
	assert_int_equal(st.tx_tso_head_copy, 0);
	exp_out(0, &o);
	rx_expect_all(0);

	skb = mk_tso(0, 20000, false, &b);
	assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
	assert_int_equal(fc_calls, 2);
	m = pmd_chain(pid);
	assert_true(m->ol_flags & RTE_MBUF_F_TX_TCP_SEG);
	assert_ptr_equal(m->pool, nm_ports[pid].txd_pool);
	rte_pktmbuf_free(m);
	free(b);

	o = mk_plain(SH_FRAGS);
	assert_int_equal(nm_tx_burst(pid, 0, &o.skb, 1), 1);
	exp_out(0, &o);
	rx_expect_all(0);
	assert_int_equal(fc_calls, 2);
	st = qstats(pid, 0);
	assert_int_equal(st.tx_gso_sw, 1);
	assert_int_equal(st.tx_tso_head_copy, 1);
	assert_int_equal(drops_total(&st), 0);
	assert_int_equal(page_pool_inflight(rx_pp[0]), 0);
	rx_pp[0] = rx_pp[1] = NULL;
	port_down(pid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tx_tso_direct_head, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_features_check, case_setup,
						case_teardown),
	};

	return port_run("port_tx_tso", tests, sizeof(tests) / sizeof(tests[0]));
}
