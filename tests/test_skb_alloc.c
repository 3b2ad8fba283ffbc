/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the skb alloc/free family (netmem/skb_alloc.h,
 * netmem/dropreason.h): the kernel's drop reason numbers, drops counted per
 * reason only when the last reference goes (kfree_skb as NOT_SPECIFIED,
 * SKB_CONSUMED no drop, subsystem reasons together), kfree_skb_list_reason,
 * the dev_ frees (which are drops, which consumes), skb_unref and its
 * double-free report, netdev_alloc_skb_ip_align's headroom, dev_alloc_pages,
 * page frags (napi/netdev_alloc_frag: placement, alignment, one page
 * reference each, skb_free_frag, build_skb around one) and
 * alloc_skb_with_frags (orders chosen, chunk sizes, truesize, -EMSGSIZE).
 *
 * Every case checks that every skb it made was freed and that the misuses
 * it provokes (and only those) were reported.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include <netmem/dropreason.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/skb_alloc.h>
#include <netmem/skbuff.h>

#include "test_common.h"
#include "test_skb_case.h"

#define GFP		(GFP_ATOMIC | __GFP_NOWARN)
#define SHINFO_SIZE	SKB_DATA_ALIGN(sizeof(struct skb_shared_info))

static uint64_t dropped_now(void)
{
	struct nm_skb_stats st;

	nm_skb_get_stats(&st);
	return st.dropped;
}

static void test_reason_values(void **state)
{
	(void)state;
	/* The kernel's numbers (include/net/dropreason-core.h, 6.12). */
	assert_int_equal(SKB_NOT_DROPPED_YET, 0);
	assert_int_equal(SKB_CONSUMED, 1);
	assert_int_equal(SKB_DROP_REASON_NOT_SPECIFIED, 2);
	assert_int_equal(SKB_DROP_REASON_NO_SOCKET, 3);
	assert_int_equal(SKB_DROP_REASON_PKT_TOO_SMALL, 8);
	assert_int_equal(SKB_DROP_REASON_XDP, 59);
	assert_int_equal(SKB_DROP_REASON_FULL_RING, 67);
	assert_int_equal(SKB_DROP_REASON_NOMEM, 68);
	assert_int_equal(SKB_DROP_REASON_QUEUE_PURGE, 87);
	assert_int_equal(SKB_DROP_REASON_MAX, 92);
	assert_int_equal((unsigned int)SKB_DROP_REASON_SUBSYS_MASK, 0xffff0000u);
	assert_string_equal(nm_skb_drop_reason_name(SKB_DROP_REASON_NOT_SPECIFIED),
			    "NOT_SPECIFIED");
	assert_string_equal(nm_skb_drop_reason_name(SKB_DROP_REASON_QUEUE_PURGE), "QUEUE_PURGE");
	assert_string_equal(nm_skb_drop_reason_name(SKB_CONSUMED), "CONSUMED");
	assert_string_equal(nm_skb_drop_reason_name(SKB_DROP_REASON_TC_RECLASSIFY_LOOP),
			    "TC_RECLASSIFY_LOOP");
	assert_string_equal(nm_skb_drop_reason_name((enum skb_drop_reason)0x10001),
			    "SUBSYS");

	{
		SKB_DR(r);

		assert_int_equal(r, SKB_DROP_REASON_NOT_SPECIFIED);
		SKB_DR_OR(r, NOMEM);
		assert_int_equal(r, SKB_DROP_REASON_NOMEM);
		SKB_DR_OR(r, HDR_TRUNC);	/* a reason already set stays */
		assert_int_equal(r, SKB_DROP_REASON_NOMEM);
		SKB_DR_SET(r, HDR_TRUNC);
		assert_int_equal(r, SKB_DROP_REASON_HDR_TRUNC);
	}
}

static void test_drop_counts(void **state)
{
	uint64_t ns0 = nm_skb_drop_reason_count(SKB_DROP_REASON_NOT_SPECIFIED);
	uint64_t small0 = nm_skb_drop_reason_count(SKB_DROP_REASON_PKT_TOO_SMALL);
	uint64_t max0 = nm_skb_drop_reason_count(SKB_DROP_REASON_MAX);
	uint64_t d0 = dropped_now();
	struct nm_skb_stats st;
	struct sk_buff *skb;

	(void)state;
	kfree_skb(alloc_skb(64, GFP));
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_NOT_SPECIFIED) - ns0, 1);

	/* A shared skb: only the last reference counts a drop. */
	skb = skb_get(alloc_skb(64, GFP));
	kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	assert_int_equal(skb->users, 1);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_PKT_TOO_SMALL), small0);
	kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_PKT_TOO_SMALL) - small0, 1);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_NOT_SPECIFIED) - ns0, 1);

	/* SKB_CONSUMED is consume_skb(): not a drop. */
	nm_skb_get_stats(&st);
	kfree_skb_reason(alloc_skb(64, GFP), SKB_CONSUMED);
	assert_int_equal(dropped_now(), st.dropped);
	assert_int_equal(nm_skb_drop_reason_count(SKB_CONSUMED), 0);
	assert_int_equal(nm_skb_drop_reason_count(SKB_NOT_DROPPED_YET), 0);

	/* A subsystem reason counts under SKB_DROP_REASON_MAX. */
	kfree_skb_reason(alloc_skb(64, GFP), (enum skb_drop_reason)((1 << 16) | 3));
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_MAX) - max0, 1);
	sk_skb_reason_drop(NULL, alloc_skb(64, GFP), SKB_DROP_REASON_PKT_TOO_SMALL);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_PKT_TOO_SMALL) - small0, 2);
	kfree_skb_reason(NULL, SKB_DROP_REASON_PKT_TOO_SMALL);

	assert_int_equal(dropped_now() - d0, 4);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_NOT_SPECIFIED) - ns0, 1);
	assert_misuses(0);
}

/* Drops from a thread that is no EAL lcore count too (the shared row). */
static void *drop_from_thread(void *arg)
{
	struct sk_buff **skbs = arg;

	kfree_skb_reason(skbs[0], SKB_DROP_REASON_TC_EGRESS);
	kfree_skb_reason(skbs[1], SKB_DROP_REASON_TC_EGRESS);
	kfree_skb(skbs[2]);
	return NULL;
}

static void test_drop_counts_other_thread(void **state)
{
	uint64_t tc0 = nm_skb_drop_reason_count(SKB_DROP_REASON_TC_EGRESS);
	uint64_t ns0 = nm_skb_drop_reason_count(SKB_DROP_REASON_NOT_SPECIFIED);
	struct sk_buff *skbs[3];
	pthread_t t;

	(void)state;
	for (int i = 0; i < 3; i++)
		skbs[i] = alloc_skb(64, GFP);
	assert_int_equal(pthread_create(&t, NULL, drop_from_thread, skbs), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_TC_EGRESS) - tc0, 2);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_NOT_SPECIFIED) - ns0, 1);
	assert_misuses(0);
}

static void test_list_and_dev_frees(void **state)
{
	uint64_t ns0 = nm_skb_drop_reason_count(SKB_DROP_REASON_NOT_SPECIFIED);
	uint64_t nomem0 = nm_skb_drop_reason_count(SKB_DROP_REASON_NOMEM);
	uint64_t d0 = dropped_now();
	struct sk_buff *a, *b, *c;

	(void)state;
	a = alloc_skb(64, GFP);
	b = alloc_skb(64, GFP);
	c = alloc_skb(64, GFP);
	a->next = b;
	b->next = c;
	c->next = NULL;
	kfree_skb_list_reason(a, SKB_DROP_REASON_NOMEM);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_NOMEM) - nomem0, 3);
	kfree_skb_list_reason(NULL, SKB_DROP_REASON_NOMEM);
	assert_int_equal(dropped_now() - d0, 3);

	/* Consumes: no drop. */
	dev_kfree_skb(alloc_skb(64, GFP));
	dev_consume_skb_any(alloc_skb(64, GFP));
	dev_consume_skb_irq(alloc_skb(64, GFP));
	dev_kfree_skb_any_reason(alloc_skb(64, GFP), SKB_CONSUMED);
	assert_int_equal(dropped_now() - d0, 3);
	/* Drops, NOT_SPECIFIED. */
	dev_kfree_skb_any(alloc_skb(64, GFP));
	dev_kfree_skb_irq(alloc_skb(64, GFP));
	assert_int_equal(dropped_now() - d0, 5);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_NOT_SPECIFIED) - ns0, 2);
	dev_kfree_skb_irq_reason(alloc_skb(64, GFP), SKB_DROP_REASON_NOMEM);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_NOMEM) - nomem0, 4);
	assert_misuses(0);
}

static void test_skb_unref(void **state)
{
	struct sk_buff fake;
	struct sk_buff *skb;

	(void)state;
	assert_false(skb_unref(NULL));
	skb = alloc_skb(64, GFP);
	skb_get(skb);
	assert_false(skb_unref(skb));		/* 2 -> 1 */
	assert_int_equal(skb->users, 1);
	assert_true(skb_unref(skb));		/* last: left at 1 for the freer */
	assert_int_equal(skb->users, 1);
	consume_skb(skb);
	assert_misuses(0);

	/* An skb already freed (users 0) is a double free: reported. */
	memset(&fake, 0, sizeof(fake));
	assert_false(skb_unref(&fake));
	assert_int_equal(fake.users, 0);
	assert_misuses(1);
}

static void test_ip_align_and_pages(void **state)
{
	struct sk_buff *skb;
	struct page *page;

	(void)state;
	skb = netdev_alloc_skb_ip_align(NULL, 1500);
	assert_non_null(skb);
	assert_int_equal(skb_headroom(skb), NET_SKB_PAD + NET_IP_ALIGN);
	assert_true(skb_tailroom(skb) >= 1500);
	assert_int_equal(skb->len, 0);
	kfree_skb(skb);
	skb = __netdev_alloc_skb_ip_align(NULL, 200, GFP_KERNEL);
	assert_non_null(skb);
	assert_int_equal(skb_headroom(skb), NET_SKB_PAD + NET_IP_ALIGN);
	consume_skb(skb);

	page = dev_alloc_page();
	assert_non_null(page);
	assert_int_equal(compound_order(page), 0);
	assert_int_equal(page_ref_count(page), 1);
	__free_page(page);
	page = dev_alloc_pages(2);
	assert_non_null(page);
	assert_int_equal(compound_order(page), 2);
	assert_int_equal(page_size(page), 4 * PAGE_SIZE);
	__free_pages(page, 2);
	page = __dev_alloc_page(GFP_ATOMIC);
	assert_non_null(page);
	put_page(page);
	assert_misuses(0);
}

static void test_page_frags(void **state)
{
	char *a, *b, *c, *d;
	struct page *page;
	struct sk_buff *skb;
	int refs;

	(void)state;
	assert_null(napi_alloc_frag(0));
	assert_null(netdev_alloc_frag((unsigned int)(PAGE_SIZE << 3) + 1));

	a = napi_alloc_frag(100);
	assert_non_null(a);
	page = virt_to_head_page(a);
	assert_non_null(page);
	refs = page_ref_count(page);
	/* The next frag follows in the same page (when it fits), each one a
	 * whole number of cache lines (SKB_DATA_ALIGN, as the kernel). */
	b = napi_alloc_frag(100);
	/* The first frag of this lcore's cache started a fresh page. */
	assert_ptr_equal(a, page_address(page));
	assert_ptr_equal(virt_to_head_page(b), page);
	assert_ptr_equal(b, a + 128);
	assert_int_equal(page_ref_count(page), refs);	/* from the bias */
	c = napi_alloc_frag_align(10, 64);
	assert_int_equal((uintptr_t)c % 64, 0);
	assert_ptr_equal(c, a + 256);
	d = netdev_alloc_frag_align(1000, 1024);
	assert_non_null(d);
	assert_int_equal((uintptr_t)d % 1024, 0);

	/* Each frag holds one page reference: skb_free_frag drops it. */
	skb_free_frag(a);
	assert_int_equal(page_ref_count(page), refs - 1);
	skb_free_frag(b);
	skb_free_frag(c);
	skb_free_frag(d);
	skb_free_frag(NULL);

	/* An skb built around a frag takes its reference over. */
	a = netdev_alloc_frag(SKB_DATA_ALIGN(256) + SHINFO_SIZE);
	assert_non_null(a);
	page = virt_to_head_page(a);
	refs = page_ref_count(page);
	skb = build_skb(a, SKB_DATA_ALIGN(256) + SHINFO_SIZE);
	assert_non_null(skb);
	assert_true(skb->head_frag);
	assert_ptr_equal(skb->head, a);
	assert_int_equal(skb_end_offset(skb), SKB_DATA_ALIGN(256));
	memset(skb_put(skb, 200), 0x5a, 200);
	kfree_skb(skb);
	assert_int_equal(page_ref_count(page), refs - 1);
	assert_misuses(0);
}

static void test_alloc_skb_with_frags(void **state)
{
	struct skb_shared_info *sh;
	struct sk_buff *skb;
	unsigned int truesize0;
	int err = 0;

	(void)state;
	/* Order 0: page-sized chunks. */
	skb = alloc_skb(64, GFP);
	truesize0 = skb->truesize;
	kfree_skb(skb);
	skb = alloc_skb_with_frags(64, 10000, 0, &err, GFP);
	assert_non_null(skb);
	sh = skb_shinfo(skb);
	assert_int_equal(sh->nr_frags, 3);
	assert_int_equal(skb_frag_size(&sh->frags[0]), 4096);
	assert_int_equal(skb_frag_size(&sh->frags[1]), 4096);
	assert_int_equal(skb_frag_size(&sh->frags[2]), 10000 - 8192);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(skb_frag_off(&sh->frags[i]), 0);
		assert_int_equal(compound_order(skb_frag_page(&sh->frags[i])), 0);
	}
	/* len and data_len are the caller's to set, as in the kernel. */
	assert_int_equal(skb->len, 0);
	assert_int_equal(skb->data_len, 0);
	assert_true(skb_tailroom(skb) >= 64);
	assert_int_equal(skb->truesize, truesize0 + 3 * 4096);
	skb->len = skb->data_len = 10000;
	kfree_skb(skb);

	/* Order 2: the largest order the rest still fills, then smaller. */
	skb = alloc_skb_with_frags(0, 10000, 2, &err, GFP);
	assert_non_null(skb);
	sh = skb_shinfo(skb);
	assert_int_equal(sh->nr_frags, 2);
	assert_int_equal(compound_order(skb_frag_page(&sh->frags[0])), 1);
	assert_int_equal(skb_frag_size(&sh->frags[0]), 8192);
	assert_int_equal(compound_order(skb_frag_page(&sh->frags[1])), 0);
	assert_int_equal(skb_frag_size(&sh->frags[1]), 10000 - 8192);
	consume_skb(skb);

	skb = alloc_skb_with_frags(0, 16384, 2, &err, GFP);
	assert_non_null(skb);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 1);
	assert_int_equal(compound_order(skb_frag_page(&skb_shinfo(skb)->frags[0])), 2);
	consume_skb(skb);

	/* MAX_SKB_FRAGS pages fill every slot; one byte more is too much. */
	skb = alloc_skb_with_frags(0, MAX_SKB_FRAGS * PAGE_SIZE, 0, &err, GFP);
	assert_non_null(skb);
	assert_int_equal(skb_shinfo(skb)->nr_frags, MAX_SKB_FRAGS);
	consume_skb(skb);
	err = 0;
	assert_null(alloc_skb_with_frags(0, MAX_SKB_FRAGS * PAGE_SIZE + 1, 0, &err, GFP));
	assert_int_equal(err, -EMSGSIZE);

	/* Orders past the library's largest: pages of NM_MAX_PAGE_ORDER. */
	skb = alloc_skb_with_frags(0, 3 * (PAGE_SIZE << NM_MAX_PAGE_ORDER), 10, &err, GFP);
	assert_non_null(skb);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 3);
	assert_int_equal(compound_order(skb_frag_page(&skb_shinfo(skb)->frags[2])),
			 NM_MAX_PAGE_ORDER);
	consume_skb(skb);
	err = 0;
	assert_null(alloc_skb_with_frags(0, 100, -1, &err, GFP));
	assert_int_equal(err, -EMSGSIZE);

	/* No data: just the head. */
	skb = alloc_skb_with_frags(100, 0, 3, &err, GFP);
	assert_non_null(skb);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 0);
	consume_skb(skb);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reason_values, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_drop_counts, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_drop_counts_other_thread, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_list_and_dev_frees, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_skb_unref, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_ip_align_and_pages, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_page_frags, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_alloc_skb_with_frags, skb_case_setup,
						skb_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("skb_alloc", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
