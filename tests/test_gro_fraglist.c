/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of fraglist GRO (GRO_F_FRAGLIST, the kernel's
 * NETIF_F_GRO_FRAGLIST) and its GSO, skb_segment_list(): TCP trains are
 * chained whole on the head's frag_list (IPv4 and IPv6, frames built by
 * napi_build_skb() and header-split), completed as SKB_GSO_FRAGLIST; what
 * ends a fraglist train (the whole flag word, checksum state, 64 segments,
 * 64 KB); fixed IPv4 ids; UDP fraglist versus SKB_GSO_UDP_L4 as
 * udp_gro_receive() chooses without a socket; GSO of a head whose addresses
 * and ports were rewritten (NAT) and of a head changed since GRO; a device
 * that takes fraglist GSO; skb_segment_list() without SG and with a
 * frag_list skb someone else holds.
 *
 * Each case checks the merged skb's layout and that skb_gso_segment() on
 * every delivered skb gives back the input frames byte for byte; every case
 * ends with no skb, page_pool page or misuse left over.
 */
#define _GNU_SOURCE
#include "gro_fixture.h"

static unsigned int frag_list_len(const struct sk_buff *skb)
{
	unsigned int n = 0;

	for (const struct sk_buff *f = skb_shinfo(skb)->frag_list; f; f = f->next)
		n++;
	return n;
}

static void check_flist(const struct sk_buff *skb, unsigned int segs, unsigned int mss,
			unsigned int type)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);

	assert_int_equal(sh->gso_segs, segs);
	assert_int_equal(sh->gso_size, mss);
	assert_int_equal(sh->gso_type, SKB_GSO_FRAGLIST | type);
	/* the segments keep their checksums: nothing for a device to do
	 * (CHECKSUM_COMPLETE trains stay so, as in the kernel) */
	assert_true(skb->ip_summed == CHECKSUM_UNNECESSARY ||
		    skb->ip_summed == CHECKSUM_COMPLETE);
	assert_int_equal(frag_list_len(skb), segs - 1);
}

/* ---- TCP ----------------------------------------------------------------------------- */

static void test_flist_tcp_train(void **state)
{
	(void)state;
	for (int v6 = 0; v6 < 2; v6++)
		for (int split = 0; split < 2; split++) {
			struct fspec f = fs_default();
			unsigned int hl = (v6 ? 40 : 20) + 32;
			struct sk_buff *skb, *fl;

			gro.flags = GRO_F_FRAGLIST;
			f.v6 = v6;
			f.split = split;
			assert_int_equal(feed(&f), GRO_HELD);
			f.seq += 1448; f.pay_off += 1448; f.id++;
			for (int i = 0; i < 4; i++) {
				/* the skb itself is chained: GRO_MERGED, not _FREE */
				assert_int_equal(feed(&f), GRO_MERGED);
				f.seq += 1448; f.pay_off += 1448; f.id++;
			}
			f.pay = 500;	/* short: chained, ends the train */
			assert_int_equal(feed(&f), GRO_MERGED);
			assert_int_equal(gro_held_count(&gro), 0);
			gro_normal_list(&gro);
			assert_int_equal(skb_queue_len(&delivered), 1);
			skb = g_out(0);
			check_flist(skb, 6, 1448, v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4);
			assert_int_equal(skb->len, hl + 5 * 1448 + 500);
			/* the head keeps its own frame, frags untouched */
			assert_int_equal(skb_headlen(skb), split ? hl : hl + 1448);
			assert_int_equal(skb_shinfo(skb)->nr_frags, split ? 1 : 0);
			/* the IP length covers the chain; the TCP header is the
			 * first segment's */
			if (v6)
				assert_int_equal(be16(skb->data + 4), skb->len - 40);
			else
				assert_int_equal(be16(skb->data + 2), skb->len);
			assert_int_equal(skb_transport_header(skb)[13], TH_ACK);
			/* each chained skb: data at its payload, its headers
			 * still before it */
			fl = skb_shinfo(skb)->frag_list;
			assert_int_equal(fl->len, 1448);
			assert_ptr_equal(skb_transport_header(fl) + 32, fl->data);
			assert_int_equal(be32(skb_transport_header(fl) + 4), 100000 + 1448);
			assert_int_equal(gro.stat_merged, 5);
			g_round_trip();
			gro.stat_merged = 0;
		}
}

/* What ends a fraglist train: every mismatch of the normal path plus the
 * whole flag word (PSH, FIN), the checksum state, 64 segments, 64 KB. */
static void test_flist_tcp_flush(void **state)
{
	struct fspec f = fs_default();

	(void)state;
	gro.flags = GRO_F_FRAGLIST;
	/* PSH: kept whole, so not chained; the train ends before it */
	feed_train(&f, 3);
	f.flags |= TH_PSH;
	assert_int_equal(feed(&f), GRO_NORMAL);
	f.seq += 1448; f.pay_off += 1448; f.id++;
	f.flags = TH_ACK;
	assert_int_equal(gro_held_count(&gro), 0);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 2);
	check_flist(g_out(0), 3, 1448, SKB_GSO_TCPV4);
	assert_int_equal(skb_shinfo(g_out(1))->gso_size, 0);
	g_round_trip();

	/* another window or checksum state: the train ends, a new one starts */
	for (int k = 0; k < 2; k++) {
		feed_train(&f, 2);
		if (k == 0)
			f.win++;
		else
			f.csum_mode = CHECKSUM_COMPLETE;
		assert_int_equal(feed(&f), GRO_HELD);
		f.seq += 1448; f.pay_off += 1448; f.id++;
		feed_train(&f, 1);
		g_flush_all();
		assert_int_equal(skb_queue_len(&delivered), 2);
		check_flist(g_out(0), 2, 1448, SKB_GSO_TCPV4);
		check_flist(g_out(1), 2, 1448, SKB_GSO_TCPV4);
		g_round_trip();
		f.csum_mode = CHECKSUM_NONE;
	}

	/* an IP id out of line, a sequence gap */
	for (int k = 0; k < 2; k++) {
		feed_train(&f, 2);
		if (k == 0)
			f.id += 3;
		else
			f.seq += 1;
		assert_int_equal(feed(&f), GRO_HELD);
		f.seq += 1448; f.pay_off += 1448; f.id++;
		g_flush_all();
		assert_int_equal(skb_queue_len(&delivered), 2);
		check_flist(g_out(0), 2, 1448, SKB_GSO_TCPV4);
		g_round_trip();
	}

	/* 64 segments at most */
	f.pay = 100;
	feed_train(&f, 70);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 2);
	check_flist(g_out(0), 64, 100, SKB_GSO_TCPV4);
	check_flist(g_out(1), 6, 100, SKB_GSO_TCPV4);
	g_round_trip();

	/* below 64 KB: 45 segments of 1448 */
	f.pay = 1448;
	feed_train(&f, 46);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 2);
	check_flist(g_out(0), 45, 1448, SKB_GSO_TCPV4);
	assert_true(g_out(0)->len < 65536);
	assert_int_equal(skb_shinfo(g_out(1))->gso_size, 0);
	g_round_trip();
}

/* A fixed IPv4 id: merged as in normal GRO; each segment keeps its own id
 * through GSO (the kernel would renumber them from the head's). */
static void test_flist_fixed_id(void **state)
{
	(void)state;
	for (int udp = 0; udp < 2; udp++) {
		struct fspec f = fs_default();

		gro.flags = GRO_F_FRAGLIST;
		f.udp = udp;
		for (int i = 0; i < 4; i++) {
			assert_int_equal(feed(&f), i ? GRO_MERGED : GRO_HELD);
			if (!udp)
				f.seq += 1448;
			f.pay_off += 1448;
		}
		g_flush_all();
		assert_int_equal(skb_queue_len(&delivered), 1);
		check_flist(g_out(0), 4, 1448, udp ? SKB_GSO_UDP_L4 : SKB_GSO_TCPV4);
		g_round_trip();
	}
}

/* A train keeps the mode it started in; the flag changes only new trains. */
static void test_flist_mode_per_train(void **state)
{
	struct fspec f = fs_default();

	(void)state;
	feed_train(&f, 2);			/* normal GRO */
	gro.flags = GRO_F_FRAGLIST;
	assert_int_equal(feed(&f), GRO_MERGED_FREE);
	f.seq += 1448; f.pay_off += 1448; f.id++;
	g_flush_all();
	check_tcp_gso(g_out(0), 3, 1448, SKB_GSO_TCPV4);
	g_round_trip();
	feed_train(&f, 2);			/* fraglist */
	gro.flags = 0;
	assert_int_equal(feed(&f), GRO_MERGED);
	f.seq += 1448; f.pay_off += 1448; f.id++;
	g_flush_all();
	check_flist(g_out(0), 3, 1448, SKB_GSO_TCPV4);
	g_round_trip();
}

/* ---- GSO of a fraglist skb ------------------------------------------------------------ */

/* The head rewritten after GRO, as NAT does on the way out: every segment
 * gets the head's addresses and ports, with its checksums updated. */
static void test_flist_gso_nat(void **state)
{
	(void)state;
	for (int v6 = 0; v6 < 2; v6++)
		for (int udp = 0; udp < 2; udp++) {
			struct fspec f = fs_default(), n;
			struct sk_buff *skb, *segs, *seg, *next;
			uint8_t want[G_MAXFRAME];
			unsigned int i = 0, l4len, thlen = udp ? 8 : 32, alen = v6 ? 16 : 4;
			unsigned char *nh, *th;
			uint64_t s;

			gro.flags = GRO_F_FRAGLIST;
			f.v6 = v6;
			f.udp = udp;
			n = f;
			feed_train(&f, 4);
			g_flush_all();
			skb = __skb_dequeue(&delivered);
			check_flist(skb, 4, 1448, udp ? SKB_GSO_UDP_L4 :
				    (v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4));
			/* the head: source address and port rewritten, its own
			 * L4 checksum made good again */
			nh = skb_network_header(skb);
			th = skb_transport_header(skb);
			nh[(v6 ? 8 : 12) + alen - 1] = 5;
			put16(th, 2000);
			l4len = thlen + 1448;
			put16(th + (udp ? 6 : 16), 0);
			s = ref_sum(nh + (v6 ? 8 : 12), 2 * alen, 0) + l4len + (udp ? 17 : 6);
			if (udp)
				put16(th + 4, (uint16_t)l4len);	/* as sent: one datagram */
			s = ref_sum(th, l4len, s);
			put16(th + (udp ? 6 : 16), (uint16_t)~ref_fold(s));
			if (udp)
				put16(th + 4, (uint16_t)(skb->len - (th - skb->data)));
			skb_push(skb, (unsigned int)(skb->data - skb_mac_header(skb)));
			segs = skb_gso_segment(skb, NETIF_F_SG);
			assert_false(IS_ERR_OR_NULL(segs));
			assert_ptr_equal(segs, skb);	/* the head first */
			n.saddr_last = 5;
			n.sport = 2000;
			for (seg = segs; seg; seg = next, i++) {
				next = seg->next;
				assert_int_equal(build_frame(&n, want), seg->len);
				assert_int_equal(skb_headlen(seg), seg->len);
				assert_memory_equal(seg->data, want, seg->len);
				if (!udp)
					n.seq += 1448;
				n.pay_off += 1448;
				n.id++;
				seg->next = NULL;
				consume_skb(seg);
			}
			assert_int_equal(i, 4);
			consume_skb(skb);
			nr_gin = 0;
		}
}

/* Segmenting: a device with fraglist GSO takes the skb as it is; a head
 * changed since GRO (here linearized: no frag_list left) is segmented as a
 * plain GSO skb, checksums computed afresh, the same bytes out. */
static void test_flist_gso_paths(void **state)
{
	struct fspec f = fs_default();
	struct sk_buff *skb;

	(void)state;
	gro.flags = GRO_F_FRAGLIST;
	feed_train(&f, 3);
	g_flush_all();
	skb = g_out(0);
	skb_push(skb, 14);
	assert_null(skb_gso_segment(skb, NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_GSO_FRAGLIST |
				    NETIF_F_TSO));
	check_flist(skb, 3, 1448, SKB_GSO_TCPV4);
	skb_pull(skb, 14);
	assert_int_equal(skb_linearize(skb), 0);
	assert_null(skb_shinfo(skb)->frag_list);
	g_round_trip();

	/* UDP likewise */
	f.udp = true;
	feed_train(&f, 3);
	g_flush_all();
	assert_int_equal(skb_linearize(g_out(0)), 0);
	g_round_trip();
}

/* skb_segment_list() itself: no frag_list is -EINVAL; without NETIF_F_SG
 * every packet comes back linear; a frag_list skb someone else holds is
 * cloned into the list, the holder's reference left alone. */
static void test_flist_segment_list(void **state)
{
	struct fspec f = fs_default();
	struct sk_buff *skb, *held, *segs, *seg, *next;
	unsigned int i = 0;

	(void)state;
	gro.flags = GRO_F_FRAGLIST;
	f.split = true;			/* payload in frags: nonlinear packets */
	feed_train(&f, 4);
	g_flush_all();
	skb = __skb_dequeue(&delivered);
	check_flist(skb, 4, 1448, SKB_GSO_TCPV4);
	held = skb_get(skb_shinfo(skb)->frag_list);
	skb_push(skb, 14);
	segs = skb_gso_segment(skb, 0);
	assert_false(IS_ERR_OR_NULL(segs));
	assert_ptr_equal(segs->prev->next, NULL);
	for (seg = segs; seg; seg = next, i++) {
		next = seg->next;
		assert_false(skb_is_nonlinear(seg));
		assert_int_equal(seg->len, gins[i].len);
		assert_memory_equal(seg->data, gins[i].bytes, seg->len);
		if (i == 1)
			assert_ptr_not_equal(seg, held);	/* a clone of it */
		seg->next = NULL;
		consume_skb(seg);
	}
	assert_int_equal(i, 4);
	consume_skb(skb);
	assert_false(skb_shared(held));
	consume_skb(held);
	nr_gin = 0;

	/* no frag_list: nothing to unchain */
	feed_train(&f, 1);
	g_flush_all();
	skb = g_out(0);
	assert_ptr_equal(skb_segment_list(skb, NETIF_F_SG, 14), ERR_PTR(-EINVAL));
	g_round_trip();
}

/* ---- UDP: fraglist or SKB_GSO_UDP_L4 ------------------------------------------------------ */

/* udp_gro_receive() without a socket: fraglist when the device has
 * NETIF_F_GRO_FRAGLIST (with or without NETIF_F_GRO_UDP_FWD), L4 GRO
 * with NETIF_F_GRO_UDP_FWD alone, no UDP GRO with neither. */
static void test_flist_udp_rules(void **state)
{
	static const unsigned int modes[] = { 0, GRO_F_UDP_FWD, GRO_F_FRAGLIST,
					      GRO_F_FRAGLIST | GRO_F_UDP_FWD };

	(void)state;
	for (int v6 = 0; v6 < 2; v6++)
		for (unsigned int m = 0; m < 4; m++) {
			struct fspec f = fs_default();
			bool flist = modes[m] & GRO_F_FRAGLIST;
			gro_result_t merged = flist ? GRO_MERGED : GRO_MERGED_FREE;
			struct sk_buff *skb;

			gro.flags = modes[m];
			f.v6 = v6;
			f.udp = true;
			f.pay = 1200;
			for (int i = 0; i < 3; i++) {
				assert_int_equal(feed(&f), !modes[m] ? GRO_NORMAL :
							   i ? merged : GRO_HELD);
				f.pay_off += f.pay;
				f.id++;
			}
			f.pay = 700;	/* shorter: merged, ends the train */
			assert_int_equal(feed(&f), !modes[m] ? GRO_NORMAL : merged);
			f.pay_off += f.pay;
			f.id++;
			g_flush_all();
			if (!modes[m]) {
				assert_int_equal(skb_queue_len(&delivered), 4);
				g_round_trip();
				continue;
			}
			assert_int_equal(skb_queue_len(&delivered), 1);
			skb = g_out(0);
			if (flist)
				check_flist(skb, 4, 1200, SKB_GSO_UDP_L4);
			else
				check_tcp_gso(skb, 4, 1200, SKB_GSO_UDP_L4);
			/* the UDP length covers the train in both modes */
			assert_int_equal(be16(skb_transport_header(skb) + 4), 8 + 3 * 1200 + 700);
			g_round_trip();
		}
}

/* UDP mismatches: a train of the other mode ends; another checksum state
 * goes up alone and leaves the train held (udp_gro_receive_segment()); a
 * longer datagram ends the train unmerged. */
static void test_flist_udp_flush(void **state)
{
	struct fspec f = fs_default();

	(void)state;
	f.udp = true;
	f.pay = 1000;
	gro.flags = GRO_F_UDP_FWD;
	feed_train(&f, 2);
	gro.flags = GRO_F_FRAGLIST;
	assert_int_equal(feed(&f), GRO_NORMAL);
	f.pay_off += f.pay; f.id++;
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 2);
	check_tcp_gso(g_out(0), 2, 1000, SKB_GSO_UDP_L4);
	g_round_trip();

	feed_train(&f, 2);
	f.csum_mode = CHECKSUM_COMPLETE;
	assert_int_equal(feed(&f), GRO_NORMAL);
	f.pay_off += f.pay;		/* its id again: the train's ids go on */
	assert_int_equal(gro_held_count(&gro), 1);
	f.csum_mode = CHECKSUM_NONE;
	assert_int_equal(feed(&f), GRO_MERGED);
	f.pay_off += f.pay; f.id++;
	f.pay = 1100;
	assert_int_equal(feed(&f), GRO_HELD);	/* longer: a train of its own */
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 3);
	assert_int_equal(skb_shinfo(g_out(0))->gso_size, 0);	/* went up first */
	check_flist(g_out(1), 3, 1000, SKB_GSO_UDP_L4);
	g_any_order = true;
	g_round_trip();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, case_setup, case_teardown)
		T(test_flist_tcp_train),
		T(test_flist_tcp_flush),
		T(test_flist_fixed_id),
		T(test_flist_mode_per_train),
		T(test_flist_gso_nat),
		T(test_flist_gso_paths),
		T(test_flist_segment_list),
		T(test_flist_udp_rules),
		T(test_flist_udp_flush),
#undef T
	};

	return gro_run("gro_fraglist", tests, sizeof(tests) / sizeof(tests[0]));
}
