/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of lib/skb/skb_share.c, skb_try_coalesce and
 * kfree_skb_partial: by copy, stealing a page_pool head or a page-frag head
 * (the head's reference moves), a cloned page_pool skb, frags moving from a
 * headless skb, readable and unreadable skbs (never together), and the
 * refusals.
 *
 * Every skb's bytes are known (a pattern recorded while it is built) and
 * compared with skb_copy_bits() after each operation; lengths and the
 * shared info are checked for sanity; frag references are checked per
 * frag (a page_pool page gets pp references and never page references).
 * Each test ends quiescent: every page_pool's inflight is 0, every
 * alloc_page page is back in its mempool, no skb struct is left and no
 * misuse was reported beyond the ones a test provokes on purpose.
 */
#define _GNU_SOURCE
#include "skb_share_fixture.h"

/* ------------------------------------------------------------------ */
/* skb_try_coalesce, kfree_skb_partial                                  */
/* ------------------------------------------------------------------ */

static void test_coalesce_copy(void **state)
{
	struct sk_buff *to, *from;
	bool stolen = true;
	int delta = -1;
	uint64_t cb;

	(void)state;
	to = new_linear(exp_reset(&E[0]), 64, 100, 600);
	from = new_linear(exp_reset(&E[1]), 32, 200, 0);
	cb = copied_bytes();
	assert_true(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(stolen);
	assert_int_equal(delta, 0);
	assert_int_equal(copied_bytes() - cb, 200);
	exp_concat(&E[2], &E[0], 0, 100, &E[1], 0, 200);
	check_bytes(to, &E[2]);
	assert_true(is_linear_only(to));
	kfree_skb_partial(from, stolen);
	kfree_skb(to);
	assert_quiet();

	/* a frag_list from copies as well (all bytes readable) */
	to = new_linear(exp_reset(&E[0]), 64, 100, 4000);
	from = build_shape(SH_FRAGLIST, &E[1]);
	to->pp_recycle = from->pp_recycle;
	assert_true(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(stolen);
	exp_concat(&E[2], &E[0], 0, 100, &E[1], 0, E[1].len);
	check_bytes(to, &E[2]);
	kfree_skb_partial(from, stolen);
	kfree_skb(to);
	assert_quiet();
}

/* from's page_pool head becomes a frag of to: the head's pp reference moves */
static void test_coalesce_steal_pp_head(void **state)
{
	struct sk_buff *to, *from;
	struct page *hp;
	struct page_pool_stats s0, s1;
	unsigned int ts, fts, len, off;
	uint64_t live;
	bool stolen;
	int delta;

	(void)state;
	s0 = hstats();
	to = new_pphead(exp_reset(&E[0]), 64, 100);
	add_pp_frag(to, &E[0], 0, 500);
	from = new_pphead(exp_reset(&E[1]), 64, 200);
	add_pp_frag(from, &E[1], 100, 300);
	hp = virt_to_head_page(from->head);
	off = (unsigned int)(from->data - (unsigned char *)page_address(hp));
	ts = to->truesize;
	fts = from->truesize;
	len = from->len;
	assert_true(skb_try_coalesce(to, from, &stolen, &delta));
	assert_true(stolen);
	assert_int_equal(delta, fts - SKB_DATA_ALIGN(sizeof(struct sk_buff)));
	assert_int_equal(to->truesize, ts + delta);
	assert_int_equal(skb_shinfo(to)->nr_frags, 3);
	assert_ptr_equal(skb_frag_page(&skb_shinfo(to)->frags[1]), hp);
	assert_int_equal(skb_frag_off(&skb_shinfo(to)->frags[1]), off);
	assert_int_equal(skb_frag_size(&skb_shinfo(to)->frags[1]), 200);
	/* from was built on its page's start, so its struct lives in the
	 * page's slot: the head's reference went to the frag and the struct
	 * took one of its own until kfree_skb_partial(). */
	assert_int_equal(from->fclone, SKB_FCLONE_EMBEDDED);
	assert_ptr_equal((char *)hp - NM_PAGE_SKB_SLOT, (char *)from);
	assert_int_equal(pp_refs(page_to_netmem(hp)), 2);
	assert_int_equal(page_ref_count(hp), 1);
	exp_concat(&E[2], &E[0], 0, 100 + 500, &E[1], 0, len);
	check_bytes(to, &E[2]);
	live = skbs_live();
	kfree_skb_partial(from, stolen);
	assert_int_equal(skbs_live(), live);	/* not from the skb cache */
	assert_int_equal(pp_refs(page_to_netmem(hp)), 1);
	check_bytes(to, &E[2]);
	kfree_skb(to);
	s1 = hstats();
	assert_int_equal(recycled(&s1) - recycled(&s0), 4);
	assert_int_equal(s1.recycle_stats.released_refcnt, s0.recycle_stats.released_refcnt);
	assert_quiet();
}

/* from's page-frag head (alloc_skb): the head's page reference moves */
static void test_coalesce_steal_frag_head(void **state)
{
	struct sk_buff *to, *from;
	struct page *hp;
	bool stolen;
	int delta, r0, same;

	(void)state;
	to = new_linear(exp_reset(&E[0]), 0, 100, 0);
	from = new_linear(exp_reset(&E[1]), 16, 1000, 0);
	add_page_frag(from, &E[1], 0, 700);
	assert_true(from->head_frag);
	hp = virt_to_head_page(from->head);
	/* to's head may be cut from the same page */
	same = virt_to_head_page(to->head) == hp;
	r0 = page_ref_count(hp);
	assert_true(skb_try_coalesce(to, from, &stolen, &delta));
	assert_true(stolen);
	assert_int_equal(page_ref_count(hp), r0);
	exp_concat(&E[2], &E[0], 0, 100, &E[1], 0, 1700);
	check_bytes(to, &E[2]);
	kfree_skb_partial(from, true);
	assert_int_equal(page_ref_count(hp), r0);
	check_bytes(to, &E[2]);
	kfree_skb(to);
	assert_int_equal(page_ref_count(hp), r0 - 1 - same);
	assert_quiet();
}

/*
 * Kernel pitfall: a cloned page_pool skb coalesced into another takes pp
 * references for its frags (not page references), and each page recycles
 * exactly once when all three skbs are gone, in any order.
 */
static void test_coalesce_cloned_pp(void **state)
{
	(void)state;
	for (int order = 0; order < 3; order++) {
		struct sk_buff *to, *from, *c;
		struct page *p1, *p2;
		struct page_pool_stats s0, s1;
		unsigned int ts, fts;
		bool stolen;
		int delta;

		s0 = hstats();
		to = new_pphead(exp_reset(&E[0]), 64, 100);
		add_pp_frag(to, &E[0], 0, 500);
		from = new_pphead(exp_reset(&E[1]), 64, 0);
		p1 = add_pp_frag(from, &E[1], 0, 1500);
		p2 = add_pp_frag(from, &E[1], 100, 2500);
		c = skb_clone(from, GFP);
		ts = to->truesize;
		fts = from->truesize;
		assert_true(skb_try_coalesce(to, from, &stolen, &delta));
		assert_false(stolen);
		assert_int_equal(delta, fts - T_TRUESIZE(skb_end_offset(from)));
		assert_int_equal(to->truesize, ts + delta);
		assert_int_equal(skb_shinfo(to)->nr_frags, 3);
		assert_int_equal(skb_shinfo(from)->nr_frags, 2);	/* cloned: kept */
		assert_int_equal(pp_refs(page_to_netmem(p1)), 2);
		assert_int_equal(pp_refs(page_to_netmem(p2)), 2);
		assert_int_equal(page_ref_count(p1), 1);
		assert_int_equal(page_ref_count(p2), 1);
		exp_concat(&E[2], &E[0], 0, 600, &E[1], 0, 4000);
		check_bytes(to, &E[2]);
		check_bytes(from, &E[1]);
		check_bytes(c, &E[1]);
		if (order == 0) {
			kfree_skb_partial(from, stolen);
			kfree_skb(c);
			kfree_skb(to);
		} else if (order == 1) {
			kfree_skb(to);
			kfree_skb(c);
			kfree_skb_partial(from, stolen);
		} else {
			kfree_skb(c);
			kfree_skb(to);
			kfree_skb_partial(from, stolen);
		}
		s1 = hstats();
		/* to: head + frag; from: head + p1 + p2 */
		assert_int_equal(recycled(&s1) - recycled(&s0), 5);
		assert_int_equal(s1.recycle_stats.released_refcnt,
				 s0.recycle_stats.released_refcnt);
		assert_quiet();
	}
}

/* from not cloned, headless: its frags move, references and all */
static void test_coalesce_frags_move(void **state)
{
	struct sk_buff *to, *from;
	struct page *p1, *q;
	bool stolen;
	int delta;

	(void)state;
	to = new_pphead(exp_reset(&E[0]), 64, 100);
	add_pp_frag(to, &E[0], 0, 500);
	from = new_pphead(exp_reset(&E[1]), 64, 0);
	p1 = add_pp_frag(from, &E[1], 0, 1500);
	q = add_page_frag(from, &E[1], 0, 200);
	assert_true(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(stolen);
	assert_int_equal(skb_shinfo(from)->nr_frags, 0);
	assert_int_equal(pp_refs(page_to_netmem(p1)), 1);
	assert_int_equal(page_ref_count(q), 1);
	exp_concat(&E[2], &E[0], 0, 600, &E[1], 0, 1700);
	check_bytes(to, &E[2]);
	kfree_skb_partial(from, stolen);
	check_bytes(to, &E[2]);
	kfree_skb(to);
	assert_quiet();
}

/* readable and unreadable skbs never coalesce; two unreadable ones may */
static void test_coalesce_unreadable(void **state)
{
	struct sk_buff *to, *from, *u;
	netmem_ref n1, n2;
	unsigned int tl;
	bool stolen;
	int delta;

	(void)state;
	to = new_pphead(exp_reset(&E[0]), 64, 100);	/* lots of tailroom */
	from = new_pphead(exp_reset(&E[1]), 64, 0);
	n1 = add_niov_frag(from, &E[1], 100);
	tl = (unsigned int)skb_tailroom(to);
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(stolen);
	assert_int_equal(to->len, 100);
	assert_int_equal(skb_tailroom(to), tl);
	assert_int_equal(skb_shinfo(to)->nr_frags, 0);
	assert_false(to->unreadable);
	assert_int_equal(from->len, 100);
	assert_int_equal(pp_refs(n1), 1);
	/* the other way round */
	u = new_linear(exp_reset(&E[2]), 64, 50, 0);
	n2 = add_niov_frag(u, &E[2], 300);
	skb_mark_for_recycle(u);
	assert_false(skb_try_coalesce(u, to, &stolen, &delta));
	assert_int_equal(u->len, 350);
	assert_int_equal(skb_shinfo(u)->nr_frags, 1);
	assert_int_equal(to->len, 100);
	/* two unreadable: the frags move */
	assert_true(skb_try_coalesce(u, from, &stolen, &delta));
	assert_false(stolen);
	assert_int_equal(u->len, 450);
	assert_int_equal(skb_shinfo(u)->nr_frags, 2);
	assert_true(netmem_eq(skb_shinfo(u)->frags[1].netmem, n1));
	assert_int_equal(pp_refs(n1), 1);
	assert_int_equal(pp_refs(n2), 1);
	kfree_skb_partial(from, stolen);
	check_sane(u);
	kfree_skb(u);
	kfree_skb(to);
	assert_quiet();
}

static void test_coalesce_refused(void **state)
{
	struct sk_buff *to, *from, *c;
	unsigned int tl;
	bool stolen;
	int delta;

	(void)state;
	/* page_pool and non-page_pool skbs (pp_recycle differs) */
	to = new_linear(exp_reset(&E[0]), 64, 100, 600);
	from = new_pphead(exp_reset(&E[1]), 64, 50);
	tl = (unsigned int)skb_tailroom(to);
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(skb_try_coalesce(from, to, &stolen, &delta));
	assert_int_equal(skb_tailroom(to), tl);
	check_bytes(to, &E[0]);
	check_bytes(from, &E[1]);
	kfree_skb(from);

	/* to cloned */
	from = new_linear(exp_reset(&E[1]), 64, 50, 0);
	c = skb_clone(to, GFP);
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	kfree_skb(c);
	/* from cloned with linear bytes and no tailroom in to: its head is
	 * locked */
	kfree_skb(to);
	to = new_linear(exp_reset(&E[0]), 0, 100, 0);
	add_page_frag(to, &E[0], 0, 100);
	c = skb_clone(from, GFP);
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(stolen);
	kfree_skb(c);
	/* from with an rte_malloc head (not a page frag) */
	kfree_skb(from);
	from = new_linear(exp_reset(&E[1]), 0, 70000, 0);
	assert_false(from->head_frag);
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	kfree_skb(from);
	/* too many frags */
	from = new_pphead(exp_reset(&E[1]), 64, 0);
	from->pp_recycle = 0;
	add_page_frag(from, &E[1], 0, 10);
	add_page_frag(from, &E[1], 0, 10);
	while (skb_shinfo(to)->nr_frags < MAX_SKB_FRAGS - 1)
		add_page_frag(to, &E[0], 0, 10);
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	check_bytes(to, &E[0]);
	check_bytes(from, &E[1]);
	/* frag_list in to */
	kfree_skb(to);
	to = build_shape(SH_FRAGLIST, &E[0]);
	to->pp_recycle = 0;
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	kfree_skb(from);
	kfree_skb(to);
	assert_quiet();
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, t_setup)
	const struct CMUnitTest tests[] = {
		T(test_coalesce_copy),
		T(test_coalesce_steal_pp_head),
		T(test_coalesce_steal_frag_head),
		T(test_coalesce_cloned_pp),
		T(test_coalesce_frags_move),
		T(test_coalesce_unreadable),
		T(test_coalesce_refused),
	};
#undef T

	return skb_share_run("skb_share_coalesce", tests, sizeof(tests) / sizeof(tests[0]));
}

