/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ringdrv: a kernel-style NIC driver on the device layer (net_device,
 * NAPI, page_pool, napi_build_skb, napi_gro_receive, ndo_start_xmit with
 * BQL and xmit_more). The "hardware" is test_ringdrv.c: it loops each TX
 * descriptor back into the next posted RX buffer and raises the IRQ.
 */
#ifndef NM_PORTING_RINGDRV_H
#define NM_PORTING_RINGDRV_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/page_pool/types.h>

#define RINGDRV_RING_SIZE	32
#define RINGDRV_HEADROOM	NET_SKB_PAD

#define RINGDRV_RX_DD		0x1	/* written back by the hardware */
#define RINGDRV_TX_DONE		0x1

struct ringdrv_rx_desc {
	dma_addr_t addr;
	u16 len;
	u16 status;
};

struct ringdrv_tx_desc {
	dma_addr_t addr;
	u16 len;
	u16 status;
};

struct ringdrv_priv {
	struct net_device *netdev;
	struct napi_struct napi;
	struct page_pool *page_pool;

	struct ringdrv_rx_desc rx_desc[RINGDRV_RING_SIZE];
	struct page *rx_page[RINGDRV_RING_SIZE];
	u32 rx_next_to_use, rx_next_to_clean;

	struct ringdrv_tx_desc tx_desc[RINGDRV_RING_SIZE];
	struct sk_buff *tx_skb[RINGDRV_RING_SIZE];
	u32 tx_next_to_use, tx_next_to_clean;
	u32 tx_doorbell;		/* index the hardware was told about */
	u32 doorbells;

	u64 rx_packets, rx_bytes, tx_packets, tx_bytes, rx_dropped, tx_busy;
};

struct net_device *ringdrv_probe(void);
void ringdrv_remove(struct net_device *dev);
/* the interrupt handler */
void ringdrv_irq(struct ringdrv_priv *priv);

#endif /* NM_PORTING_RINGDRV_H */
