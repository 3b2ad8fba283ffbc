/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * page_pool control path: create, statistics, inflight, and destroy with
 * deferred freeing while pages are still out (the kernel's
 * page_pool_release_retry), reported when they never come back.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_alarm.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_spinlock.h>

#include "handle_priv.h"
#include "page_pool_priv.h"
#include "page_pool_registry.h"

#define PP_REAP_PERIOD_US	100000		/* retry every 100 ms */
#define PP_WARN_PERIOD_S	60		/* say a stalled pool every minute */
#define PP_RING_MAX		32768		/* the kernel's ptr_ring limit */

static rte_spinlock_t reap_lock = RTE_SPINLOCK_INITIALIZER;
static struct page_pool *reap_list;
static bool reap_armed;
static unsigned int reaping;	/* pools taken off the list, being freed */
static uint32_t pp_ids;
/* Pools created and not yet destroyed: a destroy of anything else (a pool
 * destroyed before, freed or not) is a misuse that touches nothing. */
static struct nm_handles live_pools = NM_HANDLES_INITIALIZER;

static int page_pool_check_params(const struct page_pool_params *p)
{
	const struct memory_provider_ops *ops = p->mp_ops;

	if (p->flags & ~PP_FLAG_ALL)
		return -EINVAL;
	if (p->order > NM_MAX_PAGE_ORDER)
		return -EINVAL;
	if (p->pool_size > PP_RING_MAX)
		return -E2BIG;
	if (p->lcore != PP_LCORE_NONE && p->lcore >= RTE_MAX_LCORE)
		return -EINVAL;
	if (p->flags & PP_FLAG_DMA_MAP) {
		if (p->dma_dir != DMA_FROM_DEVICE && p->dma_dir != DMA_BIDIRECTIONAL)
			return -EINVAL;
	}
	if (p->flags & PP_FLAG_DMA_SYNC_DEV) {
		if (!(p->flags & PP_FLAG_DMA_MAP) || p->max_len == 0 ||
		    (size_t)p->offset + p->max_len > (PAGE_SIZE << p->order))
			return -EINVAL;
	}
	if ((p->flags & PP_FLAG_NM_PMD_REFILL) && ops != NULL)
		return -EINVAL;
	if (ops != NULL) {
		if (ops->release_netmem == NULL ||
		    (ops->alloc_netmems == NULL && ops->alloc_bulk == NULL))
			return -EINVAL;
		if (ops->unreadable && !(p->flags & PP_FLAG_ALLOW_UNREADABLE_NETMEM))
			return -EINVAL;
	}
	return 0;
}

/* Releases what the host allocator or the provider holds for @pool. */
static void page_pool_mp_destroy(struct page_pool *pool)
{
	if (pool->mp_ops == NULL)
		page_pool_host_destroy(pool);
	else if (pool->mp_ops->destroy != NULL)
		pool->mp_ops->destroy(pool);
}

struct page_pool *page_pool_create(const struct page_pool_params *params)
{
	struct page_pool *pool;
	char rname[RTE_RING_NAMESIZE];
	uint32_t id;
	int socket, ret;

	if (params == NULL)
		return ERR_PTR(-EINVAL);
	ret = page_pool_check_params(params);
	if (ret != 0) {
		NM_LOG(ERR, "page_pool_create: bad params (%s)", strerror(-ret));
		return ERR_PTR(ret);
	}
	socket = params->nid == NUMA_NO_NODE ? SOCKET_ID_ANY : params->nid;
	/* Plain heap, not DPDK memory: a leaked pool is still reported at
	 * exit, after rte_eal_cleanup() unmapped DPDK memory. */
	pool = aligned_alloc(RTE_CACHE_LINE_SIZE,
			     RTE_ALIGN_CEIL(sizeof(*pool), RTE_CACHE_LINE_SIZE));
	if (pool == NULL)
		return ERR_PTR(-ENOMEM);
	memset(pool, 0, sizeof(*pool));
	pool->p = *params;
	if (pool->p.pool_size == 0)
		pool->p.pool_size = PP_DEFAULT_POOL_SIZE;
	if (pool->p.nr_pages == 0)
		pool->p.nr_pages = 2 * pool->p.pool_size + 2 * PP_ALLOC_CACHE_SIZE;
	pool->p.name = NULL;
	pool->owner_lcore = (pool->p.flags & (PP_FLAG_SYSTEM_POOL | PP_FLAG_NM_PMD_REFILL)) ?
			    PP_LCORE_NONE : pool->p.lcore;
	pool->flags = pool->p.flags;
	pool->order = pool->p.order;
	pool->max_size = (unsigned int)(PAGE_SIZE << pool->order);
	pool->mp_ops = params->mp_ops;	/* NULL: the built-in host allocator */
	pool->mp_priv = params->mp_priv;
	id = __atomic_fetch_add(&pp_ids, 1, __ATOMIC_RELAXED);
	pool->id = id;
	if (params->name != NULL)
		snprintf(pool->name, sizeof(pool->name), "%s", params->name);
	else
		snprintf(pool->name, sizeof(pool->name), "pp%u", id);

	pool->lcore_stats = aligned_alloc(RTE_CACHE_LINE_SIZE,
					  sizeof(*pool->lcore_stats) * (RTE_MAX_LCORE + 1));
	if (pool->lcore_stats != NULL)
		memset(pool->lcore_stats, 0,
		       sizeof(*pool->lcore_stats) * (RTE_MAX_LCORE + 1));
	snprintf(rname, sizeof(rname), "nm_ppr%u", id);
	pool->ring = rte_ring_create(rname, pool->p.pool_size, socket, RING_F_EXACT_SZ);
	if (pool->lcore_stats == NULL || pool->ring == NULL) {
		ret = -ENOMEM;
		goto fail;
	}
	ret = 0;
	if (pool->mp_ops == NULL)
		ret = page_pool_host_init(pool);
	else if (pool->mp_ops->init != NULL)
		ret = pool->mp_ops->init(pool);
	if (ret != 0)
		goto fail;
	ret = nm_handle_add(&live_pools, pool);
	if (ret != 0) {
		page_pool_mp_destroy(pool);
		goto fail;
	}
	return pool;
fail:
	NM_LOG(ERR, "page_pool_create %s: %s", pool->name, strerror(-ret));
	rte_ring_free(pool->ring);
	free(pool->lcore_stats);
	free(pool);
	return ERR_PTR(ret);
}

long page_pool_inflight(const struct page_pool *pool)
{
	long held, in_pool;

	if (pool == NULL)
		return 0;
	if (pool->mp_ops == NULL)
		held = page_pool_host_held(pool);
	else if (pool->mp_ops->held != NULL)
		held = pool->mp_ops->held(pool);
	else
		held = __atomic_load_n(&pool->hold_cnt, __ATOMIC_ACQUIRE) -
		       __atomic_load_n(&pool->release_cnt, __ATOMIC_ACQUIRE);
	in_pool = (long)__atomic_load_n(&pool->alloc.count, __ATOMIC_RELAXED) +
		  (long)rte_ring_count(pool->ring);
	if (!netmem_is_null(pool->frag_page)) {
		long refs = __atomic_load_n(netmem_get_pp_ref_count_ref(pool->frag_page),
					    __ATOMIC_RELAXED);

		/* Idle when only the pool's bias is left on it. */
		if (refs - (BIAS_MAX - pool->frag_users) <= 0)
			in_pool++;
	}
	return held - in_pool;
}

/* Sums @a into @to, field by field. */
static void pp_stats_add(struct page_pool_stats *to, const struct page_pool_alloc_stats *a,
			 const struct page_pool_recycle_stats *r)
{
	to->alloc_stats.fast += a->fast;
	to->alloc_stats.slow += a->slow;
	to->alloc_stats.slow_high_order += a->slow_high_order;
	to->alloc_stats.empty += a->empty;
	to->alloc_stats.refill += a->refill;
	to->alloc_stats.waive += a->waive;
	to->recycle_stats.cached += r->cached;
	to->recycle_stats.cache_full += r->cache_full;
	to->recycle_stats.ring += r->ring;
	to->recycle_stats.ring_full += r->ring_full;
	to->recycle_stats.released_refcnt += r->released_refcnt;
}

bool page_pool_get_stats(const struct page_pool *pool, struct page_pool_stats *stats)
{
	struct page_pool_stats own = { 0 };

	if (pool == NULL || stats == NULL)
		return false;
	for (int i = -1; i <= RTE_MAX_LCORE; i++) {
		const struct pp_lcore_stats *s = i < 0 ? &pool->owner_stats :
						 &pool->lcore_stats[i];

		pp_stats_add(&own, &s->alloc, &s->recycle);
	}
	if (pool->pmd_refills != NULL)
		own.alloc_stats.fast += __atomic_load_n(pool->pmd_refills, __ATOMIC_RELAXED);
	if ((pool->flags & PP_FLAG_NM_PMD_REFILL) && pool->mp_ops == NULL) {
		/* Pages back in the mempool: allocated minus still out. The
		 * puts counted one by one are among them; the rest came back
		 * by the PMD's own frees (TX completions), uncounted. */
		const struct page_pool_alloc_stats *a = &own.alloc_stats;
		struct page_pool_recycle_stats *r = &own.recycle_stats;
		int64_t back = (int64_t)(a->fast + a->slow + a->slow_high_order) -
			       page_pool_host_held(pool) - (int64_t)r->released_refcnt -
			       (int64_t)r->ring_full;

		if (back > (int64_t)r->ring)
			r->ring = (uint64_t)back;
	}
	/* Added to what the caller has, as the kernel's does. */
	pp_stats_add(stats, &own.alloc_stats, &own.recycle_stats);
	return true;
}

void nm_page_pool_pmd_counter(struct page_pool *pool, const uint64_t *refills)
{
	if (pool != NULL && (pool->flags & PP_FLAG_NM_PMD_REFILL))
		pool->pmd_refills = refills;
}

void nm_page_pool_pmd_alloc(struct page_pool *pool, uint64_t n, bool slow)
{
	struct pp_lcore_stats *s;
	bool shared;

	if (pool == NULL || !(pool->flags & PP_FLAG_NM_PMD_REFILL) || n == 0)
		return;
	s = pp_stats(pool, &shared);
	if (shared)
		__atomic_fetch_add(slow ? &s->alloc.slow : &s->alloc.fast, n, __ATOMIC_RELAXED);
	else if (slow)
		s->alloc.slow += n;
	else
		s->alloc.fast += n;
}

void page_pool_nid_changed(struct page_pool *pool, int new_nid)
{
	pool->p.nid = new_nid;
}

/* Gives back what sits in the cache and the ring (after destroy). */
static void page_pool_empty(struct page_pool *pool)
{
	void *obj;

	while (pool->alloc.count != 0)
		page_pool_return_page(pool, pool->alloc.cache[--pool->alloc.count]);
	while (rte_ring_dequeue(pool->ring, &obj) == 0) {
		netmem_ref netmem = { (uintptr_t)obj };

		page_pool_return_page(pool, netmem);
	}
}

void page_pool_free(struct page_pool *pool)
{
	page_pool_mp_destroy(pool);
	rte_ring_free(pool->ring);
	free(pool->lcore_stats);
	free(pool);
}

/* True when a destroyed pool can be freed now. */
static bool page_pool_release(struct page_pool *pool)
{
	page_pool_empty(pool);
	pool->last_inflight = page_pool_inflight(pool);
	if (pool->last_inflight != 0 || __atomic_load_n(&pool->put_active, __ATOMIC_SEQ_CST))
		return false;
	/* A page counted back may still be inside its put: let it leave. */
	rte_delay_us_block(10);
	pool->last_inflight = page_pool_inflight(pool);
	return pool->last_inflight == 0 &&
	       __atomic_load_n(&pool->put_active, __ATOMIC_SEQ_CST) == 0;
}

static void reap_alarm(void *arg);

static void reap_arm_locked(void)
{
	if (!reap_armed && reap_list != NULL &&
	    rte_eal_alarm_set(PP_REAP_PERIOD_US, reap_alarm, NULL) == 0)
		reap_armed = true;
}

unsigned int nm_page_pool_reap(void)
{
	struct page_pool **pp, *pool, *done = NULL;
	unsigned int left = 0;
	uint64_t now = rte_get_timer_cycles();

	rte_spinlock_lock(&reap_lock);
	for (pp = &reap_list; (pool = *pp) != NULL;) {
		if (page_pool_release(pool)) {
			*pp = pool->reap_next;
			pool->reap_next = done;
			done = pool;
			__atomic_fetch_add(&reaping, 1, __ATOMIC_SEQ_CST);
			continue;
		}
		if (now - pool->warn_tsc > PP_WARN_PERIOD_S * rte_get_timer_hz()) {
			pool->warn_tsc = now;
			NM_LOG(WARNING, "page_pool %s stalled pool shutdown: %ld inflight %" PRIu64 " sec",
			       pool->name, pool->last_inflight,
			       (now - pool->destroy_tsc) / rte_get_timer_hz());
		}
		left++;
		pp = &pool->reap_next;
	}
	rte_spinlock_unlock(&reap_lock);
	while ((pool = done) != NULL) {
		done = pool->reap_next;
		NM_LOG(DEBUG, "page_pool %s: last page returned, freed", pool->name);
		page_pool_free(pool);
		__atomic_fetch_sub(&reaping, 1, __ATOMIC_SEQ_CST);
	}
	/* Pools another thread is freeing right now still count. */
	return left + __atomic_load_n(&reaping, __ATOMIC_SEQ_CST);
}

static void reap_alarm(void *arg)
{
	(void)arg;
	nm_page_pool_reap();
	rte_spinlock_lock(&reap_lock);
	reap_armed = false;
	reap_arm_locked();
	rte_spinlock_unlock(&reap_lock);
}

void page_pool_destroy(struct page_pool *pool)
{
	if (pool == NULL || IS_ERR(pool))
		return;
	/* Only the pointer is looked at: the pool may be freed already. */
	if (!nm_handle_del(&live_pools, pool)) {
		nm_misuse("page_pool_destroy(%p): not a live page_pool (destroyed twice?)",
			  (void *)pool);
		return;
	}
	__atomic_store_n(&pool->destroyed, 1, __ATOMIC_SEQ_CST);
	/* No more direct recycling: every return takes the slow path. */
	__atomic_store_n(&pool->owner_lcore, PP_LCORE_NONE, __ATOMIC_SEQ_CST);
	page_pool_free_frag(pool);
	if (page_pool_release(pool)) {
		page_pool_free(pool);
		return;
	}
	pool->destroy_tsc = pool->warn_tsc = rte_get_timer_cycles();
	NM_LOG(INFO, "page_pool %s: destroy deferred, %ld pages in flight",
	       pool->name, pool->last_inflight);
	rte_spinlock_lock(&reap_lock);
	pool->reap_next = reap_list;
	reap_list = pool;
	reap_arm_locked();
	rte_spinlock_unlock(&reap_lock);
}

int nm_page_pool_for_each(nm_page_pool_visit_t fn, void *arg)
{
	int ret = 0;

	/* Under the registry's lock: page_pool_destroy() waits in
	 * nm_handle_del() and no pool is freed while @fn looks at it. */
	rte_spinlock_lock(&live_pools.lock);
	for (size_t i = 0; i < live_pools.n && ret == 0; i++)
		ret = fn((const struct page_pool *)live_pools.v[i], false, arg);
	rte_spinlock_unlock(&live_pools.lock);
	if (ret != 0)
		return ret;
	/* Destroyed pools with pages out: the reaper frees a pool only
	 * after taking it off the list under reap_lock. */
	rte_spinlock_lock(&reap_lock);
	for (const struct page_pool *pool = reap_list; pool != NULL && ret == 0;
	     pool = pool->reap_next)
		ret = fn(pool, true, arg);
	rte_spinlock_unlock(&reap_lock);
	return ret;
}

/* put_page() dropped the page reference @page's pool holds (a misuse,
 * counted by put_page): the caller meant to give its pp reference back. */
static void page_pool_misput(struct page *page)
{
	/* A page sitting in its pool also holds one pp reference: that
	 * put_page() is a double put, caught as such (debug checks). */
	page_pool_put_full_netmem(page->pp, page_to_netmem(page), false);
}

RTE_INIT(page_pool_misput_init)
{
	nm_pp_misput = page_pool_misput;
}

/* At exit, name the pools whose pages never came back. */
static void __attribute__((destructor)) page_pool_report_leaks(void)
{
	for (struct page_pool *pool = reap_list; pool != NULL; pool = pool->reap_next)
		fprintf(stderr, "netmem: page_pool %s leaked: %ld pages never returned\n",
			pool->name, pool->last_inflight);
}
