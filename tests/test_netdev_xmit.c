/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of lib/netdev's transmit side and of the nm_port driver:
 *  - validate_xmit_skb: a TCPv4 GSO skb on a device without TSO leaves as
 *    segments equal byte for byte to reference frames (IP id, lengths, seq,
 *    checksums), with netdev_xmit_more() true but for the last; with
 *    TSO and checksum offload it leaves whole; ndo_features_check can take
 *    TSO away; CHECKSUM_PARTIAL without checksum offload is completed in
 *    software; a held VLAN tag is pushed into the frame without
 *    HW_VLAN_CTAG_TX;
 *  - NETDEV_TX_BUSY, a stopped queue, BQL and the carrier: every skb goes
 *    out once, in order, through the per-queue backlog; the backlog limit
 *    and a down device drop with counted reasons;
 *  - nm_netdev_create() over a net_ring port: 1500 frames through
 *    dev_queue_xmit fill the TX ring (the queue stops, nothing is lost) and
 *    come back through the NAPI poll loop in order; a GSO skb comes back as
 *    its segments; statistics.
 * After each case: skbs live, misuse count, page mempools and the test
 * page_pool's inflight are back where they were.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_lcore.h>

#include <netmem/ether.h>
#include <netmem/netdevice.h>
#include <netmem/flow.h>
#include <netmem/port.h>
#include <netmem/port_netdev.h>
#include <netmem/skb_queue.h>
#include <netmem/skbuff.h>
#include <netmem/vlan.h>

#include "test_netdev_util.h"
#include "test_skb_util.h"

#define MSS	1000

/* ---- a capturing device ----------------------------------------------- */

struct cap {
	struct sk_buff_head got;
	bool more[64];
	unsigned int calls;
	/* ring mode */
	unsigned int ring_cap;		/* 0: unlimited */
	bool stop_when_full;		/* else answer NETDEV_TX_BUSY */
	bool bql;
	unsigned int busy;
	netdev_features_t drop_features;	/* ndo_features_check */
};

static netdev_tx_t cap_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct cap *c = netdev_priv(dev);
	struct netdev_queue *txq = netdev_get_tx_queue(dev, skb_get_queue_mapping(skb));

	if (c->ring_cap && skb_queue_len(&c->got) >= c->ring_cap) {
		c->busy++;
		return NETDEV_TX_BUSY;
	}
	if (c->calls < 64)
		c->more[c->calls] = netdev_xmit_more();
	c->calls++;
	if (c->bql)
		netdev_tx_sent_queue(txq, skb->len);
	__skb_queue_tail(&c->got, skb);
	if (c->ring_cap && c->stop_when_full && skb_queue_len(&c->got) >= c->ring_cap)
		netif_tx_stop_queue(txq);
	return NETDEV_TX_OK;
}

static netdev_features_t cap_features_check(struct sk_buff *skb, struct net_device *dev,
					    netdev_features_t features)
{
	struct cap *c = netdev_priv(dev);

	(void)skb;
	return features & ~c->drop_features;
}

static const struct net_device_ops cap_ops = {
	.ndo_start_xmit = cap_xmit,
	.ndo_features_check = cap_features_check,
};

static struct net_device *cap_dev(netdev_features_t features)
{
	struct net_device *dev = alloc_etherdev(sizeof(struct cap));
	struct cap *c;

	assert_non_null(dev);
	c = netdev_priv(dev);
	__skb_queue_head_init(&c->got);
	dev->netdev_ops = &cap_ops;
	dev->features = features;
	dev->vlan_features = features;
	assert_int_equal(register_netdev(dev), 0);
	assert_int_equal(dev_open(dev), 0);
	return dev;
}

static void cap_dev_free(struct net_device *dev)
{
	struct cap *c = netdev_priv(dev);

	__skb_queue_purge(&c->got);
	unregister_netdev(dev);
	free_netdev(dev);
}

/* ---- frames ----------------------------------------------------------- */

/* A TCPv4 frame around @payload (seq, id, flags), checksums correct. */
static unsigned int tcp4_frame_with(uint8_t *b, const uint8_t *payload, unsigned int len,
				    uint32_t seq, uint16_t id, uint8_t flags)
{
	uint8_t *ip = b + T_ETH_HLEN, *th = ip + 20;

	t_put_eth(b, 0x0800);
	t_put_ip4(ip, (uint16_t)(40 + len), 6, id);
	put16(th, 40000);
	put16(th + 2, 80);
	put32(th + 4, seq);
	put32(th + 8, 1);
	memset(th + 12, 0, 8);
	th[12] = 5 << 4;
	th[13] = flags;
	put16(th + 14, 0xfff0);
	memcpy(th + 20, payload, len);
	put16(th + 16, (uint16_t)~ref_fold(ref_sum(th, 20 + len, t_pseudo4(ip, 20 + len, 6))));
	return T_TCP4_HLEN + len;
}

/* A TCPv4 GSO skb of @segs * MSS bytes of @payload, CHECKSUM_PARTIAL. */
static struct sk_buff *mk_gso(const uint8_t *payload, unsigned int segs, struct net_device *dev)
{
	static uint8_t b[T_TCP4_HLEN + 8 * MSS];
	unsigned int len = tcp4_frame_with(b, payload, segs * MSS, 5000, 100, 0x18);
	uint8_t *th = b + T_ETH_HLEN + 20;
	struct sk_buff *skb;

	/* the pseudo-header sum in the check field, as the stack leaves it */
	put16(th + 16, ref_fold(t_pseudo4(b + T_ETH_HLEN, 20 + segs * MSS, 6)));
	skb = t_skb_from(b, len);
	skb->dev = dev;
	skb->protocol = RTE_BE16(ETH_P_IP);
	t_mark_tcp4_gso(skb, T_ETH_HLEN, MSS);
	return skb;
}

/* Checks that @q holds the @segs segments of mk_gso(@payload) exactly. */
static void check_segments(struct sk_buff_head *q, const uint8_t *payload, unsigned int segs)
{
	static uint8_t exp[T_TCP4_HLEN + MSS], got[4096];

	assert_int_equal(skb_queue_len(q), segs);
	for (unsigned int i = 0; i < segs; i++) {
		struct sk_buff *skb = __skb_dequeue(q);
		/* PSH only on the last segment, as tcp_gso_segment() */
		unsigned int len = tcp4_frame_with(exp, payload + i * MSS, MSS, 5000 + i * MSS,
						   (uint16_t)(100 + i),
						   i + 1 == segs ? 0x18 : 0x10);

		assert_int_equal(skb->len, len);
		t_skb_bytes(skb, got);
		assert_memory_equal(got, exp, len);
		assert_true(t_tcp4_csum_ok(got, len));
		consume_skb(skb);
	}
}

static void test_xmit_sw_gso(void **state)
{
	static uint8_t payload[3 * MSS];
	struct net_device *dev = cap_dev(NETIF_F_SG);
	struct cap *c = netdev_priv(dev);
	struct rtnl_link_stats64 st;

	(void)state;
	for (unsigned int i = 0; i < sizeof(payload); i++)
		payload[i] = t_rnd8();
	assert_int_equal(dev_queue_xmit(mk_gso(payload, 3, dev)), NET_XMIT_SUCCESS);
	assert_int_equal(c->calls, 3);
	assert_true(c->more[0]);
	assert_true(c->more[1]);
	assert_false(c->more[2]);
	assert_false(netdev_xmit_more());
	check_segments(&c->got, payload, 3);

	/* TSO and checksum offload: one skb, untouched */
	dev->features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_TSO;
	c->calls = 0;
	dev_queue_xmit(mk_gso(payload, 3, dev));
	assert_int_equal(c->calls, 1);
	{
		struct sk_buff *skb = __skb_dequeue(&c->got);

		assert_int_equal(skb->len, T_TCP4_HLEN + 3 * MSS);
		assert_true(skb_is_gso(skb));
		assert_int_equal(skb_shinfo(skb)->gso_size, MSS);
		assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
		consume_skb(skb);
	}
	/* ndo_features_check takes TSO away: segmented again */
	c->drop_features = NETIF_F_TSO;
	c->calls = 0;
	dev_queue_xmit(mk_gso(payload, 2, dev));
	assert_int_equal(c->calls, 2);
	{
		/* checksum offload stays: the segments are CHECKSUM_PARTIAL */
		struct sk_buff *skb = skb_peek(&c->got);

		assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
		__skb_queue_purge(&c->got);
	}
	dev_get_stats(dev, &st);
	assert_int_equal(st.tx_dropped, 0);
	cap_dev_free(dev);
}

static void test_xmit_csum_vlan(void **state)
{
	struct net_device *dev = cap_dev(NETIF_F_SG);
	struct cap *c = netdev_priv(dev);
	uint8_t f[256], out[256];
	unsigned int len;
	struct sk_buff *skb;
	uint8_t *th;

	(void)state;
	/* UDP CHECKSUM_PARTIAL, no checksum offload: completed in software */
	t_put_eth(f, 0x0800);
	t_put_ip4(f + 14, 20 + 8 + 30, 17, 9);
	th = f + 34;
	put16(th, 1000);
	put16(th + 2, 2000);
	put16(th + 4, 38);
	for (int i = 0; i < 30; i++)
		th[8 + i] = t_rnd8();
	put16(th + 6, ref_fold(t_pseudo4(f + 14, 38, 17)));
	len = T_UDP4_HLEN + 30;
	skb = t_skb_from(f, len);
	skb->dev = dev;
	skb->protocol = RTE_BE16(ETH_P_IP);
	skb_set_network_header(skb, 14);
	skb_set_transport_header(skb, 34);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + 34);
	skb->csum_offset = 6;
	dev_queue_xmit(skb);
	skb = __skb_dequeue(&c->got);
	assert_non_null(skb);
	assert_int_not_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	t_skb_bytes(skb, out);
	assert_int_equal(ref_fold(ref_sum(out + 34, 38, t_pseudo4(out + 14, 38, 17))), 0xffff);
	{
		uint16_t sum = (uint16_t)~ref_fold(ref_sum(th, 6, ref_sum(th + 8, 30,
						t_pseudo4(f + 14, 38, 17))));

		assert_int_equal(be16(out + 40), sum ? sum : 0xffff);
	}
	assert_memory_equal(out, f, 40);
	consume_skb(skb);

	/* a held VLAN tag: pushed into the frame without HW_VLAN_CTAG_TX */
	len = t_tcp4_frame(f, 20, 1, 1);
	skb = t_skb_from(f, len);
	skb->dev = dev;
	skb->protocol = RTE_BE16(ETH_P_IP);
	__vlan_hwaccel_put_tag(skb, RTE_BE16(ETH_P_8021Q), 5);
	dev_queue_xmit(skb);
	skb = __skb_dequeue(&c->got);
	assert_int_equal(skb->len, len + 4);
	assert_false(skb_vlan_tag_present(skb));
	t_skb_bytes(skb, out);
	assert_memory_equal(out, f, 12);
	assert_int_equal(be16(out + 12), 0x8100);
	assert_int_equal(be16(out + 14), 5);
	assert_memory_equal(out + 16, f + 12, len - 12);
	consume_skb(skb);
	/* with HW_VLAN_CTAG_TX the tag stays held */
	dev->features |= NETIF_F_HW_VLAN_CTAG_TX;
	skb = t_skb_from(f, len);
	skb->dev = dev;
	skb->protocol = RTE_BE16(ETH_P_IP);
	__vlan_hwaccel_put_tag(skb, RTE_BE16(ETH_P_8021Q), 5);
	dev_queue_xmit(skb);
	skb = __skb_dequeue(&c->got);
	assert_int_equal(skb->len, len);
	assert_true(skb_vlan_tag_present(skb));
	assert_int_equal(skb->vlan_tci, 5);
	consume_skb(skb);
	cap_dev_free(dev);
}

/* ---- BUSY, stopped queues, BQL, backlog ------------------------------- */

/* @n frames numbered from @first (id in the IP header) onto @dev. */
static void send_numbered(struct net_device *dev, unsigned int first, unsigned int n)
{
	uint8_t f[128];

	for (unsigned int i = 0; i < n; i++) {
		unsigned int len = t_tcp4_frame(f, 10, 1, (uint16_t)(first + i));
		struct sk_buff *skb = t_skb_from(f, len);

		skb->dev = dev;
		skb->protocol = RTE_BE16(ETH_P_IP);
		assert_int_equal(dev_queue_xmit(skb), NET_XMIT_SUCCESS);
	}
}

/* Completes everything the device holds, checking the numbering goes on
 * from *@next; wakes the queue as a driver's TX clean does. */
static unsigned int complete_all(struct net_device *dev, unsigned int *next)
{
	struct cap *c = netdev_priv(dev);
	struct netdev_queue *txq = netdev_get_tx_queue(dev, 0);
	unsigned int n = 0, bytes = 0;
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&c->got)) != NULL) {
		assert_int_equal(be16(skb->data + T_ETH_HLEN + 4), *next);
		(*next)++;
		n++;
		bytes += skb->len;
		consume_skb(skb);
	}
	if (c->bql)
		netdev_tx_completed_queue(txq, n, bytes);
	if (netif_tx_queue_stopped(txq))
		netif_tx_wake_queue(txq);
	else
		nm_netdev_tx_run(txq);		/* a BUSY answer leaves it running */
	return n;
}

static void run_ring(struct net_device *dev, unsigned int total)
{
	unsigned int next = 0, rounds = 0;

	send_numbered(dev, 0, total);
	while (next < total) {
		complete_all(dev, &next);
		assert_true(++rounds < 100);
	}
	assert_int_equal(next, total);
	assert_true(skb_queue_empty(&netdev_get_tx_queue(dev, 0)->backlog));
}

static void test_xmit_busy_backlog(void **state)
{
	struct net_device *dev = cap_dev(NETIF_F_SG);
	struct cap *c = netdev_priv(dev);
	struct netdev_queue *txq = netdev_get_tx_queue(dev, 0);
	struct rtnl_link_stats64 st;
	unsigned int next;

	(void)state;
	/* a driver that answers NETDEV_TX_BUSY when its ring is full */
	c->ring_cap = 8;
	run_ring(dev, 30);
	assert_true(c->busy >= 3);
	assert_int_equal(txq->requeues, c->busy);
	assert_true(txq->tx_backlogged >= 22);

	/* a driver that stops its queue when the ring fills */
	c->busy = 0;
	c->stop_when_full = true;
	run_ring(dev, 30);
	assert_int_equal(c->busy, 0);

	/* BQL: 3 frames in flight stop the queue (STACK_XOFF) */
	c->ring_cap = 0;
	c->bql = true;
	txq->dql.limit = 3 * (T_TCP4_HLEN + 10);
	run_ring(dev, 20);
	assert_true(txq->dql.stall_cnt >= 6);
	assert_int_equal(nm_netdev_tx_inflight(txq), 0);
	assert_int_equal(txq->dql.num_queued, 20 * (T_TCP4_HLEN + 10));
	assert_false(netif_xmit_stopped(txq));
	netdev_tx_completed_queue(txq, 1, 1);	/* more than was queued: counted */
	t_expect_misuse++;
	netdev_tx_reset_queue(txq);
	c->bql = false;

	/* carrier off: queued up to tx_queue_len, the rest dropped */
	dev->tx_queue_len = 4;
	netif_carrier_off(dev);
	send_numbered(dev, 0, 4);
	{
		uint8_t f[128];
		unsigned int len = t_tcp4_frame(f, 10, 1, 99);

		for (int i = 0; i < 2; i++) {
			struct sk_buff *skb = t_skb_from(f, len);

			skb->dev = dev;
			assert_int_equal(dev_queue_xmit(skb), NET_XMIT_DROP);
		}
	}
	assert_int_equal(skb_queue_len(&c->got), 0);
	assert_int_equal(nm_netdev_drop_count(dev, SKB_DROP_REASON_QDISC_DROP), 2);
	netif_carrier_on(dev);
	next = 0;
	assert_int_equal(complete_all(dev, &next), 4);

	/* closed with a backlog: dropped; a down device refuses */
	netif_tx_stop_queue(txq);
	send_numbered(dev, 0, 3);
	dev_close(dev);
	assert_int_equal(nm_netdev_drop_count(dev, SKB_DROP_REASON_DEV_READY), 3);
	{
		uint8_t f[128];
		struct sk_buff *skb = t_skb_from(f, 60);

		memset(f, 0, sizeof(f));
		skb->dev = dev;
		assert_int_equal(dev_queue_xmit(skb), -ENETDOWN);
	}
	assert_int_equal(nm_netdev_drop_count(dev, SKB_DROP_REASON_DEV_READY), 4);
	dev_get_stats(dev, &st);
	assert_int_equal(st.tx_dropped, 6);
	cap_dev_free(dev);
}

/* ---- the nm_port driver over net_ring --------------------------------- */

#define ETH_P_TEST	0x88b5	/* local experimental: not for GRO */

static struct sk_buff_head port_got;

static int port_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		    struct net_device *orig)
{
	(void)dev;
	(void)pt;
	(void)orig;
	__skb_queue_tail(&port_got, skb);
	return NET_RX_SUCCESS;
}

static unsigned int poll_until(unsigned int want)
{
	for (unsigned int i = 0; i < 100000 && skb_queue_len(&port_got) < want; i++)
		nm_napi_poll_lcore(0);
	return skb_queue_len(&port_got);
}

static void test_port_netdev(void **state)
{
	enum { N = 1500 };
	struct packet_type pt = { .type = RTE_BE16(ETH_P_TEST), .func = port_rcv };
	struct packet_type ip = { .type = RTE_BE16(ETH_P_IP), .func = port_rcv };
	static uint8_t payload[3 * MSS];
	struct rtnl_link_stats64 st;
	struct nm_netdev_conf conf;
	struct net_device *dev;
	struct napi_struct *napi;
	uint16_t pid;
	uint8_t f[128];

	(void)state;
	assert_int_equal(rte_eth_dev_get_port_by_name("net_ring0", &pid), 0);
	memset(&conf, 0, sizeof(conf));
	dev = nm_netdev_create(pid, &conf);
	assert_non_null(dev);
	assert_ptr_equal(dev_get_by_name(dev->name), dev);
	assert_int_equal(dev->port, pid);
	assert_true(dev->features & NETIF_F_GRO);
	assert_true(netif_running(dev));
	napi = nm_netdev_napi(dev, 0);
	assert_non_null(napi);
	assert_int_equal(napi->lcore, rte_lcore_id());
	assert_null(nm_netdev_napi(dev, 1));
	__skb_queue_head_init(&port_got);
	dev_add_pack(&pt);
	dev_add_pack(&ip);
	dev->tx_queue_len = 4096;

	/* more frames than the TX ring holds: the queue stops, nothing lost */
	for (unsigned int i = 0; i < N; i++) {
		struct sk_buff *skb;

		t_put_eth(f, ETH_P_TEST);
		put32(f + 14, i);
		memset(f + 18, (int)(i & 0xff), 60 - 18);
		skb = t_skb_from(f, 60);
		skb->dev = dev;
		assert_int_equal(dev_queue_xmit(skb), NET_XMIT_SUCCESS);
	}
	printf("ring full: queue %s, %u pending, %u in the backlog\n",
	       netif_queue_stopped(dev) ? "stopped" : "running", nm_netdev_tx_pending(dev, 0),
	       skb_queue_len(&netdev_get_tx_queue(dev, 0)->backlog));
	assert_int_equal(poll_until(N), N);
	for (unsigned int i = 0; i < N; i++) {
		struct sk_buff *skb = __skb_dequeue(&port_got);

		assert_int_equal(skb->len, 60 - T_ETH_HLEN);
		assert_int_equal(be32(skb->data), i);
		assert_ptr_equal(skb->dev, dev);
		assert_int_equal(skb->skb_iif, dev->ifindex);
		consume_skb(skb);
	}
	assert_false(netif_queue_stopped(dev));
	assert_int_equal(nm_netdev_tx_pending(dev, 0), 0);

	/* a GSO skb leaves as segments (no TSO on net_ring); GRO off to see them */
	dev_close(dev);
	dev->features &= ~NETIF_F_GRO;
	assert_int_equal(dev_open(dev), 0);
	for (unsigned int i = 0; i < sizeof(payload); i++)
		payload[i] = t_rnd8();
	assert_int_equal(dev_queue_xmit(mk_gso(payload, 3, dev)), NET_XMIT_SUCCESS);
	assert_int_equal(poll_until(3), 3);
	{
		/* back at the MAC header for the comparison */
		struct sk_buff *skb;

		skb_queue_walk(&port_got, skb)
			skb_push(skb, T_ETH_HLEN);
	}
	check_segments(&port_got, payload, 3);
	/* with GRO the three segments come back as one GSO skb */
	dev_close(dev);
	dev->features |= NETIF_F_GRO;
	assert_int_equal(dev_open(dev), 0);
	dev_queue_xmit(mk_gso(payload, 3, dev));
	assert_int_equal(poll_until(1), 1);
	for (int i = 0; i < 10; i++)
		nm_napi_poll_lcore(0);
	assert_int_equal(skb_queue_len(&port_got), 1);
	{
		struct sk_buff *skb = __skb_dequeue(&port_got);

		assert_int_equal(skb->len, 40 + 3 * MSS);
		assert_int_equal(skb_shinfo(skb)->gso_size, MSS);
		assert_int_equal(skb_shinfo(skb)->gso_segs, 3);
		consume_skb(skb);
	}

	dev_get_stats(dev, &st);
	assert_int_equal(st.tx_packets, N + 6);
	assert_int_equal(st.rx_packets, N + 6);
	assert_int_equal(st.tx_dropped, 0);
	assert_int_equal(st.rx_dropped, 0);
	dev_remove_pack(&pt);
	dev_remove_pack(&ip);
	nm_netdev_destroy(dev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_xmit_sw_gso, t_case_setup, t_case_teardown),
		cmocka_unit_test_setup_teardown(test_xmit_csum_vlan, t_case_setup,
						t_case_teardown),
		cmocka_unit_test_setup_teardown(test_xmit_busy_backlog, t_case_setup,
						t_case_teardown),
		cmocka_unit_test_setup_teardown(test_port_netdev, t_case_setup, t_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, "--vdev=net_ring0", NULL);
	ret = cmocka_run_group_tests_name("netdev_xmit", tests, t_group_setup,
					  t_group_teardown);
	rte_eal_cleanup();
	return ret;
}
