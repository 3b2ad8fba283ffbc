/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of GRO (lib/gro, <netmem/gro.h>), one case per kernel rule:
 * in-order TCP trains merge (head stolen from napi_build_skb() frames,
 * frags moved from header-split frames, frag_list past MAX_SKB_FRAGS,
 * gro_max_size), each header mismatch ends the train (MAC, stripped VLAN,
 * TTL, TOS, DF, ACK, window, TCP options, ECE), different flows are held
 * apart, out-of-order and gaps, every TCP flag (PSH, FIN, URG, RST, SYN,
 * CWR), short and long segments, IPv4 id modes (incrementing, fixed with
 * and without DF, broken), IPv4 options/fragments/bad checksums pass
 * unmerged, IPv6 (merge, extension header, hop limit, flow label), in-band
 * VLAN, UDP (off without GRO_F_UDP_FWD, SKB_GSO_UDP_L4 trains, a zero
 * checksum), flushes by age and by a full bucket, pp_recycle mixing, and
 * a randomized round trip (fixed seed). Each case checks the merged skb's
 * layout and that skb_gso_segment() on every delivered skb gives back the
 * input frames byte for byte; every case ends with no skb, page_pool page
 * or misuse left over.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>
#include <sys/mman.h>
#include <unistd.h>

#include <netmem/devmem.h>
#include <netmem/page_pool/memory_provider.h>

#include "test_common.h"
#include "test_gro_util.h"

static uint64_t misuse0;
static struct nm_skb_stats stats0;

static int case_setup(void **state)
{
	(void)state;
	misuse0 = nm_misuse_count();
	nm_skb_get_stats(&stats0);
	gro_setup();
	nr_gin = 0;
	g_any_order = false;
	return 0;
}

static int case_teardown(void **state)
{
	struct nm_skb_stats st;

	(void)state;
	gro_cleanup(&gro);
	__skb_queue_purge(&delivered);
	nm_skb_get_stats(&st);
	if (st.live != stats0.live) {
		fprintf(stderr, "leak: %" PRIu64 " skbs live, %" PRIu64 " before\n", st.live,
			stats0.live);
		return -1;
	}
	if (page_pool_inflight(pp) != 0) {
		fprintf(stderr, "leak: %ld page_pool pages in flight\n", page_pool_inflight(pp));
		return -1;
	}
	if (nm_misuse_count() != misuse0) {
		fprintf(stderr, "misuse reported: %" PRIu64 "\n", nm_misuse_count() - misuse0);
		return -1;
	}
	return 0;
}

/* Feeds @n in-order segments of @f (seq, id and payload advance). */
static void feed_train(struct fspec *f, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		feed(f);
		f->seq += f->pay;
		f->pay_off += f->pay;
		f->id++;
	}
}

static void check_tcp_gso(const struct sk_buff *skb, unsigned int segs, unsigned int mss,
			  unsigned int type)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);

	assert_int_equal(sh->gso_segs, segs);
	assert_int_equal(sh->gso_size, mss);
	assert_int_equal(sh->gso_type, type);
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	assert_int_equal(skb->csum_start, skb->transport_header);
	assert_int_equal(skb->csum_offset, (type & SKB_GSO_UDP_L4) ? 6 : 16);
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

/* ---- IPv4 ---------------------------------------------------------------------------- */

static void test_ipv4_id_modes(void **state)
{
	(void)state;
	/* fixed id, DF set and (since 6.18) clear: SKB_GSO_TCP_FIXEDID */
	for (int nodf = 0; nodf < 2; nodf++) {
		struct fspec f = fs_default();

		f.no_df = nodf;
		for (int i = 0; i < 4; i++) {
			feed(&f);
			f.seq += 1448;
			f.pay_off += 1448;
		}
		g_flush_all();
		assert_int_equal(skb_queue_len(&delivered), 1);
		check_tcp_gso(g_out(0), 4, 1448, SKB_GSO_TCPV4 | SKB_GSO_TCP_FIXEDID);
		g_round_trip();
	}
	/* fixed for two, then incrementing: the train ends */
	{
		struct fspec f = fs_default();

		feed(&f);
		f.seq += 1448; f.pay_off += 1448;
		feed(&f);
		f.seq += 1448; f.pay_off += 1448; f.id++;
		feed_train(&f, 1);
		g_flush_all();
		assert_int_equal(skb_queue_len(&delivered), 2);
		check_tcp_gso(g_out(0), 2, 1448, SKB_GSO_TCPV4 | SKB_GSO_TCP_FIXEDID);
		g_round_trip();
	}
	/* incrementing across the 16-bit wrap */
	{
		struct fspec f = fs_default();

		f.id = 0xfffe;
		feed_train(&f, 4);
		g_flush_all();
		assert_int_equal(skb_queue_len(&delivered), 1);
		check_tcp_gso(g_out(0), 4, 1448, SKB_GSO_TCPV4);
		g_round_trip();
	}
}

/* Packets GRO passes on unmerged, and the train they meet ends or not. */
static void test_ipv4_not_for_gro(void **state)
{
	(void)state;
	for (int k = 0; k < 3; k++) {
		struct fspec f = fs_default();

		feed_train(&f, 2);
		if (k == 0)
			f.ipopt = 4;
		else if (k == 1)
			f.ip_mf = true;
		else
			f.bad_csum = true;
		assert_int_equal(feed(&f), GRO_NORMAL);
		assert_int_equal(gro_held_count(&gro), k == 1 ? 0 : 1);
		f.seq += 1448; f.pay_off += 1448; f.id++;
		g_flush_all();
		assert_int_equal(skb_queue_len(&delivered), 2);
		/* As the kernel: a packet stopped at the IP layer leaves the
		 * held train alone, so it overtakes it (options, bad checksum);
		 * a fragment reaches TCP, which ends the train first. */
		g_any_order = (k != 1);
		if (k == 2) {
			/* still CHECKSUM_NONE for the stack to drop; not segmented */
			struct sk_buff *bad = g_out(0);

			assert_int_equal(bad->ip_summed, CHECKSUM_NONE);
		}
		g_round_trip();
	}
}

/* ---- IPv6 ----------------------------------------------------------------------------- */

static void test_ipv6(void **state)
{
	struct fspec f = fs_default();
	struct sk_buff *skb;

	(void)state;
	f.v6 = true;
	f.flowlabel = 0x12345;
	feed_train(&f, 4);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 1);
	skb = g_out(0);
	check_tcp_gso(skb, 4, 1448, SKB_GSO_TCPV6);
	assert_int_equal(be16(skb->data + 4), skb->len - 40);	/* payload length */
	g_round_trip();

	/* an extension header: not for GRO */
	f.v6ext = true;
	assert_int_equal(feed(&f), GRO_NORMAL);
	f.seq += 1448; f.pay_off += 1448;
	assert_int_equal(feed(&f), GRO_NORMAL);
	f.seq += 1448; f.pay_off += 1448;
	f.v6ext = false;
	/* another flow label: another flow */
	feed_train(&f, 1);
	f.flowlabel++;
	f.sport++;
	feed_train(&f, 1);
	assert_int_equal(gro_held_count(&gro), 2);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 4);
	g_round_trip();
}

/* ---- VLAN in the frame ---------------------------------------------------------------- */

static void test_vlan_inband(void **state)
{
	struct fspec f = fs_default(), g;

	(void)state;
	f.vlan = true;
	g = f;
	g.vid = 8;
	g.sport = 2000;
	feed_train(&f, 3);
	feed_train(&g, 2);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 2);
	check_tcp_gso(g_out(0), 3, 1448, SKB_GSO_TCPV4);
	assert_int_equal(skb_network_header(g_out(0)) - g_out(0)->data, 4);
	check_tcp_gso(g_out(1), 2, 1448, SKB_GSO_TCPV4);
	g_round_trip();
}

/* ---- UDP -------------------------------------------------------------------------------- */

static void test_udp(void **state)
{
	struct fspec f = fs_default();

	(void)state;
	f.udp = true;
	f.pay = 1200;
	/* without GRO_F_UDP_FWD: no UDP GRO */
	for (int i = 0; i < 2; i++) {
		assert_int_equal(feed(&f), GRO_NORMAL);
		f.pay_off += f.pay;
		f.id++;
	}
	g_flush_all();
	g_round_trip();

	gro.flags |= GRO_F_UDP_FWD;
	for (int v6 = 0; v6 < 2; v6++) {
		f.v6 = v6;
		for (int i = 0; i < 3; i++) {
			assert_int_equal(feed(&f), i ? GRO_MERGED_FREE : GRO_HELD);
			f.pay_off += f.pay;
			f.id++;
		}
		f.pay = 700;		/* shorter: merged, ends the train */
		assert_int_equal(feed(&f), GRO_MERGED_FREE);
		f.pay_off += f.pay;
		f.id++;
		f.pay = 1200;
		g_flush_all();
		assert_int_equal(skb_queue_len(&delivered), 1);
		check_tcp_gso(g_out(0), 4, 1200, SKB_GSO_UDP_L4);
		assert_int_equal(be16(skb_transport_header(g_out(0)) + 4), 8 + 3 * 1200 + 700);
		g_round_trip();
	}
	/* a zero checksum (IPv4): passed on */
	f.v6 = false;
	f.zero_udp_csum = true;
	assert_int_equal(feed(&f), GRO_NORMAL);
	g_flush_all();
	g_round_trip();
}

/* ---- flushes, buckets, memory kinds, checksum states ------------------------------------- */

static void test_flush_by_age(void **state)
{
	struct fspec f = fs_default(), g = fs_default();

	(void)state;
	g.sport = 3000;
	feed_train(&f, 2);
	gro_flush(&gro, true);			/* held this tick: kept */
	assert_int_equal(gro_held_count(&gro), 1);
	gro_tick(&gro);
	feed_train(&g, 2);
	gro_flush(&gro, true);			/* f is older: completed */
	assert_int_equal(gro_held_count(&gro), 1);
	gro_normal_list(&gro);
	assert_int_equal(skb_queue_len(&delivered), 1);
	assert_int_equal(rte_be_to_cpu_16(*(uint16_t *)skb_transport_header(g_out(0))), 1000);
	g_flush_all();
	assert_int_equal(gro.bitmask, 0);
	g_round_trip();
}

static void test_bucket_full(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < MAX_GRO_SKBS + 1; i++) {
		struct fspec f = fs_default();

		f.sport = (uint16_t)(4000 + i);
		f.hash = 3;			/* one bucket for all */
		assert_int_equal(feed(&f), GRO_HELD);
	}
	assert_int_equal(gro_held_count(&gro), MAX_GRO_SKBS);
	assert_int_equal(gro.bitmask, 1u << 3);
	assert_int_equal(gro.stat_flush_full, 1);
	gro_normal_list(&gro);
	assert_int_equal(skb_queue_len(&delivered), 1);	/* the oldest */
	assert_int_equal(be16(skb_transport_header(g_out(0))), 4000);
	g_flush_all();
	g_round_trip();
}

static void test_checksum_states(void **state)
{
	static const uint8_t modes[] = { CHECKSUM_UNNECESSARY, CHECKSUM_COMPLETE, CHECKSUM_NONE };

	(void)state;
	for (int v6 = 0; v6 < 2; v6++)
		for (unsigned int m = 0; m < 3; m++) {
			struct fspec f = fs_default();

			f.v6 = v6;
			f.csum_mode = modes[m];
			feed_train(&f, 3);
			g_flush_all();
			assert_int_equal(skb_queue_len(&delivered), 1);
			check_tcp_gso(g_out(0), 3, 1448, v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4);
			g_round_trip();
		}
	/* CHECKSUM_COMPLETE with a wrong sum: checked in software, passed on */
	{
		struct fspec f = fs_default();

		f.csum_mode = CHECKSUM_COMPLETE;
		feed_train(&f, 1);
		f.bad_csum = true;
		assert_int_equal(feed(&f), GRO_NORMAL);
		assert_int_equal(gro_held_count(&gro), 1);	/* left alone */
		g_flush_all();
		assert_int_equal(g_out(0)->ip_summed, CHECKSUM_COMPLETE);
		g_any_order = true;
		g_round_trip();
	}
}

static void test_pp_recycle_apart(void **state)
{
	struct fspec f = fs_default();
	struct sk_buff *skb;

	(void)state;
	feed_train(&f, 1);
	/* an skb whose memory is not page_pool's: never merged with one that is */
	skb = build_rx(&f, gins[nr_gin].bytes, &gins[nr_gin].len);
	gins[nr_gin++].flow = f.sport;
	skb->pp_recycle = 0;
	/* its head stays a pp page: give the reference back on free */
	assert_int_equal(gro_receive_skb(&gro, skb), GRO_HELD);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 2);
	skb = g_out(1);
	skb->pp_recycle = 1;
	g_round_trip();
}

static void test_disabled_and_other_protocols(void **state)
{
	struct fspec f = fs_default();
	struct sk_buff *skb;

	(void)state;
	gro.enabled = false;
	assert_int_equal(feed(&f), GRO_NORMAL);
	gro.enabled = true;
	/* ARP: not for GRO */
	skb = build_rx(&f, NULL, NULL);
	skb->protocol = rte_cpu_to_be_16(0x0806);
	assert_int_equal(gro_receive_skb(&gro, skb), GRO_NORMAL);
	assert_int_equal(skb_queue_len(&gro.rx_list), 2);
	gro_normal_list(&gro);
	assert_int_equal(skb_queue_len(&delivered), 2);
	skb = __skb_dequeue_tail(&delivered);
	consume_skb(skb);
	g_round_trip();
	/* a clone (its data shared) is passed on, and ends its flow's train */
	{
		struct sk_buff *c;

		feed_train(&f, 2);
		skb = build_rx(&f, gins[nr_gin].bytes, &gins[nr_gin].len);
		gins[nr_gin++].flow = f.sport;
		f.seq += 1448; f.pay_off += 1448; f.id++;
		c = skb_clone(skb, GFP_ATOMIC);
		assert_non_null(c);
		assert_int_equal(gro_receive_skb(&gro, skb), GRO_NORMAL);
		assert_int_equal(gro_held_count(&gro), 0);
		assert_int_equal(skb_queue_len(&gro.rx_list), 2);
		consume_skb(c);
		g_flush_all();
		check_tcp_gso(g_out(0), 2, 1448, SKB_GSO_TCPV4);
		g_round_trip();
	}
	/* gro_normal_one batching: normal_batch segments go at once */
	gro.normal_batch = 2;
	f.flags |= TH_SYN;
	feed(&f);
	assert_int_equal(skb_queue_len(&delivered), 0);
	feed(&f);
	assert_int_equal(skb_queue_len(&delivered), 2);
	g_round_trip();
}

/* ---- device memory (net_iov payload) ---------------------------------------------------- */

struct dm {
	void *addr;
	size_t len;
	int released;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *pool;
};

static void dm_release(void *addr, size_t len, void *arg)
{
	struct dm *d = arg;

	munmap(addr, len);
	__atomic_fetch_add(&d->released, 1, __ATOMIC_RELEASE);
}

static void dm_init(struct dm *d, size_t npages)
{
	struct net_devmem_region_params rp;
	struct page_pool_params pp_params;
	int fd = memfd_create("nm_test_gro", MFD_CLOEXEC);

	memset(d, 0, sizeof(*d));
	assert_true(fd >= 0);
	d->len = npages * PAGE_SIZE;
	assert_int_equal(ftruncate(fd, (off_t)d->len), 0);
	d->addr = mmap(NULL, d->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(d->addr != MAP_FAILED);
	close(fd);
	memset(&rp, 0, sizeof(rp));
	rp.addr = d->addr;
	rp.len = d->len;
	rp.pg_sz = PAGE_SIZE;
	rp.release = dm_release;
	rp.release_arg = d;
	d->b = net_devmem_bind(&rp);
	assert_false(IS_ERR_OR_NULL(d->b));
	memset(&pp_params, 0, sizeof(pp_params));
	pp_params.flags = PP_FLAG_ALLOW_UNREADABLE_NETMEM;
	pp_params.pool_size = 64;
	pp_params.nid = NUMA_NO_NODE;
	pp_params.dev = PP_DEV_NONE;
	pp_params.lcore = rte_lcore_id();
	pp_params.mp_ops = &dmabuf_devmem_ops;
	pp_params.mp_priv = d->b;
	pp_params.name = "t_gro_dm";
	d->pool = page_pool_create(&pp_params);
	assert_false(IS_ERR_OR_NULL(d->pool));
}

static void dm_fini(struct dm *d)
{
	assert_int_equal(page_pool_inflight(d->pool), 0);
	page_pool_destroy(d->pool);
	net_devmem_unbind(d->b);
	for (int i = 0; i < 5000 && !__atomic_load_n(&d->released, __ATOMIC_ACQUIRE); i++) {
		nm_page_pool_reap();
		usleep(1000);
	}
	assert_int_equal(d->released, 1);
}

/* A header-split RX skb whose payload is a net_iov (device memory). */
static struct sk_buff *dm_rx(struct dm *d, const struct fspec *f, netmem_ref *niov)
{
	uint8_t frame[G_MAXFRAME];
	unsigned int len = build_frame(f, frame), hl = len - f->pay;
	struct sk_buff *skb = napi_alloc_skb(NULL, 256);

	assert_non_null(skb);
	*niov = page_pool_dev_alloc_netmems(d->pool);
	assert_true(netmem_is_net_iov(*niov));
	memcpy(skb_put(skb, hl), frame, hl);
	skb_add_rx_frag_netmem(skb, 0, *niov, 0, (int)f->pay, PAGE_SIZE);
	skb_mark_for_recycle(skb);
	skb->protocol = eth_type_trans(skb, &gdev);
	skb->ip_summed = f->csum_mode;
	assert_true(skb->unreadable);
	memcpy(gins[nr_gin].bytes, frame, len);
	gins[nr_gin].len = len;
	gins[nr_gin++].flow = f->sport;
	return skb;
}

static void test_unreadable(void **state)
{
	struct fspec f = fs_default();
	struct sk_buff *skb, *segs, *seg, *next;
	netmem_ref niov[3];
	unsigned int hl = 14 + 20 + 32, n = 0;
	struct dm d;

	(void)state;
	dm_init(&d, 16);
	f.csum_mode = CHECKSUM_UNNECESSARY;	/* the device checked it */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(gro_receive_skb(&gro, dm_rx(&d, &f, &niov[i])),
				 i ? GRO_MERGED_FREE : GRO_HELD);
		f.seq += 1448; f.pay_off += 1448; f.id++;
	}
	/* readable payload of the same flow: never merged with device memory */
	f.split = true;
	assert_int_equal(feed(&f), GRO_HELD);
	f.seq += 1448; f.pay_off += 1448; f.id++;
	/* device memory not checked by the device: GRO cannot read it */
	{
		netmem_ref nv;

		f.csum_mode = CHECKSUM_NONE;
		assert_int_equal(gro_receive_skb(&gro, dm_rx(&d, &f, &nv)), GRO_NORMAL);
	}
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 3);
	/* no software checksum was tried on device memory */
	assert_int_equal(nm_misuse_count(), misuse0);

	skb = __skb_dequeue(&delivered);
	assert_true(skb->unreadable);
	assert_int_equal(skb_headlen(skb), hl - 14);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 3);
	for (int i = 0; i < 3; i++)
		assert_true(netmem_eq(skb_frag_netmem(&skb_shinfo(skb)->frags[i]), niov[i]));
	check_tcp_gso(skb, 3, 1448, SKB_GSO_TCPV4);
	/* GSO with checksum offload never reads the payload: each segment has
	 * the input's headers (but the offloaded TCP check) and its net_iov */
	skb_push(skb, 14);
	segs = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
	assert_false(IS_ERR_OR_NULL(segs));
	for (seg = segs; seg; seg = next, n++) {
		next = seg->next;
		assert_true(seg->unreadable);
		assert_int_equal(seg->len, gins[n].len);
		assert_int_equal(skb_headlen(seg), hl);
		assert_memory_equal(seg->data, gins[n].bytes, hl - 16);
		assert_memory_equal(seg->data + hl - 14, gins[n].bytes + hl - 14, 14);
		assert_int_equal(skb_shinfo(seg)->nr_frags, 1);
		assert_true(netmem_eq(skb_frag_netmem(&skb_shinfo(seg)->frags[0]), niov[n]));
		kfree_skb(seg);
	}
	assert_int_equal(n, 3);
	consume_skb(skb);
	/* then the unchecked device-memory one, passed on */
	skb = __skb_dequeue(&delivered);
	assert_true(skb->unreadable);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	assert_int_equal(skb_shinfo(skb)->gso_size, 0);
	consume_skb(skb);
	/* last the readable one, held until the flush */
	skb = g_out(0);
	assert_false(skb->unreadable);
	assert_int_equal(skb_shinfo(skb)->gso_size, 0);
	assert_int_equal(be32(skb_transport_header(skb) + 4), 100000 + 3 * 1448);
	assert_int_equal(skb->ip_summed, CHECKSUM_UNNECESSARY);
	__skb_queue_purge(&delivered);
	nr_gin = 0;
	dm_fini(&d);
}

/* ---- randomized round trip ---------------------------------------------------------------- */

static void test_random_round_trip(void **state)
{
	(void)state;
	srand(14);
	gro.flags |= GRO_F_UDP_FWD;
	for (int iter = 0; iter < 60; iter++) {
		struct fspec fl[6];
		unsigned int nfl = 1 + (unsigned int)rand() % 6;
		unsigned int left[6];

		for (unsigned int k = 0; k < nfl; k++) {
			fl[k] = fs_default();
			fl[k].sport = (uint16_t)(5000 + k);
			fl[k].v6 = rand() & 1;
			fl[k].udp = (rand() % 4) == 0;
			fl[k].vlan = (rand() % 5) == 0;
			fl[k].split = rand() & 1;
			fl[k].csum_mode = (uint8_t)(rand() % 3);
			fl[k].pay = 100 + (unsigned int)rand() % 1349;
			fl[k].tcpopt = (unsigned int)(rand() % 3) * 4;
			fl[k].hash = (uint32_t)rand();
			fl[k].seq = (uint32_t)rand();
			fl[k].id = (uint16_t)rand();
			left[k] = 1 + (unsigned int)rand() % 30;
		}
		for (;;) {
			unsigned int k = (unsigned int)rand() % nfl, any = 0;
			struct fspec *f;

			for (unsigned int j = 0; j < nfl; j++)
				any += left[j];
			if (!any || nr_gin >= G_MAXIN - 1)
				break;
			if (!left[k])
				continue;
			f = &fl[k];
			left[k]--;
			/* now and then a short segment, a PSH, a flush */
			{
				unsigned int pay = f->pay;
				int r = rand() % 20;

				if (r == 0)
					f->pay = pay / 2;
				if (r == 1 && !f->udp)
					f->flags |= TH_PSH;
				feed(f);
				if (!f->udp)
					f->seq += f->pay;
				f->pay_off += f->pay;
				f->id++;
				f->pay = pay;
				f->flags = TH_ACK;
				if (r == 2)
					gro_flush(&gro, false);
				if (r == 3)
					gro_tick(&gro);
				if (r == 4)
					gro_flush(&gro, true);
			}
		}
		g_flush_all();
		g_round_trip();
		assert_int_equal(gro.bitmask, 0);
	}
	assert_true(gro.stat_merged > 500);
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
		T(test_ipv4_id_modes),
		T(test_ipv4_not_for_gro),
		T(test_ipv6),
		T(test_vlan_inband),
		T(test_udp),
		T(test_flush_by_age),
		T(test_bucket_full),
		T(test_checksum_states),
		T(test_pp_recycle_apart),
		T(test_disabled_and_other_protocols),
		T(test_unreadable),
		T(test_random_round_trip),
#undef T
	};
	struct page_pool_params params;
	int ret;

	nm_test_eal_init(1, NULL);
	memset(&params, 0, sizeof(params));
	params.flags = PP_FLAG_DMA_MAP;
	params.pool_size = 1024;
	params.nid = NUMA_NO_NODE;
	params.dev = PP_DEV_NONE;
	params.lcore = rte_lcore_id();
	params.name = "t_gro";
	pp = page_pool_create(&params);
	if (IS_ERR_OR_NULL(pp)) {
		fprintf(stderr, "page_pool_create failed\n");
		return 1;
	}
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	page_pool_destroy(pp);
	nm_page_pool_reap();
	rte_eal_cleanup();
	return ret;
}
