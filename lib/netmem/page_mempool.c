/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mempools of pages: DPDK pktmbuf pools whose mbufs carry a struct page in
 * their private area and a PAGE_SIZE << order buffer, so that a PMD can fill
 * the very pages the page_pool and the skb layer hand around.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>

#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mbuf_pool_ops.h>
#include <rte_memory.h>
#include <rte_spinlock.h>

#include <netmem/page_pool/types.h>

#include "netmem_priv.h"

static_assert(sizeof(struct rte_mbuf) == NM_MBUF_HDR_SIZE,
	      "the private area must directly follow struct rte_mbuf");
static_assert(sizeof(struct page) == NM_PAGE_PRIV_SIZE - NM_PAGE_SKB_SLOT,
	      "struct page ends the private area, right before the buffer");
static_assert(NM_PAGE_PRIV_SIZE % RTE_MBUF_PRIV_ALIGN == 0, "bad private size");
static_assert(sizeof(struct page) == 64 && sizeof(struct net_iov) == 64,
	      "page and net_iov are one cache line");
/* page and net_iov share their netmem fields: asserted in netmem.h. */

uintptr_t nm_page_key;

/* A key nobody can guess from packet bytes, so a forged page header in
 * data never passes nm_page_at_start(). */
static void __attribute__((constructor)) nm_page_key_init(void)
{
	uint64_t k = 0;
	FILE *f = fopen("/dev/urandom", "rb");

	if (f == NULL || fread(&k, sizeof(k), 1, f) != 1)
		k = rte_rdtsc() * 0x9e3779b97f4a7c15ULL;
	if (f != NULL)
		fclose(f);
	nm_page_key = (uintptr_t)(k | 1);
}

struct page_init_ctx {
	unsigned int order;
	int err;
};

static void page_init(struct rte_mempool *mp, void *arg, void *obj, unsigned int idx)
{
	struct page_init_ctx *ctx = arg;
	struct rte_mbuf *m = obj;
	struct page *page = nm_mbuf_to_page(m);
	const struct rte_memseg_list *msl;
	int nid = mp->socket_id;

	(void)idx;
	memset(page, 0, sizeof(*page));
	page->virt = m->buf_addr;
	page->_self = (uintptr_t)page ^ nm_page_key;
	page->dma_addr = m->buf_iova;
	page->order = (uint8_t)ctx->order;
	if (nid == SOCKET_ID_ANY) {
		msl = rte_mem_virt2memseg_list(page->virt);
		nid = msl ? msl->socket_id : 0;
	}
	page->nid = (int8_t)(nid < 0 ? 0 : nid);
	if (nm_page_map_add(page) != 0)
		ctx->err = -ENOMEM;
	/* Poisoning builds: what lies past the buffer (the object's padding,
	 * then the next object's header) is a redzone, so a write past a head's
	 * shared info (a frag array one too long) is reported (page_fini()
	 * takes it away). */
	nm_poison((char *)page->virt + (PAGE_SIZE << ctx->order),
		  (size_t)((char *)obj + mp->elt_size - ((char *)page->virt + (PAGE_SIZE << ctx->order))));
	nm_poison((char *)obj - mp->header_size, mp->header_size);
}

static void page_fini(struct rte_mempool *mp, void *arg, void *obj, unsigned int idx)
{
	struct page *page = nm_mbuf_to_page(obj);
	char *end = (char *)page->virt + (PAGE_SIZE << page->order);

	(void)arg;
	(void)idx;
	nm_unpoison(end, (size_t)((char *)obj + mp->elt_size - end));
	nm_unpoison((char *)obj - mp->header_size, mp->header_size);
	nm_page_map_del(page);
}

#ifdef NM_POISON
/*
 * In poisoning builds the objects of a page mempool PMDs use (a page_pool's)
 * are poisoned while they are in it, whoever puts them there: its ops wrap the default ones, poisoning
 * the buffer and the skb slot of each page on enqueue and unpoisoning them
 * on dequeue, and the pool has no per-lcore cache (a cache would keep
 * objects out of the ops' sight). So a page a PMD freed (a TX chain) or
 * still holds for RX is reported when touched, as a default mempool's is.
 */
static struct rte_mempool_ops nm_poison_ops = { .name = "nm_poison" };
static const struct rte_mempool_ops *nm_poison_base;

static void nm_page_obj_poison(void *obj, bool on)
{
	struct page *page = nm_mbuf_to_page(obj);

	if (on) {
		nm_poison(page->virt, PAGE_SIZE << page->order);
		nm_poison((char *)page - NM_PAGE_SKB_SLOT, NM_PAGE_SKB_SLOT);
	} else {
		nm_unpoison(page->virt, PAGE_SIZE << page->order);
		nm_unpoison((char *)page - NM_PAGE_SKB_SLOT, NM_PAGE_SKB_SLOT);
	}
}

/* Poisoning starts once page_init() has run on every object (populating
 * enqueues them before) and stops before the pool is freed. */
static bool nm_poisoning(const struct rte_mempool *mp)
{
	return ((const struct nm_page_mempool_priv *)
		rte_mempool_get_priv((struct rte_mempool *)(uintptr_t)mp))->poisoning;
}

static int nm_poison_enqueue(struct rte_mempool *mp, void * const *objs, unsigned int n)
{
	if (nm_poisoning(mp))
		for (unsigned int i = 0; i < n; i++)
			nm_page_obj_poison(objs[i], true);
	return nm_poison_base->enqueue(mp, objs, n);
}

static int nm_poison_dequeue(struct rte_mempool *mp, void **objs, unsigned int n)
{
	int ret = nm_poison_base->dequeue(mp, objs, n);

	if (ret == 0 && nm_poisoning(mp))
		for (unsigned int i = 0; i < n; i++)
			nm_page_obj_poison(objs[i], false);
	return ret;
}

/* The ops name for page mempools: the default ones wrapped, registered
 * once (rte_mempool_register_ops() locks the table). */
static const char *nm_page_mempool_ops(void)
{
	static rte_spinlock_t lock = RTE_SPINLOCK_INITIALIZER;
	const char *base = rte_mbuf_best_mempool_ops();
	static bool done;
	bool ok;

	rte_spinlock_lock(&lock);
	if (!done) {
		for (unsigned int i = 0; i < rte_mempool_ops_table.num_ops; i++)
			if (strcmp(rte_mempool_ops_table.ops[i].name, base) == 0)
				nm_poison_base = &rte_mempool_ops_table.ops[i];
		if (nm_poison_base != NULL) {
			nm_poison_ops.alloc = nm_poison_base->alloc;
			nm_poison_ops.free = nm_poison_base->free;
			nm_poison_ops.enqueue = nm_poison_enqueue;
			nm_poison_ops.dequeue = nm_poison_dequeue;
			nm_poison_ops.get_count = nm_poison_base->get_count;
			nm_poison_ops.calc_mem_size = nm_poison_base->calc_mem_size;
			nm_poison_ops.populate = nm_poison_base->populate;
			nm_poison_ops.get_info = nm_poison_base->get_info;
			nm_poison_ops.dequeue_contig_blocks = NULL;
			if (rte_mempool_register_ops(&nm_poison_ops) < 0)
				nm_poison_base = NULL;
		}
		done = true;
	}
	ok = nm_poison_base != NULL;
	rte_spinlock_unlock(&lock);
	return ok ? nm_poison_ops.name : base;
}

static void page_unpoison_all(struct rte_mempool *mp, void *arg, void *obj, unsigned int idx)
{
	(void)mp;
	(void)arg;
	(void)idx;
	nm_page_obj_poison(obj, false);
}
#else
static const char *nm_page_mempool_ops(void)
{
	return rte_mbuf_best_mempool_ops();
}
#endif


struct rte_mempool *nm_page_mempool_create(const char *name, unsigned int order,
					   unsigned int n, int socket,
					   unsigned int cache_size, bool pmd_side)
{
	size_t buf = PAGE_SIZE << order;
	struct nm_page_mempool_priv priv;
	struct page_init_ctx ctx = { .order = order };
	struct rte_mempool *mp;
	int ret;

	if (order > NM_MAX_PAGE_ORDER || n == 0) {
		rte_errno = EINVAL;
		return NULL;
	}
	if (cache_size > RTE_MEMPOOL_CACHE_MAX_SIZE)
		cache_size = RTE_MEMPOOL_CACHE_MAX_SIZE;
#ifdef NM_POISON
	if (pmd_side)
		cache_size = 0;	/* every put and get through the poisoning ops */
#endif
	while (cache_size && cache_size * 3 / 2 > n)
		cache_size /= 2;

	memset(&priv, 0, sizeof(priv));
	priv.mbp.mbuf_priv_size = NM_PAGE_PRIV_SIZE;
	/* A PMD fills at most the data room: never the shared info tail. */
	priv.mbp.mbuf_data_room_size = (uint16_t)RTE_MIN(buf - NM_SKB_SHINFO_RESERVE,
							 (size_t)UINT16_MAX);
	priv.magic = NM_PAGE_MEMPOOL_MAGIC;
	priv.order = order;

	mp = rte_mempool_create_empty(name, n,
				      sizeof(struct rte_mbuf) + NM_PAGE_PRIV_SIZE + buf,
				      cache_size, sizeof(priv), socket, 0);
	if (mp == NULL)
		return NULL;
	ret = rte_mempool_set_ops_byname(mp, pmd_side ? nm_page_mempool_ops() :
					 rte_mbuf_best_mempool_ops(), NULL);
	if (ret != 0)
		goto fail;
	rte_pktmbuf_pool_init(mp, &priv.mbp);
	*(struct nm_page_mempool_priv *)rte_mempool_get_priv(mp) = priv;
	ret = rte_mempool_populate_default(mp);
	if (ret < 0)
		goto fail;
	if ((unsigned int)ret != n) {
		ret = -ENOMEM;
		goto fail;
	}
	rte_mempool_obj_iter(mp, rte_pktmbuf_init, NULL);
	rte_mempool_obj_iter(mp, page_init, &ctx);
	if (ctx.err != 0) {
		ret = ctx.err;
		goto fail;
	}
#ifdef NM_POISON
	/* Populating enqueued them before page_init(): poison them now, each
	 * once round the (FIFO) ring. */
	((struct nm_page_mempool_priv *)rte_mempool_get_priv(mp))->poisoning =
		pmd_side && nm_poison_base != NULL;
	if (pmd_side && nm_poison_base != NULL)
		for (unsigned int i = 0; i < n; i++) {
			void *obj;

			if (rte_mempool_get(mp, &obj) != 0)
				break;
			rte_mempool_put(mp, obj);
		}
#endif
	return mp;
fail:
	nm_page_mempool_free(mp);
	rte_errno = -ret;
	return NULL;
}

void nm_page_mempool_set_pp(struct rte_mempool *mp, struct page_pool *pp)
{
	((struct nm_page_mempool_priv *)rte_mempool_get_priv(mp))->pp = pp;
}

void nm_page_mempool_free(struct rte_mempool *mp)
{
	if (mp == NULL)
		return;
	if (nm_page_mempool_is_ours(mp)) {
#ifdef NM_POISON
		/* the memory goes back to DPDK's heap: no poison may stay */
		struct nm_page_mempool_priv *priv = rte_mempool_get_priv(mp);

		if (priv->poisoning) {
			priv->poisoning = false;
			rte_mempool_obj_iter(mp, page_unpoison_all, NULL);
		}
#endif
		rte_mempool_obj_iter(mp, page_fini, NULL);
	}
	rte_mempool_free(mp);
}
