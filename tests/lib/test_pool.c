/* SPDX-License-Identifier: BSD-3-Clause */
/* page_pool reference counts and device-memory pools for the tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <rte_lcore.h>
#include <rte_mbuf.h>

#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/skbuff.h>

#include "test_pool.h"

long pp_refs(netmem_ref nm)
{
	return __atomic_load_n(netmem_get_pp_ref_count_ref(nm), __ATOMIC_RELAXED);
}

long page_pp_refs(const struct page *page)
{
	return __atomic_load_n(&page->pp_ref_count, __ATOMIC_RELAXED);
}

struct page_pool *devmem_pool_create(struct net_devmem_dmabuf_binding *b,
				     unsigned int pool_size, unsigned int order)
{
	struct page_pool_params pp = {
		.flags = PP_FLAG_ALLOW_UNREADABLE_NETMEM, .order = order,
		.pool_size = pool_size, .nid = NUMA_NO_NODE, .dev = PP_DEV_NONE,
		.lcore = rte_lcore_id(), .mp_ops = &dmabuf_devmem_ops, .mp_priv = b,
		.name = "t_devmem",
	};
	return page_pool_create(&pp);
}

struct page_pool *devmem_pool(struct net_devmem_dmabuf_binding *b, unsigned int pool_size)
{
	struct page_pool *pool = devmem_pool_create(b, pool_size, 0);

	assert_false(IS_ERR_OR_NULL(pool));
	return pool;
}

struct page_pool_params host_pool_params(unsigned int pool_size, unsigned int nr_pages,
					 const char *name)
{
	struct page_pool_params pp = {
		.order = 0,
		.pool_size = pool_size,
		.nid = NUMA_NO_NODE,
		.dev = PP_DEV_NONE,
		.lcore = rte_lcore_id(),
		.dma_dir = DMA_FROM_DEVICE,
		.nr_pages = nr_pages,
		.name = name,
	};
	return pp;
}

struct page_pool *pool_create_ok(const struct page_pool_params *pp)
{
	struct page_pool *pool = page_pool_create(pp);

	assert_false(IS_ERR_OR_NULL(pool));
	return pool;
}

struct page_pool *host_pool_create(unsigned int pool_size, unsigned int nr_pages,
				   const char *name)
{
	struct page_pool_params pp = host_pool_params(pool_size, nr_pages, name);

	pp.flags = PP_FLAG_DMA_MAP;
	pp.dma_dir = DMA_BIDIRECTIONAL;
	return page_pool_create(&pp);
}

struct page_pool *host_pool(unsigned int pool_size, unsigned int nr_pages)
{
	struct page_pool_params pp = host_pool_params(pool_size, nr_pages, NULL);

	pp.flags = PP_FLAG_DMA_MAP;
	pp.dma_dir = DMA_BIDIRECTIONAL;
	return pool_create_ok(&pp);
}

int page_mempools_find(struct rte_mempool **mp)
{
	struct sk_buff *skb;

	for (unsigned int o = 0; o <= NM_MAX_PAGE_ORDER; o++) {
		struct page *page = alloc_pages(GFP_ATOMIC, o);

		if (page == NULL)
			return -1;
		mp[o] = nm_page_to_mbuf(page)->pool;
		__free_pages(page, o);
	}
	skb = alloc_skb(64, GFP_ATOMIC);
	if (skb == NULL)
		return -1;
	kfree_skb(skb);
	return 0;
}
