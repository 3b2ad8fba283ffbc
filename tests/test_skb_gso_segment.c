/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of skb_segment() and skb_gso_segment() beyond the plain
 * protocols: nothing to do (offloaded or not GSO), NETIF_F_GSO_PARTIAL,
 * kernel data and partial counts, frag_list split with and without SG,
 * GSO_BY_FRAGS, errors, and malformed packets (an error, the skb intact and
 * freed once by its owner).
 *
 * Each segment is checked byte for byte against a flat copy of the packet:
 * headers, the right slice of payload, IP/TCP/UDP fields, and checksums
 * verified with an independent routine. Segments are then trimmed,
 * re-headed (pskb_expand_head) and freed; every case ends with no skb,
 * page_pool page or page reference left behind and no API misuse reported
 * (unless the case provokes one on purpose).
 */
#define _GNU_SOURCE
#include "skb_gso_fixture.h"

/* Offloaded or not GSO: NULL, nothing to do. */
static void test_gso_nothing_to_do(void **state)
{
	struct spec s = { .flags = TCP_ACK, .payload = 10000, .mss = MSS };
	struct sk_buff *skb;
	struct pkt p;
	uint8_t *b;

	(void)state;
	pkt_make(&p, &s);
	skb = pkt_skb(&p, L_PP);
	skb_shinfo(skb)->gso_segs = 1;
	assert_null(skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO));
	/* gso_segs recomputed, checksum set up for the device. */
	assert_int_equal(skb_shinfo(skb)->gso_segs, div_up(10000, MSS));
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	assert_int_equal(skb->csum_start, skb_headroom(skb) + p.thoff);
	assert_int_equal(skb->csum_offset, 16);
	b = seg_bytes(skb);
	assert_int_equal(be16(b + p.thoff + 16),
			 ref_fold(ref_pseudo(b + p.nhoff, false, p.len - p.thoff, 6)));
	free(b);
	assert_ptr_equal(skb->data, skb_mac_header(skb));
	/* SKB_GSO_DODGY needs no more: GSO_ROBUST is implied. */
	skb_shinfo(skb)->gso_type |= SKB_GSO_DODGY;
	assert_null(skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO));
	skb_shinfo(skb)->gso_type &= ~(unsigned int)SKB_GSO_DODGY;
	/* Not GSO at all. */
	skb_shinfo(skb)->gso_size = 0;
	assert_null(skb_gso_segment(skb, 0));
	consume_skb(skb);

	/* A frag_list needs NETIF_F_FRAGLIST too. */
	skb = pkt_skb(&p, L_FRAGLIST);
	assert_null(skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO |
					 NETIF_F_FRAGLIST));
	consume_skb(skb);
	pages_check_and_put();
	pkt_free(&p);
}

/* NETIF_F_GSO_PARTIAL: one GSO skb of MSS multiples and the rest. */
static void test_gso_partial(void **state)
{
	netdev_features_t f = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_GSO_PARTIAL;

	(void)state;
	for (int v6 = 0; v6 < 2; v6++)
		for (int udp = 0; udp < 2; udp++)
			for (int lay = 0; lay < L_NR; lay++) {
				/* Frag_list layouts: a segment of 44 MSS would need more
				 * than MAX_SKB_FRAGS frags (the kernel's -EINVAL "too
				 * many frags", below): smaller there. */
				bool list = lay == L_FRAGLIST || lay == L_MIXED;
				unsigned int n = list ? 6 : 44;
				struct spec s = { .v6 = v6, .udp = udp, .flags = TCP_ACK | TCP_FIN,
						  .payload = list ? 10000 : 65000, .mss = MSS };
				struct expect ex = { .nsegs = 2, .partial = true };
				struct sk_buff *skb, *segs;
				struct pkt p;

				pkt_make(&p, &s);
				skb = pkt_skb(&p, (enum layout)lay);
				segs = skb_gso_segment(skb, f);
				if (IS_ERR_OR_NULL(segs))
					fail_msg("v6 %d udp %d %s: %ld", v6, udp, layout_name[lay],
						 PTR_ERR(segs));
				assert_true(skb_is_gso(segs));
				assert_int_equal(skb_shinfo(segs)->gso_size, MSS);
				assert_int_equal(skb_shinfo(segs)->gso_segs, n);
				assert_true(skb_shinfo(segs)->gso_type & SKB_GSO_PARTIAL);
				assert_int_equal(segs->len - p.hdr, n * MSS);
				assert_false(skb_is_gso(segs->next));
				assert_int_equal(segs->next->len - p.hdr, s.payload - n * MSS);
				check_segs(&p, segs, f, &ex);
				consume_skb(skb);
				pages_check_and_put();
				pkt_free(&p);
			}
	/* Too many frags for one partial segment: -EINVAL, nothing leaked. */
	{
		struct spec s = { .flags = TCP_ACK, .payload = 65000, .mss = MSS };
		struct sk_buff *skb;
		struct pkt p;

		pkt_make(&p, &s);
		skb = pkt_skb(&p, L_MIXED);
		assert_ptr_equal(skb_gso_segment(skb, f), ERR_PTR(-EINVAL));
		kfree_skb(skb);
		pages_check_and_put();
		/* Without GSO_PARTIAL the same packet segments fine. */
		run_one(&s, L_MIXED, NETIF_F_SG | NETIF_F_HW_CSUM);
		pkt_free(&p);
	}
}

/*
 * skb_segment() as the kernel's: head_skb->data is left at the mac header
 * (the kernel pushes the headers and does not pull them back), and the
 * GSO_PARTIAL count is min(payload, GSO_BY_FRAGS - 1) / gso_size MSS per
 * segment, the rest in a last segment (a GSO skb when it is still more than
 * one MSS: DIV_ROUND_UP(rest, gso_size)), no partial split below 2 MSS.
 */
static void test_segment_kernel_data_and_partial_count(void **state)
{
	static const struct {
		unsigned int payload, nsegs, first_segs, last_len;
		bool last_gso;
	} c[] = {
		{ 10 * MSS + 100, 2, 10, 100, false },
		{ 2 * MSS + 1, 2, 2, 1, false },
		{ 2 * MSS, 1, 2, 2 * MSS, true },
		{ MSS + 1, 2, 0, 1, false },	/* < 2 MSS: plain segments */
	};
	netdev_features_t f = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_GSO_PARTIAL;

	(void)state;
	for (size_t i = 0; i < RTE_DIM(c); i++) {
		struct spec s = { .flags = TCP_ACK, .payload = c[i].payload, .mss = MSS };
		struct sk_buff *skb, *segs, *seg, *last = NULL;
		unsigned int n = 0;
		struct pkt p;

		pkt_make(&p, &s);
		skb = pkt_skb(&p, L_PP);
		skb->protocol = rte_cpu_to_be_16(0x0800);
		__skb_pull(skb, p.hdr);
		segs = skb_segment(skb, f);
		assert_false(IS_ERR_OR_NULL(segs));
		assert_ptr_equal(skb->data, skb_mac_header(skb));
		assert_int_equal(skb->len, p.hdr + c[i].payload);
		for (seg = segs; seg; seg = seg->next, n++)
			last = seg;
		assert_int_equal(n, c[i].nsegs);
		assert_ptr_equal(segs->prev, last);
		if (c[i].first_segs) {
			assert_int_equal(skb_shinfo(segs)->gso_size, MSS);
			assert_int_equal(skb_shinfo(segs)->gso_segs, c[i].first_segs);
			assert_true(skb_shinfo(segs)->gso_type & SKB_GSO_PARTIAL);
		} else {
			assert_false(skb_is_gso(segs));
		}
		assert_int_equal(last->len - p.hdr, c[i].last_len);
		assert_int_equal(skb_is_gso(last), c[i].last_gso);
		kfree_skb_list(segs);
		kfree_skb(skb);
		pages_check_and_put();
		pkt_free(&p);
	}
}

/*
 * The device does TSO but not frag_list: a frag_list skb whose members all
 * have the head's payload length becomes GSO skbs without frag_list, each
 * sharing one member (skb_clone of it).
 */
static void test_gso_fraglist_split(void **state)
{
	netdev_features_t f = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO;
	struct spec s = { .flags = TCP_ACK, .mss = MSS };
	enum { PER = 4 * MSS, NCHILD = 5 };
	struct sk_buff *skb, *segs, *last = NULL;
	struct expect ex = { .nsegs = NCHILD + 1, .partial = true };
	struct pkt p;
	unsigned int pos;

	(void)state;
	s.payload = PER * (NCHILD + 1);
	pkt_make(&p, &s);
	skb = linear_skb(p.buf, p.hdr + 1000, HEADROOM);
	pos = p.hdr + 1000 + add_frags(skb, p.buf + p.hdr + 1000, PER - 1000, true, 3);
	assert_int_equal(pos, p.hdr + PER);
	for (int k = 0; k < NCHILD; k++, pos += PER) {
		struct sk_buff *c;

		if (k % 2) {
			c = linear_skb(p.buf, 0, 0);
			add_frags(c, p.buf + pos, PER, true, MAX_SKB_FRAGS);
		} else {
			c = linear_skb(p.buf + pos, PER, 0);	/* head_frag */
			assert_true(c->head_frag);
		}
		add_child(skb, &last, c);
	}
	skb_reset_mac_header(skb);
	skb_shinfo(skb)->gso_size = MSS;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	assert_int_equal(skb->len, p.len);
	segs = skb_gso_segment(skb, f);
	assert_false(IS_ERR_OR_NULL(segs));
	for (struct sk_buff *g = segs; g; g = g->next) {
		assert_int_equal(g->len - p.hdr, PER);
		assert_false(skb_has_frag_list(g));
		assert_int_equal(skb_shinfo(g)->gso_size, MSS);
		assert_int_equal(skb_shinfo(g)->gso_segs, 4);
		assert_false(skb_shinfo(g)->gso_type & SKB_GSO_PARTIAL);
	}
	check_segs(&p, segs, f, &ex);
	consume_skb(skb);
	pkt_free(&p);
}

/*
 * Without SG, frag_list members of exactly one MSS that do not start on a
 * segment boundary (the head carries 1000 payload bytes) must be copied,
 * not shared: a shared member would carry the wrong bytes.
 */
static void test_gso_fraglist_nosg(void **state)
{
	static const netdev_features_t fs[] = { 0, NETIF_F_HW_CSUM };

	(void)state;
	for (unsigned int fi = 0; fi < RTE_DIM(fs); fi++)
		for (unsigned int lead = 0; lead <= 1000; lead += 1000) {
			struct spec s = { .flags = TCP_ACK, .mss = MSS, .payload = lead + 8 * MSS };
			struct expect ex = { .nsegs = div_up(lead + 8 * MSS, MSS) };
			struct sk_buff *skb, *segs, *last = NULL;
			unsigned int pos;
			struct pkt p;

			pkt_make(&p, &s);
			skb = linear_skb(p.buf, p.hdr + lead, HEADROOM);
			for (pos = p.hdr + lead; pos < p.len; pos += MSS)
				add_child(skb, &last, linear_skb(p.buf + pos, MSS, 0));
			skb_reset_mac_header(skb);
			skb_shinfo(skb)->gso_size = MSS;
			skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
			segs = skb_gso_segment(skb, fs[fi]);
			check_segs(&p, segs, fs[fi], &ex);
			consume_skb(skb);
			pkt_free(&p);
		}
}

/*
 * Segment heads of two kinds in one skb_segment(): without SG each segment
 * copies its payload into a head of more than a page, whole order-1 pages
 * while they last, then rte_malloc. With the order-1 pages used up but one,
 * the first segment's head is a page and the next ones are not: each must
 * get the end and kind of its own head (a segment copied from the first
 * one's template would carry the page's), and all must free cleanly.
 */
static void test_segment_heads_two_kinds(void **state)
{
	enum { SEG = 6000, NSEG = 3, MAXP = 8192 };
	struct spec s = { .flags = TCP_ACK, .mss = SEG, .payload = NSEG * SEG };
	struct page **held = calloc(MAXP, sizeof(*held));
	struct expect ex = { .nsegs = NSEG };
	unsigned int n = 0, page_heads = 0;
	struct sk_buff *skb, *segs, *seg;
	struct pkt p;

	(void)state;
	assert_non_null(held);
	pkt_make(&p, &s);
	skb = pkt_skb(&p, L_PP);
	while (n < MAXP && (held[n] = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 1)) != NULL)
		n++;
	assert_true(n > 0 && n < MAXP);
	put_page(held[--n]);	/* one order-1 page left: the first segment's */
	segs = skb_gso_segment(skb, NETIF_F_HW_CSUM);
	assert_false(IS_ERR_OR_NULL(segs));
	for (seg = segs; seg != NULL; seg = seg->next)
		page_heads += seg->head_frag;
	assert_int_equal(page_heads, 1);
	while (n > 0)
		put_page(held[--n]);
	check_segs(&p, segs, NETIF_F_HW_CSUM, &ex);
	free(held);
	consume_skb(skb);
	pages_check_and_put();
	pkt_free(&p);
}

/*
 * skb_segment() of an skb with no headers and no headroom (as a caller
 * that segments bare payload): the first segment shares the first
 * frag_list skb (a clone, unshared by skb_cow_head()), the second is
 * allocated with a head of size 0 for the frags of the next one. It is an
 * skb of its own, not a copy of the first.
 */
static void test_segment_bare_fraglist(void **state)
{
	enum { SEG = 1000 };
	uint8_t src[3 * SEG];
	struct sk_buff *skb, *segs, *seg, *next, *last = NULL, *c;
	unsigned int off = 0, n = 0;

	(void)state;
	for (unsigned int i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 13 + 5);
	skb = linear_skb(src, 0, 0);
	c = linear_skb(src, SEG, 0);
	assert_true(c->head_frag);
	add_child(skb, &last, c);
	c = linear_skb(src, 0, 0);
	assert_int_equal(add_frags(c, src + SEG, SEG, true, MAX_SKB_FRAGS), SEG);
	add_child(skb, &last, c);
	add_child(skb, &last, linear_skb(src + 2 * SEG, SEG, 0));
	skb_reset_mac_header(skb);
	skb->protocol = rte_cpu_to_be_16(0x0800);
	skb_shinfo(skb)->gso_size = SEG;
	skb_shinfo(skb)->gso_type = SKB_GSO_DODGY;
	assert_int_equal(skb_headroom(skb), 0);
	segs = skb_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
	assert_false(IS_ERR_OR_NULL(segs));
	skb_list_walk_safe(segs, seg, next) {
		uint8_t *b = seg_bytes(seg);

		assert_int_equal(seg->len, SEG);
		assert_memory_equal(b, src + off, SEG);
		free(b);
		/* the second has a page frag head of its own, only the
		 * shared info, and the second frag_list skb's frag */
		if (n == 1) {
			assert_true(seg->head_frag);
			assert_int_equal(skb_headlen(seg), 0);
			assert_int_equal(skb_shinfo(seg)->nr_frags, 1);
		}
		off += seg->len;
		n++;
		kfree_skb(seg);
	}
	assert_int_equal(n, 3);
	consume_skb(skb);
	pages_check_and_put();
}

/*
 * Frags others may write (SKBFL_SHARED_FRAG) and no checksum offload: each
 * segment is linearised before its payload is summed, dropping the frag
 * references it took. Every page_pool page is referenced by the GSO skb
 * alone, so a reference dropped before it was taken would return the page
 * to its pool while the GSO skb still holds it.
 */
static void test_segment_shared_frags_sw_csum(void **state)
{
	struct spec s = { .flags = TCP_ACK | TCP_PSH, .mss = MSS, .payload = 7 * MSS + 100 };
	struct expect ex = { .nsegs = 8 };
	struct sk_buff *skb, *segs, *seg;
	struct pkt p;
	uint8_t *b;

	(void)state;
	pkt_make(&p, &s);
	skb = pkt_skb(&p, L_PP);
	skb_shinfo(skb)->flags |= SKBFL_SHARED_FRAG;
	segs = skb_gso_segment(skb, NETIF_F_SG);
	assert_false(IS_ERR_OR_NULL(segs));
	for (seg = segs; seg != NULL; seg = seg->next) {
		assert_false(skb_is_nonlinear(seg));
		assert_int_equal(seg->ip_summed, CHECKSUM_NONE);
	}
	/* the GSO skb's payload reads as it came (its pages are still its
	 * own; the TCP check field now holds the pseudo-header sum) */
	b = seg_bytes(skb);
	assert_memory_equal(b + p.hdr, p.buf + p.hdr, p.len - p.hdr);
	free(b);
	check_segs(&p, segs, NETIF_F_SG, &ex);
	consume_skb(skb);
	pages_check_and_put();
	pkt_free(&p);
}

/* skb_segment() with GSO_BY_FRAGS: one segment per frag_list skb. */
static void test_segment_by_frags(void **state)
{
	static const netdev_features_t fs[] = { NETIF_F_SG | NETIF_F_HW_CSUM, NETIF_F_SG, 0 };
	struct spec s = { .udp = true, .payload = 0, .mss = 1 };
	unsigned int lens[] = { 1200, 333, 2000, 1, 4000, 777 };

	(void)state;
	for (unsigned int fi = 0; fi < RTE_DIM(fs); fi++) {
		struct sk_buff *skb, *segs, *seg, *next, *last = NULL;
		unsigned int pos, k = 0, total = 0;
		struct pkt p;

		for (unsigned int i = 0; i < RTE_DIM(lens); i++)
			total += lens[i];
		s.payload = total;
		pkt_make(&p, &s);
		skb = linear_skb(p.buf, p.hdr, HEADROOM);
		pos = p.hdr;
		for (unsigned int i = 0; i < RTE_DIM(lens); i++) {
			struct sk_buff *c;

			if (i % 2) {
				c = linear_skb(p.buf, 0, 0);
				add_frags(c, p.buf + pos, lens[i], true, MAX_SKB_FRAGS);
			} else {
				c = linear_skb(p.buf + pos, lens[i], 0);
			}
			add_child(skb, &last, c);
			pos += lens[i];
		}
		skb_reset_mac_header(skb);
		skb->protocol = rte_cpu_to_be_16(0x0800);
		skb->mac_len = 14;
		skb_shinfo(skb)->gso_size = GSO_BY_FRAGS;
		skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
		__skb_pull(skb, p.hdr);
		segs = skb_segment(skb, fs[fi]);
		if (IS_ERR_OR_NULL(segs))
			fail_msg("features %#llx: %ld", (unsigned long long)fs[fi], PTR_ERR(segs));
		/* as the kernel: data left at the mac header */
		assert_ptr_equal(skb->data, skb_mac_header(skb));
		assert_int_equal(skb->len, p.hdr + total);
		pos = 0;
		for (seg = segs; seg; seg = seg->next, k++) {
			uint8_t *b = seg_bytes(seg);

			assert_int_equal(seg->len, p.hdr + lens[k]);
			assert_memory_equal(b, p.buf, p.hdr);
			assert_memory_equal(b + p.hdr, p.buf + p.hdr + pos, lens[k]);
			assert_false(skb_is_gso(seg));
			if (!(fs[fi] & NETIF_F_HW_CSUM)) {
				/* Payload sum left for the protocol: ip_summed NONE. */
				assert_int_equal(seg->ip_summed, CHECKSUM_NONE);
			}
			pos += lens[k];
			free(b);
		}
		assert_int_equal(k, RTE_DIM(lens));
		for (seg = segs; seg; seg = next) {
			next = seg->next;
			kfree_skb(seg);
		}
		consume_skb(skb);
		pkt_free(&p);
	}
}

static void test_segment_errors(void **state)
{
	struct spec s = { .flags = TCP_ACK, .payload = 5000, .mss = MSS };
	struct sk_buff *skb, *r;
	struct pkt p;

	(void)state;
	pkt_make(&p, &s);
	skb = pkt_skb(&p, L_PP);
	skb->protocol = rte_cpu_to_be_16(0x0800);
	__skb_pull(skb, p.hdr);
	/* gso_size 0 */
	skb_shinfo(skb)->gso_size = 0;
	r = skb_segment(skb, NETIF_F_SG);
	assert_int_equal(PTR_ERR(r), -EINVAL);
	skb_shinfo(skb)->gso_size = MSS;
	/* GSO_BY_FRAGS without a frag_list */
	skb_shinfo(skb)->gso_size = GSO_BY_FRAGS;
	r = skb_segment(skb, NETIF_F_SG);
	assert_int_equal(PTR_ERR(r), -EINVAL);
	skb_shinfo(skb)->gso_size = MSS;
	/* unknown protocol: found after the headers were pushed, data left at
	 * the mac header as in the kernel */
	skb->protocol = 0;
	r = skb_segment(skb, NETIF_F_SG);
	assert_int_equal(PTR_ERR(r), -EINVAL);
	assert_ptr_equal(skb->data, skb_mac_header(skb));
	__skb_pull(skb, p.hdr);
	skb->protocol = rte_cpu_to_be_16(0x0800);
	/* no mac header */
	skb_unset_mac_header(skb);
	r = skb_segment(skb, NETIF_F_SG);
	assert_int_equal(PTR_ERR(r), -EINVAL);
	skb->mac_header = (__u16)(skb_headroom(skb) - p.hdr);
	/* lengths that do not add up */
	skb->data_len += 10;
	skb->len += 10;
	r = skb_segment(skb, NETIF_F_SG);
	assert_int_equal(PTR_ERR(r), -EINVAL);
	skb->data_len -= 10;
	skb->len -= 10;
	/* still good: data at the mac header after, as in the kernel */
	r = skb_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
	assert_false(IS_ERR_OR_NULL(r));
	assert_ptr_equal(skb->data, skb_mac_header(skb));
	assert_int_equal(skb->len, 5000 + p.hdr);
	kfree_skb_list(r);
	kfree_skb(skb);
	pkt_free(&p);
}

/* Malformed packets: an error, the skb intact and freed once by its owner. */
enum mal {
	M_TRUNC_IP, M_IHL, M_TOTLEN_SHORT, M_TOTLEN_LONG, M_VERSION, M_FRAG, M_DOFF,
	M_TRUNC_TCP, M_MSS_BIG, M_MSS_EQ, M_MSS_FRAGS, M_UDP_LEN, M_V6_EXT, M_V6_PLEN,
	M_ETHERTYPE, M_QINQ, M_TYPE_MISMATCH, M_TYPE_TUNNEL, M_CSUM_START, M_MSS_TOO_BIG,
	M_PROTO, M_NR
};

static void test_gso_malformed(void **state)
{
	(void)state;
	for (int m = 0; m < M_NR; m++)
		for (int lay = 0; lay < L_NR; lay += 2) {
			struct spec s = { .flags = TCP_ACK, .payload = 8000, .mss = MSS };
			long want = -EINVAL;
			struct sk_buff *skb, *r;
			unsigned int cut = 0;
			uint8_t *before;
			struct pkt p;

			if (m == M_UDP_LEN)
				s.udp = true;
			if (m == M_V6_EXT || m == M_V6_PLEN)
				s.v6 = true;
			pkt_make(&p, &s);
			switch (m) {
			case M_TRUNC_IP:	/* 10 bytes of IP header */
				cut = p.len - (p.nhoff + 10);
				break;
			case M_IHL:
				p.buf[p.nhoff] = 0x44;
				break;
			case M_TOTLEN_SHORT:
				put16(p.buf + p.nhoff + 2, (uint16_t)(p.len - p.nhoff - 1));
				break;
			case M_TOTLEN_LONG:
				put16(p.buf + p.nhoff + 2, (uint16_t)(p.len - p.nhoff + 1));
				break;
			case M_VERSION:
				p.buf[p.nhoff] = 0x65;
				break;
			case M_FRAG:
				put16(p.buf + p.nhoff + 6, 0x2000);
				break;
			case M_DOFF:
				p.buf[p.thoff + 12] = 0x40;
				break;
			case M_TRUNC_TCP:
				cut = p.len - (p.thoff + 12);
				break;
			case M_MSS_BIG:
				s.mss = 60000;
				break;
			case M_MSS_EQ:
				s.mss = s.payload;
				break;
			case M_MSS_FRAGS:
				s.mss = GSO_BY_FRAGS;
				break;
			case M_MSS_TOO_BIG:	/* bigger than a 16-bit IP length */
				s.payload = 66000;
				s.mss = 65500;
				pkt_free(&p);
				pkt_make(&p, &s);
				/* tot_len 0 is fine past 64 KiB (BIG TCP); the MSS is not. */
				put16(p.buf + p.nhoff + 2, 0);
				break;
			case M_UDP_LEN:
				put16(p.buf + p.thoff + 4, 1000);
				break;
			case M_V6_EXT:
				p.buf[p.nhoff + 6] = 0;	/* hop-by-hop */
				want = -EPROTONOSUPPORT;
				break;
			case M_V6_PLEN:
				put16(p.buf + p.nhoff + 4, 100);
				break;
			case M_ETHERTYPE:
				put16(p.buf + 12, 0x0806);
				want = -EPROTONOSUPPORT;
				break;
			case M_QINQ:
				put16(p.buf + 12, 0x8100);	/* a tag whose inner type */
				put16(p.buf + 16, 0x8100);	/* is a tag again */
				want = -EPROTONOSUPPORT;
				break;
			case M_TYPE_MISMATCH:
				s.extra_type = SKB_GSO_UDP_L4;
				break;
			case M_TYPE_TUNNEL:
				s.extra_type = SKB_GSO_UDP_TUNNEL;
				want = -EPROTONOSUPPORT;
				break;
			case M_CSUM_START:
				s.partial_csum = true;
				break;
			case M_PROTO:
				p.buf[p.nhoff + 9] = 47;	/* GRE */
				want = -EPROTONOSUPPORT;
				break;
			default:
				break;
			}
			p.s = s;
			if (m == M_TRUNC_IP || m == M_TRUNC_TCP) {
				skb = linear_skb(p.buf, p.len - cut, HEADROOM);
				skb_reset_mac_header(skb);
				skb_shinfo(skb)->gso_size = MSS;
				skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
			} else {
				skb = pkt_skb(&p, (enum layout)lay);
			}
			if (m == M_CSUM_START)
				skb->csum_start--;
			before = seg_bytes(skb);
			r = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
			if (!IS_ERR(r))
				fail_msg("malformed case %d layout %d: got %p", m, lay, (void *)r);
			assert_int_equal(PTR_ERR(r), want);
			/* Unchanged, data at the mac header. */
			assert_ptr_equal(skb->data, skb_mac_header(skb));
			{
				uint8_t *after = seg_bytes(skb);

				assert_memory_equal(before, after, skb->len);
				free(after);
			}
			free(before);
			kfree_skb(skb);
			pages_check_and_put();
			pkt_free(&p);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gso_nothing_to_do, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_partial, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_segment_kernel_data_and_partial_count,
						skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_fraglist_split, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_fraglist_nosg, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_segment_heads_two_kinds, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_segment_bare_fraglist, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_segment_shared_frags_sw_csum, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_segment_by_frags, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_segment_errors, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_malformed, skb_case_setup, case_teardown),
	};

	return skb_gso_run("skb_gso_segment", tests, sizeof(tests) / sizeof(tests[0]));
}

