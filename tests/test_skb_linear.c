/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the linear-data helpers (netmem/skb_linear.h) with the
 * kernel's results: the head size macros against what alloc_skb() makes,
 * skb_padto (zeroes, length kept) and skb_put_padto (length grows) in place,
 * with expansion, on a clone (the clone's bytes untouched) and on a
 * nonlinear skb (linearized), the free on error; copies to and from the
 * linear part; the unchecked puts and skb_put_u8; skb_pull_data and
 * skb_pull_inline (NULL only past skb->len; past the linear part the
 * kernel's BUG, counted here); pskb_may_pull_reason's three answers and
 * pskb_network_may_pull; skb_pagelen; __skb_linearize, skb_linearize_cow,
 * skb_needs_linearize; and pskb_trim_rcsum keeping a CHECKSUM_COMPLETE sum
 * equal to the sum of the bytes left, at odd and even cuts, in the head and
 * in a frag, with unreadable frags as the current kernel (-EFAULT, or
 * CHECKSUM_NONE when only the head stays), and refusing to cut a
 * CHECKSUM_PARTIAL field.
 *
 * Every case checks that every skb it made was freed and that the misuses
 * it provokes (and only those) were reported.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include <netmem/dropreason.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/skb_linear.h>
#include <netmem/skbuff.h>

#include "test_common.h"
#include "test_skb_util.h"
#include "test_skb_case.h"

#define GFP		(GFP_ATOMIC | __GFP_NOWARN)
#define SHINFO_SIZE	SKB_DATA_ALIGN(sizeof(struct skb_shared_info))

static void fill_pattern(unsigned char *p, unsigned int len, unsigned int seed)
{
	for (unsigned int i = 0; i < len; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

static bool all_zero(const unsigned char *p, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++)
		if (p[i] != 0)
			return false;
	return true;
}

/* An skb: @hlen bytes in the head (pattern seed 1), then one page frag of
 * @flen bytes at offset 100 of a fresh page (pattern seed 2). */
static struct sk_buff *head_and_frag(unsigned int hlen, unsigned int flen)
{
	struct sk_buff *skb = alloc_skb(hlen + 64, GFP);
	struct page *page;

	assert_non_null(skb);
	skb_reserve(skb, 64);
	fill_pattern(skb_put(skb, hlen), hlen, 1);
	if (flen) {
		page = alloc_page(GFP);
		assert_non_null(page);
		fill_pattern((unsigned char *)page_address(page) + 100, flen, 2);
		skb_add_rx_frag(skb, 0, page, 100, (int)flen, PAGE_SIZE);
	}
	return skb;
}

static void test_sizes(void **state)
{
	struct sk_buff *skb;

	(void)state;
	assert_int_equal(SKB_HEAD_ALIGN(100), 128 + SHINFO_SIZE);
	assert_int_equal(SKB_HEAD_ALIGN(128), 128 + SHINFO_SIZE);
	assert_int_equal(SKB_WITH_OVERHEAD(4096), 4096 - SHINFO_SIZE);
	assert_int_equal(SKB_TRUESIZE(1000),
			 1000 + SKB_DATA_ALIGN(sizeof(struct sk_buff)) + SHINFO_SIZE);
	assert_int_equal(SKB_MAX_HEAD(64), 4096 - 64 - SHINFO_SIZE);
	skb = alloc_skb(100, GFP);
	assert_non_null(skb);
	assert_int_equal(skb_end_offset(skb), SKB_DATA_ALIGN(100));
	assert_int_equal(skb->truesize, SKB_TRUESIZE(skb_end_offset(skb)));
	kfree_skb(skb);
}

static void test_padto_in_place(void **state)
{
	struct sk_buff *skb;
	unsigned char *tail;

	(void)state;
	skb = alloc_skb(128, GFP);
	assert_non_null(skb);
	memset(skb_put(skb, 100), 0xee, 100);
	__skb_trim(skb, 10);
	tail = skb->data + 10;
	assert_int_equal(skb_padto(skb, 60), 0);
	assert_int_equal(skb->len, 10);			/* length kept */
	assert_true(all_zero(tail, 50));
	assert_int_equal(skb->data[60], 0xee);		/* nothing past len */
	assert_int_equal(skb_padto(skb, 5), 0);		/* already long enough */
	assert_int_equal(skb_put_padto(skb, 64), 0);
	assert_int_equal(skb->len, 64);
	assert_int_equal(skb->data[9], 0xee);
	assert_true(all_zero(skb->data + 10, 54));
	assert_int_equal(skb->data[64], 0xee);
	assert_int_equal(skb_put_padto(skb, 64), 0);
	assert_int_equal(skb->len, 64);
	consume_skb(skb);
	assert_misuses(0);
}

static void test_padto_expand_clone_nonlinear(void **state)
{
	struct sk_buff *skb, *clone;
	unsigned char expect[200];

	(void)state;
	/* Not enough tailroom: the head grows. */
	skb = alloc_skb(16, GFP);
	assert_non_null(skb);
	assert_int_equal(skb_tailroom(skb), 64);
	fill_pattern(skb_put(skb, 60), 60, 3);
	assert_int_equal(skb_padto(skb, 200), 0);
	assert_int_equal(skb->len, 60);
	assert_true(skb_tailroom(skb) >= 140);
	fill_pattern(expect, 60, 3);
	assert_memory_equal(skb->data, expect, 60);
	assert_true(all_zero(skb->data + 60, 140));
	assert_int_equal(skb_put_padto(skb, 200), 0);
	assert_int_equal(skb->len, 200);
	consume_skb(skb);

	/* A clone's data is shared: the padding goes into a private copy. */
	skb = alloc_skb(256, GFP);
	assert_non_null(skb);
	fill_pattern(skb_put(skb, 100), 100, 4);
	memset(skb->data + 100, 0xab, 50);
	clone = skb_clone(skb, GFP);
	assert_non_null(clone);
	assert_int_equal(skb_put_padto(skb, 150), 0);
	assert_false(skb_cloned(skb));
	assert_false(skb_cloned(clone));	/* dataref back to 1 */
	assert_ptr_not_equal(skb->head, clone->head);
	assert_int_equal(skb->len, 150);
	assert_true(all_zero(skb->data + 100, 50));
	assert_int_equal(clone->data[100], 0xab);	/* the clone's buffer untouched */
	fill_pattern(expect, 100, 4);
	assert_memory_equal(skb->data, expect, 100);
	assert_memory_equal(clone->data, expect, 100);
	consume_skb(clone);
	consume_skb(skb);

	/* Nonlinear: linearized, then padded. */
	skb = head_and_frag(14, 100);
	assert_int_equal(skb_padto(skb, 200), 0);
	assert_int_equal(skb->len, 114);
	assert_int_equal(skb->data_len, 0);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 0);
	fill_pattern(expect, 14, 1);
	assert_memory_equal(skb->data, expect, 14);
	fill_pattern(expect, 100, 2);
	assert_memory_equal(skb->data + 14, expect, 100);
	assert_true(all_zero(skb->data + 114, 86));
	kfree_skb(skb);

	/* On error the skb is freed (when asked): a negative pad here. */
	skb = alloc_skb(64, GFP);
	assert_int_equal(__skb_pad(skb, -1, false), -EINVAL);
	assert_misuses(1);
	assert_int_equal(skb_pad(skb, -1), -EINVAL);	/* freed */
	assert_misuses(2);
}

static void test_linear_copies_and_puts(void **state)
{
	unsigned char in[32], out[32];
	struct sk_buff *skb;
	unsigned char *p;

	(void)state;
	fill_pattern(in, sizeof(in), 9);
	skb = alloc_skb(128, GFP);
	assert_non_null(skb);
	skb_reserve(skb, 16);
	p = __skb_put_zero(skb, 40);
	assert_ptr_equal(p, skb->data);
	assert_true(all_zero(p, 40));
	skb_copy_to_linear_data(skb, in, 8);
	skb_copy_to_linear_data_offset(skb, 20, in + 8, 8);
	skb_copy_from_linear_data(skb, out, 8);
	assert_memory_equal(out, in, 8);
	skb_copy_from_linear_data_offset(skb, 20, out, 8);
	assert_memory_equal(out, in + 8, 8);
	assert_true(all_zero(skb->data + 8, 12));

	p = __skb_put_data(skb, in, 32);
	assert_ptr_equal(p, skb->data + 40);
	assert_memory_equal(p, in, 32);
	skb_put_u8(skb, 0x42);
	__skb_put_u8(skb, 0x43);
	assert_int_equal(skb->len, 74);
	assert_int_equal(skb->data[72], 0x42);
	assert_int_equal(skb->data[73], 0x43);
	assert_int_equal(skb->tail, 16 + 74);
	consume_skb(skb);
	assert_misuses(0);
}

static void test_pulls(void **state)
{
	struct sk_buff *skb;
	unsigned char *data0, *p;
	enum nm_bug_mode mode = nm_get_bug_mode();

	(void)state;
	skb = alloc_skb(64, GFP);
	fill_pattern(skb_put(skb, 20), 20, 5);
	data0 = skb->data;
	p = skb_pull_data(skb, 6);
	assert_ptr_equal(p, data0);
	assert_int_equal(skb->len, 14);
	assert_ptr_equal(skb->data, data0 + 6);
	assert_null(skb_pull_data(skb, 15));
	assert_int_equal(skb->len, 14);
	assert_null(skb_pull_inline(skb, 15));
	assert_ptr_equal(skb_pull_inline(skb, 14), data0 + 20);
	assert_int_equal(skb->len, 0);
	assert_ptr_equal(skb_pull_data(skb, 0), data0 + 20);
	kfree_skb(skb);

	/* Past the linear part but within len: the kernel's BUG (counted). */
	nm_set_bug_mode(NM_BUG_COUNT);
	skb = head_and_frag(14, 100);
	assert_null(skb_pull_inline(skb, 20));
	assert_misuses(1);
	assert_null(skb_pull_data(skb, 20));
	assert_misuses(2);
	assert_int_equal(skb->len, 114);
	assert_int_equal(skb_headlen(skb), 14);
	nm_set_bug_mode(mode);
	kfree_skb(skb);
}

static void test_may_pull_reason(void **state)
{
	unsigned char expect[100];
	struct sk_buff *skb;

	(void)state;
	skb = head_and_frag(14, 100);
	assert_int_equal(pskb_may_pull_reason(skb, 10), SKB_NOT_DROPPED_YET);
	assert_int_equal(pskb_may_pull_reason(skb, 115), SKB_DROP_REASON_PKT_TOO_SMALL);
	assert_int_equal(skb_headlen(skb), 14);
	assert_int_equal(pskb_may_pull_reason(skb, 34), SKB_NOT_DROPPED_YET);
	assert_true(skb_headlen(skb) >= 34);
	assert_int_equal(skb->len, 114);
	fill_pattern(expect, 100, 2);
	assert_memory_equal(skb->data + 14, expect, 20);

	/* From the network header: 14 + 40 bytes linear. */
	skb_set_network_header(skb, 14);
	assert_true(pskb_network_may_pull(skb, 40));
	assert_true(skb_headlen(skb) >= 54);
	assert_false(pskb_network_may_pull(skb, 101));
	assert_int_equal(pskb_network_may_pull_reason(skb, 101), SKB_DROP_REASON_PKT_TOO_SMALL);
	assert_int_equal(pskb_network_may_pull_reason(skb, 100), SKB_NOT_DROPPED_YET);
	assert_int_equal(skb_headlen(skb), 114);
	assert_memory_equal(skb->data + 14, expect, 100);
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_pagelen_linearize(void **state)
{
	struct sk_buff *skb, *child, *last = NULL, *clone;
	unsigned char expect[100];
	struct page *page;

	(void)state;
	skb = head_and_frag(14, 100);
	page = alloc_page(GFP);
	assert_non_null(page);
	skb_add_rx_frag(skb, 1, page, 0, 200, PAGE_SIZE);
	child = alloc_skb(64, GFP);
	skb_put_zero(child, 50);
	add_child(skb, &last, child);
	assert_int_equal(skb->len, 364);
	assert_int_equal(__skb_pagelen(skb), 300);
	assert_int_equal(skb_pagelen(skb), 314);

	assert_false(skb_needs_linearize(skb, NETIF_F_SG | NETIF_F_FRAGLIST));
	assert_true(skb_needs_linearize(skb, NETIF_F_SG));
	assert_true(skb_needs_linearize(skb, NETIF_F_FRAGLIST));
	assert_int_equal(__skb_linearize(skb), 0);
	assert_false(skb_is_nonlinear(skb));
	assert_int_equal(skb_headlen(skb), 364);
	assert_false(skb_has_frag_list(skb));
	fill_pattern(expect, 100, 2);
	assert_memory_equal(skb->data + 14, expect, 100);
	assert_false(skb_needs_linearize(skb, 0));
	assert_int_equal(skb_pagelen(skb), 364);

	/* linearize_cow: a linear clone gets its own head. */
	clone = skb_clone(skb, GFP);
	assert_true(skb_cloned(skb));
	assert_int_equal(skb_linearize_cow(skb), 0);
	assert_false(skb_cloned(skb));
	assert_ptr_not_equal(skb->head, clone->head);
	assert_memory_equal(skb->data + 14, clone->data + 14, 100);
	assert_int_equal(skb_linearize_cow(skb), 0);	/* nothing to do */
	consume_skb(clone);
	consume_skb(skb);
	assert_misuses(0);
}

static __sum16 folded_sum(const unsigned char *p, int len)
{
	return csum_fold(csum_partial(p, len, 0));
}

static void test_trim_rcsum(void **state)
{
	unsigned char bytes[114];
	struct sk_buff *skb;

	(void)state;
	/* CHECKSUM_COMPLETE, linear, odd and even cuts. */
	skb = alloc_skb(128, GFP);
	fill_pattern(skb_put(skb, 100), 100, 11);
	memcpy(bytes, skb->data, 100);
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = csum_partial(skb->data, 100, 0);
	assert_int_equal(pskb_trim_rcsum(skb, 100), 0);
	assert_int_equal(pskb_trim_rcsum(skb, 200), 0);
	assert_int_equal(skb->len, 100);
	assert_int_equal(pskb_trim_rcsum(skb, 41), 0);
	assert_int_equal(skb->len, 41);
	assert_int_equal(csum_fold(skb->csum), folded_sum(bytes, 41));
	assert_int_equal(pskb_trim_rcsum(skb, 20), 0);
	assert_int_equal(csum_fold(skb->csum), folded_sum(bytes, 20));
	assert_int_equal(skb->ip_summed, CHECKSUM_COMPLETE);
	kfree_skb(skb);

	/* CHECKSUM_COMPLETE, the cut inside a frag at an odd offset. */
	skb = head_and_frag(14, 100);
	skb_copy_bits(skb, 0, bytes, 114);
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = csum_partial(bytes, 114, 0);
	assert_int_equal(pskb_trim_rcsum(skb, 77), 0);
	assert_int_equal(skb->len, 77);
	assert_int_equal(skb->data_len, 63);
	assert_int_equal(skb_frag_size(&skb_shinfo(skb)->frags[0]), 63);
	assert_int_equal(csum_fold(skb->csum), folded_sum(bytes, 77));
	kfree_skb(skb);

	/* CHECKSUM_COMPLETE with unreadable frags (marked so here): no sum
	 * over them; keeping only the head leaves CHECKSUM_NONE. */
	skb = head_and_frag(14, 100);
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = 0x1234;
	skb->unreadable = 1;
	assert_int_equal(pskb_trim_rcsum(skb, 50), -EFAULT);
	assert_int_equal(skb->len, 114);
	assert_int_equal(skb->csum, 0x1234);
	assert_int_equal(pskb_trim_rcsum(skb, 14), 0);
	assert_int_equal(skb->len, 14);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	skb->unreadable = 0;
	kfree_skb(skb);

	/* CHECKSUM_PARTIAL: cutting the checksum field is refused. */
	skb = alloc_skb(128, GFP);
	skb_put_zero(skb, 100);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + 34);
	skb->csum_offset = 16;		/* a TCP checksum at bytes 50..51 */
	assert_int_equal(pskb_trim_rcsum(skb, 51), -EINVAL);
	assert_int_equal(skb->len, 100);
	assert_int_equal(pskb_trim_rcsum(skb, 52), 0);
	assert_int_equal(skb->len, 52);
	kfree_skb(skb);

	/* CHECKSUM_NONE: a plain trim. */
	skb = alloc_skb(128, GFP);
	skb_put_zero(skb, 100);
	assert_int_equal(pskb_trim_rcsum(skb, 10), 0);
	assert_int_equal(skb->len, 10);
	assert_int_equal(skb->tail, 10);
	kfree_skb(skb);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sizes, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_padto_in_place, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_padto_expand_clone_nonlinear, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_linear_copies_and_puts, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_pulls, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_may_pull_reason, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_pagelen_linearize, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_trim_rcsum, skb_case_setup, skb_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("skb_linear", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
