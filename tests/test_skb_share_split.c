/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of lib/skb/skb_share.c, moving data between skbs:
 * skb_split (references when the line cuts a frag or sits on a boundary,
 * cloned skbs, zero-copy state and the unreadable flag, misuse) and
 * skb_shift (and its refusals), on skbs of every shape.
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
/* skb_split                                                            */
/* ------------------------------------------------------------------ */

struct test_ubuf {
	struct ubuf_info u;
	int completions;
};

static void tu_complete(struct sk_buff *skb, struct ubuf_info *uarg, bool ok)
{
	struct test_ubuf *t = container_of(uarg, struct test_ubuf, u);

	(void)skb;
	(void)ok;
	if (__atomic_sub_fetch(&uarg->refcnt, 1, __ATOMIC_ACQ_REL) == 0)
		t->completions++;
}

static const struct ubuf_info_ops tu_ops = { .complete = tu_complete };

/* Splits @skb (shape @s) at @len into a fresh skb and checks both. */
static void split_case(enum shape s, unsigned int len, bool cloned, bool flip)
{
	struct sk_buff *skb = build_shape(s, &E[0]), *skb1, *c;
	unsigned int total = skb->len;

	c = cloned ? skb_clone(skb, GFP) : NULL;
	skb1 = alloc_skb(total, GFP);
	assert_non_null(skb1);
	skb_split(skb, skb1, len);
	assert_int_equal(skb->len, len);
	assert_int_equal(skb1->len, total - len);
	check_bytes_at(skb, &E[0], 0);
	check_bytes_at(skb1, &E[0], len);
	assert_int_equal(skb1->unreadable, skb->unreadable);
	if (c != NULL) {
		assert_false(skb_cloned(skb));
		check_bytes(c, &E[0]);
	}
	free2(skb, skb1, flip);
	kfree_skb(c);
	assert_quiet();
}

static void test_split(void **state)
{
	static const enum shape sh[] = {
		SH_LINEAR, SH_PPHEAD, SH_PPFRAGS, SH_PAGEFRAGS, SH_MIXED, SH_HEADLESS,
	};

	(void)state;
	for (unsigned int si = 0; si < RTE_DIM(sh); si++) {
		unsigned int t[32], nt;
		struct sk_buff *skb = build_shape(sh[si], &E[0]);

		nt = pull_targets(skb, t);
		t[nt++] = 0;
		if (skb_headlen(skb) > 1)
			t[nt++] = skb_headlen(skb) / 2;
		kfree_skb(skb);
		for (unsigned int k = 0; k < nt; k++)
			for (int cl = 0; cl < 2; cl++)
				split_case(sh[si], t[k], cl, (k + cl) & 1);
	}
}

/* References when the split line cuts a frag, or sits on a boundary */
static void test_split_refs(void **state)
{
	struct sk_buff *skb, *skb1;
	struct page *p0, *p1, *q;

	(void)state;
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	p0 = add_pp_frag(skb, &E[0], 0, 1000);
	p1 = add_pp_frag(skb, &E[0], 0, 800);
	q = add_page_frag(skb, &E[0], 0, 500);
	skb_mark_for_recycle(skb);
	/* inside the header: frags move, no reference taken */
	skb1 = alloc_skb(200, GFP);
	skb_split(skb, skb1, 40);
	assert_true(is_linear_only(skb));
	assert_int_equal(skb_shinfo(skb1)->nr_frags, 3);
	assert_int_equal(skb_headlen(skb1), 60);
	assert_int_equal(pp_refs(page_to_netmem(p0)), 1);
	assert_int_equal(page_ref_count(q), 1);
	check_bytes_at(skb, &E[0], 0);
	check_bytes_at(skb1, &E[0], 40);
	kfree_skb(skb);
	kfree_skb(skb1);
	assert_quiet();

	/* cutting p0: both skbs hold it, a pp reference each */
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	p0 = add_pp_frag(skb, &E[0], 0, 1000);
	p1 = add_pp_frag(skb, &E[0], 0, 800);
	q = add_page_frag(skb, &E[0], 0, 500);
	skb1 = alloc_skb(0, GFP);
	skb_split(skb, skb1, 100 + 300);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 1);
	assert_int_equal(skb_shinfo(skb1)->nr_frags, 3);
	assert_int_equal(pp_refs(page_to_netmem(p0)), 2);
	assert_int_equal(page_ref_count(p0), 1);
	assert_int_equal(pp_refs(page_to_netmem(p1)), 1);
	assert_int_equal(page_ref_count(q), 1);
	assert_int_equal(skb_frag_off(&skb_shinfo(skb1)->frags[0]), 300);
	check_bytes_at(skb, &E[0], 0);
	check_bytes_at(skb1, &E[0], 400);
	kfree_skb(skb1);
	assert_int_equal(pp_refs(page_to_netmem(p0)), 1);
	kfree_skb(skb);
	assert_quiet();

	/* cutting an alloc_page page: a page reference */
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	q = add_page_frag(skb, &E[0], 0, 500);
	skb1 = alloc_skb(0, GFP);
	skb_split(skb, skb1, 100 + 1);
	assert_int_equal(page_ref_count(q), 2);
	check_bytes_at(skb, &E[0], 0);
	check_bytes_at(skb1, &E[0], 101);
	kfree_skb(skb);
	assert_int_equal(page_ref_count(q), 1);
	kfree_skb(skb1);
	assert_quiet();

	/* on a frag boundary: nothing shared */
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	p0 = add_pp_frag(skb, &E[0], 0, 1000);
	p1 = add_pp_frag(skb, &E[0], 0, 800);
	skb1 = alloc_skb(0, GFP);
	skb_split(skb, skb1, 1100);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 1);
	assert_int_equal(skb_shinfo(skb1)->nr_frags, 1);
	assert_int_equal(pp_refs(page_to_netmem(p0)), 1);
	assert_int_equal(pp_refs(page_to_netmem(p1)), 1);
	free2(skb, skb1, true);
	assert_quiet();
}

/* skb_split of a cloned skb: the clone keeps all its data and every page
 * comes back exactly once, whatever the order of the frees. */
static void test_split_cloned(void **state)
{
	(void)state;
	for (int order = 0; order < 3; order++) {
		struct sk_buff *skb = new_pphead(exp_reset(&E[0]), 64, 100), *c, *skb1;
		struct page_pool_stats s0, s1;
		struct page *p0;

		p0 = add_pp_frag(skb, &E[0], 0, 1000);
		add_pp_frag(skb, &E[0], 0, 800);
		c = skb_clone(skb, GFP);
		skb1 = alloc_skb(0, GFP);
		s0 = hstats();
		skb_split(skb, skb1, 100 + 500);
		assert_false(skb_cloned(skb));
		/* the clone's frag refs + skb's copy + skb1's share of p0 */
		assert_int_equal(pp_refs(page_to_netmem(p0)), 3);
		assert_int_equal(page_ref_count(p0), 1);
		check_bytes_at(skb, &E[0], 0);
		check_bytes_at(skb1, &E[0], 600);
		check_bytes(c, &E[0]);
		if (order == 0) {
			kfree_skb(c);
			free2(skb, skb1, false);
		} else if (order == 1) {
			free2(skb, skb1, true);
			kfree_skb(c);
		} else {
			kfree_skb(skb1);
			kfree_skb(c);
			kfree_skb(skb);
		}
		s1 = hstats();
		assert_int_equal(recycled(&s1) - recycled(&s0), 3);
		assert_int_equal(s1.recycle_stats.released_refcnt,
				 s0.recycle_stats.released_refcnt);
		assert_quiet();
	}
}

/* zero-copy state and the unreadable flag go to the second part */
static void test_split_zcopy_unreadable(void **state)
{
	struct test_ubuf tu = { .u = { .ops = &tu_ops, .refcnt = 1,
				       .flags = SKBFL_ZEROCOPY_FRAG } };
	struct sk_buff *skb, *skb1;
	netmem_ref nm;

	(void)state;
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	add_page_frag(skb, &E[0], 0, 1000);
	add_page_frag(skb, &E[0], 0, 1000);
	skb_zcopy_set(skb, &tu.u, NULL);
	assert_int_equal(tu.u.refcnt, 2);
	skb1 = alloc_skb(0, GFP);
	skb_split(skb, skb1, 600);
	assert_ptr_equal(skb_zcopy(skb1), &tu.u);
	assert_int_equal(tu.u.refcnt, 3);
	assert_true(skb_shinfo(skb1)->flags & SKBFL_SHARED_FRAG);
	check_bytes_at(skb, &E[0], 0);
	check_bytes_at(skb1, &E[0], 600);
	kfree_skb(skb);
	kfree_skb(skb1);
	assert_int_equal(tu.completions, 0);
	net_zcopy_put(&tu.u);
	assert_int_equal(tu.completions, 1);
	assert_quiet();

	/* unreadable frags: skb1 is unreadable too, the net_iov shared */
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	add_pp_frag(skb, &E[0], 0, 300);
	nm = add_niov_frag(skb, &E[0], 2000);
	skb_mark_for_recycle(skb);
	skb1 = alloc_skb(0, GFP);
	skb_split(skb, skb1, 100 + 300 + 50);
	assert_true(skb1->unreadable);
	assert_int_equal(pp_refs(nm), 2);
	check_bytes_at(skb, &E[0], 0);
	check_bytes_at(skb1, &E[0], 450);
	kfree_skb(skb);
	assert_int_equal(pp_refs(nm), 1);
	kfree_skb(skb1);
	/* inside the header */
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	nm = add_niov_frag(skb, &E[0], 2000);
	skb1 = alloc_skb(128, GFP);
	skb_split(skb, skb1, 10);
	assert_true(skb1->unreadable);
	assert_int_equal(pp_refs(nm), 1);
	check_bytes_at(skb, &E[0], 0);
	check_bytes_at(skb1, &E[0], 10);
	free2(skb, skb1, false);
	assert_quiet();
}

static void test_split_misuse(void **state)
{
	struct sk_buff *skb = build_shape(SH_PPFRAGS, &E[0]), *skb1, *f;

	(void)state;
	skb1 = alloc_skb(16, GFP);
	skb_split(skb, skb1, skb->len + 1);		/* past the end */
	expect_misuse(1);
	skb_split(skb, skb1, 10);			/* no room in skb1 */
	expect_misuse(1);
	f = build_shape(SH_FRAGLIST, &E[1]);
	skb_split(f, skb1, 10 + 100);			/* frag_list: not supported */
	expect_misuse(1);
	skb_put(skb1, 4);
	skb_split(skb, skb1, 200);			/* skb1 not empty */
	expect_misuse(1);
	check_bytes(skb, &E[0]);
	check_bytes(f, &E[1]);
	assert_int_equal(skb1->len, 4);
	kfree_skb(skb);
	kfree_skb(skb1);
	kfree_skb(f);
	assert_quiet();
}

/* ------------------------------------------------------------------ */
/* skb_shift                                                            */
/* ------------------------------------------------------------------ */

static void test_shift(void **state)
{
	struct sk_buff *tgt, *skb;
	struct page *pa, *pb;
	struct page_pool_stats s0, s1;
	struct exp *et = &E[0], *es = &E[1], *x = &E[2];
	unsigned int moved = 0;

	(void)state;
	s0 = hstats();
	tgt = new_pphead(exp_reset(et), 64, 0);
	pa = add_pp_frag(tgt, et, 0, 500);
	skb = new_pphead(exp_reset(es), 64, 0);
	/* skb's first frag continues tgt's last one in the same page */
	page_pool_ref_page(pa);
	add_frag(skb, pa, 500, 700, es);
	pb = add_pp_frag(skb, es, 0, 1000);
	add_pp_frag(skb, es, 0, 300);

	/* part of the first frag: merged, no reference moves */
	assert_int_equal(skb_shift(tgt, skb, 300), 300);
	moved = 300;
	assert_int_equal(skb_shinfo(tgt)->nr_frags, 1);
	assert_int_equal(skb_frag_size(&skb_shinfo(tgt)->frags[0]), 800);
	assert_int_equal(pp_refs(page_to_netmem(pa)), 2);
	exp_concat(x, et, 0, 500, es, 0, moved);
	check_bytes(tgt, x);
	check_bytes_at(skb, es, moved);
	assert_int_equal(tgt->ip_summed, CHECKSUM_PARTIAL);

	/* the rest of it (merged: its reference dropped) and part of pb */
	assert_int_equal(skb_shift(tgt, skb, 400 + 600), 1000);
	moved += 1000;
	assert_int_equal(skb_shinfo(tgt)->nr_frags, 2);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 2);
	assert_int_equal(pp_refs(page_to_netmem(pa)), 1);
	assert_int_equal(pp_refs(page_to_netmem(pb)), 2);
	assert_int_equal(page_ref_count(pb), 1);
	exp_concat(x, et, 0, 500, es, 0, moved);
	check_bytes(tgt, x);
	check_bytes_at(skb, es, moved);

	/* everything left: pb's tail merges back, the last frag moves */
	assert_int_equal(skb_shift(tgt, skb, (int)skb->len), 400 + 300);
	moved += 700;
	assert_int_equal(skb->len, 0);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 0);
	assert_int_equal(skb_shinfo(tgt)->nr_frags, 3);
	assert_int_equal(pp_refs(page_to_netmem(pb)), 1);
	exp_concat(x, et, 0, 500, es, 0, moved);
	check_bytes(tgt, x);
	check_sane(skb);
	free2(tgt, skb, false);
	s1 = hstats();
	assert_int_equal(recycled(&s1) - recycled(&s0), 5);
	assert_int_equal(s1.recycle_stats.released_refcnt, s0.recycle_stats.released_refcnt);
	assert_quiet();
}

static void test_shift_refused(void **state)
{
	struct sk_buff *tgt, *skb, *c;
	netmem_ref nm;

	(void)state;
	/* readable and unreadable never meet */
	tgt = new_pphead(exp_reset(&E[0]), 64, 0);
	add_pp_frag(tgt, &E[0], 0, 500);
	skb = new_pphead(exp_reset(&E[1]), 64, 0);
	nm = add_niov_frag(skb, &E[1], 1000);
	assert_int_equal(skb_shift(tgt, skb, 100), 0);
	assert_int_equal(skb_shift(skb, tgt, 100), 0);
	assert_int_equal(tgt->len, 500);
	assert_int_equal(skb->len, 1000);
	assert_int_equal(pp_refs(nm), 1);
	kfree_skb(skb);
	/* linear bytes in skb: not shifted */
	skb = new_linear(exp_reset(&E[1]), 0, 10, 0);
	add_pp_frag(skb, &E[1], 0, 500);
	assert_int_equal(skb_shift(tgt, skb, 100), 0);
	kfree_skb(skb);
	/* more than the frags hold: misuse */
	skb = new_pphead(exp_reset(&E[1]), 64, 0);
	add_pp_frag(skb, &E[1], 0, 500);
	assert_int_equal(skb_shift(tgt, skb, 501), 0);
	expect_misuse(1);
	/* cloned: the frags are shifted from a private copy, clone intact */
	c = skb_clone(skb, GFP);
	assert_int_equal(skb_shift(tgt, skb, 200), 200);
	check_bytes(c, &E[1]);
	check_bytes_at(skb, &E[1], 200);
	kfree_skb(c);
	kfree_skb(skb);
	kfree_skb(tgt);
	assert_quiet();
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, t_setup)
	const struct CMUnitTest tests[] = {
		T(test_split),
		T(test_split_refs),
		T(test_split_cloned),
		T(test_split_zcopy_unreadable),
		T(test_split_misuse),
		T(test_shift),
		T(test_shift_refused),
	};
#undef T

	return skb_share_run("skb_share_split", tests, sizeof(tests) / sizeof(tests[0]));
}

