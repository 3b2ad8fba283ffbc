/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the Ethernet family (netmem/ether.h): the address
 * predicates and copies, ether_setup() and the hardware address setters,
 * eth_type_trans() (skb->dev, mac header, pull, pkt_type for our address,
 * broadcast, multicast and other hosts, the running kernel's answers for
 * five frames on its loopback device, the EtherType / 802.3 / 802.2
 * result, a short frame), eth_get_headlen() on IPv4, IPv6 (extension
 * headers, fragments), VLAN, QinQ, IP-in-IP, TCP options and truncated
 * frames, eth_skb_pad() on linear, cloned and nonlinear skbs, and
 * skb_eth_push()/skb_eth_pop() with CHECKSUM_COMPLETE and their refusals.
 * Expected values are the kernel's (net/ethernet/eth.c, 6.12+).
 *
 * Every case checks that every skb it made was freed and that the misuses
 * it provokes (none here) were counted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netmem/ether.h>
#include <netmem/netdevice.h>
#include <netmem/skbuff.h>
#include <netmem/vlan.h>

#include "test_l2_util.h"

static const uint8_t bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t mcast[ETH_ALEN] = { 0x01, 0x00, 0x5e, 0x01, 0x02, 0x03 };
static const uint8_t zero[ETH_ALEN];

static void dev_init(struct net_device *dev)
{
	memset(dev, 0, sizeof(*dev));
	strcpy(dev->name, "nm0");
	ether_setup(dev);
	eth_hw_addr_set(dev, mac_a);
}

/* ---------------------------------------------------------------------- */
/* Addresses                                                              */
/* ---------------------------------------------------------------------- */

static void test_addr_predicates(void **state)
{
	const uint8_t local_uc[ETH_ALEN] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	const uint8_t global_uc[ETH_ALEN] = { 0x00, 0x1b, 0x21, 0x0a, 0x0b, 0x0c };
	const uint8_t ll0[ETH_ALEN] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 };
	const uint8_t ll_f[ETH_ALEN] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0f };
	const uint8_t not_ll[ETH_ALEN] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x10 };

	(void)state;
	assert_true(is_zero_ether_addr(zero));
	assert_false(is_zero_ether_addr(global_uc));
	assert_true(is_broadcast_ether_addr(bcast));
	assert_false(is_broadcast_ether_addr(mcast));
	assert_true(is_multicast_ether_addr(bcast));
	assert_true(is_multicast_ether_addr(mcast));
	assert_true(is_multicast_ether_addr_64bits(mcast));
	assert_false(is_multicast_ether_addr(local_uc));
	assert_true(is_unicast_ether_addr(local_uc));
	assert_false(is_unicast_ether_addr(mcast));
	assert_true(is_local_ether_addr(local_uc));
	assert_false(is_local_ether_addr(global_uc));
	assert_true(is_valid_ether_addr(global_uc));
	assert_true(is_valid_ether_addr(local_uc));
	assert_false(is_valid_ether_addr(zero));
	assert_false(is_valid_ether_addr(mcast));
	assert_false(is_valid_ether_addr(bcast));
	assert_true(is_link_local_ether_addr(ll0));
	assert_true(is_link_local_ether_addr(ll_f));
	assert_false(is_link_local_ether_addr(not_ll));
	assert_false(is_link_local_ether_addr(mcast));
	assert_true(eth_proto_is_802_3(RTE_BE16(ETH_P_IP)));
	assert_true(eth_proto_is_802_3(RTE_BE16(0x0600)));
	assert_false(eth_proto_is_802_3(RTE_BE16(0x05ff)));
	assert_false(eth_proto_is_802_3(RTE_BE16(0x0000)));
	assert_misuses(0);
}

static void test_addr_copy_compare(void **state)
{
	uint8_t buf[ETH_ALEN + 3], a[ETH_ALEN], mask[ETH_ALEN];
	int i;

	(void)state;
	/* unaligned copies and comparisons */
	ether_addr_copy(buf + 1, mac_b);
	assert_memory_equal(buf + 1, mac_b, ETH_ALEN);
	assert_true(ether_addr_equal(buf + 1, mac_b));
	assert_true(ether_addr_equal_64bits(buf + 1, mac_b));
	assert_true(ether_addr_equal_unaligned(buf + 1, mac_b));
	assert_false(ether_addr_equal(mac_a, mac_b));
	assert_false(ether_addr_equal_unaligned(mac_a, mac_b));
	for (i = 0; i < ETH_ALEN; i++) {
		ether_addr_copy(a, mac_b);
		a[i] ^= 0x80;
		assert_false(ether_addr_equal(a, mac_b));
		assert_false(ether_addr_equal_64bits(a, mac_b));
	}
	memset(mask, 0xff, sizeof(mask));
	mask[5] = 0xf0;
	ether_addr_copy(a, mac_b);
	a[5] ^= 0x0f;
	assert_true(ether_addr_equal_masked(a, mac_b, mask));
	a[5] ^= 0x10;
	assert_false(ether_addr_equal_masked(a, mac_b, mask));

	eth_zero_addr(a);
	assert_memory_equal(a, zero, ETH_ALEN);
	eth_broadcast_addr(a);
	assert_memory_equal(a, bcast, ETH_ALEN);

	assert_true(ether_addr_to_u64(mac_b) == 0x02000000000bull);
	u64_to_ether_addr(0x0a0b0c0d0e0full, a);
	assert_int_equal(a[0], 0x0a);
	assert_int_equal(a[5], 0x0f);
	u64_to_ether_addr(0x0000000000ffull, a);
	eth_addr_inc(a);
	assert_true(ether_addr_to_u64(a) == 0x000000000100ull);
	eth_addr_dec(a);
	assert_true(ether_addr_to_u64(a) == 0x0000000000ffull);

	for (i = 0; i < 16; i++) {
		eth_random_addr(a);
		assert_true(is_valid_ether_addr(a));
		assert_true(is_local_ether_addr(a));
	}
	assert_misuses(0);
}

static void test_dev_setup(void **state)
{
	struct net_device dev, dev2;
	uint8_t haddr[ETH_ALEN];
	struct sk_buff *skb;
	uint8_t f[64];

	(void)state;
	dev_init(&dev);
	assert_int_equal(dev.type, 1);		/* ARPHRD_ETHER */
	assert_int_equal(dev.hard_header_len, ETH_HLEN);
	assert_int_equal(dev.mtu, 1500);
	assert_int_equal(dev.min_mtu, 68);
	assert_int_equal(dev.max_mtu, 1500);
	assert_int_equal(dev.addr_len, ETH_ALEN);
	assert_int_equal(dev.flags, 0x2 | 0x1000);	/* IFF_BROADCAST | IFF_MULTICAST */
	assert_memory_equal(dev.broadcast, bcast, ETH_ALEN);
	assert_memory_equal(dev.dev_addr, mac_a, ETH_ALEN);

	memset(&dev2, 0, sizeof(dev2));
	eth_hw_addr_inherit(&dev2, &dev);
	assert_int_equal(dev2.addr_len, ETH_ALEN);
	assert_memory_equal(dev2.dev_addr, mac_a, ETH_ALEN);
	eth_hw_addr_random(&dev2);
	assert_true(is_valid_ether_addr(dev2.dev_addr));
	assert_true(is_local_ether_addr(dev2.dev_addr));

	put_eth(f, mac_a, mac_b, ETH_P_IP);
	skb = skb_of(f, 60, 64);
	skb_reset_mac_header(skb);
	assert_int_equal(eth_header_parse(skb, haddr), ETH_ALEN);
	assert_memory_equal(haddr, mac_b, ETH_ALEN);
	assert_ptr_equal(eth_hdr(skb), skb->data);
	assert_ptr_equal(skb_eth_hdr(skb), skb->data);
	kfree_skb(skb);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* eth_type_trans                                                         */
/* ---------------------------------------------------------------------- */

/* A 60-byte frame to @dst, run through eth_type_trans(); checks the pull,
 * the mac header, skb->dev and the protocol, returns pkt_type. */
static unsigned int trans_pkt_type(struct net_device *dev, const uint8_t *dst,
				   unsigned int pkt_type_before)
{
	uint8_t f[60];
	struct sk_buff *skb;
	unsigned char *data0;
	unsigned int pt;

	memset(f, 0, sizeof(f));
	put_eth(f, dst, mac_b, ETH_P_IP);
	skb = skb_of(f, sizeof(f), 64);
	skb->pkt_type = pkt_type_before & 7;
	data0 = skb->data;
	assert_int_equal(eth_type_trans(skb, dev), RTE_BE16(ETH_P_IP));
	assert_ptr_equal(skb->dev, dev);
	assert_int_equal(skb->len, 60 - ETH_HLEN);
	assert_ptr_equal(skb->data, data0 + ETH_HLEN);
	assert_ptr_equal(skb_mac_header(skb), data0);
	assert_int_equal(skb_mac_offset(skb), -ETH_HLEN);
	assert_ptr_equal(eth_hdr(skb), data0);
	pt = skb->pkt_type;
	kfree_skb(skb);
	return pt;
}

static void test_type_trans_pkt_type(void **state)
{
	const uint8_t other[ETH_ALEN] = { 0x00, 0x1b, 0x21, 0x0a, 0x0b, 0x0c };
	struct net_device dev;

	(void)state;
	dev_init(&dev);
	assert_int_equal(trans_pkt_type(&dev, mac_a, PACKET_HOST), PACKET_HOST);
	assert_int_equal(trans_pkt_type(&dev, bcast, PACKET_HOST), PACKET_BROADCAST);
	assert_int_equal(trans_pkt_type(&dev, mcast, PACKET_HOST), PACKET_MULTICAST);
	assert_int_equal(trans_pkt_type(&dev, other, PACKET_HOST), PACKET_OTHERHOST);
	assert_int_equal(trans_pkt_type(&dev, mac_b, PACKET_HOST), PACKET_OTHERHOST);
	/* the kernel never writes PACKET_HOST: our own address keeps what was there */
	assert_int_equal(trans_pkt_type(&dev, mac_a, PACKET_LOOPBACK), PACKET_LOOPBACK);
	assert_int_equal(trans_pkt_type(&dev, other, PACKET_LOOPBACK), PACKET_OTHERHOST);

	/* broadcast is dev->broadcast: without ether_setup() it is multicast */
	memset(dev.broadcast, 0, sizeof(dev.broadcast));
	assert_int_equal(trans_pkt_type(&dev, bcast, PACKET_HOST), PACKET_MULTICAST);
	/* a multicast device address (as a bridge port may see) is "ours" */
	eth_hw_addr_set(&dev, mcast);
	assert_int_equal(trans_pkt_type(&dev, mcast, PACKET_HOST), PACKET_HOST);
	assert_misuses(0);
}

/*
 * The running kernel (6.18) asked: five frames sent on its loopback device
 * (dev_addr and broadcast 00:00:00:00:00:00; loopback_xmit() calls
 * eth_type_trans()) came back on an AF_PACKET socket with these
 * sll_pkttype values. A device set up the same way gives the same.
 */
static void test_type_trans_like_kernel_lo(void **state)
{
	static const struct {
		uint8_t dst[ETH_ALEN];
		unsigned int pkt_type;
	} oracle[] = {
		{ { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, PACKET_MULTICAST },
		{ { 0x01, 0x00, 0x5e, 0x01, 0x02, 0x03 }, PACKET_MULTICAST },
		{ { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 }, PACKET_OTHERHOST },
		{ { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }, PACKET_HOST },
		{ { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 }, PACKET_MULTICAST },
	};
	struct net_device lo;
	size_t i;

	(void)state;
	memset(&lo, 0, sizeof(lo));
	strcpy(lo.name, "lo");
	lo.addr_len = ETH_ALEN;
	for (i = 0; i < sizeof(oracle) / sizeof(oracle[0]); i++)
		assert_int_equal(trans_pkt_type(&lo, oracle[i].dst, PACKET_HOST),
				 oracle[i].pkt_type);
	assert_misuses(0);
}

/* The protocol of a frame whose type field is @type and whose payload
 * starts with @w0 (linear, or in a frag after a 14-byte head). */
static __be16 trans_proto(uint16_t type, uint16_t w0, bool nonlinear)
{
	struct net_device dev;
	uint8_t f[60];
	struct sk_buff *skb;
	__be16 proto;

	dev_init(&dev);
	memset(f, 0x42, sizeof(f));
	put_eth(f, mac_a, mac_b, type);
	wr16(f + ETH_HLEN, w0);
	skb = nonlinear ? skb_of_nonlinear(f, sizeof(f), ETH_HLEN, 64) : skb_of(f, sizeof(f), 64);
	proto = eth_type_trans(skb, &dev);
	assert_int_equal(skb->len, sizeof(f) - ETH_HLEN);
	assert_int_equal(skb->pkt_type, PACKET_HOST);
	kfree_skb(skb);
	return proto;
}

static void test_type_trans_proto(void **state)
{
	(void)state;
	assert_int_equal(trans_proto(ETH_P_IPV6, 0x6000, false), RTE_BE16(ETH_P_IPV6));
	assert_int_equal(trans_proto(ETH_P_8021Q, 0x0064, false), RTE_BE16(ETH_P_8021Q));
	assert_int_equal(trans_proto(ETH_P_ARP, 0x0001, false), RTE_BE16(ETH_P_ARP));
	assert_int_equal(trans_proto(0x0600, 0x0000, false), RTE_BE16(0x0600));
	/* lengths: raw 802.3 (IPX, 0xffff) or 802.2 LLC */
	assert_int_equal(trans_proto(46, 0xFFFF, false), RTE_BE16(ETH_P_802_3));
	assert_int_equal(trans_proto(46, 0xAAAA, false), RTE_BE16(ETH_P_802_2));
	assert_int_equal(trans_proto(0x05ff, 0xFFFE, false), RTE_BE16(ETH_P_802_2));
	assert_int_equal(trans_proto(0, 0xFFFF, false), RTE_BE16(ETH_P_802_3));
	/* the payload's first word read through the frag */
	assert_int_equal(trans_proto(46, 0xFFFF, true), RTE_BE16(ETH_P_802_3));
	assert_int_equal(trans_proto(46, 0x4242, true), RTE_BE16(ETH_P_802_2));
	assert_misuses(0);
}

static void test_type_trans_short(void **state)
{
	struct net_device dev;
	uint8_t f[ETH_HLEN];
	struct sk_buff *skb;
	unsigned char *data0;

	(void)state;
	dev_init(&dev);
	put_eth(f, bcast, mac_b, ETH_P_IP);
	/* exactly ETH_HLEN: pulled, nothing left */
	skb = skb_of(f, ETH_HLEN, 64);
	assert_int_equal(eth_type_trans(skb, &dev), RTE_BE16(ETH_P_IP));
	assert_int_equal(skb->len, 0);
	assert_int_equal(skb->pkt_type, PACKET_BROADCAST);
	kfree_skb(skb);
	/* 10 bytes: skb_pull_inline() pulls nothing, the rest happens */
	skb = skb_of(f, 10, 64);
	data0 = skb->data;
	eth_type_trans(skb, &dev);
	assert_int_equal(skb->len, 10);
	assert_ptr_equal(skb->data, data0);
	assert_ptr_equal(skb_mac_header(skb), data0);
	assert_ptr_equal(skb->dev, &dev);
	kfree_skb(skb);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* eth_get_headlen                                                        */
/* ---------------------------------------------------------------------- */

static void test_get_headlen_ipv4(void **state)
{
	struct net_device dev;
	uint8_t f[256];
	unsigned int n;

	(void)state;
	dev_init(&dev);
	/* TCP with 12 bytes of options: 14 + 20 + 32 */
	n = put_eth(f, mac_a, mac_b, ETH_P_IP);
	n += put_ipv4(f + n, 6, 0x0a000001, 0x0a000002, 5, 0x4000, 20 + 32 + 100);
	n += put_tcp(f + n, 1000, 80, 8);
	n += put_payload(f + n, 100, 1);
	assert_int_equal(eth_get_headlen(&dev, f, n), 66);
	/* the same cut inside the TCP header: doff unreadable, L4 offset */
	assert_int_equal(eth_get_headlen(&dev, f, 14 + 20 + 12), 34);
	/* cut after doff: the full header length, capped at len */
	assert_int_equal(eth_get_headlen(&dev, f, 14 + 20 + 13), 47);
	assert_int_equal(eth_get_headlen(&dev, f, 60), 60);
	/* doff below 5 counts as 20 */
	f[14 + 20 + 12] = 0x20;
	assert_int_equal(eth_get_headlen(&dev, f, n), 54);

	/* UDP, IPv4 options (ihl 6) */
	n = put_eth(f, mac_a, mac_b, ETH_P_IP);
	n += put_ipv4(f + n, 17, 0x0a000001, 0x0a000002, 6, 0, 24 + 8 + 50);
	n += put_udp(f + n, 53, 5353, 58);
	n += put_payload(f + n, 50, 2);
	assert_int_equal(eth_get_headlen(&dev, f, n), 46);

	/* ICMP; IGMP; GRE (not dissected: the L4 offset) */
	n = put_eth(f, mac_a, mac_b, ETH_P_IP);
	n += put_ipv4(f + n, 1, 0x0a000001, 0x0a000002, 5, 0, 20 + 64);
	n += put_payload(f + n, 64, 3);
	assert_int_equal(eth_get_headlen(&dev, f, n), 42);
	f[14 + 9] = 2;
	assert_int_equal(eth_get_headlen(&dev, f, n), 42);
	f[14 + 9] = 47;
	assert_int_equal(eth_get_headlen(&dev, f, n), 34);

	/* first fragment: parsed to L4 (PARSE_1ST_FRAG); a later one: L3 only */
	n = put_eth(f, mac_a, mac_b, ETH_P_IP);
	n += put_ipv4(f + n, 17, 0x0a000001, 0x0a000002, 5, 0x2000, 20 + 8 + 64);
	n += put_udp(f + n, 1, 2, 200);
	n += put_payload(f + n, 64, 4);
	assert_int_equal(eth_get_headlen(&dev, f, n), 42);
	wr16(f + 14 + 6, 0x0010);	/* offset 128 bytes, no MF */
	assert_int_equal(eth_get_headlen(&dev, f, n), 34);

	/* IP-in-IP: outer IPv4, inner IPv4 + UDP */
	n = put_eth(f, mac_a, mac_b, ETH_P_IP);
	n += put_ipv4(f + n, 4, 0x0a000001, 0x0a000002, 5, 0, 20 + 20 + 8 + 10);
	n += put_ipv4(f + n, 17, 0xc0a80001, 0xc0a80002, 5, 0, 20 + 8 + 10);
	n += put_udp(f + n, 7, 9, 18);
	n += put_payload(f + n, 10, 5);
	assert_int_equal(eth_get_headlen(&dev, f, n), 62);
	assert_misuses(0);
}

static void test_get_headlen_ipv6_vlan(void **state)
{
	struct net_device dev;
	uint8_t f[256];
	unsigned int n;

	(void)state;
	dev_init(&dev);
	/* IPv6 TCP */
	n = put_eth(f, mac_a, mac_b, ETH_P_IPV6);
	n += put_ipv6(f + n, 6, 1, 2, 0x12345, 20 + 30);
	n += put_tcp(f + n, 1000, 80, 5);
	n += put_payload(f + n, 30, 6);
	assert_int_equal(eth_get_headlen(&dev, f, n), 74);

	/* IPv6, hop-by-hop (8 bytes) then destination options (16), UDP */
	n = put_eth(f, mac_a, mac_b, ETH_P_IPV6);
	n += put_ipv6(f + n, 0, 1, 2, 0, 8 + 16 + 8 + 20);
	memset(f + n, 0, 8);
	f[n] = 60;
	f[n + 1] = 0;
	n += 8;
	memset(f + n, 0, 16);
	f[n] = 17;
	f[n + 1] = 1;
	n += 16;
	n += put_udp(f + n, 1, 2, 28);
	n += put_payload(f + n, 20, 7);
	assert_int_equal(eth_get_headlen(&dev, f, n), 14 + 40 + 8 + 16 + 8);

	/* IPv6 fragment header, first fragment, TCP; then a later fragment */
	n = put_eth(f, mac_a, mac_b, ETH_P_IPV6);
	n += put_ipv6(f + n, 44, 1, 2, 0, 8 + 20 + 16);
	memset(f + n, 0, 8);
	f[n] = 6;
	wr16(f + n + 2, 0x0001);	/* offset 0, M */
	n += 8;
	n += put_tcp(f + n, 5, 6, 5);
	n += put_payload(f + n, 16, 8);
	assert_int_equal(eth_get_headlen(&dev, f, n), 14 + 40 + 8 + 20);
	wr16(f + 14 + 40 + 2, 0x0100);	/* offset 32 */
	assert_int_equal(eth_get_headlen(&dev, f, n), 14 + 40 + 8);

	/* 802.1Q then IPv4 UDP; QinQ (802.1ad outside) */
	n = put_eth(f, mac_a, mac_b, ETH_P_8021Q);
	n += put_tag(f + n, 100, ETH_P_IP);
	n += put_ipv4(f + n, 17, 0x0a000001, 0x0a000002, 5, 0, 28);
	n += put_udp(f + n, 1, 2, 8);
	assert_int_equal(eth_get_headlen(&dev, f, n), 46);
	n = put_eth(f, mac_a, mac_b, ETH_P_8021AD);
	n += put_tag(f + n, 10, ETH_P_8021Q);
	n += put_tag(f + n, 20, ETH_P_IPV6);
	n += put_ipv6(f + n, 17, 1, 2, 0, 8);
	n += put_udp(f + n, 1, 2, 8);
	assert_int_equal(eth_get_headlen(&dev, f, n), 14 + 8 + 40 + 8);

	/* what does not parse: ARP (14), a cut IPv4 header (14), ihl < 5 (14),
	 * a cut tag (18), fewer than 14 bytes (len) */
	n = put_eth(f, mac_a, mac_b, ETH_P_ARP);
	n += put_payload(f + n, 28, 9);
	assert_int_equal(eth_get_headlen(&dev, f, n), 14);
	n = put_eth(f, mac_a, mac_b, ETH_P_IP);
	n += put_ipv4(f + n, 17, 1, 2, 5, 0, 28);
	assert_int_equal(eth_get_headlen(&dev, f, 14 + 19), 14);
	f[14] = 0x44;
	assert_int_equal(eth_get_headlen(&dev, f, n), 14);
	n = put_eth(f, mac_a, mac_b, ETH_P_8021Q);
	n += put_tag(f + n, 100, ETH_P_IP);
	assert_int_equal(eth_get_headlen(&dev, f, n + 10), 18);
	assert_int_equal(eth_get_headlen(&dev, f, 16), 14);
	assert_int_equal(eth_get_headlen(&dev, f, 13), 13);
	assert_int_equal(eth_get_headlen(&dev, f, 0), 0);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* eth_skb_pad                                                            */
/* ---------------------------------------------------------------------- */

static void test_skb_pad(void **state)
{
	uint8_t f[80], z[ETH_ZLEN];
	struct sk_buff *skb, *clone;
	unsigned char *head0;

	(void)state;
	memset(z, 0, sizeof(z));
	put_payload(f, sizeof(f), 11);

	/* linear with tailroom: zeros appended in place */
	skb = skb_of(f, 42, 64);
	memset(skb->data + 42, 0xee, 18);	/* stale bytes in the tailroom */
	head0 = skb->head;
	assert_int_equal(eth_skb_pad(skb), 0);
	assert_int_equal(skb->len, ETH_ZLEN);
	assert_ptr_equal(skb->head, head0);
	assert_memory_equal(skb->data, f, 42);
	assert_memory_equal(skb->data + 42, z, 18);
	kfree_skb(skb);

	/* long enough: nothing */
	skb = skb_of(f, ETH_ZLEN, 64);
	assert_int_equal(eth_skb_pad(skb), 0);
	assert_int_equal(skb->len, ETH_ZLEN);
	kfree_skb(skb);
	skb = skb_of(f, 80, 64);
	assert_int_equal(eth_skb_pad(skb), 0);
	assert_int_equal(skb->len, 80);
	kfree_skb(skb);

	/* cloned: a private head first, the clone keeps the old bytes */
	skb = skb_of(f, 30, 64);
	memset(skb->data + 30, 0xee, 30);
	clone = skb_clone(skb, GFP);
	assert_non_null(clone);
	head0 = skb->head;
	assert_int_equal(eth_skb_pad(skb), 0);
	assert_ptr_not_equal(skb->head, head0);
	assert_false(skb_cloned(skb));
	assert_int_equal(skb->len, ETH_ZLEN);
	assert_memory_equal(skb->data, f, 30);
	assert_memory_equal(skb->data + 30, z, 30);
	assert_ptr_equal(clone->head, head0);
	assert_int_equal(clone->len, 30);
	assert_int_equal(clone->data[30], 0xee);
	kfree_skb(clone);
	kfree_skb(skb);

	/* nonlinear: linearized, then padded */
	skb = skb_of_nonlinear(f, 34, 14, 64);
	assert_int_equal(skb->data_len, 20);
	assert_int_equal(eth_skb_pad(skb), 0);
	assert_int_equal(skb->len, ETH_ZLEN);
	assert_int_equal(skb->data_len, 0);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 0);
	assert_memory_equal(skb->data, f, 34);
	assert_memory_equal(skb->data + 34, z, 26);
	kfree_skb(skb);

	/* empty */
	skb = alloc_skb(128, GFP);
	assert_int_equal(eth_skb_pad(skb), 0);
	assert_int_equal(skb->len, ETH_ZLEN);
	assert_memory_equal(skb->data, z, ETH_ZLEN);
	kfree_skb(skb);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* skb_eth_push / skb_eth_pop                                             */
/* ---------------------------------------------------------------------- */

static __sum16 fold_of(const struct sk_buff *skb)
{
	return csum_fold(skb_checksum(skb, 0, (int)skb->len, 0));
}

static void test_eth_push_pop(void **state)
{
	uint8_t f[128];
	struct sk_buff *skb;
	unsigned int n;
	__sum16 l3sum;

	(void)state;
	n = put_ipv4(f, 17, 0x0a000001, 0x0a000002, 5, 0, 20 + 8 + 33);
	n += put_udp(f + n, 1, 2, 41);
	n += put_payload(f + n, 33, 12);	/* odd length */

	skb = skb_of(f, n, 32);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, 20);
	skb->protocol = RTE_BE16(ETH_P_IP);
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = csum_partial(skb->data, (int)skb->len, 0);
	l3sum = fold_of(skb);

	assert_int_equal(skb_eth_push(skb, mac_b, mac_a), 0);
	assert_int_equal(skb->len, n + ETH_HLEN);
	assert_int_equal(skb_headroom(skb), 32 - ETH_HLEN);
	assert_int_equal(skb_mac_offset(skb), 0);
	assert_int_equal(skb->mac_len, ETH_HLEN);
	assert_int_equal(skb_network_offset(skb), ETH_HLEN);
	assert_memory_equal(skb->data, mac_b, ETH_ALEN);
	assert_memory_equal(skb->data + ETH_ALEN, mac_a, ETH_ALEN);
	assert_int_equal(rd16(skb->data + 12), ETH_P_IP);
	assert_memory_equal(skb->data + ETH_HLEN, f, n);
	assert_int_equal(csum_fold(skb->csum), fold_of(skb));
	assert_int_not_equal(fold_of(skb), l3sum);

	/* pushing again: data is at the mac header, not the network header */
	assert_int_equal(skb_eth_push(skb, mac_b, mac_a), -EPROTO);

	assert_int_equal(skb_eth_pop(skb), 0);
	assert_int_equal(skb->len, n);
	assert_int_equal(skb_mac_offset(skb), 0);
	assert_int_equal(skb_network_offset(skb), 0);
	assert_int_equal(skb->mac_len, 0);
	assert_int_equal(csum_fold(skb->csum), l3sum);
	assert_memory_equal(skb->data, f, n);

	/* popping again: the network header is at data */
	assert_int_equal(skb_eth_pop(skb), -EPROTO);
	assert_int_equal(skb->len, n);

	/* a held VLAN tag refuses both */
	__vlan_hwaccel_put_tag(skb, RTE_BE16(ETH_P_8021Q), 7);
	assert_int_equal(skb_eth_push(skb, mac_b, mac_a), -EPROTO);
	__vlan_hwaccel_clear_tag(skb);
	kfree_skb(skb);

	/* no headroom: the head grows */
	skb = skb_of(f, n, 0);
	skb_reset_network_header(skb);
	skb->protocol = RTE_BE16(ETH_P_IP);
	assert_int_equal(skb_eth_push(skb, mac_b, mac_a), 0);
	assert_int_equal(skb->len, n + ETH_HLEN);
	assert_memory_equal(skb->data + ETH_HLEN, f, n);
	assert_int_equal(rd16(skb->data + 12), ETH_P_IP);
	/* a frame whose skb->protocol is a VLAN TPID: pop refuses */
	skb->protocol = RTE_BE16(ETH_P_8021Q);
	assert_int_equal(skb_eth_pop(skb), -EPROTO);
	kfree_skb(skb);

	/* shorter than ETH_HLEN: -EPROTO */
	skb = skb_of(f, 10, 16);
	skb_set_network_header(skb, 10);
	assert_int_equal(skb_eth_pop(skb), -EPROTO);
	kfree_skb(skb);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_addr_predicates, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_addr_copy_compare, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_dev_setup, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_type_trans_pkt_type, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_type_trans_like_kernel_lo, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_type_trans_proto, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_type_trans_short, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_get_headlen_ipv4, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_get_headlen_ipv6_vlan, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_skb_pad, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_eth_push_pop, skb_case_setup, skb_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("eth", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
