/* SPDX-License-Identifier: BSD-3-Clause */
/* page_pool test fixture (page_pool_fixture.h): the helpers, compiled once. */
#include "page_pool_fixture.h"

/* ------------------------------------------------------------------ */
/* helpers                                                              */
/* ------------------------------------------------------------------ */

unsigned int main_lcore;

struct page_pool_params base_params(void)
{
	struct page_pool_params pp;

	memset(&pp, 0, sizeof(pp));
	pp.nid = NUMA_NO_NODE;
	pp.dev = PP_DEV_NONE;
	pp.lcore = main_lcore;
	pp.dma_dir = DMA_FROM_DEVICE;
	return pp;
}

struct page_pool *pool_new(unsigned int flags, unsigned int order,
				  unsigned int pool_size, unsigned int nr_pages,
				  unsigned int lcore)
{
	struct page_pool_params pp = base_params();
	struct page_pool *pool;

	pp.flags = flags;
	pp.order = order;
	pp.pool_size = pool_size;
	pp.nr_pages = nr_pages;
	pp.lcore = lcore;
	if (flags & PP_FLAG_DMA_SYNC_DEV)
		pp.max_len = (unsigned int)(PAGE_SIZE << order);
	pool = page_pool_create(&pp);
	assert_false(IS_ERR_OR_NULL(pool));
	return pool;
}

struct pool_names pool_names(const struct page_pool *pool)
{
	struct pool_names n;
	struct rte_mempool *mp = nm_page_pool_mempool(pool);

	assert_non_null(mp);
	snprintf(n.mp, sizeof(n.mp), "%s", mp->name);
	snprintf(n.ring, sizeof(n.ring), "%s", pool->ring->name);
	assert_ptr_equal(rte_mempool_lookup(n.mp), mp);
	assert_ptr_equal(rte_ring_lookup(n.ring), pool->ring);
	return n;
}

/* Destroys a pool with nothing out: it must be freed at once. */
void pool_free_idle(struct page_pool *pool)
{
	struct pool_names n = pool_names(pool);

	assert_int_equal(page_pool_inflight(pool), 0);
	page_pool_destroy(pool);
	/* freed by page_pool_destroy() itself, not left to the reaper */
	assert_null(rte_mempool_lookup(n.mp));
	assert_null(rte_ring_lookup(n.ring));
	assert_int_equal(nm_page_pool_reap(), 0);
}

struct page_pool_stats stats_of(const struct page_pool *pool)
{
	struct page_pool_stats s;

	memset(&s, 0, sizeof(s));
	assert_true(page_pool_get_stats(pool, &s));
	return s;
}

void expect_delta_at(const struct page_pool_stats *a,
			    const struct page_pool_stats *b,
			    const struct page_pool_stats *want,
			    const char *file, int line)
{
	CHECK_FIELD(alloc_stats, fast);
	CHECK_FIELD(alloc_stats, slow);
	CHECK_FIELD(alloc_stats, slow_high_order);
	CHECK_FIELD(alloc_stats, empty);
	CHECK_FIELD(alloc_stats, refill);
	CHECK_FIELD(alloc_stats, waive);
	CHECK_FIELD(recycle_stats, cached);
	CHECK_FIELD(recycle_stats, cache_full);
	CHECK_FIELD(recycle_stats, ring);
	CHECK_FIELD(recycle_stats, ring_full);
	CHECK_FIELD(recycle_stats, released_refcnt);
}

unsigned int mempool_in_use(const struct page_pool *pool)
{
	struct rte_mempool *mp = nm_page_pool_mempool(pool);

	assert_non_null(mp);
	return rte_mempool_in_use_count(mp);
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/* True when the @n pages are pairwise distinct. */
bool all_distinct(struct page **pages, unsigned int n)
{
	uintptr_t *v = malloc(sizeof(*v) * (n ? n : 1));
	bool ok = true;

	assert_non_null(v);
	for (unsigned int i = 0; i < n; i++)
		v[i] = (uintptr_t)pages[i];
	qsort(v, n, sizeof(*v), cmp_ptr);
	for (unsigned int i = 1; i < n; i++)
		if (v[i] == v[i - 1])
			ok = false;
	free(v);
	return ok;
}

/* A pp page as it must look while handed out whole. */
void check_out_page(const struct page_pool *pool, struct page *p)
{
	assert_non_null(p);
	assert_true(netmem_is_pp(page_to_netmem(p)));
	assert_ptr_equal(p->pp, pool);
	assert_ptr_equal(netmem_get_pp(page_to_netmem(p)), pool);
	assert_int_equal(page_pp_refs(p), 1);
	assert_int_equal(page_ref_count(p), 1);
	assert_int_equal(compound_order(p), pool->order);
	assert_non_null(page_address(p));
	assert_ptr_equal(virt_to_head_page(page_address(p)), p);
}

void put_all(struct page_pool *pool, struct page **pages, unsigned int n,
		    bool allow_direct)
{
	for (unsigned int i = 0; i < n; i++)
		page_pool_put_full_page(pool, pages[i], allow_direct);
}

unsigned int alloc_n(struct page_pool *pool, struct page **pages, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		pages[i] = page_pool_dev_alloc_pages(pool);
		check_out_page(pool, pages[i]);
	}
	return n;
}

void remote_run(struct remote_op *op)
{
	op->lcore = rte_lcore_id();
	op->done = 0;
	for (unsigned int i = 0; i < op->n; i++) {
		if (op->kind == REMOTE_PUT) {
			page_pool_put_full_page(op->pool, op->pages[i], op->allow_direct);
		} else {
			op->pages[i] = page_pool_dev_alloc_pages(op->pool);
			if (op->pages[i] == NULL)
				break;
		}
		op->done++;
	}
	op->cache_count_after = __atomic_load_n(&op->pool->alloc.count, __ATOMIC_RELAXED);
	op->ring_count_after = rte_ring_count(op->pool->ring);
	op->in_use_after = rte_mempool_in_use_count(nm_page_pool_mempool(op->pool));
}

static void *remote_thread_fn(void *arg)
{
	remote_run(arg);
	return NULL;
}

void run_on_non_eal_thread(struct remote_op *op)
{
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, remote_thread_fn, op), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(op->lcore, LCORE_ID_ANY);
}

/* Returns @n pages from a thread that is not the pool's owner (a non-EAL
 * thread): they go to the ring. The owner itself recycles into its cache
 * even with allow_direct false (the kernel's page_pool_napi_local()). */
void put_all_ring(struct page_pool *pool, struct page **pages, unsigned int n)
{
	struct remote_op op;

	memset(&op, 0, sizeof(op));
	op.kind = REMOTE_PUT;
	op.pool = pool;
	op.pages = pages;
	op.n = n;
	op.allow_direct = false;
	run_on_non_eal_thread(&op);
	assert_int_equal(op.done, n);
}

static int check_no_pool_waits(void **state)
{
	(void)state;
	return nm_page_pool_reap() == 0 ? 0 : -1;
}

int page_pool_run(const char *name, const struct CMUnitTest *tests, size_t n)
{
	int ret;

	nm_test_eal_init(sysconf(_SC_NPROCESSORS_ONLN) >= 2 ? 2 : 1, NULL);
	main_lcore = rte_get_main_lcore();
	ret = _cmocka_run_group_tests(name, tests, n, NULL, check_no_pool_waits);
	rte_eal_cleanup();
	return ret;
}
