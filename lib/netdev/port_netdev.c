/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ready-made net_device driver for nm_port ports (any DPDK port): one
 * NAPI per RX queue polling nm_rx_burst() into napi_gro_receive() on the
 * lcore that owns the queue's page_pool; ndo_start_xmit collecting skbs
 * while netdev_xmit_more() and handing them to nm_tx_burst() at the end of
 * a batch. What a full TX ring does not take stays in the driver's pending
 * array with the queue stopped; the NAPI poll (TX clean) retries it and
 * wakes the queue, so nothing is lost.
 */
#include <errno.h>

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>

#include <netmem/ether.h>
#include <netmem/flow.h>
#include <netmem/netdevice.h>
#include <netmem/port.h>
#include <netmem/port_netdev.h>
#include <netmem/skb_alloc.h>

#include "netmem_priv.h"
#include "netdev_priv.h"

#define PDEV_TX_PENDING	64	/* skbs collected per TX queue */
#define PDEV_RX_BURST	64

struct pdev_txq {
	struct sk_buff *pend[PDEV_TX_PENDING];
	unsigned int n;
};

struct pdev_priv {
	uint16_t port;
	uint16_t nb_rxq, nb_txq;
	struct napi_struct napi[NM_PORT_MAX_QUEUES];
	struct pdev_txq txq[NM_PORT_MAX_QUEUES];
};

/* Hands @t's pending skbs to the port (tx lock held); stops the queue when
 * the ring kept some. */
static void pdev_tx_flush(struct net_device *dev, struct pdev_priv *priv, unsigned int q)
{
	struct pdev_txq *t = &priv->txq[q];
	uint16_t sent;

	if (t->n == 0)
		return;
	sent = nm_tx_burst(priv->port, (uint16_t)q, t->pend, (uint16_t)t->n);
	if (sent < t->n)
		memmove(t->pend, t->pend + sent, (t->n - sent) * sizeof(t->pend[0]));
	t->n -= sent;
	if (t->n != 0)
		netif_tx_stop_queue(netdev_get_tx_queue(dev, q));
}

static netdev_tx_t pdev_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct pdev_priv *priv = netdev_priv(dev);
	unsigned int q = skb_get_queue_mapping(skb);
	struct pdev_txq *t;

	if (q >= priv->nb_txq)
		q = 0;
	t = &priv->txq[q];
	if (t->n == PDEV_TX_PENDING) {
		netif_tx_stop_queue(netdev_get_tx_queue(dev, q));
		return NETDEV_TX_BUSY;
	}
	t->pend[t->n++] = skb;
	if (!netdev_xmit_more() || t->n == PDEV_TX_PENDING)
		pdev_tx_flush(dev, priv, q);
	return NETDEV_TX_OK;
}

/* TX clean of the queues NAPI @i serves: retries what a full ring kept. */
static void pdev_tx_clean(struct net_device *dev, struct pdev_priv *priv, unsigned int i)
{
	for (unsigned int q = i; q < priv->nb_txq; q += priv->nb_rxq) {
		struct netdev_queue *txq = netdev_get_tx_queue(dev, q);
		bool wake;

		if (priv->txq[q].n == 0 && !netif_tx_queue_stopped(txq))
			continue;
		__netif_tx_lock(txq, (int)rte_lcore_id());
		pdev_tx_flush(dev, priv, q);
		wake = priv->txq[q].n == 0 && netif_tx_queue_stopped(txq);
		__netif_tx_unlock(txq);
		if (wake && netif_running(dev))
			netif_tx_wake_queue(txq);
	}
}

static int pdev_poll(struct napi_struct *napi, int budget)
{
	struct net_device *dev = napi->dev;
	struct pdev_priv *priv = netdev_priv(dev);
	unsigned int q = (unsigned int)napi->index;
	struct sk_buff *skbs[PDEV_RX_BURST];
	int work = 0;

	pdev_tx_clean(dev, priv, q);
	while (work < budget) {
		unsigned int want = (unsigned int)(budget - work);
		uint16_t got;

		got = nm_rx_burst(priv->port, (uint16_t)q, skbs,
				  (uint16_t)(want < PDEV_RX_BURST ? want : PDEV_RX_BURST));
		for (uint16_t k = 0; k < got; k++) {
			struct sk_buff *skb = skbs[k];

			skb->protocol = eth_type_trans(skb, dev);
			skb_record_rx_queue(skb, (uint16_t)q);
			napi_gro_receive(napi, skb);
		}
		work += got;
		if (got == 0)
			break;
	}
	if (work < budget)
		napi_complete_done(napi, work);
	return work;
}

static int pdev_open(struct net_device *dev)
{
	struct pdev_priv *priv = netdev_priv(dev);

	for (unsigned int q = 0; q < priv->nb_rxq; q++) {
		napi_enable(&priv->napi[q]);
		nm_napi_set_always(&priv->napi[q], true);
	}
	netif_tx_start_all_queues(dev);
	return 0;
}

static int pdev_stop(struct net_device *dev)
{
	struct pdev_priv *priv = netdev_priv(dev);

	netif_tx_stop_all_queues(dev);
	for (unsigned int q = 0; q < priv->nb_rxq; q++) {
		nm_napi_set_always(&priv->napi[q], false);
		napi_disable(&priv->napi[q]);
	}
	for (unsigned int q = 0; q < priv->nb_txq; q++) {
		struct netdev_queue *txq = netdev_get_tx_queue(dev, q);
		struct pdev_txq *t = &priv->txq[q];

		__netif_tx_lock(txq, (int)rte_lcore_id());
		while (t->n != 0)
			nm_netdev_drop(dev, t->pend[--t->n], SKB_DROP_REASON_DEV_READY, false);
		__netif_tx_unlock(txq);
	}
	return 0;
}

static void pdev_get_stats64(struct net_device *dev, struct rtnl_link_stats64 *s)
{
	struct pdev_priv *priv = netdev_priv(dev);
	unsigned int nq = RTE_MAX(priv->nb_rxq, priv->nb_txq);

	for (unsigned int q = 0; q < nq; q++) {
		struct nm_queue_stats qs;

		if (nm_port_queue_stats(priv->port, (uint16_t)q, &qs) != 0)
			continue;
		s->rx_packets += qs.rx_packets;
		s->rx_bytes += qs.rx_bytes;
		s->tx_packets += qs.tx_packets;
		s->tx_bytes += qs.tx_bytes;
		s->rx_dropped += qs.drops[NM_DROP_RX_NOMEM] + qs.drops[NM_DROP_RX_BAD];
		s->tx_dropped += qs.drops[NM_DROP_TX_FULL] + qs.drops[NM_DROP_TX_NOMEM] +
				 qs.drops[NM_DROP_TX_BAD] + qs.drops[NM_DROP_TX_UNREADABLE];
	}
}

static const struct net_device_ops pdev_ops = {
	.ndo_open = pdev_open,
	.ndo_stop = pdev_stop,
	.ndo_start_xmit = pdev_start_xmit,
	.ndo_get_stats64 = pdev_get_stats64,
};

static netdev_features_t pdev_features(uint16_t port_id)
{
	netdev_features_t f = nm_port_features(port_id);
	struct nm_port_caps caps;

	/* software: GRO on receive, GSO on transmit, any address */
	f |= NETIF_F_GRO | NETIF_F_GSO | NETIF_F_HIGHDMA;
	if (nm_port_caps_get(port_id, &caps) == 0 &&
	    (caps.rx_offloads & RTE_ETH_RX_OFFLOAD_VLAN_STRIP))
		f |= NETIF_F_HW_VLAN_CTAG_RX;
	return f;
}

struct net_device *nm_netdev_create(uint16_t port_id, const struct nm_netdev_conf *conf)
{
	struct nm_netdev_conf dflt = { .nb_rxq = 0 };
	struct rte_ether_addr mac;
	struct nm_port_conf pc;
	struct pdev_priv *priv;
	struct net_device *dev;
	uint16_t mtu;
	int ret;

	if (conf == NULL)
		conf = &dflt;
	if (conf->port_conf != NULL)
		pc = *conf->port_conf;
	else
		memset(&pc, 0, sizeof(pc));
	pc.nb_rxq = conf->nb_rxq ? conf->nb_rxq : 1;
	pc.nb_txq = conf->nb_txq ? conf->nb_txq : 1;
	if (conf->port_conf == NULL) {
		pc.flags = conf->port_flags;
		pc.mtu = conf->mtu;
	}
	if (pc.nb_rxq > NM_PORT_MAX_QUEUES || pc.nb_txq > NM_PORT_MAX_QUEUES) {
		rte_errno = EINVAL;
		return NULL;
	}
	for (unsigned int q = 0; q < pc.nb_rxq; q++)
		pc.rxq_lcore[q] = conf->lcores_set ? conf->rxq_lcore[q] : rte_lcore_id();
	ret = nm_port_init(port_id, &pc);
	if (ret != 0) {
		rte_errno = -ret;
		return NULL;
	}
	dev = alloc_etherdev_mqs(sizeof(*priv), pc.nb_txq, pc.nb_rxq);
	if (dev == NULL) {
		nm_port_close(port_id);
		rte_errno = ENOMEM;
		return NULL;
	}
	priv = netdev_priv(dev);
	priv->port = port_id;
	priv->nb_rxq = pc.nb_rxq;
	priv->nb_txq = pc.nb_txq;
	dev->netdev_ops = &pdev_ops;
	dev->port = port_id;
	if (rte_eth_macaddr_get(port_id, &mac) == 0)
		dev_addr_set(dev, mac.addr_bytes);
	if (rte_eth_dev_get_mtu(port_id, &mtu) == 0)
		dev->mtu = mtu;
	dev->max_mtu = RTE_MAX(dev->mtu, dev->max_mtu);
	dev->features = pdev_features(port_id);
	dev->hw_features = dev->features;
	dev->vlan_features = dev->features & (NETIF_F_SG | NETIF_F_CSUM_MASK | NETIF_F_ALL_TSO |
					      NETIF_F_HIGHDMA | NETIF_F_GSO);
	{
		struct nm_port_caps caps;

		if (nm_port_caps_get(port_id, &caps) == 0 && caps.tso_max_size != 0)
			dev->gso_max_size = RTE_MIN(caps.tso_max_size, 65536u);
	}
	for (unsigned int q = 0; q < pc.nb_rxq; q++) {
		struct napi_struct *napi = &priv->napi[q];

		netif_napi_add_weight(dev, napi, pdev_poll,
				      conf->napi_weight > 0 ? conf->napi_weight : NAPI_POLL_WEIGHT);
		napi->index = (int)q;
		nm_napi_set_lcore(napi, pc.rxq_lcore[q]);
	}
	ret = register_netdev(dev);
	if (ret == 0)
		ret = dev_open(dev);
	if (ret != 0) {
		if (dev->reg_state == NETREG_REGISTERED)
			unregister_netdev(dev);
		free_netdev(dev);
		nm_port_close(port_id);
		rte_errno = -ret;
		return NULL;
	}
	return dev;
}

void nm_netdev_destroy(struct net_device *dev)
{
	struct pdev_priv *priv;
	uint16_t port;

	if (dev == NULL)
		return;
	if (dev->netdev_ops != &pdev_ops) {
		nm_misuse("nm_netdev_destroy: %s is not a nm_netdev_create() device", dev->name);
		return;
	}
	priv = netdev_priv(dev);
	port = priv->port;
	unregister_netdev(dev);
	/* frames still in the RX rings: dropped on the device */
	for (uint16_t q = 0; q < priv->nb_rxq; q++) {
		struct sk_buff *skbs[PDEV_RX_BURST];
		uint16_t got;

		while ((got = nm_rx_burst(port, q, skbs, PDEV_RX_BURST)) != 0)
			for (uint16_t k = 0; k < got; k++)
				nm_netdev_drop(dev, skbs[k], SKB_DROP_REASON_DEV_READY, true);
	}
	free_netdev(dev);
	nm_port_close(port);
}

unsigned int nm_netdev_tx_pending(struct net_device *dev, unsigned int q)
{
	struct pdev_priv *priv = netdev_priv(dev);

	if (dev->netdev_ops != &pdev_ops || q >= priv->nb_txq)
		return 0;
	return priv->txq[q].n;
}

struct napi_struct *nm_netdev_napi(struct net_device *dev, unsigned int q)
{
	struct pdev_priv *priv = netdev_priv(dev);

	if (dev->netdev_ops != &pdev_ops || q >= priv->nb_rxq)
		return NULL;
	return &priv->napi[q];
}
