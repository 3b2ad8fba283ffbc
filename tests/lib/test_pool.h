/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the tests: page_pool reference counts read without side
 * effects, and page_pools over a device-memory binding.
 */
#ifndef NM_TEST_POOL_H
#define NM_TEST_POOL_H

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/types.h>

struct rte_mempool;

/** The pp_ref_count of @p nm (relaxed load). */
long pp_refs(netmem_ref nm);

/** The pp_ref_count of @p page (relaxed load). */
long page_pp_refs(const struct page *page);

/**
 * The parameters of a page_pool of host pages on this lcore: order 0,
 * @p pool_size in its ring, @p nr_pages in all (0: the default), named
 * @p name, no flags, DMA_FROM_DEVICE. The caller changes what differs.
 */
struct page_pool_params host_pool_params(unsigned int pool_size, unsigned int nr_pages,
					 const char *name);

/** page_pool_create() of @p pp that fails the test when refused. */
struct page_pool *pool_create_ok(const struct page_pool_params *pp);

/**
 * A page_pool of host pages (order 0, DMA mapped, bidirectional) on this
 * lcore: @p pool_size in its ring, @p nr_pages in all, named @p name (NULL:
 * a generated name). An ERR_PTR or NULL on failure.
 */
struct page_pool *host_pool_create(unsigned int pool_size, unsigned int nr_pages,
				   const char *name);

/** host_pool_create() with no name that fails the test when refused. */
struct page_pool *host_pool(unsigned int pool_size, unsigned int nr_pages);

/**
 * Fills @p mp[0..NM_MAX_PAGE_ORDER] with the mempools alloc_pages() takes
 * each order from, then allocates and frees one skb so that the per-lcore
 * head cache holds its page from now on (counts taken after this are
 * stable). 0, or -1 when an allocation fails.
 */
int page_mempools_find(struct rte_mempool **mp);

/**
 * A page_pool of @p pool_size net_iovs of @p order over binding @p b, on
 * this lcore; an ERR_PTR or NULL on failure (for the cases that expect one).
 */
struct page_pool *devmem_pool_create(struct net_devmem_dmabuf_binding *b,
				     unsigned int pool_size, unsigned int order);

/** devmem_pool_create() of order 0 that fails the test when refused. */
struct page_pool *devmem_pool(struct net_devmem_dmabuf_binding *b, unsigned int pool_size);

#endif /* NM_TEST_POOL_H */
