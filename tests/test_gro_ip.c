/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of GRO (lib/gro, <netmem/gro.h>) per network and transport
 * header: IPv4 id modes (incrementing, fixed with and without DF, broken),
 * IPv4 options/fragments/bad checksums pass unmerged, IPv6 (merge,
 * fragment header, hop limit, flow label), in-band VLAN, UDP (off without
 * GRO_F_UDP_FWD, SKB_GSO_UDP_L4 trains, a zero checksum).
 *
 * Each case checks the merged skb's layout and that skb_gso_segment() on
 * every delivered skb gives back the input frames byte for byte; every case
 * ends with no skb, page_pool page or misuse left over.
 */
#define _GNU_SOURCE
#include "gro_fixture.h"

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

	/* a fragment header: not for GRO (extension headers that are:
	 * test_gro_ipv6) */
	f.ext[0] = 44;
	f.next = 1;
	assert_int_equal(feed(&f), GRO_NORMAL);
	f.seq += 1448; f.pay_off += 1448;
	assert_int_equal(feed(&f), GRO_NORMAL);
	f.seq += 1448; f.pay_off += 1448;
	f.next = 0;
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

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, case_setup, case_teardown)
		T(test_ipv4_id_modes),
		T(test_ipv4_not_for_gro),
		T(test_ipv6),
		T(test_vlan_inband),
		T(test_udp),
#undef T
	};

	return gro_run("gro_ip", tests, sizeof(tests) / sizeof(tests[0]));
}

