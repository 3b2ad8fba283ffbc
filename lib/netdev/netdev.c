/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * struct net_device: allocation, registration (names "nm%d", ifindex),
 * open/close, carrier, TX queue state and locks, BQL counters, statistics
 * and drops by reason.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_ether.h>
#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_pause.h>

#include <netmem/ether.h>
#include <netmem/netdevice.h>
#include <netmem/skb_alloc.h>

#include "netmem_priv.h"
#include "netdev_priv.h"

rte_spinlock_t nm_netdev_lock = RTE_SPINLOCK_INITIALIZER;
struct packet_type *nm_ptype_all;
struct packet_type *nm_ptype_base;

static struct net_device *dev_list;
static int ifindex_last;

#define DROP_SLOTS	(SKB_DROP_REASON_MAX + 1)
#define GSO_LEGACY_MAX	65536u

struct net_device *alloc_netdev_mqs(int sizeof_priv, const char *name,
				    void (*setup)(struct net_device *dev),
				    unsigned int txqs, unsigned int rxqs)
{
	struct net_device *dev;
	size_t size;
	void *mem;

	if (sizeof_priv < 0 || txqs < 1 || rxqs < 1 || txqs > NM_NETDEV_MAX_QUEUES ||
	    rxqs > NM_NETDEV_MAX_QUEUES || name == NULL || strlen(name) >= IFNAMSIZ)
		return NULL;
	size = sizeof(*dev) + (size_t)sizeof_priv;
	size = (size + NETDEV_ALIGN - 1) & ~(size_t)(NETDEV_ALIGN - 1);
	if (posix_memalign(&mem, NETDEV_ALIGN, size) != 0)
		return NULL;
	memset(mem, 0, size);
	dev = mem;
	dev->nm_priv_mem = mem;
	dev->priv_len = (size_t)sizeof_priv;
	dev->_tx = calloc(txqs, sizeof(*dev->_tx));
	dev->nm_drop_reasons = calloc(DROP_SLOTS, sizeof(uint64_t));
	if (dev->_tx == NULL || dev->nm_drop_reasons == NULL) {
		free(dev->_tx);
		free(dev->nm_drop_reasons);
		free(mem);
		return NULL;
	}
	snprintf(dev->name, sizeof(dev->name), "%s", name);
	dev->num_tx_queues = dev->real_num_tx_queues = txqs;
	dev->num_rx_queues = dev->real_num_rx_queues = rxqs;
	for (unsigned int i = 0; i < txqs; i++) {
		struct netdev_queue *txq = &dev->_tx[i];

		txq->dev = dev;
		txq->index = i;
		rte_spinlock_init(&txq->_xmit_lock);
		rte_spinlock_init(&txq->backlog_lock);
		txq->xmit_lock_owner = -1;
		txq->dql.limit = NM_DQL_DEFAULT_LIMIT;
		__skb_queue_head_init(&txq->backlog);
	}
	dev->tx_queue_len = 1000;
	dev->gso_max_size = GSO_LEGACY_MAX;
	dev->gso_max_segs = 65535;
	dev->gro_max_size = GSO_LEGACY_MAX;
	dev->mtu = 1500;
	dev->min_mtu = 68;
	dev->max_mtu = 1500;
	dev->port = UINT16_MAX;
	if (setup != NULL)
		setup(dev);
	return dev;
}

struct net_device *alloc_etherdev_mqs(int sizeof_priv, unsigned int txqs, unsigned int rxqs)
{
	return alloc_netdev_mqs(sizeof_priv, "nm%d", ether_setup, txqs, rxqs);
}

void free_netdev(struct net_device *dev)
{
	if (dev == NULL)
		return;
	if (dev->reg_state == NETREG_REGISTERED || dev->reg_state == NETREG_UNREGISTERING) {
		nm_misuse("free_netdev(%s): still registered", dev->name);
		return;
	}
	nm_napi_del_all(dev);
	nm_netdev_tx_flush(dev, SKB_DROP_REASON_DEV_READY);
	dev->reg_state = NETREG_RELEASED;
	free(dev->_tx);
	free(dev->nm_drop_reasons);
	free(dev->nm_priv_mem);
}

static struct net_device *find_name_locked(const char *name)
{
	for (struct net_device *d = dev_list; d != NULL; d = d->nm_reg_next)
		if (strncmp(d->name, name, IFNAMSIZ) == 0)
			return d;
	return NULL;
}

/* Replaces "%d" in dev->name with the first free number. */
static int assign_name_locked(struct net_device *dev)
{
	const char *pct = strchr(dev->name, '%');
	char fmt[IFNAMSIZ], buf[IFNAMSIZ + 16];

	if (pct == NULL)
		return find_name_locked(dev->name) != NULL ? -EEXIST : 0;
	if (pct[1] != 'd' || strchr(pct + 1, '%') != NULL)
		return -EINVAL;
	snprintf(fmt, sizeof(fmt), "%s", dev->name);
	for (int i = 0; i < 32768; i++) {
		snprintf(buf, sizeof(buf), fmt, i);
		if (strlen(buf) >= IFNAMSIZ)
			return -ENFILE;
		if (find_name_locked(buf) == NULL) {
			memcpy(dev->name, buf, strlen(buf) + 1);
			return 0;
		}
	}
	return -ENFILE;
}

int register_netdev(struct net_device *dev)
{
	int ret;

	if (dev == NULL || dev->reg_state != NETREG_UNINITIALIZED)
		return -EINVAL;
	if (dev->netdev_ops != NULL && dev->netdev_ops->ndo_init != NULL) {
		ret = dev->netdev_ops->ndo_init(dev);
		if (ret != 0)
			return ret;
	}
	rte_spinlock_lock(&nm_netdev_lock);
	ret = assign_name_locked(dev);
	if (ret == 0) {
		dev->ifindex = ++ifindex_last;
		dev->nm_reg_next = dev_list;
		dev_list = dev;
		dev->reg_state = NETREG_REGISTERED;
		__atomic_fetch_or(&dev->state, 1UL << __LINK_STATE_PRESENT, __ATOMIC_RELEASE);
	}
	rte_spinlock_unlock(&nm_netdev_lock);
	if (ret != 0 && dev->netdev_ops != NULL && dev->netdev_ops->ndo_uninit != NULL)
		dev->netdev_ops->ndo_uninit(dev);
	return ret;
}

static void unlink_dev_ptypes(struct packet_type **list, struct net_device *dev)
{
	while (*list != NULL) {
		if ((*list)->dev == dev)
			*list = (*list)->nm_next;
		else
			list = &(*list)->nm_next;
	}
}

void unregister_netdev(struct net_device *dev)
{
	struct net_device **pp;

	if (dev == NULL || dev->reg_state != NETREG_REGISTERED) {
		nm_misuse("unregister_netdev: %s not registered", dev ? dev->name : "NULL");
		return;
	}
	dev->reg_state = NETREG_UNREGISTERING;
	if (netif_running(dev))
		dev_close(dev);
	rte_spinlock_lock(&nm_netdev_lock);
	for (pp = &dev_list; *pp != NULL; pp = &(*pp)->nm_reg_next) {
		if (*pp == dev) {
			*pp = dev->nm_reg_next;
			break;
		}
	}
	dev->nm_reg_next = NULL;
	unlink_dev_ptypes(&nm_ptype_all, dev);
	unlink_dev_ptypes(&nm_ptype_base, dev);
	dev->ptype_all = NULL;
	dev->ptype_specific = NULL;
	dev->rx_handler = NULL;
	dev->rx_handler_data = NULL;
	rte_spinlock_unlock(&nm_netdev_lock);
	__atomic_fetch_and(&dev->state, ~(1UL << __LINK_STATE_PRESENT), __ATOMIC_RELEASE);
	if (dev->netdev_ops != NULL && dev->netdev_ops->ndo_uninit != NULL)
		dev->netdev_ops->ndo_uninit(dev);
	dev->reg_state = NETREG_UNREGISTERED;
}

struct net_device *dev_get_by_index(int ifindex)
{
	struct net_device *d;

	rte_spinlock_lock(&nm_netdev_lock);
	for (d = dev_list; d != NULL; d = d->nm_reg_next)
		if (d->ifindex == ifindex)
			break;
	rte_spinlock_unlock(&nm_netdev_lock);
	return d;
}

struct net_device *dev_get_by_name(const char *name)
{
	struct net_device *d;

	rte_spinlock_lock(&nm_netdev_lock);
	d = find_name_locked(name);
	rte_spinlock_unlock(&nm_netdev_lock);
	return d;
}

int dev_open(struct net_device *dev)
{
	int ret;

	if (netif_running(dev))
		return 0;
	if (!netif_device_present(dev))
		return -ENODEV;
	__atomic_fetch_or(&dev->state, 1UL << __LINK_STATE_START, __ATOMIC_RELEASE);
	if (dev->netdev_ops != NULL && dev->netdev_ops->ndo_open != NULL) {
		ret = dev->netdev_ops->ndo_open(dev);
		if (ret != 0) {
			__atomic_fetch_and(&dev->state, ~(1UL << __LINK_STATE_START),
					   __ATOMIC_RELEASE);
			return ret;
		}
	}
	dev->flags |= IFF_UP;
	return 0;
}

void dev_close(struct net_device *dev)
{
	if (!netif_running(dev))
		return;
	__atomic_fetch_and(&dev->state, ~(1UL << __LINK_STATE_START), __ATOMIC_RELEASE);
	if (dev->netdev_ops != NULL && dev->netdev_ops->ndo_stop != NULL)
		dev->netdev_ops->ndo_stop(dev);
	dev->flags &= ~(unsigned int)IFF_UP;
	nm_netdev_tx_flush(dev, SKB_DROP_REASON_DEV_READY);
}

/* ---- carrier ------------------------------------------------------------ */

void netif_carrier_on(struct net_device *dev)
{
	unsigned long old = __atomic_fetch_and(&dev->state, ~(1UL << __LINK_STATE_NOCARRIER),
					       __ATOMIC_ACQ_REL);

	if (old & (1UL << __LINK_STATE_NOCARRIER))
		for (unsigned int i = 0; i < dev->real_num_tx_queues; i++)
			nm_netdev_tx_run(netdev_get_tx_queue(dev, i));
}

void netif_carrier_off(struct net_device *dev)
{
	__atomic_fetch_or(&dev->state, 1UL << __LINK_STATE_NOCARRIER, __ATOMIC_ACQ_REL);
}

/* ---- TX queue locks, wake, BQL ---------------------------------------- */

void __netif_tx_lock(struct netdev_queue *txq, int cpu)
{
	rte_spinlock_lock(&txq->_xmit_lock);
	txq->xmit_lock_owner = cpu;
}

void __netif_tx_unlock(struct netdev_queue *txq)
{
	txq->xmit_lock_owner = -1;
	rte_spinlock_unlock(&txq->_xmit_lock);
}

bool __netif_tx_trylock(struct netdev_queue *txq)
{
	if (!rte_spinlock_trylock(&txq->_xmit_lock))
		return false;
	txq->xmit_lock_owner = (int)rte_lcore_id();
	return true;
}

void netif_tx_wake_queue(struct netdev_queue *txq)
{
	unsigned long old = __atomic_fetch_and(&txq->state, ~QUEUE_STATE_DRV_XOFF,
					       __ATOMIC_ACQ_REL);

	if (old & QUEUE_STATE_DRV_XOFF)
		nm_netdev_tx_run(txq);
}

void netdev_tx_sent_queue(struct netdev_queue *txq, unsigned int bytes)
{
	txq->dql.num_queued += bytes;
	if (nm_netdev_tx_inflight(txq) >= txq->dql.limit) {
		__atomic_fetch_or(&txq->state, QUEUE_STATE_STACK_XOFF, __ATOMIC_RELEASE);
		txq->dql.stall_cnt++;
	}
}

bool __netdev_tx_sent_queue(struct netdev_queue *txq, unsigned int bytes, bool xmit_more)
{
	if (xmit_more) {
		txq->dql.num_queued += bytes;
		if (nm_netdev_tx_inflight(txq) >= txq->dql.limit) {
			__atomic_fetch_or(&txq->state, QUEUE_STATE_STACK_XOFF, __ATOMIC_RELEASE);
			txq->dql.stall_cnt++;
		}
		return netif_tx_queue_stopped(txq);
	}
	netdev_tx_sent_queue(txq, bytes);
	return true;
}

void netdev_tx_completed_queue(struct netdev_queue *txq, unsigned int pkts, unsigned int bytes)
{
	unsigned long old;

	if (bytes == 0 && pkts == 0)
		return;
	if (txq->dql.num_completed + bytes > txq->dql.num_queued) {
		nm_misuse("netdev_tx_completed_queue: %u bytes more than queued", bytes);
		txq->dql.num_completed = txq->dql.num_queued;
	} else {
		txq->dql.num_completed += bytes;
	}
	if (nm_netdev_tx_inflight(txq) >= txq->dql.limit)
		return;
	old = __atomic_fetch_and(&txq->state, ~QUEUE_STATE_STACK_XOFF, __ATOMIC_ACQ_REL);
	if (old & QUEUE_STATE_STACK_XOFF)
		nm_netdev_tx_run(txq);
}

void netdev_tx_reset_queue(struct netdev_queue *txq)
{
	__atomic_fetch_and(&txq->state, ~QUEUE_STATE_STACK_XOFF, __ATOMIC_RELEASE);
	txq->dql.num_queued = txq->dql.num_completed = txq->dql.prev_num_queued = 0;
}

/* ---- statistics --------------------------------------------------------- */

struct rtnl_link_stats64 *dev_get_stats(struct net_device *dev,
				       struct rtnl_link_stats64 *storage)
{
	if (dev->netdev_ops != NULL && dev->netdev_ops->ndo_get_stats64 != NULL) {
		memset(storage, 0, sizeof(*storage));
		dev->netdev_ops->ndo_get_stats64(dev, storage);
	} else {
		*storage = dev->stats;
	}
	storage->rx_dropped += __atomic_load_n(&dev->core_stats.rx_dropped, __ATOMIC_RELAXED);
	storage->tx_dropped += __atomic_load_n(&dev->core_stats.tx_dropped, __ATOMIC_RELAXED);
	storage->rx_nohandler += __atomic_load_n(&dev->core_stats.rx_nohandler,
						 __ATOMIC_RELAXED);
	storage->rx_otherhost_dropped +=
		__atomic_load_n(&dev->core_stats.rx_otherhost_dropped, __ATOMIC_RELAXED);
	return storage;
}

static unsigned int drop_slot(enum skb_drop_reason reason)
{
	return (unsigned int)reason < DROP_SLOTS ? (unsigned int)reason : SKB_DROP_REASON_MAX;
}

uint64_t nm_netdev_drop_count(const struct net_device *dev, enum skb_drop_reason reason)
{
	return __atomic_load_n(&dev->nm_drop_reasons[drop_slot(reason)], __ATOMIC_RELAXED);
}

void nm_netdev_drop(struct net_device *dev, struct sk_buff *skb, enum skb_drop_reason reason,
		    bool rx)
{
	if (dev != NULL) {
		__atomic_fetch_add(&dev->nm_drop_reasons[drop_slot(reason)], 1, __ATOMIC_RELAXED);
		__atomic_fetch_add(rx ? &dev->core_stats.rx_dropped : &dev->core_stats.tx_dropped,
				   1, __ATOMIC_RELAXED);
	}
	kfree_skb_reason(skb, reason);
}
