/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel-style page helpers over the default host page mempools (one per
 * order, made on first use), page refcounts, netmem references and
 * lifetime owners.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_spinlock.h>

#include <netmem/page_pool/types.h>

#include "netmem_priv.h"

/* Default pages per order: 16 MiB of order-0 pages, less of larger ones. */
static unsigned int default_nr_pages[NM_MAX_PAGE_ORDER + 1] = {
	4096, 1024, 512, 256, 128,
};
static struct rte_mempool *default_pools[NM_MAX_PAGE_ORDER + 1];
static rte_spinlock_t default_lock = RTE_SPINLOCK_INITIALIZER;

void (*nm_pp_misput)(struct page *page);

int nm_page_alloc_configure(unsigned int order, unsigned int nr_pages)
{
	int ret = 0;

	if (order > NM_MAX_PAGE_ORDER || nr_pages == 0)
		return -EINVAL;
	rte_spinlock_lock(&default_lock);
	if (default_pools[order] != NULL)
		ret = -EBUSY;
	else
		default_nr_pages[order] = nr_pages;
	rte_spinlock_unlock(&default_lock);
	return ret;
}

static struct rte_mempool *default_pool(unsigned int order)
{
	struct rte_mempool *mp = __atomic_load_n(&default_pools[order], __ATOMIC_ACQUIRE);
	char name[RTE_MEMPOOL_NAMESIZE];

	if (likely(mp != NULL))
		return mp;
	rte_spinlock_lock(&default_lock);
	mp = default_pools[order];
	if (mp == NULL) {
		snprintf(name, sizeof(name), "nm_pages_o%u", order);
		mp = nm_page_mempool_create(name, order, default_nr_pages[order],
					    SOCKET_ID_ANY, 64, false);
		if (mp == NULL)
			NM_LOG(ERR, "cannot make the order-%u page mempool: %s",
			       order, rte_strerror(rte_errno));
		__atomic_store_n(&default_pools[order], mp, __ATOMIC_RELEASE);
	}
	rte_spinlock_unlock(&default_lock);
	return mp;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct rte_mempool *mp;
	struct page *page;
	void *obj;

	if (order > NM_MAX_PAGE_ORDER) {
		rte_errno = EINVAL;
		return NULL;
	}
	mp = default_pool(order);
	if (mp == NULL || rte_mempool_get(mp, &obj) != 0) {
		if (mp != NULL && !(gfp & __GFP_NOWARN))
			NM_LOG(DEBUG, "order-%u pages exhausted", order);
		rte_errno = ENOMEM;
		return NULL;
	}
	page = nm_mbuf_to_page(obj);
	nm_unpoison(page->virt, page_size(page));
	nm_unpoison((char *)page - NM_PAGE_SKB_SLOT, NM_PAGE_SKB_SLOT);
	if (unlikely(page->_refcount != 0))
		nm_misuse("free page %p had %d references", (void *)page, page->_refcount);
	page->_refcount = 1;
	nm_netmem_clear_pp_info(page_to_netmem(page));
	page->pp_ref_count = 0;
	page->private = 0;
	if (gfp & __GFP_ZERO)
		memset(page->virt, 0, page_size(page));
	return page;
}

void __put_page(struct page *page, int newref, int nr)
{
	struct rte_mbuf *m = nm_page_to_mbuf(page);

	if (unlikely(page_is_ext(page))) {
		nm_misuse("put_page dropped the last page reference of external page %p (owner %s): its references are on the owner",
			  (void *)page, page_ext_owner(page) && page_ext_owner(page)->name ?
			  page_ext_owner(page)->name : "?");
		__atomic_fetch_add(&page->_refcount, nr, __ATOMIC_RELAXED);
		return;
	}
	if (newref < 0) {
		if (newref + nr <= 0) {
			nm_misuse("put_page on page %p with no reference (double free?)",
				  (void *)page);
			__atomic_fetch_add(&page->_refcount, nr, __ATOMIC_RELAXED);
			return;
		}
		/* It had references, fewer than dropped: free it all the same. */
		nm_misuse("page %p: %d references dropped, only %d held",
			  (void *)page, nr, newref + nr);
		__atomic_store_n(&page->_refcount, 0, __ATOMIC_RELAXED);
	}
	if (page_pool_page_is_pp(page)) {
		nm_misuse("put_page dropped the last reference of page %p, which page_pool %s owns: taken as page_pool_put_full_page()",
			  (void *)page, page->pp != NULL ? page->pp->name : "?");
		/* The pool's page reference stays; the caller's pp one goes. */
		__atomic_fetch_add(&page->_refcount, 1, __ATOMIC_RELAXED);
		if (nm_pp_misput != NULL)
			nm_pp_misput(page);
		return;
	}
	page->pp = NULL;
	/* Free in a default mempool: poisoned till alloc_pages() (the
	 * mempools PMDs fill RX rings from are left alone). */
	if (page->order <= NM_MAX_PAGE_ORDER && m->pool == default_pools[page->order]) {
		nm_poison(page->virt, page_size(page));
		nm_poison((char *)page - NM_PAGE_SKB_SLOT, NM_PAGE_SKB_SLOT);
	}
	rte_mempool_put(m->pool, m);
}

void __free_pages(struct page *page, unsigned int order)
{
	if (page == NULL)
		return;
	if (order != page->order)
		nm_misuse("__free_pages(order %u) of an order-%u page", order, page->order);
	put_page(page);
}

void get_netmem(netmem_ref netmem)
{
	struct net_iov *niov = netmem_to_net_iov(netmem);

	if (niov != NULL) {
		nm_owner_get(net_iov_owner(niov)->owner);
		return;
	}
	if (page_is_ext(netmem_to_page(netmem))) {
		nm_owner_get(page_ext_owner(netmem_to_page(netmem)));
		return;
	}
	get_page(netmem_to_page(netmem));
}

void put_netmem(netmem_ref netmem)
{
	struct net_iov *niov = netmem_to_net_iov(netmem);

	if (niov != NULL) {
		nm_owner_put(net_iov_owner(niov)->owner);
		return;
	}
	if (page_is_ext(netmem_to_page(netmem))) {
		nm_owner_put(page_ext_owner(netmem_to_page(netmem)));
		return;
	}
	put_page(netmem_to_page(netmem));
}

void nm_owner_init(struct nm_owner *owner, const char *name,
		   void (*release)(struct nm_owner *owner))
{
	owner->refcnt = 1;
	owner->release = release;
	owner->name = name;
}

void __nm_owner_release(struct nm_owner *owner, long newref)
{
	if (newref < 0) {
		nm_misuse("owner %s: reference dropped below zero (double put)",
			  owner->name ? owner->name : "?");
		__atomic_fetch_add(&owner->refcnt, 1, __ATOMIC_RELAXED);
		return;
	}
	if (owner->release != NULL)
		owner->release(owner);
}
