/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the statistics of an RX queue's page_pool, whose ring
 * the PMD refills from the pool's mempool behind the pool's back: the
 * port counts the PMD's allocations per burst (alloc.fast), and
 * page_pool_get_stats() reports every page back in the mempool as
 * recycle.ring, whether an skb free or the PMD's TX completion gave it
 * back. A PMD that does not refill (net_ring: RX hands over what a sender
 * enqueued) counts nothing.
 *
 * Each case has a port of its own (closing a port closes its ethdev).
 * net_null allocates exactly one mbuf per packet it hands over and frees
 * every mbuf it is given to send, so the expected counts are exact.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <rte_ethdev.h>
#include <rte_mempool.h>

#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/port.h>
#include <netmem/skbuff.h>

#include "test_common.h"
#include "test_port_conf.h"

#define BURST	32

static uint16_t port_by_name(const char *name)
{
	uint16_t pid;

	assert_int_equal(rte_eth_dev_get_port_by_name(name, &pid), 0);
	return pid;
}

static struct page_pool_stats pp_stats(uint16_t pid)
{
	struct page_pool_stats s;

	memset(&s, 0, sizeof(s));
	assert_true(page_pool_get_stats(nm_port_rxq_page_pool(pid, 0), &s));
	return s;
}

static uint16_t rx_full(uint16_t pid, struct sk_buff **skbs)
{
	uint16_t n = nm_rx_burst(pid, 0, skbs, BURST);

	assert_int_equal(n, BURST);
	return n;
}

/* net_null: BURST allocations per burst of BURST packets; pages freed as
 * skbs come back one by one (counted by the put), pages the PMD freed
 * after TX come back uncounted and are found by page_pool_get_stats(). */
static void test_null_refill_and_recycle(void **state)
{
	struct sk_buff *skbs[BURST];
	struct page_pool_stats s;
	struct rte_mempool *mp;
	struct nm_port_conf c = conf_default();
	uint16_t pid = port_by_name("net_null0");

	(void)state;
	assert_int_equal(nm_port_init(pid, &c), 0);
	mp = nm_page_pool_mempool(nm_port_rxq_page_pool(pid, 0));
	assert_non_null(mp);
	s = pp_stats(pid);
	assert_int_equal(s.alloc_stats.fast, 0);
	assert_int_equal(s.recycle_stats.ring, 0);

	/* One burst, freed by the program: 32 allocations, 32 recycles. */
	rx_full(pid, skbs);
	s = pp_stats(pid);
	assert_int_equal(s.alloc_stats.fast, BURST);
	assert_int_equal(s.recycle_stats.ring, 0);
	assert_int_equal(rte_mempool_in_use_count(mp), BURST);
	for (unsigned int i = 0; i < BURST; i++)
		kfree_skb(skbs[i]);
	s = pp_stats(pid);
	assert_int_equal(s.recycle_stats.ring, BURST);
	assert_int_equal(s.recycle_stats.released_refcnt, 0);

	/* Two bursts forwarded: the PMD frees the pages after sending. */
	for (int k = 0; k < 2; k++) {
		rx_full(pid, skbs);
		assert_int_equal(nm_tx_burst(pid, 0, skbs, BURST), BURST);
	}
	s = pp_stats(pid);
	assert_int_equal(s.alloc_stats.fast, 3 * BURST);
	assert_int_equal(s.alloc_stats.slow, 0);	/* net_null has no ring */
	assert_int_equal(s.recycle_stats.ring, 3 * BURST);
	assert_int_equal(rte_mempool_in_use_count(mp), 0);

	/* The kernel's page_pool_get_stats() adds to what it is given. */
	assert_true(page_pool_get_stats(nm_port_rxq_page_pool(pid, 0), &s));
	assert_int_equal(s.alloc_stats.fast, 6 * BURST);
	assert_int_equal(s.recycle_stats.ring, 6 * BURST);
	assert_int_equal(nm_port_close(pid), 0);
}

/* Pages still out are not counted as recycled; another pool summed into
 * the same struct first does not change what this pool reports. */
static void test_pages_out_and_sum(void **state)
{
	struct page_pool_params pp = { .order = 0, .pool_size = 64, .nid = NUMA_NO_NODE };
	struct sk_buff *skbs[BURST];
	struct page_pool_stats s;
	struct page_pool *other;
	struct page *pages[8];
	struct nm_port_conf c = conf_default();
	uint16_t pid = port_by_name("net_null1");

	(void)state;
	assert_int_equal(nm_port_init(pid, &c), 0);
	other = page_pool_create(&pp);
	assert_false(IS_ERR(other));
	for (unsigned int i = 0; i < RTE_DIM(pages); i++)
		assert_non_null(pages[i] = page_pool_dev_alloc_pages(other));

	rx_full(pid, skbs);
	for (unsigned int i = 0; i < BURST / 2; i++)
		kfree_skb(skbs[i]);
	memset(&s, 0, sizeof(s));
	assert_true(page_pool_get_stats(other, &s));
	assert_true(page_pool_get_stats(nm_port_rxq_page_pool(pid, 0), &s));
	/* other: 8 allocations, none back; the queue: 32 out, 16 back */
	assert_int_equal(s.alloc_stats.fast + s.alloc_stats.slow, BURST + 8);
	assert_int_equal(s.recycle_stats.ring, BURST / 2);

	for (unsigned int i = BURST / 2; i < BURST; i++)
		kfree_skb(skbs[i]);
	for (unsigned int i = 0; i < RTE_DIM(pages); i++)
		page_pool_put_full_page(other, pages[i], false);
	page_pool_destroy(other);
	assert_int_equal(nm_port_close(pid), 0);
}

/* The guards of the inline put of a PMD-refilled pool's page: a page with
 * other page references is released (not handed to the mempool while
 * someone still holds it), a page put to another pool is a misuse and
 * goes back to its own, either way. */
static void test_put_guards(void **state)
{
	struct page_pool_params pp = { .order = 0, .pool_size = 64, .nid = NUMA_NO_NODE };
	struct sk_buff *skbs[BURST];
	struct page_pool_stats s;
	struct page_pool *other;
	struct rte_mempool *mp;
	struct page *page;
	struct nm_port_conf c = conf_default();
	uint16_t pid = port_by_name("net_null2");
	uint64_t misuse0 = nm_misuse_count();

	(void)state;
	assert_int_equal(nm_port_init(pid, &c), 0);
	mp = nm_page_pool_mempool(nm_port_rxq_page_pool(pid, 0));
	rx_full(pid, skbs);
	for (unsigned int i = 2; i < BURST; i++)
		kfree_skb(skbs[i]);
	assert_int_equal(rte_mempool_in_use_count(mp), 2);

	/* another page reference: released, not recycled under its holder */
	page = virt_to_head_page(skbs[0]->head);
	get_page(page);
	kfree_skb(skbs[0]);
	s = pp_stats(pid);
	assert_int_equal(s.recycle_stats.released_refcnt, 1);
	assert_int_equal(page_ref_count(page), 1);
	assert_false(netmem_is_pp(page_to_netmem(page)));
	put_page(page);
	assert_int_equal(nm_misuse_count(), misuse0);

	/* put to the wrong pool: a misuse, back to its own mempool */
	other = page_pool_create(&pp);
	assert_false(IS_ERR(other));
	page = virt_to_head_page(skbs[1]->head);
	page_pool_ref_page(page);
	kfree_skb(skbs[1]);
	assert_int_equal(rte_mempool_in_use_count(mp), 1);
	page_pool_put_full_page(other, page, false);
	assert_int_equal(nm_misuse_count(), misuse0 + 1);
	assert_int_equal(rte_mempool_in_use_count(mp), 0);

	/* and the other way: a page of another pool put to the RX pool (whose
	 * inline put gives pages to the mempool the page's mbuf names) */
	page = page_pool_dev_alloc_pages(other);
	assert_non_null(page);
	page_pool_put_full_page(nm_port_rxq_page_pool(pid, 0), page, false);
	assert_int_equal(nm_misuse_count(), misuse0 + 2);
	assert_true(netmem_is_pp(page_to_netmem(page)));
	assert_ptr_equal(page->pp, other);
	assert_int_equal(page_pool_inflight(other), 0);
	assert_int_equal(rte_mempool_in_use_count(mp), 0);
	page_pool_destroy(other);
	assert_int_equal(nm_port_close(pid), 0);
}

/* net_ring: the packets received are the ones sent, no refill happens and
 * none is counted. */
static void test_ring_counts_nothing(void **state)
{
	struct sk_buff *skbs[BURST];
	struct page_pool_stats s;
	struct nm_port_conf c = conf_default();
	uint16_t pid = port_by_name("net_ring0");
	struct nm_port_caps caps;

	(void)state;
	assert_int_equal(nm_port_caps_get(pid, &caps), 0);
	assert_false(caps.rx_pmd_refill);
	assert_int_equal(nm_port_init(pid, &c), 0);
	for (unsigned int i = 0; i < 8; i++) {
		skbs[i] = alloc_skb(128, GFP_ATOMIC);
		assert_non_null(skbs[i]);
		memset(skb_put(skbs[i], 60), 0x5a, 60);
	}
	assert_int_equal(nm_tx_burst(pid, 0, skbs, 8), 8);
	assert_int_equal(nm_rx_burst(pid, 0, skbs, BURST), 8);
	for (unsigned int i = 0; i < 8; i++)
		kfree_skb(skbs[i]);
	s = pp_stats(pid);
	assert_int_equal(s.alloc_stats.fast, 0);
	assert_int_equal(s.alloc_stats.slow, 0);
	assert_int_equal(s.recycle_stats.ring, 0);
	assert_int_equal(nm_port_close(pid), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_refill_and_recycle),
		cmocka_unit_test(test_pages_out_and_sum),
		cmocka_unit_test(test_put_guards),
		cmocka_unit_test(test_ring_counts_nothing),
	};
	int ret;

	nm_test_eal_init(1, "--vdev=net_null0", "--vdev=net_null1", "--vdev=net_null2", "--vdev=net_ring0", NULL);
	ret = cmocka_run_group_tests_name("port_pp_stats", tests, NULL, NULL);
	/* Every pool closed above gave all its pages back. */
	if (nm_page_pool_reap() != 0) {
		fprintf(stderr, "port_pp_stats: a page_pool still waits for pages\n");
		ret = 1;
	}
	return ret;
}
