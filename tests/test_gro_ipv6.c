/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of GRO (lib/gro, <netmem/gro.h>) on IPv6 extension headers,
 * the kernel's ipv6_gro_receive(): hop-by-hop, routing and destination
 * options headers are pulled and compared byte for byte, so trains that
 * carry the same ones merge (TCP and UDP, normal and fraglist GRO, every
 * checksum state) and a packet whose headers differ (content, length,
 * kind, presence) is another flow; a fragment header, or a chain that does
 * not end in TCP/UDP, is not for GRO.
 *
 * Each case checks the merged skb's layout and that skb_gso_segment() on
 * every delivered skb gives back the input frames byte for byte; every case
 * ends with no skb, page_pool page or misuse left over.
 */
#define _GNU_SOURCE
#include "gro_fixture.h"

#define NH_HOP		0
#define NH_ROUTING	43
#define NH_FRAGMENT	44
#define NH_DSTOPTS	60

struct chain {
	uint8_t kinds[4];
	unsigned int n;
	uint8_t extlen;
};

static const struct chain chains[] = {
	{ { NH_HOP }, 1, 0 },
	{ { NH_DSTOPTS }, 1, 1 },
	{ { NH_ROUTING }, 1, 2 },
	{ { NH_HOP, NH_DSTOPTS, NH_ROUTING, NH_DSTOPTS }, 4, 0 },
};

static void set_chain(struct fspec *f, const struct chain *c)
{
	memcpy(f->ext, c->kinds, sizeof(f->ext));
	f->next = c->n;
	f->extlen = c->extlen;
}

/* The same extension headers in every packet: merged, as without them. */
static void test_ext_same_merge(void **state)
{
	static const uint8_t modes[] = { CHECKSUM_UNNECESSARY, CHECKSUM_COMPLETE, CHECKSUM_NONE };

	(void)state;
	for (unsigned int c = 0; c < sizeof(chains) / sizeof(chains[0]); c++)
		for (int flist = 0; flist < 2; flist++)
			for (int udp = 0; udp < 2; udp++) {
				struct fspec f = fs_default();
				unsigned int ext, type;
				struct sk_buff *skb;

				f.v6 = true;
				f.udp = udp;
				f.extval = 7;
				f.csum_mode = modes[(c + (unsigned int)udp) % 3];
				set_chain(&f, &chains[c]);
				ext = fs_ext_len(&f);
				gro.flags = flist ? GRO_F_FRAGLIST : GRO_F_UDP_FWD;
				assert_int_equal(feed(&f), GRO_HELD);
				if (!udp)
					f.seq += f.pay;
				f.pay_off += f.pay;
				for (int i = 0; i < 3; i++) {
					assert_int_equal(feed(&f), flist ? GRO_MERGED : GRO_MERGED_FREE);
					if (!udp)
						f.seq += f.pay;
					f.pay_off += f.pay;
				}
				g_flush_all();
				assert_int_equal(skb_queue_len(&delivered), 1);
				skb = g_out(0);
				type = udp ? SKB_GSO_UDP_L4 : SKB_GSO_TCPV6;
				if (flist) {
					assert_int_equal(skb_shinfo(skb)->gso_type, SKB_GSO_FRAGLIST | type);
					assert_int_equal(skb_shinfo(skb)->gso_segs, 4);
				} else {
					check_tcp_gso(skb, 4, 1448, type);
				}
				/* the L4 header after the extension headers; the
				 * payload length covers them and the train */
				assert_int_equal(skb_transport_header(skb) - skb_network_header(skb),
						 40 + ext);
				assert_int_equal(be16(skb->data + 4), skb->len - 40);
				g_round_trip();
			}
}

/* Extension headers that differ make another flow: each train is held on
 * its own and merges what matches it. */
static void test_ext_differ(void **state)
{
	(void)state;
	for (int k = 0; k < 4; k++) {
		struct fspec f = fs_default(), g;

		f.v6 = true;
		f.next = 1;
		f.ext[0] = NH_DSTOPTS;
		f.extval = 1;
		g = f;
		switch (k) {
		case 0: g.extval = 2; break;		/* content */
		case 1: g.extlen = 1; break;		/* length */
		case 2: g.ext[0] = NH_ROUTING; break;	/* kind */
		case 3: g.next = 0; break;		/* none */
		}
		feed_train(&f, 2);
		/* the same stream, other headers: held apart */
		g.seq = f.seq;
		g.pay_off = f.pay_off;
		g.id = f.id;
		assert_int_equal(feed(&g), GRO_HELD);
		assert_int_equal(gro_held_count(&gro), 2);
		/* the first flow goes on (seq continues after its train) */
		assert_int_equal(feed(&f), GRO_MERGED_FREE);
		g_flush_all();
		assert_int_equal(skb_queue_len(&delivered), 2);
		check_tcp_gso(g_out(0), 3, 1448, SKB_GSO_TCPV6);
		assert_int_equal(skb_shinfo(g_out(1))->gso_size, 0);
		g_any_order = true;
		g_round_trip();
		g_any_order = false;
	}
}

/* A fragment header, or one after options: not for GRO; the held train
 * of the flow is left alone. */
static void test_ext_not_for_gro(void **state)
{
	(void)state;
	for (int k = 0; k < 2; k++) {
		struct fspec f = fs_default();

		f.v6 = true;
		feed_train(&f, 2);
		f.next = k + 1;
		f.ext[0] = k ? NH_DSTOPTS : NH_FRAGMENT;
		f.ext[1] = NH_FRAGMENT;
		assert_int_equal(feed(&f), GRO_NORMAL);
		assert_int_equal(gro_held_count(&gro), 1);
		f.seq += 1448; f.pay_off += 1448;
		f.next = 0;
		g_flush_all();
		assert_int_equal(skb_queue_len(&delivered), 2);
		check_tcp_gso(g_out(1), 2, 1448, SKB_GSO_TCPV6);
		g_any_order = true;
		g_round_trip();
		g_any_order = false;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, case_setup, case_teardown)
		T(test_ext_same_merge),
		T(test_ext_differ),
		T(test_ext_not_for_gro),
#undef T
	};

	return gro_run("gro_ipv6", tests, sizeof(tests) / sizeof(tests[0]));
}
