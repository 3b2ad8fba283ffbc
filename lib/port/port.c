/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Port control path: capabilities, set-up of RX queues each fed by its own
 * page_pool (the pool's mempool is the queue's), TX queues with a pool of
 * external-buffer segment headers, offloads, start/stop/close, counters.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_mbuf_dyn.h>

#include <netmem/page_pool/memory_provider.h>

#include "port_ext.h"
#include "port_rx.h"
#include "port_tx.h"

struct nm_port nm_ports[RTE_MAX_ETHPORTS];

/* The one registration path of drivers: the generated built-in table. */
const struct nm_net_driver *nm_net_driver_find(const char *name)
{
	for (unsigned int i = 0; name != NULL && nm_net_builtin_drivers[i] != NULL; i++)
		if (strcmp(nm_net_builtin_drivers[i]->name, name) == 0)
			return nm_net_builtin_drivers[i];
	return NULL;
}

int nm_port_caps_get(uint16_t port_id, struct nm_port_caps *caps)
{
	struct rte_eth_dev_info info;
	const struct nm_net_driver *drv;

	if (caps == NULL || !rte_eth_dev_is_valid_port(port_id) ||
	    rte_eth_dev_info_get(port_id, &info) != 0)
		return -ENODEV;
	memset(caps, 0, sizeof(*caps));
	caps->rx_offloads = info.rx_offload_capa;
	caps->tx_offloads = info.tx_offload_capa;
	caps->max_rxq = info.max_rx_queues;
	caps->max_txq = info.max_tx_queues;
	caps->tx_max_segs = info.tx_desc_lim.nb_mtu_seg_max;
	if (caps->tx_offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO)
		caps->tso_max_size = 65535;
	caps->driver = info.driver_name;
	caps->rx_pmd_refill = true;
	drv = nm_net_driver_find(info.driver_name);
	caps->hw_split = (caps->rx_offloads & RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT) &&
			 drv != NULL && drv->split_conf != NULL;
	if (drv != NULL && drv->caps != NULL)
		drv->caps(port_id, &info, caps);
	return 0;
}

/* Offloads asked by @flags that @have has: adds them to *use or fails. */
static int want(unsigned int flags, unsigned int flag, uint64_t have, uint64_t bits,
		uint64_t *use, const char *what, uint16_t port_id)
{
	if (!(flags & flag))
		return 0;
	if ((have & bits) == bits) {
		*use |= bits;
		return 0;
	}
	if (flags & NM_PORT_F_OPTIONAL) {
		*use |= have & bits;
		NM_LOG(INFO, "port %u: no %s offload: done in software", port_id, what);
		return 0;
	}
	NM_LOG(ERR, "port %u cannot do %s", port_id, what);
	return -EOPNOTSUPP;
}

static netdev_features_t port_features(const struct nm_port *p)
{
	netdev_features_t f = 0;

	if (p->tx_max_segs != 1)
		f |= NETIF_F_SG;
	/* CHECKSUM_PARTIAL is the L4 checksum only (the stack fills the IPv4
	 * header's): a port without IPv4 header offload (virtio) has it too. */
	if ((p->tx_offloads & (RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM)) ==
	    (RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM))
		f |= NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM;
	if (p->tx_offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO)
		f |= NETIF_F_TSO | NETIF_F_TSO6;
	if (p->rx_offloads & RTE_ETH_RX_OFFLOAD_CHECKSUM)
		f |= NETIF_F_RXCSUM;
	if (p->rx_offloads & RTE_ETH_RX_OFFLOAD_RSS_HASH)
		f |= NETIF_F_RXHASH;
	/* LRO frames become GSO skbs at the PMD's segment size, which GSO
	 * cuts back as they came: the kernel's NETIF_F_GRO_HW (virtio's
	 * GUEST_TSO4/6), not NETIF_F_LRO, which forwarding must turn off. */
	if (p->rx_offloads & RTE_ETH_RX_OFFLOAD_TCP_LRO)
		f |= NETIF_F_GRO_HW;
	return f;
}

void nm_port_mempool_release(uint16_t port_id, struct rte_mempool *mp, const char *what)
{
	if (mp == NULL)
		return;
	if (rte_mempool_in_use_count(mp) != 0)
		NM_LOG(WARNING, "port %u: %u %s still out: kept", port_id,
		       rte_mempool_in_use_count(mp), what);
	else
		rte_mempool_free(mp);
}

static void port_free_queues(struct nm_port *p)
{
	for (unsigned int q = 0; q < NM_PORT_MAX_QUEUES; q++) {
		if (p->rxq[q].pool != NULL) {
			/* The pool may outlive the queue: its count moves in. */
			nm_page_pool_pmd_counter(p->rxq[q].pool, NULL);
			nm_page_pool_pmd_alloc(p->rxq[q].pool, p->rxq[q].pmd_refills, false);
			page_pool_destroy(p->rxq[q].pool);
		}
		p->rxq[q].pmd_refills = 0;
		p->rxq[q].pool = NULL;
		rte_mempool_free(p->rxq[q].pmd_mp);
		p->rxq[q].pmd_mp = NULL;
	}
	nm_port_mempool_release(p->port_id, p->txh_pool, "TX segment headers");
	p->txh_pool = NULL;
	tx_tso_head_fini(p);
}

/* Set-up failed: the PMD may hold its RX queues' own mempools (a UMEM the
 * kernel writes into) until the ethdev is closed, so they are parked, not
 * freed. Without memory for the note, one is left allocated, and said. */
static void port_park_pmd_mempools(struct nm_port *p)
{
	for (unsigned int q = 0; q < NM_PORT_MAX_QUEUES; q++) {
		struct rte_mempool *mp = p->rxq[q].pmd_mp;
		struct nm_parked_mp *n;

		if (mp == NULL)
			continue;
		p->rxq[q].pmd_mp = NULL;
		n = malloc(sizeof(*n));
		if (n == NULL) {
			NM_LOG(ERR, "port %u: RX queue %u: the PMD's mempool %s left allocated",
			       p->port_id, q, mp->name);
			continue;
		}
		n->mp = mp;
		n->next = p->parked;
		p->parked = n;
		NM_LOG(WARNING, "port %u: RX queue %u: the PMD's mempool %s kept until the port "
		       "is closed", p->port_id, q, mp->name);
	}
}

/* The parked mempools, once the ethdev is closed. */
static void port_free_parked(struct nm_port *p)
{
	while (p->parked != NULL) {
		struct nm_parked_mp *n = p->parked;

		p->parked = n->next;
		rte_mempool_free(n->mp);
		free(n);
	}
}

static int port_setup_rxq(struct nm_port *p, uint16_t q, int socket, uint16_t nb_rxd,
			  const struct rte_eth_dev_info *info)
{
	const struct nm_port_conf *c = &p->conf;
	struct nm_rxq *rxq = &p->rxq[q];
	char name[32];
	struct page_pool_params pp = {
		.flags = PP_FLAG_DMA_MAP | PP_FLAG_NM_PMD_REFILL,
		.order = c->order,
		.pool_size = c->pool_size,
		.nr_pages = c->nr_pages ? c->nr_pages : nb_rxd * 4u + 2048u,
		.nid = socket == SOCKET_ID_ANY ? NUMA_NO_NODE : socket,
		.dev = p->port_id,
		.lcore = c->rxq_lcore[q],
		.dma_dir = DMA_FROM_DEVICE,
		.queue_idx = q,
		.name = name,
	};
	struct rte_eth_rxconf rxconf = info->default_rxconf;
	const struct nm_net_driver *drv;
	int ret;

	snprintf(name, sizeof(name), "p%uq%u", p->port_id, q);
	rxq->pool = page_pool_create(&pp);
	if (IS_ERR(rxq->pool)) {
		ret = (int)PTR_ERR(rxq->pool);
		rxq->pool = NULL;
		return ret;
	}
	rxq->mp = nm_page_pool_mempool(rxq->pool);
	rxq->page_size = (unsigned int)(PAGE_SIZE << c->order);
	rxq->port = p->port_id;
	rxq->queue = q;
	rxq->sw_split = (c->flags & NM_PORT_F_HEADER_SPLIT) && !p->caps.hw_split;
	rxq->pmd_refill = p->caps.rx_pmd_refill;
	rxq->pmd_refills = 0;
	nm_rxq_tmpl_init(rxq);
	rxconf.offloads = p->rx_offloads;
	drv = nm_net_driver_find(p->caps.driver);
	if (drv != NULL && drv->rx_pmd_mempool != NULL) {
		rxq->pmd_mp = drv->rx_pmd_mempool(p->port_id, q, nb_rxd, socket);
		if (rxq->pmd_mp == NULL) {
			NM_LOG(ERR, "port %u: RX queue %u: no mempool for the PMD: %s", p->port_id,
			       q, rte_strerror(rte_errno));
			return -ENOMEM;
		}
		rxq->pmd_refill = false;	/* it refills from its own */
	}
	ret = rte_eth_rx_queue_setup(p->port_id, q, nb_rxd, (unsigned int)socket, &rxconf,
				     rxq->pmd_mp != NULL ? rxq->pmd_mp : rxq->mp);
	if (rxq->pmd_refill)
		nm_page_pool_pmd_counter(rxq->pool, &rxq->pmd_refills);
	if (ret != 0)
		NM_LOG(ERR, "port %u: RX queue %u: %s", p->port_id, q, rte_strerror(-ret));
	return ret;
}

static int port_check_conf(uint16_t port_id, const struct nm_port_conf *c,
			   const struct nm_port_caps *caps)
{
	if (c->nb_rxq == 0 || c->nb_txq == 0 || c->nb_rxq > NM_PORT_MAX_QUEUES ||
	    c->nb_txq > NM_PORT_MAX_QUEUES || c->order > NM_MAX_PAGE_ORDER)
		return -EINVAL;
	if (c->nb_rxq > caps->max_rxq || c->nb_txq > caps->max_txq) {
		NM_LOG(ERR, "port %u has %u RX / %u TX queues at most", port_id,
		       caps->max_rxq, caps->max_txq);
		return -EINVAL;
	}
	for (unsigned int q = 0; q < c->nb_rxq; q++)
		if (c->rxq_lcore[q] >= RTE_MAX_LCORE)
			return -EINVAL;
	if ((c->flags & NM_PORT_F_HEADER_SPLIT) && !caps->hw_split &&
	    !(c->flags & NM_PORT_F_SW_SPLIT)) {
		NM_LOG(ERR, "port %u (%s) cannot split headers; ask NM_PORT_F_SW_SPLIT for the software split",
		       port_id, caps->driver);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* rte_eth_dev_start(), counting the pages each RX queue's PMD took from
 * its page_pool's mempool to fill its ring (the pool's alloc.slow). */
static int port_dev_start(struct nm_port *p)
{
	unsigned int held[NM_PORT_MAX_QUEUES];
	int ret;

	for (uint16_t q = 0; q < p->nb_rxq; q++)
		held[q] = rte_mempool_in_use_count(p->rxq[q].mp);
	ret = rte_eth_dev_start(p->port_id);
	for (uint16_t q = 0; q < p->nb_rxq && ret == 0; q++) {
		unsigned int now = rte_mempool_in_use_count(p->rxq[q].mp);

		if (p->rxq[q].pmd_refill && now > held[q])
			nm_page_pool_pmd_alloc(p->rxq[q].pool, now - held[q], true);
	}
	return ret;
}

int nm_port_init(uint16_t port_id, const struct nm_port_conf *conf)
{
	struct nm_parked_mp *parked;
	struct rte_eth_conf eth_conf;
	struct rte_eth_dev_info info;
	struct nm_port *p;
	uint16_t nb_rxd, nb_txd;
	char name[RTE_MEMPOOL_NAMESIZE];
	int socket, ret;
	unsigned int f;

	if (conf == NULL)
		return -EINVAL;
	if (!rte_eth_dev_is_valid_port(port_id) || port_id >= RTE_MAX_ETHPORTS)
		return -ENODEV;
	p = &nm_ports[port_id];
	if (p->configured)
		return -EBUSY;
	parked = p->parked;
	memset(p, 0, sizeof(*p));
	p->parked = parked;
	p->port_id = port_id;
	p->conf = *conf;
	f = conf->flags;
	ret = nm_port_caps_get(port_id, &p->caps);
	if (ret == 0)
		ret = port_check_conf(port_id, conf, &p->caps);
	if (ret == 0)
		ret = rte_eth_dev_info_get(port_id, &info);
	if (ret != 0)
		return ret;

	memset(&eth_conf, 0, sizeof(eth_conf));
	ret = want(f, NM_PORT_F_RSS, p->caps.rx_offloads, RTE_ETH_RX_OFFLOAD_RSS_HASH,
		   &p->rx_offloads, "RSS", port_id) ?:
	      want(f, NM_PORT_F_RX_CSUM, p->caps.rx_offloads, RTE_ETH_RX_OFFLOAD_CHECKSUM,
		   &p->rx_offloads, "RX checksum", port_id) ?:
	      want(f, NM_PORT_F_VLAN_STRIP, p->caps.rx_offloads, RTE_ETH_RX_OFFLOAD_VLAN_STRIP,
		   &p->rx_offloads, "VLAN strip", port_id) ?:
	      want(f, NM_PORT_F_LRO, p->caps.rx_offloads, RTE_ETH_RX_OFFLOAD_TCP_LRO,
		   &p->rx_offloads, "LRO", port_id) ?:
	      want(f, NM_PORT_F_TSO, p->caps.tx_offloads, RTE_ETH_TX_OFFLOAD_TCP_TSO,
		   &p->tx_offloads, "TSO", port_id) ?:
	      want(f, NM_PORT_F_TX_CSUM, p->caps.tx_offloads,
		   RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_CKSUM |
		   RTE_ETH_TX_OFFLOAD_UDP_CKSUM, &p->tx_offloads, "TX checksum", port_id);
	if (ret != 0)
		return ret;
	p->tx_offloads |= p->caps.tx_offloads & RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	if (p->rx_offloads & RTE_ETH_RX_OFFLOAD_RSS_HASH && conf->nb_rxq > 1) {
		eth_conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		eth_conf.rx_adv_conf.rss_conf.rss_hf = info.flow_type_rss_offloads &
						       (RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP |
							RTE_ETH_RSS_UDP);
	}
	eth_conf.txmode.offloads = p->tx_offloads;
	if (conf->mtu != 0)
		eth_conf.rxmode.mtu = conf->mtu;
	/* A frame longer than one page's data room needs RX scatter (frags);
	 * asked only then, as it may select a slower RX burst function. */
	if (conf->mtu != 0 && (p->caps.rx_offloads & RTE_ETH_RX_OFFLOAD_SCATTER) &&
	    conf->mtu + RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN + 2 * RTE_VLAN_HLEN >
	    (PAGE_SIZE << conf->order) - RTE_PKTMBUF_HEADROOM)
		p->rx_offloads |= RTE_ETH_RX_OFFLOAD_SCATTER;
	eth_conf.rxmode.offloads = p->rx_offloads;
	if (p->rx_offloads & RTE_ETH_RX_OFFLOAD_TCP_LRO)
		eth_conf.rxmode.max_lro_pkt_size = info.max_lro_pkt_size;	/* 0: ethdev's */
	/* A page's data room bounds what one RX segment can take. */
	p->tx_max_segs = p->caps.tx_max_segs;

	socket = conf->socket == NUMA_NO_NODE ? rte_eth_dev_socket_id(port_id) : conf->socket;
	if (socket < 0)
		socket = SOCKET_ID_ANY;
	ret = rte_eth_dev_configure(port_id, conf->nb_rxq, conf->nb_txq, &eth_conf);
	if (ret != 0) {
		NM_LOG(ERR, "port %u: configure: %s", port_id, rte_strerror(-ret));
		return ret;
	}
	nb_rxd = conf->nb_rxd ? conf->nb_rxd : 1024;
	nb_txd = conf->nb_txd ? conf->nb_txd : 1024;
	ret = rte_eth_dev_adjust_nb_rx_tx_desc(port_id, &nb_rxd, &nb_txd);
	if (ret != 0)
		return ret;
	p->nb_rxq = conf->nb_rxq;
	p->nb_txq = conf->nb_txq;
	for (uint16_t q = 0; q < conf->nb_rxq && ret == 0; q++)
		ret = port_setup_rxq(p, q, socket, nb_rxd, &info);
	if (ret == 0) {
		static uint32_t txh_gen;

		snprintf(name, sizeof(name), "nm_txh%u_%u", port_id,
			 __atomic_fetch_add(&txh_gen, 1, __ATOMIC_RELAXED));
		p->txh_pool = rte_pktmbuf_pool_create(name,
				RTE_MAX(4096u, nb_txd * 4u * conf->nb_txq), 256,
				RTE_ALIGN(sizeof(struct nm_tx_ext), RTE_MBUF_PRIV_ALIGN),
				0, socket);
		if (p->txh_pool == NULL)
			ret = -rte_errno;
	}
	if (ret == 0)
		ret = tx_tso_head_init(p, socket, nb_txd);
	for (uint16_t q = 0; q < conf->nb_txq && ret == 0; q++) {
		struct rte_eth_txconf txconf = info.default_txconf;

		txconf.offloads = p->tx_offloads;
		ret = rte_eth_tx_queue_setup(port_id, q, nb_txd, (unsigned int)socket, &txconf);
	}
	if (ret == 0 && (f & NM_PORT_F_PROMISC))
		rte_eth_promiscuous_enable(port_id);
	p->ts_offset = rte_mbuf_dynfield_lookup(RTE_MBUF_DYNFIELD_TIMESTAMP_NAME, NULL);
	ret = ret ?: port_dev_start(p);
	if (ret != 0) {
		NM_LOG(ERR, "port %u: set-up failed: %s", port_id, rte_strerror(ret < 0 ? -ret : ret));
		rte_eth_dev_stop(port_id);
		port_park_pmd_mempools(p);
		port_free_queues(p);
		return ret < 0 ? ret : -ret;
	}
	if (p->ts_offset >= 0) {
		int bit = rte_mbuf_dynflag_lookup(RTE_MBUF_DYNFLAG_RX_TIMESTAMP_NAME, NULL);

		p->ts_flag = bit >= 0 ? RTE_BIT64(bit) : 0;
	}
	p->rx_meta_flags = RTE_MBUF_F_RX_RSS_HASH | RTE_MBUF_F_RX_L4_CKSUM_MASK |
			   RTE_MBUF_F_RX_VLAN_STRIPPED | (p->ts_offset >= 0 ? p->ts_flag : 0) |
			   ((p->rx_offloads & RTE_ETH_RX_OFFLOAD_TCP_LRO) ? RTE_MBUF_F_RX_LRO : 0);
	p->features = port_features(p);
	p->configured = true;
	p->started = true;
	return 0;
}

static bool port_has_devmem(const struct nm_port *p)
{
	for (unsigned int q = 0; q < p->nb_rxq; q++)
		if (p->rxq[q].binding != NULL)
			return true;
	return false;
}

int nm_port_stop(uint16_t port_id)
{
	struct nm_port *p = nm_port_get(port_id);
	int ret;

	if (p == NULL)
		return -ENODEV;
	if (port_has_devmem(p))
		return -EBUSY;
	if (!p->started)
		return 0;
	ret = rte_eth_dev_stop(port_id);
	if (ret == 0)
		p->started = false;
	return ret;
}

int nm_port_start(uint16_t port_id)
{
	struct nm_port *p = nm_port_get(port_id);
	int ret;

	if (p == NULL)
		return -ENODEV;
	if (p->started)
		return 0;
	ret = port_dev_start(p);
	if (ret == 0)
		p->started = true;
	return ret;
}

int nm_port_rxq_stop(uint16_t port_id, uint16_t queue)
{
	struct nm_port *p = nm_port_get(port_id);

	if (p == NULL || queue >= p->nb_rxq)
		return -EINVAL;
	if (p->rxq[queue].binding != NULL)
		return -EBUSY;
	return rte_eth_dev_rx_queue_stop(port_id, queue);
}

/* nm_port_close() of a port whose set-up failed with PMD mempools parked:
 * closing the ethdev releases the queues that may hold them. */
static int port_close_parked(uint16_t port_id)
{
	if (port_id >= RTE_MAX_ETHPORTS || nm_ports[port_id].parked == NULL)
		return -ENODEV;
	rte_eth_dev_close(port_id);
	port_free_parked(&nm_ports[port_id]);
	return 0;
}

int nm_port_close(uint16_t port_id)
{
	struct nm_port *p = nm_port_get(port_id);

	if (p == NULL)
		return port_close_parked(port_id);
	if (port_has_devmem(p))
		return -EBUSY;
	/* Packets still waiting in the RX queues (a software PMD's rings keep
	 * them past close) go back now: their pages and TX headers too.
	 * Bounded: net_null never runs empty. */
	if (p->started) {
		for (uint16_t q = 0; q < p->nb_rxq; q++) {
			struct rte_mbuf *pkts[64];
			uint16_t n;

			for (int k = 0; k < 64 &&
			     (n = rte_eth_rx_burst(port_id, q, pkts, RTE_DIM(pkts))) != 0; k++)
				rte_pktmbuf_free_bulk(pkts, n);
		}
		rte_eth_dev_stop(port_id);
	}
	/* Closing releases the mbufs the PMD holds back to the mempools. */
	rte_eth_dev_close(port_id);
	port_free_queues(p);
	port_free_parked(p);
	p->configured = false;
	p->started = false;
	return 0;
}

struct page_pool *nm_port_rxq_page_pool(uint16_t port_id, uint16_t queue)
{
	struct nm_port *p = nm_port_get(port_id);

	return p != NULL && queue < p->nb_rxq ? p->rxq[queue].pool : NULL;
}

netdev_features_t nm_port_features(uint16_t port_id)
{
	struct nm_port *p = nm_port_get(port_id);

	return p != NULL ? p->features : 0;
}

int nm_port_queue_stats(uint16_t port_id, uint16_t queue, struct nm_queue_stats *st)
{
	struct nm_port *p = nm_port_get(port_id);
	const struct nm_queue_stats *r, *t;

	if (p == NULL || st == NULL || queue >= RTE_MAX(p->nb_rxq, p->nb_txq))
		return -EINVAL;
	r = &p->rxq[queue].stats;
	t = &p->txq[queue].stats;
	memset(st, 0, sizeof(*st));
	st->rx_packets = r->rx_packets;
	st->rx_bytes = r->rx_bytes;
	st->tx_packets = t->tx_packets;
	st->tx_bytes = t->tx_bytes;
	for (int i = 0; i < NM_DROP_MAX; i++)
		st->drops[i] = r->drops[i] + t->drops[i];
	st->copied_bytes = r->copied_bytes + t->copied_bytes;
	st->hdr_copied_bytes = r->hdr_copied_bytes + t->hdr_copied_bytes;
	st->tx_zc_segs = t->tx_zc_segs;
	st->tx_ext_segs = t->tx_ext_segs;
	st->tx_gso_sw = t->tx_gso_sw;
	st->tx_csum_sw = t->tx_csum_sw;
	st->tx_tso_head_copy = t->tx_tso_head_copy;
	return 0;
}

void nm_port_count_drop(uint16_t port_id, uint16_t queue, enum nm_drop_cause cause,
			uint64_t n)
{
	struct nm_port *p = nm_port_get(port_id);

	if (p == NULL || queue >= NM_PORT_MAX_QUEUES || cause >= NM_DROP_MAX)
		return;
	if (cause <= NM_DROP_RX_BAD)
		p->rxq[queue].stats.drops[cause] += n;
	else
		p->txq[queue].stats.drops[cause] += n;
}
