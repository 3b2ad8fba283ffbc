/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel-style code of tests/porting: a small NIC driver (nmdrv), a
 * VLAN path, a UDP tunnel and a datagram socket's receive queue. Each .c
 * file uses only the kernel's include lines; test_porting.c drives them.
 */
#ifndef NM_PORTING_H
#define NM_PORTING_H

#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <net/page_pool/types.h>

/* ---- nmdrv ----------------------------------------------------------- */

#define NMDRV_RING_SIZE		64
#define NMDRV_HEADROOM		NET_SKB_PAD

#define NMDRV_RX_DD		0x1	/* descriptor done */
#define NMDRV_RX_EOP		0x2	/* last buffer of the frame */
#define NMDRV_RX_L4_OK		0x4	/* hardware verified the L4 checksum */

#define NMDRV_TX_EOP		0x1
#define NMDRV_TX_PAGE		0x2	/* mapped with dma_map_page (a frag) */
#define NMDRV_TX_DONE		0x4	/* written back by the hardware */

struct nmdrv_rx_desc {
	dma_addr_t addr;
	u16 len;
	u16 status;
	u32 hash;
};

struct nmdrv_tx_desc {
	dma_addr_t addr;
	u16 len;
	u16 flags;
};

struct nmdrv_stats {
	u64 rx_packets, rx_bytes, rx_dropped, rx_alloc_fail;
	u64 tx_packets, tx_bytes, tx_dropped;
};

struct nmdrv_priv {
	struct net_device *netdev;
	struct device *dmadev;
	struct page_pool *page_pool;

	struct nmdrv_rx_desc rx_desc[NMDRV_RING_SIZE];
	struct page *rx_page[NMDRV_RING_SIZE];
	u32 rx_next_to_use, rx_next_to_clean;
	struct sk_buff *rx_skb;		/* frame in progress */
	bool rx_skb_error;
	struct sk_buff_head rx_delivered;	/* what netif_receive_skb() would get */

	struct nmdrv_tx_desc tx_desc[NMDRV_RING_SIZE];
	struct sk_buff *tx_skb[NMDRV_RING_SIZE];
	u32 tx_next_to_use, tx_next_to_clean;

	struct nmdrv_stats stats;
};

/* The harness keeps one device; netdev_priv() arrives with the device layer. */
struct nmdrv_priv *nmdrv_from_netdev(struct net_device *dev);

int nmdrv_rx_buf_len(void);
int nmdrv_rx_refill(struct nmdrv_priv *priv);
int nmdrv_rx_poll(struct nmdrv_priv *priv, int budget);
netdev_tx_t nmdrv_start_xmit(struct sk_buff *skb, struct net_device *dev);
int nmdrv_tx_clean(struct nmdrv_priv *priv);
void nmdrv_rings_free(struct nmdrv_priv *priv);

/* ---- VLAN path -------------------------------------------------------- */

struct sk_buff *vlan_rx(struct sk_buff *skb);
struct sk_buff *vlan_tx_prepare(struct sk_buff *skb, const struct net_device *dev);
int vlan_action_push(struct sk_buff *skb, __be16 proto, u16 vid, u8 prio);
int vlan_action_pop(struct sk_buff *skb);

/* ---- UDP tunnel ------------------------------------------------------- */

struct tun_cfg {
	__be32 saddr, daddr;
	__be16 sport, dport;
	u32 vni;
	u16 ip_id;
	u8 smac[ETH_ALEN], dmac[ETH_ALEN];
};

int tun_xmit(struct sk_buff *skb, const struct tun_cfg *cfg, bool csum_offload);
struct sk_buff *tun_rcv(struct sk_buff *skb, u32 vni);

/* ---- datagram socket -------------------------------------------------- */

struct dgram_sock {
	struct sk_buff_head receive_queue;
	unsigned int rcvbuf;
	unsigned int rmem_alloc;
	unsigned long drops;
};

void dgram_sock_init(struct dgram_sock *sk, unsigned int rcvbuf);
int dgram_queue_rcv_skb(struct dgram_sock *sk, struct sk_buff *skb);
int dgram_recvmsg(struct dgram_sock *sk, struct msghdr *msg, size_t len, int flags);
void dgram_sock_destroy(struct dgram_sock *sk);

#endif /* NM_PORTING_H */
