/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the page_pool (lib/page_pool) over the host provider: the
 * alloc cache / ring / provider paths and every statistic they move (slow
 * then fast recycle, high orders, a full cache, a full ring, refill from an
 * empty ring, waive, DMA sync), returns from another lcore and from a
 * non-EAL thread.
 *
 * After the cases no pool waits for pages (nm_page_pool_reap() == 0).
 */
#include "page_pool_fixture.h"

static bool in_set(struct page *p, struct page **set, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (set[i] == p)
			return true;
	return false;
}

static int remote_lcore_fn(void *arg)
{
	remote_run(arg);
	return 0;
}

static unsigned int worker_lcore(void)
{
	return rte_get_next_lcore(-1, 1, 0);
}

static void run_on_worker(struct remote_op *op)
{
	unsigned int w = worker_lcore();

	assert_true(w < RTE_MAX_LCORE);
	assert_int_equal(rte_eal_remote_launch(remote_lcore_fn, op, w), 0);
	assert_int_equal(rte_eal_wait_lcore(w), 0);
	assert_int_equal(op->lcore, w);
}

static int need_worker(void)
{
	if (rte_lcore_count() < 2 || worker_lcore() >= RTE_MAX_LCORE) {
		print_message("needs a second lcore: skipped\n");
		return 0;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* alloc cache, provider, ring                                          */
/* ------------------------------------------------------------------ */

static void test_slow_then_fast_recycle(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool_stats s0, s1, s2;
	struct page *p, *q;
	(void)state;

	s0 = stats_of(pool);
	EXPECT_DELTA(s0, s0, {0});
	assert_int_equal(page_pool_inflight(pool), 0);

	/* first alloc: ring empty, provider fills the cache by 64 */
	p = page_pool_dev_alloc_pages(pool);
	check_out_page(pool, p);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { ALLOC(.slow = 1, .empty = 1) });
	assert_int_equal(pool->alloc.count, PP_ALLOC_CACHE_REFILL - 1);
	assert_int_equal(mempool_in_use(pool), PP_ALLOC_CACHE_REFILL);
	assert_int_equal(page_pool_inflight(pool), 1);

	/* recycle direct, then alloc again: the very same page, fast */
	page_pool_recycle_direct(pool, p);
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(pool->alloc.count, PP_ALLOC_CACHE_REFILL);
	assert_int_equal(page_pp_refs(p), 1);
	assert_true(netmem_is_pp(page_to_netmem(p)));
	q = page_pool_dev_alloc_pages(pool);
	assert_ptr_equal(q, p);
	check_out_page(pool, q);
	s2 = stats_of(pool);
	EXPECT_DELTA(s1, s2, { ALLOC(.fast = 1), RECYCLE(.cached = 1) });
	assert_int_equal(page_pool_inflight(pool), 1);

	/* netmem flavour of the same path */
	page_pool_recycle_direct_netmem(pool, page_to_netmem(q));
	netmem_ref nm = page_pool_dev_alloc_netmems(pool);
	assert_true(netmem_eq(nm, page_to_netmem(p)));
	assert_false(netmem_is_net_iov(nm));
	page_pool_put_full_netmem(pool, nm, true);
	s1 = stats_of(pool);
	EXPECT_DELTA(s2, s1, { ALLOC(.fast = 1), RECYCLE(.cached = 2) });

	/* the 63 remaining cache entries are served fast, then slow again */
	struct page *pages[PP_ALLOC_CACHE_REFILL + 1];

	alloc_n(pool, pages, PP_ALLOC_CACHE_REFILL + 1);
	assert_true(all_distinct(pages, PP_ALLOC_CACHE_REFILL + 1));
	s2 = stats_of(pool);
	EXPECT_DELTA(s1, s2, { ALLOC(.fast = PP_ALLOC_CACHE_REFILL, .slow = 1, .empty = 1) });
	assert_int_equal(page_pool_inflight(pool), PP_ALLOC_CACHE_REFILL + 1);
	assert_int_equal(mempool_in_use(pool), 2 * PP_ALLOC_CACHE_REFILL);
	put_all(pool, pages, PP_ALLOC_CACHE_REFILL + 1, true);
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

static void test_slow_high_order(void **state)
{
	struct page_pool *pool = pool_new(PP_FLAG_DMA_MAP, 2, 64, 16, main_lcore);
	struct page_pool_stats s0, s1;
	struct page *p[3], *q;
	(void)state;

	s0 = stats_of(pool);
	p[0] = page_pool_dev_alloc_pages(pool);
	check_out_page(pool, p[0]);
	assert_int_equal(page_size(p[0]), 4 * PAGE_SIZE);
	assert_int_equal(compound_order(p[0]), 2);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { ALLOC(.slow_high_order = 1, .empty = 1) });
	/* high order: one page per provider call, no cache fill */
	assert_int_equal(pool->alloc.count, 0);
	assert_int_equal(mempool_in_use(pool), 1);

	p[1] = page_pool_dev_alloc_pages(pool);
	p[2] = page_pool_dev_alloc_pages(pool);
	check_out_page(pool, p[1]);
	check_out_page(pool, p[2]);
	assert_true(all_distinct(p, 3));
	s0 = stats_of(pool);
	EXPECT_DELTA(s1, s0, { ALLOC(.slow_high_order = 2, .empty = 2) });
	assert_int_equal(page_pool_inflight(pool), 3);
	memset(page_address(p[2]), 0x5a, page_size(p[2]));

	page_pool_recycle_direct(pool, p[2]);
	q = page_pool_dev_alloc_pages(pool);
	assert_ptr_equal(q, p[2]);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { ALLOC(.fast = 1), RECYCLE(.cached = 1) });
	put_all(pool, p, 3, true);
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(pool->alloc.count, 3);
	pool_free_idle(pool);
}

static void test_cache_full(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool_stats s0, s1, s2;
	struct page *pages[NB_CF], *again[NB_CF];
	(void)state;

	s0 = stats_of(pool);
	alloc_n(pool, pages, NB_CF);
	assert_true(all_distinct(pages, NB_CF));
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { ALLOC(.fast = NB_CF - 3, .slow = 3, .empty = 3) });
	assert_int_equal(pool->alloc.count, 0);
	assert_int_equal(page_pool_inflight(pool), NB_CF);

	/* all returned direct: 128 cached, the rest overflow to the ring */
	put_all(pool, pages, NB_CF, true);
	s2 = stats_of(pool);
	EXPECT_DELTA(s1, s2, { RECYCLE(.cached = PP_ALLOC_CACHE_SIZE,
				       .cache_full = NB_CF - PP_ALLOC_CACHE_SIZE,
				       .ring = NB_CF - PP_ALLOC_CACHE_SIZE) });
	assert_int_equal(pool->alloc.count, PP_ALLOC_CACHE_SIZE);
	assert_int_equal(rte_ring_count(pool->ring), NB_CF - PP_ALLOC_CACHE_SIZE);
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(mempool_in_use(pool), NB_CF);

	/* alloc them back: 128 fast, then one refill of 64 from the ring */
	alloc_n(pool, again, NB_CF);
	assert_true(all_distinct(again, NB_CF));
	for (unsigned int i = 0; i < NB_CF; i++)
		assert_true(in_set(again[i], pages, NB_CF));
	s1 = stats_of(pool);
	EXPECT_DELTA(s2, s1, { ALLOC(.fast = NB_CF - 1, .refill = 1) });
	assert_int_equal(rte_ring_count(pool->ring), 0);
	assert_int_equal(pool->alloc.count, 0);
	assert_int_equal(page_pool_inflight(pool), NB_CF);
	put_all(pool, again, NB_CF, true);
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

#define RF_RING		64

#define RF_PAGES	512

#define RF_N		100

static void ring_full_case(unsigned int lcore, bool allow_direct)
{
	struct page_pool *pool = pool_new(0, 0, RF_RING, RF_PAGES, lcore);
	struct page_pool_stats s0, s1, s2;
	struct page *pages[RF_N], *again[RF_RING];
	bool owner = lcore == main_lcore;

	s0 = stats_of(pool);
	alloc_n(pool, pages, RF_N);
	assert_true(all_distinct(pages, RF_N));
	s1 = stats_of(pool);
	if (owner)	/* cache refills of 64 */
		EXPECT_DELTA(s0, s1, { ALLOC(.fast = RF_N - 2, .slow = 2, .empty = 2) });
	else		/* no cache: one page per provider call */
		EXPECT_DELTA(s0, s1, { ALLOC(.slow = RF_N) });
	assert_int_equal(page_pool_inflight(pool), RF_N);

	/* returns go to the ring; beyond its 64 entries back to the mempool
	 * (the owner's pool: returned by a thread that is not its owner) */
	if (owner)
		put_all_ring(pool, pages, RF_N);
	else
		put_all(pool, pages, RF_N, allow_direct);
	s2 = stats_of(pool);
	EXPECT_DELTA(s1, s2, { RECYCLE(.ring = RF_RING, .ring_full = RF_N - RF_RING) });
	assert_int_equal(rte_ring_count(pool->ring), RF_RING);
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(mempool_in_use(pool), RF_RING + pool->alloc.count);
	for (unsigned int i = RF_RING; i < RF_N; i++) {
		/* released pages left the pool */
		assert_false(netmem_is_pp(page_to_netmem(pages[i])));
		assert_null(pages[i]->pp);
		assert_int_equal(page_ref_count(pages[i]), 0);
	}
	if (!owner) {
		/* a non-owner takes from the ring first: refill per page */
		alloc_n(pool, again, RF_RING);
		for (unsigned int i = 0; i < RF_RING; i++)
			assert_true(in_set(again[i], pages, RF_RING));
		s1 = stats_of(pool);
		EXPECT_DELTA(s2, s1, { ALLOC(.refill = RF_RING) });
		assert_int_equal(rte_ring_count(pool->ring), 0);
		assert_int_equal(page_pool_inflight(pool), RF_RING);
		put_all(pool, again, RF_RING, true);
		assert_int_equal(rte_ring_count(pool->ring), RF_RING);
	}
	pool_free_idle(pool);
}

static void test_ring_full(void **state)
{
	(void)state;
	ring_full_case(PP_LCORE_NONE, true);	/* no owner */
	ring_full_case(main_lcore, false);	/* owner's pool, another thread returns */
}

static void test_refill_empty(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool_stats s0, s1, s2;
	struct page *pages[PP_ALLOC_CACHE_REFILL + 1], *again[PP_ALLOC_CACHE_REFILL];
	(void)state;

	s0 = stats_of(pool);
	alloc_n(pool, pages, PP_ALLOC_CACHE_REFILL);
	assert_int_equal(pool->alloc.count, 0);
	/* returned by another thread: into the ring, not the cache */
	put_all_ring(pool, pages, PP_ALLOC_CACHE_REFILL);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { ALLOC(.fast = PP_ALLOC_CACHE_REFILL - 1, .slow = 1, .empty = 1),
			       RECYCLE(.ring = PP_ALLOC_CACHE_REFILL) });
	assert_int_equal(pool->alloc.count, 0);
	assert_int_equal(rte_ring_count(pool->ring), PP_ALLOC_CACHE_REFILL);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* cache empty, ring full of pages: one refill moves them all */
	again[0] = page_pool_dev_alloc_pages(pool);
	check_out_page(pool, again[0]);
	s2 = stats_of(pool);
	EXPECT_DELTA(s1, s2, { ALLOC(.refill = 1) });
	assert_int_equal(pool->alloc.count, PP_ALLOC_CACHE_REFILL - 1);
	assert_int_equal(rte_ring_count(pool->ring), 0);
	alloc_n(pool, again + 1, PP_ALLOC_CACHE_REFILL - 1);
	for (unsigned int i = 0; i < PP_ALLOC_CACHE_REFILL; i++)
		assert_true(in_set(again[i], pages, PP_ALLOC_CACHE_REFILL));
	assert_true(all_distinct(again, PP_ALLOC_CACHE_REFILL));
	s1 = stats_of(pool);
	EXPECT_DELTA(s2, s1, { ALLOC(.fast = PP_ALLOC_CACHE_REFILL - 1) });

	/* cache and ring both empty: empty, then slow from the provider */
	pages[PP_ALLOC_CACHE_REFILL] = page_pool_dev_alloc_pages(pool);
	check_out_page(pool, pages[PP_ALLOC_CACHE_REFILL]);
	assert_false(in_set(pages[PP_ALLOC_CACHE_REFILL], again, PP_ALLOC_CACHE_REFILL));
	s2 = stats_of(pool);
	EXPECT_DELTA(s1, s2, { ALLOC(.empty = 1, .slow = 1) });
	assert_int_equal(page_pool_inflight(pool), PP_ALLOC_CACHE_REFILL + 1);

	put_all(pool, again, PP_ALLOC_CACHE_REFILL, true);
	page_pool_recycle_direct(pool, pages[PP_ALLOC_CACHE_REFILL]);
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

static void test_waive(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool_stats s0, s1;
	struct page *pages[PP_ALLOC_CACHE_REFILL], *p;
	(void)state;

	alloc_n(pool, pages, PP_ALLOC_CACHE_REFILL);
	for (unsigned int i = 0; i < PP_ALLOC_CACHE_REFILL; i++)
		assert_int_not_equal(page_to_nid(pages[i]), 5);
	put_all_ring(pool, pages, PP_ALLOC_CACHE_REFILL);
	assert_int_equal(rte_ring_count(pool->ring), PP_ALLOC_CACHE_REFILL);
	assert_int_equal(pool->alloc.count, 0);

	/* the pool now prefers node 5: every ring page is waived */
	page_pool_nid_changed(pool, 5);
	s0 = stats_of(pool);
	p = page_pool_dev_alloc_pages(pool);
	check_out_page(pool, p);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { ALLOC(.waive = PP_ALLOC_CACHE_REFILL, .slow = 1) });
	assert_int_equal(rte_ring_count(pool->ring), 0);
	assert_int_equal(pool->alloc.count, PP_ALLOC_CACHE_REFILL - 1);
	assert_int_equal(page_pool_inflight(pool), 1);
	assert_int_equal(mempool_in_use(pool), PP_ALLOC_CACHE_REFILL);

	/* back to any node: ring pages are cached again */
	page_pool_nid_changed(pool, NUMA_NO_NODE);
	put_all_ring(pool, &p, 1);
	assert_int_equal(rte_ring_count(pool->ring), 1);
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

static void test_dma_sync_dev_pool(void **state)
{
	struct page_pool *pool = pool_new(PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV, 0, 0, 256,
					  main_lcore);
	struct page_pool_stats s0, s1;
	struct page *p, *q;
	(void)state;

	p = page_pool_dev_alloc_pages(pool);
	check_out_page(pool, p);
	s0 = stats_of(pool);
	/* no inline fast path with DMA_SYNC_DEV, still cached */
	page_pool_put_page(pool, p, 1500, true);
	q = page_pool_dev_alloc_pages(pool);
	assert_ptr_equal(q, p);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { ALLOC(.fast = 1), RECYCLE(.cached = 1) });
	/* allow_direct false on the owner lcore: cached too, as the kernel's
	 * page_pool_napi_local() recycles directly in the pool's NAPI context */
	page_pool_put_full_page(pool, q, false);
	s0 = stats_of(pool);
	EXPECT_DELTA(s1, s0, { RECYCLE(.cached = 1) });
	assert_ptr_equal(page_pool_dev_alloc_pages(pool), q);
	put_all_ring(pool, &q, 1);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { ALLOC(.fast = 1), RECYCLE(.ring = 1) });
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

/* ------------------------------------------------------------------ */
/* other lcores and threads                                             */
/* ------------------------------------------------------------------ */

static void test_remote_lcore_returns(void **state)
{
	struct page_pool *pool;
	struct page_pool_stats s0, s1, s2;
	struct page *pages[PP_ALLOC_CACHE_REFILL], *again[PP_ALLOC_CACHE_REFILL];
	struct remote_op op;
	(void)state;

	if (!need_worker())
		skip();
	pool = pool_new(0, 0, 0, 0, main_lcore);
	alloc_n(pool, pages, PP_ALLOC_CACHE_REFILL);
	assert_int_equal(pool->alloc.count, 0);
	s0 = stats_of(pool);

	/* the worker returns them with allow_direct: not the owner, so the
	 * ring, never the owner's lockless cache */
	memset(&op, 0, sizeof(op));
	op.kind = REMOTE_PUT;
	op.pool = pool;
	op.pages = pages;
	op.n = PP_ALLOC_CACHE_REFILL;
	op.allow_direct = true;
	run_on_worker(&op);
	assert_int_equal(op.done, PP_ALLOC_CACHE_REFILL);
	assert_int_equal(op.cache_count_after, 0);
	assert_int_equal(op.ring_count_after, PP_ALLOC_CACHE_REFILL);
	assert_int_equal(pool->alloc.count, 0);
	assert_int_equal(rte_ring_count(pool->ring), PP_ALLOC_CACHE_REFILL);
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { RECYCLE(.ring = PP_ALLOC_CACHE_REFILL) });
	assert_int_equal(page_pool_inflight(pool), 0);

	/* the owner's cache is empty: its next alloc refills from the ring */
	alloc_n(pool, again, PP_ALLOC_CACHE_REFILL);
	for (unsigned int i = 0; i < PP_ALLOC_CACHE_REFILL; i++)
		assert_true(in_set(again[i], pages, PP_ALLOC_CACHE_REFILL));
	s2 = stats_of(pool);
	EXPECT_DELTA(s1, s2, { ALLOC(.refill = 1, .fast = PP_ALLOC_CACHE_REFILL - 1) });
	assert_int_equal(page_pool_inflight(pool), PP_ALLOC_CACHE_REFILL);

	/* the worker allocates from a pool it does not own: from the ring
	 * (refill), else the provider one page at a time (slow), and never
	 * touches the owner's cache */
	put_all_ring(pool, again, 10);		/* 10 in the ring */
	assert_int_equal(rte_ring_count(pool->ring), 10);
	s0 = stats_of(pool);
	struct page *wpages[16];

	memset(&op, 0, sizeof(op));
	op.kind = REMOTE_ALLOC;
	op.pool = pool;
	op.pages = wpages;
	op.n = 16;
	run_on_worker(&op);
	assert_int_equal(op.done, 16);
	assert_int_equal(op.cache_count_after, 0);
	assert_int_equal(op.ring_count_after, 0);
	assert_int_equal(op.in_use_after, PP_ALLOC_CACHE_REFILL + 6);
	for (unsigned int i = 0; i < 16; i++)
		check_out_page(pool, wpages[i]);
	for (unsigned int i = 0; i < 10; i++)
		assert_true(in_set(wpages[i], again, 10));
	assert_true(all_distinct(wpages, 16));
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { ALLOC(.refill = 10, .slow = 6) });
	assert_int_equal(page_pool_inflight(pool), PP_ALLOC_CACHE_REFILL - 10 + 16);

	/* the worker returns those too: ring again */
	memset(&op, 0, sizeof(op));
	op.kind = REMOTE_PUT;
	op.pool = pool;
	op.pages = wpages;
	op.n = 16;
	op.allow_direct = true;
	run_on_worker(&op);
	assert_int_equal(op.cache_count_after, 0);
	assert_int_equal(op.ring_count_after, 16);
	s2 = stats_of(pool);
	EXPECT_DELTA(s1, s2, { RECYCLE(.ring = 16) });
	put_all(pool, again + 10, PP_ALLOC_CACHE_REFILL - 10, true);
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

/*
 * A non-EAL thread (rte_lcore_id() == LCORE_ID_ANY) is never the owner of
 * a pool, also of one made with lcore PP_LCORE_NONE: it must not use the
 * lockless alloc cache, which any number of such threads could share.
 */
static void test_non_eal_thread_not_owner(void **state)
{
	struct page_pool *pool;
	struct page_pool_stats s0, s1, s2;
	struct page *page = NULL;
	struct remote_op alloc_op, put_op;
	(void)state;

	for (int variant = 0; variant < 2; variant++) {
		unsigned int lcore = variant == 0 ? main_lcore : PP_LCORE_NONE;

		pool = pool_new(0, 0, 64, 256, lcore);
		s0 = stats_of(pool);
		memset(&alloc_op, 0, sizeof(alloc_op));
		alloc_op.kind = REMOTE_ALLOC;
		alloc_op.pool = pool;
		alloc_op.pages = &page;
		alloc_op.n = 1;
		run_on_non_eal_thread(&alloc_op);
		s1 = stats_of(pool);

		memset(&put_op, 0, sizeof(put_op));
		put_op.kind = REMOTE_PUT;
		put_op.pool = pool;
		put_op.pages = &page;
		put_op.n = alloc_op.done;
		put_op.allow_direct = true;
		run_on_non_eal_thread(&put_op);
		s2 = stats_of(pool);
		/* clean up before checking so a failure leaks nothing */
		pool_free_idle(pool);

		print_message("non-EAL thread, pool lcore %s: cache %u after alloc, %u after put; ring %u\n",
			      variant == 0 ? "main" : "PP_LCORE_NONE",
			      alloc_op.cache_count_after, put_op.cache_count_after,
			      put_op.ring_count_after);
		assert_int_equal(alloc_op.done, 1);
		/* one page from the provider, none parked in the cache */
		assert_int_equal(alloc_op.cache_count_after, 0);
		assert_int_equal(alloc_op.in_use_after, 1);
		EXPECT_DELTA(s0, s1, { ALLOC(.slow = 1) });
		/* returned to the ring, not the cache */
		assert_int_equal(put_op.cache_count_after, 0);
		assert_int_equal(put_op.ring_count_after, 1);
		EXPECT_DELTA(s1, s2, { RECYCLE(.ring = 1) });
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slow_then_fast_recycle),
		cmocka_unit_test(test_slow_high_order),
		cmocka_unit_test(test_cache_full),
		cmocka_unit_test(test_ring_full),
		cmocka_unit_test(test_refill_empty),
		cmocka_unit_test(test_waive),
		cmocka_unit_test(test_dma_sync_dev_pool),
		cmocka_unit_test(test_remote_lcore_returns),
		cmocka_unit_test(test_non_eal_thread_not_owner),
	};

	return page_pool_run("page_pool_recycle", tests, sizeof(tests) / sizeof(tests[0]));
}

