/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Two-lcore stress of the page_pool: the owner lcore allocates pages and
 * hands most of them through an SP/SC rte_ring to a second lcore, which
 * stamps, checks and returns them (page_pool_put_full_page with
 * allow_direct: it is not the owner, so they must go to the pool's ring);
 * the owner recycles the rest directly. Checks that no page is ever out
 * twice at once, that every page keeps its stamp while out, and that
 * inflight, the deferred destroy, the misuse counter and the statistics
 * all add up at the end. A fixed number of pages: the run is bounded.
 */
#include <stdbool.h>
#include <string.h>

#include "test_common.h"

#include <rte_launch.h>
#include <rte_mempool.h>
#include <rte_pause.h>
#include <rte_ring.h>

#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>

#define HANDOFF_SIZE	512	/* pages in flight between the lcores */
#define BURST		32
#define STAMP_WORDS	8	/* words stamped across each page */
#define SEEN_SLOTS	16384	/* hash set of distinct pages (> nr_pages) */

struct stress_cfg {
	const char *name;
	uint64_t total;			/* pages allocated in all */
	unsigned int pool_size;		/* the pool's ring */
	unsigned int nr_pages;
	unsigned int direct_every;	/* 1 page in N recycled by the owner */
};

/* What the worker lcore reports (written by it, read after wait). */
struct worker_res {
	uint64_t received;
	uint64_t returned;
	uint64_t bad_flag;	/* page arrived not marked in use */
	uint64_t bad_stamp;	/* stamp differs from the owner's */
	uint64_t bad_own;	/* page not owned by the pool, or refs wrong */
	uint64_t is_owner;	/* the worker thought it owned the pool */
	unsigned int lcore;
};

struct stress_ctx {
	struct page_pool *pool;
	struct rte_ring *handoff;
	uint32_t done;		/* set by the owner when nothing more comes */
	struct worker_res w;
};

static unsigned int main_lcore;

/* The in-use flag and stamp of a page: page->private holds the sequence
 * number of the hand-out (0: not out); the payload holds it too. */
static inline uint64_t *stamp_word(struct page *p, unsigned int i)
{
	size_t stride = page_size(p) / STAMP_WORDS;

	return (uint64_t *)((char *)page_address(p) + i * stride + (i & 1) * (stride - 8));
}

static void stamp_write(struct page *p, uint64_t v)
{
	for (unsigned int i = 0; i < STAMP_WORDS; i++)
		*stamp_word(p, i) = v;
}

static bool stamp_check(struct page *p, uint64_t v)
{
	for (unsigned int i = 0; i < STAMP_WORDS; i++)
		if (*stamp_word(p, i) != v)
			return false;
	return true;
}

static int worker_main(void *arg)
{
	struct stress_ctx *ctx = arg;
	struct worker_res *r = &ctx->w;
	struct page_pool *pool = ctx->pool;
	void *objs[BURST];

	r->lcore = rte_lcore_id();
	if (__page_pool_is_owner(pool))
		r->is_owner++;
	for (;;) {
		unsigned int n = rte_ring_sc_dequeue_burst(ctx->handoff, objs, BURST, NULL);

		if (n == 0) {
			/* done is set after the owner's last enqueue */
			if (__atomic_load_n(&ctx->done, __ATOMIC_ACQUIRE) &&
			    rte_ring_empty(ctx->handoff))
				break;
			rte_pause();
			continue;
		}
		r->received += n;
		for (unsigned int i = 0; i < n; i++) {
			struct page *p = objs[i];
			uint64_t seq = __atomic_load_n(&p->private, __ATOMIC_ACQUIRE);

			if (seq == 0)
				r->bad_flag++;
			if (p->pp != pool || !netmem_is_pp(page_to_netmem(p)) ||
			    page_ref_count(p) != 1 || p->pp_ref_count != 1)
				r->bad_own++;
			if (!stamp_check(p, seq))
				r->bad_stamp++;
			/* our own stamp, read back: nobody else writes it */
			stamp_write(p, ~seq);
			if (!stamp_check(p, ~seq))
				r->bad_stamp++;
		}
		for (unsigned int i = 0; i < n; i++) {
			struct page *p = objs[i];

			__atomic_store_n(&p->private, 0, __ATOMIC_RELEASE);
			page_pool_put_full_page(pool, p, true);
			r->returned++;
		}
	}
	return 0;
}

/* Distinct pages seen by the owner: open addressing on the address. */
static bool seen_add(uintptr_t *set, uintptr_t key)
{
	size_t h = (size_t)((key >> 6) * 0x9e3779b97f4a7c15ULL) & (SEEN_SLOTS - 1);

	while (set[h] != 0) {
		if (set[h] == key)
			return false;
		h = (h + 1) & (SEEN_SLOTS - 1);
	}
	set[h] = key;
	return true;
}

static void stress_run(const struct stress_cfg *cfg)
{
	struct page_pool_params pp;
	struct stress_ctx ctx;
	struct page_pool_stats st;
	struct page *batch[BURST], *direct[BURST];
	void *hand[BURST];
	uintptr_t *seen;
	uint64_t seq = 0, allocated = 0, direct_cnt = 0, handed = 0, nulls = 0;
	uint64_t bad_flag = 0, bad_stamp = 0, bad_own = 0, distinct = 0;
	uint64_t misuse0 = nm_misuse_count();
	unsigned int worker = rte_get_next_lcore(-1, 1, 0);
	char rname[RTE_RING_NAMESIZE], mpname[RTE_MEMPOOL_NAMESIZE];
	struct rte_mempool *mp;

	assert_true(worker < RTE_MAX_LCORE);
	seen = calloc(SEEN_SLOTS, sizeof(*seen));
	assert_non_null(seen);

	memset(&pp, 0, sizeof(pp));
	pp.flags = PP_FLAG_DMA_MAP;
	pp.dma_dir = DMA_FROM_DEVICE;
	pp.nid = NUMA_NO_NODE;
	pp.dev = PP_DEV_NONE;
	pp.lcore = main_lcore;
	pp.pool_size = cfg->pool_size;
	pp.nr_pages = cfg->nr_pages;
	memset(&ctx, 0, sizeof(ctx));
	ctx.pool = page_pool_create(&pp);
	assert_false(IS_ERR_OR_NULL(ctx.pool));
	mp = nm_page_pool_mempool(ctx.pool);
	assert_non_null(mp);
	snprintf(rname, sizeof(rname), "stress_%s", cfg->name);
	ctx.handoff = rte_ring_create(rname, HANDOFF_SIZE, SOCKET_ID_ANY,
				      RING_F_SP_ENQ | RING_F_SC_DEQ);
	assert_non_null(ctx.handoff);

	assert_int_equal(rte_eal_remote_launch(worker_main, &ctx, worker), 0);

	while (allocated < cfg->total) {
		unsigned int want = (unsigned int)RTE_MIN((uint64_t)BURST, cfg->total - allocated);
		unsigned int n = 0, nh = 0, nd = 0, sent;

		for (; n < want; n++) {
			struct page *p = page_pool_dev_alloc_pages(ctx.pool);

			if (p == NULL) {
				nulls++;	/* all out for now: they come back */
				rte_pause();
				break;
			}
			if (__atomic_load_n(&p->private, __ATOMIC_ACQUIRE) != 0)
				bad_flag++;	/* handed out while still in use */
			if (p->pp != ctx.pool || !netmem_is_pp(page_to_netmem(p)) ||
			    page_ref_count(p) != 1 || p->pp_ref_count != 1 ||
			    virt_to_head_page(page_address(p)) != p)
				bad_own++;
			if (seen_add(seen, (uintptr_t)p))
				distinct++;
			seq++;
			__atomic_store_n(&p->private, seq, __ATOMIC_RELAXED);
			stamp_write(p, seq);
			batch[n] = p;
		}
		allocated += n;
		for (unsigned int i = 0; i < n; i++) {
			uint64_t s = batch[i]->private;

			if (s % cfg->direct_every == 0)
				direct[nd++] = batch[i];
			else
				hand[nh++] = batch[i];
		}
		/* stores to the pages are released by the ring enqueue; wait
		 * for room while the worker runs (it drains the ring) */
		sent = 0;
		while (sent < nh) {
			sent += rte_ring_sp_enqueue_burst(ctx.handoff, hand + sent,
							  nh - sent, NULL);
			if (sent < nh) {
				if (rte_eal_get_lcore_state(worker) != RUNNING)
					break;	/* worker gone: checked below */
				rte_pause();
			}
		}
		handed += sent;
		for (unsigned int i = sent; i < nh; i++)	/* ring full */
			direct[nd++] = hand[i];
		for (unsigned int i = 0; i < nd; i++) {
			struct page *p = direct[i];

			if (!stamp_check(p, p->private))
				bad_stamp++;
			p->private = 0;
			page_pool_recycle_direct(ctx.pool, p);
		}
		direct_cnt += nd;
	}
	__atomic_store_n(&ctx.done, 1, __ATOMIC_RELEASE);
	assert_int_equal(rte_eal_wait_lcore(worker), 0);

	memset(&st, 0, sizeof(st));
	assert_true(page_pool_get_stats(ctx.pool, &st));
	print_message("%s: %" PRIu64 " pages, %" PRIu64 " handed over, %" PRIu64
		      " recycled direct, %" PRIu64 " distinct, %" PRIu64 " empty allocs\n",
		      cfg->name, allocated, handed, direct_cnt, distinct, nulls);
	print_message("%s: alloc fast %" PRIu64 " slow %" PRIu64 " empty %" PRIu64
		      " refill %" PRIu64 " waive %" PRIu64 "; recycle cached %" PRIu64
		      " cache_full %" PRIu64 " ring %" PRIu64 " ring_full %" PRIu64
		      " released_refcnt %" PRIu64 "\n", cfg->name,
		      st.alloc_stats.fast, st.alloc_stats.slow, st.alloc_stats.empty,
		      st.alloc_stats.refill, st.alloc_stats.waive,
		      st.recycle_stats.cached, st.recycle_stats.cache_full,
		      st.recycle_stats.ring, st.recycle_stats.ring_full,
		      st.recycle_stats.released_refcnt);

	/* every page seen, stamped, returned; none out twice at once */
	assert_int_equal(allocated, cfg->total);
	assert_int_equal(ctx.w.lcore, worker);
	assert_int_equal(ctx.w.is_owner, 0);
	assert_int_equal(ctx.w.received, handed);
	assert_int_equal(ctx.w.returned, handed);
	assert_int_equal(handed + direct_cnt, allocated);
	assert_int_equal(bad_flag, 0);
	assert_int_equal(ctx.w.bad_flag, 0);
	assert_int_equal(bad_stamp, 0);
	assert_int_equal(ctx.w.bad_stamp, 0);
	assert_int_equal(bad_own, 0);
	assert_int_equal(ctx.w.bad_own, 0);
	assert_true(handed > 0);
	assert_true(direct_cnt > 0);
	assert_true(distinct >= 2 * PP_ALLOC_CACHE_REFILL);
	assert_true(distinct <= cfg->nr_pages);

	/* statistics: every allocation is fast, a refill or a provider
	 * refill; every empty-ring refill led to the provider or to NULL */
	assert_int_equal(st.alloc_stats.fast + st.alloc_stats.refill + st.alloc_stats.slow,
			 allocated);
	assert_int_equal(st.alloc_stats.empty, st.alloc_stats.slow + nulls);
	assert_int_equal(st.alloc_stats.slow_high_order, 0);
	assert_int_equal(st.alloc_stats.waive, 0);
	/* every return: direct ones cached or (cache full) to the ring,
	 * the worker's ones to the ring or (ring full) to the mempool */
	assert_int_equal(st.recycle_stats.cached + st.recycle_stats.cache_full, direct_cnt);
	assert_int_equal(st.recycle_stats.ring + st.recycle_stats.ring_full,
			 handed + st.recycle_stats.cache_full);
	assert_int_equal(st.recycle_stats.cached + st.recycle_stats.ring +
			 st.recycle_stats.ring_full, allocated);
	assert_int_equal(st.recycle_stats.released_refcnt, 0);
	assert_true(st.recycle_stats.ring >= 1);
	assert_true(st.alloc_stats.refill >= 1);

	/* nothing out: what the mempool misses is in the cache and ring */
	assert_int_equal(page_pool_inflight(ctx.pool), 0);
	assert_int_equal(rte_mempool_in_use_count(mp),
			 ctx.pool->alloc.count + rte_ring_count(ctx.pool->ring));
	assert_int_equal(nm_misuse_count(), misuse0);

	/* destroy frees at once: its mempool and ring are gone */
	snprintf(mpname, sizeof(mpname), "%s", mp->name);
	page_pool_destroy(ctx.pool);
	assert_null(rte_mempool_lookup(mpname));
	assert_int_equal(nm_page_pool_reap(), 0);
	rte_ring_free(ctx.handoff);
	free(seen);
}

static void test_stress_two_lcores(void **state)
{
	/* room for everything in flight: no ring_full expected, mostly */
	static const struct stress_cfg cfg = {
		.name = "main", .total = 300000, .pool_size = 1024,
		.nr_pages = 4096, .direct_every = 4,
	};
	(void)state;
	stress_run(&cfg);
}

static void test_stress_small_ring(void **state)
{
	/* a ring smaller than what is in flight: ring_full releases pages
	 * to the mempool from the worker while the owner refills */
	static const struct stress_cfg cfg = {
		.name = "small", .total = 150000, .pool_size = 64,
		.nr_pages = 2048, .direct_every = 3,
	};
	(void)state;
	stress_run(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stress_two_lcores),
		cmocka_unit_test(test_stress_small_ring),
	};
	int ret;

	nm_test_eal_init(2, NULL);
	main_lcore = rte_get_main_lcore();
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
