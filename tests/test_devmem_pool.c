/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the dmabuf_devmem_ops memory provider: the net_iov area,
 * page_pools of unreadable net_iovs (create, alloc, exhaustion, get/put of
 * netmem, two pools on one binding).
 *
 * Regions are memfd memory (memfd_create + ftruncate + mmap MAP_SHARED); the
 * release callback counts its calls and unmaps the region.
 */
#define _GNU_SOURCE
#include "devmem_fixture.h"

/* ---------------------------------------------------------------------- */
/* page_pool with dmabuf_devmem_ops                                       */
/* ---------------------------------------------------------------------- */

static void test_pool_create(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *pool, *bad;
	struct page_pool_params pp = {
		.pool_size = 64, .nid = NUMA_NO_NODE, .dev = PP_DEV_NONE,
		.lcore = rte_lcore_id(), .mp_ops = &dmabuf_devmem_ops,
	};

	(void)state;
	region_make(&r, 16 * PAGE_SIZE);
	b = bind_ok(&r);

	pool = devmem_pool(b, 64);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	assert_true(page_pool_is_unreadable(pool));
	assert_int_equal(page_pool_inflight(pool), 0);
	/* Creating takes no net_iov yet. */
	assert_int_equal(net_devmem_binding_avail(b), 16);

	/* order != 0 fails, without a reference left behind */
	bad = devmem_pool_create(b, 64, 1);
	assert_true(IS_ERR(bad));
	assert_int_equal(PTR_ERR(bad), -E2BIG);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	/* unreadable net_iovs need PP_FLAG_ALLOW_UNREADABLE_NETMEM */
	pp.mp_priv = b;
	bad = page_pool_create(&pp);
	assert_true(IS_ERR(bad));
	assert_int_equal(PTR_ERR(bad), -EINVAL);
	/* no binding */
	pp.flags = PP_FLAG_ALLOW_UNREADABLE_NETMEM;
	pp.mp_priv = NULL;
	bad = page_pool_create(&pp);
	assert_true(IS_ERR(bad));
	assert_int_equal(PTR_ERR(bad), -EINVAL);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);

	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	unbind_last(b, &r);
	assert_misuses(0);
}

static void test_pool_alloc(void **state)
{
	enum { N = 256, K = 8 };
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	const struct net_iov_area *area;
	struct page_pool *pool;
	netmem_ref nm[K];
	size_t avail;

	(void)state;
	region_make(&r, N * PAGE_SIZE);
	b = bind_ok(&r);
	area = net_devmem_binding_area(b);
	pool = devmem_pool(b, 0);
	avail = net_devmem_binding_avail(b);
	assert_int_equal(avail, N);

	for (int i = 0; i < K; i++) {
		struct net_iov *niov;

		nm[i] = page_pool_alloc_netmems(pool, GFP_ATOMIC);
		assert_false(netmem_is_null(nm[i]));
		assert_true(netmem_is_net_iov(nm[i]));
		assert_null(netmem_address(nm[i]));
		assert_null(netmem_to_page(nm[i]));
		niov = netmem_to_net_iov(nm[i]);
		assert_non_null(niov);
		assert_ptr_equal(net_iov_owner(niov), area);
		assert_true(niov >= area->niovs && niov < area->niovs + N);
		assert_true(netmem_is_pp(nm[i]));
		assert_ptr_equal(netmem_get_pp(nm[i]), pool);
		assert_int_equal(pp_refs(nm[i]), 1);
		assert_int_equal(netmem_ref_count(nm[i]), 1);
		assert_int_equal(netmem_get_dma_addr(nm[i]),
				 area->niovs[net_iov_idx(niov)].dma_addr);
		for (int j = 0; j < i; j++)
			assert_false(netmem_eq(nm[i], nm[j]));
		/* The binding hands out what the pool asks, no more. */
		assert_true(net_devmem_binding_avail(b) < avail);
		assert_int_equal(net_devmem_binding_avail(b), N - PP_ALLOC_CACHE_REFILL);
	}
	assert_int_equal(page_pool_inflight(pool), K);

	/* page_pool_alloc_pages() cannot hand out a net_iov. */
	assert_null(page_pool_alloc_pages(pool, GFP_ATOMIC));
	assert_misuses(1);
	assert_int_equal(page_pool_inflight(pool), K);
	/* Nor page_pool_dev_alloc_pages(), whose fast path is inline: the
	 * net_iov on top of the alloc cache stays the pool's. */
	assert_null(page_pool_dev_alloc_pages(pool));
	assert_misuses(2);
	assert_int_equal(page_pool_inflight(pool), K);

	for (int i = 0; i < K; i++) {
		page_pool_put_full_netmem(pool, nm[i], true);
		/* Back in the pool: still the pool's, one reference. */
		assert_true(netmem_is_pp(nm[i]));
		assert_int_equal(pp_refs(nm[i]), 1);
	}
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(net_devmem_binding_avail(b), N - PP_ALLOC_CACHE_REFILL);

	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_all_free(b);
	unbind_last(b, &r);
	assert_misuses(2);
}

static void test_pool_exhaust(void **state)
{
	enum { N = 200, RING = 16 };
	static netmem_ref nm[N + 1];
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *pool;
	struct page_pool_stats st;
	bool seen[N];
	int n;

	(void)state;
	region_make(&r, N * PAGE_SIZE);
	b = bind_ok(&r);
	pool = devmem_pool(b, RING);

	for (int round = 0; round < 2; round++) {
		memset(seen, 0, sizeof(seen));
		for (n = 0; n <= N; n++) {
			nm[n] = page_pool_alloc_netmems(pool, GFP_ATOMIC);
			if (netmem_is_null(nm[n]))
				break;
			unsigned int idx = net_iov_idx(netmem_to_net_iov(nm[n]));

			assert_true(idx < N);
			assert_false(seen[idx]);	/* never handed out twice */
			seen[idx] = true;
			assert_ptr_equal(netmem_get_pp(nm[n]), pool);
			assert_int_equal(pp_refs(nm[n]), 1);
		}
		assert_int_equal(n, N);		/* all of them, then nothing */
		assert_int_equal(net_devmem_binding_avail(b), 0);
		assert_int_equal(page_pool_inflight(pool), N);
		assert_true(netmem_is_null(page_pool_alloc_netmems(pool, GFP_ATOMIC)));
		if (round == 0) {
			memset(&st, 0, sizeof(st));
			page_pool_get_stats(pool, &st);
			/* 64 + 64 + 64 + 8 from the binding */
			assert_int_equal(st.alloc_stats.slow, 4);
		}

		/* Return everything: 128 to the cache, 16 to the ring, the
		 * rest (ring full) back to the binding. */
		for (int i = 0; i < N; i++)
			page_pool_put_full_netmem(pool, nm[i], true);
		assert_int_equal(page_pool_inflight(pool), 0);
		assert_int_equal(net_devmem_binding_avail(b),
				 N - PP_ALLOC_CACHE_SIZE - RING);
		for (int i = 0; i < N; i++) {
			struct net_iov *niov = netmem_to_net_iov(nm[i]);
			bool in_binding = !netmem_is_pp(nm[i]);

			/* Released ones lost their pool; kept ones did not. */
			assert_true(in_binding ? niov->pp == NULL : niov->pp == pool);
		}
		if (round == 0) {
			memset(&st, 0, sizeof(st));
			page_pool_get_stats(pool, &st);
			assert_int_equal(st.recycle_stats.cached, PP_ALLOC_CACHE_SIZE);
			assert_int_equal(st.recycle_stats.ring, RING);
			assert_int_equal(st.recycle_stats.ring_full,
					 N - PP_ALLOC_CACHE_SIZE - RING);
		}
	}
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_all_free(b);
	unbind_last(b, &r);
	assert_misuses(0);
}

static void test_get_put_netmem(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *pool;
	netmem_ref nm;

	(void)state;
	region_make(&r, 16 * PAGE_SIZE);
	b = bind_ok(&r);
	pool = devmem_pool(b, 64);
	nm = page_pool_alloc_netmems(pool, GFP_ATOMIC);
	assert_true(netmem_is_net_iov(nm));
	assert_int_equal(net_devmem_binding_refcnt(b), 2);

	get_netmem(nm);
	assert_int_equal(net_devmem_binding_refcnt(b), 3);
	get_netmem(nm);
	assert_int_equal(net_devmem_binding_refcnt(b), 4);
	/* A stack reference is on the binding, not on the net_iov. */
	assert_int_equal(pp_refs(nm), 1);
	assert_int_equal(netmem_ref_count(nm), 1);
	put_netmem(nm);
	assert_int_equal(net_devmem_binding_refcnt(b), 3);
	put_netmem(nm);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	assert_int_equal(pp_refs(nm), 1);

	page_pool_put_full_netmem(pool, nm, true);
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_all_free(b);
	unbind_last(b, &r);
	assert_misuses(0);
}

/* Two pools on one binding at once: each holds a reference. */
static void test_two_pools(void **state)
{
	enum { N = 256, K = 10 };
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *p1, *p2, *bad;
	netmem_ref a[K], c[K];

	(void)state;
	region_make(&r, N * PAGE_SIZE);
	b = bind_ok(&r);
	p1 = devmem_pool(b, 64);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	p2 = devmem_pool(b, 64);
	assert_int_equal(net_devmem_binding_refcnt(b), 3);

	for (int i = 0; i < K; i++) {
		a[i] = page_pool_alloc_netmems(p1, GFP_ATOMIC);
		c[i] = page_pool_alloc_netmems(p2, GFP_ATOMIC);
		assert_ptr_equal(netmem_get_pp(a[i]), p1);
		assert_ptr_equal(netmem_get_pp(c[i]), p2);
	}
	for (int i = 0; i < K; i++)
		for (int j = 0; j < K; j++)
			assert_false(netmem_eq(a[i], c[j]));
	assert_int_equal(net_devmem_binding_avail(b), N - 2 * PP_ALLOC_CACHE_REFILL);

	for (int i = 0; i < K; i++)
		page_pool_put_full_netmem(p1, a[i], true);
	page_pool_destroy(p1);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	assert_int_equal(net_devmem_binding_avail(b), N - PP_ALLOC_CACHE_REFILL);

	net_devmem_unbind(b);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	assert_int_equal(r.release_calls, 0);
	bad = devmem_pool_create(b, 64, 0);
	assert_true(IS_ERR(bad));
	assert_int_equal(PTR_ERR(bad), -ENODEV);

	for (int i = 0; i < K; i++)
		page_pool_put_full_netmem(p2, c[i], true);
	assert_int_equal(r.release_calls, 0);
	page_pool_destroy(p2);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_int_equal(r.release_calls, 1);
	assert_true(r.release_args_ok);
	assert_true(r.unregistered_at_release);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pool_create, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_pool_alloc, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_pool_exhaust, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_get_put_netmem, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_two_pools, case_setup, case_teardown),
	};

	return devmem_run("devmem_pool", tests, sizeof(tests) / sizeof(tests[0]));
}

