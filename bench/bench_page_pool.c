/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_page_pool: the cost of libnetmem's page_pool paths next to the
 * DPDK mempool they replace, in ns and TSC cycles per operation.
 *
 *   bench_page_pool [EAL args] [-- ] [--iters=N] [--json]
 *
 * The EAL always gets --no-huge --no-shconf --no-pci --no-telemetry -m 512
 * -l 0-1 (-l 0 on a one-core machine), then the EAL args given before `--`.
 * Cases, each run --iters times (default 3,000,000), 5 times, median kept:
 *
 *   empty_loop              a loop with only a compiler barrier
 *   atomic_inc              one __atomic_fetch_add
 *   mempool_get_put         rte_mempool_get + rte_mempool_put, pktmbuf
 *                           mempool with a per-lcore cache (the baseline)
 *   pp_fast                 page_pool_dev_alloc_pages + recycle_direct on
 *                           the owner lcore (alloc cache only)
 *   pp_remote_return_refill pages allocated on lcore 0, returned on lcore 1
 *                           into the pool's ring, refilled by lcore 0
 *   pp_slow                 pages taken from and released to the provider
 *
 * It also checks the library as it goes (statistics add up, nothing stays
 * in flight, destroy frees at once) and exits 1 when something is wrong.
 * With --json the last line printed is one JSON object with the results.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_atomic.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_pause.h>
#include <rte_ring.h>

#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>

#include "bench_cpu.h"

#define REPS		5
#define DEFAULT_ITERS	3000000ULL
#define HANDOFF_SIZE	512	/* lcore 0 -> lcore 1 ring of pages */
#define BURST		32

enum {
	C_EMPTY, C_ATOMIC, C_MEMPOOL, C_PP_FAST, C_PP_REMOTE, C_PP_SLOW, C_NB
};

static const char *const case_names[C_NB] = {
	"empty_loop", "atomic_inc", "mempool_get_put", "pp_fast",
	"pp_remote_return_refill", "pp_slow",
};

struct result {
	bool done;
	double cycles;		/* per op, median of REPS */
	double ns;
};

static struct result results[C_NB];
static uint64_t iters = DEFAULT_ITERS;
static uint64_t tsc_hz;
static int failures;
static char notes[1024];

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "bench_page_pool: check failed: " __VA_ARGS__); \
		fputc('\n', stderr);					\
		failures++;						\
	}								\
} while (0)

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
	size_t len = strlen(notes);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(notes + len, sizeof(notes) - len, fmt, ap);
	va_end(ap);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Runs @fn (which returns the TSC cycles @n operations took) once to warm
 * up, then REPS times; keeps the median per op. */
static void run_case(int c, uint64_t (*fn)(void *arg, uint64_t n), void *arg)
{
	uint64_t cyc[REPS];

	fn(arg, RTE_MIN(iters, (uint64_t)100000));
	for (int r = 0; r < REPS; r++)
		cyc[r] = fn(arg, iters);
	qsort(cyc, REPS, sizeof(cyc[0]), cmp_u64);
	results[c].done = true;
	results[c].cycles = (double)cyc[REPS / 2] / (double)iters;
	results[c].ns = results[c].cycles * 1e9 / (double)tsc_hz;
}

/* ---------------------------------------------------------------------- */

static uint64_t bench_empty(void *arg, uint64_t n)
{
	uint64_t t0 = rte_rdtsc();

	(void)arg;
	for (uint64_t i = 0; i < n; i++)
		rte_compiler_barrier();	/* keeps the loop, costs nothing */
	return rte_rdtsc() - t0;
}

static uint64_t atomic_counter;

static uint64_t bench_atomic(void *arg, uint64_t n)
{
	uint64_t t0 = rte_rdtsc();

	(void)arg;
	for (uint64_t i = 0; i < n; i++)
		__atomic_fetch_add(&atomic_counter, 1, __ATOMIC_RELAXED);
	return rte_rdtsc() - t0;
}

static uint64_t bench_mempool(void *arg, uint64_t n)
{
	struct rte_mempool *mp = arg;
	uint64_t t0 = rte_rdtsc();

	for (uint64_t i = 0; i < n; i++) {
		void *obj;

		if (unlikely(rte_mempool_get(mp, &obj) != 0)) {
			CHECK(false, "rte_mempool_get failed");
			break;
		}
		rte_mempool_put(mp, obj);
	}
	return rte_rdtsc() - t0;
}

/* Owner lcore, allow_direct: every alloc is served by the alloc cache and
 * every return goes straight back into it. */
static uint64_t bench_pp_fast(void *arg, uint64_t n)
{
	struct page_pool *pool = arg;
	uint64_t t0 = rte_rdtsc();

	for (uint64_t i = 0; i < n; i++) {
		struct page *p = page_pool_dev_alloc_pages(pool);

		if (unlikely(p == NULL)) {
			CHECK(false, "pp_fast: page_pool_dev_alloc_pages failed");
			break;
		}
		page_pool_recycle_direct(pool, p);
	}
	return rte_rdtsc() - t0;
}

/*
 * pp_slow: no recycling. The pool's ring holds a single page (pool_size 1)
 * and no lcore owns the pool (PP_LCORE_NONE): its alloc cache is never
 * used, so a return never goes there (on the owner lcore even allow_direct
 * false would recycle into it, as the kernel's page_pool_napi_local()): the
 * first return of a batch fills the ring, every other one finds it full
 * (recycle_stats.ring_full) and is released to the provider (put_page():
 * rte_mempool_put into the pool's own mempool). Pages are allocated
 * SLOW_BATCH (256) at a time before any is returned: the one page of the
 * ring, then one page per provider call (no alloc cache to refill in bulk),
 * each one's struct page reinitialised. So one op (one page) is: an alloc
 * of a page from the mempool and its page init, and a return that misses
 * the ring and releases the page to the mempool. 255 of 256 pages take
 * that path, one goes through the ring (the exact share is printed and
 * checked).
 */
#define SLOW_BATCH	256

static uint64_t bench_pp_slow(void *arg, uint64_t n)
{
	struct page_pool *pool = arg;
	struct page *pages[SLOW_BATCH];
	uint64_t t0 = rte_rdtsc();

	for (uint64_t done = 0; done < n;) {
		unsigned int k = (unsigned int)RTE_MIN((uint64_t)SLOW_BATCH, n - done);
		unsigned int i;

		for (i = 0; i < k; i++) {
			pages[i] = page_pool_dev_alloc_pages(pool);
			if (unlikely(pages[i] == NULL))
				break;
		}
		for (unsigned int j = 0; j < i; j++)
			page_pool_put_full_page(pool, pages[j], false);
		if (unlikely(i < k)) {
			CHECK(false, "pp_slow: page_pool_dev_alloc_pages failed");
			break;
		}
		done += k;
	}
	return rte_rdtsc() - t0;
}

/*
 * pp_remote_return_refill: lcore 0 allocates pages (alloc cache, refilled
 * from the pool's ring, PP_ALLOC_CACHE_REFILL at a time) and hands them in
 * bursts of 32 over an SP/SC rte_ring to lcore 1, which returns each with
 * page_pool_put_full_page(pool, p, true): not the owner, so into the pool's
 * ring. Pipelined: the time is from lcore 0's first alloc until lcore 1 has
 * returned the last page, divided by the pages, so it is the throughput of
 * the round trip (the slower of the two sides plus the cache-line traffic),
 * in ns per page. The handoff ring bounds the pages in flight far below the
 * pool's ring size, so no return overflows to the provider.
 */
struct remote_ctx {
	struct page_pool *pool;
	struct rte_ring *handoff;
	uint64_t target;		/* pages lcore 1 returns this run */
	uint64_t returned;		/* atomic, written by lcore 1 */
};

static int remote_worker(void *arg)
{
	struct remote_ctx *ctx = arg;
	uint64_t done = 0;
	void *objs[BURST];

	while (done < ctx->target) {
		unsigned int n = rte_ring_sc_dequeue_burst(ctx->handoff, objs, BURST, NULL);

		if (n == 0) {
			rte_pause();
			continue;
		}
		for (unsigned int i = 0; i < n; i++)
			page_pool_put_full_page(ctx->pool, objs[i], true);
		done += n;
		__atomic_store_n(&ctx->returned, done, __ATOMIC_RELEASE);
	}
	return 0;
}

static unsigned int worker_lcore = RTE_MAX_LCORE;

static uint64_t bench_pp_remote(void *arg, uint64_t n)
{
	struct remote_ctx *ctx = arg;
	void *batch[BURST];
	unsigned int nb = 0;
	uint64_t t0, t1;

	ctx->target = n;
	__atomic_store_n(&ctx->returned, 0, __ATOMIC_RELAXED);
	if (rte_eal_remote_launch(remote_worker, ctx, worker_lcore) != 0) {
		CHECK(false, "cannot launch on lcore %u", worker_lcore);
		return 0;
	}
	t0 = rte_rdtsc();
	for (uint64_t i = 0; i < n; i++) {
		struct page *p = page_pool_dev_alloc_pages(ctx->pool);

		if (unlikely(p == NULL)) {
			/* Only when every page is in transit: wait for lcore 1. */
			rte_pause();
			i--;
			continue;
		}
		batch[nb++] = p;
		if (nb == BURST || i == n - 1) {
			unsigned int sent = 0;

			while (sent < nb)
				sent += rte_ring_sp_enqueue_burst(ctx->handoff, batch + sent,
								  nb - sent, NULL);
			nb = 0;
		}
	}
	while (__atomic_load_n(&ctx->returned, __ATOMIC_ACQUIRE) < n)
		rte_pause();
	t1 = rte_rdtsc();
	rte_eal_wait_lcore(worker_lcore);
	return t1 - t0;
}

/* ---------------------------------------------------------------------- */

static struct page_pool *make_pool(const char *name, unsigned int pool_size,
				   unsigned int nr_pages, unsigned int lcore)
{
	struct page_pool_params pp = {
		.flags = PP_FLAG_DMA_MAP, .order = 0, .pool_size = pool_size,
		.nid = NUMA_NO_NODE, .dev = PP_DEV_NONE, .lcore = lcore,
		.dma_dir = DMA_FROM_DEVICE, .nr_pages = nr_pages, .name = name,
	};
	struct page_pool *pool = page_pool_create(&pp);

	if (IS_ERR(pool)) {
		fprintf(stderr, "bench_page_pool: page_pool_create(%s): %s\n", name,
			strerror((int)-PTR_ERR(pool)));
		return NULL;
	}
	return pool;
}

/* Total runs of a case: the warm-up plus REPS timed ones. */
static uint64_t total_ops(void)
{
	return RTE_MIN(iters, (uint64_t)100000) + REPS * iters;
}

/* Nothing in flight, then destroy: the pool must be freed at once. */
static void finish_pool(const char *name, struct page_pool *pool)
{
	long inflight = page_pool_inflight(pool);
	unsigned int left;

	CHECK(inflight == 0, "%s: %ld pages in flight at the end", name, inflight);
	page_pool_destroy(pool);
	left = nm_page_pool_reap();
	CHECK(left == 0, "%s: page_pool_destroy did not free the pool (%u waiting)",
	      name, left);
}

static void do_pp_fast(void)
{
	struct page_pool *pool = make_pool("bench_fast", 1024, 0, rte_lcore_id());
	struct page_pool_stats st = { 0 };
	uint64_t ops = total_ops(), allocs;

	if (pool == NULL) {
		failures++;
		return;
	}
	run_case(C_PP_FAST, bench_pp_fast, pool);
	page_pool_get_stats(pool, &st);
	allocs = st.alloc_stats.fast + st.alloc_stats.slow + st.alloc_stats.refill;
	CHECK(allocs == ops, "pp_fast: stats count %" PRIu64 " allocs, expected %" PRIu64,
	      allocs, ops);
	CHECK(st.recycle_stats.cached == ops,
	      "pp_fast: %" PRIu64 " recycled into the cache, expected %" PRIu64,
	      st.recycle_stats.cached, ops);
	CHECK(st.alloc_stats.slow == 1, "pp_fast: %" PRIu64 " slow allocs, expected 1",
	      st.alloc_stats.slow);
	finish_pool("pp_fast", pool);
}

static void do_pp_slow(void)
{
	struct page_pool *pool = make_pool("bench_slow", 1, 2048, PP_LCORE_NONE);
	struct page_pool_stats st = { 0 };
	uint64_t ops = total_ops(), allocs, puts;

	if (pool == NULL) {
		failures++;
		return;
	}
	run_case(C_PP_SLOW, bench_pp_slow, pool);
	page_pool_get_stats(pool, &st);
	allocs = st.alloc_stats.fast + st.alloc_stats.slow + st.alloc_stats.refill;
	puts = st.recycle_stats.ring + st.recycle_stats.ring_full;
	CHECK(allocs == ops, "pp_slow: stats count %" PRIu64 " allocs, expected %" PRIu64,
	      allocs, ops);
	CHECK(puts == ops, "pp_slow: stats count %" PRIu64 " returns, expected %" PRIu64,
	      puts, ops);
	CHECK(st.recycle_stats.cached == 0, "pp_slow: %" PRIu64 " returns cached",
	      st.recycle_stats.cached);
	CHECK(st.recycle_stats.ring_full * 100 >= ops * 99,
	      "pp_slow: only %" PRIu64 " of %" PRIu64 " returns released to the provider",
	      st.recycle_stats.ring_full, ops);
	note("pp_slow: %.1f%% of returns released to the provider (ring full), "
	     "%.1f%% recycled through the ring; %" PRIu64 " pages from the provider\n",
	     100.0 * (double)st.recycle_stats.ring_full / (double)ops,
	     100.0 * (double)st.recycle_stats.ring / (double)ops,
	     st.alloc_stats.slow);
	finish_pool("pp_slow", pool);
}

static void do_pp_remote(void)
{
	struct remote_ctx ctx = { 0 };
	struct page_pool_stats st = { 0 };
	uint64_t ops = total_ops();

	worker_lcore = rte_get_next_lcore(-1, 1, 0);
	if (worker_lcore >= RTE_MAX_LCORE) {
		note("pp_remote_return_refill: skipped, no second lcore (lcore 1)\n");
		return;
	}
	ctx.pool = make_pool("bench_remote", 1024, 4096, rte_lcore_id());
	ctx.handoff = rte_ring_create("bench_handoff", HANDOFF_SIZE, rte_socket_id(),
				      RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (ctx.pool == NULL || ctx.handoff == NULL) {
		CHECK(false, "pp_remote: setup failed");
		if (ctx.pool != NULL)
			page_pool_destroy(ctx.pool);
		rte_ring_free(ctx.handoff);
		return;
	}
	run_case(C_PP_REMOTE, bench_pp_remote, &ctx);
	page_pool_get_stats(ctx.pool, &st);
	CHECK(st.recycle_stats.ring == ops,
	      "pp_remote: %" PRIu64 " returns into the ring, expected %" PRIu64,
	      st.recycle_stats.ring, ops);
	CHECK(st.recycle_stats.ring_full == 0 && st.recycle_stats.cached == 0,
	      "pp_remote: %" PRIu64 " returns overflowed, %" PRIu64 " were cached",
	      st.recycle_stats.ring_full, st.recycle_stats.cached);
	CHECK(st.alloc_stats.fast + st.alloc_stats.slow + st.alloc_stats.refill == ops,
	      "pp_remote: allocation stats do not add up");
	CHECK(st.alloc_stats.refill > 0, "pp_remote: the ring never refilled the cache");
	note("pp_remote_return_refill: lcore %u returns, lcore %u refills; %" PRIu64
	     " cache refills from the ring, %" PRIu64 " from the provider\n",
	     worker_lcore, rte_lcore_id(), st.alloc_stats.refill, st.alloc_stats.slow);
	CHECK(rte_ring_count(ctx.handoff) == 0, "pp_remote: pages left in the handoff ring");
	finish_pool("pp_remote", ctx.pool);
	rte_ring_free(ctx.handoff);
}

static void do_mempool(void)
{
	struct rte_mempool *mp = rte_pktmbuf_pool_create("bench_mbufs", 4095, 256, 0,
							 RTE_MBUF_DEFAULT_BUF_SIZE,
							 rte_socket_id());

	if (mp == NULL) {
		CHECK(false, "rte_pktmbuf_pool_create: %s", rte_strerror(rte_errno));
		return;
	}
	run_case(C_MEMPOOL, bench_mempool, mp);
	CHECK(rte_mempool_avail_count(mp) == mp->size, "mempool: %u of %u objects back",
	      rte_mempool_avail_count(mp), mp->size);
	rte_mempool_free(mp);
}

/* ---------------------------------------------------------------------- */

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [EAL args] [--] [--iters=N] [--json]\n", prog);
}

static bool has_lcore_arg(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strncmp(argv[i], "-l", 2) == 0 || strncmp(argv[i], "-c", 2) == 0 ||
		    strncmp(argv[i], "--lcores", 8) == 0)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	char *eal_argv[64];
	int eal_argc = 0, user_argc = 0;
	char *user_argv[48];
	bool json = false, after_dashes = false;
	bool two_cores = sysconf(_SC_NPROCESSORS_ONLN) >= 2;

	/* Our options anywhere; the rest before `--` goes to the EAL. */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strncmp(argv[i], "--iters=", 8) == 0) {
			char *end;

			errno = 0;
			iters = strtoull(argv[i] + 8, &end, 0);
			if (errno != 0 || *end != '\0' || iters == 0) {
				usage(argv[0]);
				return 2;
			}
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(argv[0]);
			return 0;
		} else if (strcmp(argv[i], "--") == 0 && !after_dashes) {
			after_dashes = true;
		} else if (!after_dashes && user_argc < 40) {
			user_argv[user_argc++] = argv[i];
		} else {
			usage(argv[0]);
			return 2;
		}
	}
	eal_argv[eal_argc++] = argv[0];
	eal_argv[eal_argc++] = (char *)"--no-huge";
	eal_argv[eal_argc++] = (char *)"--no-shconf";
	eal_argv[eal_argc++] = (char *)"--no-pci";
	eal_argv[eal_argc++] = (char *)"--no-telemetry";
	eal_argv[eal_argc++] = (char *)"-m";
	eal_argv[eal_argc++] = (char *)"512";
	eal_argv[eal_argc++] = (char *)"--log-level=lib.eal:error";
	if (!has_lcore_arg(user_argc, user_argv)) {
		eal_argv[eal_argc++] = (char *)"-l";
		eal_argv[eal_argc++] = (char *)(two_cores ? "0-1" : "0");
	}
	for (int i = 0; i < user_argc; i++)
		eal_argv[eal_argc++] = user_argv[i];
	eal_argv[eal_argc] = NULL;

	if (rte_eal_init(eal_argc, eal_argv) < 0) {
		fprintf(stderr, "bench_page_pool: rte_eal_init failed: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	tsc_hz = rte_get_tsc_hz();
	bool hugepages = rte_eal_has_hugepages() != 0;
	char cpu[128];

	run_case(C_EMPTY, bench_empty, NULL);
	run_case(C_ATOMIC, bench_atomic, NULL);
	CHECK(atomic_counter == total_ops(), "atomic_inc: counter %" PRIu64 ", expected %" PRIu64,
	      atomic_counter, total_ops());
	do_mempool();
	do_pp_fast();
	do_pp_remote();
	do_pp_slow();
	CHECK(nm_page_pool_reap() == 0, "destroyed pools still waiting for pages");
	rte_eal_cleanup();

	printf("bench_page_pool: %" PRIu64 " ops per run, median of %d runs, TSC %" PRIu64
	       " Hz, hugepages %s, CPU %s\n", iters, REPS, tsc_hz, hugepages ? "yes" : "no",
	       bench_cpu_model(cpu, sizeof(cpu)));
	fputs(notes, stdout);
	printf("%-26s %10s %12s\n", "case", "ns/op", "cycles/op");
	for (int c = 0; c < C_NB; c++) {
		if (results[c].done)
			printf("%-26s %10.2f %12.2f\n", case_names[c], results[c].ns,
			       results[c].cycles);
		else
			printf("%-26s %10s %12s\n", case_names[c], "skipped", "-");
	}
	double ratio = 0;

	if (results[C_PP_FAST].done && results[C_MEMPOOL].done && results[C_MEMPOOL].ns > 0) {
		ratio = results[C_PP_FAST].ns / results[C_MEMPOOL].ns;
		printf("pp_fast / mempool_get_put: %.3f\n", ratio);
	}
	if (failures != 0)
		printf("bench_page_pool: %d check(s) FAILED\n", failures);
	if (json) {
		printf("{\"cases\": {");
		for (int c = 0; c < C_NB; c++) {
			printf("%s\"%s\": ", c ? ", " : "", case_names[c]);
			if (results[c].done)
				printf("{\"ns_per_op\": %.3f, \"cycles_per_op\": %.3f}",
				       results[c].ns, results[c].cycles);
			else
				printf("null");
		}
		printf("}, \"fast_vs_mempool\": %.4f, \"hugepages\": %s, \"tsc_hz\": %" PRIu64
		       ", \"cpu\": \"%s\"}\n", ratio, hugepages ? "true" : "false", tsc_hz, cpu);
	}
	fflush(stdout);
	return failures == 0 ? 0 : 1;
}
