/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the page_pool (lib/page_pool) over the host provider:
 * parameter validation, invalid and valid.
 *
 * After the cases no pool waits for pages (nm_page_pool_reap() == 0).
 */
#include "page_pool_fixture.h"

/* ------------------------------------------------------------------ */
/* parameters                                                           */
/* ------------------------------------------------------------------ */

static void expect_create_err(const struct page_pool_params *pp, long err)
{
	struct page_pool *pool = page_pool_create(pp);

	assert_true(IS_ERR(pool));
	assert_int_equal(PTR_ERR(pool), err);
}

static bool dummy_release(struct page_pool *pool, netmem_ref netmem)
{
	(void)pool;
	(void)netmem;
	return true;
}

static void test_params_invalid(void **state)
{
	struct page_pool_params pp;
	(void)state;

	expect_create_err(NULL, -EINVAL);

	/* unknown flag bits */
	pp = base_params();
	pp.flags = BIT(4);
	expect_create_err(&pp, -EINVAL);
	pp.flags = PP_FLAG_DMA_MAP | BIT(31);
	expect_create_err(&pp, -EINVAL);
	pp.flags = (unsigned int)~PP_FLAG_ALL;
	expect_create_err(&pp, -EINVAL);

	/* order above NM_MAX_PAGE_ORDER */
	pp = base_params();
	pp.order = NM_MAX_PAGE_ORDER + 1;
	expect_create_err(&pp, -EINVAL);
	pp.order = 5;
	expect_create_err(&pp, -EINVAL);

	/* DMA_SYNC_DEV without DMA_MAP */
	pp = base_params();
	pp.flags = PP_FLAG_DMA_SYNC_DEV;
	pp.max_len = PAGE_SIZE;
	expect_create_err(&pp, -EINVAL);

	/* DMA_SYNC_DEV with an empty or too large window */
	pp = base_params();
	pp.flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV;
	pp.max_len = 0;
	expect_create_err(&pp, -EINVAL);
	pp.max_len = PAGE_SIZE;
	pp.offset = 1;
	expect_create_err(&pp, -EINVAL);
	pp.offset = 256;
	pp.max_len = PAGE_SIZE - 255;
	expect_create_err(&pp, -EINVAL);
	pp.order = 1;		/* same window fits an order-1 page */
	pp.offset = 256;
	pp.max_len = 2 * PAGE_SIZE - 255;
	expect_create_err(&pp, -EINVAL);

	/* DMA_MAP in a direction a RX pool cannot use */
	pp = base_params();
	pp.flags = PP_FLAG_DMA_MAP;
	pp.dma_dir = DMA_TO_DEVICE;
	expect_create_err(&pp, -EINVAL);

	/* ring above the ptr_ring limit */
	pp = base_params();
	pp.pool_size = 32769;
	expect_create_err(&pp, -E2BIG);
	pp.pool_size = UINT32_MAX;
	expect_create_err(&pp, -E2BIG);

	/* owner lcore that does not exist */
	pp = base_params();
	pp.lcore = RTE_MAX_LCORE;
	expect_create_err(&pp, -EINVAL);

	/* unreadable provider without PP_FLAG_ALLOW_UNREADABLE_NETMEM */
	assert_true(dmabuf_devmem_ops.unreadable);
	assert_non_null(dmabuf_devmem_ops.release_netmem);
	pp = base_params();
	pp.flags = PP_FLAG_DMA_MAP;
	pp.mp_ops = &dmabuf_devmem_ops;
	expect_create_err(&pp, -EINVAL);

	/* a provider that cannot allocate */
	{
		static const struct memory_provider_ops no_alloc = {
			.release_netmem = dummy_release,
			.name = "no_alloc",
		};

		pp = base_params();
		pp.mp_ops = &no_alloc;
		expect_create_err(&pp, -EINVAL);
	}
	assert_int_equal(nm_page_pool_reap(), 0);
}

static void test_params_valid(void **state)
{
	struct page_pool_params pp;
	struct page_pool *pool;
	struct page_pool_stats s;
	struct page *p;
	(void)state;

	/* every valid flag but ALLOW_UNREADABLE with the host provider */
	pp = base_params();
	pp.flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV | PP_FLAG_ALLOW_UNREADABLE_NETMEM;
	pp.offset = 256;
	pp.max_len = PAGE_SIZE - 256;
	pp.nr_pages = 64;
	pool = page_pool_create(&pp);
	assert_false(IS_ERR_OR_NULL(pool));
	assert_false(page_pool_is_unreadable(pool));
	assert_int_equal(pool->owner_lcore, main_lcore);
	assert_int_equal(pool->max_size, PAGE_SIZE);
	assert_int_equal(pool->p.pool_size, PP_DEFAULT_POOL_SIZE);
	assert_null(pool->mp_ops);	/* the built-in host allocator */
	assert_int_equal(rte_mempool_avail_count(nm_page_pool_mempool(pool)), 64);
	pool_free_idle(pool);

	/* order 4, the largest */
	pp = base_params();
	pp.order = NM_MAX_PAGE_ORDER;
	pp.nr_pages = 8;
	pp.pool_size = 16;
	pool = page_pool_create(&pp);
	assert_false(IS_ERR_OR_NULL(pool));
	assert_int_equal(pool->max_size, PAGE_SIZE << NM_MAX_PAGE_ORDER);
	p = page_pool_dev_alloc_pages(pool);
	check_out_page(pool, p);
	assert_int_equal(page_size(p), PAGE_SIZE << NM_MAX_PAGE_ORDER);
	memset(page_address(p), 0xa5, page_size(p));
	page_pool_recycle_direct(pool, p);
	pool_free_idle(pool);

	/* the largest ring, DMA_SYNC_DEV window of the whole page */
	pp = base_params();
	pp.flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV;
	pp.max_len = PAGE_SIZE;
	pp.pool_size = 32768;
	pp.nr_pages = 64;
	pool = page_pool_create(&pp);
	assert_false(IS_ERR_OR_NULL(pool));
	assert_int_equal(rte_ring_get_capacity(pool->ring), 32768);
	pool_free_idle(pool);

	/* default sizes: ring 1024, 2 * ring + 2 * cache pages */
	pp = base_params();
	pool = page_pool_create(&pp);
	assert_false(IS_ERR_OR_NULL(pool));
	assert_int_equal(rte_ring_get_capacity(pool->ring), PP_DEFAULT_POOL_SIZE);
	assert_int_equal(pool->p.nr_pages, 2 * PP_DEFAULT_POOL_SIZE + 2 * PP_ALLOC_CACHE_SIZE);
	assert_int_equal(rte_mempool_avail_count(nm_page_pool_mempool(pool)),
			 2 * PP_DEFAULT_POOL_SIZE + 2 * PP_ALLOC_CACHE_SIZE);
	/* stats start at zero and page_pool_get_stats() adds into its arg */
	memset(&s, 0, sizeof(s));
	s.alloc_stats.fast = 5;
	s.recycle_stats.ring = 7;
	assert_true(page_pool_get_stats(pool, &s));
	assert_int_equal(s.alloc_stats.fast, 5);
	assert_int_equal(s.recycle_stats.ring, 7);
	assert_int_equal(s.alloc_stats.slow, 0);
	p = page_pool_dev_alloc_pages(pool);
	page_pool_recycle_direct(pool, p);
	p = page_pool_dev_alloc_pages(pool);
	page_pool_recycle_direct(pool, p);
	assert_true(page_pool_get_stats(pool, &s));
	assert_true(page_pool_get_stats(pool, &s));
	assert_int_equal(s.alloc_stats.fast, 5 + 2 * 1);
	assert_int_equal(s.alloc_stats.slow, 2 * 1);
	assert_int_equal(s.recycle_stats.cached, 2 * 2);
	assert_int_equal(s.recycle_stats.ring, 7);
	assert_false(page_pool_get_stats(NULL, &s));
	assert_false(page_pool_get_stats(pool, NULL));
	pool_free_idle(pool);

	/* a system pool has no owner even when given one */
	pp = base_params();
	pp.flags = PP_FLAG_SYSTEM_POOL;
	pp.nr_pages = 32;
	pp.pool_size = 32;
	pool = page_pool_create(&pp);
	assert_false(IS_ERR_OR_NULL(pool));
	assert_int_equal(pool->owner_lcore, PP_LCORE_NONE);
	p = page_pool_dev_alloc_pages(pool);
	check_out_page(pool, p);
	assert_int_equal(pool->alloc.count, 0);	/* no alloc cache */
	page_pool_recycle_direct(pool, p);
	assert_int_equal(pool->alloc.count, 0);
	assert_int_equal(rte_ring_count(pool->ring), 1);
	pool_free_idle(pool);

	/* page_pool_destroy() of NULL or of an error pointer does nothing */
	page_pool_destroy(NULL);
	page_pool_destroy(ERR_PTR(-EINVAL));
	assert_int_equal(page_pool_inflight(NULL), 0);
	assert_int_equal(nm_page_pool_reap(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_params_invalid),
		cmocka_unit_test(test_params_valid),
	};

	return page_pool_run("page_pool_params", tests, sizeof(tests) / sizeof(tests[0]));
}

