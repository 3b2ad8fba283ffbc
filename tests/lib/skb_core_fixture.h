/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the sk_buff core test programs (test_skb_core_*.c): the per-case
 * set-up and leak check (every skb freed, pools reaped), the misuse count,
 * page_pools, device memory for net_iov frags, application memory under an
 * owner (external pages) and the reference byte pattern.
 */
#ifndef NM_TEST_SKB_CORE_FIXTURE_H
#define NM_TEST_SKB_CORE_FIXTURE_H

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <rte_malloc.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/skbuff.h>

#include "test_common.h"
#include "test_skb_case.h"
#include "test_pool.h"
#include "test_region.h"

#define GFP		(GFP_ATOMIC | __GFP_NOWARN)
#define SHINFO_SIZE	SKB_DATA_ALIGN(sizeof(struct skb_shared_info))

struct nm_skb_stats stats_now(void);

int dataref(const struct sk_buff *skb);

/* ---------------------------------------------------------------------- */
/* page_pools                                                             */
/* ---------------------------------------------------------------------- */

struct page_pool *pool_new(unsigned int order);

void pool_free_idle(struct page_pool *pool);

struct page_pool_recycle_stats recycle_of(const struct page_pool *pool);

/* Pages recycled into the pool (cache or ring) since @a. */
uint64_t recycled_since(const struct page_pool *pool,
			const struct page_pool_recycle_stats *a);

/* ---------------------------------------------------------------------- */
/* Device memory (for net_iov frags)                                      */
/* ---------------------------------------------------------------------- */

struct net_iov *binding_niov(struct net_devmem_dmabuf_binding *b, size_t i);

/* Adds frag @i: @len bytes of @page at @off; the caller's reference moves
 * into the frag. */
void add_frag(struct sk_buff *skb, int i, struct page *page, unsigned int off,
	      unsigned int len);

/* A plain (non page_pool) page filled with 0xcc. */
struct page *plain_page(void);

/* ---------------------------------------------------------------------- */
/* Allocation                                                             */
/* ---------------------------------------------------------------------- */

void check_fresh(struct sk_buff *skb, unsigned int size);

/*
 * The main() of every test_skb_core_*.c program: starts the EAL and what the cases
 * share, runs @tests (@n of them) as the CMocka group @name, cleans up.
 */
int skb_core_run(const char *name, const struct CMUnitTest *tests, size_t n);

#endif /* NM_TEST_SKB_CORE_FIXTURE_H */
