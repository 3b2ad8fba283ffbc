/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the page_pool (lib/page_pool) over the host provider: page
 * references (released_refcnt), the frag API (alloc, drain) and fragment
 * ref/unref.
 *
 * After the cases no pool waits for pages (nm_page_pool_reap() == 0).
 */
#include "page_pool_fixture.h"

/* ------------------------------------------------------------------ */
/* page references                                                      */
/* ------------------------------------------------------------------ */

static void test_released_refcnt(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool_stats s0, s1;
	struct page *p, *q;
	uint32_t cache;
	(void)state;

	p = page_pool_dev_alloc_pages(pool);
	check_out_page(pool, p);
	cache = pool->alloc.count;
	get_page(p);
	assert_int_equal(page_ref_count(p), 2);
	s0 = stats_of(pool);
	page_pool_put_full_page(pool, p, true);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { RECYCLE(.released_refcnt = 1) });
	/* the pool let it go: not cached, not pp any more, one ref left */
	assert_int_equal(pool->alloc.count, cache);
	assert_int_equal(rte_ring_count(pool->ring), 0);
	assert_false(netmem_is_pp(page_to_netmem(p)));
	assert_null(p->pp);
	assert_int_equal(page_ref_count(p), 1);
	/* still out of the pool's mempool until its last user lets go */
	assert_int_equal(page_pool_inflight(pool), 1);
	memset(page_address(p), 0x11, PAGE_SIZE);
	put_page(p);
	assert_int_equal(page_ref_count(p), 0);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* the same through the ring (not allow_direct) */
	q = page_pool_dev_alloc_pages(pool);
	check_out_page(pool, q);
	get_netmem(page_to_netmem(q));
	assert_int_equal(netmem_ref_count(page_to_netmem(q)), 2);
	page_pool_put_full_page(pool, q, false);
	s0 = stats_of(pool);
	EXPECT_DELTA(s1, s0, { ALLOC(.fast = 1), RECYCLE(.released_refcnt = 1) });
	assert_int_equal(rte_ring_count(pool->ring), 0);
	assert_false(netmem_is_pp(page_to_netmem(q)));
	assert_int_equal(page_pool_inflight(pool), 1);
	put_netmem(page_to_netmem(q));
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

/* ------------------------------------------------------------------ */
/* frag API                                                             */
/* ------------------------------------------------------------------ */

#define FRAG_REQ	100	/* rounded up to 128 */

#define FRAG_STEP	128

#define FRAGS_PER_PAGE	(PAGE_SIZE / FRAG_STEP)

/* With PP_FLAG_NM_FRAG_CACHE_ALIGN: sizes round up to 64 bytes (the
 * kernel's own packing, alignment 1 on x86, is in test_alloc_sizes). */
static void test_frag_alloc(void **state)
{
	struct page_pool *pool = pool_new(PP_FLAG_NM_FRAG_CACHE_ALIGN, 0, 0, 0, main_lcore);
	struct page_pool_stats s0, s1;
	struct page *a = NULL, *b, *p;
	unsigned int off;
	uint32_t cache;
	(void)state;

	for (unsigned int i = 0; i < FRAGS_PER_PAGE; i++) {
		p = page_pool_dev_alloc_frag(pool, &off, FRAG_REQ);
		assert_non_null(p);
		if (i == 0)
			a = p;
		assert_ptr_equal(p, a);
		assert_int_equal(off, i * FRAG_STEP);
		assert_int_equal(off % RTE_CACHE_LINE_SIZE, 0);
		/* the frag is writable and inside the page */
		memset((char *)page_address(p) + off, (int)i, FRAG_REQ);
	}
	assert_true(netmem_is_pp(page_to_netmem(a)));
	assert_int_equal(page_ref_count(a), 1);
	/* the page is full: the next frag starts a new page */
	b = page_pool_dev_alloc_frag(pool, &off, FRAG_REQ);
	assert_non_null(b);
	assert_ptr_not_equal(b, a);
	assert_int_equal(off, 0);
	assert_int_equal(page_pool_inflight(pool), 2);
	for (unsigned int i = 0; i < FRAGS_PER_PAGE; i++)
		assert_int_equal(((unsigned char *)page_address(a))[i * FRAG_STEP], i);

	/* a's frags come back: only the last put recycles it */
	cache = pool->alloc.count;
	s0 = stats_of(pool);
	for (unsigned int i = 0; i < FRAGS_PER_PAGE - 1; i++) {
		page_pool_put_full_page(pool, a, true);
		assert_int_equal(pool->alloc.count, cache);
		assert_true(netmem_is_pp(page_to_netmem(a)));
		assert_int_equal(page_pp_refs(a), FRAGS_PER_PAGE - 1 - i);
		assert_int_equal(page_pool_inflight(pool), 2);
	}
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, {0});
	page_pool_put_full_page(pool, a, true);
	s0 = stats_of(pool);
	EXPECT_DELTA(s1, s0, { RECYCLE(.cached = 1) });
	assert_int_equal(pool->alloc.count, cache + 1);
	assert_int_equal(page_pp_refs(a), 1);
	assert_int_equal(page_pool_inflight(pool), 1);

	/* b's only frag back: b stays the idle frag page, not in flight */
	page_pool_put_full_page(pool, b, true);
	assert_int_equal(pool->alloc.count, cache + 1);
	assert_int_equal(page_pool_inflight(pool), 0);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, {0});

	/* frags go on in b; sizes round up to 64 bytes */
	p = page_pool_dev_alloc_frag(pool, &off, 1);
	assert_ptr_equal(p, b);
	assert_int_equal(off, FRAG_STEP);
	p = page_pool_dev_alloc_frag(pool, &off, 65);
	assert_ptr_equal(p, b);
	assert_int_equal(off, FRAG_STEP + 64);
	p = page_pool_dev_alloc_frag(pool, &off, 64);
	assert_ptr_equal(p, b);
	assert_int_equal(off, FRAG_STEP + 64 + 128);
	assert_int_equal(page_pool_inflight(pool), 1);
	for (int i = 0; i < 3; i++)
		page_pool_put_full_page(pool, b, true);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* the netmem flavour */
	netmem_ref nm = page_pool_alloc_frag_netmem(pool, &off, 256, GFP);
	assert_true(netmem_eq(nm, page_to_netmem(b)));
	assert_int_equal(off, FRAG_STEP + 64 + 128 + 64);
	page_pool_put_full_netmem(pool, nm, true);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* as the kernel: size 0 is a frag of no bytes at the current offset
	 * (a reference all the same); past the page a WARN, nothing */
	uint64_t m0 = nm_misuse_count();

	p = page_pool_dev_alloc_frag(pool, &off, 0);
	assert_ptr_equal(p, b);
	assert_int_equal(off, FRAG_STEP + 64 + 128 + 64 + 256);
	assert_int_equal(page_pool_inflight(pool), 1);
	page_pool_put_full_page(pool, p, true);
	assert_null(page_pool_dev_alloc_frag(pool, &off, PAGE_SIZE + 1));
	assert_int_equal(nm_misuse_count() - m0, 1);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* destroy gives the idle frag page back at once */
	pool_free_idle(pool);
}

/* Frag page drained when full: reused when every frag came back, released
 * when someone else still holds a page reference. */
static void test_frag_drain(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool_stats s0, s1;
	struct page *a, *p, *c;
	unsigned int off;
	(void)state;

	a = page_pool_dev_alloc_frag(pool, &off, 2048);
	assert_int_equal(off, 0);
	p = page_pool_dev_alloc_frag(pool, &off, 2048);
	assert_ptr_equal(p, a);
	assert_int_equal(off, 2048);
	page_pool_put_full_page(pool, a, true);
	page_pool_put_full_page(pool, a, true);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* full, but every frag is back: the same page starts over */
	s0 = stats_of(pool);
	p = page_pool_dev_alloc_frag(pool, &off, 2048);
	assert_ptr_equal(p, a);
	assert_int_equal(off, 0);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { ALLOC(.fast = 1), RECYCLE(.cached = 1) });
	p = page_pool_dev_alloc_frag(pool, &off, 2048);
	assert_ptr_equal(p, a);
	assert_int_equal(off, 2048);

	/* someone takes a page reference on it, both frags come back */
	get_page(a);
	page_pool_put_full_page(pool, a, true);
	page_pool_put_full_page(pool, a, true);
	assert_true(netmem_is_pp(page_to_netmem(a)));
	/* full: drained, and released since it has another user */
	s0 = stats_of(pool);
	c = page_pool_dev_alloc_frag(pool, &off, 2048);
	assert_non_null(c);
	assert_ptr_not_equal(c, a);
	assert_int_equal(off, 0);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { ALLOC(.fast = 1), RECYCLE(.released_refcnt = 1) });
	assert_false(netmem_is_pp(page_to_netmem(a)));
	assert_int_equal(page_ref_count(a), 1);
	assert_int_equal(page_pool_inflight(pool), 2);
	put_page(a);
	assert_int_equal(page_pool_inflight(pool), 1);
	page_pool_put_full_page(pool, c, true);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* full with frags still out: a new page; the old one is recycled by
	 * the put of its last frag */
	p = page_pool_dev_alloc_frag(pool, &off, 2048);	/* c, 2048 */
	assert_ptr_equal(p, c);
	assert_int_equal(off, 2048);
	p = page_pool_dev_alloc_frag(pool, &off, 2048);	/* new page */
	assert_ptr_not_equal(p, c);
	assert_int_equal(off, 0);
	assert_int_equal(page_pp_refs(c), 1);		/* the frag at 2048 */
	assert_int_equal(page_pool_inflight(pool), 2);
	s0 = stats_of(pool);
	page_pool_put_full_page(pool, c, true);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { RECYCLE(.cached = 1) });
	page_pool_put_full_page(pool, p, true);
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

static void test_fragment_ref_unref(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool_stats s0, s1;
	struct page *p, *q;
	uint32_t cache;
	volatile long three = 3;
	(void)state;

	p = page_pool_dev_alloc_pages(pool);
	check_out_page(pool, p);
	cache = pool->alloc.count;
	page_pool_fragment_page(p, 4);
	assert_int_equal(page_pp_refs(p), 4);
	page_pool_ref_page(p);
	assert_int_equal(page_pp_refs(p), 5);
	page_pool_ref_netmem(page_to_netmem(p));
	assert_int_equal(page_pp_refs(p), 6);
	assert_int_equal(page_pool_unref_page(p, 2), 4);
	assert_int_equal(page_pool_unref_netmem(page_to_netmem(p), 1), 3);
	assert_int_equal(page_pp_refs(p), 3);

	/* puts that are not the last do nothing */
	s0 = stats_of(pool);
	page_pool_put_full_page(pool, p, true);
	page_pool_put_page(pool, p, 0, true);
	assert_int_equal(page_pp_refs(p), 1);
	assert_int_equal(pool->alloc.count, cache);
	assert_int_equal(page_pool_inflight(pool), 1);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, {0});
	/* the last one recycles */
	page_pool_put_full_page(pool, p, true);
	assert_int_equal(pool->alloc.count, cache + 1);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* dropping all at once returns 0 and leaves the pool's own ref */
	q = page_pool_dev_alloc_pages(pool);
	assert_ptr_equal(q, p);
	page_pool_fragment_page(q, 3);
	assert_int_equal(page_pool_unref_page(q, three), 0);
	assert_int_equal(page_pp_refs(q), 1);
	page_pool_fragment_page(q, 3);
	assert_int_equal(page_pool_unref_page(q, 3), 0);
	assert_int_equal(page_pp_refs(q), 1);
	page_pool_fragment_page(q, 3);
	page_pool_ref_page(q);
	assert_int_equal(page_pool_unref_page(q, 2), 2);
	assert_int_equal(page_pool_unref_page(q, three - 1), 0);
	assert_int_equal(page_pp_refs(q), 1);
	/* then it goes back unrefed */
	s0 = stats_of(pool);
	page_pool_put_unrefed_netmem(pool, page_to_netmem(q), 0, true);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { RECYCLE(.cached = 1) });
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_released_refcnt),
		cmocka_unit_test(test_frag_alloc),
		cmocka_unit_test(test_frag_drain),
		cmocka_unit_test(test_fragment_ref_unref),
	};

	return page_pool_run("page_pool_frag", tests, sizeof(tests) / sizeof(tests[0]));
}

