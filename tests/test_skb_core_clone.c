/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the sk_buff core: users and the skb statistics, clones
 * and fast clones, dataref, and page_pool recycling that happens once per
 * page however many clones shared it.
 *
 * Every case checks that the misuses it provokes (and only those) were
 * reported, and that every skb it made was freed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_ether.h>

#include <netmem/ether.h>

#include "skb_core_fixture.h"

/* ---------------------------------------------------------------------- */
/* Users, clones, dataref                                                 */
/* ---------------------------------------------------------------------- */

static int destructor_calls;

static void count_destructor(struct sk_buff *skb)
{
	(void)skb;
	destructor_calls++;
}

static void test_users_and_stats(void **state)
{
	struct nm_skb_stats a = stats_now(), b;
	struct sk_buff *skb = alloc_skb(100, GFP_ATOMIC), *list = NULL;

	(void)state;
	assert_non_null(skb);
	b = stats_now();
	assert_int_equal(b.alloc - a.alloc, 1);
	assert_int_equal(b.live - a.live, 1);

	assert_false(skb_shared(skb));
	assert_ptr_equal(skb_get(skb), skb);
	assert_int_equal(skb->users, 2);
	assert_true(skb_shared(skb));
	kfree_skb(skb);			/* drops a user only */
	assert_int_equal(skb->users, 1);
	b = stats_now();
	assert_int_equal(b.dropped - a.dropped, 0);
	assert_int_equal(b.live - a.live, 1);
	kfree_skb(skb);
	b = stats_now();
	assert_int_equal(b.dropped - a.dropped, 1);
	assert_int_equal(b.live, a.live);

	/* a second kfree_skb of the same skb is caught, and changes nothing */
	kfree_skb(skb);
	assert_misuses(1);
	assert_int_equal(stats_now().dropped - a.dropped, 1);
	assert_int_equal(stats_now().live, a.live);
	case_misuse0++;
	kfree_skb(NULL);
	consume_skb(NULL);

	skb = alloc_skb(100, GFP_ATOMIC);
	skb_get(skb);
	consume_skb(skb);
	consume_skb(skb);
	b = stats_now();
	assert_int_equal(b.freed - a.freed, 1);

	/* kfree_skb_list frees a ->next list */
	for (int i = 0; i < 5; i++) {
		struct sk_buff *s = alloc_skb(64, GFP_ATOMIC);

		assert_non_null(s);
		s->next = list;
		list = s;
	}
	assert_int_equal(stats_now().live - a.live, 5);
	kfree_skb_list(list);
	b = stats_now();
	assert_int_equal(b.live, a.live);
	assert_int_equal(b.dropped - a.dropped, 6);
	assert_int_equal(b.alloc - a.alloc, 7);
	kfree_skb_list(NULL);

	/* the destructor runs once, when the last user goes; clones have none */
	{
		struct sk_buff *c;

		destructor_calls = 0;
		skb = alloc_skb(100, GFP_ATOMIC);
		skb->destructor = count_destructor;
		skb_get(skb);
		c = skb_clone(skb, GFP_ATOMIC);
		assert_null(c->destructor);
		kfree_skb(skb);
		assert_int_equal(destructor_calls, 0);
		kfree_skb(c);
		assert_int_equal(destructor_calls, 0);
		consume_skb(skb);
		assert_int_equal(destructor_calls, 1);
	}
	assert_misuses(0);
}

static void test_clone(void **state)
{
	struct nm_skb_stats a = stats_now();
	struct sk_buff *skb = alloc_skb(256, GFP_ATOMIC), *c, *cc;
	struct page *pg = plain_page();

	(void)state;
	assert_non_null(skb);
	skb_reserve(skb, 64);
	skb_put_data(skb, "0123456789abcdef", 16);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, 14);
	skb->protocol = 0x0008;
	skb->mark = 7;
	skb->hash = 0x1234;
	skb->priority = 3;
	memcpy(skb->cb, "control", 8);
	add_frag(skb, 0, pg, 0, 500);
	get_page(pg);

	c = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(c);
	assert_ptr_not_equal(c, skb);
	assert_int_equal(c->fclone, SKB_FCLONE_UNAVAILABLE);
	assert_int_equal(stats_now().live - a.live, 2);
	assert_ptr_equal(c->head, skb->head);
	assert_ptr_equal(c->data, skb->data);
	assert_int_equal(c->len, skb->len);
	assert_int_equal(c->data_len, skb->data_len);
	assert_int_equal(c->mac_header, skb->mac_header);
	assert_int_equal(c->network_header, skb->network_header);
	assert_int_equal(c->protocol, 0x0008);
	assert_int_equal(c->mark, 7);
	assert_int_equal(c->hash, 0x1234);
	assert_int_equal(c->priority, 3);
	assert_memory_equal(c->cb, "control", 8);
	assert_int_equal(c->users, 1);
	assert_true(c->cloned && skb->cloned);
	assert_ptr_equal(skb_shinfo(c), skb_shinfo(skb));
	assert_int_equal(dataref(skb), 2);
	/* a clone's own pointers move alone */
	assert_non_null(skb_pull(c, 14));
	assert_int_equal(skb->len, 516);
	/* a clone of a clone shares the same data */
	cc = skb_clone(c, GFP_ATOMIC);
	assert_non_null(cc);
	assert_int_equal(dataref(skb), 3);
	assert_int_equal(page_ref_count(pg), 2);
	kfree_skb(skb);
	kfree_skb(c);
	assert_int_equal(page_ref_count(pg), 2);
	assert_int_equal(dataref(cc), 1);
	assert_false(skb_cloned(cc));
	assert_memory_equal(cc->data, "ef", 2);
	kfree_skb(cc);
	assert_int_equal(page_ref_count(pg), 1);
	put_page(pg);
	assert_int_equal(stats_now().live, a.live);
	assert_misuses(0);
}

/* Every field the kernel's __copy_skb_header() takes over reaches the
 * clone, and the bits that are the clone's own (cloned, nohdr, fclone,
 * peeked, head_frag, pp_recycle) are the clone's, not copied. */
static void test_clone_copies_header(void **state)
{
	struct sk_buff *skb = alloc_skb(256, GFP_ATOMIC), *c;

	(void)state;
	assert_non_null(skb);
	skb_reserve(skb, 64);
	skb_put(skb, 60);
	skb->tstamp = 123456789;
	memcpy(skb->cb, "0123456789abcdef0123456789abcdef0123456789abcde", 48);
	skb->queue_mapping = 5;
	skb->port = 3;
	skb->peeked = 1;
	skb->unreadable = 1;
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->l4_hash = 1;
	skb->sw_hash = 1;
	skb->csum_valid = 1;
	skb->encapsulation = 1;
	skb->csum_level = 2;
	skb->pkt_type = PACKET_OTHERHOST;
	skb->ignore_df = 1;
	skb->csum_complete_sw = 1;
	skb->inner_protocol_type = 1;
	skb->csum_not_inet = 1;
	skb->vlan_proto = htons(ETH_P_8021AD);
	skb->vlan_tci = 0x0abc;
	skb->priority = 0x11223344;
	skb->hash = 0x55667788;
	skb->csum = 0x99aabbcc;
	skb->mark = 0xddeeff01;
	skb->skb_iif = 42;
	skb->packet_type = 0x2345;
	skb->protocol = htons(ETH_P_IPV6);
	skb->inner_protocol = htons(ETH_P_IP);
	skb->inner_transport_header = 101;
	skb->inner_network_header = 102;
	skb->inner_mac_header = 103;
	skb->transport_header = 104;
	skb->network_header = 105;
	skb->mac_header = 106;

	c = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(c);
	assert_int_equal(c->tstamp, 123456789);
	assert_memory_equal(c->cb, skb->cb, 48);
	assert_int_equal(c->queue_mapping, 5);
	assert_int_equal(c->port, 3);
	assert_int_equal(c->unreadable, 1);
	assert_int_equal(c->ip_summed, CHECKSUM_COMPLETE);
	assert_int_equal(c->l4_hash, 1);
	assert_int_equal(c->sw_hash, 1);
	assert_int_equal(c->csum_valid, 1);
	assert_int_equal(c->encapsulation, 1);
	assert_int_equal(c->csum_level, 2);
	assert_int_equal(c->pkt_type, PACKET_OTHERHOST);
	assert_int_equal(c->ignore_df, 1);
	assert_int_equal(c->csum_complete_sw, 1);
	assert_int_equal(c->inner_protocol_type, 1);
	assert_int_equal(c->csum_not_inet, 1);
	assert_int_equal(c->vlan_proto, htons(ETH_P_8021AD));
	assert_int_equal(c->vlan_tci, 0x0abc);
	assert_int_equal(c->priority, 0x11223344);
	assert_int_equal(c->hash, 0x55667788);
	assert_int_equal(c->csum, 0x99aabbcc);
	assert_int_equal(c->mark, 0xddeeff01);
	assert_int_equal(c->skb_iif, 42);
	assert_int_equal(c->packet_type, 0x2345);
	assert_int_equal(c->protocol, htons(ETH_P_IPV6));
	assert_int_equal(c->inner_protocol, htons(ETH_P_IP));
	assert_int_equal(c->inner_transport_header, 101);
	assert_int_equal(c->inner_network_header, 102);
	assert_int_equal(c->inner_mac_header, 103);
	assert_int_equal(c->transport_header, 104);
	assert_int_equal(c->network_header, 105);
	assert_int_equal(c->mac_header, 106);
	/* the clone's own bits */
	assert_int_equal(c->cloned, 1);
	assert_int_equal(c->nohdr, 0);
	assert_int_equal(c->peeked, 0);
	assert_int_equal(c->fclone, SKB_FCLONE_UNAVAILABLE);
	assert_int_equal(c->head_frag, skb->head_frag);
	assert_int_equal(c->pp_recycle, skb->pp_recycle);
	assert_int_equal(skb->peeked, 1);
	skb->unreadable = 0;
	c->unreadable = 0;
	kfree_skb(c);
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_fclone(void **state)
{
	struct nm_skb_stats a = stats_now(), b;
	struct sk_buff *skb = alloc_skb_fclone(512, GFP_ATOMIC), *c1, *c2, *c3;

	(void)state;
	assert_non_null(skb);
	assert_int_equal(skb->fclone, SKB_FCLONE_ORIG);
	skb_put(skb, 100);

	/* the first clone is the companion, from the same allocation */
	c1 = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(c1);
	assert_int_equal(c1->fclone, SKB_FCLONE_CLONE);
	assert_ptr_equal(c1, skb + 1);
	b = stats_now();
	assert_int_equal(b.alloc - a.alloc, 2);
	assert_int_equal(b.live - a.live, 2);
	/* the companion is busy: a second clone is allocated */
	c2 = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(c2);
	assert_int_equal(c2->fclone, SKB_FCLONE_UNAVAILABLE);
	assert_ptr_not_equal(c2, skb + 1);
	assert_int_equal(dataref(skb), 3);
	b = stats_now();
	assert_int_equal(b.alloc - a.alloc, 3);
	assert_int_equal(b.live - a.live, 3);
	/* a clone of the companion is allocated too */
	c3 = skb_clone(c1, GFP_ATOMIC);
	assert_int_equal(c3->fclone, SKB_FCLONE_UNAVAILABLE);
	kfree_skb(c3);

	/* once the companion is freed it serves the next clone */
	kfree_skb(c1);
	assert_int_equal(stats_now().live - a.live, 2);
	c1 = skb_clone(skb, GFP_ATOMIC);
	assert_ptr_equal(c1, skb + 1);
	assert_int_equal(c1->fclone, SKB_FCLONE_CLONE);

	/* original freed before its companion */
	kfree_skb(skb);
	assert_int_equal(dataref(c1), 2);
	kfree_skb(c2);
	assert_false(skb_cloned(c1));
	consume_skb(c1);
	b = stats_now();
	assert_int_equal(b.live, a.live);

	/* and the pair is whole again: a new fclone skb works alike */
	for (int i = 0; i < 3; i++) {
		skb = alloc_skb_fclone(64, GFP_ATOMIC);
		assert_non_null(skb);
		c1 = skb_clone(skb, GFP_ATOMIC);
		assert_ptr_equal(c1, skb + 1);
		if (i & 1) {
			kfree_skb(c1);
			kfree_skb(skb);
		} else {
			kfree_skb(skb);
			kfree_skb(c1);
		}
	}
	/* an fclone skb that never got cloned: the pair goes back to the
	 * pairs' cache, never to the cache of single structs */
	skb = alloc_skb_fclone(64, GFP_ATOMIC);
	assert_non_null(skb);
	c1 = skb;
	consume_skb(skb);
	assert_int_equal(stats_now().live, a.live);
	skb = alloc_skb(64, GFP_ATOMIC);
	assert_non_null(skb);
	assert_ptr_not_equal(skb, c1);
	assert_ptr_not_equal(skb, c1 + 1);
	kfree_skb(skb);
	assert_int_equal(stats_now().live, a.live);
	assert_misuses(0);
}

static void test_dataref(void **state)
{
	struct sk_buff *skb = alloc_skb(256, GFP_ATOMIC), *c;
	struct page *pg = plain_page();

	(void)state;
	assert_non_null(skb);
	skb_reserve(skb, 64);
	skb_put(skb, 54);
	add_frag(skb, 0, pg, 0, 1000);
	get_page(pg);
	assert_false(skb_cloned(skb));
	assert_false(skb_header_cloned(skb));

	c = skb_clone(skb, GFP_ATOMIC);
	assert_true(skb_cloned(skb));
	assert_true(skb_cloned(c));
	assert_true(skb_header_cloned(skb));
	assert_true(skb_header_cloned(c));
	assert_int_equal(dataref(skb) & SKB_DATAREF_MASK, 2);
	assert_int_equal(dataref(skb) >> SKB_DATAREF_SHIFT, 0);
	kfree_skb(c);
	assert_int_equal(dataref(skb), 1);
	assert_false(skb_cloned(skb));		/* cloned bit, but dataref 1 */
	assert_true(skb->cloned);
	assert_false(skb_header_cloned(skb));

	/* TCP's pattern: the queued skb touches only the payload from now on;
	 * its clone (the one transmitted) may write the headers */
	__skb_header_release(skb);
	assert_true(skb->nohdr);
	assert_int_equal(dataref(skb), 1 + (1 << SKB_DATAREF_SHIFT));
	c = skb_clone(skb, GFP_ATOMIC);
	assert_int_equal(dataref(skb), 2 + (1 << SKB_DATAREF_SHIFT));
	assert_false(c->nohdr);
	assert_int_equal(c->hdr_len, skb_headroom(skb));
	assert_true(skb_cloned(c));
	assert_false(skb_header_cloned(c));
	/* the nohdr owner drops both its references */
	kfree_skb(skb);
	assert_int_equal(dataref(c), 1);
	assert_false(skb_cloned(c));
	assert_int_equal(page_ref_count(pg), 2);
	kfree_skb(c);
	assert_int_equal(page_ref_count(pg), 1);
	put_page(pg);

	/* nohdr clone freed last: the original's nohdr reference went first */
	skb = alloc_skb(128, GFP_ATOMIC);
	__skb_header_release(skb);
	c = skb_clone(skb, GFP_ATOMIC);
	kfree_skb(c);
	assert_int_equal(dataref(skb), 1 + (1 << SKB_DATAREF_SHIFT));
	kfree_skb(skb);
	assert_misuses(0);
}

/* A cloned pp_recycle skb returns its pages once, when the last data
 * reference goes, whichever is freed first. */
static void test_clone_pp_recycle(void **state)
{
	struct page_pool *pool = pool_new(0);
	struct page_pool_recycle_stats r0;
	struct sk_buff *skb, *c;
	struct page *head, *f0, *f1;

	(void)state;
	for (int order = 0; order < 2; order++) {
		head = page_pool_dev_alloc_pages(pool);
		f0 = page_pool_dev_alloc_pages(pool);
		f1 = page_pool_dev_alloc_pages(pool);
		assert_true(head && f0 && f1);
		skb = build_skb(page_address(head), PAGE_SIZE);
		assert_non_null(skb);
		skb_mark_for_recycle(skb);
		skb_reserve(skb, NET_SKB_PAD);
		skb_put(skb, 100);
		add_frag(skb, 0, f0, 0, 2000);
		add_frag(skb, 1, f1, 100, 3000);
		c = skb_clone(skb, GFP_ATOMIC);
		assert_non_null(c);
		assert_true(c->pp_recycle);
		assert_int_equal(page_pool_inflight(pool), 3);
		r0 = recycle_of(pool);
		if (order == 0) {
			kfree_skb(c);
			assert_int_equal(recycled_since(pool, &r0), 0);
			assert_int_equal(page_pool_inflight(pool), 3);
			assert_int_equal(pp_refs(page_to_netmem(f0)), 1);
			kfree_skb(skb);
		} else {
			napi_consume_skb(skb, 64);
			assert_false(skb_cloned(c));
			assert_int_equal(recycled_since(pool, &r0), 0);
			assert_int_equal(pp_refs(page_to_netmem(f1)), 1);
			napi_consume_skb(c, 64);
			assert_int_equal(recycle_of(pool).cached - r0.cached, 3);
		}
		assert_int_equal(recycled_since(pool, &r0), 3);
		assert_int_equal(page_pool_inflight(pool), 0);
	}

	/* pp memory in an skb never marked for recycling: still a pp
	 * reference, dropped as one (decided by the memory, not the flag) */
	f0 = page_pool_dev_alloc_pages(pool);
	skb = alloc_skb(128, GFP_ATOMIC);
	add_frag(skb, 0, f0, 0, 100);
	assert_false(skb->pp_recycle);
	skb_frag_ref(skb, 0);
	assert_int_equal(pp_refs(page_to_netmem(f0)), 2);
	assert_int_equal(page_ref_count(f0), 1);
	skb_frag_unref(skb, 0);
	r0 = recycle_of(pool);
	kfree_skb(skb);
	assert_int_equal(recycled_since(pool, &r0), 1);
	assert_int_equal(page_pool_inflight(pool), 0);

	pool_free_idle(pool);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_users_and_stats, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_clone, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_clone_copies_header, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_fclone, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_dataref, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_clone_pp_recycle, skb_case_setup, skb_case_teardown),
	};

	return skb_core_run("skb_core_clone", tests, sizeof(tests) / sizeof(tests[0]));
}

