/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of lib/netdev across two lcores (skipped on one CPU):
 *  - a NAPI owned by the worker lcore is scheduled from the main lcore and
 *    polled only by the worker's nm_napi_poll_lcore() loop (where its
 *    packets are delivered); napi_disable() from the main lcore waits for
 *    the worker's poll and leaves the NAPI idle and off;
 *  - both lcores dev_queue_xmit() onto one TX queue of a driver whose ring
 *    fills (stop, wake, NETDEV_TX_BUSY): every frame arrives once and the
 *    frames of each sender in the order it sent them.
 * After each case: skbs live, misuse count, page mempools and the test
 * page_pool's inflight are back where they were. No timing: only waits
 * for counters.
 */
#include <stdbool.h>
#include <string.h>

#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_pause.h>
#include <rte_spinlock.h>

#include <netmem/ether.h>
#include <netmem/netdevice.h>
#include <netmem/skb_queue.h>
#include <netmem/skbuff.h>

#include "test_netdev_util.h"

static unsigned int worker;
static volatile bool worker_stop;

/* ---- a NAPI on the worker ---------------------------------------------- */

static struct sk_buff_head mp_ring;		/* locked variants only */
static struct napi_struct mp_napi;
static unsigned int mp_delivered, mp_wrong_lcore, mp_polls_after_disable;
static volatile bool mp_disabled;

static int mp_poll(struct napi_struct *napi, int budget)
{
	int work = 0;

	if (mp_disabled)
		mp_polls_after_disable++;
	while (work < budget) {
		struct sk_buff *skb = skb_dequeue(&mp_ring);

		if (skb == NULL)
			break;
		skb->protocol = eth_type_trans(skb, napi->dev);
		napi_gro_receive(napi, skb);
		work++;
	}
	if (work < budget)
		napi_complete_done(napi, work);
	return work;
}

static int mp_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		  struct net_device *orig)
{
	(void)dev;
	(void)pt;
	(void)orig;
	if (rte_lcore_id() != worker)
		mp_wrong_lcore++;
	__atomic_fetch_add(&mp_delivered, 1, __ATOMIC_RELEASE);
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static int worker_loop(void *arg)
{
	(void)arg;
	while (!worker_stop)
		nm_napi_poll_lcore(0);
	return 0;
}

static const struct net_device_ops nop_ops = { 0 };

static void test_napi_other_lcore(void **state)
{
	struct net_device *dev = alloc_etherdev(0);
	struct packet_type pt = { .type = RTE_BE16(ETH_P_IP), .func = mp_rcv };
	uint8_t f[128];
	unsigned int len = t_tcp4_frame(f, 10, 1, 1);

	(void)state;
	dev->netdev_ops = &nop_ops;
	assert_int_equal(register_netdev(dev), 0);
	dev_add_pack(&pt);
	skb_queue_head_init(&mp_ring);
	netif_napi_add(dev, &mp_napi, mp_poll);
	assert_int_equal(nm_napi_set_lcore(&mp_napi, worker), 0);
	napi_enable(&mp_napi);
	worker_stop = false;
	mp_disabled = false;
	assert_int_equal(rte_eal_remote_launch(worker_loop, NULL, worker), 0);

	for (unsigned int i = 0; i < 1000; i++) {
		skb_queue_tail(&mp_ring, t_skb_from(f, len));
		napi_schedule(&mp_napi);
	}
	while (__atomic_load_n(&mp_delivered, __ATOMIC_ACQUIRE) < 1000)
		rte_pause();
	assert_int_equal(mp_wrong_lcore, 0);

	/* disable with a poll pending on the worker: waits for it */
	for (unsigned int i = 0; i < 100; i++)
		skb_queue_tail(&mp_ring, t_skb_from(f, len));
	napi_schedule(&mp_napi);
	napi_disable(&mp_napi);
	mp_disabled = true;
	assert_false(napi_schedule(&mp_napi));
	assert_true(mp_napi.list_owner == -1);
	/* more frames: nobody polls them while disabled */
	skb_queue_tail(&mp_ring, t_skb_from(f, len));
	napi_schedule(&mp_napi);
	mp_disabled = false;
	napi_enable(&mp_napi);
	napi_schedule(&mp_napi);
	while (__atomic_load_n(&mp_delivered, __ATOMIC_ACQUIRE) < 1101)
		rte_pause();
	napi_disable(&mp_napi);
	worker_stop = true;
	rte_eal_wait_lcore(worker);
	assert_int_equal(mp_polls_after_disable, 0);
	assert_int_equal(mp_delivered, 1101);
	assert_int_equal(mp_wrong_lcore, 0);
	dev_remove_pack(&pt);
	unregister_netdev(dev);
	free_netdev(dev);
}

/* ---- two senders, one queue ------------------------------------------- */

#define RING	16
#define PER	4000

struct mp_drv {
	struct sk_buff_head ring;	/* under the queue's xmit lock */
	unsigned int busy;
};

static netdev_tx_t mp_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct mp_drv *d = netdev_priv(dev);
	struct netdev_queue *txq = netdev_get_tx_queue(dev, 0);

	if (skb_queue_len(&d->ring) >= RING) {
		d->busy++;		/* the odd driver: BUSY without a stop */
		return NETDEV_TX_BUSY;
	}
	__skb_queue_tail(&d->ring, skb);
	if (skb_queue_len(&d->ring) >= RING - 2)
		netif_tx_stop_queue(txq);
	return NETDEV_TX_OK;
}

static const struct net_device_ops mp_ops = { .ndo_start_xmit = mp_xmit };

static struct net_device *mp_dev;
static unsigned int next_of[2], got_total;

/* TX clean: takes what the "hardware" sent, checks each sender's order. */
static void mp_clean(void)
{
	struct mp_drv *d = netdev_priv(mp_dev);
	struct netdev_queue *txq = netdev_get_tx_queue(mp_dev, 0);
	struct sk_buff_head done;
	struct sk_buff *skb;

	__skb_queue_head_init(&done);
	__netif_tx_lock(txq, (int)rte_lcore_id());
	skb_queue_splice_init(&d->ring, &done);
	__netif_tx_unlock(txq);
	while ((skb = __skb_dequeue(&done)) != NULL) {
		unsigned int who = skb->data[T_ETH_HLEN + 4];
		unsigned int seq = (unsigned int)skb->data[T_ETH_HLEN + 5] |
				   (unsigned int)skb->data[T_ETH_HLEN + 8] << 8;

		assert_true(who < 2);
		assert_int_equal(seq, next_of[who] & 0xffff);
		next_of[who]++;
		got_total++;
		consume_skb(skb);
	}
	if (netif_tx_queue_stopped(txq))
		netif_tx_wake_queue(txq);
	else
		nm_netdev_tx_run(txq);
}

static void send_stream(unsigned int who)
{
	uint8_t f[128];
	unsigned int len = t_tcp4_frame(f, 10, 1, 0);

	for (unsigned int i = 0; i < PER; i++) {
		struct sk_buff *skb;

		f[T_ETH_HLEN + 4] = (uint8_t)who;	/* IP id: sender, seq low */
		f[T_ETH_HLEN + 5] = (uint8_t)i;
		f[T_ETH_HLEN + 8] = (uint8_t)(i >> 8);	/* TTL: seq high */
		skb = t_skb_from(f, len);
		skb->dev = mp_dev;
		while (dev_queue_xmit(skb) != NET_XMIT_SUCCESS)
			assert_true(false);
	}
}

static volatile bool sender_done;

static int sender_loop(void *arg)
{
	(void)arg;
	send_stream(1);
	__atomic_store_n(&sender_done, true, __ATOMIC_RELEASE);
	return 0;
}

static void test_two_senders(void **state)
{
	struct mp_drv *d;

	(void)state;
	mp_dev = alloc_etherdev(sizeof(struct mp_drv));
	d = netdev_priv(mp_dev);
	__skb_queue_head_init(&d->ring);
	mp_dev->netdev_ops = &mp_ops;
	mp_dev->tx_queue_len = 2 * PER + 16;
	assert_int_equal(register_netdev(mp_dev), 0);
	assert_int_equal(dev_open(mp_dev), 0);
	next_of[0] = next_of[1] = got_total = 0;
	sender_done = false;
	assert_int_equal(rte_eal_remote_launch(sender_loop, NULL, worker), 0);
	{
		uint8_t f[128];
		unsigned int len = t_tcp4_frame(f, 10, 1, 0);

		for (unsigned int i = 0; i < PER; i++) {
			struct sk_buff *skb;

			f[T_ETH_HLEN + 4] = 0;
			f[T_ETH_HLEN + 5] = (uint8_t)i;
			f[T_ETH_HLEN + 8] = (uint8_t)(i >> 8);
			skb = t_skb_from(f, len);
			skb->dev = mp_dev;
			assert_int_equal(dev_queue_xmit(skb), NET_XMIT_SUCCESS);
			if (i % 8 == 0)
				mp_clean();
		}
	}
	while (got_total < 2 * PER) {
		bool done = __atomic_load_n(&sender_done, __ATOMIC_ACQUIRE);

		mp_clean();
		if (done && got_total < 2 * PER &&
		    skb_queue_empty_lockless(&netdev_get_tx_queue(mp_dev, 0)->backlog) &&
		    skb_queue_empty_lockless(&d->ring))
			break;
	}
	rte_eal_wait_lcore(worker);
	assert_int_equal(next_of[0], PER);
	assert_int_equal(next_of[1], PER);
	assert_int_equal(got_total, 2 * PER);
	assert_int_equal(nm_netdev_drop_count(mp_dev, SKB_DROP_REASON_QDISC_DROP), 0);
	assert_int_equal(netdev_get_tx_queue(mp_dev, 0)->requeues, d->busy);
	unregister_netdev(mp_dev);
	free_netdev(mp_dev);
}

/* The worker's per-lcore skb head cache, filled once before the cases. */
static int warm_up(void *arg)
{
	struct sk_buff *skb = alloc_skb(64, GFP_ATOMIC);

	(void)arg;
	kfree_skb(skb);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_napi_other_lcore, t_case_setup,
						t_case_teardown),
		cmocka_unit_test_setup_teardown(test_two_senders, t_case_setup, t_case_teardown),
	};
	int ret;

	nm_test_eal_init(2, NULL);
	worker = rte_get_next_lcore(-1, 1, 0);
	rte_eal_remote_launch(warm_up, NULL, worker);
	rte_eal_wait_lcore(worker);
	ret = cmocka_run_group_tests_name("netdev_mp", tests, t_group_setup, t_group_teardown);
	rte_eal_cleanup();
	return ret;
}
