/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of device memory on ports (lib/port/port_devmem_rx.c, _tokens.c), RX over
 * the software split: headers in a small host head, payload copied (and
 * counted) into net_iovs; the skb is unreadable and the CPU API refuses it;
 * records and tokens (nm_devmem_recv, nm_devmem_dontneed) with the kernel's
 * limits; running out of net_iovs.
 *
 * net_ring0 is a loopback: what is sent on queue q is received on queue q.
 * net_null0 is a port set up without header split. Regions are memfd memory
 * the test owns, so it reads the payload directly at a record's offset.
 */
#define _GNU_SOURCE
#include <rte_malloc.h>

#include "port_devmem_fixture.h"

#define RX_EXT_COPY	128	/* bytes port_rx.c copies out of an external head */

/* ---------------------------------------------------------------------- */
/* RX                                                                     */
/* ---------------------------------------------------------------------- */

/*
 * Sends one packet of @plen + @frag_len payload bytes and receives it into
 * device memory: checks the skb, the counters and the records, then gives
 * the tokens back. Returns nothing held.
 */
static void rx_one(struct net_devmem_dmabuf_binding *b, struct region *r,
		   unsigned int plen, unsigned int frag_len, uint8_t seed)
{
	const unsigned int pay = plen + frag_len, len = HDR_LEN + pay;
	struct nm_queue_stats st0 = qstats(), st1;
	uint64_t copied0 = skb_copied();
	struct nm_devmem_rx_frag rec[MAX_SKB_FRAGS];
	struct page_pool *pool = rxq_devmem_pool(0);
	uint8_t hdr[HDR_LEN], buf[HDR_LEN];
	unsigned int exp_hdr;
	struct sk_buff *skb;
	uint32_t id = net_devmem_binding_id(b);
	int n, nr = (int)((pay + PAGE_SIZE - 1) / PAGE_SIZE);

	fill_hdr(hdr, pay);
	send_one(make_pkt(plen, frag_len, seed));
	skb = recv_one();
	st1 = qstats();

	/* Headers copied: by the split, and out of an external head on RX
	 * when the sent head went as an external segment. */
	exp_hdr = HDR_LEN;
	if (st1.tx_ext_segs != st0.tx_ext_segs)
		exp_hdr += RTE_MIN(HDR_LEN + plen, (unsigned int)RX_EXT_COPY);
	if (pay == 0)
		exp_hdr -= HDR_LEN;	/* nothing to split */
	assert_int_equal(st1.hdr_copied_bytes - st0.hdr_copied_bytes, exp_hdr);
	/* Payload: copied exactly once, into device memory. */
	assert_int_equal(st1.copied_bytes - st0.copied_bytes, pay);
	assert_int_equal(skb_copied() - copied0, pay);
	assert_int_equal(st1.rx_packets - st0.rx_packets, 1);
	assert_int_equal(st1.rx_bytes - st0.rx_bytes, len);
	assert_int_equal(st1.drops[NM_DROP_RX_NOMEM], st0.drops[NM_DROP_RX_NOMEM]);

	assert_int_equal(skb->len, len);
	assert_int_equal(skb_headlen(skb), HDR_LEN);
	assert_int_equal(memcmp(skb->data, hdr, HDR_LEN), 0);
	assert_int_equal(skb->protocol, rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4));
	assert_int_equal(skb_mac_offset(skb), 0);
	assert_int_equal(skb_network_offset(skb), RTE_ETHER_HDR_LEN);
	assert_int_equal(skb->mac_len, RTE_ETHER_HDR_LEN);

	if (pay == 0) {
		/* No payload: a readable head-only skb, no device memory. */
		assert_true(skb_frags_readable(skb));
		assert_int_equal(skb_shinfo(skb)->nr_frags, 0);
		assert_int_equal(nm_devmem_recv(skb, rec, MAX_SKB_FRAGS), -EINVAL);
		assert_int_equal(skb_copy_bits(skb, 0, buf, HDR_LEN), 0);
		consume_skb(skb);
		return;
	}
	/* Unreadable: the CPU API refuses the payload, not the headers. */
	assert_false(skb_frags_readable(skb));
	assert_false(skb_readable_all(skb));
	assert_int_equal(skb_shinfo(skb)->nr_frags, nr);
	for (int i = 0; i < nr; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		assert_true(skb_frag_is_net_iov(f));
		assert_null(skb_frag_address(f));
		assert_ptr_equal(netmem_get_pp(skb_frag_netmem(f)), pool);
		assert_int_equal(skb_frag_size(f), RTE_MIN(pay - i * PAGE_SIZE, PAGE_SIZE));
	}
	assert_int_equal(skb_copy_bits(skb, 0, buf, HDR_LEN), 0);
	assert_int_equal(memcmp(buf, hdr, HDR_LEN), 0);
	assert_true(skb_copy_bits(skb, HDR_LEN, buf, 8) < 0);
	assert_true(skb_copy_bits(skb, HDR_LEN - 4, buf, 8) < 0);
	assert_int_equal(skb_linearize(skb), -EIO);
	assert_int_equal(skb->len, len);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + RTE_ETHER_HDR_LEN + 20);
	skb->csum_offset = offsetof(struct rte_tcp_hdr, cksum);
	assert_int_equal(skb_checksum_help(skb), -EFAULT);	/* as the kernel */
	skb->ip_summed = CHECKSUM_NONE;

	/* Records: too few slots takes nothing; then one per frag, in order. */
	if (nr > 1) {
		long refs = *netmem_get_pp_ref_count_ref(skb_shinfo(skb)->frags[0].netmem);

		assert_int_equal(nm_devmem_recv(skb, rec, (unsigned int)nr - 1), -ENOSPC);
		assert_int_equal(*netmem_get_pp_ref_count_ref(skb_shinfo(skb)->frags[0].netmem),
				 refs);
	}
	assert_int_equal(nm_devmem_recv(skb, rec, 0), -ENOSPC);
	n = nm_devmem_recv(skb, rec, MAX_SKB_FRAGS);
	assert_int_equal(n, nr);
	for (int i = 0; i < n; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		assert_int_equal(rec[i].offset,
				 net_iov_virtual_addr(skb_frag_net_iov(f)) + skb_frag_off(f));
		assert_int_equal(rec[i].len, skb_frag_size(f));
		/* the skb's reference and the record's */
		assert_int_equal(*netmem_get_pp_ref_count_ref(skb_frag_netmem(f)), 2);
	}
	/* The caller frees the skb; the records keep the net_iovs. */
	consume_skb(skb);
	assert_int_equal(page_pool_inflight(pool), nr);
	check_records(rec, n, id, r, seed, pay);
	assert_int_equal(give_back(id, rec, n), n);
	assert_int_equal(page_pool_inflight(pool), 0);
	/* Given back: unknown now. */
	assert_int_equal(give_back(id, rec, n), 0);
}

/* RX_L4_CKSUM_NONE on what net_ring hands over (it sets no flags), as a
 * PMD whose sender left the checksum unfilled (virtio) marks it. */
static uint16_t csum_none_cb(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t nb,
			     uint16_t max, void *arg)
{
	(void)port;
	(void)queue;
	(void)max;
	(void)arg;
	for (uint16_t i = 0; i < nb; i++)
		pkts[i]->ol_flags = (pkts[i]->ol_flags & RTE_MBUF_F_EXTERNAL) |
				    RTE_MBUF_F_RX_L4_CKSUM_NONE;
	return nb;
}

/* A partial checksum keeps its start and transport header on the split
 * head (they count from the head, which the split replaced). */
static void rx_partial(void)
{
	const struct rte_eth_rxtx_callback *cb;
	struct sk_buff *skb;

	cb = rte_eth_add_rx_callback(ring_port, 0, csum_none_cb, NULL);
	assert_non_null(cb);
	send_one(make_pkt(6000, 0, 9));	/* a head moved: its page the RX head */
	skb = recv_one();
	assert_int_equal(rte_eth_remove_rx_callback(ring_port, 0, cb), 0);
	rte_free((void *)(uintptr_t)cb);
	assert_int_equal(skb_headlen(skb), HDR_LEN);
	assert_false(skb_frags_readable(skb));
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	assert_int_equal(skb_checksum_start_offset(skb), RTE_ETHER_HDR_LEN + 20);
	assert_int_equal(skb_transport_offset(skb), RTE_ETHER_HDR_LEN + 20);
	assert_int_equal(skb->csum_offset, offsetof(struct rte_tcp_hdr, cksum));
	consume_skb(skb);
}

static void test_rx_split(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 64 * PAGE_SIZE, 0xee);
	const uint16_t q0[] = { 0 };
	struct page_pool *pool;

	(void)state;
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, NM_DEVMEM_F_SW_SPLIT), 0);
	pool = rxq_devmem_pool(0);
	rx_one(b, &r, 1, 0, 1);			/* one byte */
	rx_one(b, &r, 100, 0, 2);		/* in the head and a frag on RX */
	rx_one(b, &r, 1400, 0, 3);
	rx_one(b, &r, 0, 0, 4);			/* headers only */
	rx_one(b, &r, 60, 3000, 5);		/* payload in a frag of the sent skb */
	rx_one(b, &r, 6000, 0, 6);		/* a page head moved: two net_iovs */
	rx_one(b, &r, 7000, 3900, 7);		/* three net_iovs */
	rx_one(b, &r, 4196, 3996, 8);		/* exactly two */
	rx_partial();
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_true(net_devmem_binding_avail(b) < 64);	/* the pool took some */

	/* Unbind: the pool is destroyed, every net_iov goes back. */
	assert_int_equal(nm_port_unbind_devmem(ring_port, b), 0);
	nm_page_pool_reap();
	assert_int_equal(net_devmem_binding_avail(b), 64);
	unbind_last(b, &r);
}

/* Several packets in one burst, records of all of them, tokens given back
 * in ranges; the tokens of freed slots are reused. */
static void test_tokens(void **state)
{
	enum { NPKT = 8, PAY = 5000 };	/* two net_iovs each */
	struct region r;
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 64 * PAGE_SIZE, 0xee);
	const uint16_t q0[] = { 0 };
	struct nm_devmem_rx_frag rec[NPKT * 2], rec2[2];
	struct nm_devmem_token t[NM_DEVMEM_MAX_TOKENS + 1];
	struct sk_buff *skbs[NPKT];
	uint32_t id = net_devmem_binding_id(b), tmin = UINT32_MAX, tmax = 0;
	struct page_pool *pool;
	int n = 0, ret;

	(void)state;
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, NM_DEVMEM_F_SW_SPLIT), 0);
	pool = rxq_devmem_pool(0);
	for (int i = 0; i < NPKT; i++)
		skbs[i] = make_pkt(PAY, 0, (uint8_t)(10 + i));
	assert_int_equal(nm_tx_burst(ring_port, 0, skbs, NPKT), NPKT);
	assert_int_equal(nm_rx_burst(ring_port, 0, skbs, NPKT), NPKT);
	for (int i = 0; i < NPKT; i++) {
		ret = nm_devmem_recv(skbs[i], rec + n, 2);
		assert_int_equal(ret, 2);
		check_records(rec + n, 2, id, &r, (uint8_t)(10 + i), PAY);
		n += ret;
		kfree_skb(skbs[i]);
	}
	for (int i = 0; i < n; i++) {
		tmin = RTE_MIN(tmin, rec[i].token);
		tmax = RTE_MAX(tmax, rec[i].token);
		for (int j = 0; j < i; j++)
			assert_true(rec[i].token != rec[j].token);
	}
	assert_int_equal(page_pool_inflight(pool), n);

	/* Limits: nothing is freed past them. */
	for (int i = 0; i <= NM_DEVMEM_MAX_TOKENS; i++) {
		t[i].token_start = rec[0].token;
		t[i].token_count = 1;
	}
	assert_int_equal(nm_devmem_dontneed(id, t, NM_DEVMEM_MAX_TOKENS + 1), -E2BIG);
	t[0].token_start = tmin;
	t[0].token_count = NM_DEVMEM_MAX_FRAGS + 1;
	assert_int_equal(nm_devmem_dontneed(id, t, 1), -E2BIG);
	t[0].token_count = NM_DEVMEM_MAX_FRAGS / 2;
	t[1].token_start = tmin;
	t[1].token_count = NM_DEVMEM_MAX_FRAGS / 2 + 1;
	assert_int_equal(nm_devmem_dontneed(id, t, 2), -E2BIG);
	t[0].token_count = UINT32_MAX;
	t[1].token_count = 2;		/* the sum wraps in 32 bits */
	assert_int_equal(nm_devmem_dontneed(id, t, 2), -E2BIG);
	assert_int_equal(page_pool_inflight(pool), n);
	/* Unknown bindings. */
	t[0].token_start = tmin;
	t[0].token_count = 1;
	assert_int_equal(nm_devmem_dontneed(0, t, 1), -EINVAL);
	assert_int_equal(nm_devmem_dontneed(UINT32_MAX, t, 1), -EINVAL);
	assert_int_equal(nm_devmem_dontneed(id, NULL, 1), -EINVAL);
	assert_int_equal(nm_devmem_dontneed(id, t, 0), 0);
	assert_int_equal(page_pool_inflight(pool), n);

	/* Unknown tokens are skipped: a range past the last one, then one that
	 * covers the first token and many that do not exist. */
	t[0].token_start = tmax + 1;
	t[0].token_count = 100;
	assert_int_equal(nm_devmem_dontneed(id, t, 1), 0);
	t[0].token_start = rec[0].token;
	t[0].token_count = 1;
	t[1].token_start = tmax + 1000;
	t[1].token_count = 5;
	t[2].token_start = UINT32_MAX - 1;
	t[2].token_count = 2;
	assert_int_equal(nm_devmem_dontneed(id, t, 3), 1);
	assert_int_equal(nm_devmem_dontneed(id, t, 1), 0);	/* already given back */
	assert_int_equal(page_pool_inflight(pool), n - 1);

	/* A reused token: the slot just freed. */
	send_one(make_pkt(100, 0, 42));
	skbs[0] = recv_one();
	assert_int_equal(nm_devmem_recv(skbs[0], rec2, 2), 1);
	assert_int_equal(rec2[0].token, rec[0].token);
	check_records(rec2, 1, id, &r, 42, 100);
	consume_skb(skbs[0]);

	/* The rest in one range over all tokens (the reused one included). */
	t[0].token_start = tmin;
	t[0].token_count = tmax - tmin + 1;
	assert_int_equal(nm_devmem_dontneed(id, t, 1), n);
	assert_int_equal(page_pool_inflight(pool), 0);

	assert_int_equal(nm_port_unbind_devmem(ring_port, b), 0);
	nm_page_pool_reap();
	assert_int_equal(net_devmem_binding_avail(b), 64);
	/* A binding that never gave a token is known, with nothing to free. */
	{
		struct region r2;
		struct net_devmem_dmabuf_binding *b2 = region_bind(&r2, 4 * PAGE_SIZE, 0xee);

		t[0].token_start = 0;
		t[0].token_count = 10;
		if (net_devmem_binding_id(b2) != id)
			assert_int_equal(nm_devmem_dontneed(net_devmem_binding_id(b2), t, 1), 0);
		unbind_last(b2, &r2);
	}
	unbind_last(b, &r);
}

/* Out of net_iovs: a counted NM_DROP_RX_NOMEM, the received page freed. */
static void test_rx_exhausted(void **state)
{
	enum { NIOV = 4 };
	struct region r;
	struct net_devmem_dmabuf_binding *b = region_bind(&r, NIOV * PAGE_SIZE, 0xee);
	const uint16_t q0[] = { 0 };
	struct sk_buff *skbs[NIOV + 2];
	struct nm_queue_stats st0, st1;
	struct nm_devmem_rx_frag rec[2];
	uint32_t id = net_devmem_binding_id(b);

	(void)state;
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, NM_DEVMEM_F_SW_SPLIT), 0);
	for (int i = 0; i < NIOV + 2; i++)
		skbs[i] = make_pkt(1000, 0, (uint8_t)i);
	st0 = qstats();
	assert_int_equal(nm_tx_burst(ring_port, 0, skbs, NIOV + 2), NIOV + 2);
	/* One net_iov each: the first NIOV fit, the others are dropped. */
	assert_int_equal(nm_rx_burst(ring_port, 0, skbs, NIOV + 2), NIOV);
	st1 = qstats();
	assert_int_equal(st1.drops[NM_DROP_RX_NOMEM] - st0.drops[NM_DROP_RX_NOMEM], 2);
	assert_int_equal(st1.rx_packets - st0.rx_packets, NIOV);
	assert_int_equal(st1.copied_bytes - st0.copied_bytes, NIOV * 1000);
	assert_int_equal(net_devmem_binding_avail(b), 0);
	assert_int_equal(page_pool_inflight(rxq_devmem_pool(0)), NIOV);

	/* One given back (skb and record): the next packet fits again. */
	assert_int_equal(nm_devmem_recv(skbs[0], rec, 2), 1);
	check_records(rec, 1, id, &r, 0, 1000);
	kfree_skb(skbs[0]);
	assert_int_equal(give_back(id, rec, 1), 1);
	send_one(make_pkt(1000, 0, 9));
	skbs[0] = recv_one();
	assert_int_equal(nm_devmem_recv(skbs[0], rec, 2), 1);
	check_records(rec, 1, id, &r, 9, 1000);
	assert_int_equal(give_back(id, rec, 1), 1);
	for (int i = 0; i < NIOV; i++)
		kfree_skb(skbs[i]);
	assert_int_equal(page_pool_inflight(rxq_devmem_pool(0)), 0);

	assert_int_equal(nm_port_unbind_devmem(ring_port, b), 0);
	nm_page_pool_reap();
	assert_int_equal(net_devmem_binding_avail(b), NIOV);
	unbind_last(b, &r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rx_split, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_tokens, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_rx_exhausted, case_setup, case_teardown),
	};

	return port_devmem_run("port_devmem_rx", tests, sizeof(tests) / sizeof(tests[0]));
}

