/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/port: per-port and per-queue state, reached through a
 * flat array indexed by port id so the fast paths need no lookup. The
 * roles' own headers build on this one: port_ext.h (external segments),
 * port_rx.h, port_tx.h, port_devmem.h; none includes another role's. */
#ifndef PORT_PRIV_H
#define PORT_PRIV_H

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include <netmem/port.h>
#include <netmem/port_driver.h>

#include <netmem/skbuff.h>

struct net_devmem_dmabuf_binding;

/** RX queue: its page_pool, counters, device-memory state. */
struct nm_rxq {
	struct page_pool *pool;		/* the PMD's mempool is this pool's */
	struct rte_mempool *mp;
	struct page_pool *devmem_pool;	/* payload pool when device memory is bound */
	struct net_devmem_dmabuf_binding *binding;
	struct rte_mempool *pmd_mp;	/* the PMD's own RX mempool (AF_XDP UMEM):
					 * what it receives is copied into pages */
	unsigned int page_size;		/* bytes of each page of mp */
	bool sw_split;			/* headers copied into a small head */
	bool pmd_refill;		/* the PMD refills from mp: count it per burst */
	uint16_t port, queue;
	struct nm_queue_stats stats;	/* written by the polling lcore only */
	uint64_t pmd_refills;		/* pages the PMD took from mp (pmd_refill),
					 * read by the pool's page_pool_get_stats() */
	/* What every fast RX skb of the queue starts from (rx_fast()). */
	struct sk_buff tmpl __attribute__((aligned(64)));
} __attribute__((aligned(64)));

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
	/* TSO only, after the fields RX and TX read per burst (they keep their
	 * places): */
	struct rte_mempool *txd_pool;	/* direct first mbufs of TSO packets, made only
					 * for caps.tx_tso_direct_head with TSO on */
	/* the driver's per-skb TSO check (nm_net_driver.features_check), or NULL */
	netdev_features_t (*features_check)(uint16_t port_id, const struct sk_buff *skb,
					    netdev_features_t features);
	struct nm_rxq rxq[NM_PORT_MAX_QUEUES];
	struct nm_txq txq[NM_PORT_MAX_QUEUES];
	/* RX queues' PMD mempools failed set-ups left to the PMD, which may
	 * hold them until the ethdev is closed (AF_XDP releases no queue
	 * before: its socket and UMEM stay): kept across nm_port_init()'s
	 * reset, freed at close. */
	struct nm_parked_mp *parked;
};

/** A PMD mempool kept after a failed set-up (struct nm_port.parked). */
struct nm_parked_mp {
	struct nm_parked_mp *next;
	struct rte_mempool *mp;
};

extern struct nm_port nm_ports[RTE_MAX_ETHPORTS];

static inline struct nm_port *nm_port_get(uint16_t port_id)
{
	if (unlikely(port_id >= RTE_MAX_ETHPORTS || !nm_ports[port_id].configured))
		return NULL;
	return &nm_ports[port_id];
}

/** The driver of DPDK driver @p name in nm_net_builtin_drivers[], or NULL. */
const struct nm_net_driver *nm_net_driver_find(const char *name);

/* Frees a TX mempool of port @port_id at close, unless the PMD still holds
 * some of its mbufs: then it is kept, and a warning names @what. */
void nm_port_mempool_release(uint16_t port_id, struct rte_mempool *mp, const char *what);

#endif /* PORT_PRIV_H */
