/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host memory provider (the default): each page_pool gets a pktmbuf
 * mempool of its own pages, so the same pages can feed a PMD's RX queue.
 * The mempool's in-use count is the exact number of pages out of it, also
 * those a PMD took or freed directly.
 */
#include <errno.h>
#include <stdio.h>

#include <rte_errno.h>
#include <rte_mbuf.h>

#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>

#include "netmem_priv.h"

static int host_init(struct page_pool *pool)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	int socket = pool->p.nid == NUMA_NO_NODE ? SOCKET_ID_ANY : pool->p.nid;
	struct rte_mempool *mp;

	/* The ring's name carries the pool's unique id: a pool that waits for
	 * its pages after page_pool_destroy() never blocks a new one of the
	 * same name. */
	snprintf(name, sizeof(name), "nm_%.12s_%s", pool->name, pool->ring->name + 6);
	mp = nm_page_mempool_create(name, pool->order, pool->p.nr_pages, socket,
				    RTE_MIN(256u, pool->p.nr_pages / 4));
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

static void host_destroy(struct page_pool *pool)
{
	nm_page_mempool_free(pool->mp_state);
	pool->mp_state = NULL;
}

static unsigned int host_alloc_bulk(struct page_pool *pool, gfp_t gfp,
				    netmem_ref *netmems, unsigned int n)
{
	struct rte_mempool *mp = pool->mp_state;
	void *objs[PP_ALLOC_CACHE_REFILL];
	unsigned int i;

	(void)gfp;
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
		page->pp = pool;
		page->pp_magic = PP_SIGNATURE;
		page->pp_ref_count = 1;
		page->flags = 0;
		netmems[i] = page_to_netmem(page);
	}
	return n;
}

static netmem_ref host_alloc_netmems(struct page_pool *pool, gfp_t gfp)
{
	netmem_ref netmem = netmem_null();

	host_alloc_bulk(pool, gfp, &netmem, 1);
	return netmem;
}

static bool host_release_netmem(struct page_pool *pool, netmem_ref netmem)
{
	(void)pool;
	(void)netmem;
	return true;	/* clear pp info, put_page(): back to the mempool */
}

static long host_held(const struct page_pool *pool)
{
	return (long)rte_mempool_in_use_count(pool->mp_state);
}

const struct memory_provider_ops nm_host_provider_ops = {
	.alloc_netmems = host_alloc_netmems,
	.release_netmem = host_release_netmem,
	.init = host_init,
	.destroy = host_destroy,
	.alloc_bulk = host_alloc_bulk,
	.held = host_held,
	.unreadable = false,
	.name = "host",
};

struct rte_mempool *nm_page_pool_mempool(const struct page_pool *pool)
{
	if (pool == NULL || pool->mp_ops != &nm_host_provider_ops)
		return NULL;
	return pool->mp_state;
}
