/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * NAPI: the state machine (SCHED, MISSED, DISABLE, NPSVC as the kernel's),
 * the poll list of each lcore and its poll loop (net_rx_action), and the
 * receive path: napi_gro_receive() (lib/gro's gro_receive_skb() on
 * napi->gro when built in, else a batch), netif_receive_skb() delivers to
 * ETH_P_ALL taps, the device's rx_handler and the packet_type handlers.
 */
#include <errno.h>
#include <stdlib.h>

#include <linux/if_ether.h>
#include <rte_lcore.h>
#include <rte_pause.h>

#include <netmem/ether.h>
#include <netmem/netdevice.h>
#include <netmem/skb_alloc.h>
#include <netmem/vlan.h>

#include "netmem_priv.h"
#include "netdev_priv.h"

/* The NAPIs of one lcore and its poll list. */
struct lcore_napi {
	rte_spinlock_t lock;
	struct napi_struct *all;
	struct napi_struct *poll_head, *poll_tail;
} __rte_cache_aligned;

static struct lcore_napi lcore_napi[RTE_MAX_LCORE + 1];

static void napi_gro_flush_normal(struct napi_struct *napi, bool flush_old);
static void napi_gro_deliver(struct gro_node *gro, struct sk_buff_head *list);
static unsigned int napi_id_last;

static struct lcore_napi *napi_home(const struct napi_struct *n)
{
	return &lcore_napi[n->lcore <= RTE_MAX_LCORE ? n->lcore : RTE_MAX_LCORE];
}

static bool state_cas(struct napi_struct *n, unsigned long *old, unsigned long new)
{
	return __atomic_compare_exchange_n(&n->state, old, new, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

/* Unlinks @n from @l's poll list (lock held); true when it was there. */
static bool poll_list_del_locked(struct lcore_napi *l, struct napi_struct *n)
{
	struct napi_struct *prev = NULL;

	for (struct napi_struct *p = l->poll_head; p != NULL; prev = p, p = p->poll_next) {
		if (p != n)
			continue;
		if (prev != NULL)
			prev->poll_next = n->poll_next;
		else
			l->poll_head = n->poll_next;
		if (l->poll_tail == n)
			l->poll_tail = prev;
		n->poll_next = NULL;
		return true;
	}
	return false;
}

static void poll_list_add_locked(struct lcore_napi *l, struct napi_struct *n)
{
	n->poll_next = NULL;
	if (l->poll_tail != NULL)
		l->poll_tail->poll_next = n;
	else
		l->poll_head = n;
	l->poll_tail = n;
}

void netif_napi_add_weight(struct net_device *dev, struct napi_struct *napi,
			   int (*poll)(struct napi_struct *, int), int weight)
{
	struct lcore_napi *l;

	memset(napi, 0, sizeof(*napi));
	napi->state = NAPIF_STATE_SCHED | NAPIF_STATE_NPSVC | NAPIF_STATE_LISTED;
	napi->weight = weight > 0 ? weight : NAPI_POLL_WEIGHT;
	napi->poll = poll;
	napi->dev = dev;
	napi->index = -1;
	napi->list_owner = -1;
	napi->lcore = nm_netdev_lcore_slot();
	napi->napi_id = __atomic_add_fetch(&napi_id_last, 1, __ATOMIC_RELAXED);
	gro_init(&napi->gro);
	napi->gro.deliver = napi_gro_deliver;
	napi->gro.priv = napi;
	rte_spinlock_lock(&nm_netdev_lock);
	napi->dev_next = dev->napi_list;
	dev->napi_list = napi;
	rte_spinlock_unlock(&nm_netdev_lock);
	l = napi_home(napi);
	rte_spinlock_lock(&l->lock);
	napi->lcore_next = l->all;
	l->all = napi;
	rte_spinlock_unlock(&l->lock);
}

static void lcore_unlink(struct napi_struct *napi)
{
	struct lcore_napi *l = napi_home(napi);

	rte_spinlock_lock(&l->lock);
	for (struct napi_struct **pp = &l->all; *pp != NULL; pp = &(*pp)->lcore_next) {
		if (*pp == napi) {
			*pp = napi->lcore_next;
			break;
		}
	}
	napi->lcore_next = NULL;
	poll_list_del_locked(l, napi);
	rte_spinlock_unlock(&l->lock);
}

int nm_napi_set_lcore(struct napi_struct *napi, unsigned int lcore)
{
	struct lcore_napi *l;

	if (lcore >= RTE_MAX_LCORE)
		return -EINVAL;
	if (!(__atomic_load_n(&napi->state, __ATOMIC_ACQUIRE) & NAPIF_STATE_NPSVC))
		return -EBUSY;
	lcore_unlink(napi);
	napi->lcore = lcore;
	l = napi_home(napi);
	rte_spinlock_lock(&l->lock);
	napi->lcore_next = l->all;
	l->all = napi;
	rte_spinlock_unlock(&l->lock);
	return 0;
}

void nm_napi_set_always(struct napi_struct *napi, bool on)
{
	if (on)
		__atomic_fetch_or(&napi->state, NAPIF_STATE_NM_ALWAYS, __ATOMIC_RELEASE);
	else
		__atomic_fetch_and(&napi->state, ~NAPIF_STATE_NM_ALWAYS, __ATOMIC_RELEASE);
}

void netif_napi_del(struct napi_struct *napi)
{
	struct net_device *dev = napi->dev;

	if (!(napi->state & NAPIF_STATE_LISTED))
		return;
	if (!(__atomic_load_n(&napi->state, __ATOMIC_ACQUIRE) & NAPIF_STATE_NPSVC)) {
		nm_misuse("netif_napi_del: NAPI %u still enabled", napi->napi_id);
		napi_disable(napi);
	}
	lcore_unlink(napi);
	rte_spinlock_lock(&nm_netdev_lock);
	for (struct napi_struct **pp = &dev->napi_list; *pp != NULL; pp = &(*pp)->dev_next) {
		if (*pp == napi) {
			*pp = napi->dev_next;
			break;
		}
	}
	rte_spinlock_unlock(&nm_netdev_lock);
	napi->dev_next = NULL;
	gro_cleanup(&napi->gro);
	if (napi->skb != NULL) {
		kfree_skb(napi->skb);
		napi->skb = NULL;
	}
	__atomic_fetch_and(&napi->state, ~NAPIF_STATE_LISTED, __ATOMIC_RELEASE);
}

void nm_napi_del_all(struct net_device *dev)
{
	while (dev->napi_list != NULL)
		netif_napi_del(dev->napi_list);
}

void napi_enable(struct napi_struct *napi)
{
	unsigned long val = __atomic_load_n(&napi->state, __ATOMIC_ACQUIRE);

	if (val & NAPIF_STATE_NPSVC) {
		netdev_features_t f = napi->dev->features;

		napi->gro.enabled = (f & NETIF_F_GRO) != 0;
		/* The kernel reads these of skb->dev per packet; here the
		 * device's features when its NAPI is enabled. */
		napi->gro.flags = ((f & NETIF_F_GRO_FRAGLIST) ? GRO_F_FRAGLIST : 0) |
				  ((f & NETIF_F_GRO_UDP_FWD) ? GRO_F_UDP_FWD : 0);
		napi->gro.gro_max_size = napi->dev->gro_max_size;
		napi->gro.gro_ipv4_max_size = napi->dev->gro_max_size;
	}
	do {
		if (!(val & NAPIF_STATE_NPSVC)) {
			nm_misuse("napi_enable: NAPI %u not disabled", napi->napi_id);
			return;
		}
	} while (!state_cas(napi, &val,
			    val & ~(NAPIF_STATE_SCHED | NAPIF_STATE_NPSVC | NAPIF_STATE_MISSED)));
}

void napi_disable(struct napi_struct *napi)
{
	unsigned long old = __atomic_fetch_or(&napi->state, NAPIF_STATE_DISABLE,
					      __ATOMIC_ACQ_REL);
	unsigned long val;

	if (old & (NAPIF_STATE_NPSVC | NAPIF_STATE_DISABLE)) {
		if (!(old & NAPIF_STATE_DISABLE))
			__atomic_fetch_and(&napi->state, ~NAPIF_STATE_DISABLE, __ATOMIC_RELEASE);
		nm_misuse("napi_disable: NAPI %u disabled already", napi->napi_id);
		return;
	}
	val = __atomic_load_n(&napi->state, __ATOMIC_ACQUIRE);
	for (;;) {
		if (val & (NAPIF_STATE_SCHED | NAPIF_STATE_NPSVC)) {
			/* a poll is pending or running: on its own lcore the
			 * softirq is us; elsewhere wait for that lcore */
			if (napi->lcore == nm_netdev_lcore_slot() &&
			    napi->list_owner != (int)rte_lcore_id())
				nm_napi_poll_once(napi);
			else
				rte_pause();
			val = __atomic_load_n(&napi->state, __ATOMIC_ACQUIRE);
			continue;
		}
		if (state_cas(napi, &val, val | NAPIF_STATE_SCHED | NAPIF_STATE_NPSVC))
			break;
	}
	__atomic_fetch_and(&napi->state, ~NAPIF_STATE_DISABLE, __ATOMIC_RELEASE);
}

bool napi_schedule_prep(struct napi_struct *napi)
{
	unsigned long val = __atomic_load_n(&napi->state, __ATOMIC_ACQUIRE);
	unsigned long new;

	do {
		if (val & NAPIF_STATE_DISABLE)
			return false;
		new = val | NAPIF_STATE_SCHED;
		if (val & NAPIF_STATE_SCHED)
			new |= NAPIF_STATE_MISSED;
	} while (!state_cas(napi, &val, new));
	return !(val & NAPIF_STATE_SCHED);
}

void __napi_schedule(struct napi_struct *napi)
{
	struct lcore_napi *l = napi_home(napi);

	rte_spinlock_lock(&l->lock);
	poll_list_add_locked(l, napi);
	rte_spinlock_unlock(&l->lock);
}

bool napi_complete_done(struct napi_struct *napi, int work_done)
{
	unsigned long val = __atomic_load_n(&napi->state, __ATOMIC_ACQUIRE);
	unsigned long new;

	(void)work_done;
	if (val & (NAPIF_STATE_NPSVC | NAPIF_STATE_IN_BUSY_POLL))
		return false;
	if (!(val & NAPIF_STATE_SCHED)) {
		nm_misuse("napi_complete_done: NAPI %u not scheduled", napi->napi_id);
		return false;
	}
	napi_gro_flush_normal(napi, false);
	do {
		new = val & ~(NAPIF_STATE_MISSED | NAPIF_STATE_SCHED);
		if (val & NAPIF_STATE_MISSED)
			new |= NAPIF_STATE_SCHED;
	} while (!state_cas(napi, &val, new));
	if (val & NAPIF_STATE_MISSED) {
		__napi_schedule(napi);
		return false;
	}
	napi->complete_count++;
	return true;
}

/* One poll of a scheduled @n taken off its poll list; @repoll: it used its
 * whole weight and stays scheduled. The kernel's __napi_poll(). */
static int napi_poll_one(struct napi_struct *n, bool *repoll)
{
	int weight = n->weight;
	int work = 0;
	unsigned long st = __atomic_load_n(&n->state, __ATOMIC_ACQUIRE);

	*repoll = false;
	if (!(st & NAPIF_STATE_SCHED) || (st & NAPIF_STATE_NPSVC))
		return 0;	/* not scheduled, or disabled (SCHED is the disable's) */
	n->list_owner = (int)rte_lcore_id();
	work = n->poll(n, weight);
	n->list_owner = -1;
	n->poll_count++;
	if (work > weight) {
		nm_misuse("NAPI poll of %s returned %d, budget %d", n->dev->name, work, weight);
		work = weight;
	}
	if (work < weight)
		return work;
	if (napi_disable_pending(n)) {
		napi_complete(n);
		return work;
	}
	/* still busy: deliver what was held since an earlier poll */
	napi_gro_flush_normal(n, true);
	*repoll = true;
	return work;
}

int nm_napi_poll_once(struct napi_struct *napi)
{
	struct lcore_napi *l = napi_home(napi);
	bool repoll;
	int work;

	rte_spinlock_lock(&l->lock);
	poll_list_del_locked(l, napi);
	rte_spinlock_unlock(&l->lock);
	work = napi_poll_one(napi, &repoll);
	if (repoll)
		__napi_schedule(napi);
	return work;
}

unsigned int nm_napi_poll_lcore(unsigned int budget)
{
	struct lcore_napi *l = &lcore_napi[nm_netdev_lcore_slot()];
	struct napi_struct *list, *n;
	unsigned int done = 0;

	if (budget == 0)
		budget = NM_NETDEV_BUDGET;
	rte_spinlock_lock(&l->lock);
	for (n = l->all; n != NULL; n = n->lcore_next) {
		unsigned long st = __atomic_load_n(&n->state, __ATOMIC_ACQUIRE);

		if ((st & NAPIF_STATE_NM_ALWAYS) && !(st & NAPIF_STATE_SCHED) &&
		    napi_schedule_prep(n))
			poll_list_add_locked(l, n);
	}
	list = l->poll_head;
	l->poll_head = l->poll_tail = NULL;
	rte_spinlock_unlock(&l->lock);

	while (list != NULL) {
		bool repoll;

		n = list;
		list = n->poll_next;
		n->poll_next = NULL;
		if (done >= budget) {
			__napi_schedule(n);	/* time squeeze: next round */
			continue;
		}
		done += (unsigned int)napi_poll_one(n, &repoll);
		if (repoll)
			__napi_schedule(n);
	}
	return done;
}

/* ---- receive ------------------------------------------------------------ */

static int deliver_skb(struct sk_buff *skb, struct packet_type *pt, struct net_device *orig)
{
	return pt->func(skb_get(skb), skb->dev, pt, orig);
}

int netif_receive_skb(struct sk_buff *skb)
{
	struct net_device *orig_dev, *dev;
	struct packet_type *pt, *pt_prev;
	bool deliver_exact = false;
	__be16 type;

	if (skb == NULL)
		return NET_RX_DROP;
	if (skb->dev == NULL) {
		nm_misuse("netif_receive_skb: skb without a device");
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	orig_dev = skb->dev;
	skb_reset_network_header(skb);
	if (!skb_transport_header_was_set(skb))
		skb_reset_transport_header(skb);
	skb_reset_mac_len(skb);
another_round:
	dev = skb->dev;
	skb->skb_iif = dev->ifindex;
	pt_prev = NULL;
	if (eth_type_vlan(skb->protocol) && !skb_vlan_tag_present(skb)) {
		skb = skb_vlan_untag(skb);
		if (skb == NULL) {
			__atomic_fetch_add(&dev->core_stats.rx_dropped, 1, __ATOMIC_RELAXED);
			return NET_RX_DROP;
		}
	}
	for (pt = nm_ptype_all; pt != NULL; pt = pt->nm_next) {
		if (pt_prev != NULL)
			deliver_skb(skb, pt_prev, orig_dev);
		pt_prev = pt;
	}
	for (pt = dev->ptype_all; pt != NULL; pt = pt->nm_next) {
		if (pt_prev != NULL)
			deliver_skb(skb, pt_prev, orig_dev);
		pt_prev = pt;
	}
	if (dev->rx_handler != NULL) {
		if (pt_prev != NULL) {
			deliver_skb(skb, pt_prev, orig_dev);
			pt_prev = NULL;
		}
		switch (dev->rx_handler(&skb)) {
		case RX_HANDLER_CONSUMED:
			return NET_RX_SUCCESS;
		case RX_HANDLER_ANOTHER:
			goto another_round;
		case RX_HANDLER_EXACT:
			deliver_exact = true;
			break;
		case RX_HANDLER_PASS:
			break;
		}
	}
	if (skb_vlan_tag_present(skb)) {
		/* no VLAN devices: a tag for another VLAN is not for us */
		if (skb_vlan_tag_get_id(skb))
			skb->pkt_type = PACKET_OTHERHOST;
		__vlan_hwaccel_clear_tag(skb);
	}
	type = skb->protocol;
	if (!deliver_exact) {
		for (pt = nm_ptype_base; pt != NULL; pt = pt->nm_next) {
			if (pt->type != type)
				continue;
			if (pt_prev != NULL)
				deliver_skb(skb, pt_prev, orig_dev);
			pt_prev = pt;
		}
	}
	for (pt = orig_dev->ptype_specific; pt != NULL; pt = pt->nm_next) {
		if (pt->type != type)
			continue;
		if (pt_prev != NULL)
			deliver_skb(skb, pt_prev, orig_dev);
		pt_prev = pt;
	}
	if (skb->dev != orig_dev) {
		for (pt = skb->dev->ptype_specific; pt != NULL; pt = pt->nm_next) {
			if (pt->type != type)
				continue;
			if (pt_prev != NULL)
				deliver_skb(skb, pt_prev, orig_dev);
			pt_prev = pt;
		}
	}
	if (pt_prev != NULL)
		return pt_prev->func(skb, skb->dev, pt_prev, orig_dev);
	if (deliver_exact) {
		__atomic_fetch_add(&skb->dev->core_stats.rx_nohandler, 1, __ATOMIC_RELAXED);
		__atomic_fetch_add(&skb->dev->nm_drop_reasons[SKB_DROP_REASON_UNHANDLED_PROTO], 1,
				   __ATOMIC_RELAXED);
		kfree_skb_reason(skb, SKB_DROP_REASON_UNHANDLED_PROTO);
	} else {
		nm_netdev_drop(skb->dev, skb, SKB_DROP_REASON_UNHANDLED_PROTO, true);
	}
	return NET_RX_DROP;
}

void netif_receive_skb_list(struct sk_buff_head *head)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(head)) != NULL)
		netif_receive_skb(skb);
}

int netif_rx(struct sk_buff *skb)
{
	return netif_receive_skb(skb);
}

/* lib/gro's deliver callback: the completed skbs go up the stack */
static void napi_gro_deliver(struct gro_node *gro, struct sk_buff_head *list)
{
	(void)gro;
	netif_receive_skb_list(list);
}

static void napi_gro_flush_normal(struct napi_struct *napi, bool flush_old)
{
	gro_flush(&napi->gro, flush_old);
	gro_normal_list(&napi->gro);
	if (flush_old)
		gro_tick(&napi->gro);
}

gro_result_t napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	return gro_receive_skb(&napi->gro, skb);
}

/* What napi_get_frags() leaves room for in the head (GRO_MAX_HEAD). */
#define NM_GRO_MAX_HEAD		256

struct sk_buff *napi_get_frags(struct napi_struct *napi)
{
	if (napi->skb == NULL)
		napi->skb = napi_alloc_skb(napi, NM_GRO_MAX_HEAD);
	return napi->skb;
}

gro_result_t napi_gro_frags(struct napi_struct *napi)
{
	struct sk_buff *skb = napi->skb;

	if (skb == NULL) {
		nm_misuse("napi_gro_frags: no napi_get_frags() skb");
		return GRO_CONSUMED;
	}
	napi->skb = NULL;
	if (!pskb_may_pull(skb, ETH_HLEN)) {
		nm_netdev_drop(napi->dev, skb, SKB_DROP_REASON_PKT_TOO_SMALL, true);
		return GRO_CONSUMED;
	}
	skb->protocol = eth_type_trans(skb, napi->dev);
	return napi_gro_receive(napi, skb);
}

/* ---- handlers ----------------------------------------------------------- */

int netdev_rx_handler_register(struct net_device *dev, rx_handler_func_t *rx_handler,
			       void *rx_handler_data)
{
	if (dev->rx_handler != NULL)
		return -EBUSY;
	dev->rx_handler_data = rx_handler_data;
	__atomic_store_n(&dev->rx_handler, rx_handler, __ATOMIC_RELEASE);
	return 0;
}

void netdev_rx_handler_unregister(struct net_device *dev)
{
	__atomic_store_n(&dev->rx_handler, NULL, __ATOMIC_RELEASE);
	dev->rx_handler_data = NULL;
}

static struct packet_type **ptype_head(const struct packet_type *pt)
{
	if (pt->type == RTE_BE16(ETH_P_ALL))
		return pt->dev != NULL ? &pt->dev->ptype_all : &nm_ptype_all;
	return pt->dev != NULL ? &pt->dev->ptype_specific : &nm_ptype_base;
}

void dev_add_pack(struct packet_type *pt)
{
	struct packet_type **head;

	rte_spinlock_lock(&nm_netdev_lock);
	head = ptype_head(pt);
	pt->nm_next = NULL;
	while (*head != NULL)
		head = &(*head)->nm_next;	/* in the order added */
	*head = pt;
	rte_spinlock_unlock(&nm_netdev_lock);
}

void dev_remove_pack(struct packet_type *pt)
{
	struct packet_type **head;

	rte_spinlock_lock(&nm_netdev_lock);
	for (head = ptype_head(pt); *head != NULL; head = &(*head)->nm_next) {
		if (*head == pt) {
			*head = pt->nm_next;
			pt->nm_next = NULL;
			rte_spinlock_unlock(&nm_netdev_lock);
			return;
		}
	}
	rte_spinlock_unlock(&nm_netdev_lock);
	nm_misuse("dev_remove_pack: %p not found", (void *)pt);
}
