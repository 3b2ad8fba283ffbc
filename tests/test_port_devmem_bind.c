/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of device memory on ports (lib/port/port_devmem_bind.c), the
 * control path: nm_port_bind_devmem() / nm_port_unbind_devmem() with the
 * kernel's rules, the port refusing to stop or close while bound, and
 * unbinding with tokens outstanding (the region stays until the last one is
 * given back).
 *
 * net_ring0 is a loopback: what is sent on queue q is received on queue q.
 * net_null0 is a port set up without header split. Regions are memfd memory
 * the test owns, so it reads the payload directly at a record's offset.
 */
#define _GNU_SOURCE
#include "port_devmem_fixture.h"

/* Bounds the wait for a release run by the pool reaper (EAL interrupt
 * thread) at 5 s; not a timing check. */
static int wait_release(const struct region *r)
{
	for (int i = 0; i < 5000 && release_calls(r) == 0; i++) {
		nm_page_pool_reap();
		usleep(1000);
	}
	return release_calls(r);
}

/* ---------------------------------------------------------------------- */
/* Control path                                                           */
/* ---------------------------------------------------------------------- */

static void test_bind_rules(void **state)
{
	struct region r, r2, r3;
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 32 * PAGE_SIZE, 0xee);
	struct net_devmem_dmabuf_binding *b2 = region_bind(&r2, 8 * PAGE_SIZE, 0xee);
	struct net_devmem_dmabuf_binding *b3 = region_bind(&r3, 8 * PAGE_SIZE, 0xee);
	const uint16_t q0[] = { 0 }, q1[] = { 1 }, q01[] = { 0, 1 }, q00[] = { 0, 0 };
	const uint16_t bad[] = { 2 }, bad2[] = { 0, NM_PORT_MAX_QUEUES };
	struct nm_rxq *rxq0 = &nm_ports[ring_port].rxq[0];
	struct page_pool *pool;
	int ret;

	(void)state;
	/* Arguments and queues. */
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 0, b, NM_DEVMEM_F_SW_SPLIT), -EINVAL);
	assert_int_equal(nm_port_bind_devmem(ring_port, NULL, 1, b, NM_DEVMEM_F_SW_SPLIT), -EINVAL);
	assert_int_equal(nm_port_bind_devmem(ring_port, bad, 1, b, NM_DEVMEM_F_SW_SPLIT), -EINVAL);
	assert_int_equal(nm_port_bind_devmem(ring_port, bad2, 2, b, NM_DEVMEM_F_SW_SPLIT), -EINVAL);
	assert_int_equal(nm_port_bind_devmem(ring_port, q00, 2, b, NM_DEVMEM_F_SW_SPLIT), -EINVAL);
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, NULL, NM_DEVMEM_F_SW_SPLIT), -EINVAL);
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, 0x80), -EINVAL);
	assert_int_equal(nm_port_bind_devmem(RTE_MAX_ETHPORTS - 1, q0, 1, b,
					     NM_DEVMEM_F_SW_SPLIT), -ENODEV);
	/* Header split: the software split only when asked for ... */
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, 0), -EOPNOTSUPP);
	/* ... and only on a queue that does it. */
	assert_int_equal(nm_port_bind_devmem(null_port, q0, 1, b, NM_DEVMEM_F_SW_SPLIT),
			 -EOPNOTSUPP);
	assert_int_equal(nm_port_bind_devmem(null_port, q0, 1, b, 0), -EOPNOTSUPP);
	assert_null(rxq0->binding);
	assert_null(rxq0->devmem_pool);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);

	/* Bound: a page_pool of the binding, owned by the polling lcore. */
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, NM_DEVMEM_F_SW_SPLIT), 0);
	pool = rxq0->devmem_pool;
	assert_non_null(pool);
	assert_ptr_equal(rxq0->binding, b);
	assert_ptr_equal(pool->mp_ops, &dmabuf_devmem_ops);
	assert_ptr_equal(pool->mp_priv, b);
	assert_true(pool->flags & PP_FLAG_ALLOW_UNREADABLE_NETMEM);
	assert_true(page_pool_is_unreadable(pool));
	assert_int_equal(pool->owner_lcore, nm_ports[ring_port].conf.rxq_lcore[0]);
	assert_int_equal(net_devmem_binding_refcnt(b), 3);	/* user, queue, pool */
	assert_null(nm_ports[ring_port].rxq[1].binding);

	/* A bound queue is busy, for any binding; a refused bind of several
	 * queues leaves the free one unbound. */
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, NM_DEVMEM_F_SW_SPLIT), -EBUSY);
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b2, NM_DEVMEM_F_SW_SPLIT), -EBUSY);
	assert_int_equal(nm_port_bind_devmem(ring_port, q01, 2, b2, NM_DEVMEM_F_SW_SPLIT), -EBUSY);
	assert_null(nm_ports[ring_port].rxq[1].binding);
	assert_null(nm_ports[ring_port].rxq[1].devmem_pool);
	assert_int_equal(net_devmem_binding_refcnt(b2), 1);

	/* While bound the port neither stops nor closes; the queue does not stop. */
	assert_int_equal(nm_port_stop(ring_port), -EBUSY);
	assert_int_equal(nm_port_close(ring_port), -EBUSY);
	assert_int_equal(nm_port_rxq_stop(ring_port, 0), -EBUSY);
	assert_true(nm_ports[ring_port].started);

	/* A second binding on the other queue; unbinding one leaves the other. */
	assert_int_equal(nm_port_bind_devmem(ring_port, q1, 1, b2, NM_DEVMEM_F_SW_SPLIT), 0);
	assert_int_equal(nm_port_unbind_devmem(ring_port, b), 0);
	assert_int_equal(nm_port_unbind_devmem(ring_port, b), -ENOENT);
	assert_null(rxq0->binding);
	assert_null(rxq0->devmem_pool);
	assert_ptr_equal(nm_ports[ring_port].rxq[1].binding, b2);
	assert_int_equal(nm_port_stop(ring_port), -EBUSY);	/* queue 1 still bound */
	assert_int_equal(nm_port_rxq_stop(ring_port, 1), -EBUSY);
	assert_int_equal(nm_port_unbind_devmem(ring_port, b2), 0);
	assert_int_equal(nm_port_unbind_devmem(ring_port, NULL), -EINVAL);

	/* Unbound: the pool is gone and the references with it. */
	nm_page_pool_reap();
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	assert_int_equal(net_devmem_binding_refcnt(b2), 1);
	assert_int_equal(net_devmem_binding_avail(b), 32);

	/* Now the port stops, starts, and the queue stops (where the PMD can). */
	assert_int_equal(nm_port_stop(ring_port), 0);
	assert_int_equal(nm_port_start(ring_port), 0);
	ret = nm_port_rxq_stop(ring_port, 0);
	assert_true(ret == 0 || ret == -ENOTSUP || ret == -EOPNOTSUPP);
	if (ret == 0)
		assert_int_equal(rte_eth_dev_rx_queue_start(ring_port, 0), 0);

	/* Both queues at once, then one unbind takes both. */
	assert_int_equal(nm_port_bind_devmem(ring_port, q01, 2, b, NM_DEVMEM_F_SW_SPLIT), 0);
	assert_int_equal(net_devmem_binding_refcnt(b), 5);
	assert_ptr_equal(nm_ports[ring_port].rxq[1].binding, b);
	assert_true(rxq_devmem_pool(0) != rxq_devmem_pool(1));
	assert_int_equal(nm_port_unbind_devmem(ring_port, b), 0);
	assert_null(nm_ports[ring_port].rxq[1].binding);

	/* A binding the user unbound is refused (-ENODEV). */
	net_devmem_binding_get(b3);
	net_devmem_unbind(b3);
	assert_true(net_devmem_binding_unbound(b3));
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b3, NM_DEVMEM_F_SW_SPLIT), -ENODEV);
	assert_null(rxq0->binding);
	assert_int_equal(release_calls(&r3), 0);
	net_devmem_binding_put(b3);
	assert_int_equal(release_calls(&r3), 1);

	unbind_last(b, &r);
	unbind_last(b2, &r2);
}

/* Unbinding (queue and user) with tokens out: the region stays, readable at
 * the records' offsets, until the last token is given back. */
static void test_unbind_tokens_outstanding(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 16 * PAGE_SIZE, 0xee);
	const uint16_t q0[] = { 0 };
	struct nm_devmem_rx_frag rec[4];
	struct page_pool *pool;
	struct sk_buff *skb;
	uint32_t id = net_devmem_binding_id(b);
	int n;

	(void)state;
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, NM_DEVMEM_F_SW_SPLIT), 0);
	pool = rxq_devmem_pool(0);
	send_one(make_pkt(9000, 0, 77));
	skb = recv_one();
	n = nm_devmem_recv(skb, rec, 4);
	assert_int_equal(n, 3);
	consume_skb(skb);

	assert_int_equal(nm_port_unbind_devmem(ring_port, b), 0);
	assert_int_equal(nm_port_stop(ring_port), 0);	/* unbound: the port may stop */
	assert_int_equal(nm_port_start(ring_port), 0);
	nm_page_pool_reap();
	assert_int_equal(net_devmem_binding_avail(b), 16 - n);	/* the rest came back */
	net_devmem_unbind(b);
	assert_null(net_devmem_lookup(id));
	nm_page_pool_reap();
	assert_int_equal(release_calls(&r), 0);
	assert_true(net_devmem_binding_refcnt(b) >= 1);	/* the destroyed pool's */
	check_records(rec, n, id, &r, 77, 9000);

	/* Given back one by one: released with the last. */
	assert_int_equal(give_back(id, rec, 1), 1);
	nm_page_pool_reap();
	assert_int_equal(release_calls(&r), 0);
	assert_int_equal(give_back(id, rec + 1, n - 1), n - 1);
	assert_int_equal(wait_release(&r), 1);
	(void)pool;
}

/* Last: a closed ring port is gone for good. */
static void test_close(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 8 * PAGE_SIZE, 0xee);
	const uint16_t q1[] = { 1 };

	(void)state;
	assert_int_equal(nm_port_bind_devmem(ring_port, q1, 1, b, NM_DEVMEM_F_SW_SPLIT), 0);
	assert_int_equal(nm_port_close(ring_port), -EBUSY);
	assert_int_equal(nm_port_stop(ring_port), -EBUSY);
	assert_int_equal(nm_port_unbind_devmem(ring_port, b), 0);
	assert_int_equal(nm_port_close(ring_port), 0);
	assert_int_equal(nm_port_close(null_port), 0);
	assert_int_equal(nm_port_bind_devmem(ring_port, q1, 1, b, NM_DEVMEM_F_SW_SPLIT), -ENODEV);
	unbind_last(b, &r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bind_rules, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_unbind_tokens_outstanding, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_close, case_setup, case_teardown),
	};

	return port_devmem_run("port_devmem_bind", tests, sizeof(tests) / sizeof(tests[0]));
}

