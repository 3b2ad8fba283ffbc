/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The ready-made net_device driver for nm_port ports (any DPDK port): one
 * call gives a registered, open device whose NAPIs poll the port's RX
 * queues on their lcores and whose ndo_start_xmit batches into
 * nm_tx_burst(). See docs/netdev.md.
 *
 * @code
 *	struct nm_netdev_conf conf = { .nb_rxq = 1, .nb_txq = 1 };
 *	struct net_device *dev = nm_netdev_create(port, &conf);
 *	dev_add_pack(&my_ip_packet_type);
 *	for (;;)
 *		nm_napi_poll_lcore(0);	// on the RX queues' lcore
 *	nm_netdev_destroy(dev);
 * @endcode
 */
#ifndef NETMEM_PORT_NETDEV_H
#define NETMEM_PORT_NETDEV_H

#include <stdbool.h>
#include <stdint.h>

#include <netmem/api.h>
#include <netmem/netdevice.h>
#include <netmem/port.h>

#ifdef __cplusplus
extern "C" {
#endif

/** nm_netdev_create() options. Zero-fill, then set what you need. */
struct nm_netdev_conf {
	uint16_t nb_rxq;		/**< RX queues, one NAPI each (0: 1) */
	uint16_t nb_txq;		/**< TX queues (0: 1) */
	unsigned int port_flags;	/**< NM_PORT_F_* for nm_port_init() */
	uint32_t mtu;			/**< 0: the port's */
	unsigned int rxq_lcore[NM_PORT_MAX_QUEUES];	/**< lcore polling each RX queue's NAPI
					 *   (and owning its page_pool); unset
					 *   entries: the caller's lcore */
	bool lcores_set;		/**< rxq_lcore[] is filled in */
	int napi_weight;		/**< 0: NAPI_POLL_WEIGHT */
	const struct nm_port_conf *port_conf;	/**< optional: the whole port conf
					 *   (nb_rxq/nb_txq/lcores overridden) */
};

/**
 * Sets up DPDK port @p port_id (nm_port_init()) and registers a net_device
 * for it ("nm%d"): its features from the port's offloads, one NAPI per RX
 * queue polling nm_rx_burst() into napi_gro_receive() on the queue's lcore,
 * ndo_start_xmit batching into nm_tx_burst() (netdev_xmit_more()), a
 * stopped queue while the TX ring is full (nothing lost). The device is
 * open and its NAPIs enabled and always polled by nm_napi_poll_lcore().
 * NULL with rte_errno set on failure.
 * @param port_id DPDK port id, not yet configured.
 * @param conf queue counts, RX lcores, port flags, MTU, NAPI weight; read
 *   during the call only.
 * @return the registered, open device (free it with nm_netdev_destroy()), or
 *   NULL with rte_errno set.
 */
NM_API struct net_device *nm_netdev_create(uint16_t port_id, const struct nm_netdev_conf *conf);

/**
 * Unregisters and frees a device of nm_netdev_create() and closes its port.
 * @param dev a device from nm_netdev_create(); freed, not to be used after.
 */
NM_API void nm_netdev_destroy(struct net_device *dev);

/**
 * skbs that nm_netdev_create()'s driver holds for a full TX ring on @p q.
 * @param dev a device from nm_netdev_create().
 * @param q TX queue index.
 * @return the skbs waiting for room in TX queue @p q; 0 for a queue out of
 *   range or a device not made by nm_netdev_create().
 */
NM_API unsigned int nm_netdev_tx_pending(struct net_device *dev, unsigned int q);

/**
 * The NAPI of RX queue @p q of a nm_netdev_create() device, or NULL.
 * @param dev a device from nm_netdev_create().
 * @param q RX queue index.
 * @return the NAPI polling RX queue @p q, owned by @p dev; NULL for a queue out
 *   of range or a device not made by nm_netdev_create().
 */
NM_API struct napi_struct *nm_netdev_napi(struct net_device *dev, unsigned int q);

/* Experimental (docs/abi.md): the device layer over nm_port is new in 0.1. */
NM_EXPERIMENTAL_API(nm_netdev_create);
NM_EXPERIMENTAL_API(nm_netdev_destroy);
NM_EXPERIMENTAL_API(nm_netdev_tx_pending);
NM_EXPERIMENTAL_API(nm_netdev_napi);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_PORT_NETDEV_H */
