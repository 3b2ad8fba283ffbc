/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/port: per-port and per-queue state, reached through a
 * flat array indexed by port id so the fast paths need no lookup. */
#ifndef PORT_PRIV_H
#define PORT_PRIV_H

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include <netmem/port.h>
#include <netmem/port_driver.h>

#include "skb_priv.h"

struct net_devmem_dmabuf_binding;

/** RX queue: its page_pool, counters, device-memory state. */
struct nm_rxq {
	struct page_pool *pool;		/* the PMD's mempool is this pool's */
	struct rte_mempool *mp;
	struct page_pool *devmem_pool;	/* payload pool when device memory is bound */
	struct net_devmem_dmabuf_binding *binding;
	unsigned int page_size;		/* bytes of each page of mp */
	bool sw_split;			/* headers copied into a small head */
	uint16_t port, queue;
	struct nm_queue_stats stats;	/* written by the polling lcore only */
	/* What every fast RX skb of the queue starts from (rx_fast()). */
	struct sk_buff tmpl __attribute__((aligned(64)));
} __attribute__((aligned(64)));

/** Sets up @p rxq's RX skb template from its page size, port and queue. */
void nm_rxq_tmpl_init(struct nm_rxq *rxq);

/** TX queue: counters (written by the sending lcore only). */
struct nm_txq {
	struct nm_queue_stats stats;
} __attribute__((aligned(64)));

/** A port set up by nm_port_init(). */
struct nm_port {
	bool configured;
	bool started;
	uint16_t port_id;
	uint16_t nb_rxq, nb_txq;
	uint16_t tx_max_segs;
	struct nm_port_conf conf;
	struct nm_port_caps caps;
	uint64_t rx_offloads, tx_offloads;	/* in use */
	netdev_features_t features;
	struct rte_mempool *txh_pool;	/* headers of external-buffer segments */
	int ts_offset;			/* RX timestamp dynfield, or -1 */
	uint64_t ts_flag;
	uint64_t rx_meta_flags;		/* ol_flags that carry RX offload results */
	struct nm_rxq rxq[NM_PORT_MAX_QUEUES];
	struct nm_txq txq[NM_PORT_MAX_QUEUES];
};

extern struct nm_port nm_ports[RTE_MAX_ETHPORTS];

/** Private area of a TX header mbuf: the external buffer's shared info
 *  and the reference its free callback drops. */
struct nm_tx_ext {
	struct rte_mbuf_ext_shared_info shinfo;
	netmem_ref netmem;
	struct ubuf_info *uarg;		/* zero-copy completion held until sent */
};

/** Free callback of libnetmem's external-buffer segments. */
void nm_tx_ext_free(void *addr, void *opaque);

/** The reference an external segment of libnetmem holds, or the null
 *  netmem for any other mbuf. */
static inline netmem_ref nm_mbuf_ext_netmem(const struct rte_mbuf *m)
{
	if (RTE_MBUF_HAS_EXTBUF(m) && m->shinfo != NULL && m->shinfo->free_cb == nm_tx_ext_free &&
	    rte_mbuf_refcnt_read(m) == 1 && rte_mbuf_ext_refcnt_read(m->shinfo) == 1)
		return ((const struct nm_tx_ext *)m->shinfo)->netmem;
	return netmem_null();
}

static inline struct nm_port *nm_port_get(uint16_t port_id)
{
	if (unlikely(port_id >= RTE_MAX_ETHPORTS || !nm_ports[port_id].configured))
		return NULL;
	return &nm_ports[port_id];
}

/** Builds an skb from a received mbuf chain; NULL (mbuf freed, drop
 *  counted) when it cannot. */
struct sk_buff *nm_skb_from_mbuf(struct nm_port *port, struct nm_rxq *rxq,
				 struct rte_mbuf *m);

/** Software header split of a freshly received skb (device memory too). */
struct sk_buff *nm_rx_sw_split(struct nm_port *port, struct nm_rxq *rxq,
			       struct sk_buff *skb);

/** The device-memory half of the software split: headers (@p hlen bytes)
 *  into a small head, payload copied into net_iovs of the bound pool. */
struct sk_buff *nm_rx_devmem_split(struct nm_port *port, struct nm_rxq *rxq,
				   struct sk_buff *skb, unsigned int hlen);

/** The driver of DPDK driver @p name in nm_net_builtin_drivers[], or NULL. */
const struct nm_net_driver *nm_net_driver_find(const char *name);

#endif /* PORT_PRIV_H */
