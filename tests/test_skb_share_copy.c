/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of lib/skb/skb_share.c, the copy paths: skb_copy,
 * pskb_copy (and of a fast clone), pskb_expand_head (of a cloned page_pool
 * head, and its refusals), skb_unshare, skb_cow(_head), and the copy paths'
 * refusal of unreadable memory, on skbs of every shape.
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

/* References held on each frag of an skb, and users of its frag_list. */
struct refsnap {
	int n;
	netmem_ref nm[MAX_SKB_FRAGS];
	long pp[MAX_SKB_FRAGS];
	int pg[MAX_SKB_FRAGS];
	int nl;
	struct sk_buff *list[8];
	int users[8];
};

static void snap(const struct sk_buff *skb, struct refsnap *r)
{
	const struct sk_buff *it;

	memset(r, 0, sizeof(*r));
	r->n = skb_shinfo(skb)->nr_frags;
	for (int i = 0; i < r->n; i++) {
		netmem_ref nm = skb_shinfo(skb)->frags[i].netmem;

		r->nm[i] = nm;
		r->pp[i] = pp_refs(nm);
		r->pg[i] = netmem_ref_count(nm);
	}
	skb_walk_frags(skb, it) {
		assert_true(r->nl < 8);
		r->list[r->nl] = (struct sk_buff *)(uintptr_t)it;
		r->users[r->nl++] = it->users;
	}
}

/* Each frag of @r gained @d references of its memory's kind: pp references
 * for page_pool memory (its page references untouched), page references
 * for other pages; each frag_list member @d users. */
static void assert_refs_delta(const struct refsnap *r, int d)
{
	for (int i = 0; i < r->n; i++) {
		netmem_ref nm = r->nm[i];

		if (netmem_is_pp(nm)) {
			assert_int_equal(pp_refs(nm), r->pp[i] + d);
			assert_int_equal(netmem_ref_count(nm), r->pg[i]);
		} else {
			assert_int_equal(netmem_ref_count(nm), r->pg[i] + d);
		}
	}
	for (int i = 0; i < r->nl; i++)
		assert_int_equal(r->list[i]->users, r->users[i] + d);
}

/* ------------------------------------------------------------------ */
/* skb_copy, pskb_copy                                                  */
/* ------------------------------------------------------------------ */

static void test_copy(void **state)
{
	(void)state;
	for (int s = 0; s < SH_NR; s++) {
		for (int cl = 0; cl < 2; cl++) {
			struct sk_buff *skb = build_shape(s, &E[0]), *c, *n, *src;
			uint64_t cb = copied_bytes();

			c = cl ? skb_clone(skb, GFP) : NULL;
			src = cl ? c : skb;
			n = skb_copy(src, GFP);
			assert_non_null(n);
			assert_int_equal(copied_bytes() - cb, src->len);
			check_bytes(n, &E[0]);
			assert_true(is_linear_only(n));
			assert_false(skb_cloned(n));
			assert_int_equal(skb_headroom(n), skb_headroom(src));
			assert_int_equal(skb_network_offset(n), 14);
			assert_int_equal(skb_mac_offset(n), 0);
			assert_true(n->head != src->head);
			check_bytes(skb, &E[0]);
			if (c != NULL)
				check_bytes(c, &E[0]);
			/* writing the copy leaves the original alone */
			memset(n->data, 0, skb_headlen(n));
			check_bytes(skb, &E[0]);
			free2(n, skb, s & 1);
			kfree_skb(c);
			assert_quiet();
		}
	}
}

static void test_pskb_copy(void **state)
{
	(void)state;
	for (int s = 0; s < SH_NR; s++) {
		for (int cl = 0; cl < 2; cl++) {
			struct sk_buff *skb = build_shape(s, &E[0]), *c, *n, *src;
			struct refsnap r;

			c = cl ? skb_clone(skb, GFP) : NULL;
			src = cl ? c : skb;
			snap(src, &r);
			n = pskb_copy(src, GFP);
			assert_non_null(n);
			check_bytes(n, &E[0]);
			assert_int_equal(skb_headlen(n), skb_headlen(src));
			assert_int_equal(skb_headroom(n), skb_headroom(src));
			assert_int_equal(skb_network_offset(n), 14);
			assert_int_equal(n->truesize - T_TRUESIZE(skb_end_offset(n)), src->data_len);
			assert_true(n->head != src->head);
			assert_int_equal(skb_shinfo(n)->nr_frags, r.n);
			for (int i = 0; i < r.n; i++)
				assert_true(netmem_eq(skb_shinfo(n)->frags[i].netmem, r.nm[i]));
			assert_ptr_equal(skb_shinfo(n)->frag_list, skb_shinfo(src)->frag_list);
			assert_int_equal(n->pp_recycle, src->pp_recycle);
			assert_refs_delta(&r, 1);
			check_bytes(skb, &E[0]);
			free2(n, skb, (s + cl) & 1);
			if (c != NULL) {
				check_bytes(c, &E[0]);
				kfree_skb(c);
			}
			assert_quiet();
		}
	}
}

/* __pskb_copy_fclone with another headroom: offsets follow, the copy is an
 * fclone whose clone comes from the same allocation. */
static void test_pskb_copy_fclone(void **state)
{
	struct sk_buff *skb, *n, *c;
	struct refsnap r;

	(void)state;
	skb = build_shape(SH_FRAGLIST, &E[0]);
	snap(skb, &r);
	n = __pskb_copy_fclone(skb, (int)skb_headroom(skb) + 40, GFP, true);
	assert_non_null(n);
	assert_int_equal(n->fclone, SKB_FCLONE_ORIG);
	assert_int_equal(skb_headroom(n), skb_headroom(skb) + 40);
	assert_int_equal(skb_network_offset(n), 14);
	assert_int_equal(skb_mac_offset(n), 0);
	check_bytes(n, &E[0]);
	assert_refs_delta(&r, 1);
	c = skb_clone(n, GFP);
	assert_non_null(c);
	assert_int_equal(c->fclone, SKB_FCLONE_CLONE);
	check_bytes(c, &E[0]);
	kfree_skb(skb);
	kfree_skb(n);
	check_bytes(c, &E[0]);
	kfree_skb(c);
	assert_quiet();

	/* less headroom than the original */
	skb = build_shape(SH_MIXED, &E[0]);
	n = __pskb_copy_fclone(skb, 8, GFP, false);
	assert_non_null(n);
	assert_int_equal(skb_headroom(n), 8);
	assert_int_equal(skb_network_offset(n), 14);
	check_bytes(n, &E[0]);
	free2(skb, n, false);
	assert_quiet();
}

/* ------------------------------------------------------------------ */
/* pskb_expand_head, skb_unshare, skb_cow                               */
/* ------------------------------------------------------------------ */

static void test_expand_head(void **state)
{
	(void)state;
	for (int s = 0; s < SH_NR; s++) {
		for (int cl = 0; cl < 2; cl++) {
			struct sk_buff *skb = build_shape(s, &E[0]), *c;
			unsigned int hr = skb_headroom(skb), oend = skb_end_offset(skb);
			unsigned int tr = skb->end - skb->tail, ts = skb->truesize;
			unsigned char *ohead = skb->head;
			struct refsnap r;

			c = cl ? skb_clone(skb, GFP) : NULL;
			snap(skb, &r);
			assert_int_equal(pskb_expand_head(skb, 64, 100, GFP), 0);
			assert_true(skb->head != ohead);
			assert_int_equal(skb_headroom(skb), hr + 64);
			assert_true(skb->end - skb->tail >= tr + 100);
			assert_int_equal(skb->truesize, ts + skb_end_offset(skb) - oend);
			assert_int_equal(skb_network_offset(skb), 14);
			assert_int_equal(skb_mac_offset(skb), 0);
			assert_false(skb->cloned);
			assert_false(skb->nohdr);
			assert_false(skb_cloned(skb));
			assert_int_equal(skb_shinfo(skb)->dataref, 1);
			check_bytes(skb, &E[0]);
			/* the old data stays the clone's; ours took its own refs */
			assert_refs_delta(&r, cl ? 1 : 0);
			if (c != NULL) {
				assert_ptr_equal(c->head, ohead);
				assert_false(skb_cloned(c));
				check_bytes(c, &E[0]);
			}
			free2(skb, c, s & 1);
			assert_quiet();
		}
	}
}

/*
 * Kernel pitfall: pskb_expand_head on a cloned skb with page_pool frags
 * takes pp references (not page references), and freeing both skbs in
 * either order recycles every page exactly once: no leak, no double free.
 */
static void test_expand_cloned_pp(void **state)
{
	(void)state;
	for (int flip = 0; flip < 2; flip++) {
		struct sk_buff *skb = new_pphead(exp_reset(&E[0]), 64, 120), *c;
		struct page *p[3];
		struct page_pool_stats s0, s1;

		p[0] = add_pp_frag(skb, &E[0], 0, 1000);
		p[1] = add_pp_frag(skb, &E[0], 10, 2000);
		p[2] = add_pp_frag(skb, &E[0], 3000, 1096);
		c = skb_clone(skb, GFP);
		s0 = hstats();
		assert_int_equal(pskb_expand_head(skb, 32, 0, GFP), 0);
		for (int i = 0; i < 3; i++) {
			assert_int_equal(pp_refs(page_to_netmem(p[i])), 2);
			assert_int_equal(page_ref_count(p[i]), 1);
		}
		assert_true(skb->pp_recycle);
		check_bytes(skb, &E[0]);
		check_bytes(c, &E[0]);
		free2(skb, c, flip);
		s1 = hstats();
		/* 3 frag pages and c's head page, each once, none let go */
		assert_int_equal(recycled(&s1) - recycled(&s0), 4);
		assert_int_equal(s1.recycle_stats.released_refcnt,
				 s0.recycle_stats.released_refcnt);
		assert_quiet();
	}
}

static void test_expand_head_bad(void **state)
{
	struct sk_buff *skb = build_shape(SH_PPFRAGS, &E[0]);
	unsigned char *h = skb->head;

	(void)state;
	/* shared: misuse, nothing changes */
	skb_get(skb);
	assert_int_equal(pskb_expand_head(skb, 0, 0, GFP), -EINVAL);
	expect_misuse(1);
	kfree_skb(skb);
	assert_int_equal(pskb_expand_head(skb, -1, 0, GFP), -EINVAL);
	expect_misuse(1);
	/* a tail that would cut the linear data */
	assert_int_equal(pskb_expand_head(skb, 0, -(int)skb->end, GFP), -EINVAL);
	expect_misuse(1);
	assert_ptr_equal(skb->head, h);
	check_bytes(skb, &E[0]);
	/* ntail < 0 within the tailroom is fine */
	assert_int_equal(pskb_expand_head(skb, 16, -(int)(skb->end - skb->tail), GFP), 0);
	check_bytes(skb, &E[0]);
	kfree_skb(skb);
	assert_quiet();
}

static void test_unshare(void **state)
{
	struct sk_buff *skb, *c, *u;

	(void)state;
	/* not cloned: the same skb */
	skb = build_shape(SH_PPFRAGS, &E[0]);
	assert_ptr_equal(skb_unshare(skb, GFP), skb);
	check_bytes(skb, &E[0]);
	kfree_skb(skb);
	assert_quiet();

	for (int s = 0; s < SH_NR; s++) {
		uint64_t live;

		skb = build_shape(s, &E[0]);
		c = skb_clone(skb, GFP);
		live = skbs_live();
		u = skb_unshare(c, GFP);	/* c is gone, u is private */
		assert_non_null(u);
		assert_int_equal(skbs_live(), live);
		assert_true(is_linear_only(u));
		assert_false(skb_cloned(u));
		assert_false(skb_cloned(skb));
		check_bytes(u, &E[0]);
		check_bytes(skb, &E[0]);
		free2(skb, u, s & 1);
		assert_quiet();
	}
}

static void test_cow(void **state)
{
	struct sk_buff *skb, *c;
	unsigned char *h;
	struct refsnap r;

	(void)state;
	/* more headroom: aligned to NET_SKB_PAD */
	skb = build_shape(SH_PPFRAGS, &E[0]);
	assert_int_equal(skb_headroom(skb), 64);
	assert_int_equal(skb_cow(skb, 200), 0);
	assert_int_equal(skb_headroom(skb), 64 + 192);
	assert_int_equal(skb_network_offset(skb), 14);
	check_bytes(skb, &E[0]);
	/* enough headroom, private: nothing to do */
	h = skb->head;
	assert_int_equal(skb_cow(skb, 100), 0);
	assert_int_equal(skb_cow_head(skb, 100), 0);
	assert_ptr_equal(skb->head, h);
	kfree_skb(skb);
	assert_quiet();

	/* cloned: a private head even when the headroom suffices */
	skb = build_shape(SH_MIXED, &E[0]);
	c = skb_clone(skb, GFP);
	snap(skb, &r);
	h = skb->head;
	assert_int_equal(skb_cow(skb, 16), 0);
	assert_true(skb->head != h);
	assert_false(skb_cloned(skb));
	assert_refs_delta(&r, 1);
	check_bytes(skb, &E[0]);
	check_bytes(c, &E[0]);
	free2(skb, c, true);
	assert_quiet();

	/* header-released original: its clone may write headers in place
	 * (skb_cow_head), not payload (skb_cow) */
	skb = build_shape(SH_PPFRAGS, &E[0]);
	__skb_header_release(skb);
	c = skb_clone(skb, GFP);
	h = c->head;
	assert_false(skb_header_cloned(c));
	assert_int_equal(skb_cow_head(c, 32), 0);
	assert_ptr_equal(c->head, h);
	assert_int_equal(skb_cow(c, 32), 0);
	assert_true(c->head != h);
	check_bytes(c, &E[0]);
	/* the nohdr original, alone now, still counts as header-cloned */
	assert_true(skb_header_cloned(skb));
	assert_int_equal(skb_cow_head(skb, 32), 0);
	assert_false(skb->nohdr);
	assert_false(skb_header_cloned(skb));
	check_bytes(skb, &E[0]);
	free2(skb, c, false);
	assert_quiet();
}

static void test_unreadable_refused(void **state)
{
	struct sk_buff *skb, *c;
	struct shape_snap ss, cs, s0;
	netmem_ref nm;
	uint64_t cb, live;

	(void)state;
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	add_pp_frag(skb, &E[0], 0, 200);
	nm = add_niov_frag(skb, &E[0], 1000);
	skb_mark_for_recycle(skb);
	assert_int_equal(E[0].unread_from, 300);
	ss = shape_of(skb);
	cb = copied_bytes();
	assert_null(skb_copy(skb, GFP));
	assert_int_equal(skb_linearize(skb), -EIO);
	assert_false(pskb_may_pull(skb, 301));
	assert_null(__pskb_pull_tail(skb, 250));
	assert_false(skb_readable_all(skb));
	assert_int_equal(copied_bytes(), cb);
	assert_unchanged(skb, &ss);
	assert_int_equal(pp_refs(nm), 1);
	check_bytes(skb, &E[0]);

	/* the same on a clone: still sharing, still cloned */
	s0 = shape_of(skb);
	c = skb_clone(skb, GFP);
	ss = shape_of(skb);
	cs = shape_of(c);
	assert_null(skb_copy(c, GFP));
	assert_int_equal(skb_linearize(c), -EIO);
	assert_false(pskb_may_pull(c, 1000));
	assert_unchanged(c, &cs);
	assert_unchanged(skb, &ss);
	assert_true(skb_cloned(c));
	assert_int_equal(copied_bytes(), cb);
	/* skb_unshare: no private copy can be made; as the kernel, the skb
	 * is dropped and NULL returned */
	live = skbs_live();
	assert_null(skb_unshare(c, GFP));
	assert_int_equal(skbs_live(), live - 1);
	assert_false(skb_cloned(skb));
	assert_unchanged(skb, &s0);
	assert_int_equal(pp_refs(nm), 1);

	/* as the kernel's __pskb_pull_tail(): an skb with unreadable frags
	 * is refused whole, even the readable bytes before the net_iov */
	assert_false(pskb_may_pull(skb, 250));
	assert_int_equal(skb_headlen(skb), 100);
	check_bytes(skb, &E[0]);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 2);
	assert_true(skb->unreadable);

	/* pskb_expand_head and pskb_copy touch only the linear bytes: as in
	 * the kernel they work, and the net_iov gets pp references */
	c = skb_clone(skb, GFP);
	assert_int_equal(pskb_expand_head(skb, 64, 0, GFP), 0);
	assert_int_equal(pp_refs(nm), 2);
	assert_true(skb->unreadable);
	check_bytes(skb, &E[0]);
	check_bytes(c, &E[0]);
	kfree_skb(c);
	assert_int_equal(pp_refs(nm), 1);
	c = pskb_copy(skb, GFP);
	assert_non_null(c);
	assert_true(c->unreadable);
	assert_int_equal(pp_refs(nm), 2);
	check_bytes(c, &E[0]);
	kfree_skb(c);
	/* trimming into the net_iov does not touch its bytes */
	assert_int_equal(pskb_trim(skb, skb->len - 10), 0);
	assert_int_equal(skb_frag_size(&skb_shinfo(skb)->frags[1]), 990);
	check_bytes_at(skb, &E[0], 0);
	assert_int_equal(pskb_trim(skb, 260), 0);
	assert_int_equal(pp_refs(nm), 1);
	kfree_skb(skb);
	assert_quiet();

	/* a net_iov inside a frag_list member */
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	c = new_linear(&E[0], 0, 20, 0);
	nm = add_niov_frag(c, &E[0], 500);
	add_list(skb, c);
	ss = shape_of(skb);
	assert_null(skb_copy(skb, GFP));
	assert_int_equal(skb_linearize(skb), -EIO);
	assert_unchanged(skb, &ss);
	assert_true(pskb_may_pull(skb, 110));		/* from c's head */
	check_bytes(skb, &E[0]);
	kfree_skb(skb);
	assert_quiet();
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, t_setup)
	const struct CMUnitTest tests[] = {
		T(test_copy),
		T(test_pskb_copy),
		T(test_pskb_copy_fclone),
		T(test_expand_head),
		T(test_expand_cloned_pp),
		T(test_expand_head_bad),
		T(test_unshare),
		T(test_cow),
		T(test_unreadable_refused),
	};
#undef T

	return skb_share_run("skb_share_copy", tests, sizeof(tests) / sizeof(tests[0]));
}

