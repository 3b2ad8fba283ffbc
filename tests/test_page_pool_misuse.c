/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the page_pool (lib/page_pool) over the host provider:
 * deferred destroy, a pool destroyed with pages never returned, and misuse
 * detection (frag underflow, wrong pool, double put in a row and, with
 * NM_DEBUG, anywhere; double destroy).
 *
 * After the cases no pool waits for pages (nm_page_pool_reap() == 0).
 */
#include "page_pool_fixture.h"

static void assert_pool_alive(const struct pool_names *n)
{
	assert_non_null(rte_mempool_lookup(n->mp));
	assert_non_null(rte_ring_lookup(n->ring));
}

/* The pool was freed (by page_pool_destroy() or a reap). The periodic
 * reaper may be freeing it on its own thread right now: give it a moment. */
static void assert_pool_gone(const struct pool_names *n)
{
	for (int i = 0; i < 2000; i++) {
		if (rte_mempool_lookup(n->mp) == NULL && rte_ring_lookup(n->ring) == NULL)
			break;
		rte_delay_us_sleep(1000);
	}
	assert_null(rte_mempool_lookup(n->mp));
	assert_null(rte_ring_lookup(n->ring));
}

/* ------------------------------------------------------------------ */
/* destroy                                                              */
/* ------------------------------------------------------------------ */

static void test_destroy_deferred(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page *pages[3];
	struct pool_names names;
	unsigned int off;
	(void)state;

	assert_int_equal(nm_page_pool_reap(), 0);
	alloc_n(pool, pages, 2);
	pages[2] = page_pool_dev_alloc_frag(pool, &off, 512);	/* a frag out */
	assert_non_null(pages[2]);
	assert_int_equal(page_pool_inflight(pool), 3);
	page_pool_recycle_direct(pool, pages[1]);	/* one in the cache */
	names = pool_names(pool);

	page_pool_destroy(pool);
	/* pages out: the pool waits for them */
	assert_int_equal(nm_page_pool_reap(), 1);
	assert_pool_alive(&names);
	assert_int_equal(page_pool_inflight(pool), 2);
	assert_int_equal(pool->alloc.count, 0);		/* cache given back */
	assert_int_equal(mempool_in_use(pool), 2);
	assert_true(netmem_is_pp(page_to_netmem(pages[0])));
	assert_ptr_equal(pages[0]->pp, pool);

	/* returned afterwards: straight back to the provider */
	page_pool_put_full_page(pool, pages[0], true);
	assert_false(netmem_is_pp(page_to_netmem(pages[0])));
	assert_int_equal(page_ref_count(pages[0]), 0);
	assert_int_equal(nm_page_pool_reap(), 1);
	assert_int_equal(page_pool_inflight(pool), 1);
	assert_pool_alive(&names);
	/* the last one: the pool can go (do not touch it after this) */
	page_pool_put_full_page(pool, pages[2], true);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_pool_gone(&names);
}

static void test_destroy_never_returned(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 64, 128, main_lcore);
	struct pool_names names;
	struct page *p;
	(void)state;

	p = page_pool_dev_alloc_pages(pool);
	check_out_page(pool, p);
	names = pool_names(pool);
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 1);
	/* however long: the reaper keeps it while the page is out */
	rte_delay_us_sleep(350 * 1000);
	assert_int_equal(nm_page_pool_reap(), 1);
	assert_int_equal(nm_page_pool_reap(), 1);
	assert_pool_alive(&names);
	assert_int_equal(page_pool_inflight(pool), 1);
	assert_true(netmem_is_pp(page_to_netmem(p)));
	assert_ptr_equal(p->pp, pool);
	memset(page_address(p), 0x33, PAGE_SIZE);	/* still usable memory */
	/* returned at last (do not touch the pool after this) */
	page_pool_put_full_page(pool, p, true);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_pool_gone(&names);
}

/* ------------------------------------------------------------------ */
/* misuse                                                               */
/* ------------------------------------------------------------------ */

static void test_misuse_frag_underflow(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool_stats s0, s1;
	struct page *a, *b, *p, *x, *y;
	unsigned int off;
	uint32_t cache;
	uint64_t m0;
	(void)state;

	a = page_pool_dev_alloc_frag(pool, &off, 2048);
	p = page_pool_dev_alloc_frag(pool, &off, 2048);
	assert_ptr_equal(p, a);
	b = page_pool_dev_alloc_frag(pool, &off, 2048);	/* drains a */
	assert_ptr_not_equal(b, a);
	assert_int_equal(page_pp_refs(a), 2);
	page_pool_put_full_page(pool, a, true);
	cache = pool->alloc.count;
	page_pool_put_full_page(pool, a, true);		/* last: recycled */
	assert_int_equal(pool->alloc.count, cache + 1);
	assert_int_equal(page_pool_inflight(pool), 1);

	/* one put too many */
	m0 = nm_misuse_count();
	s0 = stats_of(pool);
	page_pool_put_full_page(pool, a, true);
	s1 = stats_of(pool);
	assert_int_equal(nm_misuse_count() - m0, 1);
	EXPECT_DELTA(s0, s1, {0});
	assert_int_equal(pool->alloc.count, cache + 1);
	assert_int_equal(rte_ring_count(pool->ring), 0);
	assert_int_equal(page_pp_refs(a), 1);
	assert_int_equal(page_pool_inflight(pool), 1);
	/* the cache holds it once: a, then another page */
	x = page_pool_dev_alloc_pages(pool);
	y = page_pool_dev_alloc_pages(pool);
	assert_ptr_equal(x, a);
	assert_ptr_not_equal(y, a);
	page_pool_recycle_direct(pool, y);
	page_pool_recycle_direct(pool, x);

	/* pp_ref_count going below zero: reported, undone, nothing recycled */
	x = page_pool_dev_alloc_pages(pool);
	cache = pool->alloc.count;
	m0 = nm_misuse_count();
	assert_true(page_pool_unref_page(x, 2) < 0);
	assert_int_equal(nm_misuse_count() - m0, 1);
	assert_int_equal(page_pp_refs(x), 1);
	page_pool_fragment_page(x, 2);
	assert_true(page_pool_unref_page(x, 5) < 0);
	assert_int_equal(nm_misuse_count() - m0, 2);
	assert_int_equal(page_pp_refs(x), 2);
	assert_int_equal(pool->alloc.count, cache);
	page_pool_put_full_page(pool, x, true);
	page_pool_put_full_page(pool, x, true);
	assert_int_equal(pool->alloc.count, cache + 1);
	assert_int_equal(nm_misuse_count() - m0, 2);

	/* b's frag back: b idle */
	page_pool_put_full_page(pool, b, true);
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

static void test_misuse_wrong_pool(void **state)
{
	struct page_pool *a = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool *b = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool_stats sa0, sa1, sb0, sb1;
	struct page *p, *q;
	uint64_t m0;
	(void)state;

	p = page_pool_dev_alloc_pages(a);
	q = page_pool_dev_alloc_pages(b);		/* b's cache non-empty */
	page_pool_recycle_direct(b, q);
	assert_int_equal(page_pool_inflight(a), 1);
	assert_int_equal(page_pool_inflight(b), 0);
	sa0 = stats_of(a);
	sb0 = stats_of(b);
	m0 = nm_misuse_count();
	page_pool_put_full_page(b, p, true);
	assert_int_equal(nm_misuse_count() - m0, 1);
	sa1 = stats_of(a);
	sb1 = stats_of(b);
	EXPECT_DELTA(sa0, sa1, { RECYCLE(.cached = 1) });
	EXPECT_DELTA(sb0, sb1, {0});
	assert_ptr_equal(p->pp, a);
	assert_int_equal(page_pool_inflight(a), 0);
	assert_int_equal(page_pool_inflight(b), 0);
	assert_int_equal(mempool_in_use(b), PP_ALLOC_CACHE_REFILL);
	/* a hands it out again */
	assert_ptr_equal(page_pool_dev_alloc_pages(a), p);

	/* not direct, still on a's owner lcore: into a's cache (the kernel's
	 * page_pool_napi_local()), never b's */
	sa0 = stats_of(a);
	page_pool_put_full_page(b, p, false);
	assert_int_equal(nm_misuse_count() - m0, 2);
	sa1 = stats_of(a);
	EXPECT_DELTA(sa0, sa1, { RECYCLE(.cached = 1) });
	assert_int_equal(rte_ring_count(a->ring), 0);
	assert_int_equal(rte_ring_count(b->ring), 0);
	assert_int_equal(page_pool_inflight(a), 0);
	assert_int_equal(page_pool_inflight(b), 0);

	/* a page no pool owns */
	q = alloc_page(GFP_KERNEL);
	assert_non_null(q);
	assert_false(netmem_is_pp(page_to_netmem(q)));
	sb0 = stats_of(b);
	page_pool_put_full_page(b, q, true);	/* pp_ref_count 0: underflow */
	assert_int_equal(nm_misuse_count() - m0, 3);
	page_pool_fragment_page(q, 1);
	page_pool_put_full_page(b, q, true);	/* "last" ref of no pool's page */
	assert_int_equal(nm_misuse_count() - m0, 4);
	sb1 = stats_of(b);
	EXPECT_DELTA(sb0, sb1, {0});
	assert_int_equal(page_ref_count(q), 1);
	assert_int_equal(page_pool_inflight(b), 0);
	put_page(q);

	pool_free_idle(a);
	pool_free_idle(b);
}

static void test_misuse_double_put_in_a_row(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool *pool2;
	struct page_pool_stats s0, s1;
	struct page *p, *x, *pages[NB_CF];
	uint32_t cache;
	uint64_t m0;
	(void)state;

	p = page_pool_dev_alloc_pages(pool);
	page_pool_recycle_direct(pool, p);
	cache = pool->alloc.count;
	m0 = nm_misuse_count();
	s0 = stats_of(pool);
	page_pool_recycle_direct(pool, p);
	s1 = stats_of(pool);
	assert_int_equal(nm_misuse_count() - m0, 1);
	EXPECT_DELTA(s0, s1, {0});
	assert_int_equal(pool->alloc.count, cache);
	assert_int_equal(page_pool_inflight(pool), 0);
	x = page_pool_dev_alloc_pages(pool);
	assert_ptr_equal(x, p);
	x = page_pool_dev_alloc_pages(pool);
	assert_ptr_not_equal(x, p);
	page_pool_recycle_direct(pool, x);
	page_pool_recycle_direct(pool, p);

	/* also when that put filled the cache */
	pool2 = pool_new(0, 0, 0, 0, main_lcore);
	alloc_n(pool2, pages, NB_CF);
	assert_int_equal(pool2->alloc.count, 0);
	put_all(pool2, pages, PP_ALLOC_CACHE_SIZE, true);
	assert_int_equal(pool2->alloc.count, PP_ALLOC_CACHE_SIZE);
	s0 = stats_of(pool2);
	page_pool_recycle_direct(pool2, pages[PP_ALLOC_CACHE_SIZE - 1]);
	s1 = stats_of(pool2);
	assert_int_equal(nm_misuse_count() - m0, 2);
	EXPECT_DELTA(s0, s1, {0});
	assert_int_equal(rte_ring_count(pool2->ring), 0);
	assert_int_equal(pool2->alloc.count, PP_ALLOC_CACHE_SIZE);
	put_all(pool2, pages + PP_ALLOC_CACHE_SIZE, NB_CF - PP_ALLOC_CACHE_SIZE, true);
	s0 = stats_of(pool2);
	EXPECT_DELTA(s1, s0, { RECYCLE(.cache_full = NB_CF - PP_ALLOC_CACHE_SIZE,
				       .ring = NB_CF - PP_ALLOC_CACHE_SIZE) });
	assert_int_equal(nm_misuse_count() - m0, 2);
	assert_int_equal(page_pool_inflight(pool2), 0);
	pool_free_idle(pool2);

	/* put_page() dropping the pool's own reference: counted, and taken
	 * as the page_pool_put_full_page() it should have been */
	x = page_pool_dev_alloc_pages(pool);
	put_page(x);
	assert_int_equal(nm_misuse_count() - m0, 3);
	assert_int_equal(page_ref_count(x), 1);
	assert_true(netmem_is_pp(page_to_netmem(x)));
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

static void test_misuse_double_put_debug(void **state)
{
	(void)state;
#ifdef NM_DEBUG
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool_stats s0, s1;
	struct page *p, *q, *x, *y, *z;
	uint32_t cache;
	uint64_t m0;

	p = page_pool_dev_alloc_pages(pool);
	q = page_pool_dev_alloc_pages(pool);
	page_pool_recycle_direct(pool, p);
	page_pool_recycle_direct(pool, q);
	cache = pool->alloc.count;
	m0 = nm_misuse_count();
	s0 = stats_of(pool);
	page_pool_recycle_direct(pool, p);	/* not in a row: q in between */
	s1 = stats_of(pool);
	assert_int_equal(nm_misuse_count() - m0, 1);
	EXPECT_DELTA(s0, s1, {0});
	assert_int_equal(pool->alloc.count, cache);
	/* the cache holds p once */
	x = page_pool_dev_alloc_pages(pool);
	y = page_pool_dev_alloc_pages(pool);
	z = page_pool_dev_alloc_pages(pool);
	assert_ptr_equal(x, q);
	assert_ptr_equal(y, p);
	assert_ptr_not_equal(z, p);
	assert_ptr_not_equal(z, q);
	page_pool_recycle_direct(pool, z);
	assert_int_equal(page_pool_inflight(pool), 2);

	/* double put into the ring (from a thread that is not the owner: the
	 * owner recycles into its cache even without allow_direct) */
	s0 = stats_of(pool);
	{
		struct page *pqp[3] = { p, q, p };

		put_all_ring(pool, pqp, 3);
	}
	assert_int_equal(nm_misuse_count() - m0, 2);
	assert_int_equal(rte_ring_count(pool->ring), 2);
	/* a page sitting in the ring put again, direct */
	page_pool_recycle_direct(pool, q);
	assert_int_equal(nm_misuse_count() - m0, 3);
	assert_int_equal(rte_ring_count(pool->ring), 2);
	assert_int_equal(pool->alloc.count, cache - 2);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { RECYCLE(.ring = 2) });
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
#else
	print_message("NM_DEBUG not defined: only double puts in a row are caught\n");
	skip();
#endif
}

static void test_misuse_double_destroy(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 64, 128, main_lcore);
	struct pool_names names = pool_names(pool);
	struct page *p;
	uint64_t m0;
	(void)state;

	p = page_pool_dev_alloc_pages(pool);	/* keeps the pool alive */
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 1);
	m0 = nm_misuse_count();
	page_pool_destroy(pool);
	assert_int_equal(nm_misuse_count() - m0, 1);
	assert_int_equal(nm_page_pool_reap(), 1);
	assert_pool_alive(&names);
	page_pool_put_full_page(pool, p, true);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_pool_gone(&names);
	assert_int_equal(nm_misuse_count() - m0, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_destroy_deferred),
		cmocka_unit_test(test_destroy_never_returned),
		cmocka_unit_test(test_misuse_frag_underflow),
		cmocka_unit_test(test_misuse_wrong_pool),
		cmocka_unit_test(test_misuse_double_put_in_a_row),
		cmocka_unit_test(test_misuse_double_put_debug),
		cmocka_unit_test(test_misuse_double_destroy),
	};

	return page_pool_run("page_pool_misuse", tests, sizeof(tests) / sizeof(tests[0]));
}

