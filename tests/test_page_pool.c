/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the page_pool (lib/page_pool) over the host provider:
 * parameter validation, the alloc cache / ring / provider paths and every
 * statistic they move, returns from another lcore and from a non-EAL
 * thread, page references (released_refcnt), the frag API, DMA addresses,
 * bulk alloc and put, exact inflight accounting, deferred destroy, misuse
 * detection (double put, underflow, wrong pool, double destroy) and pool
 * exhaustion.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "test_common.h"
#include "test_pool.h"

#include <rte_cycles.h>
#include <rte_launch.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include <netmem/config.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/page_pool/types.h>

#define GFP	(GFP_ATOMIC | __GFP_NOWARN)

/* ------------------------------------------------------------------ */
/* helpers                                                              */
/* ------------------------------------------------------------------ */

static unsigned int main_lcore;

static struct page_pool_params base_params(void)
{
	struct page_pool_params pp;

	memset(&pp, 0, sizeof(pp));
	pp.nid = NUMA_NO_NODE;
	pp.dev = PP_DEV_NONE;
	pp.lcore = main_lcore;
	pp.dma_dir = DMA_FROM_DEVICE;
	return pp;
}

static struct page_pool *pool_new(unsigned int flags, unsigned int order,
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

/* Names of what a pool holds in DPDK: gone once the pool is freed. */
struct pool_names {
	char mp[RTE_MEMPOOL_NAMESIZE];
	char ring[RTE_RING_NAMESIZE];
};

static struct pool_names pool_names(const struct page_pool *pool)
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

/* Destroys a pool with nothing out: it must be freed at once. */
static void pool_free_idle(struct page_pool *pool)
{
	struct pool_names n = pool_names(pool);

	assert_int_equal(page_pool_inflight(pool), 0);
	page_pool_destroy(pool);
	/* freed by page_pool_destroy() itself, not left to the reaper */
	assert_null(rte_mempool_lookup(n.mp));
	assert_null(rte_ring_lookup(n.ring));
	assert_int_equal(nm_page_pool_reap(), 0);
}

static struct page_pool_stats stats_of(const struct page_pool *pool)
{
	struct page_pool_stats s;

	memset(&s, 0, sizeof(s));
	assert_true(page_pool_get_stats(pool, &s));
	return s;
}

/* Every statistic moved from @a to @b by exactly what @want says (fields
 * left out of @want must not move). */
#define CHECK_FIELD(grp, f) do {						\
	uint64_t __d = b->grp.f - a->grp.f;					\
	if (__d != want->grp.f)							\
		fail_msg("%s:%d: stat " #grp "." #f " moved by %" PRIu64	\
			 ", expected %" PRIu64, file, line, __d, want->grp.f);	\
} while (0)

static void expect_delta_at(const struct page_pool_stats *a,
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

#define EXPECT_DELTA(a, b, ...) do {						\
	struct page_pool_stats __w = __VA_ARGS__;				\
	expect_delta_at(&(a), &(b), &__w, __FILE__, __LINE__);			\
} while (0)

#define ALLOC(...)	.alloc_stats = { __VA_ARGS__ }
#define RECYCLE(...)	.recycle_stats = { __VA_ARGS__ }

static unsigned int mempool_in_use(const struct page_pool *pool)
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
static bool all_distinct(struct page **pages, unsigned int n)
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

static bool in_set(struct page *p, struct page **set, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (set[i] == p)
			return true;
	return false;
}

/* A pp page as it must look while handed out whole. */
static void check_out_page(const struct page_pool *pool, struct page *p)
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

static void put_all(struct page_pool *pool, struct page **pages, unsigned int n,
		    bool allow_direct)
{
	for (unsigned int i = 0; i < n; i++)
		page_pool_put_full_page(pool, pages[i], allow_direct);
}

static unsigned int alloc_n(struct page_pool *pool, struct page **pages, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		pages[i] = page_pool_dev_alloc_pages(pool);
		check_out_page(pool, pages[i]);
	}
	return n;
}

/* Work run on another lcore or thread: results are checked by the caller
 * (cmocka asserts must stay on the test's thread). */
enum remote_kind { REMOTE_PUT, REMOTE_ALLOC };

struct remote_op {
	enum remote_kind kind;
	struct page_pool *pool;
	struct page **pages;
	unsigned int n;
	bool allow_direct;
	unsigned int done;		/* pages put or allocated */
	unsigned int lcore;		/* rte_lcore_id() seen */
	uint32_t cache_count_after;	/* pool->alloc.count after the op */
	unsigned int ring_count_after;
	unsigned int in_use_after;
};

static void remote_run(struct remote_op *op)
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

static int remote_lcore_fn(void *arg)
{
	remote_run(arg);
	return 0;
}

static void *remote_thread_fn(void *arg)
{
	remote_run(arg);
	return NULL;
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

static void run_on_non_eal_thread(struct remote_op *op)
{
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, remote_thread_fn, op), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(op->lcore, LCORE_ID_ANY);
}

/* Returns @n pages from a thread that is not the pool's owner (a non-EAL
 * thread): they go to the ring. The owner itself recycles into its cache
 * even with allow_direct false (the kernel's page_pool_napi_local()). */
static void put_all_ring(struct page_pool *pool, struct page **pages, unsigned int n)
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

static int need_worker(void)
{
	if (rte_lcore_count() < 2 || worker_lcore() >= RTE_MAX_LCORE) {
		print_message("needs a second lcore: skipped\n");
		return 0;
	}
	return 1;
}

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
	assert_ptr_equal(pool->mp_ops, &nm_host_provider_ops);
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

#define NB_CF	(3 * PP_ALLOC_CACHE_REFILL)	/* 192: the cache ends empty */

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

static void test_alloc_sizes(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page *p, *a, *whole;
	unsigned int off, size;
	netmem_ref nm;
	(void)state;

	/* more than half a page: a whole page */
	size = PAGE_SIZE / 2 + 1;
	off = 77;
	whole = page_pool_dev_alloc(pool, &off, &size);
	check_out_page(pool, whole);
	assert_int_equal(off, 0);
	assert_int_equal(size, PAGE_SIZE);
	assert_false(netmem_eq(pool->frag_page, page_to_netmem(whole)));
	size = 3000;
	nm = page_pool_alloc_netmem(pool, &off, &size, GFP);
	assert_false(netmem_is_null(nm));
	assert_int_equal(size, PAGE_SIZE);
	assert_int_equal(off, 0);
	assert_int_equal(page_pp_refs(netmem_to_page(nm)), 1);
	assert_int_equal(page_pool_inflight(pool), 2);
	page_pool_put_full_page(pool, whole, true);
	page_pool_put_full_netmem(pool, nm, true);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* 1000 bytes: packed as the kernel on x86 (no rounding), 4 frags;
	 * the last one gets the page's rest */
	a = NULL;
	for (unsigned int i = 0; i < 4; i++) {
		size = 1000;
		p = page_pool_dev_alloc(pool, &off, &size);
		assert_non_null(p);
		if (i == 0)
			a = p;
		assert_ptr_equal(p, a);
		assert_int_equal(off, i * 1000);
		assert_int_equal(size, i == 3 ? PAGE_SIZE - 3000 : 1000);
	}
	size = 1000;
	p = page_pool_dev_alloc(pool, &off, &size);
	assert_ptr_not_equal(p, a);
	assert_int_equal(off, 0);
	assert_int_equal(size, 1000);
	for (int i = 0; i < 4; i++)
		page_pool_put_full_page(pool, a, true);
	page_pool_put_full_page(pool, p, true);
	assert_int_equal(page_pool_inflight(pool), 0);

	size = 1500;		/* 1500 used: the second one gets the rest */
	a = page_pool_dev_alloc(pool, &off, &size);
	unsigned int off0 = off;

	assert_int_equal(size, 1500);
	size = 1500;
	p = page_pool_dev_alloc(pool, &off, &size);
	assert_ptr_equal(p, a);
	assert_int_equal(off, off0 + 1500);
	assert_int_equal(size, PAGE_SIZE - off);
	size = 1500;
	p = page_pool_dev_alloc(pool, &off, &size);
	assert_ptr_not_equal(p, a);
	assert_int_equal(off, 0);
	page_pool_put_full_page(pool, a, true);
	page_pool_put_full_page(pool, a, true);
	page_pool_put_full_page(pool, p, true);
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

static void test_alloc_va(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	unsigned int size;
	char *va1, *va2, *va3;
	struct page *p;
	(void)state;

	size = 256;
	va1 = page_pool_dev_alloc_va(pool, &size);
	assert_non_null(va1);
	p = virt_to_head_page(va1);
	assert_non_null(p);
	assert_true(netmem_is_pp(page_to_netmem(p)));
	assert_ptr_equal(p->pp, pool);
	size = 256;
	va2 = page_pool_dev_alloc_va(pool, &size);
	assert_ptr_equal(virt_to_head_page(va2), p);
	assert_ptr_equal(va2, va1 + 256);
	memset(va1, 1, 256);
	memset(va2, 2, 256);
	assert_int_equal(va1[255], 1);
	assert_int_equal(va2[0], 2);

	size = PAGE_SIZE - 100;	/* a whole page */
	va3 = page_pool_alloc_va(pool, &size, GFP);
	assert_non_null(va3);
	assert_int_equal(size, PAGE_SIZE);
	assert_ptr_not_equal(virt_to_head_page(va3), p);
	assert_ptr_equal(va3, page_address(virt_to_head_page(va3)));
	memset(va3, 3, PAGE_SIZE);
	assert_int_equal(page_pool_inflight(pool), 2);

	page_pool_free_va(pool, va3 + 100, true);	/* any address inside */
	assert_int_equal(page_pool_inflight(pool), 1);
	page_pool_free_va(pool, va1, true);
	assert_int_equal(page_pool_inflight(pool), 1);
	page_pool_free_va(pool, va2 + 10, false);
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

static void test_dma_addr(void **state)
{
	struct page_pool *pool = pool_new(PP_FLAG_DMA_MAP, 0, 0, 256, main_lcore);
	struct page *pages[8], *p;
	dma_addr_t dma[8];
	(void)state;

	alloc_n(pool, pages, 8);
	for (unsigned int i = 0; i < 8; i++) {
		p = pages[i];
		dma[i] = page_pool_get_dma_addr(p);
		assert_int_not_equal(dma[i], 0);
		assert_int_not_equal(dma[i], RTE_BAD_IOVA);
		assert_int_equal(dma[i], netmem_get_dma_addr(page_to_netmem(p)));
		assert_int_equal(dma[i], page_pool_get_dma_addr_netmem(page_to_netmem(p)));
		assert_int_equal(dma[i], nm_page_to_mbuf(p)->buf_iova);
		assert_ptr_equal(page_address(p), nm_page_to_mbuf(p)->buf_addr);
		if (rte_eal_iova_mode() == RTE_IOVA_VA)
			assert_int_equal(dma[i], (uintptr_t)page_address(p));
		for (unsigned int j = 0; j < i; j++) {
			dma_addr_t d = dma[i] > dma[j] ? dma[i] - dma[j] : dma[j] - dma[i];

			assert_true(d >= PAGE_SIZE);	/* buffers do not overlap */
		}
	}
	/* stays the same across recycling */
	page_pool_recycle_direct(pool, pages[3]);
	p = page_pool_dev_alloc_pages(pool);
	assert_ptr_equal(p, pages[3]);
	assert_int_equal(page_pool_get_dma_addr(p), dma[3]);
	put_all(pool, pages, 8, true);
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

/* ------------------------------------------------------------------ */
/* bulk                                                                 */
/* ------------------------------------------------------------------ */

static void test_put_bulk(void **state)
{
	struct page_pool *a = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool *b = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool *c = pool_new(0, 0, 64, 128, PP_LCORE_NONE);
	struct page_pool_stats sa0, sa1, sb0, sb1, sc0, sc1;
	struct page *pa[10], *pb[10], *pc[5];
	netmem_ref bulk[25];
	unsigned int n = 0;
	(void)state;

	alloc_n(a, pa, 10);
	alloc_n(b, pb, 10);
	alloc_n(c, pc, 5);
	for (unsigned int i = 0; i < 10; i++) {
		bulk[n++] = page_to_netmem(pa[i]);
		bulk[n++] = page_to_netmem(pb[i]);
		if (i < 5)
			bulk[n++] = page_to_netmem(pc[i]);
	}
	assert_int_equal(page_pool_inflight(a), 10);
	assert_int_equal(page_pool_inflight(b), 10);
	assert_int_equal(page_pool_inflight(c), 5);
	sa0 = stats_of(a);
	sb0 = stats_of(b);
	sc0 = stats_of(c);
	/* each back to its own pool: owned ones cached, the ownerless one's
	 * into its ring */
	page_pool_put_netmem_bulk(bulk, n);
	sa1 = stats_of(a);
	sb1 = stats_of(b);
	sc1 = stats_of(c);
	EXPECT_DELTA(sa0, sa1, { RECYCLE(.cached = 10) });
	EXPECT_DELTA(sb0, sb1, { RECYCLE(.cached = 10) });
	EXPECT_DELTA(sc0, sc1, { RECYCLE(.ring = 5) });
	assert_int_equal(page_pool_inflight(a), 0);
	assert_int_equal(page_pool_inflight(b), 0);
	assert_int_equal(page_pool_inflight(c), 0);
	assert_int_equal(rte_ring_count(c->ring), 5);
	for (unsigned int i = 0; i < 10; i++) {
		assert_ptr_equal(pa[i]->pp, a);
		assert_ptr_equal(pb[i]->pp, b);
	}
	/* an empty bulk does nothing */
	page_pool_put_netmem_bulk(bulk, 0);
	assert_int_equal(page_pool_inflight(a), 0);

	pool_free_idle(a);
	pool_free_idle(b);
	pool_free_idle(c);
}

static void test_alloc_bulk(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool *small = pool_new(0, 0, 64, 40, main_lcore);
	struct page_pool_stats s0, s1;
	netmem_ref nms[100];
	struct page *pages[100];
	unsigned int n;
	(void)state;

	s0 = stats_of(pool);
	n = page_pool_alloc_netmems_bulk(pool, GFP, nms, 100);
	assert_int_equal(n, 100);
	for (unsigned int i = 0; i < n; i++) {
		assert_false(netmem_is_net_iov(nms[i]));
		pages[i] = netmem_to_page(nms[i]);
		check_out_page(pool, pages[i]);
	}
	assert_true(all_distinct(pages, n));
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { ALLOC(.fast = 98, .slow = 2, .empty = 2) });
	assert_int_equal(page_pool_inflight(pool), 100);
	page_pool_put_netmem_bulk(nms, n);
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(page_pool_alloc_netmems_bulk(pool, GFP, nms, 0), 0);

	/* fewer pages than asked: what there is */
	n = page_pool_alloc_netmems_bulk(small, GFP, nms, 100);
	assert_int_equal(n, 40);
	for (unsigned int i = 0; i < n; i++)
		pages[i] = netmem_to_page(nms[i]);
	assert_true(all_distinct(pages, n));
	assert_int_equal(page_pool_inflight(small), 40);
	assert_int_equal(page_pool_alloc_netmems_bulk(small, GFP, nms + 40, 10), 0);
	page_pool_put_netmem_bulk(nms, n);
	assert_int_equal(page_pool_inflight(small), 0);

	pool_free_idle(pool);
	pool_free_idle(small);
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

/* ------------------------------------------------------------------ */
/* exhaustion                                                           */
/* ------------------------------------------------------------------ */

#define EX_PAGES	100

static void exhaust_case(unsigned int lcore)
{
	struct page_pool *pool = pool_new(0, 0, 64, EX_PAGES, lcore);
	struct page *pages[EX_PAGES + 1], *p;
	unsigned int n = 0;

	while (n <= EX_PAGES) {
		p = page_pool_dev_alloc_pages(pool);
		if (p == NULL)
			break;
		check_out_page(pool, p);
		memset(page_address(p), (int)n, 64);
		pages[n++] = p;
	}
	assert_int_equal(n, EX_PAGES);
	assert_true(all_distinct(pages, n));
	for (unsigned int i = 0; i < n; i++)
		assert_int_equal(((unsigned char *)page_address(pages[i]))[63], (unsigned char)i);
	assert_int_equal(page_pool_inflight(pool), EX_PAGES);
	assert_int_equal(mempool_in_use(pool), EX_PAGES);
	assert_null(page_pool_dev_alloc_pages(pool));
	unsigned int off;

	assert_null(page_pool_dev_alloc_frag(pool, &off, 128));
	assert_int_equal(page_pool_inflight(pool), EX_PAGES);
	/* one back: exactly that one can be had again */
	page_pool_recycle_direct(pool, pages[17]);
	p = page_pool_dev_alloc_pages(pool);
	assert_ptr_equal(p, pages[17]);
	assert_null(page_pool_dev_alloc_pages(pool));
	put_all(pool, pages, n, true);
	assert_int_equal(page_pool_inflight(pool), 0);
	p = page_pool_dev_alloc_pages(pool);
	assert_non_null(p);
	page_pool_recycle_direct(pool, p);
	pool_free_idle(pool);
}

static void test_exhaustion(void **state)
{
	(void)state;
	exhaust_case(main_lcore);
	exhaust_case(PP_LCORE_NONE);
}

static int check_no_pool_waits(void **state)
{
	(void)state;
	return nm_page_pool_reap() == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_params_invalid),
		cmocka_unit_test(test_params_valid),
		cmocka_unit_test(test_slow_then_fast_recycle),
		cmocka_unit_test(test_slow_high_order),
		cmocka_unit_test(test_cache_full),
		cmocka_unit_test(test_ring_full),
		cmocka_unit_test(test_refill_empty),
		cmocka_unit_test(test_waive),
		cmocka_unit_test(test_dma_sync_dev_pool),
		cmocka_unit_test(test_remote_lcore_returns),
		cmocka_unit_test(test_non_eal_thread_not_owner),
		cmocka_unit_test(test_released_refcnt),
		cmocka_unit_test(test_frag_alloc),
		cmocka_unit_test(test_frag_drain),
		cmocka_unit_test(test_alloc_sizes),
		cmocka_unit_test(test_alloc_va),
		cmocka_unit_test(test_fragment_ref_unref),
		cmocka_unit_test(test_dma_addr),
		cmocka_unit_test(test_put_bulk),
		cmocka_unit_test(test_alloc_bulk),
		cmocka_unit_test(test_destroy_deferred),
		cmocka_unit_test(test_destroy_never_returned),
		cmocka_unit_test(test_misuse_frag_underflow),
		cmocka_unit_test(test_misuse_wrong_pool),
		cmocka_unit_test(test_misuse_double_put_in_a_row),
		cmocka_unit_test(test_misuse_double_put_debug),
		cmocka_unit_test(test_misuse_double_destroy),
		cmocka_unit_test(test_exhaustion),
	};
	int ret;

	nm_test_eal_init(sysconf(_SC_NPROCESSORS_ONLN) >= 2 ? 2 : 1, NULL);
	main_lcore = rte_get_main_lcore();
	ret = cmocka_run_group_tests(tests, NULL, check_no_pool_waits);
	rte_eal_cleanup();
	return ret;
}
