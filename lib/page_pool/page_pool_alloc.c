/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * page_pool slow paths: refill of the alloc cache from the ring and the
 * provider, frag allocation, and the return of pages that could not be
 * recycled into the alloc cache.
 */
#include <errno.h>

#include <rte_errno.h>
#include <rte_mbuf.h>

#include "page_pool_priv.h"

/* Takes up to PP_ALLOC_CACHE_REFILL netmems from the ring into the cache. */
static netmem_ref page_pool_refill_alloc_cache(struct page_pool *pool)
{
	void *objs[PP_ALLOC_CACHE_REFILL];
	int pref_nid = pool->p.nid;
	unsigned int n, i;

	if (rte_ring_empty(pool->ring)) {
		pool->owner_stats.alloc.empty++;
		return netmem_null();
	}
	n = rte_ring_dequeue_burst(pool->ring, objs, PP_ALLOC_CACHE_REFILL, NULL);
	for (i = 0; i < n; i++) {
		netmem_ref netmem = { (uintptr_t)objs[i] };

		if (pref_nid != NUMA_NO_NODE && !netmem_is_net_iov(netmem) &&
		    netmem_to_page(netmem)->nid != pref_nid) {
			page_pool_return_page(pool, netmem);
			pool->owner_stats.alloc.waive++;
			continue;
		}
		pool->alloc.cache[pool->alloc.count++] = netmem;
	}
	if (pool->alloc.count == 0)
		return netmem_null();
	pool->owner_stats.alloc.refill++;
	return pool->alloc.cache[--pool->alloc.count];
}

/* Takes up to @n netmems from the provider. */
static unsigned int provider_alloc(struct page_pool *pool, gfp_t gfp,
				   netmem_ref *out, unsigned int n)
{
	const struct memory_provider_ops *ops = pool->mp_ops;
	unsigned int got = 0;

	if (ops == NULL) {
		got = page_pool_host_alloc_bulk(pool, out, n);
	} else if (ops->alloc_bulk != NULL) {
		got = ops->alloc_bulk(pool, gfp, out, n);
	} else {
		while (got < n) {
			out[got] = ops->alloc_netmems(pool, gfp);
			if (netmem_is_null(out[got]))
				break;
			got++;
		}
	}
	if (got != 0)
		__atomic_fetch_add(&pool->hold_cnt, (long)got, __ATOMIC_RELAXED);
	return got;
}

netmem_ref __page_pool_alloc_netmems_slow(struct page_pool *pool, gfp_t gfp)
{
	netmem_ref netmem = netmem_null();
	unsigned int got;

	if (__page_pool_is_owner(pool)) {
		if (pool->alloc.count != 0)	/* not reached from the fast path */
			netmem = pool->alloc.cache[--pool->alloc.count];
		else
			netmem = page_pool_refill_alloc_cache(pool);
		if (netmem_is_null(netmem)) {
			got = provider_alloc(pool, gfp, pool->alloc.cache,
					     pool->order ? 1 : PP_ALLOC_CACHE_REFILL);
			if (got == 0)
				return netmem;
			for (unsigned int i = 0; i < got; i++)
				pp_debug_set_pooled(pool->alloc.cache[i]);
			pool->alloc.count = got;
			if (pool->order)
				pool->owner_stats.alloc.slow_high_order++;
			else
				pool->owner_stats.alloc.slow++;
			netmem = pool->alloc.cache[--pool->alloc.count];
		}
		__pp_debug_out(netmem);
		return netmem;
	}

	/* Not the owner: no alloc cache; the ring, else the provider. */
	void *obj;

	if (rte_ring_dequeue(pool->ring, &obj) == 0) {
		netmem.v = (uintptr_t)obj;
		pp_stat_inc(pool, alloc, refill);
	} else if (provider_alloc(pool, gfp, &netmem, 1) == 1) {
		if (pool->order)
			pp_stat_inc(pool, alloc, slow_high_order);
		else
			pp_stat_inc(pool, alloc, slow);
	}
	if (!netmem_is_null(netmem))
		__pp_debug_out(netmem);
	return netmem;
}

unsigned int page_pool_alloc_netmems_bulk(struct page_pool *pool, gfp_t gfp,
					  netmem_ref *netmems, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		netmems[i] = page_pool_alloc_netmems(pool, gfp);
		if (netmem_is_null(netmems[i]))
			break;
	}
	return i;
}

struct page *page_pool_alloc_pages(struct page_pool *pool, gfp_t gfp)
{
	netmem_ref netmem = page_pool_alloc_netmems(pool, gfp);

	if (unlikely(netmem_is_net_iov(netmem))) {
		nm_misuse("page_pool_alloc_pages() on pool %s of unreadable net_iovs",
			  pool->name);
		page_pool_put_full_netmem(pool, netmem, true);
		return NULL;
	}
	return netmem_to_page(netmem);
}

/* The frag page is done: drop the references no frag took. */
static netmem_ref page_pool_drain_frag(struct page_pool *pool, netmem_ref netmem)
{
	long drain_count = BIAS_MAX - pool->frag_users;

	if (page_pool_unref_netmem(netmem, drain_count) != 0)
		return netmem_null();	/* a frag is still in use */
	if (netmem_is_net_iov(netmem) || page_ref_count(netmem_to_page(netmem)) == 1)
		return netmem;		/* reuse it at once */
	pp_stat_inc(pool, recycle, released_refcnt);
	page_pool_return_page(pool, netmem);
	return netmem_null();
}

void page_pool_free_frag(struct page_pool *pool)
{
	long drain_count = BIAS_MAX - pool->frag_users;
	netmem_ref netmem = pool->frag_page;

	pool->frag_page = netmem_null();
	if (netmem_is_null(netmem) || page_pool_unref_netmem(netmem, drain_count) != 0)
		return;
	page_pool_return_page(pool, netmem);
}

netmem_ref page_pool_alloc_frag_netmem(struct page_pool *pool, unsigned int *offset,
				       unsigned int size, gfp_t gfp)
{
	unsigned int max_size = pool->max_size;
	netmem_ref netmem = pool->frag_page;

	/* As the kernel: only a size past the page is refused (a WARN); a
	 * size of 0 is a frag of no bytes at the current offset. */
	if (size > max_size) {
		nm_warn("page_pool %s: frag of %u bytes (page is %u)", pool->name,
			size, max_size);
		return netmem_null();
	}
	/* The frag state belongs to the owner lcore. A pool made with no owner
	 * (params.lcore PP_LCORE_NONE) uses it as the kernel does: its callers
	 * serialize. Another lcore's pool, a system pool shared by lcores or
	 * a destroyed one cannot be cut from here: a whole page. */
	if (!__page_pool_is_owner(pool) &&
	    (pool->p.lcore != PP_LCORE_NONE ||
	     (pool->flags & (PP_FLAG_SYSTEM_POOL | PP_FLAG_NM_PMD_REFILL)) ||
	     __atomic_load_n(&pool->destroyed, __ATOMIC_ACQUIRE))) {
		*offset = 0;
		return page_pool_alloc_netmems(pool, gfp);
	}
	/* The kernel aligns to dma_get_cache_alignment(): 1 on x86. */
	if (pool->flags & PP_FLAG_NM_FRAG_CACHE_ALIGN)
		size = RTE_ALIGN_CEIL(size, RTE_CACHE_LINE_SIZE);
	*offset = pool->frag_offset;

	if (!netmem_is_null(netmem) && *offset + size > max_size) {
		netmem = page_pool_drain_frag(pool, netmem);
		if (!netmem_is_null(netmem)) {
			pool->owner_stats.recycle.cached++;
			pool->owner_stats.alloc.fast++;
			goto frag_reset;
		}
	}
	if (netmem_is_null(netmem)) {
		netmem = page_pool_alloc_netmems(pool, gfp);
		if (unlikely(netmem_is_null(netmem))) {
			pool->frag_page = netmem;
			return netmem;
		}
		pool->frag_page = netmem;
frag_reset:
		pool->frag_users = 1;
		*offset = 0;
		pool->frag_offset = size;
		page_pool_fragment_netmem(netmem, BIAS_MAX);
		return netmem;
	}
	pool->frag_users++;
	pool->frag_offset = *offset + size;
	return netmem;
}

struct page *page_pool_alloc_frag(struct page_pool *pool, unsigned int *offset,
				  unsigned int size, gfp_t gfp)
{
	netmem_ref netmem = page_pool_alloc_frag_netmem(pool, offset, size, gfp);

	if (unlikely(netmem_is_net_iov(netmem))) {
		nm_misuse("page_pool_alloc_frag() on pool %s of unreadable net_iovs",
			  pool->name);
		page_pool_put_netmem(pool, netmem, 0, true);
		return NULL;
	}
	return netmem_to_page(netmem);
}

void page_pool_return_page(struct page_pool *pool, netmem_ref netmem)
{
	bool put;

	__pp_unpoison(netmem);	/* it may come from the cache or the ring */
	/* Host pages: clear pp info, put_page() (back to the mempool). */
	put = pool->mp_ops == NULL || pool->mp_ops->release_netmem(pool, netmem);

	__atomic_fetch_add(&pool->release_cnt, 1, __ATOMIC_RELEASE);
	if (put) {
		page_pool_clear_pp_info(netmem);
		put_page(netmem_to_page(netmem));
	}
}

void __page_pool_ref_underflow(netmem_ref netmem, long ret, long nr)
{
	nm_misuse("pp_ref_count of %s %p went below zero (%ld after dropping %ld): double put?",
		  netmem_is_net_iov(netmem) ? "net_iov" : "page",
		  (void *)__netmem_to_page(netmem), ret, nr);
	__atomic_fetch_add(netmem_get_pp_ref_count_ref(netmem), nr, __ATOMIC_RELAXED);
}

void __page_pool_put_unrefed_slow(struct page_pool *pool, netmem_ref netmem,
				  unsigned int dma_sync_size, bool allow_direct)
{
	struct page_pool *owner = netmem_get_pp(netmem);

	(void)dma_sync_size;	/* DPDK host memory is coherent: nothing to sync */
	if (unlikely(owner != pool || !netmem_is_pp(netmem))) {
		if (owner == NULL || !netmem_is_pp(netmem)) {
			nm_misuse("%p returned to page_pool %s belongs to no page_pool (double put, or not a page_pool page)",
				  (void *)__netmem_to_page(netmem), pool ? pool->name : "NULL");
			return;
		}
		nm_misuse("%p returned to page_pool %s belongs to page_pool %s: given back to its own pool",
			  (void *)__netmem_to_page(netmem), pool ? pool->name : "NULL",
			  owner->name);
		pool = owner;
	}
#ifdef NM_DEBUG
	if (__netmem_to_page(netmem)->flags & NM_PAGE_POOLED) {
		nm_misuse("%p returned to page_pool %s twice (double put)",
			  (void *)__netmem_to_page(netmem), pool->name);
		return;
	}
#endif
	if (!netmem_is_net_iov(netmem) && page_ref_count(netmem_to_page(netmem)) != 1) {
		/* Someone else holds page references: the pool lets it go. */
		pp_stat_inc(pool, recycle, released_refcnt);
		page_pool_return_page(pool, netmem);
		return;
	}
	if (pool->flags & PP_FLAG_NM_PMD_REFILL) {
		/* The PMD refills from the mempool: give the page straight back,
		 * still the pool's (pp info kept), as a free mbuf. */
		struct rte_mbuf *m = nm_page_to_mbuf(netmem_to_page(netmem));

		netmem_to_page(netmem)->_refcount = 0;
		m->next = NULL;
		m->nb_segs = 1;
		pp_stat_inc(pool, recycle, ring);
		rte_mempool_put(m->pool, m);
		return;
	}
	if (unlikely(__atomic_load_n(&pool->destroyed, __ATOMIC_ACQUIRE))) {
		__atomic_fetch_add(&pool->put_active, 1, __ATOMIC_SEQ_CST);
		page_pool_return_page(pool, netmem);
		__atomic_fetch_sub(&pool->put_active, 1, __ATOMIC_SEQ_CST);
		return;
	}
	/* The owner lcore recycles directly even without allow_direct: the
	 * kernel's page_pool_napi_local() (the pool's NAPI runs here), unless
	 * page_pool_disable_direct_recycling() said otherwise. */
	if (allow_direct ? __page_pool_is_owner(pool) : nm_page_pool_napi_local(pool)) {
		uint32_t count = pool->alloc.count;

		if (count != 0 && netmem_eq(pool->alloc.cache[count - 1], netmem)) {
			nm_misuse("%p recycled into page_pool %s twice in a row (double put)",
				  (void *)__netmem_to_page(netmem), pool->name);
			return;
		}
		if (count < PP_ALLOC_CACHE_SIZE) {
			pp_debug_set_pooled(netmem);
			pool->alloc.cache[pool->alloc.count++] = netmem;
			pool->owner_stats.recycle.cached++;
			return;
		}
		pool->owner_stats.recycle.cache_full++;
	}
	pp_debug_set_pooled(netmem);
	if (rte_ring_enqueue(pool->ring, (void *)netmem.v) == 0) {
		pp_stat_inc(pool, recycle, ring);
		return;
	}
	__pp_debug_out(netmem);
	pp_stat_inc(pool, recycle, ring_full);
	page_pool_return_page(pool, netmem);
}

void page_pool_put_netmem_bulk(netmem_ref *data, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		struct page_pool *pool = netmem_get_pp(data[i]);

		if (unlikely(pool == NULL || !netmem_is_pp(data[i]))) {
			nm_misuse("page_pool_put_netmem_bulk: %p belongs to no page_pool",
				  (void *)__netmem_to_page(data[i]));
			continue;
		}
		page_pool_put_netmem(pool, data[i], UINT32_MAX, true);
	}
}

/* The memory providers' helpers (memory_provider.h). */
void net_mp_niov_set_page_pool(struct page_pool *pool, struct net_iov *niov)
{
	page_pool_set_pp_info(pool, net_iov_to_netmem(niov));
}

void net_mp_niov_clear_page_pool(struct net_iov *niov)
{
	page_pool_clear_pp_info(net_iov_to_netmem(niov));
}

bool net_mp_netmem_place_in_cache(struct page_pool *pool, netmem_ref netmem)
{
	if (!__page_pool_is_owner(pool) || pool->alloc.count >= PP_ALLOC_CACHE_SIZE)
		return false;
	pool->alloc.cache[pool->alloc.count++] = netmem;
	return true;
}
