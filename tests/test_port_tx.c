/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of lib/port TX when resources run out: a full TX ring
 * (unsent skbs stay the caller's, intact; GSO tails drop), on the fast and
 * general paths (the fast run's chains of several pages counted segment by
 * segment, before a planned skb too), the slot guards of the fast path, the
 * TX counters, and running out of TX segment headers. TSO: test_port_tx_tso.c.
 *
 * After each case: nm_skb_get_stats().live, nm_misuse_count(), the default
 * page mempools and our own page_pool are back where they were (port_fixture).
 */
#include "port_fixture.h"

#include "port_priv.h"
#include "port_tx.h"
#include "port_tx_own.h"

/* Receives exactly @n packets on ring @r, checked against expectations. */
static void rx_expect_n(int r, unsigned int n)
{
	uint16_t pid = ring_pid(r);
	struct sk_buff *skbs[64];
	unsigned int idle = 0;

	while (n != 0 && idle < 1000) {
		uint16_t got = nm_rx_burst(pid, 0, skbs, (uint16_t)RTE_MIN(n, 64u));

		idle = got ? 0 : idle + 1;
		for (uint16_t i = 0; i < got; i++)
			exp_check(r, skbs[i]);
		n -= got;
	}
	assert_int_equal(n, 0);
}

/* ---------------------------------------------------------------------- */
/* A full TX ring                                                         */
/* ---------------------------------------------------------------------- */

/* Sends @n skbs on ring @r in bursts until the ring takes no more;
 * returns how many went. */
static unsigned int tx_until_full(uint16_t pid, struct sk_buff **skbs, unsigned int n)
{
	unsigned int done = 0;

	while (done < n) {
		uint16_t want = (uint16_t)RTE_MIN(n - done, (unsigned int)BURST);
		uint16_t got = nm_tx_burst(pid, 0, skbs + done, want);

		done += got;
		if (got < want)
			break;
	}
	return done;
}

static void test_tx_ring_full(void **state)
{
	enum { N = 1500 };
	static struct sk_buff *skbs[N];
	static struct out outs[N];
	unsigned int sent, more, dropped;
	struct nm_queue_stats st;
	struct out go;
	struct sk_buff *burst[3];
	uint16_t pid;
	int r = 0;

	(void)state;
	pid = port_up(r, NULL);
	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 0);

	/* One packet per skb, moved and external mixed. */
	for (unsigned int i = 0; i < N; i++) {
		static const enum shape sh[] = {
			SH_LINEAR, SH_BUILD, SH_BUILD_FRAGS, SH_LINEAR_BIG
		};

		outs[i] = mk_plain(sh[i % RTE_DIM(sh)]);
		skbs[i] = outs[i].skb;
	}
	sent = tx_until_full(pid, skbs, N);
	printf("ring took %u of %u\n", sent, N);
	assert_true(sent > 0 && sent < N);
	/* Full: nothing more goes, nothing is dropped. */
	assert_int_equal(nm_tx_burst(pid, 0, skbs + sent, BURST), 0);
	st = qstats(pid, 0);
	assert_int_equal(st.tx_packets, sent);
	assert_int_equal(drops_total(&st), 0);
	for (unsigned int i = 0; i < sent; i++)
		exp_out(r, &outs[i]);
	/* The rest are the caller's, intact: sole owner, bytes unchanged. */
	for (unsigned int i = sent; i < N; i++) {
		assert_int_equal(skbs[i]->users, 1);
		assert_false(skb_cloned(skbs[i]));
		assert_bytes(skbs[i], outs[i].buf, outs[i].len);
		if (outs[i].head_page != NULL) {
			assert_int_equal(page_ref_count(outs[i].head_page), 1);
			if (netmem_is_pp(page_to_netmem(outs[i].head_page)))
				assert_int_equal(page_pp_refs(outs[i].head_page), 1);
		}
	}

	/* Room for 300: the next 300 go, later ones are refused again. */
	rx_expect_n(r, 300);
	more = tx_until_full(pid, skbs + sent, N - sent);
	assert_int_equal(more, 300);
	for (unsigned int i = sent; i < sent + more; i++)
		exp_out(r, &outs[i]);
	sent += more;

	/* The caller gives up on the rest: counted TX_FULL drops. */
	rx_expect_all(r);
	dropped = N - sent;
	nm_tx_drop_unsent(pid, 0, skbs + sent, (uint16_t)dropped);
	for (unsigned int i = sent; i < N; i++)
		free(outs[i].buf);
	st = qstats(pid, 0);
	assert_int_equal(st.drops[NM_DROP_TX_FULL], dropped);
	assert_int_equal(drops_total(&st), dropped);

	/*
	 * Software GSO into a ring with room for 10 packets: burst {A, G, C}.
	 * A goes, 9 segments of G go and its other segments drop (TX_FULL), G
	 * counts as taken, C stays the caller's.
	 */
	for (unsigned int i = 0; i < N; i++) {
		outs[i] = mk_plain(SH_LINEAR);
		skbs[i] = outs[i].skb;
	}
	sent = tx_until_full(pid, skbs, N);
	for (unsigned int i = 0; i < sent; i++)
		exp_out(r, &outs[i]);
	nm_tx_drop_unsent(pid, 0, skbs + sent, (uint16_t)(N - sent));
	for (unsigned int i = sent; i < N; i++)
		free(outs[i].buf);
	dropped += N - sent;
	rx_expect_n(r, 10);
	outs[0] = mk_plain(SH_LINEAR);
	go = mk_gso(30 * MSS + 100);		/* 31 segments */
	outs[2] = mk_plain(SH_BUILD);
	burst[0] = outs[0].skb;
	burst[1] = go.skb;
	burst[2] = outs[2].skb;
	st = qstats(pid, 0);
	assert_int_equal(nm_tx_burst(pid, 0, burst, 3), 2);
	exp_out(r, &outs[0]);
	go.g->nsegs = 9;	/* only these come */
	go.g->left = 9;
	exp_push_gso(r, go.g);
	go.g->nsegs = 31;
	{
		struct nm_queue_stats st2 = qstats(pid, 0);

		assert_int_equal(st2.tx_packets - st.tx_packets, 10);
		assert_int_equal(st2.drops[NM_DROP_TX_FULL] - st.drops[NM_DROP_TX_FULL], 31 - 9);
		assert_int_equal(st2.tx_gso_sw - st.tx_gso_sw, 1);
		dropped += 31 - 9;
	}
	/* C is intact; the ring is full again. */
	assert_bytes(outs[2].skb, outs[2].buf, outs[2].len);
	assert_int_equal(nm_tx_burst(pid, 0, &burst[2], 1), 0);

	/* A GSO skb into a full ring stays whole, and goes later. */
	go = mk_gso(20 * MSS);
	burst[0] = go.skb;
	assert_int_equal(nm_tx_burst(pid, 0, burst, 1), 0);
	assert_int_equal(go.skb->users, 1);
	assert_int_equal(go.skb->len, go.g->len);
	assert_true(skb_is_gso(go.skb));
	rx_expect_all(r);
	assert_int_equal(nm_tx_burst(pid, 0, burst, 1), 1);
	exp_push_gso(r, go.g);
	assert_int_equal(nm_tx_burst(pid, 0, &outs[2].skb, 1), 1);
	exp_out(r, &outs[2]);
	rx_expect_all(r);

	st = qstats(pid, 0);
	assert_int_equal(st.drops[NM_DROP_TX_FULL], dropped);
	assert_int_equal(drops_total(&st), dropped);
	assert_int_equal(st.copied_bytes, 0);
	assert_int_equal(st.rx_packets, st.tx_packets);
	assert_int_equal(page_pool_inflight(rx_pp[0]), 0);
	assert_int_equal(txh_in_use(pid), 0);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
}

/*
 * Counters of a refused send: a chain the ring did not take was not a TX
 * segment, and an skb segmented (or checksummed) in software twice because
 * the first try found the ring full was sent once.
 */
/* Ring 0 up, its RX pool the one mk_plain() builds from, and @n packets
 * of shape @sh made (outs[i].skb in skbs[i]). */
static uint16_t port_up_with(enum shape sh, struct out *outs, struct sk_buff **skbs,
			     unsigned int n)
{
	uint16_t pid = port_up(0, NULL);

	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 0);
	for (unsigned int i = 0; i < n; i++) {
		outs[i] = mk_plain(sh);
		skbs[i] = outs[i].skb;
	}
	return pid;
}

/*
 * A full ring under skbs that all take TX's fast path (each struct leaves
 * with its pages): the burst the PMD took in part counts exactly the
 * packets, bytes and segments that went; the rest stay the caller's,
 * intact. Linear skbs in their head page's slot, then slot skbs with frags
 * of whole pages of their own (chains of several segments).
 */
static void fast_ring_full(enum shape sh)
{
	enum { N = 1100 };
	static struct sk_buff *skbs[N];
	static struct out outs[N];
	static unsigned int segs[N];
	struct nm_queue_stats a, b;
	unsigned int sent;
	uint64_t bytes = 0, nsegs = 0;
	uint16_t pid;

	pid = port_up_with(sh, outs, skbs, N);
	for (unsigned int i = 0; i < N; i++) {
		segs[i] = 1u + skb_shinfo(skbs[i])->nr_frags;
		assert_true(sh != SH_BUILD_FRAGS || segs[i] > 1);
	}
	a = qstats(pid, 0);
	sent = tx_until_full(pid, skbs, N);
	b = qstats(pid, 0);
	assert_true(sent > 0 && sent < N);
	assert_true(sent % BURST != 0);		/* a burst went in part */
	for (unsigned int i = 0; i < sent; i++) {
		bytes += outs[i].len;
		nsegs += segs[i];
	}
	assert_int_equal(b.tx_packets - a.tx_packets, sent);
	assert_int_equal(b.tx_bytes - a.tx_bytes, bytes);
	assert_int_equal(b.tx_zc_segs - a.tx_zc_segs, nsegs);
	assert_int_equal(b.tx_ext_segs - a.tx_ext_segs, 0);
	for (unsigned int i = sent; i < N; i++)
		assert_bytes(skbs[i], outs[i].buf, outs[i].len);
	for (unsigned int i = 0; i < sent; i++)
		exp_out(0, &outs[i]);
	nm_tx_drop_unsent(pid, 0, skbs + sent, (uint16_t)(N - sent));
	for (unsigned int i = sent; i < N; i++)
		free(outs[i].buf);
	rx_expect_all(0);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
}

static void test_tx_fast_ring_full(void **state)
{
	(void)state;
	fast_ring_full(SH_BUILD);
}

static void test_tx_fast_frags_ring_full(void **state)
{
	(void)state;
	fast_ring_full(SH_BUILD_FRAGS);
}

/*
 * A slot skb with frags that the fast run moved, then an skb that needs a
 * plan (a linear part on a shared page: an external segment): the fast
 * chain's plan counts all its segments.
 */
static void test_tx_fast_then_planned(void **state)
{
	struct sk_buff *skbs[2];
	struct out outs[2];
	struct nm_queue_stats a, b;
	unsigned int segs;
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 0);
	outs[0] = mk_plain(SH_BUILD_FRAGS);
	outs[1] = mk_plain(SH_LINEAR);
	skbs[0] = outs[0].skb;
	skbs[1] = outs[1].skb;
	segs = 1u + skb_shinfo(skbs[0])->nr_frags;
	assert_true(tx_fast_slot_frags_ok(skbs[0], 0));
	assert_false(tx_fast_slot_frags_ok(skbs[1], 0) || tx_fast_slot_ok(skbs[1]));
	a = qstats(pid, 0);
	assert_int_equal(nm_tx_burst(pid, 0, skbs, 2), 2);
	b = qstats(pid, 0);
	assert_int_equal(b.tx_packets - a.tx_packets, 2);
	assert_int_equal(b.tx_zc_segs - a.tx_zc_segs, segs);
	assert_int_equal(b.tx_ext_segs - a.tx_ext_segs, 1);
	exp_out(0, &outs[0]);
	exp_out(0, &outs[1]);
	rx_expect_all(0);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
}

static int dtor_calls;

static void count_dtor(struct sk_buff *skb)
{
	(void)skb;
	dtor_calls++;
}

enum slot_guard {
	G_NONE,		/* moved, struct and all */
	G_USERS,	/* a second skb reference: external segment */
	G_PAGE_REF,	/* a second page reference: external segment */
	G_PP_REF,	/* a second pp reference: external segment */
	G_DTOR,		/* a destructor to run after the send: external segment */
	G_CSUM,		/* CHECKSUM_PARTIAL: summed in software first */
	G_VLAN,		/* a stripped tag: back in the frame */
	G_VLAN0,	/* ... with vlan_proto unset: an 802.1Q tag */
	G_FRAG,		/* a page frag after the head: two segments */
	G_CLONE,	/* a clone shares the head: external segment */
	G_NEWHEAD,	/* the head moved out of the slot's page */
	G_NR
};

/*
 * TX's fast path for an RX skb (the struct in its head page's slot) moves
 * the page only when nothing else holds the skb or the page and nothing is
 * left to do: each guard sends the skb the general way instead, with the
 * right bytes on the wire and nothing leaked.
 */
static void test_tx_slot_guards(void **state)
{
	struct page_pool *pp;
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	pp = nm_port_rxq_page_pool(pid, 0);
	for (int g = 0; g < G_NR; g++) {
		unsigned int len = 80 + (unsigned int)g, elen = len;
		uint8_t b[128], e[132];
		struct nm_queue_stats a, z;
		struct sk_buff *skb, *out, *clone = NULL;
		struct page *hp, *fp;

		for (unsigned int i = 0; i < len; i++)
			b[i] = (uint8_t)(i * 7 + (unsigned int)g);
		put_eth(b, 0x0800);
		put_ip4(b + ETH_HLEN, 20, len - ETH_HLEN - 20, 17, 1);
		skb = mk_build_head(pp, b, len, NULL);
		assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
		skb = rx_one(pid);		/* an RX skb, in its page's slot */
		hp = virt_to_head_page(skb->head);
		memcpy(e, b, len);
		switch (g) {
		case G_USERS:
			skb_get(skb);
			break;
		case G_PAGE_REF:
			get_page(hp);
			break;
		case G_PP_REF:
			page_pool_ref_page(hp);
			break;
		case G_DTOR:
			dtor_calls = 0;
			skb->destructor = count_dtor;
			break;
		case G_CSUM:
			/* UDP: the field holds a start value, the sum goes over it */
			skb->ip_summed = CHECKSUM_PARTIAL;
			skb->csum_start = (__u16)(skb_headroom(skb) + ETH_HLEN + 20);
			skb->csum_offset = 6;
			put16(e + ETH_HLEN + 20 + 6,
			      (uint16_t)~ref_fold(ref_sum(b + ETH_HLEN + 20, len - ETH_HLEN - 20, 0)));
			break;
		case G_VLAN:
		case G_VLAN0:
			/* no vlan_present bit (6.2+): held when vlan_all != 0 */
			skb->vlan_proto = g == G_VLAN ? rte_cpu_to_be_16(0x88a8) : 0;
			skb->vlan_tci = 0x2123;
			memcpy(e + 16, b + 12, len - 12);
			memcpy(e + 12, g == G_VLAN ? "\x88\xa8\x21\x23" : "\x81\x00\x21\x23", 4);
			elen = len + 4;
			break;
		case G_FRAG:
			fp = page_pool_dev_alloc_pages(pp);
			assert_non_null(fp);
			memcpy(page_address(fp), "fragment", 8);
			skb_add_rx_frag(skb, 0, fp, 0, 8, (unsigned int)PAGE_SIZE);
			memcpy(e + len, "fragment", 8);
			elen = len + 8;
			break;
		case G_CLONE:
			clone = skb_clone(skb, GFP_ATOMIC);
			assert_non_null(clone);
			break;
		case G_NEWHEAD:
			assert_int_equal(pskb_expand_head(skb, 64, 0, GFP_ATOMIC), 0);
			break;
		}
		a = qstats(pid, 0);
		assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
		z = qstats(pid, 0);
		out = rx_one(pid);
		assert_bytes(out, e, elen);
		assert_int_equal(z.tx_packets - a.tx_packets, 1);
		assert_int_equal(z.tx_bytes - a.tx_bytes, elen);
		switch (g) {
		case G_USERS:
		case G_PAGE_REF:
		case G_PP_REF:
		case G_DTOR:
		case G_CLONE:
			assert_int_equal(z.tx_zc_segs - a.tx_zc_segs, 0);
			assert_int_equal(z.tx_ext_segs - a.tx_ext_segs, 1);
			break;
		case G_FRAG:
			assert_int_equal(z.tx_zc_segs - a.tx_zc_segs, 2);
			break;
		case G_NEWHEAD:
			assert_ptr_not_equal(virt_to_head_page(out->head), hp);
			break;
		default:
			assert_int_equal(z.tx_zc_segs - a.tx_zc_segs, 1);
			assert_int_equal(z.tx_ext_segs - a.tx_ext_segs, 0);
			assert_ptr_equal(virt_to_head_page(out->head), hp);
			break;
		}
		assert_int_equal(z.tx_csum_sw - a.tx_csum_sw, g == G_CSUM);
		consume_skb(out);
		switch (g) {
		case G_USERS:
			assert_bytes(skb, b, len);	/* still the caller's */
			consume_skb(skb);
			break;
		case G_PAGE_REF:
			put_page(hp);
			break;
		case G_PP_REF:
			page_pool_put_full_page(pp, hp, false);
			break;
		case G_DTOR:
			assert_int_equal(dtor_calls, 1);
			break;
		case G_CLONE:
			assert_bytes(clone, b, len);	/* the shared head is intact */
			consume_skb(clone);
			break;
		}
		assert_int_equal(page_pool_inflight(pp), 0);
	}
	port_down(pid);
}

static void test_tx_counters_ring_full(void **state)
{
	enum { N = 1100 };
	static struct sk_buff *skbs[N];
	static struct out outs[N];
	struct nm_queue_stats a, b;
	struct out o[3];
	unsigned int sent;
	uint16_t pid;

	(void)state;
	pid = port_up_with(SH_LINEAR, outs, skbs, N);
	sent = tx_until_full(pid, skbs, N);
	for (unsigned int i = 0; i < sent; i++)
		exp_out(0, &outs[i]);
	nm_tx_drop_unsent(pid, 0, skbs + sent, (uint16_t)(N - sent));
	for (unsigned int i = sent; i < N; i++)
		free(outs[i].buf);

	o[0] = mk_plain(SH_BUILD);		/* moved */
	o[1] = mk_plain(SH_FRAGS);		/* external */
	o[2] = mk_gso(10 * MSS);		/* software GSO */
	for (int i = 0; i < 3; i++)
		skbs[i] = o[i].skb;
	a = qstats(pid, 0);
	assert_int_equal(nm_tx_burst(pid, 0, skbs, 3), 0);
	b = qstats(pid, 0);
	rx_expect_all(0);
	assert_int_equal(nm_tx_burst(pid, 0, skbs, 3), 3);
	for (int i = 0; i < 3; i++)
		exp_out(0, &o[i]);
	rx_expect_all(0);
	printf("refused burst counted: zc_segs +%" PRIu64 " ext_segs +%" PRIu64
	       " gso_sw +%" PRIu64 "\n", b.tx_zc_segs - a.tx_zc_segs,
	       b.tx_ext_segs - a.tx_ext_segs, b.tx_gso_sw - a.tx_gso_sw);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
	assert_int_equal(b.tx_zc_segs, a.tx_zc_segs);
	assert_int_equal(b.tx_ext_segs, a.tx_ext_segs);
	assert_int_equal(b.tx_gso_sw, a.tx_gso_sw);
}

/* ---------------------------------------------------------------------- */
/* Running out of memory                                                  */
/* ---------------------------------------------------------------------- */

/*
 * TX segment headers (one per external segment) run out: the skb that finds
 * none is dropped and counted once as TX_NOMEM; nothing leaks; sending works
 * again once the ring drained.
 */
static void test_tx_headers_exhausted(void **state)
{
	enum { N = 600, FR = 7, PLEN = 100 };
	static struct sk_buff *skbs[N];
	uint8_t src[ETH_HLEN + FR * PLEN];
	struct page *page;
	struct nm_queue_stats st;
	unsigned int done = 0;
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	page = alloc_page(GFP_ATOMIC);
	assert_non_null(page);
	fill_random(page_address(page), (unsigned int)PAGE_SIZE);
	memcpy(src, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x88\xb5", ETH_HLEN);
	for (int f = 0; f < FR; f++)
		memcpy(src + ETH_HLEN + f * PLEN, (uint8_t *)page_address(page) + f * 64, PLEN);
	/* head + 7 frags of one shared page (a page reference each): 8
	 * external segments per skb */
	for (unsigned int i = 0; i < N; i++) {
		skbs[i] = mk_alloc_head(src, ETH_HLEN);
		for (int f = 0; f < FR; f++) {
			get_page(page);
			skb_add_rx_frag(skbs[i], f, page, f * 64, PLEN, (unsigned int)PAGE_SIZE);
		}
	}
	assert_int_equal(page_ref_count(page), 1 + N * FR);
	while (done < N) {
		uint16_t want = (uint16_t)RTE_MIN(N - done, (unsigned int)BURST);
		uint16_t got = nm_tx_burst(pid, 0, skbs + done, want);

		assert_true(got > 0);
		done += got;
	}
	st = qstats(pid, 0);
	printf("%" PRIu64 " sent, drops TX_NOMEM %" PRIu64 " (of %u skbs)\n", st.tx_packets,
	       st.drops[NM_DROP_TX_NOMEM], N);
	assert_true(st.tx_packets > 0 && st.tx_packets < N);
	for (unsigned int i = 0; i < st.tx_packets; i++)
		exp_push_bytes(0, src, sizeof(src), NULL);
	rx_expect_all(0);
	assert_int_equal(txh_in_use(pid), 0);
	/* Every skb was taken: the sent ones consumed, the others dropped. */
	assert_int_equal(page_ref_count(page), 1);
	put_page(page);
	st = qstats(pid, 0);
	port_down(pid);
	assert_int_equal(st.drops[NM_DROP_TX_NOMEM], N - st.tx_packets);
	assert_int_equal(drops_total(&st), N - st.tx_packets);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tx_ring_full, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_fast_ring_full, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_fast_frags_ring_full, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_fast_then_planned, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_slot_guards, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_counters_ring_full, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_headers_exhausted, case_setup,
						case_teardown),
	};

	return port_run("port_tx", tests, sizeof(tests) / sizeof(tests[0]));
}

