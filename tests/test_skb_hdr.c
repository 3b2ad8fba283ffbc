/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the header accessors (netmem/ip.h, netmem/skb_headers.h),
 * written the kernel's way: the protocol headers come from the kernel
 * include tree (<linux/ip.h>, <linux/ipv6.h>, <linux/tcp.h>, <linux/udp.h>,
 * <linux/icmp.h>, <linux/icmpv6.h>, <net/checksum.h>, <net/ip6_checksum.h>,
 * and <net/ip.h>/<net/ipv6.h> once the tree has <linux/skbuff.h>), and
 * DPDK's <rte_ip.h> is included after them on purpose: both must compile
 * together.
 *
 * Covered: ip_hdr, ip_hdrlen, iph_totlen (BIG TCP included), skb_ip_totlen,
 * iph_set_totlen, ip_transport_len, ip_is_fragment, ip_send_check, ipv6_hdr,
 * ipv6_transport_len, ipv6_addr_equal/any, ipv6_has_hopopt_jumbo on a
 * 68 KB skb, tcp_hdr, tcp_hdrlen, tcp_optlen, skb_tcp_all_headers, udp_hdr,
 * icmp_hdr, icmp6_hdr; the inner headers of a VXLAN-like packet
 * (skb_set/reset_inner_mac/network/transport_header, skb_inner_*_offset,
 * inner_ip_hdr, inner_ipv6_hdr, inner_tcp_hdr, inner_udp_hdr,
 * skb_inner_tcp_all_headers), skb_set_inner_protocol/ipproto, and
 * skb_mac_header_len, skb_mac_header_rebuild(_full) after a decapsulation;
 * the uapi structs' layout against DPDK's; and a UDP tunnel written the
 * kernel's way (skb_cow_head, skb_push, inner headers, ip_send_check,
 * csum_tcpudp_magic on transmit; skb_pull_rcsum, skb_checksum_init and
 * skb_checksum_complete on receive), checked on the wire by the reference
 * sum, with the device's CHECKSUM_COMPLETE sum kept right through every pull.
 *
 * Every case checks that the misuses it provokes (and only those) were
 * counted, and that every skb it made was freed.
 */
#define _GNU_SOURCE
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#if __has_include(<linux/skbuff.h>)
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ipv6.h>
#endif

#include <arpa/inet.h>
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include <netmem/netmem.h>
#include <netmem/page_pool/types.h>
#include <netmem/skb_csum.h>
#include <netmem/skbuff.h>

#include "test_bytes.h"
#include "test_common.h"
#include "test_skb_case.h"

#define GFP		(GFP_ATOMIC | __GFP_NOWARN)
#define HEADROOM	(64 + 2)	/* NET_IP_ALIGN 2: the IP header 4-byte aligned */

/* An skb holding @len bytes of @frame, data at its start (the mac header)
 * @headroom bytes into the head. */
static struct sk_buff *skb_of_at(const uint8_t *frame, unsigned int len, unsigned int headroom)
{
	struct sk_buff *skb = alloc_skb(headroom + len + 64, GFP);

	assert_non_null(skb);
	skb_reserve(skb, (int)headroom);
	assert_non_null(skb_put_data(skb, frame, len));
	skb_reset_mac_header(skb);
	skb->mac_len = 14;
	return skb;
}

static struct sk_buff *skb_of(const uint8_t *frame, unsigned int len)
{
	return skb_of_at(frame, len, HEADROOM);
}

static void eth(uint8_t *p, uint16_t type)
{
	static const uint8_t addrs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };

	memcpy(p, addrs, 12);
	put16(p + 12, type);
}

static void ipv4(uint8_t *p, unsigned int ihl, uint8_t proto, unsigned int totlen)
{
	memset(p, 0, ihl * 4);
	p[0] = (uint8_t)(0x40 | ihl);
	put16(p + 2, (uint16_t)totlen);
	put16(p + 4, 0x1234);
	put16(p + 6, 0x4000);
	p[8] = 64;
	p[9] = proto;
	put32(p + 12, 0xc0000201);
	put32(p + 16, 0xc6336407);
	for (unsigned int i = 20; i < ihl * 4; i++)
		p[i] = 1;	/* NOP options */
}

static void ipv6(uint8_t *p, uint8_t nexthdr, unsigned int paylen, uint8_t last)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	put16(p + 4, (uint16_t)paylen);
	p[6] = nexthdr;
	p[7] = 64;
	p[8] = 0x20;
	p[9] = 0x01;
	p[23] = 1;
	p[24] = 0x20;
	p[25] = 0x01;
	p[39] = last;
}

static void tcp(uint8_t *p, unsigned int doff)
{
	memset(p, 0, doff * 4);
	put16(p, 40000);
	put16(p + 2, 443);
	put32(p + 4, 1000);
	p[12] = (uint8_t)(doff << 4);
	p[13] = 0x80 | 0x40 | 0x10;	/* CWR, ECE, ACK */
	put16(p + 14, 512);
	for (unsigned int i = 20; i < doff * 4; i++)
		p[i] = 1;
}

/* ---------------------------------------------------------------------- */

static void test_layout(void **state)
{
	(void)state;
	/* the uapi structs, laid out as DPDK's */
	assert_int_equal(sizeof(struct iphdr), sizeof(struct rte_ipv4_hdr));
	assert_int_equal(offsetof(struct iphdr, tot_len), offsetof(struct rte_ipv4_hdr, total_length));
	assert_int_equal(offsetof(struct iphdr, check), offsetof(struct rte_ipv4_hdr, hdr_checksum));
	assert_int_equal(offsetof(struct iphdr, saddr), offsetof(struct rte_ipv4_hdr, src_addr));
	assert_int_equal(offsetof(struct iphdr, daddr), offsetof(struct rte_ipv4_hdr, dst_addr));
	assert_int_equal(sizeof(struct ipv6hdr), sizeof(struct rte_ipv6_hdr));
	assert_int_equal(offsetof(struct ipv6hdr, saddr), offsetof(struct rte_ipv6_hdr, src_addr));
	assert_int_equal(sizeof(struct tcphdr), sizeof(struct rte_tcp_hdr));
	assert_int_equal(offsetof(struct tcphdr, check), offsetof(struct rte_tcp_hdr, cksum));
	assert_int_equal(offsetof(struct tcphdr, window), offsetof(struct rte_tcp_hdr, rx_win));
	assert_int_equal(sizeof(struct udphdr), sizeof(struct rte_udp_hdr));
	assert_int_equal(offsetof(struct udphdr, check), offsetof(struct rte_udp_hdr, dgram_cksum));
	assert_int_equal(offsetof(struct icmphdr, checksum), offsetof(struct rte_icmp_hdr, icmp_cksum));
	assert_int_equal(sizeof(struct icmp6hdr), 8);
	/* uapi first: the kernel's addrs group is there */
	assert_int_equal(offsetof(struct iphdr, addrs), offsetof(struct iphdr, saddr));
	assert_int_equal(sizeof(((struct iphdr *)0)->addrs), 8);
	assert_misuses(0);
}

static void test_ipv4_tcp(void **state)
{
	uint8_t f[14 + 24 + 32 + 45];
	struct sk_buff *skb;
	struct iphdr *iph;
	struct tcphdr *th;

	(void)state;
	eth(f, 0x0800);
	ipv4(f + 14, 6, IPPROTO_TCP, 24 + 32 + 45);
	tcp(f + 38, 8);
	memset(f + 70, 0xab, 45);
	skb = skb_of(f, sizeof(f));
	skb_set_network_header(skb, 14);
	iph = ip_hdr(skb);
	assert_ptr_equal(iph, skb->data + 14);
	assert_int_equal(iph->version, 4);
	assert_int_equal(ip_hdrlen(skb), 24);
	skb_set_transport_header(skb, 14 + (int)ip_hdrlen(skb));
	th = tcp_hdr(skb);
	assert_ptr_equal(th, skb->data + 38);
	assert_int_equal(rte_be_to_cpu_16(th->dest), 443);
	assert_int_equal(th->cwr, 1);
	assert_int_equal(th->ece, 1);
	assert_int_equal(th->ack, 1);
	assert_int_equal(th->syn, 0);
	assert_int_equal(tcp_hdrlen(skb), 32);
	assert_int_equal(__tcp_hdrlen(th), 32);
	assert_int_equal(tcp_optlen(skb), 12);
	assert_int_equal(skb_tcp_all_headers(skb), 70);
	assert_int_equal(skb_network_header_len(skb), 24);
	assert_int_equal(ip_transport_len(skb), 32 + 45);
	assert_int_equal(iph_totlen(skb, iph), 24 + 32 + 45);
	assert_int_equal(skb_ip_totlen(skb), 24 + 32 + 45);
	assert_int_equal(iph->addrs.saddr, iph->saddr);
	assert_false(ip_is_fragment(iph));

	/* the header checksum, recomputed after a TTL change */
	iph->ttl = 63;
	ip_send_check(iph);
	assert_int_equal(ip_fast_csum(iph, iph->ihl), 0);
	{
		uint8_t h[24];

		memcpy(h, skb->data + 14, sizeof(h));
		assert_int_equal(h[8], 63);
		h[10] = h[11] = 0;
		assert_int_equal(be16(skb->data + 24), (uint16_t)~ref_fold(ref_sum(h, 24, 0)));
	}

	/* BIG TCP: tot_len 0 on a TCP GSO skb means "the rest of the skb" */
	iph_set_totlen(iph, 70000);
	assert_int_equal(iph->tot_len, 0);
	assert_int_equal(iph_totlen(skb, iph), 0);	/* not GSO: 0 is 0 */
	skb_shinfo(skb)->gso_size = 1000;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	assert_int_equal(iph_totlen(skb, iph), sizeof(f) - 14);
	skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
	assert_int_equal(iph_totlen(skb, iph), 0);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	iph_set_totlen(iph, 65535);
	assert_int_equal(be16(skb->data + 16), 65535);

	/* fragments: MF or an offset */
	iph->frag_off = rte_cpu_to_be_16(0x2000);
	assert_true(ip_is_fragment(iph));
	iph->frag_off = rte_cpu_to_be_16(0x4000 | 185);
	assert_true(ip_is_fragment(iph));
	iph->frag_off = rte_cpu_to_be_16(0x4000);
	assert_false(ip_is_fragment(iph));

	/* the same bytes as UDP and ICMP */
	assert_ptr_equal(udp_hdr(skb), skb->data + 38);
	assert_int_equal(rte_be_to_cpu_16(udp_hdr(skb)->source), 40000);
	assert_ptr_equal(icmp_hdr(skb), skb->data + 38);
	assert_ptr_equal(ipip_hdr(skb), skb->data + 38);

	/* offsets stay put when data moves */
	__skb_pull(skb, 14);
	assert_int_equal(skb_network_offset(skb), 0);
	assert_int_equal(skb_tcp_all_headers(skb), 56);
	assert_ptr_equal(ip_hdr(skb), iph);
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_ipv6(void **state)
{
	uint8_t f[14 + 40 + 8 + 20];
	struct in6_addr a, b;
	struct ipv6hdr *ip6;
	struct sk_buff *skb;

	(void)state;
	eth(f, 0x86dd);
	ipv6(f + 14, IPPROTO_ICMPV6, 28, 2);
	memset(f + 54, 0, 28);
	f[54] = 128;	/* echo request */
	skb = skb_of(f, sizeof(f));
	skb->protocol = rte_cpu_to_be_16(0x86dd);
	skb_set_network_header(skb, 14);
	skb_set_transport_header(skb, 54);
	ip6 = ipv6_hdr(skb);
	assert_ptr_equal(ip6, skb->data + 14);
	assert_int_equal(ip6->version, 6);
	assert_int_equal(ip6->nexthdr, IPPROTO_ICMPV6);
	assert_int_equal(ipv6_transport_len(skb), 28);
	assert_ptr_equal(icmp6_hdr(skb), skb->data + 54);
	assert_int_equal(icmp6_hdr(skb)->icmp6_type, 128);
	assert_ptr_equal(ipipv6_hdr(skb), skb->data + 54);
	assert_int_equal(ipv6_has_hopopt_jumbo(skb), 0);

	assert_false(ipv6_addr_equal(&ip6->saddr, &ip6->daddr));
	memcpy(&a, &ip6->saddr, sizeof(a));
	assert_true(ipv6_addr_equal(&a, &ip6->saddr));
	a.s6_addr[15] ^= 1;
	assert_false(ipv6_addr_equal(&a, &ip6->saddr));
	memset(&b, 0, sizeof(b));
	assert_true(ipv6_addr_any(&b));
	b.s6_addr[0] = 0x80;
	assert_false(ipv6_addr_any(&b));
	assert_false(ipv6_addr_any(&ip6->daddr));
	kfree_skb(skb);
	assert_misuses(0);
}

/* A BIG TCP IPv6 packet (> 64 KiB) with the Hop-by-Hop jumbo option. */
static void test_ipv6_jumbo(void **state)
{
	uint8_t f[14 + 40 + 8 + 20];
	struct page *pages[MAX_SKB_FRAGS];
	struct sk_buff *skb;

	(void)state;
	eth(f, 0x86dd);
	ipv6(f + 14, NEXTHDR_HOP, 0, 2);
	memset(f + 54, 0, 8);
	f[54] = IPPROTO_TCP;
	f[56] = IPV6_TLV_JUMBO;
	f[57] = 4;
	tcp(f + 62, 5);
	skb = skb_of(f, sizeof(f));
	skb->protocol = rte_cpu_to_be_16(0x86dd);
	skb_set_network_header(skb, 14);
	skb_set_transport_header(skb, 62);
	for (int i = 0; i < MAX_SKB_FRAGS; i++) {
		pages[i] = alloc_page(GFP);
		assert_non_null(pages[i]);
		skb_add_rx_frag(skb, i, pages[i], 0, 4000, 4096);
	}
	assert_true(skb->len > 65536);
	assert_int_equal(ipv6_has_hopopt_jumbo(skb), IPPROTO_TCP);
	assert_int_equal(skb_network_header_len(skb), 48);
	skb->data[56] = 5;	/* another option: not the jumbo one */
	assert_int_equal(ipv6_has_hopopt_jumbo(skb), 0);
	skb->data[56] = IPV6_TLV_JUMBO;
	skb->protocol = rte_cpu_to_be_16(0x0800);
	assert_int_equal(ipv6_has_hopopt_jumbo(skb), 0);
	kfree_skb(skb);
	assert_misuses(0);
}

/* outer Ethernet / IPv4 / UDP / VXLAN, inner Ethernet / IPv6 / TCP */
static void test_inner_headers(void **state)
{
	uint8_t f[14 + 20 + 8 + 8 + 14 + 40 + 20 + 10];
	struct sk_buff *skb;

	(void)state;
	eth(f, 0x0800);
	ipv4(f + 14, 5, IPPROTO_UDP, sizeof(f) - 14);
	memset(f + 34, 0, 16);
	put16(f + 34, 49152);
	put16(f + 36, 4789);
	put16(f + 38, (uint16_t)(sizeof(f) - 34));
	f[42] = 0x08;		/* VXLAN: VNI valid */
	eth(f + 50, 0x86dd);
	ipv6(f + 64, IPPROTO_TCP, 30, 9);
	tcp(f + 104, 5);
	memset(f + 124, 0xcd, 10);
	/* the inner headers are the ones read here: align them (64 bytes in) */
	skb = skb_of_at(f, sizeof(f), 64);
	skb_set_network_header(skb, 14);
	skb_set_transport_header(skb, 34);

	skb_set_inner_mac_header(skb, 50);
	skb_set_inner_network_header(skb, 64);
	skb_set_inner_transport_header(skb, 104);
	skb->encapsulation = 1;
	assert_ptr_equal(skb_inner_mac_header(skb), skb->data + 50);
	assert_int_equal(skb_inner_mac_offset(skb), 50);
	assert_int_equal(skb_inner_network_offset(skb), 64);
	assert_int_equal(skb_inner_transport_offset(skb), 104);
	assert_int_equal(skb_inner_network_header_len(skb), 40);
	assert_int_equal(skb->inner_mac_header, skb_headroom(skb) + 50);
	assert_ptr_equal(inner_ipv6_hdr(skb), skb->data + 64);
	assert_int_equal(inner_ipv6_hdr(skb)->nexthdr, IPPROTO_TCP);
	assert_int_equal(inner_ipv6_hdr(skb)->daddr.s6_addr[15], 9);
	assert_ptr_equal(inner_tcp_hdr(skb), skb->data + 104);
	assert_int_equal(rte_be_to_cpu_16(inner_tcp_hdr(skb)->dest), 443);
	assert_int_equal(inner_tcp_hdrlen(skb), 20);
	assert_int_equal(skb_inner_tcp_all_headers(skb), 124);
	assert_ptr_equal(inner_udp_hdr(skb), skb->data + 104);
	assert_ptr_equal(inner_ip_hdr(skb), skb->data + 64);
	assert_ptr_equal(udp_hdr(skb), skb->data + 34);
	assert_int_equal(rte_be_to_cpu_16(udp_hdr(skb)->dest), 4789);

	/* relative offsets follow the data; the headers stay */
	__skb_pull(skb, 50);
	assert_int_equal(skb_inner_mac_offset(skb), 0);
	assert_int_equal(skb_inner_network_offset(skb), 14);
	assert_int_equal(skb_inner_transport_offset(skb), 54);
	assert_int_equal(skb_network_offset(skb), -36);
	/* reset at the data; set with a negative offset (in the headroom) */
	skb_reset_inner_mac_header(skb);
	assert_int_equal(skb_inner_mac_offset(skb), 0);
	__skb_pull(skb, 14);
	skb_reset_inner_network_header(skb);
	assert_int_equal(skb_inner_network_offset(skb), 0);
	skb_reset_inner_transport_header(skb);
	assert_int_equal(skb_inner_transport_offset(skb), 0);
	skb_set_inner_transport_header(skb, 40);
	assert_int_equal(skb_inner_transport_offset(skb), 40);
	skb_set_inner_mac_header(skb, -14);
	assert_int_equal(skb_inner_mac_offset(skb), -14);
	assert_int_equal(skb->inner_mac_header, skb_headroom(skb) - 14);

	/* skb_reset_inner_headers(): the outer ones become the inner ones */
	skb_reset_inner_headers(skb);
	assert_int_equal(skb->inner_network_header, skb->network_header);
	assert_ptr_equal(inner_ip_hdr(skb), ip_hdr(skb));
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_inner_protocol(void **state)
{
	uint8_t f[64];
	struct sk_buff *skb;

	(void)state;
	memset(f, 0, sizeof(f));
	skb = skb_of(f, sizeof(f));
	assert_int_equal(skb->inner_protocol_type, ENCAP_TYPE_ETHER);
	skb_set_inner_protocol(skb, rte_cpu_to_be_16(0x6558));	/* ETH_P_TEB */
	assert_int_equal(skb->inner_protocol, rte_cpu_to_be_16(0x6558));
	assert_int_equal(skb->inner_protocol_type, ENCAP_TYPE_ETHER);
	skb_set_inner_ipproto(skb, IPPROTO_IPIP);
	assert_int_equal(skb->inner_ipproto, IPPROTO_IPIP);
	assert_int_equal(skb->inner_protocol_type, ENCAP_TYPE_IPPROTO);
	/* one field, two meanings: the IP protocol is its first byte */
	assert_int_equal(((const uint8_t *)&skb->inner_protocol)[0], IPPROTO_IPIP);
	assert_int_equal(ENCAP_TYPE_IPPROTO, 1);
	skb_set_inner_protocol(skb, rte_cpu_to_be_16(0x0800));
	assert_int_equal(skb->inner_protocol_type, ENCAP_TYPE_ETHER);
	assert_int_equal(skb->inner_protocol, rte_cpu_to_be_16(0x0800));
	kfree_skb(skb);
	assert_misuses(0);
}

/* IP-in-IP decapsulation: the mac header follows the inner packet. */
static void test_mac_header_rebuild(void **state)
{
	uint8_t f[14 + 20 + 20 + 8 + 6];
	uint8_t before[sizeof(f) + HEADROOM];
	struct sk_buff *skb;
	unsigned char *inner;

	(void)state;
	eth(f, 0x0800);
	ipv4(f + 14, 5, IPPROTO_IPIP, sizeof(f) - 14);
	ipv4(f + 34, 5, IPPROTO_UDP, sizeof(f) - 34);
	memset(f + 54, 0x77, 14);
	skb = skb_of(f, sizeof(f));
	skb_set_network_header(skb, 14);
	assert_int_equal(skb_mac_header_len(skb), 14);
	skb_set_network_header(skb, 18);
	assert_int_equal(skb_mac_header_len(skb), 18);

	/* receive: data at the outer IP header; decap: pull it */
	skb_reset_mac_header(skb);
	__skb_pull(skb, 14);
	skb_reset_network_header(skb);
	inner = __skb_pull(skb, 20);
	skb_reset_network_header(skb);
	assert_ptr_equal(inner, skb->data);
	assert_int_equal(skb_mac_offset(skb), -34);
	skb_mac_header_rebuild(skb);
	assert_int_equal(skb_mac_offset(skb), -14);
	assert_memory_equal(skb_mac_header(skb), f, 14);
	assert_memory_equal(skb->data, f + 34, sizeof(f) - 34);
	assert_int_equal(skb_mac_header_len(skb), 14);
	assert_int_equal(skb->len, sizeof(f) - 34);

	/* no mac header: nothing moves */
	skb_unset_mac_header(skb);
	memcpy(before, skb->head, sizeof(before));
	skb_mac_header_rebuild(skb);
	assert_memory_equal(skb->head, before, sizeof(before));
	assert_false(skb_mac_header_was_set(skb));
	/* and its length is a kernel DEBUG_NET warning: a counted misuse */
	(void)skb_mac_header_len(skb);
	assert_misuses(1);
	kfree_skb(skb);
}

/* A VLAN-tagged frame decapsulated: the 18-byte mac header moves whole. */
static void test_mac_header_rebuild_full(void **state)
{
	uint8_t f[18 + 20 + 20 + 8];
	struct sk_buff *skb;
	unsigned char *old_data;

	(void)state;
	eth(f, 0x8100);
	put16(f + 14, 100);	/* TCI */
	put16(f + 16, 0x0800);
	ipv4(f + 18, 5, IPPROTO_IPIP, sizeof(f) - 18);
	ipv4(f + 38, 5, IPPROTO_UDP, sizeof(f) - 38);
	memset(f + 58, 0x11, 8);
	skb = skb_of(f, sizeof(f));
	skb->mac_len = 14;	/* the tag is counted outside mac_len */
	__skb_pull(skb, 18 + 20);
	skb_reset_network_header(skb);
	old_data = skb->data;
	skb_mac_header_rebuild_full(skb, 18);
	assert_ptr_equal(skb_mac_header(skb), old_data - 18);
	assert_memory_equal(skb_mac_header(skb), f, 18);
	/* data is left mac_len into the moved header: the tag is in the data */
	assert_ptr_equal(skb->data, old_data - 4);
	assert_int_equal(skb->len, sizeof(f) - 38 + 4);
	assert_memory_equal(skb->data, f + 14, 4);
	assert_memory_equal(old_data, f + 38, sizeof(f) - 38);
	kfree_skb(skb);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* A UDP tunnel, kernel-style: encapsulation and decapsulation            */
/* ---------------------------------------------------------------------- */

#define TNL_PORT	4789
/* A 10-byte tunnel header: both IPv4 headers then sit at the same 4-byte
 * alignment (VXLAN's 8 bytes leave the inner one 2 bytes off, which x86
 * takes but UBSan reports). */
#define TNL_HDR		10
#define TNL_HLEN	(ETH_HLEN + sizeof(struct iphdr) + sizeof(struct udphdr) + TNL_HDR)

static const __be32 tnl_src = 0x0100000a;	/* 10.0.0.1, network order */
static const __be32 tnl_dst = 0x0200000a;	/* 10.0.0.2 */

/* Wraps the Ethernet frame in @skb in Ethernet/IPv4/UDP/tunnel headers,
 * as a VXLAN-like driver's xmit would. */
static int tnl_xmit(struct sk_buff *skb)
{
	struct udphdr *uh;
	struct iphdr *iph;
	struct ethhdr *eh;
	unsigned char *th;
	int err;

	err = skb_cow_head(skb, TNL_HLEN);
	if (err)
		return err;
	skb_reset_inner_headers(skb);
	skb_set_inner_protocol(skb, htons(ETH_P_TEB));
	skb->encapsulation = 1;

	th = skb_push(skb, TNL_HDR);
	memset(th, 0, TNL_HDR);
	th[0] = 0x08;
	uh = skb_push(skb, sizeof(*uh));
	skb_reset_transport_header(skb);
	uh->source = htons(49152);
	uh->dest = htons(TNL_PORT);
	uh->len = htons(skb->len);
	uh->check = 0;
	uh->check = csum_tcpudp_magic(tnl_src, tnl_dst, skb->len, IPPROTO_UDP,
				      csum_partial(uh, skb->len, 0));
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;

	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) >> 2;
	iph->tos = 0;
	iph_set_totlen(iph, skb->len);
	iph->id = htons(7);
	iph->frag_off = htons(IP_DF);
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = tnl_src;
	iph->daddr = tnl_dst;
	ip_send_check(iph);

	eh = skb_push(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	memset(eh->h_dest, 0x22, ETH_ALEN);
	memset(eh->h_source, 0x11, ETH_ALEN);
	eh->h_proto = htons(ETH_P_IP);
	skb->protocol = htons(ETH_P_IP);
	return 0;
}

/* Takes the tunnel headers off a received frame whose device sum covers it
 * all (CHECKSUM_COMPLETE), keeping the sum right at every pull, and checks
 * the outer and inner checksums from it: 0, or -EINVAL on a bad packet. */
static int tnl_rcv(struct sk_buff *skb)
{
	const struct udphdr *uh;
	const struct iphdr *iph;

	skb_reset_mac_header(skb);
	skb_pull_rcsum(skb, ETH_HLEN);
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	if (iph->version != 4 || ip_fast_csum(iph, iph->ihl))
		return -EINVAL;
	skb_pull_rcsum(skb, ip_hdrlen(skb));
	skb_reset_transport_header(skb);
	uh = udp_hdr(skb);
	if (uh->dest != htons(TNL_PORT) ||
	    skb_checksum_init_zero_check(skb, IPPROTO_UDP, uh->check, inet_compute_pseudo) ||
	    skb_checksum_complete(skb))
		return -EINVAL;
	skb_pull_rcsum(skb, sizeof(*uh) + TNL_HDR);
	/* the inner frame: its own headers, its own checksum */
	skb_reset_mac_header(skb);
	skb_pull_rcsum(skb, ETH_HLEN);
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	if (ip_fast_csum(iph, iph->ihl))
		return -EINVAL;
	skb_pull_rcsum(skb, ip_hdrlen(skb));
	skb_reset_transport_header(skb);
	uh = udp_hdr(skb);
	skb->csum_valid = 0;
	if (skb_checksum_init(skb, IPPROTO_UDP, inet_compute_pseudo) ||
	    skb_checksum_complete(skb))
		return -EINVAL;
	return 0;
}

static void test_tunnel(void **state)
{
	uint8_t f[14 + 20 + 8 + 301], wire[TNL_HLEN + sizeof(f)];
	uint64_t faults0 = nm_rx_csum_faults();
	struct sk_buff *skb;
	unsigned int i, len;

	(void)state;
	/* the inner frame: Ethernet / IPv4 / UDP, checksums by reference */
	eth(f, 0x0800);
	ipv4(f + 14, 5, IPPROTO_UDP, sizeof(f) - 14);
	put16(f + 24, (uint16_t)~ref_fold(ref_sum(f + 14, 20, 0)));
	put16(f + 34, 1234);
	put16(f + 36, 5678);
	put16(f + 38, sizeof(f) - 34);
	put16(f + 40, 0);
	for (i = 42; i < sizeof(f); i++)
		f[i] = (uint8_t)(i * 11);
	put16(f + 40, (uint16_t)~ref_fold(ref_sum(f + 34, sizeof(f) - 34,
					      ref_sum(f + 26, 8, 0) + IPPROTO_UDP +
					      sizeof(f) - 34)));

	/* transmit: the headers land in front, the inner offsets remembered */
	skb = skb_of_at(f, sizeof(f), 18);	/* too little headroom: cow_head grows it */
	skb_set_network_header(skb, 14);
	skb_set_transport_header(skb, 34);
	assert_int_equal(tnl_xmit(skb), 0);
	assert_int_equal(skb->len, TNL_HLEN + sizeof(f));
	assert_int_equal(skb_inner_mac_offset(skb), (int)TNL_HLEN);
	assert_int_equal(skb_inner_network_offset(skb), (int)TNL_HLEN + 14);
	assert_int_equal(skb_inner_transport_offset(skb), (int)TNL_HLEN + 34);
	assert_int_equal(skb->inner_protocol, htons(ETH_P_TEB));
	assert_ptr_equal(inner_udp_hdr(skb), skb->data + TNL_HLEN + 34);
	assert_memory_equal(skb->data + TNL_HLEN, f, sizeof(f));
	len = skb->len;
	memcpy(wire, skb->data, len);
	kfree_skb(skb);
	/* on the wire, by reference: the outer IPv4 and UDP checksums */
	assert_int_equal(ref_fold(ref_sum(wire + 14, 20, 0)), 0xffff);
	assert_int_equal(ref_fold(ref_sum(wire + 34, len - 34,
					  ref_sum(wire + 26, 8, 0) + IPPROTO_UDP + len - 34)),
			 0xffff);

	/* receive with the device's sum of the whole frame */
	skb = skb_of(wire, len);
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = csum_partial(skb->data, (int)skb->len, 0);
	assert_int_equal(tnl_rcv(skb), 0);
	assert_int_equal(skb->len, sizeof(f) - 34);
	assert_memory_equal(skb->data, f + 34, sizeof(f) - 34);
	assert_int_equal(skb->csum_valid, 1);
	assert_int_equal(skb->ip_summed, CHECKSUM_COMPLETE);
	assert_int_equal(skb->csum_complete_sw, 0);	/* never summed in software */
	kfree_skb(skb);

	/* a flipped inner payload bit: the outer UDP checksum catches it */
	wire[len - 1] ^= 0x10;
	skb = skb_of(wire, len);
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = csum_partial(skb->data, (int)skb->len, 0);
	assert_int_equal(tnl_rcv(skb), -EINVAL);
	kfree_skb(skb);
	/* ...and with no device sum, the software one does the same */
	skb = skb_of(wire, len);
	assert_int_equal(tnl_rcv(skb), -EINVAL);
	kfree_skb(skb);
	assert_int_equal(nm_rx_csum_faults(), faults0);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_layout, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_ipv4_tcp, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_jumbo, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_inner_headers, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_inner_protocol, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_mac_header_rebuild, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_mac_header_rebuild_full, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_tunnel, skb_case_setup, skb_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("skb_hdr", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
