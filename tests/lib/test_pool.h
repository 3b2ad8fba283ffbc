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

/** The pp_ref_count of @p nm (relaxed load). */
long pp_refs(netmem_ref nm);

/** The pp_ref_count of @p page (relaxed load). */
long page_pp_refs(const struct page *page);

/**
 * A page_pool of @p pool_size net_iovs of @p order over binding @p b, on
 * this lcore; an ERR_PTR or NULL on failure (for the cases that expect one).
 */
struct page_pool *devmem_pool_create(struct net_devmem_dmabuf_binding *b,
				     unsigned int pool_size, unsigned int order);

/** devmem_pool_create() of order 0 that fails the test when refused. */
struct page_pool *devmem_pool(struct net_devmem_dmabuf_binding *b, unsigned int pool_size);

#endif /* NM_TEST_POOL_H */
