/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/netdev: the device registry, the per-lcore NAPI lists and
 * the transmit helpers the files share.
 */
#ifndef NM_NETDEV_PRIV_H
#define NM_NETDEV_PRIV_H

#include <rte_lcore.h>
#include <rte_spinlock.h>

#include <netmem/netdevice.h>

/** The registered devices and the global packet handlers (control plane). */
extern rte_spinlock_t nm_netdev_lock;

/** Global handlers: ETH_P_ALL taps and by-protocol handlers. */
extern struct packet_type *nm_ptype_all;
extern struct packet_type *nm_ptype_base;

/** Drops all backlogged skbs of @p dev's TX queues for @p reason. */
void nm_netdev_tx_flush(struct net_device *dev, enum skb_drop_reason reason);

/** Takes every NAPI of @p dev off its lcore lists (netif_napi_del of all). */
void nm_napi_del_all(struct net_device *dev);

/** Slot of the calling lcore in per-lcore arrays (non-EAL threads share
 *  the last one). */
static inline unsigned int nm_netdev_lcore_slot(void)
{
	unsigned int id = rte_lcore_id();

	return id < RTE_MAX_LCORE ? id : RTE_MAX_LCORE;
}

#endif /* NM_NETDEV_PRIV_H */
