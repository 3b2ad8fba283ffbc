/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * page_pool types and out-of-line functions, as in the kernel's
 * include/net/page_pool/types.h. Fast paths are in page_pool/helpers.h.
 *
 * A page_pool hands out pages (or net_iovs, with a memory provider) to one
 * owning lcore from a lockless alloc cache, refills that cache from its ring
 * (the kernel's ptr_ring: returns from other lcores land there) and then
 * from its memory provider: by default the host provider, a DPDK pktmbuf
 * mempool made for the pool so that a PMD can fill the same pages.
 *
 * @code
 *	struct page_pool_params pp = {
 *		.order = 0, .pool_size = 1024, .nid = NUMA_NO_NODE,
 *		.dev = PP_DEV_NONE, .lcore = rte_lcore_id(),
 *		.flags = PP_FLAG_DMA_MAP,
 *	};
 *	struct page_pool *pool = page_pool_create(&pp);
 *	if (IS_ERR(pool)) ...
 *	struct page *page = page_pool_dev_alloc_pages(pool);
 *	page_pool_recycle_direct(pool, page);
 *	page_pool_destroy(pool);
 * @endcode
 */
#ifndef NETMEM_PAGE_POOL_TYPES_H
#define NETMEM_PAGE_POOL_TYPES_H

#include <linux/types.h>

#include <netmem/api.h>
#include <netmem/err.h>
#include <netmem/netmem.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Map pages for DMA (IOVA); always true for DPDK host memory. */
#define PP_FLAG_DMA_MAP			BIT(0)
/** Sync [offset, offset + max_len) for the device on recycle. */
#define PP_FLAG_DMA_SYNC_DEV		BIT(1)
/** A pool not tied to one owner (alloc cache unused). */
#define PP_FLAG_SYSTEM_POOL		BIT(2)
/** The pool may hand out unreadable net_iovs (device memory provider). */
#define PP_FLAG_ALLOW_UNREADABLE_NETMEM	BIT(3)
/**
 * libnetmem: the pool's mempool feeds a PMD's RX queue, which refills from
 * the mempool itself: a returned page goes straight back to the mempool (its
 * per-lcore cache and ring are the ptr_ring here; counted as recycle.ring),
 * keeping its pp info; there is no alloc cache. Host provider only.
 */
#define PP_FLAG_NM_PMD_REFILL		BIT(8)
/**
 * libnetmem: not a params flag. Set in pool->flags by
 * page_pool_disable_direct_recycling(): puts with allow_direct false no
 * longer recycle into the alloc cache from the owner lcore (the kernel's
 * page_pool_napi_local() case); puts with allow_direct true still do.
 */
#define PP_NM_NAPI_DIRECT_OFF		BIT(16)
/**
 * libnetmem: page_pool_alloc_frag() rounds sizes up to a cache line (64
 * bytes). Without it frags are packed as the kernel does on x86, where
 * dma_get_cache_alignment() is 1.
 */
#define PP_FLAG_NM_FRAG_CACHE_ALIGN	BIT(9)
/** Every valid flag; any other bit makes page_pool_create() fail (-EINVAL). */
#define PP_FLAG_ALL	(PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV | \
			 PP_FLAG_SYSTEM_POOL | PP_FLAG_ALLOW_UNREADABLE_NETMEM | \
			 PP_FLAG_NM_PMD_REFILL | PP_FLAG_NM_FRAG_CACHE_ALIGN)

/** Entries of the lockless alloc cache. */
#define PP_ALLOC_CACHE_SIZE	128
/** Pages a refill moves into the alloc cache at once. */
#define PP_ALLOC_CACHE_REFILL	64
/** Default ring size (params.pool_size == 0). */
#define PP_DEFAULT_POOL_SIZE	1024

/* PP_SIGNATURE and PP_MAGIC_MASK: netmem.h, next to pp_magic. */

/** params.dev when the pool serves no DPDK port. */
#define PP_DEV_NONE		(-1)
/** params.lcore for a pool with no owning lcore (no direct recycling).
 *  Never equal to rte_lcore_id(), not even LCORE_ID_ANY of a non-EAL
 *  thread, so the owner test costs one compare. */
#define PP_LCORE_NONE		(UINT32_MAX - 1)

struct memory_provider_ops;

/** Parameters of page_pool_create(); zero-fill, then set what you need. */
struct page_pool_params {
	unsigned int flags;		/**< PP_FLAG_* */
	unsigned int order;		/**< pages of PAGE_SIZE << order, <= 4 */
	unsigned int pool_size;		/**< ring entries (0: 1024) */
	int nid;			/**< NUMA node / socket, NUMA_NO_NODE */
	int dev;			/**< DPDK port id, or PP_DEV_NONE */
	unsigned int lcore;		/**< owning lcore: only it uses the
					 *   alloc cache and recycles direct;
					 *   PP_LCORE_NONE for none */
	enum dma_data_direction dma_dir;	/**< DMA_FROM_DEVICE or DMA_BIDIRECTIONAL */
	unsigned int max_len;		/**< PP_FLAG_DMA_SYNC_DEV: bytes synced */
	unsigned int offset;		/**< PP_FLAG_DMA_SYNC_DEV: first byte synced */
	unsigned int queue_idx;		/**< RX queue served, for stats and names */
	unsigned int nr_pages;		/**< host provider: pages in the backing
					 *   mempool (0: 2 * pool_size + 2 *
					 *   PP_ALLOC_CACHE_SIZE) */
	const struct memory_provider_ops *mp_ops;	/**< NULL: host pages */
	void *mp_priv;			/**< provider argument (a binding) */
	const char *name;		/**< optional, for logs and mempool names */
};

/** Allocation statistics (the kernel's names). */
struct page_pool_alloc_stats {
	uint64_t fast;		/**< served by the alloc cache */
	uint64_t slow;		/**< order-0 refills from the provider */
	uint64_t slow_high_order;	/**< order > 0 refills from the provider */
	uint64_t empty;		/**< ring empty when a refill was tried */
	uint64_t refill;	/**< alloc cache refilled from the ring */
	uint64_t waive;		/**< pages from the ring not cached: NUMA mismatch */
};

/** Recycling statistics (the kernel's names). */
struct page_pool_recycle_stats {
	uint64_t cached;	/**< recycled into the alloc cache */
	uint64_t cache_full;	/**< alloc cache was full */
	uint64_t ring;		/**< recycled into the ring */
	uint64_t ring_full;	/**< ring was full: page released */
	uint64_t released_refcnt;	/**< page had other references: released */
};

/** Both kinds of statistics, summed over lcores by page_pool_get_stats(). */
struct page_pool_stats {
	struct page_pool_alloc_stats alloc_stats;	/**< allocation counters */
	struct page_pool_recycle_stats recycle_stats;	/**< recycling counters */
};

/** The statistics one lcore writes (private layout, one per lcore). */
struct pp_lcore_stats {
	struct page_pool_alloc_stats alloc;	/**< allocation counters */
	struct page_pool_recycle_stats recycle;	/**< recycling counters */
} __attribute__((aligned(64)));

/** The lockless alloc cache: only the owning lcore touches it. */
struct pp_alloc_cache {
	uint32_t count;	/**< netmems in cache */
	netmem_ref cache[PP_ALLOC_CACHE_SIZE];	/**< the cached netmems */
};

/**
 * A page_pool. Its fields are read by the inline helpers; change them only
 * through the API. The first cache line holds what every fast path reads.
 */
struct page_pool {
	/* cache line 0: fast paths (owner lcore reads, slow paths write) */
	unsigned int owner_lcore;	/**< PP_LCORE_NONE when no owner */
	unsigned int flags;		/**< PP_FLAG_* */
	unsigned int order;	/**< page order */
	uint32_t destroyed;		/**< set by page_pool_destroy() (atomic) */
	unsigned int max_size;		/**< PAGE_SIZE << order */
	unsigned int frag_offset;	/**< next free byte of frag_page */
	long frag_users;		/**< frags handed out of frag_page */
	netmem_ref frag_page;		/**< page being cut into frags */
	struct rte_ring *ring;		/**< the ptr_ring: returns land here */
	struct pp_lcore_stats *lcore_stats;	/**< per-lcore, + 1 for others */
	void *mp_priv;			/**< provider argument */
	const struct memory_provider_ops *mp_ops;	/**< NULL: host pages */

	/** owner lcore only */
	struct pp_lcore_stats owner_stats __attribute__((aligned(64)));
	/** the alloc cache (owner lcore only) */
	struct pp_alloc_cache alloc __attribute__((aligned(64)));

	/** slow path and control */
	struct page_pool_params p __attribute__((aligned(64)));
	void *mp_state;			/**< host allocator: the pool's mempool */
	/** PP_FLAG_NM_PMD_REFILL: the PMD's refills, counted by its RX queue
	 *  (nm_page_pool_pmd_counter()), or NULL */
	const uint64_t *pmd_refills;
	long hold_cnt;			/**< netmems taken from the provider (atomic) */
	long release_cnt;		/**< netmems given back to it (atomic) */
	uint32_t put_active;		/**< slow puts running after destroy (atomic) */
	long last_inflight;		/**< inflight seen by the last reap */
	uint64_t destroy_tsc;		/**< when page_pool_destroy() ran */
	uint64_t warn_tsc;		/**< when the last stall warning was said */
	struct page_pool *reap_next;	/**< on the deferred-destroy list */
	char name[32];	/**< name for logs and mempools */
	uint32_t id;			/**< the kernel's page pool id (telemetry) */
};

/**
 * Creates a page_pool. Returns the pool or ERR_PTR(-errno): -EINVAL for bad
 * params (unknown flags, order > 4, DMA_SYNC_DEV without DMA_MAP or with a
 * bad window, a provider without PP_FLAG_ALLOW_UNREADABLE_NETMEM when it
 * hands out net_iovs), -ENOMEM when memory runs out.
 * @param params pool parameters, copied.
 * @return the pool, destroyed with page_pool_destroy(); ERR_PTR(-EINVAL or
 *   -ENOMEM), never NULL.
 */
NM_API struct page_pool *page_pool_create(const struct page_pool_params *params);

/**
 * Destroys @p pool: its cached pages go back at once; with pages still in
 * flight the pool stays until the last one is returned, then frees itself
 * (checked every 100 ms, or by nm_page_pool_reap()); a pool that keeps pages
 * out is reported with its inflight count.
 * @param pool a pool from page_pool_create(), or NULL; not to be used after.
 */
NM_API void page_pool_destroy(struct page_pool *pool);

/**
 * Pages handed out and not yet returned: taken from the provider minus those
 * in the alloc cache, the ring and an idle frag page. Exact when the pool is
 * quiescent. 0 after every user returned every page.
 * @param pool the pool whose outstanding netmems are counted.
 * @return netmems out of the pool; 0 when all are back.
 */
NM_API long page_pool_inflight(const struct page_pool *pool);

/**
 * Sums @p pool's statistics into @p stats (adds to it, as the kernel).
 * @param pool the pool whose per-lcore counters are summed.
 * @param stats caller's struct, added to.
 * @return true; false when @p pool or @p stats is NULL.
 */
NM_API bool page_pool_get_stats(const struct page_pool *pool,
				struct page_pool_stats *stats);

/**
 * The kernel's ethtool names of the page_pool statistics (ETH_GSTRING_LEN
 * bytes each, NUL-padded), in the order page_pool_ethtool_stats_get()
 * writes the values: rx_pp_alloc_fast, rx_pp_alloc_slow,
 * rx_pp_alloc_slow_ho, rx_pp_alloc_empty, rx_pp_alloc_refill,
 * rx_pp_alloc_waive, rx_pp_recycle_cached, rx_pp_recycle_cache_full,
 * rx_pp_recycle_ring, rx_pp_recycle_ring_full, rx_pp_recycle_released_ref.
 * Returns @p data past the last string.
 * @param data room for page_pool_ethtool_stats_get_count() * ETH_GSTRING_LEN
 *   bytes.
 * @return @p data advanced by the bytes written.
 */
NM_API __u8 *page_pool_ethtool_stats_get_strings(__u8 *data);

/**
 * How many statistics page_pool_ethtool_stats_get() writes (11).
 * @return 11.
 */
NM_API int page_pool_ethtool_stats_get_count(void);

/**
 * Writes the statistics of @p stats (a struct page_pool_stats filled by
 * page_pool_get_stats()) to @p data in the order of the strings; returns
 * @p data past the last value.
 * @param data room for page_pool_ethtool_stats_get_count() values.
 * @param stats a struct page_pool_stats.
 * @return @p data advanced by the values written.
 */
NM_API __u64 *page_pool_ethtool_stats_get(__u64 *data, const void *stats);

/**
 * The DMA direction the pool's pages are mapped for (params.dma_dir).
 * @param pool the pool whose DMA direction is read.
 * @return params.dma_dir given to page_pool_create().
 */
static inline enum dma_data_direction page_pool_get_dma_dir(const struct page_pool *pool)
{
	return pool->p.dma_dir;
}

/**
 * Stops "NAPI-local" direct recycling: from now on a put with allow_direct
 * false goes to the ring even on the owner lcore; allow_direct true still
 * recycles into the alloc cache (the caller vouches for its context). Call
 * it, as the kernel's drivers do before tearing a queue down, while the
 * owner lcore does not use the pool.
 * @param pool the pool whose NAPI-local recycling stops.
 */
static inline void page_pool_disable_direct_recycling(struct page_pool *pool)
{
	__atomic_fetch_or(&pool->flags, PP_NM_NAPI_DIRECT_OFF, __ATOMIC_RELEASE);
}

/**
 * Changes the preferred NUMA node; pages of other nodes are waived.
 * @param pool a pool, from its owner lcore.
 * @param new_nid the new preferred NUMA node.
 */
NM_API void page_pool_nid_changed(struct page_pool *pool, int new_nid);

/**
 * Runs the deferred destruction of destroyed pools now. Returns how many
 * destroyed pools still wait for pages.
 * @return destroyed pools with netmems still in flight.
 */
NM_API unsigned int nm_page_pool_reap(void);

struct rte_mempool;
/**
 * The mempool of host pages behind a pool without a memory provider (DPDK
 * glue: a PMD's RX queue can be set up on it), or NULL for a pool of a
 * provider.
 * @param pool the pool whose backing mempool is wanted.
 * @return the mempool, owned by @p pool; NULL for a memory-provider pool.
 */
NM_API struct rte_mempool *nm_page_pool_mempool(const struct page_pool *pool);

/**
 * Counts pages a PMD took from the mempool of @p pool (DPDK glue for a
 * PP_FLAG_NM_PMD_REFILL pool, whose RX ring the PMD refills behind the
 * pool's back): the caller says how many, once per burst, so the pool's
 * statistics show the PMD's allocations as the kernel's show a driver's.
 * page_pool_get_stats() then reports as recycle.ring every page that came
 * back to the mempool (from the PMD's TX completions as from skb frees):
 * allocated minus still out, at the time of the call.
 *
 * @param pool	a pool with PP_FLAG_NM_PMD_REFILL (others: nothing counted)
 * @param n	pages taken: one per packet the PMD handed over (a PMD that
 *		refills in batches is up to one batch ahead of this count)
 * @param slow	true for the fill of an RX ring at queue start (counted as
 *		alloc.slow), false for refills after a burst (alloc.fast)
 */
NM_API void nm_page_pool_pmd_alloc(struct page_pool *pool, uint64_t n, bool slow);

/**
 * Lets the RX queue that owns @p pool (a PP_FLAG_NM_PMD_REFILL pool) keep
 * the count of its PMD's refills in its own memory: the polling lcore adds
 * each burst's packet count to *@p refills, on a cache line it writes
 * anyway, and page_pool_get_stats() adds the count it reads there to
 * alloc.fast. The cheaper form of nm_page_pool_pmd_alloc() for the RX fast
 * path.
 *
 * @param pool		a pool with PP_FLAG_NM_PMD_REFILL (others: ignored)
 * @param refills	the counter, alive until the pool is destroyed, or
 *			NULL to stop reading it
 */
NM_API void nm_page_pool_pmd_counter(struct page_pool *pool, const uint64_t *refills);

/** Out-of-line slow path of page_pool_alloc_netmems(). */
/**
 * @param pool the pool whose cache was empty: refilled from the ring or
 *   provider.
 * @param gfp allocation flags.
 * @return a netmem with one pp reference, or the null netmem.
 */
NM_API netmem_ref __page_pool_alloc_netmems_slow(struct page_pool *pool, gfp_t gfp);

/**
 * Allocates @p n netmems into @p netmems; returns how many it got.
 * @param pool the pool to allocate from.
 * @param gfp allocation flags.
 * @param netmems array of at least @p n entries, filled from the start.
 * @param n netmems wanted.
 * @return netmems allocated (0..@p n), each with one pp reference.
 */
NM_API unsigned int page_pool_alloc_netmems_bulk(struct page_pool *pool, gfp_t gfp,
						 netmem_ref *netmems, unsigned int n);

/**
 * Allocates a page. NULL when the pool is exhausted.
 * @param pool a pool of pages.
 * @param gfp allocation flags.
 * @return a page with one pp reference, or NULL.
 */
NM_API struct page *page_pool_alloc_pages(struct page_pool *pool, gfp_t gfp);

/**
 * Frag allocation; see page_pool_alloc_frag() in helpers.h.
 * @param pool the pool to allocate from; its current frag page is cut further.
 * @param offset set to the frag's offset.
 * @param size bytes wanted, at most the pool's page size.
 * @param gfp allocation flags.
 * @return the netmem holding the frag (one pp reference for it), or the null
 *   netmem.
 */
NM_API netmem_ref page_pool_alloc_frag_netmem(struct page_pool *pool,
					      unsigned int *offset,
					      unsigned int size, gfp_t gfp);

/**
 * Frag allocation of a page.
 * @param pool a pool of pages.
 * @param offset set to the frag's offset.
 * @param size bytes wanted, at most the pool's page size.
 * @param gfp allocation flags.
 * @return the page holding the frag (one pp reference for it), or NULL.
 */
NM_API struct page *page_pool_alloc_frag(struct page_pool *pool,
					 unsigned int *offset,
					 unsigned int size, gfp_t gfp);

/**
 * Out-of-line slow path of page_pool_put_unrefed_netmem().
 * @param pool the pool @p netmem came from.
 * @param netmem a netmem with no pp reference left.
 * @param dma_sync_size bytes to sync for the device (-1: all); nothing to do
 *   for coherent DPDK host memory.
 * @param allow_direct true when the caller runs in the pool's NAPI context.
 */
NM_API void __page_pool_put_unrefed_slow(struct page_pool *pool, netmem_ref netmem,
					 unsigned int dma_sync_size,
					 bool allow_direct);

/**
 * Returns @p count netmems, each the last reference of its pool (pools may
 * differ); each goes back to its own pool's ring or provider.
 * @param data netmems whose last pp reference the caller holds.
 * @param count entries of @p data.
 */
NM_API void page_pool_put_netmem_bulk(netmem_ref *data, uint32_t count);

/**
 * Reports a pp_ref_count that went below zero (misuse); out of line.
 * @param netmem the netmem.
 * @param ret the count after the drop (negative).
 * @param nr the references dropped.
 */
NM_API void __page_pool_ref_underflow(netmem_ref netmem, long ret, long nr);

/* Experimental (docs/abi.md): the PMD-refilled pools' accounting is new in 0.1. */
NM_EXPERIMENTAL_API(nm_page_pool_pmd_alloc);
NM_EXPERIMENTAL_API(nm_page_pool_pmd_counter);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_PAGE_POOL_TYPES_H */
