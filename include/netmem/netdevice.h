/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * struct net_device: what skb code needs of a device (linux/netdevice.h).
 *
 * The kernel's device layer over nm_port (lib/netdev, docs/netdev.md):
 * struct net_device with netdev_ops, TX queues (state, backlog, BQL
 * counters), statistics; struct napi_struct polled on the lcore that owns
 * its RX queue; the receive path (rx_handler, packet_type handlers) and the
 * transmit path (dev_queue_xmit -> validate_xmit_skb -> ndo_start_xmit).
 * A plain struct net_device on the stack (name, MTU, address, features) is
 * still what skb code such as eth_type_trans() needs; the device layer's
 * functions want one from alloc_netdev_mqs()/alloc_etherdev().
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

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <net/if.h>	/* IFF_* of net_device.flags (glibc first: see ip.h) */

#include <rte_spinlock.h>

#include <netmem/api.h>
#include <netmem/dropreason.h>
#include <netmem/gro.h>
#include <netmem/skb_queue.h>
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
/** What ndo_start_xmit() returns. */
typedef enum netdev_tx netdev_tx_t;

/** What dev_queue_xmit() and netif_receive_skb() return, as the kernel. */
#define NET_XMIT_SUCCESS	0x00	/**< sent or queued */
#define NET_XMIT_DROP		0x01	/**< dropped (counted) */
#define NET_XMIT_CN		0x02	/**< congestion notification */
#define NET_XMIT_MASK		0x0f	/**< The NET_XMIT_* part of a return value. */
#define NET_RX_SUCCESS		0	/**< delivered */
#define NET_RX_DROP		1	/**< dropped (counted) */

/**
 * True when @p rc means the driver took the skb.
 * @param rc what ndo_start_xmit() or dev_queue_xmit() returned.
 * @return true for NETDEV_TX_OK and the NET_XMIT_* codes below NET_XMIT_MASK
 *   (the skb was consumed), false for NETDEV_TX_BUSY or a negative errno.
 */
static inline bool dev_xmit_complete(int rc)
{
	return rc < NET_XMIT_MASK;
}


/** Device statistics (include/uapi/linux/if_link.h). */
struct rtnl_link_stats64 {
	uint64_t rx_packets;	/**< packets received */
	uint64_t tx_packets;	/**< packets sent */
	uint64_t rx_bytes;	/**< bytes received */
	uint64_t tx_bytes;	/**< bytes sent */
	uint64_t rx_errors;	/**< bad packets received */
	uint64_t tx_errors;	/**< packets the device failed to send */
	uint64_t rx_dropped;	/**< received packets dropped (no room, no handler...) */
	uint64_t tx_dropped;	/**< packets dropped on TX */
	uint64_t multicast;	/**< multicast packets received */
	uint64_t collisions;	/**< collisions */
	uint64_t rx_length_errors;	/**< received with a bad length */
	uint64_t rx_over_errors;	/**< receiver ring overruns */
	uint64_t rx_crc_errors;	/**< received with a bad CRC */
	uint64_t rx_frame_errors;	/**< received with a frame alignment error */
	uint64_t rx_fifo_errors;	/**< receiver FIFO overruns */
	uint64_t rx_missed_errors;	/**< missed by the receiver (no buffer) */
	uint64_t tx_aborted_errors;	/**< TX aborted */
	uint64_t tx_carrier_errors;	/**< TX carrier errors */
	uint64_t tx_fifo_errors;	/**< TX FIFO errors */
	uint64_t tx_heartbeat_errors;	/**< TX heartbeat errors */
	uint64_t tx_window_errors;	/**< TX late-window errors */
	uint64_t rx_compressed;	/**< compressed packets received */
	uint64_t tx_compressed;	/**< compressed packets sent */
	uint64_t rx_nohandler;	/**< received with no protocol handler */
	uint64_t rx_otherhost_dropped;	/**< received for another host, dropped */
};

struct net_device;
struct napi_struct;

/** A device's operations (the part of the kernel's net_device_ops used here). */
struct net_device_ops {
	/** register_netdev(): set up the device; 0 or -errno */
	int (*ndo_init)(struct net_device *dev);
	/** unregister_netdev(): undo ndo_init */
	void (*ndo_uninit)(struct net_device *dev);
	/** dev_open(): start the device; 0 or -errno */
	int (*ndo_open)(struct net_device *dev);
	/** dev_close(): stop the device */
	int (*ndo_stop)(struct net_device *dev);
	/** send @p skb: NETDEV_TX_OK (taken) or NETDEV_TX_BUSY (not taken) */
	netdev_tx_t (*ndo_start_xmit)(struct sk_buff *skb, struct net_device *dev);
	/** features the device offers for @p skb (a subset of @p features) */
	netdev_features_t (*ndo_features_check)(struct sk_buff *skb, struct net_device *dev,
						netdev_features_t features);
	/** TX queue for @p skb */
	uint16_t (*ndo_select_queue)(struct net_device *dev, struct sk_buff *skb,
				     struct net_device *sb_dev);
	/** fill @p storage with the device's counters */
	void (*ndo_get_stats64)(struct net_device *dev, struct rtnl_link_stats64 *storage);
	/** change the MTU; 0 or -errno */
	int (*ndo_change_mtu)(struct net_device *dev, int new_mtu);
};

/** netdev_queue.state bits, as the kernel's enum netdev_queue_state_t. */
enum netdev_queue_state_t {
	__QUEUE_STATE_DRV_XOFF,		/**< the driver stopped the queue */
	__QUEUE_STATE_STACK_XOFF,	/**< BQL stopped it (too many bytes in flight) */
	__QUEUE_STATE_FROZEN,
	__QUEUE_STATE_NM_SCHED,		/**< libnetmem: backlog to run (net_tx_action) */
};
#define QUEUE_STATE_DRV_XOFF	(1UL << __QUEUE_STATE_DRV_XOFF)	/**< Stopped by the driver. */
#define QUEUE_STATE_STACK_XOFF	(1UL << __QUEUE_STATE_STACK_XOFF)	/**< Stopped by BQL. */
#define QUEUE_STATE_FROZEN	(1UL << __QUEUE_STATE_FROZEN)	/**< Frozen (never set here). */
/** Stopped by the driver or by BQL. */
#define QUEUE_STATE_ANY_XOFF	(QUEUE_STATE_DRV_XOFF | QUEUE_STATE_STACK_XOFF)

/**
 * Byte queue limits of one TX queue (the kernel's struct dql, with a fixed
 * limit: libnetmem does not adapt it). bytes in flight = num_queued -
 * num_completed; at or above @c limit the queue is stopped (STACK_XOFF).
 */
struct dql {
	uint64_t num_queued;		/**< bytes handed to the device */
	uint64_t num_completed;		/**< bytes the device completed */
	uint64_t limit;			/**< in-flight bytes that stop the queue */
	uint64_t prev_num_queued;	/**< num_queued at the last completion */
	uint64_t stall_cnt;		/**< times BQL stopped the queue */
};

/** Default dql.limit: effectively off until a driver sets its own. */
#define NM_DQL_DEFAULT_LIMIT	(1ULL << 40)

/** One TX queue of a device. */
struct netdev_queue {
	struct net_device *dev;	/**< the device owning the queue */
	unsigned long state;		/**< QUEUE_STATE_* bits (atomic) */
	unsigned long trans_start;	/**< rte_get_tsc_cycles() of the last start */
	rte_spinlock_t _xmit_lock;	/**< HARD_TX_LOCK: ndo_start_xmit runs under it */
	int xmit_lock_owner;		/**< lcore holding _xmit_lock, or -1 */
	struct dql dql;			/**< BQL counters */
	/** libnetmem: skbs waiting to be sent (the qdisc the kernel has):
	 *  requeued after NETDEV_TX_BUSY, or queued while the queue was
	 *  stopped or the carrier off; sent when the queue wakes. */
	struct sk_buff_head backlog;
	rte_spinlock_t backlog_lock;	/**< protects backlog */
	uint64_t requeues;		/**< NETDEV_TX_BUSY answers */
	uint64_t tx_backlogged;		/**< skbs that went through the backlog */
	unsigned int index;		/**< libnetmem: its index in dev->_tx */
};

/** The return values of an rx_handler, as the kernel's. */
enum rx_handler_result {
	RX_HANDLER_CONSUMED,	/**< the handler took the skb */
	RX_HANDLER_ANOTHER,	/**< skb->dev changed: do another round */
	RX_HANDLER_EXACT,	/**< deliver only to handlers bound to this device */
	RX_HANDLER_PASS,	/**< go on as if there were no handler */
};
/** What an rx_handler returns. */
typedef enum rx_handler_result rx_handler_result_t;
/** An rx_handler (netdev_rx_handler_register()). */
typedef rx_handler_result_t rx_handler_func_t(struct sk_buff **pskb);

/**
 * A protocol handler (dev_add_pack()): @c type is htons(ETH_P_*) or
 * htons(ETH_P_ALL) for a tap that sees every packet; @c dev NULL for every
 * device. @c func owns the skb it is given (it frees or keeps it).
 */
struct packet_type {
	__be16 type;	/**< htons(ETH_P_*), or htons(ETH_P_ALL) */
	bool ignore_outgoing;	/**< taps: skip the packets the host sends */
	struct net_device *dev;	/**< the device, or NULL for all */
	/** receives the skb (owns it) */
	int (*func)(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		    struct net_device *orig_dev);
	void *af_packet_priv;	/**< private to the handler's owner */
	struct packet_type *nm_next;	/**< libnetmem: the handler list */
};

/** NAPI state bits, as the kernel's. */
enum {
	NAPI_STATE_SCHED,	/**< poll is scheduled (owned by the poller) */
	NAPI_STATE_MISSED,	/**< reschedule: a schedule came during the poll */
	NAPI_STATE_DISABLE,	/**< napi_disable() pending */
	NAPI_STATE_NPSVC,	/**< disabled: no poll, no schedule */
	NAPI_STATE_LISTED,	/**< netif_napi_add()ed */
	NAPI_STATE_NO_BUSY_POLL,
	NAPI_STATE_IN_BUSY_POLL,
	NAPI_STATE_NM_ALWAYS,	/**< libnetmem: polled every round (a PMD queue:
				 *   no interrupt re-schedules it) */
};
#define NAPIF_STATE_SCHED	(1UL << NAPI_STATE_SCHED)	/**< NAPI_STATE_SCHED bit. */
#define NAPIF_STATE_MISSED	(1UL << NAPI_STATE_MISSED)	/**< NAPI_STATE_MISSED bit. */
#define NAPIF_STATE_DISABLE	(1UL << NAPI_STATE_DISABLE)	/**< NAPI_STATE_DISABLE bit. */
#define NAPIF_STATE_NPSVC	(1UL << NAPI_STATE_NPSVC)	/**< NAPI_STATE_NPSVC bit. */
#define NAPIF_STATE_LISTED	(1UL << NAPI_STATE_LISTED)	/**< NAPI_STATE_LISTED bit. */
/** NAPI_STATE_IN_BUSY_POLL bit. */
#define NAPIF_STATE_IN_BUSY_POLL (1UL << NAPI_STATE_IN_BUSY_POLL)
#define NAPIF_STATE_NM_ALWAYS	(1UL << NAPI_STATE_NM_ALWAYS)	/**< NAPI_STATE_NM_ALWAYS bit. */

/** The kernel's default NAPI weight (budget of one poll). */
#define NAPI_POLL_WEIGHT	64
/** Packets one nm_napi_poll_lcore() round handles at most (netdev_budget). */
#define NM_NETDEV_BUDGET	300
/** skbs napi_gro_receive() collects before delivering them (gro_normal_batch). */
#define NM_GRO_NORMAL_BATCH	GRO_NORMAL_BATCH

/**
 * A NAPI context: one per RX queue, polled on one lcore (@c lcore; the
 * page_pool of the queue is owned by that lcore, which is how the kernel's
 * pp.napi ties direct recycling to the NAPI).
 */
struct napi_struct {
	unsigned long state;		/**< NAPIF_STATE_* (atomic) */
	int weight;			/**< budget of one poll */
	/** receives up to budget packets; returns the work done */
	int (*poll)(struct napi_struct *napi, int budget);
	struct net_device *dev;	/**< the device */
	unsigned int napi_id;	/**< unique id of the NAPI */
	int index;			/**< RX queue, or -1 */
	unsigned int lcore;		/**< the lcore whose poll loop runs it */
	int list_owner;			/**< lcore running the poll now, or -1 */
	struct gro_node gro;		/**< GRO state (6.16+: napi->gro) */
	struct sk_buff *skb;		/**< napi_get_frags() skb being filled */
	uint64_t poll_count;		/**< libnetmem: polls run */
	uint64_t complete_count;	/**< libnetmem: napi_complete_done() that completed */
	struct napi_struct *dev_next;	/**< dev->napi_list */
	struct napi_struct *lcore_next;	/**< all NAPIs of @c lcore */
	struct napi_struct *poll_next;	/**< the poll list of @c lcore */
};

/** Device-level drop and core counters (the kernel's net_device_core_stats). */
struct net_device_core_stats {
	uint64_t rx_dropped;	/**< received packets dropped */
	uint64_t tx_dropped;	/**< packets dropped on TX */
	uint64_t rx_nohandler;	/**< received with no protocol handler */
	uint64_t rx_otherhost_dropped;	/**< received for another host, dropped */
};

/** What netdev_priv() returns is aligned to this (NETDEV_ALIGN). */
#define NETDEV_ALIGN	64

/** Registration states, as the kernel's. */
enum {
	NETREG_UNINITIALIZED = 0,
	NETREG_REGISTERED,
	NETREG_UNREGISTERING,
	NETREG_UNREGISTERED,
	NETREG_RELEASED,
};

/** A network device. */
struct net_device {
	char name[IFNAMSIZ];	/**< interface name */
	int ifindex;	/**< interface index (unique, > 0) */
	unsigned int flags;		/**< IFF_* */
	unsigned int priv_flags;	/**< IFF_* private flags */
	netdev_features_t features;	/**< active features (NETIF_F_*) */
	netdev_features_t hw_features;	/**< features that can be changed */
	netdev_features_t vlan_features; /**< features inherited by VLAN devices */
	unsigned int mtu;	/**< maximum transmission unit */
	unsigned int min_mtu;	/**< smallest MTU accepted */
	unsigned int max_mtu;	/**< largest MTU accepted */
	unsigned short type;		/**< ARPHRD_* */
	unsigned short hard_header_len;	/**< link-layer header length */
	unsigned short needed_headroom;	/**< extra headroom the device wants */
	unsigned short needed_tailroom;	/**< extra tailroom the device wants */
	unsigned char addr_len;	/**< bytes of dev_addr */
	unsigned char dev_addr[MAX_ADDR_LEN];	/**< the hardware address */
	unsigned char broadcast[MAX_ADDR_LEN];	/**< the broadcast address */
	unsigned int gso_max_size;	/**< largest GSO skb the device takes */
	unsigned short gso_max_segs;	/**< most segments of a GSO skb the device takes */
	unsigned int gro_max_size;	/**< largest skb GRO builds */
	unsigned int num_rx_queues;	/**< RX queues allocated */
	unsigned int real_num_rx_queues;	/**< RX queues in use */
	unsigned int num_tx_queues;	/**< TX queues allocated */
	unsigned int real_num_tx_queues;	/**< TX queues in use */
	uint16_t port;			/**< libnetmem: the DPDK port behind it */

	/* ---- the device layer (alloc_netdev_mqs() fills these) ---- */
	const struct net_device_ops *netdev_ops;	/**< the device's operations */
	netdev_features_t hw_enc_features;	/**< features of encapsulated packets */
	netdev_features_t mpls_features;	/**< features of MPLS packets */
	unsigned int tx_queue_len;	/**< backlog limit per TX queue (1000) */
	unsigned char reg_state;	/**< NETREG_* */
	unsigned long state;		/**< __LINK_STATE_* bits */
	struct netdev_queue *_tx;	/**< num_tx_queues queues */
	struct napi_struct *napi_list;	/**< the device's NAPIs */
	rx_handler_func_t *rx_handler;	/**< rx_handler (netdev_rx_handler_register()) */
	void *rx_handler_data;	/**< its argument */
	struct packet_type *ptype_all;	/**< ETH_P_ALL taps bound to this device */
	struct packet_type *ptype_specific;	/**< handlers bound to this device */
	struct rtnl_link_stats64 stats;	/**< the driver's counters (dev->stats) */
	struct net_device_core_stats core_stats;	/**< drops counted by the core */
	uint64_t *nm_drop_reasons;	/**< drops by enum skb_drop_reason */
	struct net_device *nm_reg_next;	/**< the registered devices */
	void *nm_priv_mem;		/**< what free_netdev() frees */
	size_t priv_len;		/**< bytes of netdev_priv() */
	/** the driver's private area (netdev_priv()) */
	unsigned char priv[] __attribute__((aligned(NETDEV_ALIGN)));
};

/** __LINK_STATE_* bits of net_device.state. */
enum netdev_state_t {
	__LINK_STATE_START,		/**< open (dev_open ran ndo_open) */
	__LINK_STATE_PRESENT,
	__LINK_STATE_NOCARRIER,
	__LINK_STATE_LINKWATCH_PENDING,
	__LINK_STATE_DORMANT,
	__LINK_STATE_TESTING,
};

/**
 * Sets @p dev's hardware address (dev->addr_len bytes).
 * @param dev the device whose dev_addr is written.
 * @param addr dev->addr_len bytes.
 */
static inline void dev_addr_set(struct net_device *dev, const unsigned char *addr)
{
	memcpy(dev->dev_addr, addr, dev->addr_len);
}

/* ---- allocation and registration ------------------------------------- */

/**
 * The private area of @p dev (sizeof_priv bytes of alloc_netdev_mqs()).
 * @param dev a device from alloc_netdev_mqs().
 * @return the driver's private area, allocated and freed with @p dev.
 */
static inline void *netdev_priv(const struct net_device *dev)
{
	return (void *)dev->priv;
}

/**
 * A device with a @p sizeof_priv private area, @p txqs TX and @p rxqs RX
 * queues (1..NM_NETDEV_MAX_QUEUES), named from @p name ("nm%d": the
 * number is chosen at register_netdev()), set up by @p setup (may be
 * NULL). The name_assign_type argument of the kernel is dropped. NULL
 * when out of memory or for bad counts.
 * @param sizeof_priv bytes of the driver's private area (netdev_priv()),
 *   zeroed.
 * @param name name or "%d" pattern, up to IFNAMSIZ - 1 characters.
 * @param setup called on the new device to fill it (ether_setup()), or NULL.
 * @param txqs TX queues, 1..NM_NETDEV_MAX_QUEUES.
 * @param rxqs RX queues, 1..NM_NETDEV_MAX_QUEUES.
 * @return the unregistered device, freed with free_netdev(); NULL on failure.
 */
NM_API struct net_device *alloc_netdev_mqs(int sizeof_priv, const char *name,
					   void (*setup)(struct net_device *dev),
					   unsigned int txqs, unsigned int rxqs);

/** Most TX or RX queues of one device. */
#define NM_NETDEV_MAX_QUEUES	64

/**
 * alloc_netdev_mqs() with one queue each way.
 * @param sizeof_priv bytes of the driver's private area, zeroed.
 * @param name name or "%d" pattern.
 * @param setup called on the new device, or NULL.
 * @return the unregistered device (free it with free_netdev()), or NULL.
 */
#define alloc_netdev(sizeof_priv, name, setup) \
	alloc_netdev_mqs(sizeof_priv, name, setup, 1, 1)

/**
 * An Ethernet device ("nm%d") with @p txqs / @p rxqs queues.
 * @param sizeof_priv bytes of the driver's private area, zeroed.
 * @param txqs TX queues, 1..NM_NETDEV_MAX_QUEUES.
 * @param rxqs RX queues, 1..NM_NETDEV_MAX_QUEUES.
 * @return the unregistered device set up by ether_setup(), freed with
 *   free_netdev(); NULL on failure.
 */
NM_API struct net_device *alloc_etherdev_mqs(int sizeof_priv, unsigned int txqs,
					     unsigned int rxqs);

/**
 * An Ethernet device with one queue each way.
 * @param sizeof_priv bytes of the driver's private area, zeroed.
 * @return the unregistered device set up by ether_setup(), or NULL.
 */
#define alloc_etherdev(sizeof_priv)	alloc_etherdev_mqs(sizeof_priv, 1, 1)

/**
 * Frees a device that is not registered (or was unregistered), and its
 * NAPIs' leftovers. A registered device is a counted misuse (not freed).
 * @param dev an unregistered device; freed with its private area.
 */
NM_API void free_netdev(struct net_device *dev);

/**
 * Registers @p dev: ndo_init, a name ("%d" replaced by the first free
 * number), an ifindex (1, 2, ...), present; not opened (dev_open()), the
 * carrier left as it is (on after alloc). 0, -EEXIST
 * (name taken), -EINVAL (registered already, bad name), or ndo_init's error.
 * @param dev a device from alloc_netdev_mqs(), not yet registered.
 * @return 0, or -EEXIST, -EINVAL, ndo_init's negative errno (@p dev stays the
 *   caller's, unregistered).
 */
NM_API int register_netdev(struct net_device *dev);

/** Closes @p dev when open, unregisters it (ndo_uninit), drops its rx_handler
 *  and device-bound packet handlers.
 * @param dev a registered device; still to be freed with free_netdev().
 */
NM_API void unregister_netdev(struct net_device *dev);

/**
 * The registered device with @p ifindex, or NULL.
 * @param ifindex an interface index (> 0).
 * @return the device, not reference-counted here (valid until unregistered);
 *   NULL when none has @p ifindex.
 */
NM_API struct net_device *dev_get_by_index(int ifindex);
/**
 * The registered device named @p name, or NULL.
 * @param name a device name.
 * @return the device (valid until unregistered), or NULL.
 */
NM_API struct net_device *dev_get_by_name(const char *name);

/**
 * Opens @p dev: ndo_open, then IFF_UP. 0 or ndo_open's error.
 * @param dev a registered device.
 * @return 0 (also when already open), -ENODEV (not present), or ndo_open's
 *   negative errno.
 */
NM_API int dev_open(struct net_device *dev);
/** Closes @p dev: ndo_stop, IFF_UP cleared;
 *  skbs in the TX backlogs are dropped (SKB_DROP_REASON_DEV_READY).
 * @param dev a registered device; nothing happens when it is not open.
 */
NM_API void dev_close(struct net_device *dev);

/**
 * True when @p dev is open.
 * @param dev the device whose IFF_UP state is read.
 * @return true while IFF_UP is set (after dev_open()).
 */
static inline bool netif_running(const struct net_device *dev)
{
	return (__atomic_load_n(&dev->state, __ATOMIC_ACQUIRE) & (1UL << __LINK_STATE_START)) != 0;
}

/**
 * True when @p dev is registered and present.
 * @param dev the device whose presence is read.
 * @return true when registered and not detached.
 */
static inline bool netif_device_present(const struct net_device *dev)
{
	return (__atomic_load_n(&dev->state, __ATOMIC_ACQUIRE) & (1UL << __LINK_STATE_PRESENT)) != 0;
}

/* ---- carrier ------------------------------------------------------------ */

/**
 * True when the link is up.
 * @param dev the device whose carrier state is read.
 * @return true when the carrier is on.
 */
static inline bool netif_carrier_ok(const struct net_device *dev)
{
	return (__atomic_load_n(&dev->state, __ATOMIC_ACQUIRE) &
		(1UL << __LINK_STATE_NOCARRIER)) == 0;
}

/**
 * Link up: TX backlogs run again.
 * @param dev the device whose carrier goes on; its stopped backlogs are run.
 */
NM_API void netif_carrier_on(struct net_device *dev);
/**
 * Link down: dev_queue_xmit() keeps skbs in the backlog.
 * @param dev the device whose carrier goes off.
 */
NM_API void netif_carrier_off(struct net_device *dev);

/* ---- TX queues ---------------------------------------------------------- */

/**
 * TX queue @p index of @p dev.
 * @param dev the device owning the queue.
 * @param index TX queue index, below dev->num_tx_queues.
 * @return the queue, part of @p dev.
 */
static inline struct netdev_queue *netdev_get_tx_queue(const struct net_device *dev,
						       unsigned int index)
{
	return &dev->_tx[index];
}

/**
 * Starts (clears DRV_XOFF on) @p txq.
 * @param txq the TX queue whose DRV_XOFF bit is cleared.
 */
static inline void netif_tx_start_queue(struct netdev_queue *txq)
{
	__atomic_fetch_and(&txq->state, ~QUEUE_STATE_DRV_XOFF, __ATOMIC_RELEASE);
}

/**
 * Stops @p txq (sets DRV_XOFF).
 * @param txq the TX queue whose DRV_XOFF bit is set.
 */
static inline void netif_tx_stop_queue(struct netdev_queue *txq)
{
	__atomic_fetch_or(&txq->state, QUEUE_STATE_DRV_XOFF, __ATOMIC_RELEASE);
}

/** Starts @p txq again and has its backlog sent (at once, or at the end of
 *  the ndo_start_xmit() in progress on this lcore).
 * @param txq the TX queue to start and drain.
 */
NM_API void netif_tx_wake_queue(struct netdev_queue *txq);

/**
 * True when the driver stopped @p txq.
 * @param txq the TX queue whose driver stop bit is read.
 * @return true when DRV_XOFF is set.
 */
static inline bool netif_tx_queue_stopped(const struct netdev_queue *txq)
{
	return (__atomic_load_n(&txq->state, __ATOMIC_ACQUIRE) & QUEUE_STATE_DRV_XOFF) != 0;
}

/**
 * Stopped by the driver or by BQL.
 * @param txq the TX queue whose stop bits are read.
 * @return true when DRV_XOFF or STACK_XOFF is set.
 */
static inline bool netif_xmit_stopped(const struct netdev_queue *txq)
{
	return (__atomic_load_n(&txq->state, __ATOMIC_ACQUIRE) & QUEUE_STATE_ANY_XOFF) != 0;
}

/**
 * Starts TX queue 0.
 * @param dev the device whose TX queue 0 starts.
 */
static inline void netif_start_queue(struct net_device *dev)
{
	netif_tx_start_queue(netdev_get_tx_queue(dev, 0));
}

/**
 * Stops TX queue 0.
 * @param dev the device whose TX queue 0 stops.
 */
static inline void netif_stop_queue(struct net_device *dev)
{
	netif_tx_stop_queue(netdev_get_tx_queue(dev, 0));
}

/**
 * Wakes TX queue 0 (starts it and sends its backlog).
 * @param dev the device whose TX queue 0 wakes.
 */
static inline void netif_wake_queue(struct net_device *dev)
{
	netif_tx_wake_queue(netdev_get_tx_queue(dev, 0));
}

/**
 * True when the driver stopped TX queue 0.
 * @param dev the device whose TX queue 0 is read.
 * @return true when TX queue 0 has DRV_XOFF set.
 */
static inline bool netif_queue_stopped(const struct net_device *dev)
{
	return netif_tx_queue_stopped(netdev_get_tx_queue(dev, 0));
}

/**
 * Starts every TX queue.
 * @param dev the device whose num_tx_queues queues start.
 */
static inline void netif_tx_start_all_queues(struct net_device *dev)
{
	for (unsigned int i = 0; i < dev->num_tx_queues; i++)
		netif_tx_start_queue(netdev_get_tx_queue(dev, i));
}

/**
 * Stops every TX queue.
 * @param dev the device whose num_tx_queues queues stop.
 */
static inline void netif_tx_stop_all_queues(struct net_device *dev)
{
	for (unsigned int i = 0; i < dev->num_tx_queues; i++)
		netif_tx_stop_queue(netdev_get_tx_queue(dev, i));
}

/**
 * Wakes every TX queue.
 * @param dev the device whose num_tx_queues queues wake.
 */
static inline void netif_tx_wake_all_queues(struct net_device *dev)
{
	for (unsigned int i = 0; i < dev->num_tx_queues; i++)
		netif_tx_wake_queue(netdev_get_tx_queue(dev, i));
}

/**
 * Takes @p txq's transmit lock (what the stack holds around ndo_start_xmit).
 * @param txq the TX queue whose xmit lock is taken (spins while held).
 * @param cpu the caller's lcore, recorded as the lock's owner.
 */
NM_API void __netif_tx_lock(struct netdev_queue *txq, int cpu);
/**
 * Releases @p txq's transmit lock.
 * @param txq a TX queue whose lock the caller holds.
 */
NM_API void __netif_tx_unlock(struct netdev_queue *txq);
/**
 * Tries @p txq's transmit lock; true when taken.
 * @param txq the TX queue whose xmit lock is tried.
 * @return true when the lock was taken, false when another holder has it.
 */
NM_API bool __netif_tx_trylock(struct netdev_queue *txq);

/* ---- BQL ---------------------------------------------------------------- */

/**
 * @p bytes handed to the hardware on @p txq: may stop it (STACK_XOFF).
 * @param txq the TX queue whose BQL in-flight bytes grow.
 * @param bytes bytes of the skb just queued to the hardware.
 */
NM_API void netdev_tx_sent_queue(struct netdev_queue *txq, unsigned int bytes);

/**
 * netdev_tx_sent_queue() for a batch: with @p xmit_more only counts and
 * returns whether the queue is stopped; else counts and returns true (ring
 * the doorbell now).
 * @param txq the TX queue whose BQL in-flight bytes grow.
 * @param bytes bytes of the skb just queued.
 * @param xmit_more netdev_xmit_more(): another skb follows at once.
 * @return true when the driver should notify the hardware now.
 */
NM_API bool __netdev_tx_sent_queue(struct netdev_queue *txq, unsigned int bytes,
				   bool xmit_more);

/**
 * @p pkts / @p bytes completed on @p txq: wakes a queue BQL stopped.
 * @param txq the TX queue whose BQL in-flight bytes shrink.
 * @param pkts packets the hardware completed.
 * @param bytes their bytes.
 */
NM_API void netdev_tx_completed_queue(struct netdev_queue *txq, unsigned int pkts,
				      unsigned int bytes);

/**
 * Clears @p txq's BQL counters (a ring reset).
 * @param txq the TX queue whose BQL state is cleared.
 */
NM_API void netdev_tx_reset_queue(struct netdev_queue *txq);

/**
 * BQL on TX queue 0 of @p dev (single-queue drivers).
 * @param dev the device whose TX queue 0 BQL counts grow.
 * @param bytes bytes queued to the hardware.
 */
static inline void netdev_sent_queue(struct net_device *dev, unsigned int bytes)
{
	netdev_tx_sent_queue(netdev_get_tx_queue(dev, 0), bytes);
}

/**
 * BQL: @p pkts packets of @p bytes completed on TX queue 0.
 * @param dev the device whose TX queue 0 BQL counts shrink.
 * @param pkts packets completed.
 * @param bytes their bytes.
 */
static inline void netdev_completed_queue(struct net_device *dev, unsigned int pkts,
					  unsigned int bytes)
{
	netdev_tx_completed_queue(netdev_get_tx_queue(dev, 0), pkts, bytes);
}

/**
 * BQL: resets TX queue 0's counters.
 * @param dev the device whose TX queue 0 BQL state is cleared.
 */
static inline void netdev_reset_queue(struct net_device *dev)
{
	netdev_tx_reset_queue(netdev_get_tx_queue(dev, 0));
}

/**
 * Sets the TX queues in use (1..num_tx_queues). 0 or -EINVAL.
 * @param dev the device whose real_num_tx_queues is set.
 * @param txq queues to use, 1..dev->num_tx_queues.
 * @return 0, or -EINVAL (count unchanged).
 */
static inline int netif_set_real_num_tx_queues(struct net_device *dev, unsigned int txq)
{
	if (txq < 1 || txq > dev->num_tx_queues)
		return -EINVAL;
	dev->real_num_tx_queues = txq;
	return 0;
}

/**
 * Sets the RX queues in use (1..num_rx_queues). 0 or -EINVAL.
 * @param dev the device whose real_num_rx_queues is set.
 * @param rxq queues to use, 1..dev->num_rx_queues.
 * @return 0, or -EINVAL (count unchanged).
 */
static inline int netif_set_real_num_rx_queues(struct net_device *dev, unsigned int rxq)
{
	if (rxq < 1 || rxq > dev->num_rx_queues)
		return -EINVAL;
	dev->real_num_rx_queues = rxq;
	return 0;
}

/**
 * Bytes in flight on @p txq (BQL view).
 * @param txq the TX queue whose BQL counters are read.
 * @return bytes reported sent and not yet completed.
 */
static inline uint64_t nm_netdev_tx_inflight(const struct netdev_queue *txq)
{
	return txq->dql.num_queued - txq->dql.num_completed;
}

/* ---- NAPI --------------------------------------------------------------- */

/**
 * Adds @p napi to @p dev with @p poll and budget @p weight: disabled
 * (napi_enable() starts it), polled on the caller's lcore unless
 * nm_napi_set_lcore() says otherwise.
 * @param dev the device the NAPI belongs to.
 * @param napi the caller's NAPI struct, kept by @p dev until netif_napi_del().
 * @param poll the driver's poll function.
 * @param weight budget of one poll.
 */
NM_API void netif_napi_add_weight(struct net_device *dev, struct napi_struct *napi,
				  int (*poll)(struct napi_struct *, int), int weight);

/**
 * netif_napi_add_weight() with NAPI_POLL_WEIGHT.
 * @param dev the device the NAPI belongs to.
 * @param napi the caller's NAPI struct.
 * @param poll the driver's poll function.
 */
static inline void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
				  int (*poll)(struct napi_struct *, int))
{
	netif_napi_add_weight(dev, napi, poll, NAPI_POLL_WEIGHT);
}

/**
 * A NAPI for TX completion only (the kernel's netif_napi_add_tx()).
 * @param dev the device the NAPI belongs to.
 * @param napi the caller's NAPI struct.
 * @param poll the driver's TX completion poll function.
 */
static inline void netif_napi_add_tx(struct net_device *dev, struct napi_struct *napi,
				     int (*poll)(struct napi_struct *, int))
{
	netif_napi_add_weight(dev, napi, poll, NAPI_POLL_WEIGHT);
}

/**
 * Removes a disabled @p napi from its device and lcore (frees held skbs).
 * @param napi a disabled NAPI; its memory is the caller's again.
 */
NM_API void netif_napi_del(struct napi_struct *napi);

/** Moves @p napi to the poll loop of @p lcore (while disabled): the lcore that
 *  owns its RX queue's page_pool. -EBUSY when enabled, -EINVAL bad lcore.
 * @param napi a disabled NAPI.
 * @param lcore the DPDK lcore whose nm_napi_poll_lcore() polls it.
 * @return 0, -EBUSY or -EINVAL.
 */
NM_API int nm_napi_set_lcore(struct napi_struct *napi, unsigned int lcore);

/**
 * Lets @p napi be scheduled and polled.
 * @param napi a NAPI added with netif_napi_add*().
 */
NM_API void napi_enable(struct napi_struct *napi);

/**
 * Stops @p napi: waits until a scheduled or running poll is done (on its
 * own lcore it runs that lcore's pending polls itself, as the softirq
 * would), then keeps it from being scheduled. A second disable is a
 * counted misuse.
 * @param napi an enabled NAPI.
 */
NM_API void napi_disable(struct napi_struct *napi);

/**
 * Claims @p napi for a poll: true when it was idle (now SCHED); false when
 * disabled, disabling, or already scheduled (then MISSED is set so that
 * napi_complete_done() reschedules it).
 * @param napi the NAPI to claim (SCHED set on success, MISSED otherwise).
 * @return true when the caller now owns the poll and must __napi_schedule().
 */
NM_API bool napi_schedule_prep(struct napi_struct *napi);

/**
 * Puts a claimed @p napi on its lcore's poll list.
 * @param napi a NAPI whose napi_schedule_prep() returned true.
 */
NM_API void __napi_schedule(struct napi_struct *napi);

/**
 * napi_schedule_prep() then __napi_schedule(); true when scheduled now.
 * @param napi the NAPI to put on its lcore's poll list.
 * @return true when this call scheduled it, false when disabled or already
 *   scheduled.
 */
static inline bool napi_schedule(struct napi_struct *napi)
{
	if (napi_schedule_prep(napi)) {
		__napi_schedule(napi);
		return true;
	}
	return false;
}

/**
 * napi_schedule() from an interrupt handler: the same here.
 * @param napi the NAPI to put on its lcore's poll list.
 */
static inline void napi_schedule_irqoff(struct napi_struct *napi)
{
	napi_schedule(napi);
}

/**
 * napi_schedule_irqoff() without the test (caller owns SCHED).
 * @param napi a NAPI whose napi_schedule_prep() returned true.
 */
static inline void __napi_schedule_irqoff(struct napi_struct *napi)
{
	__napi_schedule(napi);
}

/** If @p napi is scheduled, marks it MISSED (polled again after completing);
 *  true when it was scheduled.
 * @param napi the NAPI whose SCHED bit is tested.
 * @return true when it was scheduled (and is now marked MISSED), false when
 *   idle.
 */
static inline bool napi_if_scheduled_mark_missed(struct napi_struct *napi)
{
	unsigned long val = __atomic_load_n(&napi->state, __ATOMIC_ACQUIRE);

	do {
		if (val & NAPIF_STATE_DISABLE)
			return true;
		if (!(val & NAPIF_STATE_SCHED))
			return false;
	} while (!__atomic_compare_exchange_n(&napi->state, &val, val | NAPIF_STATE_MISSED,
					      false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return true;
}

/**
 * Ends a poll that did @p work_done (< budget): delivers the batched skbs,
 * clears SCHED. False when the NAPI must stay scheduled (a schedule came
 * in meanwhile, MISSED: it is put back on the poll list) or is busy-polled.
 * @param napi the NAPI being polled, from its poll function.
 * @param work_done packets the poll handled, below the budget.
 * @return true when the NAPI is idle now (the driver may re-enable its
 *   interrupt), false when it stays scheduled.
 */
NM_API bool napi_complete_done(struct napi_struct *napi, int work_done);

/**
 * napi_complete_done() with no work count.
 * @param napi the NAPI being polled.
 * @return as napi_complete_done().
 */
static inline bool napi_complete(struct napi_struct *napi)
{
	return napi_complete_done(napi, 0);
}

/**
 * True while napi_disable() is pending.
 * @param napi the NAPI whose DISABLE bit is read.
 * @return true while a napi_disable() waits for it.
 */
static inline bool napi_disable_pending(const struct napi_struct *napi)
{
	return (__atomic_load_n(&napi->state, __ATOMIC_ACQUIRE) & NAPIF_STATE_DISABLE) != 0;
}

/**
 * True when @p napi is scheduled (or being polled).
 * @param napi the NAPI whose SCHED bit is read.
 * @return true when SCHED is set.
 */
static inline bool napi_is_scheduled(const struct napi_struct *napi)
{
	return (__atomic_load_n(&napi->state, __ATOMIC_ACQUIRE) & NAPIF_STATE_SCHED) != 0;
}

/**
 * Runs one poll of @p napi if it is scheduled, as the kernel's napi_poll():
 * the driver's poll with budget @c weight; when it used the whole budget
 * the NAPI stays scheduled (completed instead when a disable is pending).
 * Returns the work done (0 when not scheduled). Call it on napi->lcore.
 * @param napi a NAPI of the calling lcore.
 * @return the packets its poll handled, 0 when it was not scheduled.
 */
NM_API int nm_napi_poll_once(struct napi_struct *napi);

/**
 * One round of the calling lcore's poll loop (net_rx_action): schedules its
 * always-polled NAPIs (PMD queues), then polls the scheduled ones until
 * @p budget packets (0: NM_NETDEV_BUDGET) or the list is empty; NAPIs that
 * used their whole weight go round again. Also runs TX backlogs that were
 * woken. Returns the packets handled.
 * @param budget packets for the round, 0 for NM_NETDEV_BUDGET.
 * @return the packets handled in the round.
 */
NM_API unsigned int nm_napi_poll_lcore(unsigned int budget);

/** Marks @p napi polled every nm_napi_poll_lcore() round (busy polling of a
 *  PMD queue, which raises no interrupt).
 * @param napi the NAPI (of a PMD queue) to poll unconditionally or not.
 * @param on true to poll it every round, false to poll it only when scheduled.
 */
NM_API void nm_napi_set_always(struct napi_struct *napi, bool on);

/* ---- receive ------------------------------------------------------------ */

/**
 * Delivers @p skb (protocol set, data at the network header, skb->dev the
 * receiving device): ETH_P_ALL taps, the device's rx_handler, then the
 * packet_type handlers of skb->protocol. Unhandled: dropped
 * (SKB_DROP_REASON_UNHANDLED_PROTO, counted on the device). NET_RX_SUCCESS
 * or NET_RX_DROP.
 * @param skb a received packet, consumed in every case.
 * @return NET_RX_SUCCESS when a handler took it, NET_RX_DROP when dropped.
 */
NM_API int netif_receive_skb(struct sk_buff *skb);

/** netif_receive_skb() of every skb of @p head (emptied). The kernel takes a
 *  list_head of skb->list; libnetmem has no skb->list, so a sk_buff_head.
 * @param head the received skbs, each consumed; empty afterwards.
 */
NM_API void netif_receive_skb_list(struct sk_buff_head *head);

/**
 * netif_rx(): delivered at once (no backlog CPU in user space).
 * @param skb a received packet, consumed in every case.
 * @return NET_RX_SUCCESS or NET_RX_DROP, as netif_receive_skb().
 */
NM_API int netif_rx(struct sk_buff *skb);

/**
 * Hands a received skb (protocol set by eth_type_trans(), data at the
 * network header) to GRO: gro_receive_skb(&napi->gro, skb) (NETIF_F_GRO of
 * the device at napi_enable() turns merging on; without it skbs are
 * batched for netif_receive_skb_list(), gro_normal_batch at a time). Held
 * and batched skbs are delivered at napi_complete_done()
 * and, aged, when a poll used its whole budget.
 * @param napi the NAPI being polled (its gro_node).
 * @param skb a received packet, consumed in every case.
 * @return what GRO did with it (enum gro_result).
 */
NM_API gro_result_t napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb);

/** The empty skb a driver fills with frags for napi_gro_frags() (reused
 *  across calls), or NULL.
 * @param napi the NAPI being polled.
 * @return napi->skb, owned by @p napi (allocated on first use); NULL when out
 *   of memory.
 */
NM_API struct sk_buff *napi_get_frags(struct napi_struct *napi);

/** Receives napi->skb (filled with frags by the driver): the Ethernet header
 *  is pulled from the first frag, eth_type_trans() applied.
 * @param napi the NAPI being polled; napi->skb is consumed.
 * @return what GRO did with it; GRO_CONSUMED when the frame was dropped
 *   (shorter than ETH_HLEN) or napi->skb was NULL (a counted misuse).
 */
NM_API gro_result_t napi_gro_frags(struct napi_struct *napi);

/**
 * Sets @p dev's rx_handler (one per device, as the kernel). 0, -EBUSY when
 * one is set already.
 * @param dev a registered device.
 * @param rx_handler the function receiving every skb of @p dev.
 * @param rx_handler_data stored in dev->rx_handler_data.
 * @return 0 or -EBUSY.
 */
NM_API int netdev_rx_handler_register(struct net_device *dev, rx_handler_func_t *rx_handler,
				      void *rx_handler_data);
/**
 * Removes @p dev's rx_handler.
 * @param dev the device whose rx_handler and rx_handler_data are cleared.
 */
NM_API void netdev_rx_handler_unregister(struct net_device *dev);

/** Adds a protocol handler (see struct packet_type). Not concurrent with
 *  receive on other lcores (the kernel's RCU is not modelled).
 * @param pt the caller's handler, kept until dev_remove_pack().
 */
NM_API void dev_add_pack(struct packet_type *pt);
/**
 * Removes a protocol handler.
 * @param pt a handler added with dev_add_pack().
 */
NM_API void dev_remove_pack(struct packet_type *pt);

/* ---- transmit ----------------------------------------------------------- */

/**
 * Sends @p skb on skb->dev: a TX queue is picked (ndo_select_queue, else
 * skb->queue_mapping, else the hash), the skb validated
 * (validate_xmit_skb()) and given to ndo_start_xmit; when the queue is
 * stopped, the carrier off, or the driver answers NETDEV_TX_BUSY, it waits
 * in the queue's backlog and is sent when the queue wakes. Consumes the
 * skb. NET_XMIT_SUCCESS, NET_XMIT_DROP (counted by reason), or -ENETDOWN.
 * @param skb a packet with skb->dev set, data at the Ethernet header; consumed
 *   in every case.
 * @return NET_XMIT_SUCCESS (sent or queued), NET_XMIT_DROP, or -ENETDOWN
 *   (device not open).
 */
NM_API int dev_queue_xmit(struct sk_buff *skb);

/**
 * The features the device offers for @p skb (netif_skb_features()).
 * @param skb a packet with skb->dev set.
 * @return dev->features minus what the skb's GSO limits, encapsulation, VLAN
 *   tags or ndo_features_check rule out.
 */
NM_API netdev_features_t netif_skb_features(struct sk_buff *skb);

/**
 * Makes @p skb sendable with @p dev's features: VLAN tag pushed into the
 * frame without HW_VLAN_CTAG_TX, software GSO when the features lack the
 * skb's gso type, linearized without SG, checksum completed without the
 * csum feature. Returns the skb or a ->next list of segments; NULL when it
 * was dropped (counted by reason; @p again is unused and kept for the
 * kernel's signature).
 * @param skb a packet, consumed in every case.
 * @param dev the device it goes out on.
 * @param again unused (the kernel's requeue flag).
 * @return the skb or the first of a list of segments (the caller owns them), or
 *   NULL when dropped.
 */
NM_API struct sk_buff *validate_xmit_skb_list(struct sk_buff *skb, struct net_device *dev,
					      bool *again);

/**
 * True while ndo_start_xmit runs in a batch whose next skb follows at once.
 * @return true when another skb of the batch follows the current one.
 */
NM_API bool netdev_xmit_more(void);

/**
 * Sends @p txq's backlog now if it can (net_tx_action for one queue).
 * @param txq the TX queue whose backlog is handed to the driver.
 */
NM_API void nm_netdev_tx_run(struct netdev_queue *txq);

/* ---- statistics --------------------------------------------------------- */

/**
 * @p dev's statistics: ndo_get_stats64 (or dev->stats) plus the core's
 * drop counters. Returns @p storage.
 * @param dev the device whose counters are read.
 * @param storage caller's struct, filled.
 * @return @p storage.
 */
NM_API struct rtnl_link_stats64 *dev_get_stats(struct net_device *dev,
					       struct rtnl_link_stats64 *storage);

/**
 * skbs the device layer dropped on @p dev for @p reason.
 * @param dev the device whose drop counters are read.
 * @param reason a drop reason.
 * @return skbs dropped on @p dev with @p reason so far.
 */
NM_API uint64_t nm_netdev_drop_count(const struct net_device *dev,
				     enum skb_drop_reason reason);

/**
 * Frees @p skb for @p reason and counts it on @p dev (rx side when @p rx).
 * @param dev the device the drop is counted on.
 * @param skb the packet, freed.
 * @param reason why it was dropped.
 * @param rx true to count an RX drop, false a TX drop.
 */
NM_API void nm_netdev_drop(struct net_device *dev, struct sk_buff *skb,
			   enum skb_drop_reason reason, bool rx);

/* Experimental (docs/abi.md): the device layer (net_device, TX queues, NAPI,
 * receive and transmit paths) is new in 0.1. */
NM_EXPERIMENTAL_API(alloc_netdev_mqs);
NM_EXPERIMENTAL_API(alloc_etherdev_mqs);
NM_EXPERIMENTAL_API(free_netdev);
NM_EXPERIMENTAL_API(register_netdev);
NM_EXPERIMENTAL_API(unregister_netdev);
NM_EXPERIMENTAL_API(dev_get_by_index);
NM_EXPERIMENTAL_API(dev_get_by_name);
NM_EXPERIMENTAL_API(dev_open);
NM_EXPERIMENTAL_API(dev_close);
NM_EXPERIMENTAL_API(netif_carrier_on);
NM_EXPERIMENTAL_API(netif_carrier_off);
NM_EXPERIMENTAL_API(netif_tx_wake_queue);
NM_EXPERIMENTAL_API(__netif_tx_lock);
NM_EXPERIMENTAL_API(__netif_tx_unlock);
NM_EXPERIMENTAL_API(__netif_tx_trylock);
NM_EXPERIMENTAL_API(netdev_tx_sent_queue);
NM_EXPERIMENTAL_API(__netdev_tx_sent_queue);
NM_EXPERIMENTAL_API(netdev_tx_completed_queue);
NM_EXPERIMENTAL_API(netdev_tx_reset_queue);
NM_EXPERIMENTAL_API(netif_napi_add_weight);
NM_EXPERIMENTAL_API(netif_napi_del);
NM_EXPERIMENTAL_API(nm_napi_set_lcore);
NM_EXPERIMENTAL_API(napi_enable);
NM_EXPERIMENTAL_API(napi_disable);
NM_EXPERIMENTAL_API(napi_schedule_prep);
NM_EXPERIMENTAL_API(__napi_schedule);
NM_EXPERIMENTAL_API(napi_complete_done);
NM_EXPERIMENTAL_API(nm_napi_poll_once);
NM_EXPERIMENTAL_API(nm_napi_poll_lcore);
NM_EXPERIMENTAL_API(nm_napi_set_always);
NM_EXPERIMENTAL_API(netif_receive_skb);
NM_EXPERIMENTAL_API(netif_receive_skb_list);
NM_EXPERIMENTAL_API(netif_rx);
NM_EXPERIMENTAL_API(napi_gro_receive);
NM_EXPERIMENTAL_API(napi_get_frags);
NM_EXPERIMENTAL_API(napi_gro_frags);
NM_EXPERIMENTAL_API(netdev_rx_handler_register);
NM_EXPERIMENTAL_API(netdev_rx_handler_unregister);
NM_EXPERIMENTAL_API(dev_add_pack);
NM_EXPERIMENTAL_API(dev_remove_pack);
NM_EXPERIMENTAL_API(dev_queue_xmit);
NM_EXPERIMENTAL_API(netif_skb_features);
NM_EXPERIMENTAL_API(validate_xmit_skb_list);
NM_EXPERIMENTAL_API(netdev_xmit_more);
NM_EXPERIMENTAL_API(nm_netdev_tx_run);
NM_EXPERIMENTAL_API(dev_get_stats);
NM_EXPERIMENTAL_API(nm_netdev_drop_count);
NM_EXPERIMENTAL_API(nm_netdev_drop);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_NETDEVICE_H */
