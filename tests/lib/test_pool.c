/* SPDX-License-Identifier: BSD-3-Clause */
/* page_pool reference counts and device-memory pools for the tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <rte_lcore.h>

#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>

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
