/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of GRO (lib/gro, <netmem/gro.h>) on TCPv4 trains, one case
 * per kernel rule: in-order trains merge (head stolen from napi_build_skb()
 * frames, frags moved from header-split frames, frag_list past
 * MAX_SKB_FRAGS, gro_max_size), each header mismatch ends the train (MAC,
 * stripped VLAN, TTL, TOS, DF, ACK, window, TCP options, ECE), different
 * flows are held apart, out-of-order and gaps, every TCP flag (PSH, FIN,
 * URG, RST, SYN, CWR), short and long segments.
 *
 * Each case checks the merged skb's layout and that skb_gso_segment() on
 * every delivered skb gives back the input frames byte for byte; every case
 * ends with no skb, page_pool page or misuse left over.
 */
#define _GNU_SOURCE
#include "gro_fixture.h"

#define TH_FIN	0x01

#define TH_RST	0x04

#define TH_URG	0x20

#define TH_ECE	0x40

#define TH_CWR	0x80

static unsigned int frag_list_len(const struct sk_buff *skb)
{
	unsigned int n = 0;

	for (const struct sk_buff *f = skb_shinfo(skb)->frag_list; f; f = f->next)
		n++;
	return n;
}

/* ---- trains that merge ----------------------------------------------------- */

static void test_tcp4_train_head_steal(void **state)
{
	struct fspec f = fs_default();
	struct sk_buff *skb;

	(void)state;
	assert_int_equal(feed(&f), GRO_HELD);
	f.seq += 1448; f.pay_off += 1448; f.id++;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(feed(&f), GRO_MERGED_FREE);
		f.seq += 1448; f.pay_off += 1448; f.id++;
	}
	f.pay = 500;
	assert_int_equal(feed(&f), GRO_MERGED_FREE);	/* short: merged, ends the train */
	assert_int_equal(gro_held_count(&gro), 0);
	gro_normal_list(&gro);
	assert_int_equal(skb_queue_len(&delivered), 1);
	skb = g_out(0);
	assert_int_equal(skb->len, 20 + 32 + 4 * 1448 + 500);
	assert_int_equal(skb_headlen(skb), 20 + 32 + 1448);
	assert_int_equal(skb->data_len, 3 * 1448 + 500);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 4);
	assert_null(skb_shinfo(skb)->frag_list);
	check_tcp_gso(skb, 5, 1448, SKB_GSO_TCPV4);
	assert_int_equal(be16(skb->data + 2), skb->len);	/* IPv4 total length */
	assert_int_equal(gro.stat_merged, 4);
	g_round_trip();
}

static void test_tcp4_train_split_frags(void **state)
{
	struct fspec f = fs_default();
	struct sk_buff *skb;

	(void)state;
	f.split = true;
	assert_int_equal(feed(&f), GRO_HELD);
	f.seq += 1448; f.pay_off += 1448; f.id++;
	feed_train(&f, 5);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 1);
	skb = g_out(0);
	assert_int_equal(skb->len, 52 + 6 * 1448);
	assert_int_equal(skb_headlen(skb), 52);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 6);	/* frags moved, not copied */
	assert_null(skb_shinfo(skb)->frag_list);
	check_tcp_gso(skb, 6, 1448, SKB_GSO_TCPV4);
	g_round_trip();
}

static void test_tcp4_frag_list(void **state)
{
	struct fspec f = fs_default();
	struct sk_buff *skb, *fl;

	(void)state;
	f.pay = 200;
	feed_train(&f, 20);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 1);
	skb = g_out(0);
	/* 17 stolen heads fill the frags; the 19th skb goes on frag_list and
	 * the 20th's head becomes a frag of that one. */
	assert_int_equal(skb_shinfo(skb)->nr_frags, MAX_SKB_FRAGS);
	assert_int_equal(frag_list_len(skb), 1);
	fl = skb_shinfo(skb)->frag_list;
	assert_int_equal(fl->len, 400);
	assert_int_equal(skb_shinfo(fl)->nr_frags, 1);
	assert_int_equal(skb->len, 52 + 20 * 200);
	assert_int_equal(skb->data_len, 19 * 200);
	check_tcp_gso(skb, 20, 200, SKB_GSO_TCPV4);
	g_round_trip();
}

static void test_gro_max_size(void **state)
{
	struct fspec f = fs_default();

	(void)state;
	gro.gro_ipv4_max_size = 8000;	/* 52 + 5 * 1448 = 7292 fits, 6 do not */
	feed_train(&f, 8);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 2);
	check_tcp_gso(g_out(0), 5, 1448, SKB_GSO_TCPV4);
	check_tcp_gso(g_out(1), 3, 1448, SKB_GSO_TCPV4);
	g_round_trip();

	/* The default bound: 65536, a 16-bit IP length. */
	gro.gro_ipv4_max_size = GRO_MAX_SIZE;
	feed_train(&f, 46);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 2);
	assert_int_equal(skb_shinfo(g_out(0))->gso_segs, 45);	/* 52 + 45 * 1448 = 65212 */
	assert_true(g_out(0)->len < 65536);
	assert_int_equal(skb_shinfo(g_out(1))->gso_size, 0);	/* one segment */
	g_round_trip();
}

/* ---- mismatches ---------------------------------------------------------------- */

enum mm { MM_TTL, MM_TOS, MM_DF, MM_ACK, MM_WIN, MM_OPT, MM_ECE, MM_DMAC, MM_HWVLAN,
	  MM_HOPLIMIT6, MM_TCLASS6, MM_IPID, MM_NR };

/* Two segments merge, the third differs in one field: the train of two
 * ends, the third starts its own. */
static void test_header_mismatch(void **state)
{
	(void)state;
	for (int m = 0; m < MM_NR; m++) {
		struct fspec f = fs_default();
		struct sk_buff *a, *b;

		f.v6 = (m == MM_HOPLIMIT6 || m == MM_TCLASS6);
		feed_train(&f, 2);
		switch (m) {
		case MM_TTL: f.ttl--; break;
		case MM_TOS: f.tos = 4; break;
		case MM_DF: f.no_df = true; break;
		case MM_ACK: f.ack++; break;
		case MM_WIN: f.win++; break;
		case MM_OPT: f.optval++; break;
		case MM_ECE: f.flags |= TH_ECE; break;
		case MM_DMAC: f.dmac_last = 1; break;
		case MM_HWVLAN: f.hw_vlan = 5; break;
		case MM_HOPLIMIT6: f.ttl = 1; break;
		case MM_TCLASS6: f.tos = 8; break;
		case MM_IPID: f.id += 5; break;
		}
		feed_train(&f, 1);
		g_flush_all();
		assert_int_equal(skb_queue_len(&delivered), 2);
		a = g_out(0);
		b = g_out(1);
		check_tcp_gso(a, 2, 1448, f.v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4);
		assert_int_equal(skb_shinfo(b)->gso_size, 0);
		assert_int_equal(b->len, f.v6 ? 40 + 32 + 1448 : 52 + 1448);
		assert_int_equal(b->ip_summed, CHECKSUM_UNNECESSARY);	/* checked in GRO */
		g_round_trip();
	}
}

/* Another flow (address, port) is held apart; both trains merge. */
static void test_flows_apart(void **state)
{
	struct fspec a = fs_default(), b = fs_default(), c = fs_default();

	(void)state;
	b.sport = 1001;
	c.saddr_last = 2;
	c.sport = 1002;		/* the round trip tells flows by port */
	for (int i = 0; i < 3; i++) {
		feed_train(&a, 1);
		feed_train(&b, 1);
		feed_train(&c, 1);
	}
	assert_int_equal(gro_held_count(&gro), 3);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 3);
	for (unsigned int i = 0; i < 3; i++)
		check_tcp_gso(g_out(i), 3, 1448, SKB_GSO_TCPV4);
	g_round_trip();
}

static void test_out_of_order_and_gap(void **state)
{
	struct fspec f = fs_default(), s1, s2, s3;

	(void)state;
	s1 = f;
	s2 = f; s2.seq += 1448; s2.pay_off += 1448; s2.id++;
	s3 = s2; s3.seq += 1448; s3.pay_off += 1448; s3.id++;
	/* 1, 3, 2: every arrival ends the previous train */
	assert_int_equal(feed(&s1), GRO_HELD);
	assert_int_equal(feed(&s3), GRO_HELD);
	assert_int_equal(feed(&s2), GRO_HELD);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 3);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(skb_shinfo(g_out(i))->gso_size, 0);
	g_round_trip();
	/* a gap of one byte */
	f.seq += 100000;
	feed_train(&f, 2);
	f.seq++;
	feed_train(&f, 2);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 2);
	check_tcp_gso(g_out(0), 2, 1448, SKB_GSO_TCPV4);
	check_tcp_gso(g_out(1), 2, 1448, SKB_GSO_TCPV4);
	g_round_trip();
}

/* ---- TCP flags -------------------------------------------------------------------- */

static void test_flag_psh_fin(void **state)
{
	(void)state;
	for (int fin = 0; fin < 2; fin++) {
		struct fspec f = fs_default();
		struct sk_buff *a;

		feed_train(&f, 2);
		f.flags |= fin ? (TH_FIN | TH_PSH) : TH_PSH;
		assert_int_equal(feed(&f), GRO_MERGED_FREE);	/* merged, ends the train */
		f.seq += 1448; f.pay_off += 1448; f.id++;
		assert_int_equal(gro_held_count(&gro), 0);
		f.flags = TH_ACK;
		f.seq += fin;
		feed_train(&f, 2);
		g_flush_all();
		assert_int_equal(skb_queue_len(&delivered), 2);
		a = g_out(0);
		check_tcp_gso(a, 3, 1448, SKB_GSO_TCPV4);
		/* the merged header carries PSH (and FIN): GSO puts them on the
		 * last segment only */
		assert_int_equal(skb_transport_header(a)[13], TH_ACK | TH_PSH | (fin ? TH_FIN : 0));
		check_tcp_gso(g_out(1), 2, 1448, SKB_GSO_TCPV4);
		g_round_trip();
	}
}

static void test_flag_urg_rst_syn(void **state)
{
	static const uint8_t fl[] = { TH_URG, TH_RST, TH_SYN };

	(void)state;
	for (unsigned int k = 0; k < 3; k++) {
		struct fspec f = fs_default();

		feed_train(&f, 2);
		f.flags |= fl[k];
		/* flushes the train and is not held itself */
		assert_int_equal(feed(&f), GRO_NORMAL);
		f.seq += 1448; f.pay_off += 1448; f.id++;
		f.flags = TH_ACK;
		feed_train(&f, 2);
		g_flush_all();
		assert_int_equal(skb_queue_len(&delivered), 3);
		check_tcp_gso(g_out(0), 2, 1448, SKB_GSO_TCPV4);
		assert_int_equal(skb_shinfo(g_out(1))->gso_size, 0);
		assert_int_equal(skb_transport_header(g_out(1))[13], TH_ACK | fl[k]);
		check_tcp_gso(g_out(2), 2, 1448, SKB_GSO_TCPV4);
		g_round_trip();
	}
}

static void test_flag_cwr(void **state)
{
	struct fspec f = fs_default();

	(void)state;
	feed_train(&f, 2);
	f.flags |= TH_CWR;
	assert_int_equal(feed(&f), GRO_HELD);	/* ends the train, starts one */
	f.seq += 1448; f.pay_off += 1448; f.id++;
	f.flags = TH_ACK;
	feed_train(&f, 2);			/* CWR only on the first: merged */
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 2);
	check_tcp_gso(g_out(0), 2, 1448, SKB_GSO_TCPV4);
	check_tcp_gso(g_out(1), 3, 1448, SKB_GSO_TCPV4 | SKB_GSO_TCP_ECN);
	g_round_trip();
}

static void test_short_and_long_segments(void **state)
{
	struct fspec f = fs_default();

	(void)state;
	/* a short segment is merged and ends the train */
	feed_train(&f, 1);
	f.pay = 1000;
	assert_int_equal(feed(&f), GRO_MERGED_FREE);
	f.seq += 1000; f.pay_off += 1000; f.id++;
	f.pay = 1448;
	assert_int_equal(feed(&f), GRO_HELD);
	f.seq += 1448; f.pay_off += 1448; f.id++;
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 2);
	check_tcp_gso(g_out(0), 2, 1448, SKB_GSO_TCPV4);
	assert_int_equal(g_out(0)->len, 52 + 1448 + 1000);
	g_round_trip();
	/* a longer segment than the first one's payload is not merged */
	f.pay = 1000;
	feed_train(&f, 1);
	f.pay = 1448;
	assert_int_equal(feed(&f), GRO_HELD);
	f.seq += 1448; f.pay_off += 1448; f.id++;
	/* a pure ACK (no payload) is not merged: it ends the train and goes
	 * up on its own */
	f.pay = 0;
	assert_int_equal(feed(&f), GRO_NORMAL);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 3);
	g_round_trip();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, case_setup, case_teardown)
		T(test_tcp4_train_head_steal),
		T(test_tcp4_train_split_frags),
		T(test_tcp4_frag_list),
		T(test_gro_max_size),
		T(test_header_mismatch),
		T(test_flows_apart),
		T(test_out_of_order_and_gap),
		T(test_flag_psh_fin),
		T(test_flag_urg_rst_syn),
		T(test_flag_cwr),
		T(test_short_and_long_segments),
#undef T
	};

	return gro_run("gro_tcp", tests, sizeof(tests) / sizeof(tests[0]));
}

