// SPDX-License-Identifier: BSD-3-Clause
/*
 * Drives the kernel-style code of tests/porting and checks the kernel's
 * results: bytes on the wire, header offsets, protocol and pkt_type,
 * checksums, queue and drop accounting, and that every page and skb went
 * back (page_pool inflight 0, live skbs back to where they started).
 *
 * The harness plays the NIC for nmdrv (it writes frames into the RX
 * buffers the driver posted and reads the TX descriptors' DMA addresses)
 * and the IP layer for the socket (it sets up the checksum state as
 * udp4_csum_init would).
 */
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/udp.h>
#include <linux/uio.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/page_pool/helpers.h>

#include <rte_memory.h>

#include "../test_common.h"
#include "../test_bytes.h"
#include "porting.h"

static const u8 mac_dev[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
static const u8 mac_peer[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x02 };
static const u8 mac_other[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x03 };
static const u8 mac_bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const u8 mac_mcast[ETH_ALEN] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };

static struct net_device test_dev;
static struct nmdrv_priv *test_priv;
static struct nm_skb_stats st0;
static uint64_t misuse0;

struct nmdrv_priv *nmdrv_from_netdev(struct net_device *dev)
{
	return dev == &test_dev ? test_priv : NULL;
}

static int case_setup(void **state)
{
	(void)state;
	nm_skb_get_stats(&st0);
	misuse0 = nm_misuse_count();
	return 0;
}

static int case_teardown(void **state)
{
	struct nm_skb_stats st;

	(void)state;
	nm_skb_get_stats(&st);
	assert_int_equal(st.live, st0.live);
	assert_int_equal(nm_misuse_count(), misuse0);
	return 0;
}

/* ---- frames ----------------------------------------------------------- */

/* Ethernet + IPv4 + UDP with @plen payload bytes and correct checksums;
 * returns the frame length. */
static unsigned int mk_udp_frame(u8 *f, const u8 *dst, const u8 *src, unsigned int plen,
				 u8 seed)
{
	unsigned int i, ulen = 8 + plen, iplen = 20 + ulen;
	u8 *ip = f + ETH_HLEN, *udp = ip + 20;
	uint64_t s;

	memcpy(f, dst, ETH_ALEN);
	memcpy(f + 6, src, ETH_ALEN);
	put16(f + 12, ETH_P_IP);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, iplen);
	put16(ip + 4, 0x1234);
	put16(ip + 6, 0x4000);
	ip[8] = 64;
	ip[9] = IPPROTO_UDP;
	put32(ip + 12, 0x0a000001);
	put32(ip + 16, 0x0a000002);
	put16(ip + 10, (u16)~ref_fold(ref_sum(ip, 20, 0)));
	put16(udp, 4000);
	put16(udp + 2, 4789);
	put16(udp + 4, ulen);
	put16(udp + 6, 0);
	for (i = 0; i < plen; i++)
		udp[8 + i] = (u8)(seed + i * 7);
	s = ref_sum(ip + 12, 8, 0) + IPPROTO_UDP + ulen;
	s = ref_sum(udp, ulen, s);
	put16(udp + 6, ref_fold(s) == 0xffff ? 0xffff : (u16)~ref_fold(s));
	return ETH_HLEN + iplen;
}

static void assert_skb_bytes(const struct sk_buff *skb, int off, const u8 *want, unsigned int len)
{
	u8 *got = malloc(len);

	assert_non_null(got);
	assert_int_equal(skb_copy_bits(skb, off, got, len), 0);
	assert_memory_equal(got, want, len);
	free(got);
}

/* ---- nmdrv: the harness is the NIC ------------------------------------ */

static struct page_pool *mk_pool(void)
{
	struct page_pool_params pp = {
		.flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV,
		.order = 0,
		.pool_size = 256,
		.nid = NUMA_NO_NODE,
		.dev = PP_DEV_NONE,
		.lcore = rte_lcore_id(),
		.dma_dir = DMA_FROM_DEVICE,
		.offset = NMDRV_HEADROOM,
		.max_len = nmdrv_rx_buf_len(),
	};
	struct page_pool *pool = page_pool_create(&pp);

	assert_false(IS_ERR(pool));
	return pool;
}

static void nic_setup(netdev_features_t features)
{
	static struct nmdrv_priv priv;

	memset(&priv, 0, sizeof(priv));
	memset(&test_dev, 0, sizeof(test_dev));
	strcpy(test_dev.name, "nmdrv0");
	test_dev.addr_len = ETH_ALEN;
	test_dev.mtu = 9000;
	test_dev.features = features;
	eth_hw_addr_set(&test_dev, mac_dev);
	memset(test_dev.broadcast, 0xff, ETH_ALEN);
	priv.netdev = &test_dev;
	priv.page_pool = mk_pool();
	skb_queue_head_init(&priv.rx_delivered);
	test_priv = &priv;
	assert_int_equal(nmdrv_rx_refill(&priv), NMDRV_RING_SIZE);
}

static void nic_teardown(void)
{
	nmdrv_rings_free(test_priv);
	assert_int_equal(page_pool_inflight(test_priv->page_pool), 0);
	page_pool_destroy(test_priv->page_pool);
	test_priv = NULL;
}

/* The NIC receives @len bytes of @f: fills the next posted buffers. */
static void nic_rx(const u8 *f, unsigned int len, u16 status, u32 hash)
{
	struct nmdrv_priv *priv = test_priv;
	unsigned int buf = nmdrv_rx_buf_len(), off = 0;
	u32 n = priv->rx_next_to_clean;

	/* buffers already written but not polled come first */
	while (n != priv->rx_next_to_use && (priv->rx_desc[n % NMDRV_RING_SIZE].status & NMDRV_RX_DD))
		n++;
	while (off < len) {
		u32 i = n++ % NMDRV_RING_SIZE;
		struct nmdrv_rx_desc *d = &priv->rx_desc[i];
		unsigned int chunk = min(len - off, buf);
		u8 *va = (u8 *)page_address(priv->rx_page[i]) + NMDRV_HEADROOM;

		assert_true(n <= priv->rx_next_to_use);
		assert_int_equal(d->addr, page_pool_get_dma_addr(priv->rx_page[i]) + NMDRV_HEADROOM);
		memcpy(va, f + off, chunk);
		d->len = chunk;
		d->hash = hash;
		off += chunk;
		d->status = NMDRV_RX_DD | (off == len ? NMDRV_RX_EOP | status : 0);
	}
}

/* The NIC sends the next frame from the TX ring into @out; its length. */
static unsigned int nic_tx(u8 *out)
{
	struct nmdrv_priv *priv = test_priv;
	unsigned int len = 0;
	u32 n = priv->tx_next_to_clean;

	while (n != priv->tx_next_to_use) {
		struct nmdrv_tx_desc *d = &priv->tx_desc[n++ % NMDRV_RING_SIZE];

		if (d->flags & NMDRV_TX_DONE)
			continue;
		memcpy(out + len, rte_mem_iova2virt(d->addr), d->len);
		len += d->len;
		d->flags |= NMDRV_TX_DONE;
		if (d->flags & NMDRV_TX_EOP)
			return len;
	}
	return len;
}

static void test_nmdrv_rx(void **state)
{
	static u8 f[9100], g[9100];
	struct sk_buff *skb;
	unsigned int len, jumbo;

	(void)state;
	nic_setup(NETIF_F_SG | NETIF_F_RXCSUM | NETIF_F_RXHASH);

	len = mk_udp_frame(f, mac_dev, mac_peer, 18, 1);	/* 60 bytes */
	nic_rx(f, len, NMDRV_RX_L4_OK, 0xabcd1234);
	jumbo = mk_udp_frame(g, mac_mcast, mac_peer, 8900, 2);
	nic_rx(g, jumbo, 0, 7);
	assert_int_equal(nmdrv_rx_poll(test_priv, 64), 2);
	assert_int_equal(skb_queue_len(&test_priv->rx_delivered), 2);

	skb = skb_dequeue(&test_priv->rx_delivered);
	assert_int_equal(skb->len, len - ETH_HLEN);
	assert_int_equal(skb->data_len, 0);
	assert_int_equal(skb->protocol, htons(ETH_P_IP));
	assert_int_equal(skb->pkt_type, PACKET_HOST);
	assert_ptr_equal(skb->dev, &test_dev);
	assert_int_equal(skb_mac_header(skb) - skb->head, NMDRV_HEADROOM);
	assert_int_equal(skb->data - skb->head, NMDRV_HEADROOM + ETH_HLEN);
	assert_int_equal(skb->ip_summed, CHECKSUM_UNNECESSARY);
	assert_int_equal(skb_get_hash_raw(skb), 0xabcd1234);
	assert_true(skb->l4_hash);
	assert_int_equal(skb_get_rx_queue(skb), 0);
	assert_true(skb->pp_recycle);
	assert_memory_equal(eth_hdr(skb)->h_source, mac_peer, ETH_ALEN);
	assert_skb_bytes(skb, -ETH_HLEN, f, len);
	kfree_skb(skb);

	skb = skb_dequeue(&test_priv->rx_delivered);
	assert_int_equal(skb->len, jumbo - ETH_HLEN);
	assert_int_equal(skb_shinfo(skb)->nr_frags, DIV_ROUND_UP(jumbo, nmdrv_rx_buf_len()) - 1);
	assert_int_equal(skb_headlen(skb), nmdrv_rx_buf_len() - ETH_HLEN);
	assert_int_equal(skb->pkt_type, PACKET_MULTICAST);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	assert_skb_bytes(skb, -ETH_HLEN, g, jumbo);
	assert_int_equal(page_pool_inflight(test_priv->page_pool),
			 NMDRV_RING_SIZE + 1 + skb_shinfo(skb)->nr_frags);
	consume_skb(skb);

	/* broadcast, another host's unicast, and an 802.3 length frame */
	len = mk_udp_frame(f, mac_bcast, mac_peer, 30, 3);
	nic_rx(f, len, 0, 0);
	len = mk_udp_frame(f, mac_other, mac_peer, 30, 4);
	nic_rx(f, len, 0, 0);
	put16(f + 12, 46);			/* length field: 802.3 */
	f[14] = 0xaa;				/* SNAP: 802.2 */
	nic_rx(f, 60, 0, 0);
	assert_int_equal(nmdrv_rx_poll(test_priv, 64), 3);
	skb = skb_dequeue(&test_priv->rx_delivered);
	assert_int_equal(skb->pkt_type, PACKET_BROADCAST);
	kfree_skb(skb);
	skb = skb_dequeue(&test_priv->rx_delivered);
	assert_int_equal(skb->pkt_type, PACKET_OTHERHOST);
	kfree_skb(skb);
	skb = skb_dequeue(&test_priv->rx_delivered);
	assert_int_equal(skb->protocol, htons(ETH_P_802_2));
	kfree_skb(skb);

	nic_teardown();
}

/* RX frames forwarded back out of the same driver: bytes identical, runts
 * padded, the head and each frag in its own descriptor, ring-full BUSY. */
static void test_nmdrv_forward(void **state)
{
	static u8 f[9100], g[9100], out[9100];
	struct sk_buff *skb, *held[NMDRV_RING_SIZE];
	unsigned int len, jumbo, i, n;

	(void)state;
	nic_setup(NETIF_F_SG);

	len = mk_udp_frame(f, mac_dev, mac_peer, 2, 5);	/* 44 bytes: a runt */
	nic_rx(f, len, 0, 0);
	jumbo = mk_udp_frame(g, mac_dev, mac_peer, 8000, 6);
	nic_rx(g, jumbo, 0, 0);
	assert_int_equal(nmdrv_rx_poll(test_priv, 64), 2);

	while ((skb = skb_dequeue(&test_priv->rx_delivered)) != NULL) {
		skb_push(skb, ETH_HLEN);
		assert_int_equal(nmdrv_start_xmit(skb, &test_dev), NETDEV_TX_OK);
	}
	assert_int_equal(nic_tx(out), ETH_ZLEN);
	assert_memory_equal(out, f, len);
	for (i = len; i < ETH_ZLEN; i++)
		assert_int_equal(out[i], 0);
	assert_int_equal(nic_tx(out), jumbo);
	assert_memory_equal(out, g, jumbo);
	assert_int_equal(nmdrv_tx_clean(test_priv), 2);
	assert_int_equal(test_priv->stats.tx_packets, 2);

	/* a full ring answers BUSY and leaves the skb to the caller */
	for (n = 0; n < NMDRV_RING_SIZE; n++) {
		held[n] = alloc_skb(128, GFP_ATOMIC);
		skb_put_zero(held[n], 100);
		assert_int_equal(nmdrv_start_xmit(held[n], &test_dev), NETDEV_TX_OK);
	}
	skb = alloc_skb(128, GFP_ATOMIC);
	skb_put_zero(skb, 100);
	assert_int_equal(nmdrv_start_xmit(skb, &test_dev), NETDEV_TX_BUSY);
	for (n = 0; n < NMDRV_RING_SIZE; n++)
		nic_tx(out);
	assert_int_equal(nmdrv_tx_clean(test_priv), NMDRV_RING_SIZE);
	assert_int_equal(nmdrv_start_xmit(skb, &test_dev), NETDEV_TX_OK);
	nic_tx(out);
	assert_int_equal(nmdrv_tx_clean(test_priv), 1);

	nic_teardown();
}

/* ---- VLAN ------------------------------------------------------------- */

static struct sk_buff *skb_from_frame(const u8 *f, unsigned int len)
{
	struct sk_buff *skb = netdev_alloc_skb_ip_align(&test_dev, len);

	assert_non_null(skb);
	skb_put_data(skb, f, len);
	return skb;
}

static void test_vlan_rx_tx(void **state)
{
	u8 f[200], tagged[204];
	struct sk_buff *skb;
	unsigned int len;

	(void)state;
	memset(&test_dev, 0, sizeof(test_dev));
	test_dev.addr_len = ETH_ALEN;
	eth_hw_addr_set(&test_dev, mac_dev);

	len = mk_udp_frame(f, mac_dev, mac_peer, 100, 7);
	memcpy(tagged, f, 12);
	put16(tagged + 12, ETH_P_8021Q);
	put16(tagged + 14, 0x6000 | 42);	/* prio 3, vid 42 */
	memcpy(tagged + 16, f + 12, len - 12);

	skb = skb_from_frame(tagged, len + VLAN_HLEN);
	skb->protocol = eth_type_trans(skb, &test_dev);
	assert_int_equal(skb->protocol, htons(ETH_P_8021Q));
	skb = vlan_rx(skb);
	assert_non_null(skb);
	assert_true(skb_vlan_tag_present(skb));
	assert_int_equal(skb_vlan_tag_get_id(skb), 42);
	assert_int_equal(skb_vlan_tag_get_prio(skb), 3);
	assert_int_equal(skb->vlan_proto, htons(ETH_P_8021Q));
	assert_int_equal(skb->protocol, htons(ETH_P_IP));
	assert_int_equal(skb->len, len - ETH_HLEN);
	assert_skb_bytes(skb, 0, f + ETH_HLEN, len - ETH_HLEN);
	assert_memory_equal(skb_mac_header(skb), f, 12);

	/* a device without tag insertion gets the tag back in the frame */
	skb_push(skb, ETH_HLEN);
	test_dev.features = 0;
	skb = vlan_tx_prepare(skb, &test_dev);
	assert_non_null(skb);
	assert_false(skb_vlan_tag_present(skb));
	assert_int_equal(skb->len, len + VLAN_HLEN);
	assert_skb_bytes(skb, 0, tagged, len + VLAN_HLEN);
	kfree_skb(skb);

	/* one that inserts it keeps it in the skb */
	skb = skb_from_frame(f, len);
	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), 42);
	test_dev.features = NETIF_F_HW_VLAN_CTAG_TX;
	skb = vlan_tx_prepare(skb, &test_dev);
	assert_true(skb_vlan_tag_present(skb));
	assert_int_equal(skb->len, len);
	kfree_skb(skb);
}

static void test_vlan_push_pop(void **state)
{
	u8 f[200];
	struct sk_buff *skb;
	unsigned int len;
	__wsum before;

	(void)state;
	len = mk_udp_frame(f, mac_peer, mac_dev, 64, 8);
	skb = skb_from_frame(f, len);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb->mac_len = ETH_HLEN;
	skb->protocol = htons(ETH_P_IP);
	/* CHECKSUM_COMPLETE over skb->data on, which is at the MAC header here
	 * (an action engine's view) */
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = csum_partial(skb->data, len, 0);
	before = skb->csum;

	assert_int_equal(vlan_action_push(skb, htons(ETH_P_8021Q), 100, 1), 0);
	assert_true(skb_vlan_tag_present(skb));		/* the first stays accelerated */
	assert_int_equal(skb->len, len);
	assert_int_equal(vlan_action_push(skb, htons(ETH_P_8021AD), 200, 0), 0);
	/* the first tag went into the frame; the new one is accelerated */
	assert_int_equal(skb->len, len + VLAN_HLEN);
	assert_int_equal(be16(skb->data + 12), ETH_P_8021Q);
	assert_int_equal(be16(skb->data + 14), (1 << 13) | 100);
	assert_int_equal(skb->vlan_proto, htons(ETH_P_8021AD));
	assert_int_equal(skb_vlan_tag_get_id(skb), 200);
	/* the network header moved onto the tag pushed into the frame; the sum
	 * took its four bytes in */
	assert_int_equal(skb_network_offset(skb), ETH_HLEN);
	assert_int_equal(skb->mac_len, ETH_HLEN);
	assert_int_equal(csum_fold(skb->csum), csum_fold(csum_partial(skb->data, skb->len, 0)));

	assert_int_equal(vlan_action_pop(skb), 0);	/* drops the accelerated 802.1ad */
	assert_int_equal(skb->vlan_proto, htons(ETH_P_8021Q));
	assert_int_equal(skb_vlan_tag_get_id(skb), 100);	/* the in-frame one moved up */
	assert_int_equal(skb->len, len);
	assert_int_equal(vlan_action_pop(skb), 0);
	assert_false(skb_vlan_tag_present(skb));
	assert_int_equal(skb->len, len);
	assert_skb_bytes(skb, 0, f, len);
	assert_int_equal(csum_fold(skb->csum), csum_fold(before));
	kfree_skb(skb);
}

/* ---- UDP tunnel ------------------------------------------------------- */

static const struct tun_cfg tcfg = {
	.saddr = htonl(0xc0a80001), .daddr = htonl(0xc0a80002),
	.sport = htons(49152), .dport = htons(4789), .vni = 0x123456, .ip_id = 7,
	.smac = { 0x02, 0, 0, 0, 0, 0x11 }, .dmac = { 0x02, 0, 0, 0, 0, 0x01 },
};

/* The inner frame: 54 header bytes in the head, the payload in a page frag. */
static struct sk_buff *mk_inner(u8 *f, unsigned int *lenp)
{
	unsigned int len = mk_udp_frame(f, mac_other, mac_peer, 1000, 9);
	struct sk_buff *skb = alloc_skb(256, GFP_ATOMIC);
	struct page *page = dev_alloc_page();

	assert_non_null(skb);
	assert_non_null(page);
	skb_reserve(skb, 128);
	skb_put_data(skb, f, 100);
	memcpy(page_address(page), f + 100, len - 100);
	skb_add_rx_frag(skb, 0, page, 0, len - 100, PAGE_SIZE);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + 20);
	*lenp = len;
	return skb;
}

static void check_outer(const u8 *o, unsigned int olen)
{
	unsigned int ulen = olen - ETH_HLEN - 20;
	uint64_t s;

	assert_int_equal(be16(o + 12), ETH_P_IP);
	assert_int_equal(ref_fold(ref_sum(o + ETH_HLEN, 20, 0)), 0xffff);
	assert_int_equal(be16(o + ETH_HLEN + 2), olen - ETH_HLEN);
	s = ref_sum(o + ETH_HLEN + 12, 8, 0) + IPPROTO_UDP + ulen;
	assert_int_equal(ref_fold(ref_sum(o + ETH_HLEN + 20, ulen, s)), 0xffff);
}

static void test_tunnel(void **state)
{
	static u8 f[1200], o[1400];
	struct sk_buff *skb, *clone, *inner;
	unsigned int len, olen, off;
	int csum_offload;

	(void)state;
	memset(&test_dev, 0, sizeof(test_dev));
	test_dev.addr_len = ETH_ALEN;
	eth_hw_addr_set(&test_dev, mac_dev);

	for (csum_offload = 0; csum_offload <= 1; csum_offload++) {
		skb = mk_inner(f, &len);
		clone = skb_clone(skb, GFP_ATOMIC);	/* a tap still holds the frame */
		assert_int_equal(tun_xmit(skb, &tcfg, csum_offload), 0);
		olen = len + ETH_HLEN + 20 + 8 + 8;
		assert_int_equal(skb->len, olen);
		assert_int_equal(skb_inner_mac_header(skb) - skb->data, olen - len);
		assert_int_equal(skb_inner_network_offset(skb), olen - len + ETH_HLEN);
		assert_int_equal(skb->inner_protocol, htons(ETH_P_TEB));
		if (csum_offload) {
			assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
			assert_int_equal(skb_checksum_start_offset(skb), ETH_HLEN + 20);
			assert_int_equal(skb_checksum_help(skb), 0);
		}
		assert_int_equal(skb_copy_bits(skb, 0, o, olen), 0);
		check_outer(o, olen);
		assert_memory_equal(o + olen - len, f, len);
		/* the clone's bytes did not move */
		assert_skb_bytes(clone, 0, f, len);
		kfree_skb(clone);

		/* and back in */
		skb->protocol = eth_type_trans(skb, &test_dev);
		assert_int_equal(skb->pkt_type, PACKET_HOST);
		skb_reset_network_header(skb);
		skb->ip_summed = CHECKSUM_COMPLETE;
		skb->csum = skb_checksum(skb, 0, skb->len, 0);
		inner = tun_rcv(skb, tcfg.vni);
		assert_non_null(inner);
		assert_int_equal(inner->len, len);
		assert_skb_bytes(inner, 0, f, len);
		/* CHECKSUM_COMPLETE still covers exactly the inner frame */
		assert_int_equal(csum_fold(inner->csum),
				 csum_fold(skb_checksum(inner, 0, inner->len, 0)));
		kfree_skb(inner);
	}

	/* a corrupted outer UDP checksum is a drop */
	skb = mk_inner(f, &len);
	assert_int_equal(tun_xmit(skb, &tcfg, false), 0);
	off = ETH_HLEN + 20 + 8 + 8 + 60;
	skb_store_bits(skb, off, "\x5a", 1);
	skb->protocol = eth_type_trans(skb, &test_dev);
	skb_reset_network_header(skb);
	assert_null(tun_rcv(skb, tcfg.vni));
	/* the wrong VNI too */
	skb = mk_inner(f, &len);
	assert_int_equal(tun_xmit(skb, &tcfg, false), 0);
	skb->protocol = eth_type_trans(skb, &test_dev);
	skb_reset_network_header(skb);
	assert_null(tun_rcv(skb, tcfg.vni + 1));
}

/* ---- datagram socket -------------------------------------------------- */

/* A UDP datagram as the IP layer hands it up: data at the UDP header, the
 * network header before it, checksum state as udp4_csum_init() leaves it;
 * payload split over the head, a page frag and a frag_list member. */
static struct sk_buff *mk_dgram(u8 *payload, unsigned int plen, bool corrupt, bool hw_ok)
{
	static u8 f[4000];
	unsigned int len = mk_udp_frame(f, mac_dev, mac_peer, plen, 11), head = ETH_HLEN + 20 + 8 + 40;
	unsigned int rest = len - head, in_frag = rest / 2;
	struct sk_buff *skb = alloc_skb(256, GFP_ATOMIC), *member;
	struct page *page = dev_alloc_page();

	memcpy(payload, f + ETH_HLEN + 28, plen);
	if (corrupt)
		f[len - 1] ^= 0x40;
	skb_put_data(skb, f, head);
	memcpy(page_address(page), f + head, in_frag);
	skb_add_rx_frag(skb, 0, page, 0, in_frag, PAGE_SIZE);
	member = alloc_skb(rest - in_frag, GFP_ATOMIC);
	skb_put_data(member, f + head + in_frag, rest - in_frag);
	skb_shinfo(skb)->frag_list = member;
	skb->len += member->len;
	skb->data_len += member->len;
	skb->truesize += member->truesize;

	skb->protocol = eth_type_trans(skb, &test_dev);
	skb_reset_network_header(skb);
	skb_pull(skb, 20);
	skb_reset_transport_header(skb);
	if (hw_ok)
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	else
		assert_int_equal(skb_checksum_init(skb, IPPROTO_UDP, inet_compute_pseudo), 0);
	return skb;
}

static int recv_into(struct dgram_sock *sk, u8 *buf, const unsigned int *lens, int n,
		     int flags, int *msg_flags)
{
	struct iovec iov[4];
	struct msghdr msg = { 0 };
	size_t total = 0;
	int i, ret;

	for (i = 0; i < n; i++) {
		iov[i].iov_base = buf + total;
		iov[i].iov_len = lens[i];
		total += lens[i];
	}
	iov_iter_init(&msg.msg_iter, ITER_DEST, iov, n, total);
	ret = dgram_recvmsg(sk, &msg, total, flags);
	*msg_flags = msg.msg_flags;
	return ret;
}

static void test_dgram_socket(void **state)
{
	static const unsigned int split[3] = { 1, 999, 2000 }, small[1] = { 100 };
	static u8 want[3000], got[3000];
	struct dgram_sock sk;
	struct sk_buff *skb;
	int msg_flags;

	(void)state;
	memset(&test_dev, 0, sizeof(test_dev));
	test_dev.addr_len = ETH_ALEN;
	eth_hw_addr_set(&test_dev, mac_dev);
	dgram_sock_init(&sk, 64 * 1024);

	/* whole datagram, checksummed while copied, over odd iovecs */
	assert_int_equal(dgram_queue_rcv_skb(&sk, mk_dgram(want, 2500, false, false)), 0);
	assert_int_equal(skb_queue_len(&sk.receive_queue), 1);
	assert_int_equal(recv_into(&sk, got, split, 3, 0, &msg_flags), 2500);
	assert_memory_equal(got, want, 2500);
	assert_int_equal(msg_flags & MSG_TRUNC, 0);
	assert_int_equal(sk.rmem_alloc, 0);

	/* peek, then read: the same bytes twice, queued once */
	assert_int_equal(dgram_queue_rcv_skb(&sk, mk_dgram(want, 700, false, false)), 0);
	assert_int_equal(recv_into(&sk, got, split, 3, MSG_PEEK, &msg_flags), 700);
	assert_int_equal(skb_queue_len(&sk.receive_queue), 1);
	memset(got, 0, sizeof(got));
	assert_int_equal(recv_into(&sk, got, split, 3, 0, &msg_flags), 700);
	assert_memory_equal(got, want, 700);
	assert_true(skb_queue_empty(&sk.receive_queue));

	/* a short buffer: truncated, MSG_TRUNC set; with MSG_TRUNC the full length */
	assert_int_equal(dgram_queue_rcv_skb(&sk, mk_dgram(want, 1500, false, false)), 0);
	assert_int_equal(recv_into(&sk, got, small, 1, 0, &msg_flags), 100);
	assert_true(msg_flags & MSG_TRUNC);
	assert_memory_equal(got, want, 100);
	assert_int_equal(dgram_queue_rcv_skb(&sk, mk_dgram(want, 1500, false, false)), 0);
	assert_int_equal(recv_into(&sk, got, small, 1, MSG_TRUNC, &msg_flags), 1500);

	/* a bad checksum: -EINVAL and a drop, whole or partial read alike */
	assert_int_equal(dgram_queue_rcv_skb(&sk, mk_dgram(want, 1500, true, false)), 0);
	assert_int_equal(recv_into(&sk, got, split, 3, 0, &msg_flags), -EINVAL);
	assert_int_equal(dgram_queue_rcv_skb(&sk, mk_dgram(want, 1500, true, false)), 0);
	assert_int_equal(recv_into(&sk, got, small, 1, 0, &msg_flags), -EINVAL);
	assert_int_equal(sk.drops, 2);
	assert_true(skb_queue_empty(&sk.receive_queue));

	/* the NIC verified it: copied as is */
	assert_int_equal(dgram_queue_rcv_skb(&sk, mk_dgram(want, 1200, false, true)), 0);
	assert_int_equal(recv_into(&sk, got, split, 3, 0, &msg_flags), 1200);
	assert_memory_equal(got, want, 1200);
	assert_int_equal(recv_into(&sk, got, split, 3, 0, &msg_flags), -EAGAIN);

	/* the receive buffer is full: dropped, counted */
	dgram_sock_init(&sk, 1);
	skb = mk_dgram(want, 100, false, false);
	assert_int_equal(dgram_queue_rcv_skb(&sk, skb), -ENOMEM);
	assert_int_equal(sk.drops, 1);

	/* close() with datagrams queued frees them */
	dgram_sock_init(&sk, 64 * 1024);
	assert_int_equal(dgram_queue_rcv_skb(&sk, mk_dgram(want, 100, false, false)), 0);
	assert_int_equal(dgram_queue_rcv_skb(&sk, mk_dgram(want, 100, false, false)), 0);
	dgram_sock_destroy(&sk);
	assert_true(skb_queue_empty(&sk.receive_queue));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nmdrv_rx, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_nmdrv_forward, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_vlan_rx_tx, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_vlan_push_pop, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_tunnel, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_dgram_socket, case_setup, case_teardown),
	};
	int rc;

	nm_test_eal_init(1, NULL);
	rc = cmocka_run_group_tests_name("porting", tests, NULL, NULL);
	rte_eal_cleanup();
	return rc;
}
