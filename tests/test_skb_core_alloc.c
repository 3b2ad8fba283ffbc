/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the sk_buff core: allocation sizes and heads
 * (alloc_skb, netdev_alloc_skb), the linear data helpers (put, push, pull,
 * trim) and their bound checks, and header offsets.
 *
 * Every case checks that the misuses it provokes (and only those) were
 * reported, and that every skb it made was freed.
 */
#define _GNU_SOURCE
#include "skb_core_fixture.h"

static void test_alloc_sizes(void **state)
{
	static const unsigned int sizes[] = {
		0, 1, 64, 100, 1500, 4096 - 320, 4096, 9000, 20 * 1024, 60000,
		100 * 1024, 300 * 1024,
	};
	struct nm_skb_stats a = stats_now(), b;

	(void)state;
	for (size_t k = 0; k < RTE_DIM(sizes); k++) {
		unsigned int size = sizes[k];
		struct sk_buff *skb = alloc_skb(size, GFP_ATOMIC);
		struct page *page;
		unsigned char *p;

		assert_non_null(skb);
		check_fresh(skb, size);
		assert_int_equal(skb->fclone, SKB_FCLONE_UNAVAILABLE);
		page = virt_to_head_page(skb->head);
		if (size <= 60000) {
			/* page frag or whole pages */
			assert_true(skb->head_frag);
			assert_non_null(page);
			assert_true(skb->head >= (unsigned char *)page_address(page));
			assert_true(skb_end_pointer(skb) + SHINFO_SIZE <=
				    (unsigned char *)page_address(page) + page_size(page));
		} else {
			/* rte_malloc */
			assert_false(skb->head_frag);
			assert_null(page);
		}
		if (size == 4096) {
			/* 4 KB + shinfo: a whole order-1 page */
			assert_int_equal(compound_order(page), 1);
			assert_ptr_equal(skb->head, page_address(page));
			assert_int_equal(skb_end_offset(skb), 2 * PAGE_SIZE - SHINFO_SIZE);
		}
		if (size == 20 * 1024) {
			assert_int_equal(compound_order(page), 3);
			assert_ptr_equal(skb->head, page_address(page));
		}
		/* the whole data area is usable */
		p = skb_put(skb, (unsigned int)skb_tailroom(skb));
		assert_non_null(p);
		memset(p, 0xa5, skb->len);
		assert_int_equal(skb_tailroom(skb), 0);
		assert_int_equal(skb_headlen(skb), skb_end_offset(skb));
		kfree_skb(skb);
	}
	b = stats_now();
	assert_int_equal(b.alloc - a.alloc, RTE_DIM(sizes));
	assert_int_equal(b.dropped - a.dropped, RTE_DIM(sizes));
	assert_int_equal(b.live, a.live);

	/* small heads share a page: two 100-byte skbs come from one page */
	{
		struct sk_buff *s1 = alloc_skb(100, GFP_ATOMIC);
		struct sk_buff *s2 = alloc_skb(100, GFP_ATOMIC);

		assert_non_null(s1);
		assert_non_null(s2);
		assert_true(s1->head_frag && s2->head_frag);
		assert_true(skb_end_pointer(s2) + SHINFO_SIZE <= s1->head ||
			    skb_end_pointer(s1) + SHINFO_SIZE <= s2->head);
		consume_skb(s1);
		consume_skb(s2);
	}

	/* __GFP_ZERO clears the data area */
	{
		struct sk_buff *skb = __alloc_skb(3000, GFP_ATOMIC | __GFP_ZERO, 0,
						  NUMA_NO_NODE);
		unsigned char *p;

		assert_non_null(skb);
		p = skb_put(skb, 3000);
		for (int i = 0; i < 3000; i++)
			assert_int_equal(p[i], 0);
		kfree_skb(skb);
	}

	/* an absurd size fails and is counted */
	a = stats_now();
	assert_null(alloc_skb((1U << 30) + 1, GFP));
	b = stats_now();
	assert_int_equal(b.alloc_fail - a.alloc_fail, 1);
	assert_int_equal(b.live, a.live);
	assert_misuses(0);
}

static void test_netdev_alloc(void **state)
{
	struct sk_buff *skb;

	(void)state;
	skb = netdev_alloc_skb(NULL, 1500);
	assert_non_null(skb);
	assert_int_equal(skb_headroom(skb), NET_SKB_PAD);
	assert_true(skb_tailroom(skb) >= 1500);
	assert_int_equal(skb->len, 0);
	assert_true(skb->head_frag);
	kfree_skb(skb);

	skb = napi_alloc_skb(NULL, 200);
	assert_non_null(skb);
	assert_int_equal(skb_headroom(skb), NET_SKB_PAD + NET_IP_ALIGN);
	assert_true(skb_tailroom(skb) >= 200);
	napi_consume_skb(skb, 64);

	skb = __netdev_alloc_skb(NULL, 9000, GFP_ATOMIC);
	assert_non_null(skb);
	assert_int_equal(skb_headroom(skb), NET_SKB_PAD);
	assert_true(skb_tailroom(skb) >= 9000);
	dev_kfree_skb_any(skb);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* Linear data                                                            */
/* ---------------------------------------------------------------------- */

static void test_put_push_pull_trim(void **state)
{
	struct sk_buff *skb = alloc_skb(256, GFP_ATOMIC);
	unsigned int end;
	unsigned char *p, *q;
	int room;

	(void)state;
	assert_non_null(skb);
	end = skb_end_offset(skb);
	skb_reserve(skb, 64);
	assert_int_equal(skb_headroom(skb), 64);
	assert_int_equal(skb_tailroom(skb), (int)end - 64);
	assert_int_equal(skb->len, 0);
	assert_ptr_equal(skb->data, skb->head + 64);
	assert_ptr_equal(skb_tail_pointer(skb), skb->data);

	p = skb_put(skb, 100);
	assert_ptr_equal(p, skb->head + 64);
	assert_int_equal(skb->len, 100);
	assert_int_equal(skb_headlen(skb), 100);
	assert_int_equal(skb_tailroom(skb), (int)end - 164);
	assert_ptr_equal(skb_tail_pointer(skb), p + 100);
	memset(p, 1, 100);

	q = skb_put_data(skb, "abcd", 4);
	assert_ptr_equal(q, p + 100);
	assert_memory_equal(q, "abcd", 4);
	q = skb_put_zero(skb, 6);
	assert_int_equal(q[0] | q[5], 0);
	assert_int_equal(skb->len, 110);

	p = skb_push(skb, 14);
	assert_ptr_equal(p, skb->head + 50);
	assert_ptr_equal(skb->data, p);
	assert_int_equal(skb->len, 124);
	assert_int_equal(skb_headroom(skb), 50);

	p = skb_pull(skb, 14);
	assert_ptr_equal(p, skb->head + 64);
	assert_int_equal(skb->len, 110);
	assert_null(skb_pull(skb, 111));	/* more than there is: nothing moves */
	assert_int_equal(skb->len, 110);
	assert_ptr_equal(skb->data, skb->head + 64);
	p = skb_pull(skb, 110);
	assert_non_null(p);
	assert_int_equal(skb->len, 0);
	__skb_push(skb, 110);
	assert_int_equal(skb->len, 110);

	skb_trim(skb, 50);
	assert_int_equal(skb->len, 50);
	assert_ptr_equal(skb_tail_pointer(skb), skb->data + 50);
	skb_trim(skb, 80);			/* longer: no change */
	assert_int_equal(skb->len, 50);
	assert_int_equal(pskb_trim(skb, 40), 0);
	assert_int_equal(skb->len, 40);
	assert_true(pskb_may_pull(skb, 40));
	assert_false(pskb_may_pull(skb, 41));
	assert_misuses(0);

	/* bound checks: the kernel's BUG cases; they abort by default (see
	 * test_skb_kernel_semantics), counted here: reported, nothing changes */
	nm_set_bug_mode(NM_BUG_COUNT);
	room = skb_tailroom(skb);
	assert_null(skb_put(skb, (unsigned int)room + 1));
	assert_misuses(1);
	assert_int_equal(skb->len, 40);
	assert_int_equal(skb_tailroom(skb), room);
	assert_null(skb_put(skb, UINT32_MAX));
	assert_misuses(2);
	assert_null(skb_push(skb, skb_headroom(skb) + 1));
	assert_misuses(3);
	assert_int_equal(skb->len, 40);
	assert_ptr_equal(skb->data, skb->head + 64);
	assert_null(skb_put_data(skb, "x", (unsigned int)room + 1));
	assert_misuses(4);
	/* exactly the room is fine */
	assert_non_null(skb_push(skb, skb_headroom(skb)));
	assert_ptr_equal(skb->data, skb->head);
	assert_non_null(skb_put(skb, (unsigned int)room));
	assert_int_equal(skb_tailroom(skb), 0);
	assert_int_equal(skb->len, end);
	assert_misuses(4);

	/* a nonlinear skb: skb_put refuses (BUG), skb_trim warns (WARN) */
	{
		struct page *pg = plain_page();

		skb_trim(skb, 20);
		add_frag(skb, 0, pg, 0, 1000);
		assert_int_equal(skb_tailroom(skb), 0);
		assert_true(skb_is_nonlinear(skb));
		assert_int_equal(skb->len, 1020);
		assert_int_equal(skb_headlen(skb), 20);
		assert_null(skb_put(skb, 1));
		assert_misuses(5);
		skb_trim(skb, 10);
		assert_misuses(6);
		assert_int_equal(skb->len, 1020);
		/* skb_pull: NULL only past skb->len; into the frags, a BUG */
		assert_null(skb_pull(skb, 1021));
		assert_misuses(6);
		assert_null(skb_pull(skb, 21));
		assert_misuses(7);
		assert_int_equal(skb->len, 1020);
		assert_non_null(skb_pull(skb, 20));
		assert_int_equal(skb_headlen(skb), 0);
		assert_int_equal(skb->len, 1000);
	}
	nm_set_bug_mode(NM_BUG_ABORT);
	kfree_skb(skb);
	case_misuse0 += 7;
	assert_misuses(0);
}

static void test_header_offsets(void **state)
{
	struct sk_buff *skb = alloc_skb(256, GFP_ATOMIC);

	(void)state;
	assert_non_null(skb);
	skb_reserve(skb, 64);
	assert_non_null(skb_put(skb, 14 + 20 + 20 + 10));

	skb_reset_mac_header(skb);
	assert_true(skb_mac_header_was_set(skb));
	assert_int_equal(skb->mac_header, 64);
	assert_ptr_equal(skb_mac_header(skb), skb->data);
	assert_int_equal(skb_mac_offset(skb), 0);
	skb_set_network_header(skb, 14);
	assert_int_equal(skb->network_header, 78);
	assert_ptr_equal(skb_network_header(skb), skb->data + 14);
	assert_int_equal(skb_network_offset(skb), 14);
	assert_false(skb_transport_header_was_set(skb));
	skb_set_transport_header(skb, 34);
	assert_true(skb_transport_header_was_set(skb));
	assert_ptr_equal(skb_transport_header(skb), skb->data + 34);
	assert_int_equal(skb_transport_offset(skb), 34);
	assert_int_equal(skb_network_header_len(skb), 20);
	skb_reset_mac_len(skb);
	assert_int_equal(skb->mac_len, 14);

	/* offsets are from data: they move with pull/push */
	assert_non_null(skb_pull(skb, 14));
	assert_int_equal(skb_mac_offset(skb), -14);
	assert_int_equal(skb_network_offset(skb), 0);
	assert_int_equal(skb_transport_offset(skb), 20);
	skb_reset_network_header(skb);
	assert_int_equal(skb->network_header, 78);
	assert_non_null(skb_pull(skb, 20));
	skb_reset_transport_header(skb);
	assert_int_equal(skb->transport_header, 98);
	assert_int_equal(skb_transport_offset(skb), 0);
	assert_non_null(skb_push(skb, 34));
	assert_int_equal(skb_mac_offset(skb), 0);
	skb_set_mac_header(skb, 2);
	assert_int_equal(skb->mac_header, 66);
	skb_unset_mac_header(skb);
	assert_false(skb_mac_header_was_set(skb));

	skb_reset_inner_headers(skb);
	assert_int_equal(skb->inner_network_header, skb->network_header);
	assert_int_equal(skb->inner_transport_header, skb->transport_header);
	assert_ptr_equal(skb_inner_network_header(skb), skb_network_header(skb));

	skb->csum_start = (__u16)(skb_headroom(skb) + 34);
	assert_int_equal(skb_checksum_start_offset(skb), 34);
	assert_ptr_equal(skb_checksum_start(skb), skb->data + 34);
	consume_skb(skb);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_alloc_sizes, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_netdev_alloc, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_put_push_pull_trim, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_header_offsets, skb_case_setup, skb_case_teardown),
	};

	return skb_core_run("skb_core_alloc", tests, sizeof(tests) / sizeof(tests[0]));
}

