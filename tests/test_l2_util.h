/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by test_eth, test_vlan and test_skb_hash: per-case set-up and
 * checks (skbs freed, page_pools idle, misuses counted exactly) and frame
 * builders that write headers byte by byte in network order.
 */
#ifndef NM_TEST_L2_UTIL_H
#define NM_TEST_L2_UTIL_H

#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include <netmem/ether.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/skbuff.h>

#include "test_common.h"
#include "test_skb_case.h"

#define GFP		(GFP_ATOMIC | __GFP_NOWARN)

static const uint8_t mac_a[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a };
static const uint8_t mac_b[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b };

static inline unsigned int wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return 2;
}

static inline unsigned int wr32(uint8_t *p, uint32_t v)
{
	wr16(p, (uint16_t)(v >> 16));
	wr16(p + 2, (uint16_t)v);
	return 4;
}

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* dst, src, type: 14 bytes. */
static inline unsigned int put_eth(uint8_t *p, const uint8_t *dst, const uint8_t *src,
				   uint16_t type)
{
	memcpy(p, dst, ETH_ALEN);
	memcpy(p + ETH_ALEN, src, ETH_ALEN);
	wr16(p + 2 * ETH_ALEN, type);
	return ETH_HLEN;
}

/* A tag's TCI and the type after it: 4 bytes (the TPID is the type before). */
static inline unsigned int put_tag(uint8_t *p, uint16_t tci, uint16_t type)
{
	wr16(p, tci);
	wr16(p + 2, type);
	return 4;
}

/* IPv4 header of @ihl words (options zero), total length @tot. */
static inline unsigned int put_ipv4(uint8_t *p, uint8_t proto, uint32_t saddr, uint32_t daddr,
				    unsigned int ihl, uint16_t frag_off, uint16_t tot)
{
	memset(p, 0, ihl * 4);
	p[0] = (uint8_t)(0x40 | ihl);
	wr16(p + 2, tot);
	wr16(p + 4, 0x1234);
	wr16(p + 6, frag_off);
	p[8] = 64;
	p[9] = proto;
	wr32(p + 12, saddr);
	wr32(p + 16, daddr);
	return ihl * 4;
}

/* IPv6 header; addresses 2001:db8::@s and 2001:db8::@d. */
static inline unsigned int put_ipv6(uint8_t *p, uint8_t nexthdr, uint8_t s, uint8_t d,
				    uint32_t flowlabel, uint16_t plen)
{
	memset(p, 0, 40);
	wr32(p, 0x60000000u | (flowlabel & 0xfffff));
	wr16(p + 4, plen);
	p[6] = nexthdr;
	p[7] = 64;
	wr16(p + 8, 0x2001);
	wr16(p + 10, 0x0db8);
	p[23] = s;
	wr16(p + 24, 0x2001);
	wr16(p + 26, 0x0db8);
	p[39] = d;
	return 40;
}

/* TCP header with data offset @doff words (options zero). */
static inline unsigned int put_tcp(uint8_t *p, uint16_t sport, uint16_t dport, unsigned int doff)
{
	memset(p, 0, doff * 4);
	wr16(p, sport);
	wr16(p + 2, dport);
	wr32(p + 4, 1000);
	p[12] = (uint8_t)(doff << 4);
	p[13] = 0x10;
	wr16(p + 14, 512);
	return doff * 4;
}

static inline unsigned int put_udp(uint8_t *p, uint16_t sport, uint16_t dport, uint16_t len)
{
	memset(p, 0, 8);
	wr16(p, sport);
	wr16(p + 2, dport);
	wr16(p + 4, len);
	return 8;
}

/* Payload bytes: a pattern. */
static inline unsigned int put_payload(uint8_t *p, unsigned int len, unsigned int seed)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + seed);
	return len;
}

/* A linear skb holding @len bytes of @frame after @headroom bytes. */
static inline struct sk_buff *skb_of(const uint8_t *frame, unsigned int len, unsigned int headroom)
{
	struct sk_buff *skb = alloc_skb(headroom + len + 64, GFP);

	assert_non_null(skb);
	skb_reserve(skb, (int)headroom);
	skb_put_data(skb, frame, len);
	return skb;
}

/* An skb with the first @hlen bytes of @frame linear and the rest in a
 * frag of a plain page. */
static inline struct sk_buff *skb_of_nonlinear(const uint8_t *frame, unsigned int len,
					       unsigned int hlen, unsigned int headroom)
{
	struct sk_buff *skb = skb_of(frame, hlen, headroom);
	struct page *page = alloc_page(GFP);

	assert_non_null(page);
	memcpy((uint8_t *)page_address(page) + 100, frame + hlen, len - hlen);
	skb_add_rx_frag(skb, 0, page, 100, (int)(len - hlen), len - hlen);
	return skb;
}

#endif /* NM_TEST_L2_UTIL_H */
