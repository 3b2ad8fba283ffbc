// SPDX-License-Identifier: BSD-3-Clause
/*
 * Drives ringdrv (nm_ringdrv.c), the kernel-style driver on the device
 * layer: the harness is its hardware (each TX descriptor the doorbell
 * announced is copied into the next posted RX buffer, then the IRQ is
 * raised) and the stack above it (a packet_type handler for IPv4). It
 * checks that frames sent with dev_queue_xmit() through a ring smaller
 * than the burst come back in order and byte for byte through NAPI and
 * napi_gro_receive (the queue stops and wakes, the backlog batches with
 * xmit_more, so doorbells are fewer than frames), that a GSO skb leaves as
 * its segments (and comes back merged when lib/gro is built in), the
 * statistics, and that every skb and page went back.
 */
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/page_pool/helpers.h>

#include "../test_common.h"
#include "../test_bytes.h"
#include "ringdrv.h"

static struct nm_skb_stats st0;
static uint64_t misuse0;

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

/* ---- the hardware --------------------------------------------------- */

static u32 hw_tx_next, hw_rx_next;

/* Loops back every announced TX descriptor while RX buffers are posted. */
static void hw_run(struct ringdrv_priv *priv)
{
	bool irq = false;

	while (hw_tx_next != READ_ONCE(priv->tx_doorbell) &&
	       hw_rx_next != READ_ONCE(priv->rx_next_to_use)) {
		struct ringdrv_tx_desc *tx = &priv->tx_desc[hw_tx_next % RINGDRV_RING_SIZE];
		u32 r = hw_rx_next % RINGDRV_RING_SIZE;
		struct ringdrv_rx_desc *rx = &priv->rx_desc[r];

		memcpy((u8 *)page_address(priv->rx_page[r]) + RINGDRV_HEADROOM,
		       (const void *)(uintptr_t)tx->addr, tx->len);
		rx->len = tx->len;
		WRITE_ONCE(rx->status, RINGDRV_RX_DD);
		WRITE_ONCE(tx->status, RINGDRV_TX_DONE);
		hw_tx_next++;
		hw_rx_next++;
		irq = true;
	}
	if (irq)
		ringdrv_irq(priv);
}

/* ---- the stack above --------------------------------------------------- */

static struct sk_buff_head got;

static int ip_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		  struct net_device *orig_dev)
{
	(void)dev;
	(void)pt;
	(void)orig_dev;
	__skb_queue_tail(&got, skb);
	return NET_RX_SUCCESS;
}

static struct packet_type ip_packet_type = {
	.type = cpu_to_be16(ETH_P_IP),
	.func = ip_rcv,
};

/* Ethernet + IPv4 + UDP, @plen bytes numbered by @seq, checksums right. */
static unsigned int mk_udp(u8 *f, const struct net_device *dev, unsigned int plen, u32 seq)
{
	unsigned int ulen = 8 + plen, iplen = 20 + ulen;
	u8 *ip = f + ETH_HLEN, *udp = ip + 20;
	uint64_t s;

	memcpy(f, dev->dev_addr, ETH_ALEN);
	memcpy(f + 6, dev->dev_addr, ETH_ALEN);
	f[11] ^= 0x10;
	put16(f + 12, ETH_P_IP);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, iplen);
	put16(ip + 4, (u16)seq);
	ip[8] = 64;
	ip[9] = IPPROTO_UDP;
	put32(ip + 12, 0x0a000001);
	put32(ip + 16, 0x0a000002);
	put16(ip + 10, (u16)~ref_fold(ref_sum(ip, 20, 0)));
	put16(udp, 1000);
	put16(udp + 2, 2000);
	put16(udp + 4, ulen);
	put16(udp + 6, 0);
	put32(udp + 8, seq);
	for (unsigned int i = 4; i < plen; i++)
		udp[8 + i] = (u8)(seq + i);
	s = ref_sum(ip + 12, 8, 0) + IPPROTO_UDP + ulen;
	s = ref_sum(udp, ulen, s);
	put16(udp + 6, ref_fold(s) == 0xffff ? 0xffff : (u16)~ref_fold(s));
	return ETH_HLEN + iplen;
}

static void run_until(struct ringdrv_priv *priv, unsigned int want)
{
	for (int i = 0; i < 10000 && skb_queue_len(&got) < want; i++) {
		hw_run(priv);
		nm_napi_poll_lcore(0);
	}
}

static void test_ringdrv_loop(void **state)
{
	enum { N = 100, PLEN = 200 };
	struct net_device *dev = ringdrv_probe();
	struct ringdrv_priv *priv;
	struct rtnl_link_stats64 st;
	u8 f[512], out[512];

	(void)state;
	assert_non_null(dev);
	priv = netdev_priv(dev);
	assert_int_equal(dev_open(dev), 0);
	hw_tx_next = hw_rx_next = 0;
	skb_queue_head_init(&got);
	dev_add_pack(&ip_packet_type);

	for (u32 i = 0; i < N; i++) {
		unsigned int len = mk_udp(f, dev, PLEN, i);
		struct sk_buff *skb = netdev_alloc_skb(dev, len);

		assert_non_null(skb);
		skb_put_data(skb, f, len);
		skb->dev = dev;
		skb->protocol = cpu_to_be16(ETH_P_IP);
		assert_int_equal(dev_queue_xmit(skb), NET_XMIT_SUCCESS);
	}
	/* the ring took RINGDRV_RING_SIZE; the queue stopped; the rest waits */
	assert_true(netif_queue_stopped(dev));
	assert_int_equal(priv->tx_next_to_use, RINGDRV_RING_SIZE);
	run_until(priv, N);
	assert_int_equal(skb_queue_len(&got), N);
	for (u32 i = 0; i < N; i++) {
		struct sk_buff *skb = __skb_dequeue(&got);
		unsigned int len = mk_udp(f, dev, PLEN, i);

		assert_ptr_equal(skb->dev, dev);
		assert_int_equal(skb->pkt_type, PACKET_HOST);
		assert_int_equal(skb->len, len - ETH_HLEN);
		assert_int_equal(skb_copy_bits(skb, -ETH_HLEN, out, len), 0);
		assert_memory_equal(out, f, len);
		assert_true(skb->pp_recycle);
		consume_skb(skb);
	}
	/* backlog runs batch with xmit_more: one doorbell per batch */
	assert_true(priv->doorbells < N);
	assert_false(netif_queue_stopped(dev));
	assert_int_equal(page_pool_inflight(priv->page_pool), RINGDRV_RING_SIZE);
	dev_get_stats(dev, &st);
	assert_int_equal(st.tx_packets, N);
	assert_int_equal(st.rx_packets, N);
	assert_int_equal(st.tx_dropped + st.rx_dropped, 0);

	/* a TCP GSO skb: segmented in software (no TSO) */
	{
		enum { MSS = 500, SEGS = 3 };
		unsigned int plen = MSS * SEGS, len = ETH_HLEN + 40 + plen;
		struct sk_buff *skb = netdev_alloc_skb(dev, len);
		u8 *b = skb_put(skb, len), *ip = b + ETH_HLEN, *th = ip + 20;

		memcpy(b, f, 12);
		put16(b + 12, ETH_P_IP);
		memset(ip, 0, 40);
		ip[0] = 0x45;
		put16(ip + 2, 40 + plen);
		put16(ip + 6, 0x4000);
		ip[8] = 64;
		ip[9] = IPPROTO_TCP;
		put32(ip + 12, 0x0a000001);
		put32(ip + 16, 0x0a000002);
		put16(ip + 10, (u16)~ref_fold(ref_sum(ip, 20, 0)));
		put16(th, 3000);
		put16(th + 2, 80);
		put32(th + 4, 77);
		th[12] = 5 << 4;
		th[13] = 0x10;
		put16(th + 14, 1000);
		for (unsigned int i = 0; i < plen; i++)
			th[20 + i] = (u8)(i * 3);
		put16(th + 16, ref_fold(ref_sum(ip + 12, 8, 0) + IPPROTO_TCP + 20 + plen));
		skb->protocol = cpu_to_be16(ETH_P_IP);
		skb->dev = dev;
		skb_reset_mac_header(skb);
		skb_set_network_header(skb, ETH_HLEN);
		skb_set_transport_header(skb, ETH_HLEN + 20);
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = 16;
		skb_shinfo(skb)->gso_size = MSS;
		skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
		assert_int_equal(dev_queue_xmit(skb), NET_XMIT_SUCCESS);
		assert_int_equal(priv->tx_packets, N + SEGS);
		run_until(priv, 1);
		for (int i = 0; i < 4; i++)
			nm_napi_poll_lcore(0);
		assert_int_equal(skb_queue_len(&got), 1);	/* merged back */
		skb = __skb_dequeue(&got);
		assert_int_equal(skb->len, 40 + plen);
		assert_int_equal(skb_shinfo(skb)->gso_segs, SEGS);
		consume_skb(skb);
	}
	dev_remove_pack(&ip_packet_type);
	dev_close(dev);
	ringdrv_remove(dev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ringdrv_loop, case_setup, case_teardown),
	};
	int rc;

	nm_test_eal_init(1, NULL);
	rc = cmocka_run_group_tests_name("ringdrv", tests, NULL, NULL);
	rte_eal_cleanup();
	return rc;
}
