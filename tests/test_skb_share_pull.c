/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of lib/skb/skb_share.c, pulling and trimming:
 * __pskb_pull_tail / pskb_may_pull across every boundary (frag_list members
 * held elsewhere are cloned, not pulled in place), skb_linearize, pskb_trim
 * (a shared frag_list member is cloned before it is trimmed), and pull
 * misuse, on skbs of every shape.
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

static void test_pull_tail(void **state)
{
	static const enum shape sh[] = {
		SH_PPFRAGS, SH_PAGEFRAGS, SH_MIXED, SH_FRAGLIST, SH_HEADLESS,
	};

	(void)state;
	for (unsigned int si = 0; si < RTE_DIM(sh); si++) {
		unsigned int t[32], nt;
		struct sk_buff *skb = build_shape(sh[si], &E[0]);

		nt = pull_targets(skb, t);
		kfree_skb(skb);
		for (unsigned int k = 0; k < nt; k++) {
			for (int cl = 0; cl < 2; cl++) {
				struct sk_buff *c;
				unsigned int hl;
				uint64_t cb;

				skb = build_shape(sh[si], &E[0]);
				hl = skb_headlen(skb);
				c = cl ? skb_clone(skb, GFP) : NULL;
				cb = copied_bytes();
				assert_true(pskb_may_pull(skb, t[k]));
				assert_true(copied_bytes() - cb >= t[k] - hl);
				assert_int_equal(skb_headlen(skb), t[k]);
				check_bytes(skb, &E[0]);
				assert_false(pskb_may_pull(skb, skb->len + 1));
				if (c != NULL) {
					assert_false(skb_cloned(skb));
					check_bytes(c, &E[0]);
				}
				free2(skb, c, (k + cl) & 1);
				assert_quiet();
			}
		}
	}
}

/* frag_list members held elsewhere are cloned, not pulled in place */
static void test_pull_tail_shared_list(void **state)
{
	struct sk_buff *skb, *m1, *m2;
	unsigned int base;

	(void)state;
	skb = build_shape(SH_FRAGLIST, &E[0]);
	base = skb_headlen(skb) + 700;	/* where the frag_list starts */
	m1 = skb_shinfo(skb)->frag_list;
	m2 = m1->next;
	skb_get(m1);
	skb_get(m2);
	/* m1 eaten whole, m2 partly (into its frag) */
	assert_true(pskb_may_pull(skb, base + 150 + 60));
	check_bytes(skb, &E[0]);
	assert_ptr_not_equal(skb_shinfo(skb)->frag_list, m2);
	assert_int_equal(skb_shinfo(skb)->frag_list->len, 540 - 60);
	/* ours are intact */
	assert_int_equal(m1->users, 1);
	assert_int_equal(m2->users, 1);
	check_bytes_at(m1, &E[0], base);
	check_bytes_at(m2, &E[0], base + 150);
	assert_ptr_equal(m1->next, m2);
	kfree_skb(skb);
	check_bytes_at(m2, &E[0], base + 150);
	kfree_skb(m1);
	kfree_skb(m2);
	assert_quiet();
}

static void test_linearize(void **state)
{
	(void)state;
	for (int s = 0; s < SH_NR; s++) {
		for (int cl = 0; cl < 2; cl++) {
			struct sk_buff *skb = build_shape(s, &E[0]), *c;

			c = cl ? skb_clone(skb, GFP) : NULL;
			assert_int_equal(skb_linearize(skb), 0);
			assert_true(is_linear_only(skb));
			assert_int_equal(skb_network_offset(skb), 14);
			check_bytes(skb, &E[0]);
			if (c != NULL)
				check_bytes(c, &E[0]);
			free2(skb, c, cl);
			assert_quiet();
		}
	}
}

/* ------------------------------------------------------------------ */
/* pskb_trim                                                            */
/* ------------------------------------------------------------------ */

static void test_trim(void **state)
{
	(void)state;
	for (int s = 0; s < SH_NR; s++) {
		unsigned int t[32], nt;
		struct sk_buff *skb = build_shape(s, &E[0]);

		nt = pull_targets(skb, t);
		t[nt++] = 0;
		t[nt++] = skb_headlen(skb) ? skb_headlen(skb) - 1 : 0;
		t[nt++] = skb->len - 1;
		kfree_skb(skb);
		for (unsigned int k = 0; k < nt; k++) {
			for (int cl = 0; cl < 2; cl++) {
				struct sk_buff *c;

				skb = build_shape(s, &E[0]);
				c = cl ? skb_clone(skb, GFP) : NULL;
				assert_int_equal(pskb_trim(skb, t[k]), 0);
				assert_int_equal(skb->len, t[k]);
				check_bytes_at(skb, &E[0], 0);
				if (c != NULL)
					check_bytes(c, &E[0]);
				free2(skb, c, (k + cl) & 1);
				assert_quiet();
			}
		}
	}
}

/* a shared frag_list member is cloned before it is trimmed */
static void test_trim_shared_list(void **state)
{
	struct sk_buff *skb, *m2;
	unsigned int base;

	(void)state;
	skb = build_shape(SH_FRAGLIST, &E[0]);
	base = skb_headlen(skb) + 700 + 150;	/* where m2 starts */
	m2 = skb_shinfo(skb)->frag_list->next;
	skb_get(m2);
	assert_int_equal(pskb_trim(skb, base + 100), 0);
	check_bytes_at(skb, &E[0], 0);
	assert_int_equal(skb->len, base + 100);
	assert_null(skb_shinfo(skb)->frag_list->next->next);
	assert_int_equal(m2->len, 540);
	assert_int_equal(m2->users, 1);
	check_bytes_at(m2, &E[0], base);
	kfree_skb(skb);
	kfree_skb(m2);
	assert_quiet();
}

static void test_pull_misuse(void **state)
{
	struct sk_buff *skb = build_shape(SH_PPFRAGS, &E[0]);
	struct shape_snap ss = shape_of(skb);

	(void)state;
	assert_null(__pskb_pull_tail(skb, (int)skb->data_len + 1));
	expect_misuse(1);
	assert_null(__pskb_pull_tail(skb, -1));
	expect_misuse(1);
	assert_unchanged(skb, &ss);
	assert_int_equal(___pskb_trim(skb, skb->len + 5), 0);
	assert_unchanged(skb, &ss);
	kfree_skb(skb);
	assert_quiet();
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, t_setup)
	const struct CMUnitTest tests[] = {
		T(test_pull_tail),
		T(test_pull_tail_shared_list),
		T(test_linearize),
		T(test_trim),
		T(test_trim_shared_list),
		T(test_pull_misuse),
	};
#undef T

	return skb_share_run("skb_share_pull", tests, sizeof(tests) / sizeof(tests[0]));
}

