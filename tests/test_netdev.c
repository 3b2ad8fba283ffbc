/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of lib/netdev's device and receive side:
 *  - alloc_netdev_mqs/alloc_etherdev, netdev_priv, register_netdev names
 *    ("nm%d") and ifindexes, lookups, unregister, free_netdev misuse;
 *  - carrier and TX queue state (stop/wake/start, _all variants);
 *  - the NAPI rules: disabled after netif_napi_add, budget = weight,
 *    a full budget keeps it scheduled, napi_complete_done() returns false
 *    after a schedule during the poll (MISSED) and true otherwise,
 *    napi_disable() waits for (runs) a pending poll, misuses counted;
 *    the lcore loop with its budget;
 *  - delivery: ETH_P_ALL taps, rx_handler CONSUMED/PASS/EXACT/ANOTHER,
 *    packet_type handlers global and bound to a device, unhandled
 *    protocols dropped with SKB_DROP_REASON_UNHANDLED_PROTO and counted,
 *    VLAN tags for another VLAN, netif_receive_skb_list,
 *    napi_gro_receive batching, napi_get_frags/napi_gro_frags with
 *    page_pool frags.
 * After each case: skbs live, misuse count, page mempools and the test
 * page_pool's inflight are back where they were.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rte_lcore.h>

#include <netmem/ether.h>
#include <netmem/netdevice.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/skb_queue.h>
#include <netmem/skbuff.h>
#include <netmem/vlan.h>

#include "test_netdev_util.h"

/* ---- register, carrier, queues ---------------------------------------- */

struct tpriv {
	uint64_t magic;
	int inits, uninits, opens, stops;
};

static int t_init(struct net_device *dev)
{
	((struct tpriv *)netdev_priv(dev))->inits++;
	return 0;
}

static void t_uninit(struct net_device *dev)
{
	((struct tpriv *)netdev_priv(dev))->uninits++;
}

static int t_open(struct net_device *dev)
{
	((struct tpriv *)netdev_priv(dev))->opens++;
	return 0;
}

static int t_stop(struct net_device *dev)
{
	((struct tpriv *)netdev_priv(dev))->stops++;
	return 0;
}

static netdev_tx_t t_xmit_free(struct sk_buff *skb, struct net_device *dev)
{
	(void)dev;
	consume_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops t_ops = {
	.ndo_init = t_init,
	.ndo_uninit = t_uninit,
	.ndo_open = t_open,
	.ndo_stop = t_stop,
	.ndo_start_xmit = t_xmit_free,
};

static void test_register(void **state)
{
	struct net_device *a, *b, *c;
	struct tpriv *pa;
	char name_a[IFNAMSIZ];

	(void)state;
	a = alloc_etherdev(sizeof(struct tpriv));
	b = alloc_etherdev_mqs(sizeof(struct tpriv), 4, 2);
	assert_non_null(a);
	assert_non_null(b);
	pa = netdev_priv(a);
	assert_int_equal((uintptr_t)pa % NETDEV_ALIGN, 0);
	assert_int_equal(pa->magic, 0);
	assert_int_equal(a->mtu, 1500);
	assert_int_equal(a->addr_len, ETH_ALEN);
	assert_int_equal(b->num_tx_queues, 4);
	assert_int_equal(b->real_num_rx_queues, 2);
	assert_int_equal(a->gso_max_size, 65536);
	assert_int_equal(a->gro_max_size, 65536);
	assert_int_equal(a->tx_queue_len, 1000);
	a->netdev_ops = &t_ops;
	b->netdev_ops = &t_ops;
	assert_null(alloc_netdev_mqs(0, "x%d", NULL, 0, 1));
	assert_null(alloc_netdev_mqs(0, "x%d", NULL, 1, NM_NETDEV_MAX_QUEUES + 1));

	assert_int_equal(register_netdev(a), 0);
	assert_int_equal(register_netdev(b), 0);
	assert_int_equal(pa->inits, 1);
	assert_int_equal(strncmp(a->name, "nm", 2), 0);
	assert_string_not_equal(a->name, b->name);
	assert_true(a->ifindex > 0);
	assert_int_equal(b->ifindex, a->ifindex + 1);
	assert_ptr_equal(dev_get_by_name(a->name), a);
	assert_ptr_equal(dev_get_by_index(b->ifindex), b);
	assert_true(netif_device_present(a));
	assert_false(netif_running(a));
	assert_int_equal(register_netdev(a), -EINVAL);

	/* a fixed name that is taken */
	c = alloc_netdev(0, a->name, ether_setup);
	assert_non_null(c);
	assert_int_equal(register_netdev(c), -EEXIST);
	free_netdev(c);

	/* open/close, unregister closes */
	assert_int_equal(dev_open(a), 0);
	assert_true(netif_running(a));
	assert_true(a->flags & IFF_UP);
	assert_int_equal(pa->opens, 1);
	dev_close(a);
	assert_false(a->flags & IFF_UP);
	assert_int_equal(pa->stops, 1);
	assert_int_equal(dev_open(a), 0);

	/* freeing a registered device is refused and counted */
	free_netdev(a);
	t_expect_misuse++;
	snprintf(name_a, sizeof(name_a), "%s", a->name);
	unregister_netdev(a);
	assert_int_equal(pa->stops, 2);
	assert_int_equal(pa->uninits, 1);
	assert_null(dev_get_by_name(name_a));
	assert_false(netif_device_present(a));
	unregister_netdev(a);
	t_expect_misuse++;
	/* the name is free again */
	c = alloc_netdev(0, name_a, ether_setup);
	assert_int_equal(register_netdev(c), 0);
	assert_string_equal(c->name, name_a);
	unregister_netdev(c);
	free_netdev(c);
	free_netdev(a);
	unregister_netdev(b);
	free_netdev(b);
}

static void test_carrier_queues(void **state)
{
	struct net_device *dev = alloc_etherdev_mqs(0, 3, 1);

	(void)state;
	assert_non_null(dev);
	assert_true(netif_carrier_ok(dev));
	netif_carrier_off(dev);
	assert_false(netif_carrier_ok(dev));
	netif_carrier_on(dev);
	assert_true(netif_carrier_ok(dev));

	assert_false(netif_queue_stopped(dev));
	netif_stop_queue(dev);
	assert_true(netif_queue_stopped(dev));
	assert_true(netif_xmit_stopped(netdev_get_tx_queue(dev, 0)));
	assert_false(netif_tx_queue_stopped(netdev_get_tx_queue(dev, 1)));
	netif_wake_queue(dev);
	assert_false(netif_queue_stopped(dev));
	netif_tx_stop_all_queues(dev);
	for (unsigned int i = 0; i < 3; i++)
		assert_true(netif_tx_queue_stopped(netdev_get_tx_queue(dev, i)));
	netif_tx_start_queue(netdev_get_tx_queue(dev, 2));
	assert_false(netif_tx_queue_stopped(netdev_get_tx_queue(dev, 2)));
	netif_tx_wake_all_queues(dev);
	for (unsigned int i = 0; i < 3; i++)
		assert_false(netif_tx_queue_stopped(netdev_get_tx_queue(dev, i)));
	netif_tx_stop_all_queues(dev);
	netif_tx_start_all_queues(dev);
	assert_false(netif_xmit_stopped(netdev_get_tx_queue(dev, 1)));
	free_netdev(dev);
}

/* ---- NAPI ---------------------------------------------------------------- */

/* A fake RX ring: skbs waiting for the poll. */
struct fake_rx {
	struct sk_buff_head ring;
	struct napi_struct napi;
	int last_budget;
	int completes_true, completes_false;
	bool schedule_in_poll;		/* napi_schedule() during the poll */
	bool no_complete;
};

static struct fake_rx frx;

static int fake_poll(struct napi_struct *napi, int budget)
{
	struct fake_rx *f = &frx;
	int work = 0;

	assert_ptr_equal(napi, &f->napi);
	f->last_budget = budget;
	if (f->schedule_in_poll) {
		assert_false(napi_schedule(napi));	/* running: MISSED */
		f->schedule_in_poll = false;
	}
	while (work < budget) {
		struct sk_buff *skb = __skb_dequeue(&f->ring);

		if (skb == NULL)
			break;
		skb->protocol = eth_type_trans(skb, napi->dev);
		napi_gro_receive(napi, skb);
		work++;
	}
	if (work < budget && !f->no_complete) {
		if (napi_complete_done(napi, work))
			f->completes_true++;
		else
			f->completes_false++;
	}
	return work;
}

/* Counting handler for IPv4. */
static unsigned int ip_seen, tap_seen, v6_seen, dev2_seen;
static int ip_last_users;
static unsigned char ip_last_pkt_type;

static int ip_rcv_count(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
			struct net_device *orig)
{
	(void)dev;
	(void)pt;
	(void)orig;
	ip_seen++;
	ip_last_users = __atomic_load_n(&skb->users, __ATOMIC_RELAXED);
	ip_last_pkt_type = skb->pkt_type;
	assert_int_equal(skb_network_offset(skb), 0);
	assert_int_equal(skb->mac_len, T_ETH_HLEN);
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static int tap_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		   struct net_device *orig)
{
	(void)dev;
	(void)pt;
	(void)orig;
	tap_seen++;
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static int v6_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		  struct net_device *orig)
{
	(void)dev;
	(void)pt;
	(void)orig;
	v6_seen++;
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static int dev2_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		    struct net_device *orig)
{
	(void)pt;
	assert_ptr_equal(skb->dev, dev);
	assert_ptr_not_equal(dev, orig);
	dev2_seen++;
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static struct packet_type ip_pt = { .func = ip_rcv_count };

static void counters_reset(void)
{
	ip_seen = tap_seen = v6_seen = dev2_seen = 0;
}

static struct sk_buff *mk_ip_frame(unsigned int payload)
{
	uint8_t b[2048];
	unsigned int len = t_tcp4_frame(b, payload, 1000, 1);

	return t_skb_from(b, len);
}

static void test_napi_rules(void **state)
{
	struct net_device *dev = alloc_etherdev(sizeof(struct tpriv));
	struct napi_struct *n = &frx.napi;

	(void)state;
	memset(&frx, 0, sizeof(frx));
	__skb_queue_head_init(&frx.ring);
	dev->netdev_ops = &t_ops;
	assert_int_equal(register_netdev(dev), 0);
	ip_pt.type = RTE_BE16(ETH_P_IP);
	dev_add_pack(&ip_pt);
	counters_reset();

	netif_napi_add(dev, n, fake_poll);
	assert_int_equal(n->weight, NAPI_POLL_WEIGHT);
	assert_int_equal(n->lcore, rte_lcore_id());
	assert_false(napi_schedule(n));		/* disabled */
	assert_int_equal(nm_napi_poll_once(n), 0);
	assert_int_equal(n->poll_count, 0);
	napi_enable(n);
	assert_false(napi_is_scheduled(n));

	for (int i = 0; i < 100; i++)
		__skb_queue_tail(&frx.ring, mk_ip_frame(10));
	assert_true(napi_schedule(n));
	assert_true(napi_is_scheduled(n));
	/* the whole budget: stays scheduled, no completion, all delivered */
	assert_int_equal(nm_napi_poll_once(n), 64);
	assert_int_equal(frx.last_budget, 64);
	assert_true(napi_is_scheduled(n));
	assert_int_equal(frx.completes_true + frx.completes_false, 0);
	assert_int_equal(ip_seen, 64);
	/* a schedule during the poll: complete returns false, polled again */
	frx.schedule_in_poll = true;
	assert_int_equal(nm_napi_poll_once(n), 36);
	assert_int_equal(frx.completes_false, 1);
	assert_int_equal(ip_seen, 100);
	assert_true(napi_is_scheduled(n));
	assert_int_equal(nm_napi_poll_lcore(0), 0);
	assert_int_equal(frx.completes_true, 1);
	assert_false(napi_is_scheduled(n));
	assert_int_equal(n->poll_count, 3);

	/* the lcore loop: budget 300 over a NAPI of weight 64 */
	for (int i = 0; i < 200; i++)
		__skb_queue_tail(&frx.ring, mk_ip_frame(10));
	assert_true(napi_schedule(n));
	assert_int_equal(nm_napi_poll_lcore(0), 64);	/* once per round */
	assert_int_equal(nm_napi_poll_lcore(0), 64);
	assert_int_equal(nm_napi_poll_lcore(100), 64);
	assert_int_equal(nm_napi_poll_lcore(0), 8);
	assert_false(napi_is_scheduled(n));
	assert_int_equal(ip_seen, 300);

	/* napi_disable with a poll pending: the poll runs, then disabled */
	__skb_queue_tail(&frx.ring, mk_ip_frame(10));
	assert_true(napi_schedule(n));
	napi_disable(n);
	assert_int_equal(ip_seen, 301);
	assert_false(napi_schedule(n));
	assert_int_equal(nm_napi_poll_once(n), 0);
	napi_disable(n);			/* twice: counted */
	t_expect_misuse++;
	napi_enable(n);
	napi_enable(n);				/* not disabled: counted */
	t_expect_misuse++;
	/* a poll that used its budget while a disable is pending completes */
	assert_false(napi_complete_done(n, 0));	/* not scheduled: counted */
	t_expect_misuse++;

	/* netif_napi_del of an enabled NAPI: disabled first, counted */
	__skb_queue_tail(&frx.ring, mk_ip_frame(10));
	frx.no_complete = true;
	assert_true(napi_schedule(n));
	assert_int_equal(nm_napi_poll_once(n), 1);
	/* poll returned < budget without completing: still scheduled */
	assert_true(napi_is_scheduled(n));
	frx.no_complete = false;
	napi_complete_done(n, 1);
	netif_napi_del(n);
	t_expect_misuse++;
	assert_null(dev->napi_list);

	/* weight and lcore */
	netif_napi_add_weight(dev, n, fake_poll, 16);
	assert_int_equal(nm_napi_set_lcore(n, RTE_MAX_LCORE), -EINVAL);
	assert_int_equal(nm_napi_set_lcore(n, rte_lcore_id()), 0);
	napi_enable(n);
	assert_int_equal(nm_napi_set_lcore(n, rte_lcore_id()), -EBUSY);
	for (int i = 0; i < 20; i++)
		__skb_queue_tail(&frx.ring, mk_ip_frame(10));
	napi_schedule(n);
	assert_int_equal(nm_napi_poll_once(n), 16);
	assert_int_equal(nm_napi_poll_once(n), 4);
	assert_int_equal(ip_seen, 322);
	napi_disable(n);
	/* free_netdev deletes the NAPIs */
	dev_remove_pack(&ip_pt);
	unregister_netdev(dev);
	free_netdev(dev);
}

/* ---- delivery -------------------------------------------------------- */

static int rxh_mode;
static unsigned int rxh_seen;
static struct net_device *rxh_other;

static rx_handler_result_t test_rx_handler(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;

	rxh_seen++;
	assert_non_null(skb->dev->rx_handler_data);
	switch (rxh_mode) {
	case RX_HANDLER_CONSUMED:
		consume_skb(skb);
		return RX_HANDLER_CONSUMED;
	case RX_HANDLER_ANOTHER:
		skb->dev = rxh_other;
		return RX_HANDLER_ANOTHER;
	default:
		return (rx_handler_result_t)rxh_mode;
	}
}

static void test_rx_delivery(void **state)
{
	struct net_device *dev = alloc_etherdev(sizeof(struct tpriv)), *dev2 = alloc_etherdev(sizeof(struct tpriv));
	struct packet_type tap = { .type = RTE_BE16(ETH_P_ALL), .func = tap_rcv };
	struct packet_type v6 = { .type = RTE_BE16(ETH_P_IPV6), .func = v6_rcv };
	struct packet_type d2 = { .type = RTE_BE16(ETH_P_IP), .func = dev2_rcv };
	struct rtnl_link_stats64 st;
	struct sk_buff_head list;
	struct sk_buff *skb;
	uint8_t b[256];
	uint64_t unh0 = nm_skb_drop_reason_count(SKB_DROP_REASON_UNHANDLED_PROTO);
	int dummy;

	(void)state;
	dev->netdev_ops = &t_ops;
	dev2->netdev_ops = &t_ops;
	assert_int_equal(register_netdev(dev), 0);
	assert_int_equal(register_netdev(dev2), 0);
	counters_reset();
	ip_pt.type = RTE_BE16(ETH_P_IP);
	dev_add_pack(&ip_pt);

	/* IPv4 to its handler, with data at the network header */
	skb = mk_ip_frame(20);
	skb->protocol = eth_type_trans(skb, dev);
	assert_int_equal(netif_receive_skb(skb), NET_RX_SUCCESS);
	assert_int_equal(ip_seen, 1);
	assert_int_equal(ip_last_users, 1);

	/* ARP: nobody takes it: dropped, counted on the device */
	t_put_eth(b, 0x0806);
	memset(b + 14, 0, 28);
	skb = t_skb_from(b, 42);
	skb->protocol = eth_type_trans(skb, dev);
	assert_int_equal(netif_receive_skb(skb), NET_RX_DROP);
	assert_int_equal(nm_netdev_drop_count(dev, SKB_DROP_REASON_UNHANDLED_PROTO), 1);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_UNHANDLED_PROTO), unh0 + 1);
	dev_get_stats(dev, &st);
	assert_int_equal(st.rx_dropped, 1);

	/* a tap sees every frame; the ARP frame then goes to the tap alone */
	dev_add_pack(&tap);
	skb = t_skb_from(b, 42);
	skb->protocol = eth_type_trans(skb, dev);
	assert_int_equal(netif_receive_skb(skb), NET_RX_SUCCESS);
	assert_int_equal(tap_seen, 1);
	assert_int_equal(nm_netdev_drop_count(dev, SKB_DROP_REASON_UNHANDLED_PROTO), 1);
	skb = mk_ip_frame(20);
	skb->protocol = eth_type_trans(skb, dev);
	netif_receive_skb(skb);
	assert_int_equal(tap_seen, 2);
	assert_int_equal(ip_seen, 2);
	assert_int_equal(ip_last_users, 1);	/* the tap's reference is gone */
	dev_remove_pack(&tap);

	/* rx_handler: one per device */
	assert_int_equal(netdev_rx_handler_register(dev, test_rx_handler, &dummy), 0);
	assert_int_equal(netdev_rx_handler_register(dev, test_rx_handler, &dummy), -EBUSY);
	rxh_mode = RX_HANDLER_CONSUMED;
	skb = mk_ip_frame(20);
	skb->protocol = eth_type_trans(skb, dev);
	assert_int_equal(netif_receive_skb(skb), NET_RX_SUCCESS);
	assert_int_equal(rxh_seen, 1);
	assert_int_equal(ip_seen, 2);
	rxh_mode = RX_HANDLER_PASS;
	skb = mk_ip_frame(20);
	skb->protocol = eth_type_trans(skb, dev);
	netif_receive_skb(skb);
	assert_int_equal(ip_seen, 3);
	/* EXACT: only handlers bound to the device; none: rx_nohandler */
	rxh_mode = RX_HANDLER_EXACT;
	skb = mk_ip_frame(20);
	skb->protocol = eth_type_trans(skb, dev);
	assert_int_equal(netif_receive_skb(skb), NET_RX_DROP);
	assert_int_equal(ip_seen, 3);
	dev_get_stats(dev, &st);
	assert_int_equal(st.rx_nohandler, 1);
	assert_int_equal(nm_netdev_drop_count(dev, SKB_DROP_REASON_UNHANDLED_PROTO), 2);
	/* ANOTHER: the handler moved the skb to dev2, whose bound handler takes it */
	d2.dev = dev2;
	dev_add_pack(&d2);
	rxh_mode = RX_HANDLER_ANOTHER;
	rxh_other = dev2;
	skb = mk_ip_frame(20);
	skb->protocol = eth_type_trans(skb, dev);
	assert_int_equal(netif_receive_skb(skb), NET_RX_SUCCESS);
	assert_int_equal(dev2_seen, 1);
	assert_int_equal(ip_seen, 4);		/* and the global one */
	assert_int_equal(skb_queue_len(&frx.ring), 0);
	netdev_rx_handler_unregister(dev);

	/* a VLAN tag for VLAN 5 (no VLAN devices): OTHERHOST */
	{
		uint8_t f[256];
		unsigned int len = t_tcp4_frame(f + 4, 10, 1, 1);

		memmove(f, f + 4, 12);
		put16(f + 12, 0x8100);
		put16(f + 14, 5);
		put16(f + 16, 0x0800);
		skb = t_skb_from(f, len + 4);
		skb->protocol = eth_type_trans(skb, dev);
		assert_int_equal(skb->protocol, RTE_BE16(ETH_P_8021Q));
		netif_receive_skb(skb);
		assert_int_equal(ip_seen, 5);
		assert_int_equal(ip_last_pkt_type, PACKET_OTHERHOST);
	}

	/* IPv6 handler bound to dev; netif_receive_skb_list in order */
	v6.dev = dev;
	dev_add_pack(&v6);
	__skb_queue_head_init(&list);
	for (int i = 0; i < 5; i++) {
		t_put_eth(b, i & 1 ? 0x86dd : 0x0800);
		memset(b + 14, 0, 60);
		b[14] = i & 1 ? 0x60 : 0x45;
		skb = t_skb_from(b, 74);
		skb->protocol = eth_type_trans(skb, dev);
		__skb_queue_tail(&list, skb);
	}
	netif_receive_skb_list(&list);
	assert_true(skb_queue_empty(&list));
	assert_int_equal(v6_seen, 2);
	assert_int_equal(ip_seen, 8);
	/* bound handlers go with their device */
	dev_remove_pack(&ip_pt);
	unregister_netdev(dev);
	unregister_netdev(dev2);
	dev_remove_pack(&v6);		/* gone already: counted */
	t_expect_misuse++;
	free_netdev(dev);
	free_netdev(dev2);
}

/* napi_gro_receive batches gro_normal_batch skbs; napi_gro_frags builds
 * the skb from page_pool frags. */
static unsigned int frags_seen;

static int frags_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		     struct net_device *orig)
{
	uint8_t out[2048];

	(void)dev;
	(void)pt;
	(void)orig;
	frags_seen++;
	assert_int_equal(skb->protocol, RTE_BE16(ETH_P_IP));
	assert_int_equal(skb_mac_header(skb)[12], 0x08);
	assert_int_equal(skb->len, 40 + 100);
	t_skb_bytes(skb, out);
	assert_int_equal(out[0], 0x45);
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static int batch_poll(struct napi_struct *napi, int budget)
{
	(void)napi;
	(void)budget;
	return 0;
}

static void test_gro_batch_and_frags(void **state)
{
	struct net_device *dev = alloc_etherdev(sizeof(struct tpriv));
	struct packet_type pt = { .type = RTE_BE16(ETH_P_IP), .func = frags_rcv };
	struct napi_struct napi;
	uint8_t f[256];
	unsigned int len;

	(void)state;
	dev->netdev_ops = &t_ops;
	assert_int_equal(register_netdev(dev), 0);
	ip_pt.type = RTE_BE16(ETH_P_IP);
	dev_add_pack(&ip_pt);
	counters_reset();
	netif_napi_add(dev, &napi, batch_poll);
	napi_enable(&napi);
	assert_true(napi_schedule(&napi));
	for (int i = 0; i < NM_GRO_NORMAL_BATCH - 1; i++) {
		struct sk_buff *skb = mk_ip_frame(10);

		skb->protocol = eth_type_trans(skb, dev);
		assert_int_equal(napi_gro_receive(&napi, skb), GRO_NORMAL);
	}
	assert_int_equal(ip_seen, 0);		/* batched */
	{
		struct sk_buff *skb = mk_ip_frame(10);

		skb->protocol = eth_type_trans(skb, dev);
		napi_gro_receive(&napi, skb);
	}
	assert_int_equal(ip_seen, NM_GRO_NORMAL_BATCH);
	{
		struct sk_buff *skb = mk_ip_frame(10);

		skb->protocol = eth_type_trans(skb, dev);
		napi_gro_receive(&napi, skb);
	}
	assert_true(napi_complete_done(&napi, 1));	/* flushes the batch */
	assert_int_equal(ip_seen, NM_GRO_NORMAL_BATCH + 1);
	dev_remove_pack(&ip_pt);

	/* napi_get_frags: the frame in a page_pool page, pulled into the head */
	dev_add_pack(&pt);
	assert_true(napi_schedule(&napi));
	for (int i = 0; i < 3; i++) {
		struct sk_buff *skb = napi_get_frags(&napi);
		struct page *page = page_pool_dev_alloc_pages(t_pp);

		assert_non_null(skb);
		assert_ptr_equal(napi_get_frags(&napi), skb);	/* the same until used */
		assert_non_null(page);
		len = t_tcp4_frame(f, 100, 7, 1);
		memcpy((uint8_t *)page_address(page) + 128, f, len);
		skb_add_rx_frag(skb, 0, page, 128, len, PAGE_SIZE);
		skb_mark_for_recycle(skb);
		assert_int_equal(skb_headlen(skb), 0);
		assert_int_equal(napi_gro_frags(&napi), GRO_NORMAL);
	}
	assert_true(napi_complete_done(&napi, 3));
	assert_int_equal(frags_seen, 3);
	/* an unused napi_get_frags skb is freed by netif_napi_del */
	assert_non_null(napi_get_frags(&napi));
	napi_disable(&napi);
	dev_remove_pack(&pt);
	unregister_netdev(dev);
	free_netdev(dev);
}

/* napi_enable() takes the GRO mode from the device features as the kernel
 * does: NETIF_F_GRO_FRAGLIST chains a TCP train whole on a frag_list
 * (SKB_GSO_FRAGLIST), without it the payloads join as frags. */
static unsigned int train_seen;
static bool train_fraglist;

static int train_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		     struct net_device *orig)
{
	(void)dev;
	(void)pt;
	(void)orig;
	train_seen++;
	assert_int_equal(skb->len, 20 + 20 + 4 * 100);
	assert_int_equal(skb_shinfo(skb)->gso_segs, 4);
	assert_int_equal(!!(skb_shinfo(skb)->gso_type & SKB_GSO_FRAGLIST), train_fraglist);
	assert_int_equal(skb_has_frag_list(skb), train_fraglist);
	kfree_skb(skb);
	return NET_RX_SUCCESS;
}

static void test_gro_features(void **state)
{
	struct packet_type pt = { .type = RTE_BE16(ETH_P_IP), .func = train_rcv };

	(void)state;
	dev_add_pack(&pt);
	for (int k = 0; k < 2; k++) {
		struct net_device *dev = alloc_etherdev(sizeof(struct tpriv));
		struct napi_struct napi;
		uint8_t f[256];

		dev->netdev_ops = &t_ops;
		dev->features |= NETIF_F_GRO;
		train_fraglist = k == 1;
		if (train_fraglist)
			dev->features |= NETIF_F_GRO_FRAGLIST;
		assert_int_equal(register_netdev(dev), 0);
		netif_napi_add(dev, &napi, batch_poll);
		napi_enable(&napi);
		assert_int_equal(!!(napi.gro.flags & GRO_F_FRAGLIST), train_fraglist);
		assert_true(napi_schedule(&napi));
		train_seen = 0;
		for (unsigned int i = 0; i < 4; i++) {
			unsigned int len = t_tcp4_frame(f, 100, 1000 + 100 * i, (uint16_t)(7 + i));
			struct sk_buff *skb = t_skb_from(f, len);

			skb->protocol = eth_type_trans(skb, dev);
			napi_gro_receive(&napi, skb);
		}
		assert_true(napi_complete_done(&napi, 4));	/* flushes the train */
		assert_int_equal(train_seen, 1);
		napi_disable(&napi);
		netif_napi_del(&napi);
		unregister_netdev(dev);
		free_netdev(dev);
	}
	dev_remove_pack(&pt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_register, t_case_setup, t_case_teardown),
		cmocka_unit_test_setup_teardown(test_carrier_queues, t_case_setup,
						t_case_teardown),
		cmocka_unit_test_setup_teardown(test_napi_rules, t_case_setup, t_case_teardown),
		cmocka_unit_test_setup_teardown(test_rx_delivery, t_case_setup, t_case_teardown),
		cmocka_unit_test_setup_teardown(test_gro_batch_and_frags, t_case_setup,
						t_case_teardown),
		cmocka_unit_test_setup_teardown(test_gro_features, t_case_setup, t_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("netdev", tests, t_group_setup, t_group_teardown);
	rte_eal_cleanup();
	return ret;
}
