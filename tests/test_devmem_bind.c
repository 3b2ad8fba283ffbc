/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of device-memory bindings (net_devmem_bind() and friends):
 * parameter checks, page size and IOVA, binding twice, to several ports and
 * many at once, and the id table (lookup).
 *
 * Regions are memfd memory (memfd_create + ftruncate + mmap MAP_SHARED); the
 * release callback counts its calls and unmaps the region.
 */
#define _GNU_SOURCE
#include "devmem_fixture.h"

/* Unmaps a region no binding took. */
static void region_drop(struct region *r)
{
	if (r->mapped)
		munmap(r->addr, r->len);
	r->mapped = false;
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
	};

	return devmem_run("devmem_bind", tests, sizeof(tests) / sizeof(tests[0]));
}

