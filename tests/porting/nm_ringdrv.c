// SPDX-License-Identifier: BSD-3-Clause
/*
 * ringdrv: a NIC driver written as kernel drivers are, on the device
 * layer: probe allocates the net_device (alloc_etherdev, netdev_priv) and
 * registers it; ndo_open creates the page_pool, fills the RX ring, adds
 * and enables the NAPI; the interrupt schedules the NAPI; the poll cleans
 * TX (BQL completion, queue wake) then builds skbs around the RX pages
 * (napi_build_skb, skb_mark_for_recycle) for napi_gro_receive, and
 * completes with napi_complete_done; ndo_start_xmit posts one descriptor
 * per frame (linear: skb_linearize otherwise), stops the queue when the
 * ring is full and rings the doorbell only at the end of an xmit_more
 * batch.
 *
 * Only the kernel's include lines: this is the code a porter brings.
 */
#include <linux/errno.h>
#include <linux/etherdevice.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/page_pool/helpers.h>

#include "ringdrv.h"

#define RINGDRV_BUF_LEN	(PAGE_SIZE - RINGDRV_HEADROOM - \
			 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

static void ringdrv_rx_refill(struct ringdrv_priv *priv)
{
	while (priv->rx_next_to_use - priv->rx_next_to_clean < RINGDRV_RING_SIZE) {
		u32 i = priv->rx_next_to_use % RINGDRV_RING_SIZE;
		struct page *page = page_pool_dev_alloc_pages(priv->page_pool);

		if (unlikely(!page))
			break;
		priv->rx_page[i] = page;
		priv->rx_desc[i].addr = page_pool_get_dma_addr(page) + RINGDRV_HEADROOM;
		priv->rx_desc[i].len = RINGDRV_BUF_LEN;
		WRITE_ONCE(priv->rx_desc[i].status, 0);
		priv->rx_next_to_use++;
	}
}

static u32 ringdrv_tx_free(const struct ringdrv_priv *priv)
{
	return RINGDRV_RING_SIZE - (priv->tx_next_to_use - priv->tx_next_to_clean);
}

static void ringdrv_tx_clean(struct ringdrv_priv *priv)
{
	struct netdev_queue *txq = netdev_get_tx_queue(priv->netdev, 0);
	unsigned int pkts = 0, bytes = 0;

	while (priv->tx_next_to_clean != priv->tx_next_to_use) {
		u32 i = priv->tx_next_to_clean % RINGDRV_RING_SIZE;
		struct sk_buff *skb = priv->tx_skb[i];

		if (!(READ_ONCE(priv->tx_desc[i].status) & RINGDRV_TX_DONE))
			break;
		pkts++;
		bytes += skb->len;
		priv->tx_skb[i] = NULL;
		napi_consume_skb(skb, 64);
		priv->tx_next_to_clean++;
	}
	netdev_tx_completed_queue(txq, pkts, bytes);
	if (netif_tx_queue_stopped(txq) && ringdrv_tx_free(priv) >= 1)
		netif_tx_wake_queue(txq);
}

static int ringdrv_poll(struct napi_struct *napi, int budget)
{
	struct ringdrv_priv *priv = container_of(napi, struct ringdrv_priv, napi);
	int done = 0;

	ringdrv_tx_clean(priv);
	while (done < budget && priv->rx_next_to_clean != priv->rx_next_to_use) {
		u32 i = priv->rx_next_to_clean % RINGDRV_RING_SIZE;
		struct ringdrv_rx_desc *desc = &priv->rx_desc[i];
		struct page *page = priv->rx_page[i];
		struct sk_buff *skb;

		if (!(READ_ONCE(desc->status) & RINGDRV_RX_DD))
			break;
		priv->rx_page[i] = NULL;
		priv->rx_next_to_clean++;
		page_pool_dma_sync_for_cpu(priv->page_pool, page, RINGDRV_HEADROOM, desc->len);
		skb = napi_build_skb(page_address(page), PAGE_SIZE);
		if (unlikely(!skb)) {
			page_pool_put_full_page(priv->page_pool, page, true);
			priv->rx_dropped++;
			continue;
		}
		skb_mark_for_recycle(skb);
		skb_reserve(skb, RINGDRV_HEADROOM);
		__skb_put(skb, desc->len);
		skb->protocol = eth_type_trans(skb, priv->netdev);
		skb_record_rx_queue(skb, 0);
		priv->rx_packets++;
		priv->rx_bytes += skb->len + ETH_HLEN;
		napi_gro_receive(napi, skb);
		done++;
	}
	ringdrv_rx_refill(priv);
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

void ringdrv_irq(struct ringdrv_priv *priv)
{
	napi_schedule(&priv->napi);
}

static netdev_tx_t ringdrv_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct ringdrv_priv *priv = netdev_priv(dev);
	struct netdev_queue *txq = netdev_get_tx_queue(dev, 0);
	u32 i;

	if (unlikely(ringdrv_tx_free(priv) == 0)) {
		netif_tx_stop_queue(txq);
		priv->tx_busy++;
		return NETDEV_TX_BUSY;
	}
	if (skb_linearize(skb)) {
		dev_kfree_skb_any(skb);
		dev->stats.tx_dropped++;
		return NETDEV_TX_OK;
	}
	i = priv->tx_next_to_use % RINGDRV_RING_SIZE;
	priv->tx_desc[i].addr = (dma_addr_t)(uintptr_t)skb->data;
	priv->tx_desc[i].len = skb->len;
	WRITE_ONCE(priv->tx_desc[i].status, 0);
	priv->tx_skb[i] = skb;
	priv->tx_next_to_use++;
	priv->tx_packets++;
	priv->tx_bytes += skb->len;
	skb_tx_timestamp(skb);
	if (ringdrv_tx_free(priv) == 0)
		netif_tx_stop_queue(txq);
	if (__netdev_tx_sent_queue(txq, skb->len, netdev_xmit_more())) {
		priv->tx_doorbell = priv->tx_next_to_use;
		priv->doorbells++;
	}
	return NETDEV_TX_OK;
}

static void ringdrv_get_stats64(struct net_device *dev, struct rtnl_link_stats64 *s)
{
	struct ringdrv_priv *priv = netdev_priv(dev);

	s->rx_packets = priv->rx_packets;
	s->rx_bytes = priv->rx_bytes;
	s->tx_packets = priv->tx_packets;
	s->tx_bytes = priv->tx_bytes;
	s->rx_dropped = priv->rx_dropped;
	s->tx_dropped = dev->stats.tx_dropped;
}

static int ringdrv_open(struct net_device *dev)
{
	struct ringdrv_priv *priv = netdev_priv(dev);
	struct page_pool_params pp = {
		.flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV,
		.order = 0,
		.pool_size = RINGDRV_RING_SIZE * 2,
		.nid = NUMA_NO_NODE,
		.dev = PP_DEV_NONE,
		/* the kernel's .napi: the pool recycles directly on the
		 * lcore that runs this NAPI's poll */
		.lcore = smp_processor_id(),
		.dma_dir = DMA_FROM_DEVICE,
		.max_len = RINGDRV_BUF_LEN,
		.offset = RINGDRV_HEADROOM,
		.name = "ringdrv",
	};

	priv->page_pool = page_pool_create(&pp);
	if (IS_ERR(priv->page_pool))
		return PTR_ERR(priv->page_pool);
	priv->rx_next_to_use = priv->rx_next_to_clean = 0;
	priv->tx_next_to_use = priv->tx_next_to_clean = priv->tx_doorbell = 0;
	ringdrv_rx_refill(priv);
	netif_napi_add(dev, &priv->napi, ringdrv_poll);
	napi_enable(&priv->napi);
	netdev_tx_reset_queue(netdev_get_tx_queue(dev, 0));
	netif_carrier_on(dev);
	netif_start_queue(dev);
	return 0;
}

static int ringdrv_stop(struct net_device *dev)
{
	struct ringdrv_priv *priv = netdev_priv(dev);

	netif_stop_queue(dev);
	netif_carrier_off(dev);
	napi_disable(&priv->napi);
	netif_napi_del(&priv->napi);
	while (priv->tx_next_to_clean != priv->tx_next_to_use) {
		u32 i = priv->tx_next_to_clean++ % RINGDRV_RING_SIZE;

		dev_kfree_skb_any(priv->tx_skb[i]);
		priv->tx_skb[i] = NULL;
	}
	while (priv->rx_next_to_clean != priv->rx_next_to_use) {
		u32 i = priv->rx_next_to_clean++ % RINGDRV_RING_SIZE;

		page_pool_put_full_page(priv->page_pool, priv->rx_page[i], false);
		priv->rx_page[i] = NULL;
	}
	page_pool_destroy(priv->page_pool);
	priv->page_pool = NULL;
	return 0;
}

static const struct net_device_ops ringdrv_netdev_ops = {
	.ndo_open = ringdrv_open,
	.ndo_stop = ringdrv_stop,
	.ndo_start_xmit = ringdrv_start_xmit,
	.ndo_get_stats64 = ringdrv_get_stats64,
};

struct net_device *ringdrv_probe(void)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
	struct ringdrv_priv *priv;
	struct net_device *dev;

	dev = alloc_etherdev(sizeof(*priv));
	if (!dev)
		return NULL;
	priv = netdev_priv(dev);
	priv->netdev = dev;
	dev->netdev_ops = &ringdrv_netdev_ops;
	dev->features = NETIF_F_SG | NETIF_F_GRO;
	dev->hw_features = dev->features;
	eth_hw_addr_set(dev, mac);
	if (register_netdev(dev)) {
		free_netdev(dev);
		return NULL;
	}
	return dev;
}

void ringdrv_remove(struct net_device *dev)
{
	unregister_netdev(dev);
	free_netdev(dev);
}
