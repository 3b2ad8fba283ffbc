/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/skb: caches, head allocation, counters. */
#ifndef SKB_PRIV_H
#define SKB_PRIV_H

#include <string.h>

#include "nm_simd.h"		/* NM_SIMD_SSE2, from meson's -Dsimd */
#if NM_SIMD_SSE2
#include <emmintrin.h>
#endif

#include <rte_lcore.h>

#include <netmem/skbuff.h>
#include <netmem/skb_linear.h>

#include "netmem_priv.h"

/** Bytes a head reserves for skb_shared_info. */
#define SKB_SHINFO_SIZE	SKB_DATA_ALIGN(sizeof(struct skb_shared_info))

/** An skb and its fast clone, from one allocation. */
struct sk_buff_fclones {
	struct sk_buff skb1;
	struct sk_buff skb2;
	int fclone_ref;		/* atomic */
};

/** Per-lcore skb state: a lockless cache of skb structs (the kernel's NAPI
 *  skb cache, refilled and flushed in bulk from the mempool) and counters.
 *  The slot for non-EAL threads has no cache and atomic counters. */
#define NM_SKB_CACHE_SIZE	64
#define NM_SKB_CACHE_BULK	32

struct nm_skb_lcore_stats {
	uint64_t alloc;			/* skb structs handed out */
	uint64_t released;		/* skb structs given back */
	uint64_t alloc_fail;
	uint64_t dropped;
	uint64_t copied_bytes;
	uint32_t cache_count;
	struct sk_buff *cache[NM_SKB_CACHE_SIZE];
} __attribute__((aligned(64)));

extern struct nm_skb_lcore_stats nm_skb_stats_lcore[RTE_MAX_LCORE + 1];

#define nm_skb_stat_add(field, n) do {					\
	unsigned int __l = rte_lcore_id();				\
	if (__l < RTE_MAX_LCORE)					\
		nm_skb_stats_lcore[__l].field += (n);			\
	else								\
		__atomic_fetch_add(&nm_skb_stats_lcore[RTE_MAX_LCORE].field, \
				   (n), __ATOMIC_RELAXED);		\
} while (0)

/** Heads of up to this size (shared info included) are page frags cut
 *  at SKB_DATA_ALIGN() steps from the end of a page: a head of a given
 *  size then always has the same end. */
#define NM_SKB_HEAD_FRAG_MAX	PAGE_SIZE

/** Allocates a head of at least @p size bytes (shared info included):
 *  a page frag, whole pages, or rte_malloc. *osize gets the real size. */
void *nm_skb_head_alloc(unsigned int size, gfp_t gfp, unsigned int *osize, bool *head_frag);

/** A head from rte_malloc (the kernel's kmalloc_reserve(): head_frag 0) of
 *  at least @p size bytes, shared info included; *osize gets its size. */
void *nm_skb_head_kmalloc(unsigned int size, gfp_t gfp, unsigned int *osize);

/** Slow path of nm_skb_head_free(). */
void __nm_skb_head_free_slow(void *head, bool head_frag, bool napi_safe);

/** Frees a head made by nm_skb_head_alloc() or given to build_skb(): one
 *  pp reference when page_pool memory, else one page reference. */
static inline void nm_skb_head_free(void *head, bool head_frag, bool napi_safe)
{
	struct page *page = head_frag ? nm_page_at_start(head) : NULL;

	if (likely(page != NULL && netmem_is_pp(page_to_netmem(page)))) {
		page_pool_put_full_page(page->pp, page, napi_safe);
		return;
	}
	__nm_skb_head_free_slow(head, head_frag, napi_safe);
}

/*
 * Embedded skbs. A page of a page mempool has room for one sk_buff in its
 * mbuf's private area, right before struct page. An skb built on the start
 * of such a page (RX on the queue's pool, build_skb()) lives there (fclone
 * SKB_FCLONE_EMBEDDED) instead of the skb cache: no struct to allocate or
 * free, and TX hands the page's mbuf to the PMD with the struct in it.
 *
 * The struct must keep its page while it lives, but takes no reference as
 * long as its head is on that page: the head's reference does it, so the
 * counts are the kernel's. When the head leaves the page or the struct
 * stops holding it, the reference the struct needs is the head's (the last
 * data holder) or a new one taken before the head can go (a clone shares
 * it, a frag steals it). From then the struct holds one reference of its
 * own and kfree_skbmem() drops it, last. So kfree_skbmem() of an embedded
 * skb always drops one reference on the slot's page.
 */
_Static_assert(sizeof(struct sk_buff) == NM_PAGE_SKB_SLOT, "an sk_buff fills a page's skb slot");

/** The page whose slot holds the embedded @p skb. */
static inline struct page *nm_skb_slot_page(const struct sk_buff *skb)
{
	return (struct page *)((uintptr_t)skb + NM_PAGE_SKB_SLOT);
}

/** The skb slot of @p page. */
static inline struct sk_buff *nm_page_skb_slot(const struct page *page)
{
	return (struct sk_buff *)((uintptr_t)page - NM_PAGE_SKB_SLOT);
}

/** True when @p skb is embedded and its head is its slot's page. */
static inline bool nm_skb_head_in_slot(const struct sk_buff *skb)
{
	return skb->fclone == SKB_FCLONE_EMBEDDED && skb->head != NULL &&
	       skb->head == nm_skb_slot_page(skb)->virt;
}

/** Takes the reference an embedded skb's struct holds on its page. */
void nm_skb_slot_hold(struct sk_buff *skb);

/** Drops the reference an embedded skb's struct holds on its page. */
void nm_skb_slot_release(struct sk_buff *skb, bool napi_safe);

/** Frees the head of @p skb whose data is released; an embedded skb keeps
 *  a head on its own page: that reference is now the struct's. */
static inline void nm_skb_free_head(struct sk_buff *skb, bool napi_safe)
{
	if (nm_skb_head_in_slot(skb))
		return;
	nm_skb_head_free(skb->head, skb->head_frag, napi_safe);
}

/** Slow path of nm_skb_struct_alloc(): refill, or a non-EAL thread. */
struct sk_buff *__nm_skb_struct_alloc_slow(void);

/** Slow path of nm_skb_struct_free(): flush, or a non-EAL thread. */
void __nm_skb_struct_free_slow(struct sk_buff *skb);

/** An skb struct from the lcore's cache, or NULL. */
static inline struct sk_buff *nm_skb_struct_alloc(void)
{
	unsigned int lcore = rte_lcore_id();
	struct nm_skb_lcore_stats *l;
	struct sk_buff *skb;

	if (likely(lcore < RTE_MAX_LCORE)) {
		l = &nm_skb_stats_lcore[lcore];
		if (likely(l->cache_count != 0)) {
			l->alloc++;
			skb = l->cache[--l->cache_count];
			nm_unpoison(skb, sizeof(*skb));
			return skb;
		}
	}
	skb = __nm_skb_struct_alloc_slow();
	if (skb != NULL)
		nm_unpoison(skb, sizeof(*skb));
	return skb;
}

/** Gives an skb struct back to the lcore's cache. */
static inline void nm_skb_struct_free(struct sk_buff *skb)
{
	unsigned int lcore = rte_lcore_id();
	struct nm_skb_lcore_stats *l;

	/* Free: poisoned till allocated again (NM_POISON builds only). */
	nm_poison(skb, sizeof(*skb));

	if (likely(lcore < RTE_MAX_LCORE)) {
		l = &nm_skb_stats_lcore[lcore];
		if (likely(l->cache_count < NM_SKB_CACHE_SIZE)) {
			l->released++;
			l->cache[l->cache_count++] = skb;
			return;
		}
	}
	__nm_skb_struct_free_slow(skb);
}

/* Clears the fields before tail: nine aligned 16-byte stores, written out
 * on x86 (a memset or a loop of this size becomes a slow `rep stos`), a
 * memset the compiler expands elsewhere. */
static inline void nm_skb_clear_header(struct sk_buff *skb)
{
#if NM_SIMD_SSE2
	__m128i *p = (__m128i *)skb, z = _mm_setzero_si128();

	_Static_assert(offsetof(struct sk_buff, tail) == 9 * 16, "sk_buff header is 144 bytes");
	_mm_store_si128(p + 0, z);
	_mm_store_si128(p + 1, z);
	_mm_store_si128(p + 2, z);
	_mm_store_si128(p + 3, z);
	_mm_store_si128(p + 4, z);
	_mm_store_si128(p + 5, z);
	_mm_store_si128(p + 6, z);
	_mm_store_si128(p + 7, z);
	_mm_store_si128(p + 8, z);
#else
	memset(skb, 0, offsetof(struct sk_buff, tail));
#endif
}

/** A new head's shared info, as the kernel's __finalize_skb_around():
 *  all zero up to dataref, one data reference, no zero-copy argument. */
static inline void nm_skb_shinfo_init(struct skb_shared_info *shinfo)
{
	memset(shinfo, 0, offsetof(struct skb_shared_info, dataref));
	shinfo->dataref = 1;
	shinfo->destructor_arg = NULL;
}

/** Initialises @p skb around @p data of @p size bytes (with shinfo). */
static inline void nm_skb_init_around(struct sk_buff *skb, void *data, unsigned int size)
{
	struct skb_shared_info *shinfo;

	size -= (unsigned int)SKB_SHINFO_SIZE;
	/* an odd-sized buffer (a packed page_pool frag) keeps its shared info
	 * aligned: the end moves down to the struct's alignment */
	size -= (unsigned int)(((uintptr_t)data + size) & (_Alignof(struct skb_shared_info) - 1));
	nm_skb_clear_header(skb);
	skb->truesize = SKB_TRUESIZE(size);
	skb->users = 1;
	skb->head = data;
	skb->data = data;
	skb->tail = 0;
	skb->end = size;
	skb->mac_header = (__u16)~0U;
	skb->transport_header = (__u16)~0U;
	skb->network_header = 0;		/* as the kernel: not ~0U */
	skb->destructor = NULL;
	skb->dev = NULL;
	shinfo = (struct skb_shared_info *)((char *)data + size);
	nm_skb_shinfo_init(shinfo);
}

/** Moves the head-relative header offsets by @p off (the head changed or
 *  the data moved in it), as the kernel's skb_headers_offset_update(). */
void skb_headers_offset_update(struct sk_buff *skb, int off);

/* Link names of the functions below (global in libnetmem.a, so in the
 * library's namespace: <netmem/api.h>). */
NM_KSYM(skb_zerocopy_clone)
NM_KSYM(skb_zcopy_downgrade_managed)
NM_KSYM(skb_frags_len)
NM_KSYM(skb_unclone_keeptruesize)

/** The kernel's skb_zerocopy_clone(): @p nskb, sharing @p orig's frags with
 *  references of its own, shares its zero-copy completion too. 0 or -EIO
 *  (another completion is attached already). */
int skb_zerocopy_clone(struct sk_buff *nskb, struct sk_buff *orig);

/* Shared by skb_share.c and skb_reshape.c (the kernel's skbuff.c helpers). */
/** Takes the references a zero-copy skb with managed frag refs left out. */
void skb_zcopy_downgrade_managed(struct sk_buff *skb);
/** Bytes in @p skb's frags. */
unsigned int skb_frags_len(const struct sk_buff *skb);
/** skb_unclone() that keeps truesize (the kernel's); 0 or -ENOMEM. */
int skb_unclone_keeptruesize(struct sk_buff *skb);

/** Copies the header fields the kernel's __copy_skb_header() copies. */
void nm_copy_skb_header(struct sk_buff *n, const struct sk_buff *old);

/** Releases the data (dataref) of @p skb; the head state is kept. */
void nm_skb_release_data(struct sk_buff *skb, bool napi_safe);

/** Rejects bytes that are not readable; true when [off, off+len) is. */
bool nm_skb_range_readable(const struct sk_buff *skb, int offset, int len);

#endif /* SKB_PRIV_H */
