/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to libnetmem: the pools that exist, for listings (telemetry),
 * as the kernel's page_pool netlink dump walks its xarray of pools.
 */
#ifndef PAGE_POOL_REGISTRY_H
#define PAGE_POOL_REGISTRY_H

#include <stdbool.h>

#include <netmem/page_pool/types.h>

/**
 * Called for one pool; @p detached is true for a destroyed pool whose
 * pages are still out (it has a detach time). Nonzero stops the walk.
 */
typedef int (*nm_page_pool_visit_t)(const struct page_pool *pool, bool detached,
				    void *arg);

/**
 * Calls @p fn for every pool not yet freed: the live ones, then the
 * destroyed ones waiting for their pages. @p fn runs under the registry's
 * lock: it may read the pool (page_pool_inflight(), page_pool_get_stats())
 * but must not create or destroy a pool. Returns what @p fn returned when
 * nonzero, else 0.
 */
int nm_page_pool_for_each(nm_page_pool_visit_t fn, void *arg);

#endif /* PAGE_POOL_REGISTRY_H */
