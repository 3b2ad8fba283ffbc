/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The transmit path: dev_queue_xmit() picks a TX queue, validates the skb
 * (validate_xmit_skb: VLAN push, software GSO, linearize, checksum) and
 * calls ndo_start_xmit with netdev_xmit_more(); a stopped queue, a carrier
 * down or NETDEV_TX_BUSY puts skbs in the queue's backlog (the qdisc the
 * kernel has), which runs again when the queue wakes. Nothing is lost:
 * every skb is sent, or dropped with a reason counted on the device.
 */
#include <errno.h>

#include <linux/if_ether.h>
#include <rte_lcore.h>

#include <netmem/flow.h>
#include <netmem/netdevice.h>
#include <netmem/skb_alloc.h>
#include <netmem/skb_csum.h>
#include <netmem/skb_linear.h>
#include <netmem/vlan.h>

#include "netmem_priv.h"
#include "netdev_priv.h"

#define QUEUE_STATE_NM_SCHED	(1UL << __QUEUE_STATE_NM_SCHED)
/* skbs taken from a backlog per ndo_start_xmit batch */
#define TX_BATCH		64
/* rounds nm_netdev_tx_run() makes for wakes that arrive while it runs */
#define TX_RUN_ROUNDS		8

static __thread bool xmit_more;

bool netdev_xmit_more(void)
{
	return xmit_more;
}

/* ---- features ----------------------------------------------------------- */

static netdev_features_t intersect_features(netdev_features_t f1, netdev_features_t f2)
{
	if ((f1 ^ f2) & NETIF_F_HW_CSUM) {
		if (f1 & NETIF_F_HW_CSUM)
			f1 |= NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM;
		else
			f2 |= NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM;
	}
	return f1 & f2;
}

static bool can_checksum_protocol(netdev_features_t features, __be16 protocol)
{
	if (features & NETIF_F_HW_CSUM)
		return true;
	if (protocol == RTE_BE16(ETH_P_IP))
		return (features & NETIF_F_IP_CSUM) != 0;
	if (protocol == RTE_BE16(ETH_P_IPV6))
		return (features & NETIF_F_IPV6_CSUM) != 0;
	return false;
}

netdev_features_t netif_skb_features(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	netdev_features_t features = dev->features;
	__be16 type;

	if (skb_is_gso(skb)) {
		unsigned int gso_type = skb_shinfo(skb)->gso_type;

		if (skb_shinfo(skb)->gso_segs > dev->gso_max_segs || gso_type == 0)
			features &= ~NETIF_F_GSO_MASK;
		if (!(gso_type & SKB_GSO_PARTIAL))
			features &= ~NETIF_F_GSO_PARTIAL;
	}
	if (skb->encapsulation)
		features &= dev->hw_enc_features;
	if (skb_vlan_tagged(skb))
		features = intersect_features(features, dev->vlan_features |
							NETIF_F_HW_VLAN_CTAG_TX);
	if (dev->netdev_ops != NULL && dev->netdev_ops->ndo_features_check != NULL)
		features &= dev->netdev_ops->ndo_features_check(skb, dev, features);
	else
		features = vlan_features_check(skb, features);
	/* harmonize_features(): no checksum offload for this protocol, no TSO */
	type = skb->encapsulation ? skb->inner_protocol : vlan_get_protocol(skb);
	if (skb->ip_summed != CHECKSUM_NONE && !can_checksum_protocol(features, type))
		features &= ~(NETIF_F_CSUM_MASK | NETIF_F_GSO_MASK);
	return features;
}

static bool gso_ok(const struct sk_buff *skb, netdev_features_t features)
{
	netdev_features_t want = skb_gso_type_features(skb_shinfo(skb)->gso_type) &
				 NETIF_F_GSO_MASK;

	return (features & want) == want &&
	       (!skb_has_frag_list(skb) || (features & NETIF_F_FRAGLIST));
}

static bool needs_gso(const struct sk_buff *skb, netdev_features_t features)
{
	return skb_is_gso(skb) &&
	       (!gso_ok(skb, features) ||
		(skb->ip_summed != CHECKSUM_PARTIAL && skb->ip_summed != CHECKSUM_UNNECESSARY));
}

/* The kernel's validate_xmit_skb(): the skb, a list of segments, or NULL
 * (dropped and counted). */
static struct sk_buff *validate_xmit_skb(struct sk_buff *skb, struct net_device *dev)
{
	netdev_features_t features = netif_skb_features(skb);

	if (skb_vlan_tag_present(skb) &&
	    !(skb->vlan_proto == RTE_BE16(ETH_P_8021Q) && (features & NETIF_F_HW_VLAN_CTAG_TX))) {
		skb = __vlan_hwaccel_push_inside(skb);
		if (skb == NULL) {
			__atomic_fetch_add(&dev->core_stats.tx_dropped, 1, __ATOMIC_RELAXED);
			__atomic_fetch_add(&dev->nm_drop_reasons[SKB_DROP_REASON_NOMEM], 1,
					   __ATOMIC_RELAXED);
			return NULL;
		}
		features = netif_skb_features(skb);
	}
	if (needs_gso(skb, features)) {
		struct sk_buff *segs = skb_gso_segment(skb, features);

		if (IS_ERR(segs)) {
			nm_netdev_drop(dev, skb, SKB_DROP_REASON_SKB_GSO_SEG, false);
			return NULL;
		}
		if (segs != NULL) {
			consume_skb(skb);
			skb = segs;
		}
		return skb;
	}
	if (skb_needs_linearize(skb, features) && __skb_linearize(skb)) {
		nm_netdev_drop(dev, skb, SKB_DROP_REASON_NOMEM, false);
		return NULL;
	}
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_csum_hwoffload_help(skb, features)) {
		nm_netdev_drop(dev, skb, SKB_DROP_REASON_SKB_CSUM, false);
		return NULL;
	}
	return skb;
}

struct sk_buff *validate_xmit_skb_list(struct sk_buff *skb, struct net_device *dev, bool *again)
{
	struct sk_buff *next, *head = NULL, *tail = NULL;

	(void)again;
	for (; skb != NULL; skb = next) {
		next = skb->next;
		skb_mark_not_on_list(skb);
		skb->prev = skb;
		skb = validate_xmit_skb(skb, dev);
		if (skb == NULL)
			continue;
		if (head == NULL)
			head = skb;
		else
			tail->next = skb;
		tail = skb->prev;	/* the last segment, or the skb itself */
	}
	if (tail != NULL)
		tail->next = NULL;
	return head;
}

/* ---- the device ------------------------------------------------------- */

/* ndo_start_xmit for each skb of @first while the queue runs; returns what
 * was not sent (a list) and the last answer in @rc. Lock held. */
static struct sk_buff *dev_hard_start_xmit(struct sk_buff *first, struct net_device *dev,
					   struct netdev_queue *txq, int *rc)
{
	struct sk_buff *skb = first;

	*rc = NETDEV_TX_OK;
	while (skb != NULL) {
		struct sk_buff *next = skb->next;

		skb_mark_not_on_list(skb);
		xmit_more = next != NULL;
		*rc = dev->netdev_ops->ndo_start_xmit(skb, dev);
		xmit_more = false;
		if (!dev_xmit_complete(*rc)) {
			skb->next = next;
			return skb;
		}
		txq->trans_start = (unsigned long)rte_get_tsc_cycles();
		skb = next;
		if (skb != NULL && netif_xmit_stopped(txq))
			break;		/* the rest waits in the backlog */
	}
	return skb;
}

/* Puts the list @skb back at the head of @txq's backlog, in order. */
static void backlog_requeue(struct netdev_queue *txq, struct sk_buff *skb)
{
	struct sk_buff *next, *last = NULL;

	rte_spinlock_lock(&txq->backlog_lock);
	for (; skb != NULL; skb = next) {
		next = skb->next;
		skb_mark_not_on_list(skb);
		if (last == NULL)
			__skb_queue_head(&txq->backlog, skb);
		else
			__skb_queue_after(&txq->backlog, last, skb);
		last = skb;
	}
	rte_spinlock_unlock(&txq->backlog_lock);
}

/* Appends the list @skb to @txq's backlog (validated skbs: no limit). */
static void backlog_append(struct netdev_queue *txq, struct sk_buff *skb)
{
	struct sk_buff *next;

	rte_spinlock_lock(&txq->backlog_lock);
	for (; skb != NULL; skb = next) {
		next = skb->next;
		skb_mark_not_on_list(skb);
		__skb_queue_tail(&txq->backlog, skb);
		txq->tx_backlogged++;
	}
	rte_spinlock_unlock(&txq->backlog_lock);
}

static bool txq_can_run(const struct netdev_queue *txq)
{
	return !netif_xmit_stopped(txq) && netif_carrier_ok(txq->dev) &&
	       netif_running(txq->dev);
}

/* Sends @txq's backlog while the queue runs (lock held). */
static void backlog_run_locked(struct netdev_queue *txq)
{
	struct net_device *dev = txq->dev;

	while (txq_can_run(txq)) {
		struct sk_buff *head = NULL, *tail = NULL, *skb, *rest;
		unsigned int n = 0;
		int rc;

		rte_spinlock_lock(&txq->backlog_lock);
		while (n < TX_BATCH && (skb = __skb_dequeue(&txq->backlog)) != NULL) {
			if (head == NULL)
				head = skb;
			else
				tail->next = skb;
			tail = skb;
			n++;
		}
		rte_spinlock_unlock(&txq->backlog_lock);
		if (head == NULL)
			break;
		tail->next = NULL;
		head = validate_xmit_skb_list(head, dev, NULL);
		if (head == NULL)
			continue;
		rest = dev_hard_start_xmit(head, dev, txq, &rc);
		if (rest != NULL) {
			backlog_requeue(txq, rest);
			if (!dev_xmit_complete(rc))
				txq->requeues++;
			break;
		}
	}
}

void nm_netdev_tx_run(struct netdev_queue *txq)
{
	for (int round = 0; round < TX_RUN_ROUNDS; round++) {
		__atomic_fetch_or(&txq->state, QUEUE_STATE_NM_SCHED, __ATOMIC_ACQ_REL);
		if (!__netif_tx_trylock(txq))
			return;		/* the holder runs it when it unlocks */
		__atomic_fetch_and(&txq->state, ~QUEUE_STATE_NM_SCHED, __ATOMIC_ACQ_REL);
		if (!skb_queue_empty_lockless(&txq->backlog))
			backlog_run_locked(txq);
		__netif_tx_unlock(txq);
		if (!(__atomic_load_n(&txq->state, __ATOMIC_ACQUIRE) & QUEUE_STATE_NM_SCHED))
			return;
	}
}

void nm_netdev_tx_flush(struct net_device *dev, enum skb_drop_reason reason)
{
	for (unsigned int i = 0; i < dev->num_tx_queues; i++) {
		struct netdev_queue *txq = &dev->_tx[i];
		struct sk_buff_head tmp;
		struct sk_buff *skb;

		__skb_queue_head_init(&tmp);
		rte_spinlock_lock(&txq->backlog_lock);
		skb_queue_splice_init(&txq->backlog, &tmp);
		rte_spinlock_unlock(&txq->backlog_lock);
		while ((skb = __skb_dequeue(&tmp)) != NULL)
			nm_netdev_drop(dev, skb, reason, false);
	}
}

static uint16_t pick_tx(struct net_device *dev, struct sk_buff *skb)
{
	unsigned int n = dev->real_num_tx_queues;
	unsigned int q;

	if (n <= 1)
		return 0;
	if (dev->netdev_ops->ndo_select_queue != NULL) {
		q = dev->netdev_ops->ndo_select_queue(dev, skb, NULL);
	} else if (skb_rx_queue_recorded(skb)) {
		q = skb_get_rx_queue(skb) % n;
	} else {
		q = (unsigned int)(((uint64_t)skb_get_hash(skb) * n) >> 32);
	}
	return (uint16_t)(q < n ? q : 0);
}

int dev_queue_xmit(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct netdev_queue *txq;
	struct sk_buff *rest;
	int rc;

	if (dev == NULL || dev->netdev_ops == NULL || dev->netdev_ops->ndo_start_xmit == NULL) {
		nm_misuse("dev_queue_xmit: skb without a device that transmits");
		kfree_skb(skb);
		return NET_XMIT_DROP;
	}
	if (!(dev->flags & IFF_UP) || !netif_running(dev)) {
		nm_netdev_drop(dev, skb, SKB_DROP_REASON_DEV_READY, false);
		return -ENETDOWN;
	}
	txq = netdev_get_tx_queue(dev, pick_tx(dev, skb));
	skb_set_queue_mapping(skb, (uint16_t)txq->index);
	skb_reset_mac_header(skb);

	if (!txq_can_run(txq) || !skb_queue_empty_lockless(&txq->backlog)) {
		rte_spinlock_lock(&txq->backlog_lock);
		if (skb_queue_len(&txq->backlog) >= dev->tx_queue_len) {
			rte_spinlock_unlock(&txq->backlog_lock);
			nm_netdev_drop(dev, skb, SKB_DROP_REASON_QDISC_DROP, false);
			return NET_XMIT_DROP;
		}
		__skb_queue_tail(&txq->backlog, skb);
		txq->tx_backlogged++;
		rte_spinlock_unlock(&txq->backlog_lock);
		nm_netdev_tx_run(txq);
		return NET_XMIT_SUCCESS;
	}

	if (txq->xmit_lock_owner == (int)rte_lcore_id()) {
		nm_misuse("dev_queue_xmit: %s recursion on its own TX queue", dev->name);
		nm_netdev_drop(dev, skb, SKB_DROP_REASON_NOT_SPECIFIED, false);
		return NET_XMIT_DROP;
	}
	skb = validate_xmit_skb_list(skb, dev, NULL);
	if (skb == NULL)
		return NET_XMIT_DROP;
	__netif_tx_lock(txq, (int)rte_lcore_id());
	if (!skb_queue_empty_lockless(&txq->backlog)) {
		/* skbs were requeued meanwhile (under this lock): they go
		 * first, the order of every sender is kept */
		backlog_append(txq, skb);
		backlog_run_locked(txq);
	} else {
		if (!netif_xmit_stopped(txq)) {
			rest = dev_hard_start_xmit(skb, dev, txq, &rc);
		} else {
			rest = skb;	/* stopped meanwhile: no driver answer */
			rc = NETDEV_TX_OK;
		}
		if (rest != NULL) {
			backlog_requeue(txq, rest);
			if (!dev_xmit_complete(rc))
				txq->requeues++;
			txq->tx_backlogged++;
		}
	}
	__netif_tx_unlock(txq);
	if (__atomic_load_n(&txq->state, __ATOMIC_ACQUIRE) & QUEUE_STATE_NM_SCHED)
		nm_netdev_tx_run(txq);
	return NET_XMIT_SUCCESS;
}
