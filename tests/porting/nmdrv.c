// SPDX-License-Identifier: BSD-3-Clause
/*
 * nmdrv: the RX and TX routines of a small NIC driver, written as a kernel
 * driver writes them, against a descriptor ring that the test harness plays
 * the hardware for.
 *
 * RX: the ring is filled with page_pool pages (DMA address + headroom); a
 * completed descriptor's page becomes an skb with napi_build_skb() (the
 * first buffer of a frame) or a frag with skb_add_rx_frag() (the next
 * ones, up to the end-of-packet bit); eth_type_trans() sets protocol and
 * pkt_type, the checksum and hash bits of the descriptor go into the skb.
 * TX: ndo_start_xmit pads runts, resolves CHECKSUM_PARTIAL in software
 * when the device lacks checksum offload, maps the head and each frag
 * (skb_frag_dma_map) into one descriptor each, and completion consumes
 * the skb.
 *
 * Only the kernel's include lines: this is the code a porter brings.
 */
/* 8< nmdrv_includes */
#include <linux/dma-mapping.h>
#include <linux/errno.h>
#include <linux/etherdevice.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/page_pool/helpers.h>
/* >8 */

#include "porting.h"

#define NMDRV_RX_BUF_LEN	(PAGE_SIZE - NMDRV_HEADROOM - \
				 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

int nmdrv_rx_buf_len(void)
{
	return NMDRV_RX_BUF_LEN;
}

/* Gives every empty RX slot a page; returns the slots filled. */
int nmdrv_rx_refill(struct nmdrv_priv *priv)
{
	int filled = 0;

	while (priv->rx_next_to_use - priv->rx_next_to_clean < NMDRV_RING_SIZE) {
		u32 i = priv->rx_next_to_use % NMDRV_RING_SIZE;
		struct page *page;

		page = page_pool_dev_alloc_pages(priv->page_pool);
		if (unlikely(!page)) {
			priv->stats.rx_alloc_fail++;
			break;
		}
		priv->rx_page[i] = page;
		priv->rx_desc[i].addr = page_pool_get_dma_addr(page) + NMDRV_HEADROOM;
		priv->rx_desc[i].len = NMDRV_RX_BUF_LEN;
		WRITE_ONCE(priv->rx_desc[i].status, 0);
		priv->rx_next_to_use++;
		filled++;
	}
	return filled;
}

/* 8< nmdrv_rx_finish */
static void nmdrv_rx_finish(struct nmdrv_priv *priv, struct sk_buff *skb,
			    const struct nmdrv_rx_desc *desc)
{
	skb->protocol = eth_type_trans(skb, priv->netdev);
	if ((desc->status & NMDRV_RX_L4_OK) && (priv->netdev->features & NETIF_F_RXCSUM))
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	else
		skb_checksum_none_assert(skb);
	if (priv->netdev->features & NETIF_F_RXHASH)
		skb_set_hash(skb, desc->hash, PKT_HASH_TYPE_L4);
	skb_record_rx_queue(skb, 0);
	priv->stats.rx_packets++;
	priv->stats.rx_bytes += skb->len;
	skb_queue_tail(&priv->rx_delivered, skb);
}
/* >8 */

/* The NAPI poll's RX half: up to @budget frames. */
int nmdrv_rx_poll(struct nmdrv_priv *priv, int budget)
{
	int done = 0;

	while (done < budget && priv->rx_next_to_clean != priv->rx_next_to_use) {
		u32 i = priv->rx_next_to_clean % NMDRV_RING_SIZE;
		struct nmdrv_rx_desc *desc = &priv->rx_desc[i];
		struct page *page = priv->rx_page[i];
		struct sk_buff *skb = priv->rx_skb;
		unsigned int len;

		if (!(READ_ONCE(desc->status) & NMDRV_RX_DD))
			break;
		len = desc->len;
		priv->rx_page[i] = NULL;
		priv->rx_next_to_clean++;
		page_pool_dma_sync_for_cpu(priv->page_pool, page, NMDRV_HEADROOM, len);

		/* 8< nmdrv_rx_buffer */
		if (!skb) {
			skb = napi_build_skb(page_address(page), PAGE_SIZE);
			if (unlikely(!skb)) {
				page_pool_put_full_page(priv->page_pool, page, true);
				priv->stats.rx_dropped++;
				continue;
			}
			skb_mark_for_recycle(skb);
			skb_reserve(skb, NMDRV_HEADROOM);
			__skb_put(skb, len);
		} else if (skb_shinfo(skb)->nr_frags < MAX_SKB_FRAGS) {
			skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, page, NMDRV_HEADROOM,
					len, PAGE_SIZE);
		} else {
			/* too many buffers: the rest of the frame is dropped */
			page_pool_put_full_page(priv->page_pool, page, true);
			priv->rx_skb_error = true;
		}
		/* >8 */

		if (!(desc->status & NMDRV_RX_EOP)) {
			priv->rx_skb = skb;
			continue;
		}
		priv->rx_skb = NULL;
		if (unlikely(priv->rx_skb_error)) {
			priv->rx_skb_error = false;
			priv->stats.rx_dropped++;
			kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_BIG);
			continue;
		}
		nmdrv_rx_finish(priv, skb, desc);
		done++;
	}
	nmdrv_rx_refill(priv);
	return done;
}

static unsigned int nmdrv_tx_free(const struct nmdrv_priv *priv)
{
	return NMDRV_RING_SIZE - (priv->tx_next_to_use - priv->tx_next_to_clean);
}

/* ndo_start_xmit */
netdev_tx_t nmdrv_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct nmdrv_priv *priv = nmdrv_from_netdev(dev);
	unsigned int nr_frags, f, first, i;
	struct nmdrv_tx_desc *desc;
	dma_addr_t dma;

	if (skb_put_padto(skb, ETH_ZLEN)) {
		priv->stats.tx_dropped++;
		return NETDEV_TX_OK;	/* freed by skb_put_padto() */
	}
	nr_frags = skb_shinfo(skb)->nr_frags;
	if (nmdrv_tx_free(priv) < nr_frags + 1)
		return NETDEV_TX_BUSY;
	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    !(dev->features & (NETIF_F_HW_CSUM | NETIF_F_IP_CSUM)) &&
	    skb_checksum_help(skb))
		goto drop;

	dma = dma_map_single(priv->dmadev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	if (dma_mapping_error(priv->dmadev, dma))
		goto drop;
	first = priv->tx_next_to_use;
	i = first % NMDRV_RING_SIZE;
	desc = &priv->tx_desc[i];
	desc->addr = dma;
	desc->len = skb_headlen(skb);
	desc->flags = 0;
	priv->tx_skb[i] = NULL;
	priv->tx_next_to_use++;

	for (f = 0; f < nr_frags; f++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[f];

		dma = skb_frag_dma_map(priv->dmadev, frag, 0, skb_frag_size(frag),
				       DMA_TO_DEVICE);
		if (dma_mapping_error(priv->dmadev, dma))
			goto unwind;
		i = priv->tx_next_to_use % NMDRV_RING_SIZE;
		desc = &priv->tx_desc[i];
		desc->addr = dma;
		desc->len = skb_frag_size(frag);
		desc->flags = NMDRV_TX_PAGE;
		priv->tx_skb[i] = NULL;
		priv->tx_next_to_use++;
	}
	desc->flags |= NMDRV_TX_EOP;
	priv->tx_skb[i] = skb;
	skb_tx_timestamp(skb);
	priv->stats.tx_packets++;
	priv->stats.tx_bytes += skb->len;
	return NETDEV_TX_OK;

unwind:
	while (priv->tx_next_to_use != first) {
		priv->tx_next_to_use--;
		i = priv->tx_next_to_use % NMDRV_RING_SIZE;
		if (priv->tx_desc[i].flags & NMDRV_TX_PAGE)
			dma_unmap_page(priv->dmadev, priv->tx_desc[i].addr,
				       priv->tx_desc[i].len, DMA_TO_DEVICE);
		else
			dma_unmap_single(priv->dmadev, priv->tx_desc[i].addr,
					 priv->tx_desc[i].len, DMA_TO_DEVICE);
	}
drop:
	priv->stats.tx_dropped++;
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/* TX completion: descriptors the hardware marked done; returns frames freed. */
int nmdrv_tx_clean(struct nmdrv_priv *priv)
{
	int cleaned = 0;

	while (priv->tx_next_to_clean != priv->tx_next_to_use) {
		u32 i = priv->tx_next_to_clean % NMDRV_RING_SIZE;
		struct nmdrv_tx_desc *desc = &priv->tx_desc[i];

		if (!(READ_ONCE(desc->flags) & NMDRV_TX_DONE))
			break;
		if (desc->flags & NMDRV_TX_PAGE)
			dma_unmap_page(priv->dmadev, desc->addr, desc->len, DMA_TO_DEVICE);
		else
			dma_unmap_single(priv->dmadev, desc->addr, desc->len, DMA_TO_DEVICE);
		if (priv->tx_skb[i]) {
			dev_consume_skb_any(priv->tx_skb[i]);
			priv->tx_skb[i] = NULL;
			cleaned++;
		}
		priv->tx_next_to_clean++;
	}
	return cleaned;
}

/* ndo_stop's ring teardown: every page and skb goes back. */
void nmdrv_rings_free(struct nmdrv_priv *priv)
{
	struct sk_buff *skb;

	while (priv->rx_next_to_clean != priv->rx_next_to_use) {
		u32 i = priv->rx_next_to_clean++ % NMDRV_RING_SIZE;

		page_pool_put_full_page(priv->page_pool, priv->rx_page[i], false);
		priv->rx_page[i] = NULL;
	}
	if (priv->rx_skb) {
		kfree_skb(priv->rx_skb);
		priv->rx_skb = NULL;
	}
	while (priv->tx_next_to_clean != priv->tx_next_to_use) {
		u32 i = priv->tx_next_to_clean++ % NMDRV_RING_SIZE;

		if (priv->tx_skb[i]) {
			dev_kfree_skb_any(priv->tx_skb[i]);
			priv->tx_skb[i] = NULL;
		}
	}
	while ((skb = skb_dequeue(&priv->rx_delivered)) != NULL)
		kfree_skb(skb);
}
