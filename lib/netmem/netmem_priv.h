/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to libnetmem: logging, misuse reports, page setters and the
 * mempools of pages. Never installed.
 */
#ifndef NETMEM_PRIV_H
#define NETMEM_PRIV_H

#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <netmem/netmem.h>

extern int nm_logtype;

/* ASan poisoning of free memory (NM_POISON: -Dpoison, on in ASan builds);
 * nothing at all otherwise. */
#ifdef NM_POISON
#include <sanitizer/asan_interface.h>
#define nm_poison(addr, len)	ASAN_POISON_MEMORY_REGION(addr, len)
#define nm_unpoison(addr, len)	ASAN_UNPOISON_MEMORY_REGION(addr, len)
#define nm_poisoned(addr)	(__asan_address_is_poisoned(addr) != 0)
#else
#define nm_poison(addr, len)	do { (void)(addr); (void)(len); } while (0)
#define nm_unpoison(addr, len)	do { (void)(addr); (void)(len); } while (0)
#define nm_poisoned(addr)	false
#endif

#define NM_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, nm_logtype, "netmem: " fmt "\n", ##__VA_ARGS__)

/** Counts and logs one API misuse (never acts on it). */
void nm_misuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Bytes of mbuf private area a page of libnetmem reserves: the skb slot,
 *  then struct page (one cache line), right before the buffer. */
#define NM_PAGE_PRIV_SIZE	(NM_PAGE_SKB_SLOT + 64)

/**
 * Creates a pktmbuf mempool of @p n pages of PAGE_SIZE << @p order bytes,
 * each page's struct page in its mbuf private area, all registered for
 * virt_to_head_page(). Pages start free (_refcount 0, no pp).
 * @p pmd_side: PMDs take and free its pages directly (a page_pool's
 * mempool): in NM_POISON builds its own ops poison what goes in, and it has
 * no per-lcore cache. Returns NULL with rte_errno set.
 */
struct rte_mempool *nm_page_mempool_create(const char *name, unsigned int order,
					   unsigned int n, int socket,
					   unsigned int cache_size, bool pmd_side);

/** Frees a mempool made by nm_page_mempool_create(). */
void nm_page_mempool_free(struct rte_mempool *mp);

/* Private data of a page mempool, after the pktmbuf pool's own. */
struct nm_page_mempool_priv {
	struct rte_pktmbuf_pool_private mbp;
	uint64_t magic;
	unsigned int order;
	struct page_pool *pp;	/* the page_pool the mempool serves, if any */
	bool poisoning;		/* NM_POISON: its ops poison what goes in */
};

#define NM_PAGE_MEMPOOL_MAGIC	0x6e6d5f7061676573ULL	/* "nm_pages" */

/** True when @p mp was made by nm_page_mempool_create() (every RX mbuf
 *  asks: inline). */
static inline bool nm_page_mempool_is_ours(const struct rte_mempool *mp)
{
	const struct nm_page_mempool_priv *priv;

	if (mp->private_data_size < sizeof(*priv))
		return false;
	priv = rte_mempool_get_priv((struct rte_mempool *)(uintptr_t)mp);
	return priv->magic == NM_PAGE_MEMPOOL_MAGIC;
}

/** The page_pool a page mempool serves (NULL for the default pools). */
static inline struct page_pool *nm_page_mempool_pp(const struct rte_mempool *mp)
{
	const struct nm_page_mempool_priv *priv =
		rte_mempool_get_priv((struct rte_mempool *)(uintptr_t)mp);

	return priv->pp;
}
void nm_page_mempool_set_pp(struct rte_mempool *mp, struct page_pool *pp);

/** Registers/unregisters a page's buffer for virt_to_head_page(). */
int nm_page_map_add(struct page *page);
void nm_page_map_del(struct page *page);

/** Per-process random key: page->_self == (uintptr_t)page ^ nm_page_key. */
extern uintptr_t nm_page_key;

/**
 * The page whose buffer starts exactly at @p addr, found without a map
 * lookup, or NULL. @p addr must be in libnetmem page memory or rte_malloc
 * memory (the 64 bytes before it are read): skb heads are.
 */
static inline struct page *nm_page_at_start(const void *addr)
{
	const struct page *p = (const struct page *)((uintptr_t)addr - sizeof(struct page));

	/* A buffer start is aligned; anything else (a packed page_pool frag)
	 * cannot be one, and its struct page would be a misaligned read. */
	if ((uintptr_t)addr & (_Alignof(struct page) - 1))
		return NULL;
	if (p->virt == addr && p->_self == ((uintptr_t)p ^ nm_page_key))
		return (struct page *)(uintptr_t)p;
	return NULL;
}

/**
 * Set by lib/page_pool (a layer up): takes a put_page() that dropped the
 * page reference a page_pool holds on @p page as the pool put the caller
 * meant (page_pool_put_full_page()), so the page is not lost to its pool.
 */
extern void (*nm_pp_misput)(struct page *page);

/** Sets/clears what a page_pool owns a netmem by (pp_magic @p magic:
 *  PP_SIGNATURE or 0); nm_netmem_set_pp_info() for the whole rule. */
static inline void nm_netmem_set_pp(netmem_ref netmem, struct page_pool *pp,
				    unsigned long magic)
{
	struct page *d = __netmem_to_page(netmem);

	d->pp = pp;
	d->pp_magic = magic;
}

/**
 * Makes @p netmem a page_pool page (or net_iov) of @p pool holding one pp
 * reference: the one setter of the rule netmem_is_pp() tests (the kernel's
 * page_pool_set_pp_info() with page_pool_fragment_netmem(netmem, 1)). A
 * vector store of the same words must be built from PP_SIGNATURE and the
 * pool, and compared with this by a test.
 */
static inline void nm_netmem_set_pp_info(netmem_ref netmem, struct page_pool *pool)
{
	struct page *d = __netmem_to_page(netmem);

	nm_netmem_set_pp(netmem, pool, PP_SIGNATURE);
	__atomic_store_n(&d->pp_ref_count, 1, __ATOMIC_RELAXED);
}

/** Makes @p netmem a page no page_pool owns (pp NULL, pp_magic 0). */
static inline void nm_netmem_clear_pp_info(netmem_ref netmem)
{
	nm_netmem_set_pp(netmem, NULL, 0);
}

#endif /* NETMEM_PRIV_H */
