/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel's skb free-with-reason family, drop counters per reason, the
 * dev_ free variants, RX page frags (napi/netdev_alloc_frag) and paged skbs
 * (alloc_skb_with_frags), with the kernel's semantics (net/core/skbuff.c,
 * net/core/dev.c, mm/page_frag_cache.c).
 *
 * Drop counting costs kfree_skb() nothing: it already counts every drop
 * (nm_skb_stats.dropped); kfree_skb_reason() counts its reason here as
 * well, and SKB_DROP_REASON_NOT_SPECIFIED is the rest of the drops.
 */
#include <errno.h>

#include <rte_spinlock.h>

#include <netmem/skb_alloc.h>

#include "skb_priv.h"

/* ---- drop reasons ------------------------------------------------------- */

/* Per-lcore counts of drops by reason (index SKB_DROP_REASON_MAX: the
 * subsystem reasons); the last row is for non-EAL threads (atomic). */
static uint64_t drop_reasons[RTE_MAX_LCORE + 1][SKB_DROP_REASON_MAX + 1];

static void drop_reason_count(enum skb_drop_reason reason)
{
	unsigned int lcore = rte_lcore_id();
	unsigned int r = (unsigned int)reason;

	if (r > SKB_DROP_REASON_MAX)
		r = SKB_DROP_REASON_MAX;
	if (likely(lcore < RTE_MAX_LCORE))
		drop_reasons[lcore][r]++;
	else
		__atomic_fetch_add(&drop_reasons[RTE_MAX_LCORE][r], 1, __ATOMIC_RELAXED);
}

static uint64_t drop_reason_sum(unsigned int r)
{
	uint64_t n = 0;

	for (unsigned int l = 0; l <= RTE_MAX_LCORE; l++)
		n += __atomic_load_n(&drop_reasons[l][r], __ATOMIC_RELAXED);
	return n;
}

uint64_t nm_skb_drop_reason_count(enum skb_drop_reason reason)
{
	struct nm_skb_stats st;
	uint64_t others = 0;
	unsigned int r = (unsigned int)reason;

	if (reason == SKB_NOT_DROPPED_YET || reason == SKB_CONSUMED)
		return 0;
	if (reason != SKB_DROP_REASON_NOT_SPECIFIED)
		return drop_reason_sum(r > SKB_DROP_REASON_MAX ? SKB_DROP_REASON_MAX : r);
	/* Every drop is in st.dropped; those with a reason are counted here. */
	for (r = SKB_DROP_REASON_NOT_SPECIFIED + 1; r <= SKB_DROP_REASON_MAX; r++)
		others += drop_reason_sum(r);
	nm_skb_get_stats(&st);
	return st.dropped - others;
}

#define NM_DROP_REASON_NAME(name)	[SKB_DROP_REASON_##name] = #name,

static const char *const drop_reason_names[SKB_DROP_REASON_MAX + 1] = {
	[SKB_NOT_DROPPED_YET] = "NOT_DROPPED_YET",
	[SKB_CONSUMED] = "CONSUMED",
	DEFINE_DROP_REASON(NM_DROP_REASON_NAME, NM_DROP_REASON_NAME)
};

const char *nm_skb_drop_reason_name(enum skb_drop_reason reason)
{
	if ((unsigned int)reason >= SKB_DROP_REASON_MAX)
		return "SUBSYS";
	return drop_reason_names[reason];
}

/* ---- freeing ------------------------------------------------------------ */

void nm_skb_unref_misuse(struct sk_buff *skb, int users)
{
	nm_misuse("skb %p freed with %d users (double free)", (void *)skb, users);
}

void kfree_skb_reason(struct sk_buff *skb, enum skb_drop_reason reason)
{
	if (unlikely(reason == SKB_CONSUMED)) {
		consume_skb(skb);
		return;
	}
	if (reason == SKB_NOT_DROPPED_YET || reason == SKB_DROP_REASON_NOT_SPECIFIED) {
		kfree_skb(skb);
		return;
	}
	if (!skb_unref(skb))
		return;
	/* The last reference is ours: kfree_skb() sees users 1 and frees. */
	drop_reason_count(reason);
	__atomic_store_n(&skb->users, 1, __ATOMIC_RELAXED);
	kfree_skb(skb);
}

void kfree_skb_list_reason(struct sk_buff *segs, enum skb_drop_reason reason)
{
	while (segs != NULL) {
		struct sk_buff *next = segs->next;

		kfree_skb_reason(segs, reason);
		segs = next;
	}
}

void dev_kfree_skb_any_reason(struct sk_buff *skb, enum skb_drop_reason reason)
{
	kfree_skb_reason(skb, reason);
}

void dev_kfree_skb_irq_reason(struct sk_buff *skb, enum skb_drop_reason reason)
{
	kfree_skb_reason(skb, reason);
}

/* ---- page frags --------------------------------------------------------- */

#define FRAG_CACHE_ORDER	3
#define FRAG_CACHE_BIAS		(1U << 20)

/* A page cut into frags from its start upwards; the page's references are
 * taken in advance (bias) and handed out one per frag. */
struct frag_cache {
	struct page *page;
	unsigned int offset;	/* next free byte */
	unsigned int size;	/* bytes in the page */
	unsigned int bias;	/* references not handed out yet */
} __attribute__((aligned(64)));

static struct frag_cache frag_caches[RTE_MAX_LCORE + 1];
static rte_spinlock_t shared_frag_lock = RTE_SPINLOCK_INITIALIZER;

static void frag_cache_drain(struct frag_cache *nc)
{
	if (nc->page != NULL)
		page_ref_sub(nc->page, (int)nc->bias);	/* frees it when unused */
	nc->page = NULL;
}

static bool frag_cache_refill(struct frag_cache *nc)
{
	struct page *page;

	frag_cache_drain(nc);
	page = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, FRAG_CACHE_ORDER);
	if (page == NULL)
		page = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0);
	if (page == NULL)
		return false;
	page_ref_add(page, (int)FRAG_CACHE_BIAS - 1);
	nc->page = page;
	nc->bias = FRAG_CACHE_BIAS;
	nc->size = (unsigned int)page_size(page);
	nc->offset = 0;
	return true;
}

static void *frag_cache_alloc(struct frag_cache *nc, unsigned int fragsz,
			      unsigned int align_mask)
{
	if (unlikely(fragsz == 0 || fragsz > (PAGE_SIZE << FRAG_CACHE_ORDER)))
		return NULL;
	for (int tries = 0; tries < 2; tries++) {
		uintptr_t base, addr;

		if (nc->page == NULL || nc->bias == 0) {
			if (!frag_cache_refill(nc))
				return NULL;
		}
		/* Align the address: a page's buffer is only cache-line aligned
		 * (it follows the mbuf and struct page in its mempool object). */
		base = (uintptr_t)page_address(nc->page);
		addr = (base + nc->offset + ~(uintptr_t)(int)align_mask) & (uintptr_t)(int)align_mask;
		if (addr + fragsz <= base + nc->size) {
			nc->bias--;
			nc->offset = (unsigned int)(addr - base) + fragsz;
			return (void *)addr;
		}
		frag_cache_drain(nc);
	}
	return NULL;
}

void *__napi_alloc_frag_align(unsigned int fragsz, unsigned int align_mask)
{
	return __netdev_alloc_frag_align(fragsz, align_mask);
}

void *__netdev_alloc_frag_align(unsigned int fragsz, unsigned int align_mask)
{
	unsigned int lcore = rte_lcore_id();
	void *data;

	/* As the kernel: every frag a whole number of cache lines. */
	fragsz = SKB_DATA_ALIGN(fragsz);
	if (likely(lcore < RTE_MAX_LCORE))
		return frag_cache_alloc(&frag_caches[lcore], fragsz, align_mask);
	rte_spinlock_lock(&shared_frag_lock);
	data = frag_cache_alloc(&frag_caches[RTE_MAX_LCORE], fragsz, align_mask);
	rte_spinlock_unlock(&shared_frag_lock);
	return data;
}

void skb_free_frag(void *addr)
{
	if (addr != NULL)
		nm_skb_head_free(addr, true, false);
}

/* ---- paged skbs --------------------------------------------------------- */

struct sk_buff *alloc_skb_with_frags(unsigned long header_len, unsigned long data_len,
				     int order, int *errcode, gfp_t gfp)
{
	struct sk_buff *skb;
	int nr_frags = 0;

	*errcode = -EMSGSIZE;
	if (unlikely(order < 0 || order > 30 ||
		     data_len > MAX_SKB_FRAGS * (PAGE_SIZE << order)))
		return NULL;
	/* Pages come in orders up to NM_MAX_PAGE_ORDER: more of them then
	 * (too many is -ENOBUFS below, as a failed allocation). */
	if (order > NM_MAX_PAGE_ORDER)
		order = NM_MAX_PAGE_ORDER;
	*errcode = -ENOBUFS;
	skb = alloc_skb((unsigned int)header_len, gfp);
	if (unlikely(skb == NULL))
		return NULL;
	while (data_len) {
		unsigned long chunk;
		struct page *page;

		if (nr_frags == MAX_SKB_FRAGS)
			goto failure;
		/* The smallest order that still fits the rest, down to 0. */
		while (order && RTE_ALIGN_CEIL(data_len, PAGE_SIZE) < (PAGE_SIZE << order))
			order--;
		page = alloc_pages(gfp | __GFP_NOWARN, (unsigned int)order);
		if (page == NULL) {
			if (order == 0)
				goto failure;
			order--;
			continue;
		}
		chunk = RTE_MIN(data_len, PAGE_SIZE << order);
		skb_fill_page_desc(skb, nr_frags, page, 0, (int)chunk);
		nr_frags++;
		skb->truesize += (unsigned int)(PAGE_SIZE << order);
		data_len -= chunk;
	}
	return skb;
failure:
	kfree_skb(skb);
	return NULL;
}
