/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of sharing and headroom (netmem/skb_writable.h) with the
 * kernel's results: skb_share_check (a clone replaces a shared skb),
 * skb_unclone and skb_header_unclone (a payload-only clone leaves the
 * header private), skb_clone_writable / skb_try_make_writable /
 * skb_ensure_writable, skb_copy_header and skb_headers_offset_update,
 * skb_copy_expand (the old headroom bytes that fit, offsets moved),
 * skb_realloc_headroom, skb_expand_head (a new struct, the old one
 * consumed), skb_orphan, skb_orphan_frags(_rx) on zero-copy frags (copied
 * into the library's pages, completion reported as copied; DONT_ORPHAN
 * honoured), skb_morph, and skb_pp_cow_data (every byte in page_pool
 * memory, head and frags as the kernel sizes them, inflight 0 after).
 *
 * Every case checks that every skb it made was freed and that the misuses
 * it provokes (and only those) were reported.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/skb_linear.h>
#include <netmem/skb_writable.h>
#include <netmem/skbuff.h>

#include "test_common.h"
#include "test_skb_util.h"
#include "test_skb_case.h"
#include "test_pool.h"

#define GFP		(GFP_ATOMIC | __GFP_NOWARN)
#define SHINFO_SIZE	SKB_DATA_ALIGN(sizeof(struct skb_shared_info))

static int dataref(const struct sk_buff *skb)
{
	return __atomic_load_n(&skb_shinfo(skb)->dataref, __ATOMIC_RELAXED);
}

static void fill_pattern(unsigned char *p, unsigned int len, unsigned int seed)
{
	for (unsigned int i = 0; i < len; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

/* @headroom bytes reserved (pattern seed 1), @hlen in the head (seed 2),
 * then a page frag of @flen bytes at offset 100 (seed 3; lower when it
 * would not fit the page). */
static struct sk_buff *mk_skb(unsigned int headroom, unsigned int hlen, unsigned int flen)
{
	struct sk_buff *skb = alloc_skb(headroom + hlen, GFP);
	struct page *page;

	assert_non_null(skb);
	fill_pattern(skb->head, headroom, 1);
	skb_reserve(skb, (int)headroom);
	fill_pattern(skb_put(skb, hlen), hlen, 2);
	if (flen) {
		/* at offset 100, or lower when the frag would pass the page's end */
		unsigned int off = flen <= PAGE_SIZE - 100 ? 100 : (unsigned int)PAGE_SIZE - flen;

		page = alloc_page(GFP);
		assert_non_null(page);
		fill_pattern((unsigned char *)page_address(page) + off, flen, 3);
		skb_add_rx_frag(skb, 0, page, (int)off, (int)flen, PAGE_SIZE);
	}
	return skb;
}

static void assert_bytes(const struct sk_buff *skb, unsigned int hlen, unsigned int flen)
{
	unsigned char want[4096], got[4096];

	assert_int_equal(skb->len, hlen + flen);
	fill_pattern(want, hlen, 2);
	fill_pattern(want + hlen, flen, 3);
	assert_int_equal(skb_copy_bits(skb, 0, got, (int)(hlen + flen)), 0);
	assert_memory_equal(got, want, hlen + flen);
}

static void test_share_check_unclone(void **state)
{
	struct sk_buff *skb, *n, *clone;
	unsigned char *head;

	(void)state;
	skb = mk_skb(32, 60, 0);
	assert_ptr_equal(skb_share_check(skb, GFP), skb);
	skb_get(skb);
	n = skb_share_check(skb, GFP);
	assert_ptr_not_equal(n, skb);
	assert_int_equal(skb->users, 1);	/* our reference went */
	assert_int_equal(n->users, 1);
	assert_ptr_equal(n->head, skb->head);	/* a clone: same data */
	assert_int_equal(dataref(skb), 2);
	consume_skb(skb);
	assert_int_equal(dataref(n), 1);
	assert_false(skb_cloned(n));
	consume_skb(n);

	/* skb_unclone: private head, same bytes. */
	skb = mk_skb(32, 60, 0);
	assert_int_equal(skb_unclone(skb, GFP), 0);	/* not cloned: nothing */
	head = skb->head;
	clone = skb_clone(skb, GFP);
	assert_int_equal(skb_unclone(skb, GFP), 0);
	assert_ptr_not_equal(skb->head, head);
	assert_false(skb_cloned(skb));
	assert_int_equal(dataref(clone), 1);
	assert_int_equal(skb_headroom(skb), 32);
	assert_bytes(skb, 60, 0);
	consume_skb(clone);
	consume_skb(skb);

	/* A payload-only clone (TCP's) leaves the header private. */
	skb = mk_skb(32, 60, 0);
	__skb_header_release(skb);
	clone = skb_clone(skb, GFP);
	assert_int_equal(dataref(skb), 2 + (1 << SKB_DATAREF_SHIFT));
	assert_int_equal(clone->hdr_len, 32);
	head = skb->head;
	assert_false(skb_header_cloned(skb));
	assert_int_equal(skb_header_unclone(skb, GFP), 0);
	assert_ptr_equal(skb->head, head);		/* nothing to do */
	assert_true(skb_cloned(clone));
	assert_false(skb_header_cloned(clone));
	/* The clone may write only its headroom (hdr_len = headroom). */
	assert_true(skb_clone_writable(clone, 0));
	assert_false(skb_clone_writable(clone, 1));
	assert_int_equal(skb_try_make_writable(clone, 0), 0);
	assert_ptr_equal(clone->head, head);
	assert_int_equal(skb_try_make_writable(clone, 14), 0);
	assert_ptr_not_equal(clone->head, head);	/* made private */
	assert_false(skb_cloned(clone));
	assert_bytes(clone, 60, 0);
	consume_skb(clone);
	consume_skb(skb);
	assert_misuses(0);
}

static void test_ensure_writable(void **state)
{
	struct sk_buff *skb, *clone;
	unsigned char *head;

	(void)state;
	skb = mk_skb(32, 14, 100);
	assert_int_equal(skb_ensure_writable(skb, 115), -ENOMEM);
	assert_int_equal(skb_headlen(skb), 14);
	assert_int_equal(skb_ensure_writable(skb, 10), 0);
	assert_int_equal(skb_headlen(skb), 14);
	assert_int_equal(skb_ensure_writable(skb, 50), 0);	/* pulled */
	assert_true(skb_headlen(skb) >= 50);
	assert_bytes(skb, 14, 100);

	clone = skb_clone(skb, GFP);
	head = skb->head;
	assert_int_equal(skb_ensure_writable(skb, 20), 0);	/* cloned: copied */
	assert_ptr_not_equal(skb->head, head);
	assert_false(skb_cloned(skb));
	assert_ptr_equal(clone->head, head);
	assert_bytes(skb, 14, 100);
	assert_bytes(clone, 14, 100);
	kfree_skb(clone);
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_copy_header_offsets(void **state)
{
	struct sk_buff *a, *b;

	(void)state;
	a = mk_skb(64, 80, 0);
	b = alloc_skb(256, GFP);
	skb_set_mac_header(a, -14);
	skb_set_network_header(a, 0);
	skb_set_transport_header(a, 20);
	a->mark = 0x1234;
	a->priority = 7;
	a->protocol = 0x0008;
	a->mac_len = 14;
	a->hash = 0xdeadbeef;
	skb_shinfo(a)->gso_size = 1448;
	skb_shinfo(a)->gso_segs = 3;
	skb_shinfo(a)->gso_type = SKB_GSO_TCPV4;
	skb_copy_header(b, a);
	assert_int_equal(b->mark, 0x1234);
	assert_int_equal(b->priority, 7);
	assert_int_equal(b->protocol, 0x0008);
	assert_int_equal(b->mac_len, 14);
	assert_int_equal(b->hash, 0xdeadbeef);
	assert_int_equal(b->mac_header, a->mac_header);
	assert_int_equal(b->network_header, a->network_header);
	assert_int_equal(b->transport_header, a->transport_header);
	assert_int_equal(skb_shinfo(b)->gso_size, 1448);
	assert_int_equal(skb_shinfo(b)->gso_segs, 3);
	assert_int_equal(skb_shinfo(b)->gso_type, SKB_GSO_TCPV4);
	assert_int_equal(b->len, 0);			/* data untouched */
	skb_shinfo(b)->gso_size = 0;

	/* Offsets move together; an unset mac header stays unset. */
	a->ip_summed = CHECKSUM_PARTIAL;
	a->csum_start = a->transport_header;
	a->csum_offset = 16;
	skb_headers_offset_update(a, 8);
	assert_int_equal(a->mac_header, 50 + 8);
	assert_int_equal(a->network_header, 64 + 8);
	assert_int_equal(a->transport_header, 84 + 8);
	assert_int_equal(a->csum_start, 84 + 8);
	assert_int_equal(a->csum_offset, 16);
	skb_unset_mac_header(a);
	skb_headers_offset_update(a, -8);
	assert_false(skb_mac_header_was_set(a));
	assert_int_equal(a->network_header, 64);
	a->ip_summed = CHECKSUM_NONE;
	skb_shinfo(a)->gso_size = 0;
	kfree_skb(a);
	kfree_skb(b);
	assert_misuses(0);
}

static void test_copy_expand_realloc(void **state)
{
	unsigned char want[64];
	struct sk_buff *skb, *n;

	(void)state;
	skb = mk_skb(32, 14, 100);
	skb_set_mac_header(skb, -14);
	skb_set_network_header(skb, 0);
	skb->mark = 9;

	/* More headroom: the old 32 bytes land right before the data. */
	n = skb_copy_expand(skb, 64, 100, GFP);
	assert_non_null(n);
	assert_int_equal(skb_headroom(n), 64);
	assert_true(skb_tailroom(n) >= 100);
	assert_false(skb_is_nonlinear(n));
	assert_bytes(n, 14, 100);
	fill_pattern(want, 32, 1);
	assert_memory_equal(n->data - 32, want, 32);
	assert_int_equal(n->mac_header, skb->mac_header + 32);
	assert_int_equal(skb_mac_offset(n), -14);
	assert_int_equal(skb_network_offset(n), 0);
	assert_int_equal(n->mark, 9);
	assert_false(skb_cloned(skb));
	kfree_skb(n);

	/* Less headroom: only its last 16 bytes are copied. */
	n = skb_copy_expand(skb, 16, 0, GFP);
	assert_non_null(n);
	assert_int_equal(skb_headroom(n), 16);
	assert_memory_equal(n->data - 16, want + 16, 16);
	assert_int_equal(skb_mac_offset(n), -14);
	assert_bytes(n, 14, 100);
	kfree_skb(n);

	/* skb_realloc_headroom: a private head, frags shared, skb untouched. */
	n = skb_realloc_headroom(skb, 16);
	assert_non_null(n);
	assert_int_equal(skb_headroom(n), 32);		/* pskb_copy keeps it */
	assert_int_equal(skb_shinfo(n)->nr_frags, 1);
	assert_bytes(n, 14, 100);
	kfree_skb(n);
	n = skb_realloc_headroom(skb, 100);
	assert_non_null(n);
	assert_true(skb_headroom(n) >= 100);
	assert_int_equal(skb_mac_offset(n), -14);
	assert_bytes(n, 14, 100);
	assert_false(skb_cloned(skb));
	assert_int_equal(skb_headroom(skb), 32);
	kfree_skb(n);
	assert_int_equal(skb->users, 1);
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_expand_head(void **state)
{
	struct sk_buff *skb, *n;
	struct nm_skb_stats st;

	(void)state;
	skb = mk_skb(16, 14, 100);
	skb_set_network_header(skb, 0);
	n = skb_expand_head(skb, 100);
	assert_non_null(n);
	assert_ptr_not_equal(n, skb);		/* a clone, expanded */
	assert_true(skb_headroom(n) >= 100);
	assert_int_equal(skb_headroom(n), 16 + SKB_DATA_ALIGN(84));
	assert_int_equal(skb_network_offset(n), 0);
	assert_false(skb_cloned(n));
	assert_bytes(n, 14, 100);
	nm_skb_get_stats(&st);
	assert_int_equal(st.live, case_st0.live + 1);	/* the old one consumed */
	/* Enough headroom already: the kernel warns and returns the skb. */
	assert_ptr_equal(skb_expand_head(n, 50), n);
	assert_misuses(1);
	kfree_skb(n);
}

static int destructor_calls;

static void count_destructor(struct sk_buff *skb)
{
	(void)skb;
	destructor_calls++;
}

struct test_ubuf {
	struct ubuf_info ubuf;
	int completions;
	bool last_success;
};

static void test_ubuf_complete(struct sk_buff *skb, struct ubuf_info *uarg, bool success)
{
	struct test_ubuf *t = (struct test_ubuf *)uarg;

	(void)skb;
	t->completions++;
	t->last_success = success;
	__atomic_fetch_sub(&uarg->refcnt, 1, __ATOMIC_RELAXED);
}

static const struct ubuf_info_ops test_ubuf_ops = {
	.complete = test_ubuf_complete,
};

static void test_orphan(void **state)
{
	struct test_ubuf t;
	struct sk_buff *skb;
	struct page *user_page;
	unsigned char want[300];

	(void)state;
	skb = mk_skb(0, 10, 0);
	skb->destructor = count_destructor;
	destructor_calls = 0;
	skb_orphan(skb);
	assert_int_equal(destructor_calls, 1);
	assert_null(skb->destructor);
	skb_orphan(skb);
	assert_int_equal(destructor_calls, 1);
	kfree_skb(skb);
	assert_int_equal(destructor_calls, 1);

	/* Zero-copy frags of "user" memory: copied into pages of our own. */
	memset(&t, 0, sizeof(t));
	t.ubuf.ops = &test_ubuf_ops;
	t.ubuf.refcnt = 1;
	t.ubuf.flags = SKBFL_ZEROCOPY_FRAG;
	skb = mk_skb(0, 10, 0);
	assert_int_equal(skb_orphan_frags(skb, GFP), 0);	/* no zcopy: nothing */
	user_page = alloc_page(GFP);
	fill_pattern(page_address(user_page), 300, 3);
	get_page(user_page);					/* the "user's" */
	skb_fill_page_desc(skb, 0, user_page, 0, 200);
	skb_fill_page_desc(skb, 1, user_page, 200, 100);
	get_page(user_page);
	skb->len += 300;
	skb->data_len += 300;
	skb_zcopy_set(skb, &t.ubuf, NULL);
	assert_int_equal(t.ubuf.refcnt, 2);
	assert_int_equal(page_ref_count(user_page), 3);

	assert_int_equal(skb_orphan_frags(skb, GFP), 0);
	assert_null(skb_zcopy(skb));
	assert_int_equal(t.completions, 1);
	assert_false(t.last_success);		/* reported as copied */
	assert_int_equal(t.ubuf.refcnt, 1);
	assert_int_equal(page_ref_count(user_page), 1);	/* frags let go */
	assert_int_equal(skb_shinfo(skb)->nr_frags, 1);	/* packed in one page */
	assert_ptr_not_equal(skb_frag_page(&skb_shinfo(skb)->frags[0]), user_page);
	assert_int_equal(skb_frag_size(&skb_shinfo(skb)->frags[0]), 300);
	assert_int_equal(skb->len, 310);
	fill_pattern(want, 300, 3);
	assert_memory_equal(skb_frag_address(&skb_shinfo(skb)->frags[0]), want, 300);
	kfree_skb(skb);

	/* SKBFL_DONT_ORPHAN: skb_orphan_frags leaves it, _rx copies anyway. */
	t.ubuf.flags = SKBFL_ZEROCOPY_FRAG | SKBFL_DONT_ORPHAN;
	skb = mk_skb(0, 10, 0);
	get_page(user_page);
	skb_fill_page_desc(skb, 0, user_page, 0, 100);
	skb->len += 100;
	skb->data_len += 100;
	skb_zcopy_set(skb, &t.ubuf, NULL);
	assert_int_equal(skb_orphan_frags(skb, GFP), 0);
	assert_ptr_equal(skb_zcopy(skb), &t.ubuf);
	assert_int_equal(skb_orphan_frags_rx(skb, GFP), 0);
	assert_null(skb_zcopy(skb));
	assert_int_equal(t.completions, 2);
	assert_int_equal(page_ref_count(user_page), 1);
	assert_memory_equal(skb_frag_address(&skb_shinfo(skb)->frags[0]), want, 100);

	/* A cloned skb gets private data first; its clone keeps the user's
	 * frags and the completion reference its data holds. */
	kfree_skb(skb);
	assert_int_equal(t.completions, 2);
	skb = mk_skb(0, 10, 0);
	get_page(user_page);
	skb_fill_page_desc(skb, 0, user_page, 0, 100);
	skb->len += 100;
	skb->data_len += 100;
	t.ubuf.flags = SKBFL_ZEROCOPY_FRAG;
	skb_zcopy_set(skb, &t.ubuf, NULL);
	{
		struct sk_buff *clone = skb_clone(skb, GFP);

		assert_int_equal(skb_orphan_frags(skb, GFP), 0);
		assert_false(skb_cloned(skb));
		assert_null(skb_zcopy(skb));
		assert_ptr_equal(skb_zcopy(clone), &t.ubuf);
		assert_ptr_equal(skb_frag_page(&skb_shinfo(clone)->frags[0]), user_page);
		assert_ptr_not_equal(skb_frag_page(&skb_shinfo(skb)->frags[0]), user_page);
		assert_memory_equal(skb_frag_address(&skb_shinfo(skb)->frags[0]), want, 100);
		assert_int_equal(t.completions, 3);	/* skb's own reference */
		kfree_skb(clone);
		assert_int_equal(t.completions, 4);
		assert_int_equal(t.ubuf.refcnt, 1);
		assert_int_equal(page_ref_count(user_page), 1);
	}

	/* A shared skb is refused. */
	skb_zcopy_set(skb, &t.ubuf, NULL);
	skb_get(skb);
	assert_int_equal(skb_orphan_frags_rx(skb, GFP), -EINVAL);
	kfree_skb(skb);
	kfree_skb(skb);
	assert_int_equal(t.completions, 5);
	assert_int_equal(t.ubuf.refcnt, 1);
	put_page(user_page);
	assert_misuses(0);
}

static void test_morph(void **state)
{
	struct sk_buff *dst, *src;

	(void)state;
	src = mk_skb(32, 14, 100);
	src->mark = 77;
	dst = mk_skb(16, 40, 50);
	assert_ptr_equal(skb_morph(dst, src), dst);
	assert_ptr_equal(dst->head, src->head);
	assert_ptr_equal(dst->data, src->data);
	assert_int_equal(dst->len, 114);
	assert_int_equal(dst->data_len, 100);
	assert_int_equal(dst->mark, 77);
	assert_int_equal(dst->users, 1);
	assert_int_equal(dataref(src), 2);
	assert_true(skb_cloned(dst));
	assert_true(skb_cloned(src));
	assert_bytes(dst, 14, 100);
	kfree_skb(src);
	assert_int_equal(dataref(dst), 1);
	assert_bytes(dst, 14, 100);
	kfree_skb(dst);
	assert_misuses(0);
}

static struct page_pool *pool_new(void)
{
	struct page_pool_params pp = host_pool_params(256, 512, "t_writable");

	return pool_create_ok(&pp);
}

static bool is_pool_memory(struct page_pool *pool, netmem_ref nm)
{
	return netmem_is_pp(nm) && netmem_get_pp(nm) == pool;
}

static void test_pp_cow_data(void **state)
{
	const unsigned int headroom = 256;
	struct page_pool *pool = pool_new();
	struct sk_buff *skb, *orig, *child, *last = NULL;
	struct page *page2;
	unsigned int max_head = (unsigned int)SKB_WITH_OVERHEAD(PAGE_SIZE - headroom);
	unsigned char *want, *got;
	struct skb_shared_info *sh;

	(void)state;
	want = malloc(8192);
	got = malloc(8192);
	/* 100 head bytes and 4000 + 4000 in two frags: 8100 bytes. */
	skb = mk_skb(32, 100, 4000);
	page2 = alloc_page(GFP);
	fill_pattern(page_address(page2), 4000, 5);
	skb_add_rx_frag(skb, 1, page2, 0, 4000, PAGE_SIZE);
	skb_set_network_header(skb, 14);
	skb->mark = 5;
	assert_int_equal(skb_copy_bits(skb, 0, want, 8100), 0);
	orig = skb;

	assert_int_equal(skb_pp_cow_data(pool, &skb, headroom), 0);
	assert_ptr_not_equal(skb, orig);	/* orig consumed */
	assert_int_equal(skb->len, 8100);
	assert_int_equal(skb_headroom(skb), headroom);
	assert_int_equal(skb_headlen(skb), max_head);
	assert_true(skb->pp_recycle);
	assert_true(skb->head_frag);
	assert_true(is_pool_memory(pool, page_to_netmem(virt_to_head_page(skb->head))));
	sh = skb_shinfo(skb);
	assert_int_equal(sh->nr_frags, 2);	/* 8100 - max_head in pages: 4096 + the rest */
	assert_int_equal(skb_frag_size(&sh->frags[0]), PAGE_SIZE);
	assert_int_equal(skb_frag_size(&sh->frags[1]), 8100 - max_head - PAGE_SIZE);
	for (int i = 0; i < sh->nr_frags; i++)
		assert_true(is_pool_memory(pool, skb_frag_netmem(&sh->frags[i])));
	assert_int_equal(skb_network_offset(skb), 14);
	assert_int_equal(skb->mark, 5);
	assert_int_equal(skb_copy_bits(skb, 0, got, 8100), 0);
	assert_memory_equal(got, want, 8100);
	kfree_skb(skb);

	/* Small: all of it in the head. */
	skb = mk_skb(0, 60, 0);
	assert_int_equal(skb_pp_cow_data(pool, &skb, headroom), 0);
	assert_int_equal(skb_headlen(skb), 60);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 0);
	assert_bytes(skb, 60, 0);
	kfree_skb(skb);

	/* A frag_list is refused, the skb kept. */
	skb = mk_skb(0, 60, 0);
	child = mk_skb(0, 10, 0);
	add_child(skb, &last, child);
	orig = skb;
	assert_int_equal(skb_pp_cow_data(pool, &skb, headroom), -EOPNOTSUPP);
	assert_ptr_equal(skb, orig);
	kfree_skb(skb);

	assert_int_equal(page_pool_inflight(pool), 0);
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
	free(want);
	free(got);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_share_check_unclone, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_ensure_writable, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_copy_header_offsets, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_copy_expand_realloc, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_expand_head, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_orphan, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_morph, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_pp_cow_data, skb_case_setup, skb_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("skb_writable", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
