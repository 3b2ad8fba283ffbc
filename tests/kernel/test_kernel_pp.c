/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The page_pool and netmem names of kernel 6.12+, used through the
 * kernel-style include tree only: page_pool_dev_alloc_netmems(),
 * page_pool_dev_alloc_netmem(), page_pool_unref_and_test(),
 * page_pool_put_unrefed_netmem/page(), page_pool_get_dma_dir(),
 * page_pool_disable_direct_recycling(), the ethtool statistics API
 * (names, order, count, values, returned pointers), virt_to_netmem(),
 * __netmem_address(), __netmem_get_pp(), netmem_compound_head(),
 * netmem_is_pfmemalloc(), netmem_is_pref_nid(). Every case ends with the
 * pool's inflight at 0 and no misuse counted.
 */
#include "test_common.h"

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <net/netmem.h>
#include <net/page_pool/helpers.h>
#include <net/page_pool/types.h>

#define ETH_GSTRING_LEN	32	/* linux/ethtool.h */

static struct page_pool *pp_new(enum dma_data_direction dir)
{
	struct page_pool_params pp = {
		.order = 0,
		.pool_size = 256,
		.nid = NUMA_NO_NODE,
		.dev = PP_DEV_NONE,
		.lcore = rte_lcore_id(),
		.dma_dir = dir,
		.flags = PP_FLAG_DMA_MAP,
	};
	struct page_pool *pool = page_pool_create(&pp);

	assert_false(IS_ERR_OR_NULL(pool));
	return pool;
}

static void pp_done(struct page_pool *pool, u64 misuse_before)
{
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(nm_misuse_count(), misuse_before);
	page_pool_destroy(pool);
}

static struct page_pool_stats pp_stats(const struct page_pool *pool)
{
	struct page_pool_stats st;

	memset(&st, 0, sizeof(st));
	assert_true(page_pool_get_stats(pool, &st));
	return st;
}

/* A whole netmem and a frag, with the kernel's signatures. */
static void test_dev_alloc_netmem(void **state)
{
	u64 misuse = nm_misuse_count();
	struct page_pool *pool = pp_new(DMA_FROM_DEVICE);
	unsigned int off1, off2, size1 = 1024, size2 = 1024, size3 = 3000, off3 = 77;
	netmem_ref whole, f1, f2, big;

	(void)state;
	whole = page_pool_dev_alloc_netmems(pool);
	assert_false(netmem_is_null(whole));
	assert_false(netmem_is_net_iov(whole));
	assert_true(netmem_is_pp(whole));
	assert_int_equal(page_pool_inflight(pool), 1);

	f1 = page_pool_dev_alloc_netmem(pool, &off1, &size1);
	f2 = page_pool_dev_alloc_netmem(pool, &off2, &size2);
	assert_true(netmem_eq(f1, f2));		/* two frags of one page */
	assert_int_equal(off1, 0);
	assert_int_equal(off2, 1024);
	assert_int_equal(size1, 1024);
	assert_int_equal(size2, 1024);

	/* more than half a page: a whole page, size grown to the page */
	big = page_pool_dev_alloc_netmem(pool, &off3, &size3);
	assert_false(netmem_is_null(big));
	assert_int_equal(off3, 0);
	assert_int_equal(size3, PAGE_SIZE);

	page_pool_put_full_netmem(pool, whole, true);
	page_pool_put_full_netmem(pool, f1, true);
	page_pool_put_full_netmem(pool, f2, true);
	page_pool_put_full_netmem(pool, big, true);
	pp_done(pool, misuse);
}

/* unref_and_test() is true only for the last reference; the caller then
 * returns the netmem (or page) with put_unrefed. */
static void test_unref_and_put_unrefed(void **state)
{
	u64 misuse = nm_misuse_count();
	struct page_pool *pool = pp_new(DMA_FROM_DEVICE);
	struct page_pool_stats before, after;
	netmem_ref nm;
	struct page *page;

	(void)state;
	nm = page_pool_dev_alloc_netmems(pool);
	assert_false(netmem_is_null(nm));
	page_pool_fragment_netmem(nm, 3);
	assert_false(page_pool_unref_and_test(nm));
	assert_false(page_pool_unref_and_test(nm));
	assert_int_equal(page_pool_inflight(pool), 1);
	assert_true(page_pool_unref_and_test(nm));
	/* the last reference went: the count is back to the pool's own 1 */
	assert_int_equal(*netmem_get_pp_ref_count_ref(nm), 1);

	before = pp_stats(pool);
	page_pool_put_unrefed_netmem(pool, nm, PAGE_SIZE, true);
	after = pp_stats(pool);
	assert_int_equal(after.recycle_stats.cached, before.recycle_stats.cached + 1);
	assert_int_equal(page_pool_inflight(pool), 0);

	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	assert_true(page_pool_unref_and_test(page_to_netmem(page)));
	before = pp_stats(pool);
	/* allow_direct false on the owner lcore: the alloc cache where the
	 * kernel's page_pool_napi_local() holds, else the ring; once either way */
	page_pool_put_unrefed_page(pool, page, PAGE_SIZE, false);
	after = pp_stats(pool);
	assert_int_equal(after.recycle_stats.ring + after.recycle_stats.cached,
			 before.recycle_stats.ring + before.recycle_stats.cached + 1);
	pp_done(pool, misuse);
}

static void test_get_dma_dir(void **state)
{
	u64 misuse = nm_misuse_count();
	struct page_pool *rx = pp_new(DMA_FROM_DEVICE);
	struct page_pool *bidi = pp_new(DMA_BIDIRECTIONAL);

	(void)state;
	assert_int_equal(page_pool_get_dma_dir(rx), DMA_FROM_DEVICE);
	assert_int_equal(page_pool_get_dma_dir(bidi), DMA_BIDIRECTIONAL);
	pp_done(rx, misuse);
	pp_done(bidi, misuse);
}

/* After page_pool_disable_direct_recycling(), allow_direct true still
 * recycles into the alloc cache; the NAPI-local case is off. */
static void test_disable_direct_recycling(void **state)
{
	u64 misuse = nm_misuse_count();
	struct page_pool *pool = pp_new(DMA_FROM_DEVICE);
	struct page_pool_stats before, after;
	struct page *page;

	(void)state;
	assert_true(nm_page_pool_napi_local(pool));
	page_pool_disable_direct_recycling(pool);
	assert_false(nm_page_pool_napi_local(pool));
	assert_int_equal(pool->flags & PP_NM_NAPI_DIRECT_OFF, PP_NM_NAPI_DIRECT_OFF);

	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	before = pp_stats(pool);
	page_pool_recycle_direct(pool, page);
	after = pp_stats(pool);
	assert_int_equal(after.recycle_stats.cached, before.recycle_stats.cached + 1);

	/* allow_direct false: never the alloc cache now, even on the owner */
	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	page_pool_put_full_page(pool, page, false);
	after = pp_stats(pool);
	assert_int_equal(after.recycle_stats.ring, before.recycle_stats.ring + 1);
	assert_int_equal(after.recycle_stats.cached, before.recycle_stats.cached + 1);
	pp_done(pool, misuse);
}

static void test_ethtool_stats(void **state)
{
	static const char *const names[] = {
		"rx_pp_alloc_fast", "rx_pp_alloc_slow", "rx_pp_alloc_slow_ho",
		"rx_pp_alloc_empty", "rx_pp_alloc_refill", "rx_pp_alloc_waive",
		"rx_pp_recycle_cached", "rx_pp_recycle_cache_full",
		"rx_pp_recycle_ring", "rx_pp_recycle_ring_full",
		"rx_pp_recycle_released_ref",
	};
	u64 misuse = nm_misuse_count();
	struct page_pool *pool = pp_new(DMA_FROM_DEVICE);
	u8 strings[12 * ETH_GSTRING_LEN];
	struct page_pool_stats st;
	u64 data[12];
	struct page *page;
	int i;

	(void)state;
	assert_int_equal(page_pool_ethtool_stats_get_count(), ARRAY_SIZE(names));
	memset(strings, 0xa5, sizeof(strings));
	assert_ptr_equal(page_pool_ethtool_stats_get_strings(strings),
			 strings + 11 * ETH_GSTRING_LEN);
	for (i = 0; i < 11; i++) {
		const char *s = (const char *)strings + i * ETH_GSTRING_LEN;
		size_t n = strlen(names[i]);

		assert_string_equal(s, names[i]);
		for (size_t k = n; k < ETH_GSTRING_LEN; k++)
			assert_int_equal(s[k], 0);	/* NUL-padded */
	}
	assert_int_equal(strings[11 * ETH_GSTRING_LEN], 0xa5);	/* not past it */

	/* move a few counters: slow alloc, cached and ring recycle */
	page = page_pool_dev_alloc_pages(pool);
	page_pool_recycle_direct(pool, page);
	page = page_pool_dev_alloc_pages(pool);
	page_pool_put_full_page(pool, page, false);

	st = pp_stats(pool);
	memset(data, 0xa5, sizeof(data));
	assert_ptr_equal(page_pool_ethtool_stats_get(data, &st), data + 11);
	assert_int_equal(data[0], st.alloc_stats.fast);
	assert_int_equal(data[1], st.alloc_stats.slow);
	assert_int_equal(data[2], st.alloc_stats.slow_high_order);
	assert_int_equal(data[3], st.alloc_stats.empty);
	assert_int_equal(data[4], st.alloc_stats.refill);
	assert_int_equal(data[5], st.alloc_stats.waive);
	assert_int_equal(data[6], st.recycle_stats.cached);
	assert_int_equal(data[7], st.recycle_stats.cache_full);
	assert_int_equal(data[8], st.recycle_stats.ring);
	assert_int_equal(data[9], st.recycle_stats.ring_full);
	assert_int_equal(data[10], st.recycle_stats.released_refcnt);
	assert_int_equal(data[11], 0xa5a5a5a5a5a5a5a5ULL);
	/* one put with allow_direct true, one with false: cached or ring */
	assert_int_equal(data[6] + data[8], 2);
	assert_true(data[6] >= 1);
	assert_true(data[1] >= 1);
	pp_done(pool, misuse);
}

static void test_netmem_names(void **state)
{
	u64 misuse = nm_misuse_count();
	struct page_pool *pool = pp_new(DMA_FROM_DEVICE);
	struct net_iov niov;
	netmem_ref nm, iov;
	struct page *page;
	char *va;
	int nid;

	(void)state;
	nm = page_pool_dev_alloc_netmems(pool);
	page = netmem_to_page(nm);
	assert_non_null(page);
	va = page_address(page);

	assert_true(netmem_eq(virt_to_netmem(va), nm));
	assert_true(netmem_eq(virt_to_netmem(va + 100), nm));
	assert_true(netmem_eq(virt_to_netmem(va + PAGE_SIZE - 1), nm));
	assert_true(netmem_is_null(virt_to_netmem(&niov)));	/* not a page */
	assert_ptr_equal(__netmem_address(nm), va);
	assert_ptr_equal(__netmem_address(nm), netmem_address(nm));
	assert_ptr_equal(__netmem_get_pp(nm), pool);
	assert_true(netmem_eq(netmem_compound_head(nm), nm));
	assert_false(netmem_is_pfmemalloc(nm));
	assert_false(page_is_pfmemalloc(page));
	nid = page_to_nid(page);
	assert_true(netmem_is_pref_nid(nm, nid));
	assert_false(netmem_is_pref_nid(nm, nid + 1));

	/* a net_iov: its provider chose the node; never pfmemalloc */
	memset(&niov, 0, sizeof(niov));
	iov = net_iov_to_netmem(&niov);
	assert_true(netmem_is_pref_nid(iov, nid + 1));
	assert_false(netmem_is_pfmemalloc(iov));
	assert_true(netmem_eq(netmem_compound_head(iov), iov));

	page_pool_put_full_netmem(pool, nm, true);
	pp_done(pool, misuse);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dev_alloc_netmem),
		cmocka_unit_test(test_unref_and_put_unrefed),
		cmocka_unit_test(test_get_dma_dir),
		cmocka_unit_test(test_disable_direct_recycling),
		cmocka_unit_test(test_ethtool_stats),
		cmocka_unit_test(test_netmem_names),
	};

	nm_test_eal_init(1, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
