/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * page_pool's built-in host allocator (the kernel's page allocator behind
 * page_pool.c when no memory provider is set): each pool without mp_ops
 * gets a pktmbuf mempool of its own pages, so the same pages can feed a
 * PMD's RX queue. The mempool's in-use count is the exact number of pages
 * out of it, also those a PMD took or freed directly.
 */
#include <errno.h>
#include <stdio.h>

#include <rte_errno.h>
#include <rte_mbuf.h>

#include "page_pool_priv.h"

int page_pool_host_init(struct page_pool *pool)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	int socket = pool->p.nid == NUMA_NO_NODE ? SOCKET_ID_ANY : pool->p.nid;
	struct rte_mempool *mp;

	/* The ring's name carries the pool's unique id: a pool that waits for
	 * its pages after page_pool_destroy() never blocks a new one of the
	 * same name. */
	snprintf(name, sizeof(name), "nm_%.12s_%s", pool->name, pool->ring->name + 6);
	mp = nm_page_mempool_create(name, pool->order, pool->p.nr_pages, socket,
				    RTE_MIN(256u, pool->p.nr_pages / 4), true);
	if (mp == NULL) {
		NM_LOG(ERR, "page_pool %s: no mempool of %u order-%u pages: %s",
		       pool->name, pool->p.nr_pages, pool->order,
		       rte_strerror(rte_errno));
		return rte_errno == ENOMEM || rte_errno == ENOSPC ? -ENOMEM : -rte_errno;
	}
	nm_page_mempool_set_pp(mp, pool);
	pool->mp_state = mp;
	return 0;
}

void page_pool_host_destroy(struct page_pool *pool)
{
	nm_page_mempool_free(pool->mp_state);
	pool->mp_state = NULL;
}

unsigned int page_pool_host_alloc_bulk(struct page_pool *pool, netmem_ref *netmems,
				       unsigned int n)
{
	struct rte_mempool *mp = pool->mp_state;
	void *objs[PP_ALLOC_CACHE_REFILL];
	unsigned int i;

	n = RTE_MIN(n, (unsigned int)PP_ALLOC_CACHE_REFILL);
	/* All or nothing per call: halve the ask until the mempool gives. */
	while (n != 0 && rte_mempool_get_bulk(mp, objs, n) != 0)
		n /= 2;
	for (i = 0; i < n; i++) {
		struct page *page = nm_mbuf_to_page(objs[i]);

		if (unlikely(page->_refcount != 0))
			nm_misuse("page_pool %s: free page %p had %d references",
				  pool->name, (void *)page, page->_refcount);
		page->_refcount = 1;	/* the pool's own page reference */
		page->flags = 0;
		netmems[i] = page_to_netmem(page);
		page_pool_set_pp_info(pool, netmems[i]);
	}
	return n;
}

long page_pool_host_held(const struct page_pool *pool)
{
	return (long)rte_mempool_in_use_count(pool->mp_state);
}

struct rte_mempool *nm_page_pool_mempool(const struct page_pool *pool)
{
	if (pool == NULL || pool->mp_ops != NULL)
		return NULL;
	return pool->mp_state;
}
