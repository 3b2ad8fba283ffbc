/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the checksum tests (test_csum.c, test_skb_csum.c): real frames
 * (Ethernet, IPv4 with options or IPv6, TCP with options, UDP, ICMP,
 * ICMPv6, any payload length) built with every checksum set from the
 * reference sum of test_bytes.h, the reference values a frame should carry,
 * and skbs holding them in each ip_summed state.
 */
#ifndef NM_TEST_CSUM_FRAMES_H
#define NM_TEST_CSUM_FRAMES_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>

#include <netmem/ip.h>
#include <netmem/skbuff.h>

#include "test_bytes.h"
#include "test_common.h"

#ifndef GFP
#define GFP		(GFP_ATOMIC | __GFP_NOWARN)
#endif
#define HEADROOM	(64 + 2)	/* NET_IP_ALIGN 2: the IP header 4-byte aligned */

/* ---------------------------------------------------------------------- */
/* Reference values and real frames                                       */
/* ---------------------------------------------------------------------- */

/* A folded checksum as stored (memory order), read as its big-endian value. */
static inline uint16_t be_of(__sum16 f)
{
	return be16((const uint8_t *)&f);
}

/* The library's csum_fold() of @w, read big-endian. */
static inline uint16_t lib_fold(__wsum w)
{
	return be_of(csum_fold(w));
}

/* Congruent modulo 0xffff: the same partial sum for checksumming (0 and
 * 0xffffffff included, which csum_fold() tells apart). */
static inline void assert_wsum_eq(__wsum a, __wsum b)
{
	assert_int_equal((uint32_t)a % 0xffff, (uint32_t)b % 0xffff);
}

struct frame {
	uint8_t pad[2];		/* the IP header at a 4-byte boundary */
	uint8_t b[2048];
	unsigned int len;	/* whole frame */
	unsigned int nh;	/* network header offset */
	unsigned int th;	/* transport header offset */
	unsigned int l4len;
	unsigned int check;	/* offset of the L4 check field */
	uint8_t proto;
	bool v6;
};

static const uint8_t v4_src[4] = { 192, 0, 2, 1 };
static const uint8_t v4_dst[4] = { 198, 51, 100, 7 };
static const uint8_t v6_src[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x01 };
static const uint8_t v6_dst[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, [15] = 0x02 };

/* Sum of the pseudo header of @f (not folded). */
static inline uint64_t ref_pseudo(const struct frame *f)
{
	const uint8_t *nh = f->b + f->nh;

	if (f->v6)
		return ref_sum(nh + 8, 32, 0) + (f->l4len >> 16) + (f->l4len & 0xffff) + f->proto;
	return ref_sum(nh + 12, 8, 0) + f->l4len + f->proto;
}

/* The L4 checksum @f should carry, from its bytes with the check field
 * taken as zero (big-endian value). */
static inline uint16_t ref_l4_check(const struct frame *f)
{
	uint8_t save[2];
	uint64_t s;
	uint16_t c;

	memcpy(save, f->b + f->check, 2);
	memset((uint8_t *)f->b + f->check, 0, 2);
	s = ref_sum(f->b + f->th, f->l4len, f->proto == IPPROTO_ICMP ? 0 : ref_pseudo(f));
	memcpy((uint8_t *)f->b + f->check, save, 2);
	c = (uint16_t)~ref_fold(s);
	if (c == 0 && f->proto == IPPROTO_UDP)
		c = 0xffff;
	return c;
}

static inline uint16_t ref_ip_check(const struct frame *f)
{
	uint8_t h[60];
	unsigned int ihl = (f->b[f->nh] & 0xf) * 4u;

	memcpy(h, f->b + f->nh, ihl);
	memset(h + 10, 0, 2);
	return (uint16_t)~ref_fold(ref_sum(h, ihl, 0));
}

/*
 * Builds a valid frame: Ethernet, IPv4 (@ipopts 4 bytes of options) or
 * IPv6, then TCP (12 bytes of options), UDP, ICMP or ICMPv6 and @paylen
 * bytes of payload, all checksums set from the reference sum.
 */
static inline void build(struct frame *f, bool v6, uint8_t proto, unsigned int paylen,
		  unsigned int ipopts, unsigned int seed)
{
	uint8_t *p = f->b, *ip, *l4;
	unsigned int l4hdr, i;

	memset(f, 0, sizeof(*f));
	f->v6 = v6;
	f->proto = proto;
	for (i = 0; i < 6; i++) {
		p[i] = (uint8_t)(i == 0 ? 0x02 : i == 5 ? 0x02 : 0);
		p[6 + i] = (uint8_t)(i == 0 ? 0x02 : i == 5 ? 0x01 : 0);
	}
	put16(p + 12, v6 ? 0x86dd : 0x0800);
	f->nh = 14;
	ip = p + f->nh;
	l4hdr = proto == IPPROTO_TCP ? 32 : 8;
	f->l4len = l4hdr + paylen;
	if (v6) {
		put32(ip, 0x60000000u | 0x12345);
		put16(ip + 4, (uint16_t)f->l4len);
		ip[6] = proto;
		ip[7] = 64;
		memcpy(ip + 8, v6_src, 16);
		memcpy(ip + 24, v6_dst, 16);
		f->th = f->nh + 40;
	} else {
		ip[0] = (uint8_t)(0x40 | (5 + ipopts / 4));
		ip[1] = 0x10;
		put16(ip + 2, (uint16_t)(20 + ipopts + f->l4len));
		put16(ip + 4, (uint16_t)(0x1c46 + seed));
		put16(ip + 6, 0x4000);
		ip[8] = 64;
		ip[9] = proto;
		memcpy(ip + 12, v4_src, 4);
		memcpy(ip + 16, v4_dst, 4);
		for (i = 0; i < ipopts; i++)	/* NOPs, then End of options */
			ip[20 + i] = (uint8_t)(i + 1 < ipopts ? 1 : 0);
		f->th = f->nh + 20 + ipopts;
	}
	l4 = p + f->th;
	switch (proto) {
	case IPPROTO_TCP:
		put16(l4, 40000);
		put16(l4 + 2, 443);
		put32(l4 + 4, 0x01020304u + seed);
		put32(l4 + 8, 0xa0b0c0d0u);
		l4[12] = 8 << 4;
		l4[13] = 0x18;
		put16(l4 + 14, 502);
		/* NOP, NOP, timestamps */
		l4[20] = 1;
		l4[21] = 1;
		l4[22] = 8;
		l4[23] = 10;
		put32(l4 + 24, 0x11223344u);
		put32(l4 + 28, 0x55667788u);
		f->check = f->th + 16;
		break;
	case IPPROTO_UDP:
		put16(l4, 5353);
		put16(l4 + 2, 4789);
		put16(l4 + 4, (uint16_t)f->l4len);
		f->check = f->th + 6;
		break;
	default:	/* ICMP echo request / ICMPv6 echo request */
		l4[0] = v6 ? 128 : 8;
		put16(l4 + 4, 0x4242);
		put16(l4 + 6, (uint16_t)seed);
		f->check = f->th + 2;
		break;
	}
	for (i = 0; i < paylen; i++)
		l4[l4hdr + i] = (uint8_t)((i * 13 + seed * 7) ^ (i >> 3));
	f->len = f->th + f->l4len;
	if (!v6)
		put16(ip + 10, ref_ip_check(f));
	put16(p + f->check, ref_l4_check(f));
}

/* An skb holding @f, data at the Ethernet header, headers set. */
static inline struct sk_buff *skb_of(const struct frame *f)
{
	struct sk_buff *skb = alloc_skb(HEADROOM + f->len, GFP);

	assert_non_null(skb);
	skb_reserve(skb, HEADROOM);
	assert_non_null(skb_put_data(skb, f->b, f->len));
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, (int)f->nh);
	skb_set_transport_header(skb, (int)f->th);
	skb->mac_len = 14;
	skb->protocol = rte_cpu_to_be_16(f->v6 ? 0x86dd : 0x0800);
	return skb;
}


static inline void set_complete(struct sk_buff *skb)
{
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = csum_partial(skb->data, (int)skb->len, 0);
}

/* CHECKSUM_PARTIAL: the check field holds the pseudo header's sum */
static inline void set_partial(struct sk_buff *skb, const struct frame *f)
{
	__sum16 pseudo;

	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb->transport_header);
	skb->csum_offset = (__u16)(f->check - f->th);
	if (f->v6)
		pseudo = csum_ipv6_magic(&ipv6_hdr(skb)->saddr, &ipv6_hdr(skb)->daddr, f->l4len,
					 f->proto, 0);
	else
		pseudo = csum_tcpudp_magic(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr, f->l4len,
					   f->proto, 0);
	memset(skb_transport_header(skb) + skb->csum_offset, 0, 2);
	*(__sum16 *)(skb_transport_header(skb) + skb->csum_offset) = (__sum16)~pseudo;
}

/* The bytes of @skb's frame back into @f (to recompute with the reference). */
static inline void frame_of(struct frame *f, const struct sk_buff *skb)
{
	memcpy(f->b, skb_mac_header(skb), f->len);
}


#endif /* NM_TEST_CSUM_FRAMES_H */
