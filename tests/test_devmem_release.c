/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of a device-memory binding's refcount (user, pools, stack
 * references) and its release, which must run exactly once and only when
 * the last reference goes (unbind with net_iovs out, pool destroyed before
 * they return), and the rule that a net_iov released with pp_ref_count != 1
 * is kept back as misuse.
 *
 * Regions are memfd memory (memfd_create + ftruncate + mmap MAP_SHARED); the
 * release callback counts its calls and unmaps the region.
 */
#define _GNU_SOURCE
#include "devmem_fixture.h"

/*
 * Waits (at most 5 s) for the release of a region whose last reference is
 * dropped by the freeing of a destroyed pool: nm_page_pool_reap() may find
 * the list empty while the periodic reaper (EAL interrupt thread) is still
 * freeing that pool. Not a timing check: it only bounds the wait.
 */
static int wait_release(const struct region *r)
{
	for (int i = 0; i < 5000 && devmem_release_calls(r) == 0; i++)
		usleep(1000);
	return devmem_release_calls(r);
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
			assert_int_equal(devmem_release_calls(&r), 0);
		}
	}
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_int_equal(wait_release(&r), 1);
	assert_true(r.release_args_ok);
	assert_true(r.unregistered_at_release);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_int_equal(devmem_release_calls(&r), 1);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unbind_with_niovs_out, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_destroy_then_return, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_release_rule_destroy, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_release_rule_ring_full, case_setup, case_teardown),
	};

	return devmem_run("devmem_release", tests, sizeof(tests) / sizeof(tests[0]));
}

