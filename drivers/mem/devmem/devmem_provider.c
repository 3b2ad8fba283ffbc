/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device-memory provider (the kernel's mp_dmabuf_devmem): a page_pool
 * whose netmems are the net_iovs of one binding. The pool holds a reference
 * on the binding from create until it is freed; a net_iov goes back to the
 * binding only with pp_ref_count == 1 (nobody else holds it).
 */
#include <errno.h>

#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>

#include "devmem_priv.h"

static int devmem_init(struct page_pool *pool)
{
	struct net_devmem_dmabuf_binding *b = pool->mp_priv;

	if (b == NULL)
		return -EINVAL;
	if (pool->order != 0)
		return -E2BIG;
	if (b->unbound)
		return -ENODEV;
	nm_owner_get(&b->owner);
	return 0;
}

static void devmem_destroy(struct page_pool *pool)
{
	nm_owner_put(&((struct net_devmem_dmabuf_binding *)pool->mp_priv)->owner);
}

static netmem_ref devmem_alloc_netmems(struct page_pool *pool, gfp_t gfp)
{
	struct net_iov *niov = net_devmem_alloc_dmabuf(pool->mp_priv);

	(void)gfp;
	if (niov == NULL)
		return netmem_null();
	net_mp_niov_set_page_pool(pool, niov);
	niov->flags = 0;
	return net_iov_to_netmem(niov);
}

static bool devmem_release_netmem(struct page_pool *pool, netmem_ref netmem)
{
	struct net_iov *niov = netmem_to_net_iov(netmem);
	long refs;

	if (niov == NULL) {
		nm_warn("devmem page_pool %s: release of a page, not a net_iov", pool->name);
		return false;
	}
	refs = __atomic_load_n(&niov->pp_ref_count, __ATOMIC_ACQUIRE);
	if (refs != 1) {
		nm_warn("devmem page_pool %s: net_iov %u released with pp_ref_count %ld (must be 1): kept",
			pool->name, net_iov_idx(niov), refs);
		return false;
	}
	net_mp_niov_clear_page_pool(niov);
	net_devmem_free_dmabuf(niov);
	return false;	/* never put_page() a net_iov */
}

const struct memory_provider_ops dmabuf_devmem_ops = {
	.alloc_netmems = devmem_alloc_netmems,
	.release_netmem = devmem_release_netmem,
	.init = devmem_init,
	.destroy = devmem_destroy,
	.alloc_bulk = NULL,
	.held = NULL,
	.unreadable = true,
	.name = "dmabuf_devmem",
};
