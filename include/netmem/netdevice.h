/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * struct net_device: what skb code needs of a device (linux/netdevice.h).
 *
 * For now this is the part of the kernel's net_device that packet-buffer
 * code reads: the name, index, MTU, hardware address, broadcast address,
 * feature bits and headroom needs; skb->dev points at one. The device layer
 * (netdev_ops, NAPI, GRO) builds on it.
 *
 * @code
 *	struct net_device dev = { .name = "nm0", .mtu = 1500, .port = 0 };
 *	eth_hw_addr_set(&dev, mac);
 *	skb->protocol = eth_type_trans(skb, &dev);   // sets skb->dev, pkt_type
 * @endcode
 *
 * Deliberate difference: dev_addr is an array inside the struct (the
 * kernel's is a const pointer to it); code that reads it or sets it with
 * eth_hw_addr_set()/dev_addr_set() is the same.
 */
#ifndef NETMEM_NETDEVICE_H
#define NETMEM_NETDEVICE_H

#include <stdint.h>
#include <string.h>

#include <netmem/skbuff.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef IFNAMSIZ
#define IFNAMSIZ	16	/**< bytes of a device name, with its NUL (as <net/if.h>) */
#endif
#ifndef MAX_ADDR_LEN
#define MAX_ADDR_LEN	32	/**< bytes of a hardware address (as <linux/netdevice.h>) */
#endif

/** What ndo_start_xmit() returns, as in the kernel. */
enum netdev_tx {
	__NETDEV_TX_MIN = INT32_MIN,	/**< makes the enum signed */
	NETDEV_TX_OK = 0x00,		/**< the driver took the skb */
	NETDEV_TX_BUSY = 0x10,		/**< ring full: the caller keeps the skb */
};
typedef enum netdev_tx netdev_tx_t;

/** A network device as skb code sees it. */
struct net_device {
	char name[IFNAMSIZ];
	int ifindex;
	unsigned int flags;		/**< IFF_* */
	unsigned int priv_flags;
	netdev_features_t features;	/**< active features (NETIF_F_*) */
	netdev_features_t hw_features;	/**< features that can be changed */
	netdev_features_t vlan_features; /**< features inherited by VLAN devices */
	unsigned int mtu;
	unsigned int min_mtu;
	unsigned int max_mtu;
	unsigned short type;		/**< ARPHRD_* */
	unsigned short hard_header_len;
	unsigned short needed_headroom;
	unsigned short needed_tailroom;
	unsigned char addr_len;
	unsigned char dev_addr[MAX_ADDR_LEN];	/**< the hardware address */
	unsigned char broadcast[MAX_ADDR_LEN];
	unsigned int gso_max_size;
	unsigned short gso_max_segs;
	unsigned int gro_max_size;
	unsigned int num_rx_queues;
	unsigned int real_num_rx_queues;
	unsigned int num_tx_queues;
	unsigned int real_num_tx_queues;
	uint16_t port;			/**< libnetmem: the DPDK port behind it */
};

/** Sets @p dev's hardware address (dev->addr_len bytes). */
static inline void dev_addr_set(struct net_device *dev, const unsigned char *addr)
{
	memcpy(dev->dev_addr, addr, dev->addr_len);
}

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_NETDEVICE_H */
