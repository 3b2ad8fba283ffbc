/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Memory providers, as in the kernel's include/net/page_pool/memory_provider.h:
 * what a page_pool's pages are made of. Only what a provider needs is here.
 *
 * A provider hands netmems to a pool (alloc_netmems, or alloc_bulk) and takes
 * them back (release_netmem). A pool without one (params.mp_ops NULL, the
 * default) takes host pages from page_pool's built-in allocator, a DPDK
 * pktmbuf mempool made for the pool, as the kernel's page_pool takes them
 * from the page allocator; the device-memory provider (dmabuf_devmem_ops)
 * serves net_iovs of a binding made with net_devmem_bind().
 *
 * A provider sees the pool through this header and the public ones only:
 * it marks the netmems it hands out with net_mp_niov_set_page_pool(),
 * reports a caller's misuse with nm_warn() (<netmem/netmem.h>) and logs
 * with a DPDK log type of its own.
 */
#ifndef NETMEM_PAGE_POOL_MEMORY_PROVIDER_H
#define NETMEM_PAGE_POOL_MEMORY_PROVIDER_H

#include <netmem/page_pool/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What a memory provider implements. */
struct memory_provider_ops {
	/** One netmem with pp info set (net_mp_niov_set_page_pool() for a
	 *  net_iov), or the null netmem when none is left. */
	netmem_ref (*alloc_netmems)(struct page_pool *pool, gfp_t gfp);
	/** Takes back a netmem the pool no longer uses; returns true when
	 *  the caller must clear pp info and put_page() it (host pages). */
	bool (*release_netmem)(struct page_pool *pool, netmem_ref netmem);
	/** Called by page_pool_create(); 0 or -errno. */
	int (*init)(struct page_pool *pool);
	/** Called when the pool is freed, after every netmem came back. */
	void (*destroy)(struct page_pool *pool);
	/** libnetmem: optional bulk alloc; returns how many it filled. */
	unsigned int (*alloc_bulk)(struct page_pool *pool, gfp_t gfp,
				   netmem_ref *netmems, unsigned int n);
	/** libnetmem: optional exact count of netmems out of the provider
	 *  (e.g. also taken by a PMD); NULL: the pool's hold - release. */
	long (*held)(const struct page_pool *pool);
	/** libnetmem: the provider hands out unreadable net_iovs. */
	bool unreadable;
	/** libnetmem: name for logs. */
	const char *name;
};

/** Device memory: net_iovs of the binding passed as params.mp_priv. */
NM_API extern const struct memory_provider_ops dmabuf_devmem_ops;

/**
 * Marks @p niov as owned by @p pool (pp, pp_magic, pp_ref_count 1).
 * @param pool the page_pool the memory provider allocates for.
 * @param niov a net_iov of the provider, not owned by any pool.
 */
NM_API void net_mp_niov_set_page_pool(struct page_pool *pool, struct net_iov *niov);

/**
 * Clears the page_pool ownership of @p niov.
 * @param niov a net_iov leaving its page_pool (back to its provider).
 */
NM_API void net_mp_niov_clear_page_pool(struct net_iov *niov);

/** Puts @p netmem in @p pool's alloc cache (owner lcore only); false when
 *  the cache is full or the caller is not the owner.
 * @param pool the page_pool, called on its owner lcore (from
 *   mp_ops->alloc_netmems).
 * @param netmem a netmem owned by @p pool (net_mp_niov_set_page_pool()).
 * @return true when @p netmem went into the cache; false when it did not (cache
 *   full, not the owner lcore) and the caller still holds it.
 */
NM_API bool net_mp_netmem_place_in_cache(struct page_pool *pool, netmem_ref netmem);

/**
 * True when @p pool hands out unreadable net_iovs.
 * @param pool a page_pool.
 * @return true when its memory provider hands out net_iovs whose payload the
 *   CPU cannot read (device memory), false for readable pages.
 */
static inline bool page_pool_is_unreadable(const struct page_pool *pool)
{
	return (pool->flags & PP_FLAG_ALLOW_UNREADABLE_NETMEM) && pool->mp_ops != NULL &&
	       pool->mp_ops->unreadable;
}

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_PAGE_POOL_MEMORY_PROVIDER_H */
