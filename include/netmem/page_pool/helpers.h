/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * page_pool fast paths, inline, as in the kernel's
 * include/net/page_pool/helpers.h. Include this from .c files that allocate
 * or return pages; headers that only need the types include types.h.
 *
 * References: a page from a page_pool carries pp_ref_count references (1
 * when allocated whole, more with the frag API). page_pool_put_*() drop one;
 * only the last one recycles the page: into the alloc cache when the owning
 * lcore returns it (with allow_direct or, as the kernel's
 * page_pool_napi_local(), without), else into the ring, else (ring full)
 * back to the provider. A page that also holds page references (get_page())
 * is released from the pool instead of recycled.
 *
 * @code
 *	unsigned int off;
 *	struct page *p = page_pool_dev_alloc_frag(pool, &off, 1024);
 *	page_pool_ref_page(p);               // a second user of the frag
 *	page_pool_put_full_page(pool, p, true);   // not the last: no recycle
 *	page_pool_put_full_page(pool, p, true);   // last: recycled
 * @endcode
 */
#ifndef NETMEM_PAGE_POOL_HELPERS_H
#define NETMEM_PAGE_POOL_HELPERS_H

#include <rte_branch_prediction.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <netmem/page_pool/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Private page flag: the page sits in its pool (debug builds). */
#define NM_PAGE_POOLED	0x1

/*
 * With NM_POISON (-Dpoison, on in ASan builds) a page's buffer and its skb
 * slot (the struct an skb built on the page lives in) are poisoned while
 * the page sits in its pool's cache or ring, so a use after the last put
 * is reported by AddressSanitizer. Compiled out otherwise.
 */
#ifdef NM_POISON
#include <sanitizer/asan_interface.h>
#define __pp_poison(n) do {							\
	if (!netmem_is_net_iov(n)) {						\
		struct page *__p = netmem_to_page(n);				\
									\
		ASAN_POISON_MEMORY_REGION(__p->virt, page_size(__p));		\
		ASAN_POISON_MEMORY_REGION((char *)__p - NM_PAGE_SKB_SLOT,	\
					  NM_PAGE_SKB_SLOT);			\
	}								\
} while (0)
#define __pp_unpoison(n) do {							\
	if (!netmem_is_net_iov(n)) {						\
		struct page *__p = netmem_to_page(n);				\
									\
		ASAN_UNPOISON_MEMORY_REGION(__p->virt, page_size(__p));	\
		ASAN_UNPOISON_MEMORY_REGION((char *)__p - NM_PAGE_SKB_SLOT,	\
					    NM_PAGE_SKB_SLOT);			\
	}								\
} while (0)
#else
#define __pp_poison(n) do { } while (0)
#define __pp_unpoison(n) do { } while (0)
#endif

/* A netmem leaves its pool (handed out, or given back to its provider). */
#ifdef NM_DEBUG
#define __pp_debug_out(n) do {							\
	__netmem_to_page(n)->flags &= (uint16_t)~NM_PAGE_POOLED;		\
	__pp_unpoison(n);							\
} while (0)
#else
#define __pp_debug_out(n) __pp_unpoison(n)
#endif

/**
 * Sets the pp_ref_count of a fresh @p netmem to @p nr (no concurrency).
 * @param netmem a netmem just allocated from its pool, not yet shared.
 * @param nr pp references it will have, one per frag user.
 */
static inline void page_pool_fragment_netmem(netmem_ref netmem, long nr)
{
	__atomic_store_n(netmem_get_pp_ref_count_ref(netmem), nr, __ATOMIC_RELAXED);
}

/**
 * page_pool_fragment_netmem() of a page.
 * @param page a page just allocated from its pool.
 * @param nr pp references it will have.
 */
static inline void page_pool_fragment_page(struct page *page, long nr)
{
	page_pool_fragment_netmem(page_to_netmem(page), nr);
}

/**
 * Drops @p nr pp references of @p netmem. Returns the references left: 0
 * when those were the last (the count is then reset to 1, the pool's own).
 * Going below zero is misuse: reported, undone, and a negative value is
 * returned so nothing is recycled.
 * @param netmem a page_pool netmem.
 * @param nr pp references the caller drops.
 * @return the references left; 0 when the caller must return @p netmem to its
 *   pool; negative after an underflow.
 */
static inline long page_pool_unref_netmem(netmem_ref netmem, long nr)
{
	long *ref = netmem_get_pp_ref_count_ref(netmem);
	long ret;

	if (__atomic_load_n(ref, __ATOMIC_ACQUIRE) == nr) {
		if (!__builtin_constant_p(nr) || nr != 1)
			__atomic_store_n(ref, 1, __ATOMIC_RELAXED);
		return 0;
	}
	ret = __atomic_sub_fetch(ref, nr, __ATOMIC_ACQ_REL);
	if (unlikely(ret <= 0)) {
		if (ret < 0) {
			__page_pool_ref_underflow(netmem, ret, nr);
			return ret;
		}
		__atomic_store_n(ref, 1, __ATOMIC_RELAXED);
	}
	return ret;
}

/**
 * page_pool_unref_netmem() of a page.
 * @param page a page_pool page.
 * @param nr pp references the caller drops.
 * @return as page_pool_unref_netmem().
 */
static inline long page_pool_unref_page(struct page *page, long nr)
{
	return page_pool_unref_netmem(page_to_netmem(page), nr);
}

/**
 * Drops one pp reference of @p netmem; true when it was the last, and the
 * caller then returns it with page_pool_put_unrefed_netmem() (the kernel's
 * name since 6.12 for page_pool_is_last_ref()).
 * @param netmem a page_pool netmem the caller holds a pp reference on.
 * @return true when the caller held the last reference.
 */
static inline bool page_pool_unref_and_test(netmem_ref netmem)
{
	return page_pool_unref_netmem(netmem, 1) == 0;
}

/**
 * Takes one more pp reference on @p netmem (a frag shared by two users).
 * @param netmem a page_pool netmem the caller holds a pp reference on.
 */
static inline void page_pool_ref_netmem(netmem_ref netmem)
{
	__atomic_fetch_add(netmem_get_pp_ref_count_ref(netmem), 1, __ATOMIC_RELAXED);
}

/**
 * page_pool_ref_netmem() of a page.
 * @param page a page_pool page the caller holds a pp reference on.
 */
static inline void page_pool_ref_page(struct page *page)
{
	page_pool_ref_netmem(page_to_netmem(page));
}

/**
 * Drops one pp reference; true when it was the last.
 * @param netmem a page_pool netmem the caller holds a pp reference on.
 * @return true when the caller held the last reference.
 */
static inline bool page_pool_is_last_ref(netmem_ref netmem)
{
	return page_pool_unref_netmem(netmem, 1) == 0;
}

/**
 * True when the caller may touch @p pool's alloc cache.
 * @param pool a page_pool.
 * @return true on the pool's owner lcore.
 */
static inline bool __page_pool_is_owner(const struct page_pool *pool)
{
	return pool->owner_lcore == rte_lcore_id();
}

/**
 * True when a put with allow_direct false may still recycle into the alloc
 * cache: the caller is the owner lcore (where the kernel's
 * page_pool_napi_local() finds the pool's NAPI context) and
 * page_pool_disable_direct_recycling() was not called.
 * @param pool a page_pool.
 * @return true on the owner lcore while direct recycling is allowed.
 */
static inline bool nm_page_pool_napi_local(const struct page_pool *pool)
{
	return !(pool->flags & PP_NM_NAPI_DIRECT_OFF) && __page_pool_is_owner(pool);
}

/**
 * The fast path's pop: the alloc cache's top netmem.
 * @param pool a pool whose alloc cache is not empty, owned by the calling
 *   lcore (the caller checked both).
 * @return the netmem, holding one pp reference.
 */
static inline netmem_ref __page_pool_alloc_cached(struct page_pool *pool)
{
	netmem_ref netmem = pool->alloc.cache[--pool->alloc.count];

	pool->owner_stats.alloc.fast++;
	__pp_debug_out(netmem);
	return netmem;
}

/**
 * Allocates one netmem (page or net_iov). Fast path: the alloc cache, when
 * called on the owning lcore. Returns the null netmem when exhausted.
 * @param pool the pool; on its owner lcore for the fast path.
 * @param gfp allocation flags (used on the slow path).
 * @return a netmem holding one pp reference, returned with
 *   page_pool_put_full_netmem() (or by freeing the skb that holds it); the null
 *   netmem when the pool is exhausted.
 */
static inline netmem_ref page_pool_alloc_netmems(struct page_pool *pool, gfp_t gfp)
{
	if (likely(pool->alloc.count != 0 && __page_pool_is_owner(pool)))
		return __page_pool_alloc_cached(pool);
	return __page_pool_alloc_netmems_slow(pool, gfp);
}

/**
 * page_pool_alloc_netmems() with GFP_ATOMIC.
 * @param pool the pool to allocate from (fast path on its owner lcore).
 * @return a netmem with one pp reference, or the null netmem.
 */
static inline netmem_ref page_pool_dev_alloc_netmems(struct page_pool *pool)
{
	return page_pool_alloc_netmems(pool, GFP_ATOMIC | __GFP_NOWARN);
}

/**
 * page_pool_alloc_pages() with GFP_ATOMIC.
 * @param pool a pool of pages.
 * @return a page with one pp reference, or NULL.
 */
static inline struct page *page_pool_dev_alloc_pages(struct page_pool *pool)
{
	/* page_pool_alloc_pages()'s fast path inline: a page on top of the
	 * alloc cache (a net_iov there takes the out-of-line way, which
	 * reports the misuse). */
	if (likely(pool->alloc.count != 0 && __page_pool_is_owner(pool) &&
		   !netmem_is_net_iov(pool->alloc.cache[pool->alloc.count - 1])))
		return __netmem_to_page(__page_pool_alloc_cached(pool));
	return page_pool_alloc_pages(pool, GFP_ATOMIC | __GFP_NOWARN);
}

/**
 * page_pool_alloc_frag() with GFP_ATOMIC.
 * @param pool a pool of pages.
 * @param offset set to the frag's offset in the page.
 * @param size bytes wanted, at most half the pool's page size.
 * @return the page holding the frag (one pp reference for the frag), or NULL.
 */
static inline struct page *page_pool_dev_alloc_frag(struct page_pool *pool,
						    unsigned int *offset,
						    unsigned int size)
{
	return page_pool_alloc_frag(pool, offset, size, GFP_ATOMIC | __GFP_NOWARN);
}

/**
 * Allocates @p *size bytes: a frag when two fit in a page, else a whole page
 * (then *size becomes the page size). The last frag of a page gets the rest
 * of the page added to *size.
 * @param pool the pool to allocate from.
 * @param offset set to the offset of the bytes in the netmem.
 * @param size in: bytes wanted; out: bytes the caller owns (may be more).
 * @param gfp allocation flags.
 * @return the netmem (one pp reference for this allocation), or the null netmem
 *   when the pool is exhausted.
 */
static inline netmem_ref page_pool_alloc_netmem(struct page_pool *pool,
						unsigned int *offset,
						unsigned int *size, gfp_t gfp)
{
	unsigned int max_size = pool->max_size;
	netmem_ref netmem;

	if ((*size << 1) > max_size) {
		*size = max_size;
		*offset = 0;
		return page_pool_alloc_netmems(pool, gfp);
	}
	netmem = page_pool_alloc_frag_netmem(pool, offset, *size, gfp);
	if (unlikely(netmem_is_null(netmem)))
		return netmem;
	if (netmem_eq(netmem, pool->frag_page) &&
	    pool->frag_offset + *size > max_size) {
		*size = max_size - *offset;
		pool->frag_offset = max_size;
	}
	return netmem;
}

/**
 * page_pool_alloc_netmem() with GFP_ATOMIC (the kernel's signature).
 * @param pool the pool to allocate from.
 * @param offset set to the offset of the bytes.
 * @param size in: bytes wanted; out: bytes owned.
 * @return the netmem, or the null netmem.
 */
static inline netmem_ref page_pool_dev_alloc_netmem(struct page_pool *pool,
						    unsigned int *offset,
						    unsigned int *size)
{
	return page_pool_alloc_netmem(pool, offset, size, GFP_ATOMIC | __GFP_NOWARN);
}

/**
 * page_pool_alloc_netmem() of a page.
 * @param pool a pool of pages.
 * @param offset set to the offset of the bytes in the page.
 * @param size in: bytes wanted; out: bytes owned.
 * @param gfp allocation flags.
 * @return the page (one pp reference for this allocation), or NULL.
 */
static inline struct page *page_pool_alloc(struct page_pool *pool,
					   unsigned int *offset,
					   unsigned int *size, gfp_t gfp)
{
	return netmem_to_page(page_pool_alloc_netmem(pool, offset, size, gfp));
}

/**
 * page_pool_alloc() with GFP_ATOMIC.
 * @param pool a pool of pages.
 * @param offset set to the offset of the bytes.
 * @param size in: bytes wanted; out: bytes owned.
 * @return the page, or NULL.
 */
static inline struct page *page_pool_dev_alloc(struct page_pool *pool,
					       unsigned int *offset,
					       unsigned int *size)
{
	return page_pool_alloc(pool, offset, size, GFP_ATOMIC | __GFP_NOWARN);
}

/**
 * page_pool_alloc() returning the CPU address of the bytes.
 * @param pool a pool of pages.
 * @param size in: bytes wanted; out: bytes owned.
 * @param gfp allocation flags.
 * @return the address of the bytes, freed with page_pool_free_va(); NULL when
 *   the pool is exhausted.
 */
static inline void *page_pool_alloc_va(struct page_pool *pool,
				       unsigned int *size, gfp_t gfp)
{
	unsigned int offset;
	struct page *page = page_pool_alloc(pool, &offset, size, gfp);

	if (unlikely(!page))
		return NULL;
	return (char *)page_address(page) + offset;
}

/**
 * page_pool_alloc_va() with GFP_ATOMIC.
 * @param pool a pool of pages.
 * @param size in: bytes wanted; out: bytes owned.
 * @return the address of the bytes, or NULL.
 */
static inline void *page_pool_dev_alloc_va(struct page_pool *pool, unsigned int *size)
{
	return page_pool_alloc_va(pool, size, GFP_ATOMIC | __GFP_NOWARN);
}

/**
 * Returns a netmem whose pp references are all gone. On the owner lcore it
 * is recycled into the alloc cache whatever @p allow_direct says: with
 * allow_direct false that is the kernel's page_pool_napi_local() (the pool's
 * NAPI runs here, so nothing races); from any other lcore allow_direct true
 * is not trusted. Anything else goes to the out-of-line path (ring,
 * provider, misuse checks).
 * @param pool the pool @p netmem came from.
 * @param netmem a netmem with no pp reference left.
 * @param dma_sync_size bytes to sync for the device (-1: all); nothing to do
 *   for coherent DPDK host memory.
 * @param allow_direct true when the caller runs in the pool's NAPI context.
 */
static inline void page_pool_put_unrefed_netmem(struct page_pool *pool,
						netmem_ref netmem,
						unsigned int dma_sync_size,
						bool allow_direct)
{
	const struct page *page = __netmem_to_page(netmem);

#ifndef NM_DEBUG
	/* A PMD-refilled pool (PP_FLAG_NM_PMD_REFILL), tested first: such a
	 * pool has no owner lcore, so no alloc cache to recycle into. The page
	 * goes back to the mempool the PMD refills from as a free mbuf, still
	 * the pool's. Not counted here: page_pool_get_stats() finds it back
	 * in the mempool. Such a pool has no memory provider
	 * (page_pool_create() refuses one), so a netmem of it is a page. Debug
	 * builds take the out-of-line way, which also catches a double put. */
	if (likely((pool->flags & PP_FLAG_NM_PMD_REFILL) && page->pp == pool &&
		   page->_refcount == 1)) {
		struct rte_mbuf *m = nm_page_to_mbuf(page);

		__netmem_to_page(netmem)->_refcount = 0;
		m->next = NULL;
		m->nb_segs = 1;
		rte_mempool_put(m->pool, m);
		return;
	}
#endif
	if (likely(page->pp == pool &&
		   (netmem_is_net_iov(netmem) || page->_refcount == 1) &&
		   !(pool->flags & (PP_FLAG_DMA_SYNC_DEV |
				    (allow_direct ? 0 : PP_NM_NAPI_DIRECT_OFF))) &&
		   __page_pool_is_owner(pool) &&
		   pool->alloc.count - 1u < PP_ALLOC_CACHE_SIZE - 1u &&
		   !netmem_eq(pool->alloc.cache[pool->alloc.count - 1], netmem)
#ifdef NM_DEBUG
		   && !(page->flags & NM_PAGE_POOLED)
#endif
		   )) {
#ifdef NM_DEBUG
		__netmem_to_page(netmem)->flags |= NM_PAGE_POOLED;
#endif
		__pp_poison(netmem);
		pool->alloc.cache[pool->alloc.count++] = netmem;
		pool->owner_stats.recycle.cached++;
		return;
	}
	__page_pool_put_unrefed_slow(pool, netmem, dma_sync_size, allow_direct);
}

/**
 * page_pool_put_unrefed_netmem() of a page.
 * @param pool the pool @p page came from.
 * @param page a page with no pp reference left.
 * @param dma_sync_size bytes to sync for the device (-1: all); nothing to do
 *   for coherent DPDK host memory.
 * @param allow_direct true when the caller runs in the pool's NAPI context.
 */
static inline void page_pool_put_unrefed_page(struct page_pool *pool, struct page *page,
					      unsigned int dma_sync_size, bool allow_direct)
{
	page_pool_put_unrefed_netmem(pool, page_to_netmem(page), dma_sync_size,
				     allow_direct);
}

/**
 * Drops one pp reference of @p netmem; the last one recycles it.
 * @param pool the pool @p netmem came from.
 * @param netmem a netmem the caller holds a pp reference on.
 * @param dma_sync_size bytes to sync for the device (-1: all); nothing to do
 *   for coherent DPDK host memory.
 * @param allow_direct true when the caller runs in the pool's NAPI context.
 */
static inline void page_pool_put_netmem(struct page_pool *pool, netmem_ref netmem,
					unsigned int dma_sync_size, bool allow_direct)
{
	if (!page_pool_is_last_ref(netmem))
		return;
	page_pool_put_unrefed_netmem(pool, netmem, dma_sync_size, allow_direct);
}

/**
 * page_pool_put_netmem() of a page.
 * @param pool the pool @p page came from.
 * @param page a page the caller holds a pp reference on.
 * @param dma_sync_size bytes to sync for the device (-1: all); nothing to do
 *   for coherent DPDK host memory.
 * @param allow_direct true when the caller runs in the pool's NAPI context.
 */
static inline void page_pool_put_page(struct page_pool *pool, struct page *page,
				      unsigned int dma_sync_size, bool allow_direct)
{
	page_pool_put_netmem(pool, page_to_netmem(page), dma_sync_size, allow_direct);
}

/**
 * page_pool_put_netmem() syncing the whole page.
 * @param pool the pool @p netmem came from.
 * @param netmem a netmem the caller holds a pp reference on.
 * @param allow_direct true when the caller runs in the pool's NAPI context.
 */
static inline void page_pool_put_full_netmem(struct page_pool *pool, netmem_ref netmem,
					     bool allow_direct)
{
	page_pool_put_netmem(pool, netmem, UINT32_MAX, allow_direct);
}

/**
 * page_pool_put_full_netmem() of a page.
 * @param pool the pool @p page came from.
 * @param page a page the caller holds a pp reference on.
 * @param allow_direct true when the caller runs in the pool's NAPI context.
 */
static inline void page_pool_put_full_page(struct page_pool *pool, struct page *page,
					   bool allow_direct)
{
	page_pool_put_netmem(pool, page_to_netmem(page), UINT32_MAX, allow_direct);
}

/**
 * Recycles @p page directly: the caller is the owning lcore.
 * @param pool the pool @p page came from, owned by the calling lcore.
 * @param page a page the caller holds the last pp reference on.
 */
static inline void page_pool_recycle_direct(struct page_pool *pool, struct page *page)
{
	page_pool_put_full_page(pool, page, true);
}

/**
 * page_pool_recycle_direct() of a netmem.
 * @param pool the pool @p netmem came from, owned by the calling lcore.
 * @param netmem a netmem the caller holds the last pp reference on.
 */
static inline void page_pool_recycle_direct_netmem(struct page_pool *pool,
						   netmem_ref netmem)
{
	page_pool_put_full_netmem(pool, netmem, true);
}

/**
 * Frees what page_pool_alloc_va() returned.
 * @param pool the pool the bytes came from.
 * @param va an address page_pool_alloc_va() returned (any address inside the
 *   bytes).
 * @param allow_direct true when the caller runs in the pool's NAPI context.
 */
static inline void page_pool_free_va(struct page_pool *pool, void *va, bool allow_direct)
{
	page_pool_put_page(pool, virt_to_head_page(va), UINT32_MAX, allow_direct);
}

/**
 * IOVA of @p page's buffer start.
 * @param page a page_pool page.
 * @return the DMA address (IOVA) of its buffer.
 */
static inline dma_addr_t page_pool_get_dma_addr(const struct page *page)
{
	return page->dma_addr;
}

/**
 * IOVA of @p netmem's buffer start.
 * @param netmem a page_pool netmem.
 * @return the DMA address (IOVA) of its buffer.
 */
static inline dma_addr_t page_pool_get_dma_addr_netmem(netmem_ref netmem)
{
	return netmem_get_dma_addr(netmem);
}

/**
 * Makes @p dma_sync_size bytes at @p offset visible to the CPU after the
 * device wrote them. DPDK host memory is cache coherent: a read barrier.
 * @param pool the pool of @p page.
 * @param page a page the device wrote.
 * @param offset offset of the bytes from the pool's offset.
 * @param dma_sync_size bytes to make visible.
 */
static inline void page_pool_dma_sync_for_cpu(const struct page_pool *pool,
					      const struct page *page,
					      uint32_t offset, uint32_t dma_sync_size)
{
	(void)pool;
	(void)page;
	(void)offset;
	(void)dma_sync_size;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

/**
 * page_pool_dma_sync_for_cpu() of a netmem (nothing for a net_iov).
 * @param pool the pool of @p netmem.
 * @param netmem a netmem the device wrote.
 * @param offset offset of the bytes.
 * @param dma_sync_size bytes to make visible.
 */
static inline void page_pool_dma_sync_netmem_for_cpu(const struct page_pool *pool,
						     netmem_ref netmem,
						     uint32_t offset,
						     uint32_t dma_sync_size)
{
	if (!netmem_is_net_iov(netmem))
		page_pool_dma_sync_for_cpu(pool, netmem_to_page(netmem), offset,
					   dma_sync_size);
}

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_PAGE_POOL_HELPERS_H */
