/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/page_pool: stats access, pp info setters, release. */
#ifndef PAGE_POOL_PRIV_H
#define PAGE_POOL_PRIV_H

#include <rte_lcore.h>
#include <rte_ring.h>

#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>

#include "netmem_priv.h"

/** pp_ref_count of the page being cut into frags. */
#define BIAS_MAX	(LONG_MAX / 2)

/** Statistics the calling lcore writes; *shared is set for the slot that
 *  non-EAL threads share (written with atomics). */
static inline struct pp_lcore_stats *pp_stats(struct page_pool *pool, bool *shared)
{
	unsigned int lcore = rte_lcore_id();

	*shared = false;
	if (lcore == pool->owner_lcore)
		return &pool->owner_stats;
	if (lcore >= RTE_MAX_LCORE) {
		*shared = true;
		lcore = RTE_MAX_LCORE;
	}
	return &pool->lcore_stats[lcore];
}

#define pp_stat_inc(pool, grp, field) do {				\
	bool __sh;							\
	struct pp_lcore_stats *__s = pp_stats(pool, &__sh);		\
	if (__sh)							\
		__atomic_fetch_add(&__s->grp.field, 1, __ATOMIC_RELAXED);	\
	else								\
		__s->grp.field++;					\
} while (0)

/** Marks a netmem as owned by @p pool with one pp reference. */
static inline void page_pool_set_pp_info(struct page_pool *pool, netmem_ref netmem)
{
	nm_netmem_set_pp_info(netmem, pool);
}

/** Clears page_pool ownership of a netmem. */
static inline void page_pool_clear_pp_info(netmem_ref netmem)
{
	nm_netmem_clear_pp_info(netmem);
}

/* A netmem enters its pool's cache or ring (see __pp_poison()). */
#ifdef NM_DEBUG
#define pp_debug_set_pooled(n) do {						\
	__netmem_to_page(n)->flags |= NM_PAGE_POOLED;				\
	__pp_poison(n);								\
} while (0)
#else
#define pp_debug_set_pooled(n) __pp_poison(n)
#endif

/* Link names of the functions below (global in libnetmem.a, so in the
 * library's namespace: <netmem/api.h>). */
NM_ISYM(page_pool_host_init)
NM_ISYM(page_pool_host_destroy)
NM_ISYM(page_pool_host_alloc_bulk)
NM_ISYM(page_pool_host_held)
NM_KSYM(page_pool_return_page)
NM_KSYM(page_pool_free)
NM_KSYM(page_pool_free_frag)

/*
 * The built-in host allocator (page_pool_host.c): what a pool without
 * mp_ops gets its pages from, called directly (the kernel's page_pool.c
 * calls the page allocator, and mp_ops only when a provider is set).
 */
/** Makes the pool's mempool of pages; 0 or -errno. */
int page_pool_host_init(struct page_pool *pool);
/** Frees the pool's mempool (every page came back). */
void page_pool_host_destroy(struct page_pool *pool);
/** Up to @p n pages (at most PP_ALLOC_CACHE_REFILL) with pp info set;
 *  returns how many. */
unsigned int page_pool_host_alloc_bulk(struct page_pool *pool, netmem_ref *netmems,
				       unsigned int n);
/** Pages out of the pool's mempool, also those a PMD took directly. */
long page_pool_host_held(const struct page_pool *pool);

/** Gives @p netmem back to @p pool's provider (pool stops owning it). */
void page_pool_return_page(struct page_pool *pool, netmem_ref netmem);

/** Frees a destroyed pool whose pages all came back. */
void page_pool_free(struct page_pool *pool);

/** Drops the pool's hold on its frag page. */
void page_pool_free_frag(struct page_pool *pool);

#endif /* PAGE_POOL_PRIV_H */
