/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of device-memory bindings (net_devmem_bind() and friends) and
 * of the dmabuf_devmem_ops memory provider: parameter checks, the id table,
 * the net_iov area, page_pools of unreadable net_iovs, the binding's
 * refcount (user, pools, stack references) and its release, which must run
 * exactly once and only when the last reference goes, and the rule that a
 * net_iov released with pp_ref_count != 1 is kept back as misuse.
 *
 * Regions are memfd memory (memfd_create + ftruncate + mmap MAP_SHARED); the
 * release callback counts its calls and unmaps the region.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_memory.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>

/* Private: only to give back a net_iov the provider rightly kept back. */
#include "devmem_priv.h"

#include "test_common.h"
#include "test_pool.h"

/* ---------------------------------------------------------------------- */
/* Regions                                                                */
/* ---------------------------------------------------------------------- */

struct region {
	void *addr;
	size_t len;
	int release_calls;		/* times the release callback ran */
	bool release_args_ok;		/* it got this region's addr and len */
	bool unregistered_at_release;	/* DPDK no longer knew the region */
	bool mapped;			/* still mapped by us */
};

/* memfd memory of @len bytes, aligned to @align (a power of two >= PAGE_SIZE). */
static void region_make_aligned(struct region *r, size_t len, size_t align)
{
	int fd = memfd_create("nm_test_devmem", MFD_CLOEXEC);
	void *res, *addr;
	uintptr_t aligned;

	memset(r, 0, sizeof(*r));
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)len), 0);
	/* Reserve len + align, then put the memfd at an aligned spot in it. */
	res = mmap(NULL, len + align, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(res != MAP_FAILED);
	aligned = RTE_ALIGN_CEIL((uintptr_t)res, align);
	addr = mmap((void *)aligned, len, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_FIXED, fd, 0);
	assert_true(addr == (void *)aligned);
	close(fd);
	if (aligned > (uintptr_t)res)
		munmap(res, aligned - (uintptr_t)res);
	if ((uintptr_t)res + len + align > aligned + len)
		munmap((void *)(aligned + len), (uintptr_t)res + len + align - (aligned + len));
	memset(addr, 0x5a, len);	/* populate: real pages behind every IOVA */
	r->addr = addr;
	r->len = len;
	r->mapped = true;
}

static void region_make(struct region *r, size_t len)
{
	region_make_aligned(r, len, PAGE_SIZE);
}

/* The region's release callback: counts, checks, unmaps. */
static void region_release(void *addr, size_t len, void *arg)
{
	struct region *r = arg;

	r->release_args_ok = addr == r->addr && len == r->len;
	/* "Called once, after the region is unregistered." */
	r->unregistered_at_release = rte_mem_virt2memseg_list(addr) == NULL;
	if (r->mapped)
		munmap(addr, len);
	r->mapped = false;
	/* Last: the reaper may run this on the EAL interrupt thread. */
	__atomic_fetch_add(&r->release_calls, 1, __ATOMIC_RELEASE);
}

static int release_calls(const struct region *r)
{
	return __atomic_load_n(&r->release_calls, __ATOMIC_ACQUIRE);
}

/*
 * Waits (at most 5 s) for the release of a region whose last reference is
 * dropped by the freeing of a destroyed pool: nm_page_pool_reap() may find
 * the list empty while the periodic reaper (EAL interrupt thread) is still
 * freeing that pool. Not a timing check: it only bounds the wait.
 */
static int wait_release(const struct region *r)
{
	for (int i = 0; i < 5000 && release_calls(r) == 0; i++)
		usleep(1000);
	return release_calls(r);
}

/* Unmaps a region no binding took. */
static void region_drop(struct region *r)
{
	if (r->mapped)
		munmap(r->addr, r->len);
	r->mapped = false;
}

static struct net_devmem_region_params region_params(struct region *r)
{
	struct net_devmem_region_params p = {
		.addr = r->addr, .len = r->len, .pg_sz = PAGE_SIZE,
		.release = region_release, .release_arg = r,
	};
	return p;
}

static struct net_devmem_dmabuf_binding *bind_ok(struct region *r)
{
	struct net_devmem_region_params p = region_params(r);
	struct net_devmem_dmabuf_binding *b = net_devmem_bind(&p);

	assert_false(IS_ERR_OR_NULL(b));
	return b;
}

/* Unbinds a binding with no other reference: released at once, exactly once. */
static void unbind_last(struct net_devmem_dmabuf_binding *b, struct region *r)
{
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	assert_int_equal(r->release_calls, 0);
	net_devmem_unbind(b);
	assert_int_equal(r->release_calls, 1);
	assert_true(r->release_args_ok);
	assert_true(r->unregistered_at_release);
}

/* Every net_iov of @b is back, with no page_pool ownership left. */
static void assert_all_free(const struct net_devmem_dmabuf_binding *b)
{
	const struct net_iov_area *area = net_devmem_binding_area(b);

	assert_int_equal(net_devmem_binding_avail(b), area->num_niovs);
	for (size_t i = 0; i < area->num_niovs; i++) {
		netmem_ref nm = net_iov_to_netmem(&area->niovs[i]);

		assert_null(netmem_get_pp(nm));
		assert_false(netmem_is_pp(nm));
	}
}

static uint64_t misuse0;
static unsigned int waiting0;

static int case_setup(void **state)
{
	(void)state;
	misuse0 = nm_misuse_count();
	waiting0 = nm_page_pool_reap();
	return 0;
}

/* Every test leaves no destroyed pool waiting for pages (none more than
 * before it, so that one failure does not fail the tests after it). */
static int case_teardown(void **state)
{
	(void)state;
	return nm_page_pool_reap() <= waiting0 ? 0 : -1;
}

static void assert_misuses(uint64_t n)
{
	assert_int_equal(nm_misuse_count() - misuse0, n);
}

/* ---------------------------------------------------------------------- */
/* Binding                                                                */
/* ---------------------------------------------------------------------- */

static void test_bind_basic(void **state)
{
	const size_t n = 64;
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	const struct net_iov_area *area;

	(void)state;
	region_make(&r, n * PAGE_SIZE);
	b = bind_ok(&r);
	assert_true(net_devmem_binding_id(b) > 0);
	assert_false(net_devmem_binding_unbound(b));
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	assert_int_equal(net_devmem_binding_avail(b), n);
	area = net_devmem_binding_area(b);
	assert_non_null(area);
	assert_int_equal(area->num_niovs, r.len / PAGE_SIZE);
	assert_non_null(area->niovs);
	assert_non_null(area->owner);
	assert_int_equal(nm_owner_refcnt(area->owner), 1);
	/* DPDK knows the region now (registered as external memory). */
	assert_non_null(rte_mem_virt2memseg_list(r.addr));

	for (size_t i = 0; i < n; i++) {
		const struct net_iov *niov = &area->niovs[i];
		netmem_ref nm = net_iov_to_netmem((struct net_iov *)niov);

		assert_ptr_equal(net_iov_owner(niov), area);
		assert_int_equal(net_iov_idx(niov), i);
		assert_int_equal(net_iov_virtual_addr(niov), i << PAGE_SHIFT);
		assert_int_equal(niov->type, NET_IOV_DMABUF);
		assert_null(niov->pp);
		assert_false(netmem_is_pp(nm));
		assert_true(netmem_is_net_iov(nm));
		assert_true(niov->dma_addr != RTE_BAD_IOVA);
		if (rte_eal_iova_mode() == RTE_IOVA_VA)
			assert_int_equal(niov->dma_addr,
					 (uintptr_t)r.addr + (i << PAGE_SHIFT));
		else
			assert_int_equal(niov->dma_addr,
					 rte_mem_virt2iova((char *)r.addr + (i << PAGE_SHIFT)));
		/* Distinct from every other one. */
		for (size_t j = 0; j < i; j++)
			assert_true(area->niovs[j].dma_addr != niov->dma_addr);
		/* PAGE_SIZE apart: the region is IOVA-contiguous in VA mode. */
		if (i > 0 && rte_eal_iova_mode() == RTE_IOVA_VA)
			assert_int_equal(niov->dma_addr - area->niovs[i - 1].dma_addr,
					 PAGE_SIZE);
	}
	unbind_last(b, &r);
	assert_misuses(0);
}

/* pg_sz 0 means PAGE_SIZE; explicit IOVAs of bigger pages are spread over
 * the net_iovs they hold. */
static void test_bind_pg_sz_and_iova(void **state)
{
	const size_t pg_sz = 4 * PAGE_SIZE, n_pg = 4;
	const uint64_t iova[4] = { 0x40300000, 0x40000000, 0x7f0000000, 0x40100000 };
	struct region r, r0;
	struct net_devmem_region_params p;
	struct net_devmem_dmabuf_binding *b;
	const struct net_iov_area *area;

	(void)state;
	/* pg_sz 0: PAGE_SIZE */
	region_make(&r0, 8 * PAGE_SIZE);
	p = region_params(&r0);
	p.pg_sz = 0;
	b = net_devmem_bind(&p);
	assert_false(IS_ERR_OR_NULL(b));
	assert_int_equal(net_devmem_binding_area(b)->num_niovs, 8);
	unbind_last(b, &r0);

	region_make_aligned(&r, pg_sz * n_pg, pg_sz);
	p = region_params(&r);
	p.pg_sz = pg_sz;
	p.iova = iova;
	b = net_devmem_bind(&p);
	assert_false(IS_ERR_OR_NULL(b));
	area = net_devmem_binding_area(b);
	assert_int_equal(area->num_niovs, pg_sz * n_pg / PAGE_SIZE);
	assert_int_equal(net_devmem_binding_avail(b), area->num_niovs);
	for (size_t i = 0; i < area->num_niovs; i++) {
		size_t per = pg_sz / PAGE_SIZE;

		assert_int_equal(area->niovs[i].dma_addr,
				 iova[i / per] + (i % per) * PAGE_SIZE);
	}
	unbind_last(b, &r);
	assert_misuses(0);
}

static void expect_bind_err(const struct net_devmem_region_params *p, long err)
{
	struct net_devmem_dmabuf_binding *b = net_devmem_bind(p);

	assert_true(IS_ERR(b));
	assert_int_equal(PTR_ERR(b), err);
}

static void test_bind_bad_params(void **state)
{
	const size_t pg_sz = 2 * PAGE_SIZE;
	struct region r;
	struct net_devmem_region_params p;
	uint16_t ports[NET_DEVMEM_MAX_PORTS + 1] = { 0 };
	struct net_devmem_dmabuf_binding *b;

	(void)state;
	/* 16 KiB region aligned to 8 KiB, with a spare page after it. */
	region_make_aligned(&r, 5 * PAGE_SIZE, pg_sz);
	r.len = 4 * PAGE_SIZE;

	expect_bind_err(NULL, -EINVAL);
	p = region_params(&r);
	p.addr = NULL;
	expect_bind_err(&p, -EINVAL);
	p = region_params(&r);
	p.len = 0;
	expect_bind_err(&p, -EINVAL);
	/* addr not aligned to pg_sz: by a few bytes, and by a page */
	p = region_params(&r);
	p.addr = (char *)r.addr + 64;
	expect_bind_err(&p, -EINVAL);
	p = region_params(&r);
	p.pg_sz = pg_sz;
	p.addr = (char *)r.addr + PAGE_SIZE;
	expect_bind_err(&p, -EINVAL);
	/* len not a multiple of pg_sz */
	p = region_params(&r);
	p.len = r.len - 100;
	expect_bind_err(&p, -EINVAL);
	p = region_params(&r);
	p.pg_sz = pg_sz;
	p.len = 3 * PAGE_SIZE;
	expect_bind_err(&p, -EINVAL);
	/* pg_sz not a power of two, or smaller than PAGE_SIZE */
	p = region_params(&r);
	p.pg_sz = 3 * PAGE_SIZE;
	p.len = 3 * PAGE_SIZE;
	expect_bind_err(&p, -EINVAL);
	p = region_params(&r);
	p.pg_sz = PAGE_SIZE / 2;
	expect_bind_err(&p, -EINVAL);
	/* ports: too many, or a count without an array */
	p = region_params(&r);
	p.ports = ports;
	p.nb_ports = NET_DEVMEM_MAX_PORTS + 1;
	expect_bind_err(&p, -EINVAL);
	p = region_params(&r);
	p.ports = NULL;
	p.nb_ports = 1;
	expect_bind_err(&p, -EINVAL);

	/* None of those registered anything or called the release. */
	assert_int_equal(r.release_calls, 0);
	assert_null(rte_mem_virt2memseg_list(r.addr));
	b = bind_ok(&r);
	unbind_last(b, &r);
	munmap((char *)r.addr + r.len, PAGE_SIZE);	/* the spare page */
	assert_misuses(0);
}

static void test_bind_twice(void **state)
{
	struct region r;
	struct net_devmem_region_params p;
	struct net_devmem_dmabuf_binding *b, *b2;

	(void)state;
	region_make(&r, 16 * PAGE_SIZE);
	b = bind_ok(&r);
	p = region_params(&r);
	b2 = net_devmem_bind(&p);
	assert_true(IS_ERR(b2));
	assert_int_equal(PTR_ERR(b2), -EEXIST);
	/* The first binding is untouched and still registered. */
	assert_int_equal(r.release_calls, 0);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	assert_int_equal(net_devmem_binding_avail(b), 16);
	assert_non_null(rte_mem_virt2memseg_list(r.addr));
	b2 = net_devmem_lookup(net_devmem_binding_id(b));
	assert_ptr_equal(b2, b);
	net_devmem_binding_put(b2);
	unbind_last(b, &r);
	assert_misuses(0);
}

/* Needs the EAL started with --vdev=net_null0 (port 0). */
static void test_bind_ports(void **state)
{
	struct region r;
	struct net_devmem_region_params p;
	struct net_devmem_dmabuf_binding *b;
	const uint16_t port0[] = { 0 };
	const uint16_t unknown[] = { 7 };
	const uint16_t mixed[] = { 0, RTE_MAX_ETHPORTS - 1 };
	const uint16_t too_big[] = { RTE_MAX_ETHPORTS };
	bool mapped0;

	(void)state;
	assert_true(rte_eth_dev_is_valid_port(0));
	assert_false(rte_eth_dev_is_valid_port(7));
	assert_false(rte_eth_dev_is_valid_port(RTE_MAX_ETHPORTS - 1));
	region_make(&r, 16 * PAGE_SIZE);

	p = region_params(&r);
	p.ports = unknown;
	p.nb_ports = 1;
	expect_bind_err(&p, -ENODEV);
	p.ports = mixed;
	p.nb_ports = 2;
	expect_bind_err(&p, -ENODEV);
	p.ports = too_big;
	p.nb_ports = 1;
	expect_bind_err(&p, -ENODEV);
	assert_int_equal(r.release_calls, 0);
	assert_null(rte_mem_virt2memseg_list(r.addr));

	p.ports = port0;
	p.nb_ports = 1;
	b = net_devmem_bind(&p);
	assert_false(IS_ERR_OR_NULL(b));
	mapped0 = net_devmem_binding_port_mapped(b, 0);
	assert_false(net_devmem_binding_port_mapped(b, 1));	/* not bound for it */
	assert_int_equal(net_devmem_binding_avail(b), 16);
	unbind_last(b, &r);
	assert_misuses(0);
	/* The null PMD has no DMA map: bound, but not mapped. Checked last so
	 * that a failure leaves nothing bound behind. */
	assert_false(mapped0);
}

/* Many bindings at once: distinct ids, each found by lookup; running out
 * (of DPDK memseg lists or ids) is a clean -ENOSPC; unbinding gives it all
 * back. */
static void test_bind_many(void **state)
{
	enum { MAX = 300 };
	static struct region r[MAX];
	static struct net_devmem_dmabuf_binding *b[MAX];
	struct net_devmem_dmabuf_binding *err = NULL;
	struct region extra;
	unsigned int n = 0;

	(void)state;
	for (n = 0; n < MAX; n++) {
		struct net_devmem_region_params p;

		region_make(&r[n], PAGE_SIZE);
		p = region_params(&r[n]);
		b[n] = net_devmem_bind(&p);
		if (IS_ERR(b[n])) {
			err = b[n];
			region_drop(&r[n]);
			break;
		}
		assert_non_null(b[n]);
	}
	assert_true(n > 1);
	assert_true(n < MAX);
	assert_int_equal(PTR_ERR(err), -ENOSPC);
	for (unsigned int i = 0; i < n; i++) {
		uint32_t id = net_devmem_binding_id(b[i]);
		struct net_devmem_dmabuf_binding *l = net_devmem_lookup(id);

		assert_true(id > 0);
		assert_ptr_equal(l, b[i]);
		net_devmem_binding_put(l);
		for (unsigned int j = 0; j < i; j++)
			assert_true(net_devmem_binding_id(b[j]) != id);
	}
	for (unsigned int i = 0; i < n; i++)
		unbind_last(b[i], &r[i]);
	/* Everything was given back: binding works again. */
	region_make(&extra, PAGE_SIZE);
	b[0] = bind_ok(&extra);
	unbind_last(b[0], &extra);
	assert_misuses(0);
}

static void test_lookup(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b, *l;
	uint32_t id;

	(void)state;
	region_make(&r, 16 * PAGE_SIZE);
	b = bind_ok(&r);
	id = net_devmem_binding_id(b);

	l = net_devmem_lookup(id);
	assert_ptr_equal(l, b);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	net_devmem_binding_put(l);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	net_devmem_binding_get(b);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	net_devmem_binding_put(b);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);

	/* Unknown ids */
	assert_null(net_devmem_lookup(0));
	assert_null(net_devmem_lookup(id + 1));
	assert_null(net_devmem_lookup(100000));
	assert_null(net_devmem_lookup(UINT32_MAX));
	assert_int_equal(net_devmem_binding_refcnt(b), 1);

	/* Unbind with a lookup reference held: gone from the table, alive. */
	l = net_devmem_lookup(id);
	assert_ptr_equal(l, b);
	net_devmem_unbind(b);
	assert_true(net_devmem_binding_unbound(b));
	assert_int_equal(r.release_calls, 0);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	assert_null(net_devmem_lookup(id));
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	net_devmem_binding_put(l);
	assert_int_equal(r.release_calls, 1);
	assert_true(r.release_args_ok);
	assert_true(r.unregistered_at_release);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* page_pool with dmabuf_devmem_ops                                       */
/* ---------------------------------------------------------------------- */

static void test_pool_create(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *pool, *bad;
	struct page_pool_params pp = {
		.pool_size = 64, .nid = NUMA_NO_NODE, .dev = PP_DEV_NONE,
		.lcore = rte_lcore_id(), .mp_ops = &dmabuf_devmem_ops,
	};

	(void)state;
	region_make(&r, 16 * PAGE_SIZE);
	b = bind_ok(&r);

	pool = devmem_pool(b, 64);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	assert_true(page_pool_is_unreadable(pool));
	assert_int_equal(page_pool_inflight(pool), 0);
	/* Creating takes no net_iov yet. */
	assert_int_equal(net_devmem_binding_avail(b), 16);

	/* order != 0 fails, without a reference left behind */
	bad = devmem_pool_create(b, 64, 1);
	assert_true(IS_ERR(bad));
	assert_int_equal(PTR_ERR(bad), -E2BIG);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	/* unreadable net_iovs need PP_FLAG_ALLOW_UNREADABLE_NETMEM */
	pp.mp_priv = b;
	bad = page_pool_create(&pp);
	assert_true(IS_ERR(bad));
	assert_int_equal(PTR_ERR(bad), -EINVAL);
	/* no binding */
	pp.flags = PP_FLAG_ALLOW_UNREADABLE_NETMEM;
	pp.mp_priv = NULL;
	bad = page_pool_create(&pp);
	assert_true(IS_ERR(bad));
	assert_int_equal(PTR_ERR(bad), -EINVAL);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);

	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	unbind_last(b, &r);
	assert_misuses(0);
}

static void test_pool_alloc(void **state)
{
	enum { N = 256, K = 8 };
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	const struct net_iov_area *area;
	struct page_pool *pool;
	netmem_ref nm[K];
	size_t avail;

	(void)state;
	region_make(&r, N * PAGE_SIZE);
	b = bind_ok(&r);
	area = net_devmem_binding_area(b);
	pool = devmem_pool(b, 0);
	avail = net_devmem_binding_avail(b);
	assert_int_equal(avail, N);

	for (int i = 0; i < K; i++) {
		struct net_iov *niov;

		nm[i] = page_pool_alloc_netmems(pool, GFP_ATOMIC);
		assert_false(netmem_is_null(nm[i]));
		assert_true(netmem_is_net_iov(nm[i]));
		assert_null(netmem_address(nm[i]));
		assert_null(netmem_to_page(nm[i]));
		niov = netmem_to_net_iov(nm[i]);
		assert_non_null(niov);
		assert_ptr_equal(net_iov_owner(niov), area);
		assert_true(niov >= area->niovs && niov < area->niovs + N);
		assert_true(netmem_is_pp(nm[i]));
		assert_ptr_equal(netmem_get_pp(nm[i]), pool);
		assert_int_equal(pp_refs(nm[i]), 1);
		assert_int_equal(netmem_ref_count(nm[i]), 1);
		assert_int_equal(netmem_get_dma_addr(nm[i]),
				 area->niovs[net_iov_idx(niov)].dma_addr);
		for (int j = 0; j < i; j++)
			assert_false(netmem_eq(nm[i], nm[j]));
		/* The binding hands out what the pool asks, no more. */
		assert_true(net_devmem_binding_avail(b) < avail);
		assert_int_equal(net_devmem_binding_avail(b), N - PP_ALLOC_CACHE_REFILL);
	}
	assert_int_equal(page_pool_inflight(pool), K);

	/* page_pool_alloc_pages() cannot hand out a net_iov. */
	assert_null(page_pool_alloc_pages(pool, GFP_ATOMIC));
	assert_misuses(1);
	assert_int_equal(page_pool_inflight(pool), K);

	for (int i = 0; i < K; i++) {
		page_pool_put_full_netmem(pool, nm[i], true);
		/* Back in the pool: still the pool's, one reference. */
		assert_true(netmem_is_pp(nm[i]));
		assert_int_equal(pp_refs(nm[i]), 1);
	}
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(net_devmem_binding_avail(b), N - PP_ALLOC_CACHE_REFILL);

	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_all_free(b);
	unbind_last(b, &r);
	assert_misuses(1);
}

static void test_pool_exhaust(void **state)
{
	enum { N = 200, RING = 16 };
	static netmem_ref nm[N + 1];
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *pool;
	struct page_pool_stats st;
	bool seen[N];
	int n;

	(void)state;
	region_make(&r, N * PAGE_SIZE);
	b = bind_ok(&r);
	pool = devmem_pool(b, RING);

	for (int round = 0; round < 2; round++) {
		memset(seen, 0, sizeof(seen));
		for (n = 0; n <= N; n++) {
			nm[n] = page_pool_alloc_netmems(pool, GFP_ATOMIC);
			if (netmem_is_null(nm[n]))
				break;
			unsigned int idx = net_iov_idx(netmem_to_net_iov(nm[n]));

			assert_true(idx < N);
			assert_false(seen[idx]);	/* never handed out twice */
			seen[idx] = true;
			assert_ptr_equal(netmem_get_pp(nm[n]), pool);
			assert_int_equal(pp_refs(nm[n]), 1);
		}
		assert_int_equal(n, N);		/* all of them, then nothing */
		assert_int_equal(net_devmem_binding_avail(b), 0);
		assert_int_equal(page_pool_inflight(pool), N);
		assert_true(netmem_is_null(page_pool_alloc_netmems(pool, GFP_ATOMIC)));
		if (round == 0) {
			memset(&st, 0, sizeof(st));
			page_pool_get_stats(pool, &st);
			/* 64 + 64 + 64 + 8 from the binding */
			assert_int_equal(st.alloc_stats.slow, 4);
		}

		/* Return everything: 128 to the cache, 16 to the ring, the
		 * rest (ring full) back to the binding. */
		for (int i = 0; i < N; i++)
			page_pool_put_full_netmem(pool, nm[i], true);
		assert_int_equal(page_pool_inflight(pool), 0);
		assert_int_equal(net_devmem_binding_avail(b),
				 N - PP_ALLOC_CACHE_SIZE - RING);
		for (int i = 0; i < N; i++) {
			struct net_iov *niov = netmem_to_net_iov(nm[i]);
			bool in_binding = !netmem_is_pp(nm[i]);

			/* Released ones lost their pool; kept ones did not. */
			assert_true(in_binding ? niov->pp == NULL : niov->pp == pool);
		}
		if (round == 0) {
			memset(&st, 0, sizeof(st));
			page_pool_get_stats(pool, &st);
			assert_int_equal(st.recycle_stats.cached, PP_ALLOC_CACHE_SIZE);
			assert_int_equal(st.recycle_stats.ring, RING);
			assert_int_equal(st.recycle_stats.ring_full,
					 N - PP_ALLOC_CACHE_SIZE - RING);
		}
	}
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_all_free(b);
	unbind_last(b, &r);
	assert_misuses(0);
}

static void test_get_put_netmem(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *pool;
	netmem_ref nm;

	(void)state;
	region_make(&r, 16 * PAGE_SIZE);
	b = bind_ok(&r);
	pool = devmem_pool(b, 64);
	nm = page_pool_alloc_netmems(pool, GFP_ATOMIC);
	assert_true(netmem_is_net_iov(nm));
	assert_int_equal(net_devmem_binding_refcnt(b), 2);

	get_netmem(nm);
	assert_int_equal(net_devmem_binding_refcnt(b), 3);
	get_netmem(nm);
	assert_int_equal(net_devmem_binding_refcnt(b), 4);
	/* A stack reference is on the binding, not on the net_iov. */
	assert_int_equal(pp_refs(nm), 1);
	assert_int_equal(netmem_ref_count(nm), 1);
	put_netmem(nm);
	assert_int_equal(net_devmem_binding_refcnt(b), 3);
	put_netmem(nm);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	assert_int_equal(pp_refs(nm), 1);

	page_pool_put_full_netmem(pool, nm, true);
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_all_free(b);
	unbind_last(b, &r);
	assert_misuses(0);
}

/* Unbind while net_iovs are out and a stack reference is held. */
static void test_unbind_with_niovs_out(void **state)
{
	enum { K = 4 };
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *pool, *bad;
	netmem_ref nm[K];
	uint32_t id;

	(void)state;
	region_make(&r, 64 * PAGE_SIZE);
	b = bind_ok(&r);
	id = net_devmem_binding_id(b);
	pool = devmem_pool(b, 64);
	for (int i = 0; i < K - 1; i++) {
		nm[i] = page_pool_alloc_netmems(pool, GFP_ATOMIC);
		assert_true(netmem_is_net_iov(nm[i]));
	}
	get_netmem(nm[0]);	/* the stack holds on to one */
	assert_int_equal(net_devmem_binding_refcnt(b), 3);

	net_devmem_unbind(b);
	assert_int_equal(r.release_calls, 0);
	assert_true(net_devmem_binding_unbound(b));
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	assert_null(net_devmem_lookup(id));
	/* The region is still registered: nothing was pulled from under us. */
	assert_non_null(rte_mem_virt2memseg_list(r.addr));
	/* No new pool on an unbound binding, and no reference taken. */
	bad = devmem_pool_create(b, 64, 0);
	assert_true(IS_ERR(bad));
	assert_int_equal(PTR_ERR(bad), -ENODEV);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	/* The existing pool goes on serving. */
	nm[K - 1] = page_pool_alloc_netmems(pool, GFP_ATOMIC);
	assert_true(netmem_is_net_iov(nm[K - 1]));
	assert_int_equal(r.release_calls, 0);

	for (int i = 0; i < K; i++)
		page_pool_put_full_netmem(pool, nm[i], true);
	assert_int_equal(r.release_calls, 0);
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
	/* The pool is gone; the stack reference keeps the region. */
	assert_int_equal(r.release_calls, 0);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	assert_all_free(b);
	assert_non_null(rte_mem_virt2memseg_list(r.addr));

	put_netmem(nm[0]);	/* the last reference */
	assert_int_equal(r.release_calls, 1);
	assert_true(r.release_args_ok);
	assert_true(r.unregistered_at_release);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_int_equal(r.release_calls, 1);
	assert_misuses(0);
}

/* Destroy the pool with net_iovs out, unbind, then return them: the pool
 * is freed by the reaper and the region released once, at that moment. */
static void test_destroy_then_return(void **state)
{
	enum { K = 5 };
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *pool;
	netmem_ref nm[K];

	(void)state;
	region_make(&r, 64 * PAGE_SIZE);
	b = bind_ok(&r);
	pool = devmem_pool(b, 64);
	for (int i = 0; i < K; i++)
		nm[i] = page_pool_alloc_netmems(pool, GFP_ATOMIC);

	page_pool_destroy(pool);	/* deferred: K out */
	assert_int_equal(nm_page_pool_reap(), 1);
	/* The cached ones went back already; the pool still holds its ref. */
	assert_int_equal(net_devmem_binding_avail(b), 64 - K);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	net_devmem_unbind(b);
	assert_int_equal(r.release_calls, 0);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);

	for (int i = 0; i < K; i++) {
		page_pool_put_full_netmem(pool, nm[i], true);
		/* Returned to a destroyed pool: straight back to the binding. */
		assert_false(netmem_is_pp(nm[i]));
		if (i < K - 1) {
			assert_int_equal(nm_page_pool_reap(), 1);
			assert_int_equal(release_calls(&r), 0);
		}
	}
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_int_equal(wait_release(&r), 1);
	assert_true(r.release_args_ok);
	assert_true(r.unregistered_at_release);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_int_equal(release_calls(&r), 1);
	assert_misuses(0);
}

/* Give back a net_iov the provider kept (after the test made its
 * pp_ref_count wrong on purpose), as its holder would have. */
static void niov_restore(netmem_ref nm)
{
	struct net_iov *niov = netmem_to_net_iov(nm);

	page_pool_fragment_netmem(nm, 1);
	net_mp_niov_clear_page_pool(niov);
	net_devmem_free_dmabuf(niov);
}

/* A put from a thread that is not the pool's owner: the ring (or, full,
 * the provider). On the owner lcore even allow_direct false recycles into
 * the alloc cache, as the kernel's page_pool_napi_local(). */
struct put_arg {
	struct page_pool *pool;
	netmem_ref nm;
	bool unrefed;
};

static void *put_thread(void *arg)
{
	struct put_arg *a = arg;

	if (a->unrefed)
		page_pool_put_unrefed_netmem(a->pool, a->nm, UINT32_MAX, false);
	else
		page_pool_put_full_netmem(a->pool, a->nm, false);
	return NULL;
}

static void put_not_owner(struct page_pool *pool, netmem_ref nm, bool unrefed)
{
	struct put_arg a = { .pool = pool, .nm = nm, .unrefed = unrefed };
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, put_thread, &a), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
}

/* Release rule, pool destroy: a net_iov sitting in the ring when the pool
 * lets go of it, but with a stale extra pp reference, is kept back. */
static void test_release_rule_destroy(void **state)
{
	enum { N = 64 };
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *pool;
	struct page_pool_stats st = { 0 };
	netmem_ref nm;

	(void)state;
	region_make(&r, N * PAGE_SIZE);
	b = bind_ok(&r);
	pool = devmem_pool(b, 64);
	nm = page_pool_alloc_netmems(pool, GFP_ATOMIC);
	assert_true(netmem_is_net_iov(nm));
	put_not_owner(pool, nm, false);	/* into the ring */
	page_pool_get_stats(pool, &st);
	assert_int_equal(st.recycle_stats.ring, 1);
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_misuses(0);

	page_pool_ref_netmem(nm);	/* a stale user: pp_ref_count 2 */
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
	/* Kept back and reported; the others went home; the pool is gone. */
	assert_misuses(1);
	assert_int_equal(net_devmem_binding_avail(b), N - 1);
	assert_int_equal(pp_refs(nm), 2);
	assert_true(netmem_is_pp(nm));
	assert_int_equal(net_devmem_binding_refcnt(b), 1);

	niov_restore(nm);
	assert_all_free(b);
	unbind_last(b, &r);
	assert_misuses(1);
}

/* Release rule, ring full: with a 1-entry ring, a return that finds it
 * full goes to the provider; with pp_ref_count 2 it is kept back. */
static void test_release_rule_ring_full(void **state)
{
	enum { N = 128 };
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *pool;
	struct page_pool_stats st = { 0 };
	netmem_ref a, c, d;
	size_t avail;

	(void)state;
	region_make(&r, N * PAGE_SIZE);
	b = bind_ok(&r);
	pool = devmem_pool(b, 1);
	a = page_pool_alloc_netmems(pool, GFP_ATOMIC);
	c = page_pool_alloc_netmems(pool, GFP_ATOMIC);
	d = page_pool_alloc_netmems(pool, GFP_ATOMIC);
	avail = net_devmem_binding_avail(b);
	assert_int_equal(avail, N - PP_ALLOC_CACHE_REFILL);
	put_not_owner(pool, a, false);	/* fills the ring */

	/* A normal return that finds the ring full: back to the binding. */
	put_not_owner(pool, d, false);
	assert_int_equal(net_devmem_binding_avail(b), avail + 1);
	assert_false(netmem_is_pp(d));
	assert_misuses(0);

	/* The same with a second holder that was not accounted for. */
	page_pool_ref_netmem(c);
	put_not_owner(pool, c, true);
	assert_misuses(1);
	assert_int_equal(net_devmem_binding_avail(b), avail + 1);	/* kept */
	assert_int_equal(pp_refs(c), 2);
	assert_true(netmem_is_pp(c));
	page_pool_get_stats(pool, &st);
	assert_int_equal(st.recycle_stats.ring, 1);
	assert_int_equal(st.recycle_stats.ring_full, 2);
	assert_int_equal(page_pool_inflight(pool), 0);

	niov_restore(c);
	assert_int_equal(net_devmem_binding_avail(b), avail + 2);
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_all_free(b);
	unbind_last(b, &r);
	assert_misuses(1);
}

/* Two pools on one binding at once: each holds a reference. */
static void test_two_pools(void **state)
{
	enum { N = 256, K = 10 };
	struct region r;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *p1, *p2, *bad;
	netmem_ref a[K], c[K];

	(void)state;
	region_make(&r, N * PAGE_SIZE);
	b = bind_ok(&r);
	p1 = devmem_pool(b, 64);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	p2 = devmem_pool(b, 64);
	assert_int_equal(net_devmem_binding_refcnt(b), 3);

	for (int i = 0; i < K; i++) {
		a[i] = page_pool_alloc_netmems(p1, GFP_ATOMIC);
		c[i] = page_pool_alloc_netmems(p2, GFP_ATOMIC);
		assert_ptr_equal(netmem_get_pp(a[i]), p1);
		assert_ptr_equal(netmem_get_pp(c[i]), p2);
	}
	for (int i = 0; i < K; i++)
		for (int j = 0; j < K; j++)
			assert_false(netmem_eq(a[i], c[j]));
	assert_int_equal(net_devmem_binding_avail(b), N - 2 * PP_ALLOC_CACHE_REFILL);

	for (int i = 0; i < K; i++)
		page_pool_put_full_netmem(p1, a[i], true);
	page_pool_destroy(p1);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	assert_int_equal(net_devmem_binding_avail(b), N - PP_ALLOC_CACHE_REFILL);

	net_devmem_unbind(b);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	assert_int_equal(r.release_calls, 0);
	bad = devmem_pool_create(b, 64, 0);
	assert_true(IS_ERR(bad));
	assert_int_equal(PTR_ERR(bad), -ENODEV);

	for (int i = 0; i < K; i++)
		page_pool_put_full_netmem(p2, c[i], true);
	assert_int_equal(r.release_calls, 0);
	page_pool_destroy(p2);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_int_equal(r.release_calls, 1);
	assert_true(r.release_args_ok);
	assert_true(r.unregistered_at_release);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bind_basic, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_bind_pg_sz_and_iova, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_bind_bad_params, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_bind_twice, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_bind_ports, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_bind_many, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_lookup, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_pool_create, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_pool_alloc, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_pool_exhaust, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_get_put_netmem, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_unbind_with_niovs_out, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_destroy_then_return, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_release_rule_destroy, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_release_rule_ring_full, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_two_pools, case_setup, case_teardown),
	};
	int ret;

	nm_test_eal_init(1, "--vdev=net_null0", NULL);
	ret = cmocka_run_group_tests_name("devmem", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
