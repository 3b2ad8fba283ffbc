/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the page_pool test programs (test_page_pool_*.c), over the
 * host provider: pools made and freed with their DPDK objects checked gone,
 * statistics compared field by field, page shapes as they must look while
 * handed out, and returns from another lcore or a non-EAL thread.
 */
#ifndef NM_TEST_PAGE_POOL_FIXTURE_H
#define NM_TEST_PAGE_POOL_FIXTURE_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "test_common.h"
#include "test_pool.h"

#include <rte_cycles.h>
#include <rte_launch.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include <netmem/config.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/page_pool/types.h>

#define GFP	(GFP_ATOMIC | __GFP_NOWARN)

extern unsigned int main_lcore;

struct page_pool_params base_params(void);

struct page_pool *pool_new(unsigned int flags, unsigned int order,
			   unsigned int pool_size, unsigned int nr_pages,
			   unsigned int lcore);

/* Names of what a pool holds in DPDK: gone once the pool is freed. */
struct pool_names {
	char mp[RTE_MEMPOOL_NAMESIZE];
	char ring[RTE_RING_NAMESIZE];
};

struct pool_names pool_names(const struct page_pool *pool);

/* Destroys a pool with nothing out: it must be freed at once. */
void pool_free_idle(struct page_pool *pool);

struct page_pool_stats stats_of(const struct page_pool *pool);

/* Every statistic moved from @a to @b by exactly what @want says (fields
 * left out of @want must not move). */
#define CHECK_FIELD(grp, f) do {						\
	uint64_t __d = b->grp.f - a->grp.f;					\
	if (__d != want->grp.f)							\
		fail_msg("%s:%d: stat " #grp "." #f " moved by %" PRIu64	\
			 ", expected %" PRIu64, file, line, __d, want->grp.f);	\
} while (0)

void expect_delta_at(const struct page_pool_stats *a,
		     const struct page_pool_stats *b,
		     const struct page_pool_stats *want,
		     const char *file, int line);

#define EXPECT_DELTA(a, b, ...) do {						\
	struct page_pool_stats __w = __VA_ARGS__;				\
	expect_delta_at(&(a), &(b), &__w, __FILE__, __LINE__);			\
} while (0)
#define ALLOC(...)	.alloc_stats = { __VA_ARGS__ }
#define RECYCLE(...)	.recycle_stats = { __VA_ARGS__ }

unsigned int mempool_in_use(const struct page_pool *pool);

/* True when the @n pages are pairwise distinct. */
bool all_distinct(struct page **pages, unsigned int n);

/* A pp page as it must look while handed out whole. */
void check_out_page(const struct page_pool *pool, struct page *p);

void put_all(struct page_pool *pool, struct page **pages, unsigned int n,
	     bool allow_direct);

unsigned int alloc_n(struct page_pool *pool, struct page **pages, unsigned int n);

/* Work run on another lcore or thread: results are checked by the caller
 * (cmocka asserts must stay on the test's thread). */
enum remote_kind { REMOTE_PUT, REMOTE_ALLOC };

struct remote_op {
	enum remote_kind kind;
	struct page_pool *pool;
	struct page **pages;
	unsigned int n;
	bool allow_direct;
	unsigned int done;		/* pages put or allocated */
	unsigned int lcore;		/* rte_lcore_id() seen */
	uint32_t cache_count_after;	/* pool->alloc.count after the op */
	unsigned int ring_count_after;
	unsigned int in_use_after;
};

void remote_run(struct remote_op *op);

void run_on_non_eal_thread(struct remote_op *op);

/* Returns @n pages from a thread that is not the pool's owner (a non-EAL
 * thread): they go to the ring. The owner itself recycles into its cache
 * even with allow_direct false (the kernel's page_pool_napi_local()). */
void put_all_ring(struct page_pool *pool, struct page **pages, unsigned int n);

#define NB_CF	(3 * PP_ALLOC_CACHE_REFILL)	/* 192: the cache ends empty */

/*
 * The main() of every test_page_pool_*.c program: starts the EAL and what the cases
 * share, runs @tests (@n of them) as the CMocka group @name, cleans up.
 */
int page_pool_run(const char *name, const struct CMUnitTest *tests, size_t n);

#endif /* NM_TEST_PAGE_POOL_FIXTURE_H */
