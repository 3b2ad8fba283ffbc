/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of checksums: csum_partial, skb_checksum (over a linear
 * part, frags at odd offsets and a frag_list; misuse) and
 * skb_checksum_help on a TCPv4 packet with its payload in frags.
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

/* ---------------------------------------------------------------------- */
/* Checksums                                                              */
/* ---------------------------------------------------------------------- */

static void test_csum_partial(void **state)
{
	/* RFC 1071's example: words 0001 f203 f4f5 f6f7 sum to ddf2. */
	static const uint8_t rfc[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	uint8_t buf[600];

	(void)state;
	assert_int_equal(lib_fold_be(csum_partial(rfc, 8, 0)), (uint16_t)~0xddf2);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(rand() & 0xff);
	buf[10] = 0xff;
	buf[11] = 0xff;
	for (int off = 0; off < 9; off++)
		for (int len = 0; len + off <= (int)sizeof(buf); len += (len < 80 ? 1 : 37)) {
			uint16_t want = (uint16_t)~ref_fold(ref_sum(buf + off, (size_t)len, 0));
			__wsum w = csum_partial(buf + off, len, 0);

			assert_int_equal(lib_fold_be(w), want);
			/* A running sum carries over, and a split at an even
			 * offset needs no rotation. */
			if (len >= 4) {
				w = csum_partial(buf + off + 2, len - 2, csum_partial(buf + off, 2, 0));
				assert_int_equal(lib_fold_be(w), want);
			}
		}
	/* All ones. */
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(lib_fold_be(csum_partial(buf, 513, 0)),
			 (uint16_t)~ref_fold(ref_sum(buf, 513, 0)));
}

/* An skb with a linear part, frags at odd offsets and a frag_list. */
static struct sk_buff *csum_skb(uint8_t *flat, unsigned int len)
{
	struct sk_buff *skb, *last = NULL;
	unsigned int pos;

	for (unsigned int i = 0; i < len; i++)
		flat[i] = (uint8_t)(rand() & 0xff);
	skb = linear_skb(flat, 333, HEADROOM);
	pos = 333 + add_frags(skb, flat + 333, 5001, true, 3);
	pos += add_frags(skb, flat + pos, 3003, false, 5);
	while (pos < len) {
		unsigned int n = RTE_MIN(1999u, len - pos);
		struct sk_buff *c = linear_skb(flat + pos, RTE_MIN(n, 501u), 0);

		if (n > 501)
			add_frags(c, flat + pos + 501, n - 501, true, MAX_SKB_FRAGS);
		add_child(skb, &last, c);
		pos += n;
	}
	assert_int_equal(skb->len, len);
	return skb;
}

static void test_skb_checksum(void **state)
{
	enum { LEN = 15000 };
	uint8_t *flat = malloc(LEN);
	struct sk_buff *skb;

	(void)state;
	assert_non_null(flat);
	skb = csum_skb(flat, LEN);
	for (int off = 0; off < LEN; off += 1 + off / 3) {
		for (int len = 0; off + len <= LEN; len += 1 + len / 2) {
			uint16_t want = (uint16_t)~ref_fold(ref_sum(flat + off, (size_t)len, 0));

			assert_int_equal(lib_fold_be(skb_checksum(skb, off, len, 0)), want);
		}
		/* An initial sum is added in. */
		{
			int len = LEN - off;
			uint64_t s = ref_sum(flat + off, (size_t)len, 0x1234);

			assert_int_equal(lib_fold_be(skb_checksum(skb, off, len,
								  csum_partial("\x12\x34", 2, 0))),
					 (uint16_t)~ref_fold(s));
		}
	}
	consume_skb(skb);
	pages_check_and_put();
	free(flat);
}

static void test_skb_checksum_misuse(void **state)
{
	uint8_t flat[400] = { 1, 2, 3 };
	struct sk_buff *skb = linear_skb(flat, sizeof(flat), HEADROOM);

	(void)state;
	assert_int_equal(skb_checksum(skb, 0, 401, 0), 0);
	assert_int_equal(skb_checksum(skb, -1, 4, 0), 0);
	assert_int_equal(skb_checksum(skb, 399, 2, 0), 0);
	assert_int_equal(nm_misuse_count() - case_misuse0, 3);
	case_misuse0 = nm_misuse_count();
	consume_skb(skb);
}

/* A TCPv4 packet with payload in frags, CHECKSUM_PARTIAL. */
static void test_checksum_help(void **state)
{
	struct spec s = { .payload = 6000, .mss = MSS, .partial_csum = true,
			  .flags = TCP_ACK | TCP_PSH };
	struct sk_buff *skb, *clone;
	struct pkt p;
	uint8_t *b, before[128];

	(void)state;
	pkt_make(&p, &s);
	/* On the original. */
	skb = pkt_skb(&p, L_PAGES);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	assert_int_equal(skb_checksum_help(skb), 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	b = seg_bytes(skb);
	assert_l4_csum_ok(&p, b, skb->len);
	free(b);
	/* Again: nothing to do. */
	assert_int_equal(skb_checksum_help(skb), 0);
	consume_skb(skb);

	/* On a clone: the shared head is not written, the clone gets its own. */
	skb = pkt_skb(&p, L_PP);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	clone = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(clone);
	memcpy(before, skb->data, p.hdr);
	assert_int_equal(skb_checksum_help(clone), 0);
	assert_memory_equal(skb->data, before, p.hdr);
	assert_ptr_not_equal(clone->head, skb->head);
	b = seg_bytes(clone);
	assert_l4_csum_ok(&p, b, clone->len);
	free(b);
	consume_skb(clone);

	/* Bad offsets: -EINVAL and the kernel's WARN (a counted misuse),
	 * nothing changed. */
	skb->csum_start = (__u16)(skb_headroom(skb) + skb_headlen(skb));
	assert_int_equal(skb_checksum_help(skb), -EINVAL);
	skb->csum_start = (__u16)(skb_headroom(skb) + p.thoff);
	skb->csum_offset = (__u16)(skb_headlen(skb) - p.thoff - 1);
	assert_int_equal(skb_checksum_help(skb), -EINVAL);
	skb->csum_start = (__u16)(skb_headroom(skb) - 1);
	assert_int_equal(skb_checksum_help(skb), -EINVAL);
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	/* A GSO skb is checksummed per segment (skb_warn_bad_offload). */
	skb->csum_start = (__u16)(skb_headroom(skb) + p.thoff);
	skb->csum_offset = 16;
	skb_shinfo(skb)->gso_size = MSS;
	assert_int_equal(skb_checksum_help(skb), -EINVAL);
	assert_memory_equal(skb->data, before, p.hdr);
	assert_int_equal(nm_misuse_count() - case_misuse0, 4);
	case_misuse0 = nm_misuse_count();
	consume_skb(skb);

	/* UDP: a zero checksum is sent as 0xffff. */
	{
		struct spec u = { .udp = true, .payload = 2, .partial_csum = true, .mss = 1 };
		struct pkt q;
		uint16_t sum;

		pkt_make(&q, &u);
		/* Pick payload bytes that make the checksum 0. */
		q.buf[q.hdr] = 0;
		q.buf[q.hdr + 1] = 0;
		sum = ref_fold(ref_sum(q.buf + q.thoff, 10,
				       ref_pseudo(q.buf + q.nhoff, false, 10, 17)));
		put16(q.buf + q.hdr, (uint16_t)~sum);
		skb = pkt_skb(&q, L_LINEAR);
		skb_shinfo(skb)->gso_size = 0;
		skb_shinfo(skb)->gso_type = 0;
		assert_int_equal(skb_checksum_help(skb), 0);
		assert_int_equal(be16(skb->data + q.thoff + 6), 0xffff);
		consume_skb(skb);
		pkt_free(&q);
	}
	pages_check_and_put();
	pkt_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_csum_partial, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_skb_checksum, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_skb_checksum_misuse, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_checksum_help, skb_case_setup, case_teardown),
	};

	return skb_gso_run("skb_gso_csum", tests, sizeof(tests) / sizeof(tests[0]));
}

