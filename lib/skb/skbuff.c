/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sk_buff allocation, building, cloning and freeing. skb structs come from
 * DPDK mempools (their per-lcore caches give the kernel's NAPI skb cache:
 * lockless, refilled and flushed in bulk); fclones from a second mempool.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>

#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_mempool.h>
#include <rte_spinlock.h>

#include "skb_priv.h"

static_assert(SKB_SHINFO_SIZE <= NM_SKB_SHINFO_RESERVE,
	      "a page's mbuf must leave room for skb_shared_info");

struct nm_skb_lcore_stats nm_skb_stats_lcore[RTE_MAX_LCORE + 1];

static unsigned int nr_skbs = 32768;
static unsigned int nr_fclones = 4096;
static struct rte_mempool *skb_cache;
static struct rte_mempool *fclone_cache;
static rte_spinlock_t cache_lock = RTE_SPINLOCK_INITIALIZER;

int nm_skb_cache_configure(unsigned int skbs, unsigned int fclones)
{
	int ret = 0;

	if (skbs < 64 || fclones < 64)
		return -EINVAL;
	rte_spinlock_lock(&cache_lock);
	if (skb_cache != NULL)
		ret = -EBUSY;
	else {
		nr_skbs = skbs;
		nr_fclones = fclones;
	}
	rte_spinlock_unlock(&cache_lock);
	return ret;
}

static struct rte_mempool *skb_caches_init(bool fclone)
{
	struct rte_mempool *mp;

	rte_spinlock_lock(&cache_lock);
	/* Each once: a failed one is tried again later, the other kept. */
	if (skb_cache == NULL)
		skb_cache = rte_mempool_create("nm_skbuff_head", nr_skbs,
					       sizeof(struct sk_buff), 256, 0, NULL, NULL,
					       NULL, NULL, SOCKET_ID_ANY, 0);
	if (fclone_cache == NULL)
		fclone_cache = rte_mempool_create("nm_skbuff_fclone", nr_fclones,
						  sizeof(struct sk_buff_fclones), 64, 0,
						  NULL, NULL, NULL, NULL, SOCKET_ID_ANY, 0);
	if (skb_cache == NULL || fclone_cache == NULL)
		NM_LOG(ERR, "cannot make the skb caches: %s", rte_strerror(rte_errno));
	mp = fclone ? fclone_cache : skb_cache;
	rte_spinlock_unlock(&cache_lock);
	return mp;
}

static inline struct rte_mempool *skb_cache_get(bool fclone)
{
	struct rte_mempool *mp = fclone ? fclone_cache : skb_cache;

	return likely(mp != NULL) ? mp : skb_caches_init(fclone);
}

/* Refills the lcore's skb cache in bulk; false when the mempool is dry. */
static bool skb_cache_refill(struct nm_skb_lcore_stats *l, struct rte_mempool *mp)
{
	unsigned int n = NM_SKB_CACHE_BULK;

	while (n != 0 && rte_mempool_get_bulk(mp, (void **)l->cache, n) != 0)
		n /= 2;
	l->cache_count = n;
	return n != 0;
}

struct sk_buff *__nm_skb_struct_alloc_slow(void)
{
	unsigned int lcore = rte_lcore_id();
	struct rte_mempool *mp = skb_cache_get(false);
	struct nm_skb_lcore_stats *l;
	void *obj;

	if (likely(lcore < RTE_MAX_LCORE)) {
		l = &nm_skb_stats_lcore[lcore];
		if (l->cache_count == 0 && (mp == NULL || !skb_cache_refill(l, mp))) {
			l->alloc_fail++;
			return NULL;
		}
		l->alloc++;
		return l->cache[--l->cache_count];
	}
	if (unlikely(mp == NULL || rte_mempool_get(mp, &obj) != 0)) {
		nm_skb_stat_add(alloc_fail, 1);
		return NULL;
	}
	nm_skb_stat_add(alloc, 1);
	return obj;
}

void __nm_skb_struct_free_slow(struct sk_buff *skb)
{
	unsigned int lcore = rte_lcore_id();
	struct nm_skb_lcore_stats *l;

	if (lcore >= RTE_MAX_LCORE) {
		nm_skb_stat_add(released, 1);
		rte_mempool_put(skb_cache, skb);
		return;
	}
	l = &nm_skb_stats_lcore[lcore];
	l->released++;
	if (l->cache_count == NM_SKB_CACHE_SIZE) {
		l->cache_count -= NM_SKB_CACHE_BULK;
		rte_mempool_put_bulk(skb_cache, (void **)&l->cache[l->cache_count],
				     NM_SKB_CACHE_BULK);
	}
	l->cache[l->cache_count++] = skb;
}

struct sk_buff *__alloc_skb(unsigned int size, gfp_t gfp, int flags, int node)
{
	bool fclone = (flags & SKB_ALLOC_FCLONE) != 0;
	struct rte_mempool *mp = skb_cache_get(fclone);
	unsigned int osize;
	struct sk_buff *skb;
	bool head_frag;
	void *data, *obj;

	(void)node;
	if (unlikely(size > (1U << 30)))
		goto fail;
	if (fclone) {
		if (unlikely(mp == NULL || rte_mempool_get(mp, &obj) != 0))
			goto fail;
		nm_unpoison(obj, sizeof(struct sk_buff_fclones));
		nm_skb_stat_add(alloc, 1);
	} else {
		obj = nm_skb_struct_alloc();
		if (unlikely(obj == NULL))
			return NULL;
	}
	data = nm_skb_head_alloc(SKB_DATA_ALIGN(size) + SKB_SHINFO_SIZE, gfp, &osize,
				 &head_frag);
	if (unlikely(data == NULL)) {
		if (fclone) {
			nm_skb_stat_add(released, 1);
			rte_mempool_put(mp, obj);
		} else {
			((struct sk_buff *)obj)->fclone = SKB_FCLONE_UNAVAILABLE;
			kfree_skbmem(obj);
		}
		goto fail;
	}
	skb = obj;
	nm_skb_init_around(skb, data, osize);
	skb->head_frag = head_frag;
	if (fclone) {
		struct sk_buff_fclones *fc = obj;

		skb->fclone = SKB_FCLONE_ORIG;
		fc->skb2.fclone = SKB_FCLONE_CLONE;
		__atomic_store_n(&fc->fclone_ref, 1, __ATOMIC_RELAXED);
	}
	if (gfp & __GFP_ZERO)
		memset(data, 0, size);
	return skb;
fail:
	nm_skb_stat_add(alloc_fail, 1);
	return NULL;
}

struct sk_buff *__netdev_alloc_skb(void *dev, unsigned int len, gfp_t gfp)
{
	struct sk_buff *skb;

	(void)dev;
	skb = __alloc_skb(len + NET_SKB_PAD, gfp, SKB_ALLOC_RX, NUMA_NO_NODE);
	if (likely(skb != NULL))
		skb_reserve(skb, NET_SKB_PAD);
	return skb;
}

struct sk_buff *napi_alloc_skb(void *napi, unsigned int len)
{
	struct sk_buff *skb;

	(void)napi;
	skb = __alloc_skb(len + NET_SKB_PAD + NET_IP_ALIGN, GFP_ATOMIC,
			  SKB_ALLOC_RX | SKB_ALLOC_NAPI, NUMA_NO_NODE);
	if (likely(skb != NULL))
		skb_reserve(skb, NET_SKB_PAD + NET_IP_ALIGN);
	return skb;
}

struct sk_buff *build_skb_around(struct sk_buff *skb, void *data, unsigned int frag_size)
{
	unsigned int size = frag_size;

	if (unlikely(skb == NULL || data == NULL))
		return NULL;
	if (size == 0) {
		size_t sz;

		const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(data);

		/* Only DPDK heap memory has a malloc header to look at. */
		if (msl == NULL || !msl->heap || rte_malloc_validate(data, &sz) != 0 ||
		    sz > UINT32_MAX ||
		    RTE_PTR_ADD(data, sz) > RTE_PTR_ADD(msl->base_va, msl->len)) {
			nm_misuse("build_skb: frag_size 0 and %p is not rte_malloc memory", data);
			return NULL;
		}
		size = (unsigned int)sz;
	}
	if (unlikely(size <= SKB_SHINFO_SIZE)) {
		nm_misuse("build_skb: a %u byte buffer cannot hold the shared info", size);
		return NULL;
	}
	nm_skb_init_around(skb, data, size);
	skb->head_frag = frag_size != 0;
	return skb;
}

/* __build_skb() of anything but a page's start: a struct of the cache. */
static __attribute__((noinline)) struct sk_buff *__build_skb_slow(void *data,
								  unsigned int frag_size)
{
	struct sk_buff *skb;

	if (frag_size > SKB_SHINFO_SIZE && data != NULL) {
		skb = nm_skb_struct_alloc();
		if (unlikely(skb == NULL))
			return NULL;
		nm_skb_init_around(skb, data, frag_size);
		skb->fclone = SKB_FCLONE_UNAVAILABLE;
		skb->head_frag = 1;
		return skb;
	}
	skb = nm_skb_struct_alloc();
	if (unlikely(skb == NULL))
		return NULL;
	if (unlikely(build_skb_around(skb, data, frag_size) == NULL)) {
		skb->fclone = SKB_FCLONE_UNAVAILABLE;
		skb->head = NULL;
		kfree_skbmem(skb);
		return NULL;
	}
	return skb;
}

/* The flags word of a new skb on a page's start (SKB_FLAGS_OFFSET, all
 * zero after nm_skb_init_around()): fclone embedded, head_frag. */
#define BUILD_SKB_SLOT_FLAGS	(SKB_FLAGS_FCLONE(SKB_FCLONE_EMBEDDED) | SKB_FLAGS_HEAD_FRAG_MASK)
static_assert(SKB_FLAGS_OFFSET + sizeof(uint64_t) <= offsetof(struct sk_buff, tail),
	      "nm_skb_init_around() clears the flags word");

static inline struct sk_buff *__build_skb(void *data, unsigned int frag_size)
{
	struct sk_buff *skb;
	struct page *page;

	/* On a page's start: the struct goes in the page's slot. The flag
	 * bits are one store over the cleared word (no read of it back). */
	if (likely(frag_size > SKB_SHINFO_SIZE && data != NULL &&
		   (page = nm_page_at_start(data)) != NULL)) {
		uint64_t w = BUILD_SKB_SLOT_FLAGS;

		skb = nm_page_skb_slot(page);
		nm_skb_init_around(skb, data, frag_size);
		memcpy((char *)skb + SKB_FLAGS_OFFSET, &w, sizeof(w));
		return skb;
	}
	return __build_skb_slow(data, frag_size);
}

struct sk_buff *build_skb(void *data, unsigned int frag_size)
{
	return __build_skb(data, frag_size);
}

struct sk_buff *napi_build_skb(void *data, unsigned int frag_size)
{
	return __build_skb(data, frag_size);
}

void nm_copy_skb_header(struct sk_buff *n, const struct sk_buff *old)
{
	n->tstamp = old->tstamp;
	memcpy(n->cb, old->cb, sizeof(old->cb));
	n->queue_mapping = old->queue_mapping;
	n->dev = old->dev;
	n->port = old->port;
	/* unreadable .. mac_header, as the kernel copies its headers group */
	memcpy(n->__headers_start, old->__headers_start, SKB_HEADERS_LEN);
}

static struct sk_buff *__skb_clone(struct sk_buff *n, struct sk_buff *skb)
{
	n->next = n->prev = NULL;
	nm_copy_skb_header(n, skb);
	n->len = skb->len;
	n->data_len = skb->data_len;
	n->mac_len = skb->mac_len;
	n->hdr_len = skb->nohdr ? (__u16)skb_headroom(skb) : skb->hdr_len;
	n->cloned = 1;
	n->nohdr = 0;
	n->peeked = 0;
	n->pfmemalloc = skb->pfmemalloc;
	n->pp_recycle = skb->pp_recycle;
	n->destructor = NULL;
	n->tail = skb->tail;
	n->end = skb->end;
	n->head = skb->head;
	n->head_frag = skb->head_frag;
	n->data = skb->data;
	n->truesize = skb->truesize;
	__atomic_store_n(&n->users, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&skb_shinfo(skb)->dataref, 1, __ATOMIC_RELAXED);
	skb->cloned = 1;
	return n;
}

struct sk_buff *skb_clone(struct sk_buff *skb, gfp_t gfp)
{
	struct sk_buff_fclones *fclones = (struct sk_buff_fclones *)skb;
	struct sk_buff *n;

	(void)gfp;
	if (skb->fclone == SKB_FCLONE_ORIG &&
	    __atomic_load_n(&fclones->fclone_ref, __ATOMIC_ACQUIRE) == 1) {
		n = &fclones->skb2;
		__atomic_store_n(&fclones->fclone_ref, 2, __ATOMIC_RELAXED);
		memset(n, 0, offsetof(struct sk_buff, tail));
		n->fclone = SKB_FCLONE_CLONE;
		nm_skb_stat_add(alloc, 1);
	} else {
		n = nm_skb_struct_alloc();
		if (unlikely(n == NULL))
			return NULL;
		memset(n, 0, offsetof(struct sk_buff, tail));
		n->fclone = SKB_FCLONE_UNAVAILABLE;
	}
	return __skb_clone(n, skb);
}

void nm_skb_slot_hold(struct sk_buff *skb)
{
	struct page *page = nm_skb_slot_page(skb);

	if (netmem_is_pp(page_to_netmem(page)))
		page_pool_ref_page(page);
	else
		get_page(page);
}

void nm_skb_slot_release(struct sk_buff *skb, bool napi_safe)
{
	struct page *page = nm_skb_slot_page(skb);

	if (netmem_is_pp(page_to_netmem(page)))
		page_pool_put_full_page(page->pp, page, napi_safe);
	else
		put_page(page);
}

void kfree_skbmem(struct sk_buff *skb)
{
	struct sk_buff_fclones *fclones;

	/* A later kfree_skb() of this struct is a double free: make it seen. */
	__atomic_store_n(&skb->users, 0, __ATOMIC_RELAXED);
	switch (skb->fclone) {
	case SKB_FCLONE_UNAVAILABLE:
		nm_skb_struct_free(skb);
		return;
	case SKB_FCLONE_EMBEDDED:
		nm_skb_slot_release(skb, false);
		return;
	case SKB_FCLONE_ORIG:
		fclones = (struct sk_buff_fclones *)skb;
		if (__atomic_load_n(&fclones->fclone_ref, __ATOMIC_ACQUIRE) == 1)
			goto fastpath;
		break;
	default:	/* SKB_FCLONE_CLONE */
		fclones = (struct sk_buff_fclones *)((char *)skb -
						     offsetof(struct sk_buff_fclones, skb2));
		break;
	}
	nm_skb_stat_add(released, 1);
	if (__atomic_sub_fetch(&fclones->fclone_ref, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	goto put;
fastpath:
	nm_skb_stat_add(released, 1);
put:
	fclones->skb1.fclone = SKB_FCLONE_ORIG;
	/* sanitizer builds: the pair is out of bounds while in the mempool */
	nm_poison(fclones, sizeof(*fclones));
	rte_mempool_put(fclone_cache, fclones);
}

void nm_skb_release_data(struct sk_buff *skb, bool napi_safe)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	if (skb->cloned) {
		int bias = skb->nohdr ? (1 << SKB_DATAREF_SHIFT) + 1 : 1;

		if (__atomic_load_n(&shinfo->dataref, __ATOMIC_ACQUIRE) != bias) {
			/* A clone may free the head, and this struct's page
			 * with it, once dataref drops: hold it first. */
			if (nm_skb_head_in_slot(skb))
				nm_skb_slot_hold(skb);
			if (__atomic_sub_fetch(&shinfo->dataref, bias, __ATOMIC_ACQ_REL) != 0)
				goto exit;
			if (nm_skb_head_in_slot(skb))
				nm_skb_slot_release(skb, napi_safe);	/* the head's stays */
		}
	}
	if (skb_zcopy(skb)) {
		bool skip_unref = shinfo->flags & SKBFL_MANAGED_FRAG_REFS;

		skb_zcopy_clear(skb, true);
		if (skip_unref)
			goto free_head;
	}
	for (int i = 0; i < shinfo->nr_frags; i++)
		__skb_frag_unref(&shinfo->frags[i], skb->pp_recycle);
free_head:
	if (shinfo->frag_list)
		kfree_skb_list(shinfo->frag_list);
	nm_skb_free_head(skb, napi_safe);
exit:
	/* Only the last dataref owner may recycle. */
	skb->pp_recycle = 0;
}

static inline void skb_release_all(struct sk_buff *skb, bool napi_safe)
{
	if (skb->destructor != NULL) {
		skb->destructor(skb);
		skb->destructor = NULL;
	}
	if (likely(skb->head != NULL))
		nm_skb_release_data(skb, napi_safe);
}

/* True when the caller held the last reference. */
static inline bool skb_unref(struct sk_buff *skb)
{
	int users;

	if (unlikely(skb == NULL))
		return false;
	/* NM_POISON: a struct back in the cache is poisoned, not read. */
	if (unlikely(nm_poisoned(&skb->users))) {
		nm_misuse("skb %p freed again: its struct is free (double free)", (void *)skb);
		return false;
	}
	users = __atomic_load_n(&skb->users, __ATOMIC_ACQUIRE);
	if (likely(users == 1))
		return true;
	if (unlikely(users <= 0)) {
		nm_misuse("skb %p freed with %d users (double free)", (void *)skb, users);
		return false;
	}
	return __atomic_sub_fetch(&skb->users, 1, __ATOMIC_ACQ_REL) == 0;
}

/* The skb's own flag bits (cloned, fclone, head_frag, pp_recycle) fill
 * the first byte of its flag word (skbuff.h): that byte alone is read, so
 * that it forwards from a byte store just before (skb_mark_for_recycle()
 * right after the build, in a driver), which a wider load could not. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SKB_FLAGS_BYTE0(m)	((uint8_t)(m))
#else
#define SKB_FLAGS_BYTE0(m)	((uint8_t)((m) >> 56))
#endif
static_assert(SKB_FLAGS_BYTE0(SKB_FLAGS_CLONED_MASK | SKB_FLAGS_HEAD_FRAG_MASK |
			      SKB_FLAGS_FCLONE_MASK) ==
	      (SKB_FLAGS_BYTE0(SKB_FLAGS_CLONED_MASK) | SKB_FLAGS_BYTE0(SKB_FLAGS_HEAD_FRAG_MASK) |
	       SKB_FLAGS_BYTE0(SKB_FLAGS_FCLONE_MASK)) &&
	      SKB_FLAGS_BYTE0(SKB_FLAGS_CLONED_MASK) != 0 &&
	      SKB_FLAGS_BYTE0(SKB_FLAGS_HEAD_FRAG_MASK) != 0 &&
	      SKB_FLAGS_BYTE0(SKB_FLAGS_FCLONE_MASK) == 3 * SKB_FLAGS_BYTE0(SKB_FLAGS_FCLONE(1)),
	      "cloned, head_frag, fclone: bits of the flag word's first byte");
/* Of that byte: not cloned, head_frag; and fclone. */
#define FREE_SIMPLE_MASK	SKB_FLAGS_BYTE0(SKB_FLAGS_CLONED_MASK | SKB_FLAGS_HEAD_FRAG_MASK)
#define FREE_SIMPLE_FLAGS	SKB_FLAGS_BYTE0(SKB_FLAGS_HEAD_FRAG_MASK)
#define FREE_FCLONE_MASK	SKB_FLAGS_BYTE0(SKB_FLAGS_FCLONE_MASK)
#define FREE_FCLONE(v)		SKB_FLAGS_BYTE0(SKB_FLAGS_FCLONE(v))
/* Of the shared info's first word: frags, a zero-copy completion. */
#define FREE_SIMPLE_SH_MASK	(SKB_SHINFO_NR_FRAGS_MASK | SKB_SHINFO_ZEROCOPY_MASK)

/* The common free, without the general release: a head of its own on a
 * page, nothing attached. False: nothing done, take the general way. */
static inline bool skb_free_simple(struct sk_buff *skb, bool napi_safe)
{
	const struct skb_shared_info *sh;
	uint64_t sw;
	uint8_t fl;

	fl = *((const uint8_t *)skb + SKB_FLAGS_OFFSET);
	if ((fl & FREE_SIMPLE_MASK) != FREE_SIMPLE_FLAGS || skb->destructor != NULL)
		return false;
	sh = skb_shinfo(skb);
	memcpy(&sw, sh, sizeof(sw));
	if ((sw & FREE_SIMPLE_SH_MASK) != 0 || sh->frag_list != NULL)
		return false;
	if ((fl & FREE_FCLONE_MASK) == FREE_FCLONE(SKB_FCLONE_EMBEDDED)) {
		/* Head on the slot's page: its one reference goes, last. */
		struct page *page = nm_skb_slot_page(skb);

		if (skb->head != page->virt || !netmem_is_pp(page_to_netmem(page)))
			return false;
		skb->users = 0;
		page_pool_put_full_page(page->pp, page, napi_safe);
		return true;
	}
	if ((fl & FREE_FCLONE_MASK) != FREE_FCLONE(SKB_FCLONE_UNAVAILABLE))
		return false;
	nm_skb_head_free(skb->head, true, napi_safe);
	skb->users = 0;		/* a later free is a double free */
	nm_skb_struct_free(skb);
	return true;
}

static inline void __kfree_skb(struct sk_buff *skb, bool napi_safe)
{
	if (likely(skb_free_simple(skb, napi_safe)))
		return;
	skb_release_all(skb, napi_safe);
	if (likely(skb->fclone == SKB_FCLONE_UNAVAILABLE)) {
		skb->users = 0;		/* a later free is a double free */
		nm_skb_struct_free(skb);
		return;
	}
	kfree_skbmem(skb);
}

void kfree_skb(struct sk_buff *skb)
{
	if (!skb_unref(skb))
		return;
	nm_skb_stat_add(dropped, 1);
	__kfree_skb(skb, false);
}

void kfree_skb_list(struct sk_buff *segs)
{
	while (segs != NULL) {
		struct sk_buff *next = segs->next;

		kfree_skb(segs);
		segs = next;
	}
}

void consume_skb(struct sk_buff *skb)
{
	if (!skb_unref(skb))
		return;
	__kfree_skb(skb, false);
}

void napi_consume_skb(struct sk_buff *skb, int budget)
{
	if (!skb_unref(skb))
		return;
	__kfree_skb(skb, budget != 0);
}

void dev_kfree_skb_any(struct sk_buff *skb)
{
	kfree_skb(skb);
}

void nm_skb_get_stats(struct nm_skb_stats *st)
{
	/* freed = every skb struct given back that was not a drop */
	memset(st, 0, sizeof(*st));
	for (unsigned int i = 0; i <= RTE_MAX_LCORE; i++) {
		const struct nm_skb_lcore_stats *s = &nm_skb_stats_lcore[i];

		st->alloc += s->alloc;
		st->alloc_fail += s->alloc_fail;
		st->dropped += s->dropped;
		st->copied_bytes += s->copied_bytes;
		st->live += s->alloc - s->released;
		st->freed += s->released;
	}
	st->freed -= st->dropped;
}
