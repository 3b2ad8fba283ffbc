/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the checksum family (netmem/checksum.h, netmem/skb_csum.h):
 *
 *  - the arithmetic: csum_fold/add/sub, csum16_add/sub, csum_unfold,
 *    csum_shift, csum_block_add/sub at every split of a buffer (odd offsets
 *    included), wsum_negate, the copy-and-sum helpers, CSUM_MANGLED_0;
 *  - header checksums of real frames (Ethernet + IPv4/IPv6 + TCP with
 *    options, UDP, ICMP, ICMPv6, odd payload lengths): ip_fast_csum,
 *    ip_send_check, csum_tcpudp_nofold/magic, csum_ipv6_magic,
 *    skb_checksum_help (CSUM_MANGLED_0, the state it leaves), against a
 *    plain reference sum written here (16-bit big-endian words, bytewise),
 *    plus a published IPv4 header whose checksum is known (0xb861);
 *  - incremental updates: csum_replace2/4, csum_replace_by_diff,
 *    csum_replace, inet_proto_csum_replace2/4/16/by_diff on skbs in
 *    CHECKSUM_NONE, CHECKSUM_COMPLETE and CHECKSUM_PARTIAL, each compared
 *    with a full recomputation (and skb->csum with the data's sum);
 *  - the skb checksum state: skb_checksum_init(_zero_check),
 *    skb_checksum_validate, skb_checksum_simple_validate,
 *    skb_checksum_try_convert, skb_checksum_complete(_unset),
 *    __skb_checksum_complete(_head), skb_csum_unnecessary, csum levels,
 *    the device-fault report, skb_postpull/postpush_rcsum,
 *    skb_pull/push_rcsum (even and odd lengths, PARTIAL start passed, the
 *    BUG cases), skb_checksum_none_assert, skb_csum_hwoffload_help,
 *    skb_crc32c_csum_help (SCTP, checked with a CRC32c written here).
 *
 * Every case checks that the misuses it provokes (and only those) were
 * counted, and that every skb it made was freed.
 *
 * <rte_ip.h> comes before <netmem/ip.h> here on purpose: glibc's struct
 * iphdr is then the one, and both must compile together.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ip.h>

#include <netmem/checksum.h>
#include <netmem/ip.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/types.h>
#include <netmem/skb_csum.h>
#include <netmem/skbuff.h>

#include "test_bytes.h"
#include "test_common.h"

#define GFP		(GFP_ATOMIC | __GFP_NOWARN)
#define HEADROOM	(64 + 2)	/* NET_IP_ALIGN 2: the IP header 4-byte aligned */

static uint64_t misuse0;
static struct nm_skb_stats st0;

static int case_setup(void **state)
{
	(void)state;
	misuse0 = nm_misuse_count();
	nm_skb_get_stats(&st0);
	return 0;
}

static int case_teardown(void **state)
{
	struct nm_skb_stats st;

	(void)state;
	nm_skb_get_stats(&st);
	if (st.live != st0.live) {
		print_error("skbs leaked: live %" PRIu64 ", was %" PRIu64 "\n", st.live, st0.live);
		return -1;
	}
	return nm_page_pool_reap() == 0 ? 0 : -1;
}

static void assert_misuses(uint64_t n)
{
	assert_int_equal(nm_misuse_count() - misuse0, n);
}

/* ---------------------------------------------------------------------- */
/* Reference values and real frames                                       */
/* ---------------------------------------------------------------------- */

/* A folded checksum as stored (memory order), read as its big-endian value. */
static uint16_t be_of(__sum16 f)
{
	return be16((const uint8_t *)&f);
}

/* The library's csum_fold() of @w, read big-endian. */
static uint16_t lib_fold(__wsum w)
{
	return be_of(csum_fold(w));
}

/* Congruent modulo 0xffff: the same partial sum for checksumming (0 and
 * 0xffffffff included, which csum_fold() tells apart). */
static void assert_wsum_eq(__wsum a, __wsum b)
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
static uint64_t ref_pseudo(const struct frame *f)
{
	const uint8_t *nh = f->b + f->nh;

	if (f->v6)
		return ref_sum(nh + 8, 32, 0) + (f->l4len >> 16) + (f->l4len & 0xffff) + f->proto;
	return ref_sum(nh + 12, 8, 0) + f->l4len + f->proto;
}

/* The L4 checksum @f should carry, from its bytes with the check field
 * taken as zero (big-endian value). */
static uint16_t ref_l4_check(const struct frame *f)
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

static uint16_t ref_ip_check(const struct frame *f)
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
static void build(struct frame *f, bool v6, uint8_t proto, unsigned int paylen,
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
static struct sk_buff *skb_of(const struct frame *f)
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

/* ---------------------------------------------------------------------- */
/* Arithmetic                                                             */
/* ---------------------------------------------------------------------- */

static void test_arith(void **state)
{
	__sum16 s16;
	__wsum w;

	(void)state;
	/* csum_fold: two end-around folds, then the complement */
	assert_int_equal(csum_fold(0), 0xffff);
	assert_int_equal(csum_fold(0xffffffffu), 0);
	assert_int_equal(csum_fold(0x0001ffffu), 0xfffe);
	assert_int_equal(csum_fold(0x12345678u), (uint16_t)~(0x1234 + 0x5678));
	assert_int_equal(csum_fold(0xffff0001u), 0xfffe);
	/* csum_add: end-around carry */
	assert_int_equal(csum_add(0xffffffffu, 1), 1);
	assert_int_equal(csum_add(0x80000000u, 0x80000000u), 1);
	assert_int_equal(csum_add(5, 7), 12);
	assert_int_equal(csum_sub(12, 7), csum_add(12, ~7u));
	assert_int_equal(csum_fold(csum_sub(csum_add(0x1234, 0xabcd), 0xabcd)), csum_fold(0x1234));
	/* 16-bit forms */
	assert_int_equal(csum16_add(0xffff, 1), 1);
	assert_int_equal(csum16_add(0x8000, 0x8000), 1);
	assert_int_equal(csum16_sub(0x1234, 0x0034), 0x1200);
	assert_int_equal(csum_unfold(0xbeef), 0xbeef);
	assert_int_equal(CSUM_MANGLED_0, 0xffff);
	/* csum_shift: a rotation by 8 bits at odd offsets only */
	assert_int_equal(csum_shift(0x11223344u, 1), 0x44112233u);
	assert_int_equal(csum_shift(0x11223344u, 3), 0x44112233u);
	assert_int_equal(csum_shift(0x11223344u, 2), 0x11223344u);
	assert_int_equal(csum_block_add_ext(0, 0x11223344u, 1, 99), 0x44112233u);
	/* wsum_negate: two's complement, so csum + negate == 0 */
	assert_int_equal(wsum_negate(1), 0xffffffffu);
	assert_int_equal(wsum_negate(0), 0);
	w = 0xdeadbeefu;
	assert_int_equal((uint32_t)(w + wsum_negate(w)), 0);
	/* csum_replace on a partial sum */
	w = csum_partial("\x12\x34\x56\x78", 4, 0);
	csum_replace(&w, csum_partial("\x56\x78", 2, 0), csum_partial("\x9a\xbc", 2, 0));
	assert_wsum_eq(w, csum_partial("\x12\x34\x9a\xbc", 4, 0));
	/* csum_replace_by_diff on a folded checksum */
	s16 = csum_fold(csum_partial("\x12\x34\x56\x78", 4, 0));
	csum_replace_by_diff(&s16, csum_sub(csum_partial("\x9a\xbc", 2, 0),
					    csum_partial("\x56\x78", 2, 0)));
	assert_int_equal(s16, csum_fold(csum_partial("\x12\x34\x9a\xbc", 4, 0)));
	assert_misuses(0);
}

/* Splitting a buffer at any byte and adding the pieces with
 * csum_block_add() gives the flat sum; csum_block_sub() takes one out. */
static void test_block_add_sub(void **state)
{
	uint8_t buf[301];
	unsigned int n = sizeof(buf), k;

	(void)state;
	for (k = 0; k < n; k++)
		buf[k] = (uint8_t)(k * 31 + 7);
	for (k = 0; k <= n; k++) {
		__wsum a = csum_partial(buf, (int)k, 0);
		__wsum b = csum_partial(buf + k, (int)(n - k), 0);
		__wsum all = csum_block_add(a, b, (int)k);

		assert_int_equal(lib_fold(all), (uint16_t)~ref_fold(ref_sum(buf, n, 0)));
		assert_wsum_eq(csum_block_sub(all, b, (int)k), a);
		/* three pieces, the middle one at an odd or even offset */
		if (k + 3 <= n) {
			__wsum m = csum_partial(buf + k, 3, 0);
			__wsum t = csum_partial(buf + k + 3, (int)(n - k - 3), 0);

			all = csum_block_add(csum_block_add(a, m, (int)k), t, (int)k + 3);
			assert_int_equal(lib_fold(all), (uint16_t)~ref_fold(ref_sum(buf, n, 0)));
		}
	}
	assert_misuses(0);
}

static void test_copy_and_sum(void **state)
{
	uint8_t src[97], dst[97];
	__wsum w;
	int i;

	(void)state;
	for (i = 0; i < (int)sizeof(src); i++)
		src[i] = (uint8_t)(i * 5 + 1);
	memset(dst, 0, sizeof(dst));
	w = csum_partial_copy_nocheck(src, dst, (int)sizeof(src));
	assert_memory_equal(src, dst, sizeof(src));
	assert_int_equal(lib_fold(w), (uint16_t)~ref_fold(ref_sum(src, sizeof(src), 0)));
	/* the "user" copies start at ~0: never 0, the same fold */
	memset(dst, 0, sizeof(dst));
	w = csum_and_copy_from_user(src, dst, (int)sizeof(src));
	assert_memory_equal(src, dst, sizeof(src));
	assert_int_not_equal(w, 0);
	assert_int_equal(lib_fold(w), (uint16_t)~ref_fold(ref_sum(src, sizeof(src), 0)));
	memset(dst, 0, sizeof(dst));
	w = csum_and_copy_to_user(src, dst, 0);
	assert_int_equal(w, 0xffffffffu);	/* nothing copied: ~0 itself */
	w = csum_and_copy_to_user(src, dst, (int)sizeof(src));
	assert_memory_equal(src, dst, sizeof(src));
	assert_int_equal(lib_fold(w), (uint16_t)~ref_fold(ref_sum(src, sizeof(src), 0)));
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* Header checksums of real frames                                        */
/* ---------------------------------------------------------------------- */

static void test_ip_fast_csum(void **state)
{
	/* A published IPv4 header (192.168.0.1 -> 192.168.0.199, UDP): 0xb861 */
	uint8_t h[20] __attribute__((aligned(4))) = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
			  0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };
	struct frame f;
	struct iphdr *iph;

	(void)state;
	assert_int_equal(ip_fast_csum(h, 5), 0);		/* valid as it is */
	h[10] = h[11] = 0;
	assert_int_equal(be_of(ip_fast_csum(h, 5)), 0xb861);
	iph = (struct iphdr *)h;
	iph->check = 0x5555;
	ip_send_check(iph);
	assert_int_equal(h[10], 0xb8);
	assert_int_equal(h[11], 0x61);

	/* with options, after a TTL change */
	build(&f, false, IPPROTO_TCP, 101, 8, 3);
	iph = (struct iphdr *)(f.b + f.nh);
	assert_int_equal(iph->ihl, 7);
	assert_int_equal(ip_fast_csum(iph, iph->ihl), 0);
	iph->ttl--;
	assert_int_not_equal(ip_fast_csum(iph, iph->ihl), 0);
	ip_send_check(iph);
	assert_int_equal(be16(f.b + f.nh + 10), ref_ip_check(&f));
	assert_int_equal(ip_fast_csum(iph, iph->ihl), 0);
	assert_misuses(0);
}

static void test_l4_v4(void **state)
{
	static const uint8_t protos[] = { IPPROTO_TCP, IPPROTO_UDP };
	struct frame f;

	(void)state;
	for (unsigned int p = 0; p < 2; p++) {
		for (unsigned int paylen = 0; paylen < 80; paylen += 7) {
			const struct iphdr *iph;
			__sum16 check;
			__wsum w;

			build(&f, false, protos[p], paylen, paylen % 8 ? 4 : 0, paylen);
			iph = (const struct iphdr *)(f.b + f.nh);
			memset(f.b + f.check, 0, 2);
			w = csum_partial(f.b + f.th, (int)f.l4len, 0);
			check = csum_tcpudp_magic(iph->saddr, iph->daddr, f.l4len, protos[p], w);
			if (protos[p] == IPPROTO_UDP && check == 0)
				check = CSUM_MANGLED_0;
			assert_int_equal(be_of(check), ref_l4_check(&f));
			/* nofold: the pseudo header's sum, the data's added */
			assert_int_equal(lib_fold(csum_tcpudp_nofold(iph->saddr, iph->daddr, f.l4len,
								     protos[p], w)),
					 be_of(check == CSUM_MANGLED_0 ? 0 : check));
			assert_int_equal(lib_fold(csum_tcpudp_nofold(iph->saddr, iph->daddr, f.l4len,
								     protos[p], 0)),
					 (uint16_t)~ref_fold(ref_pseudo(&f)));
			/* the stored checksum verifies to 0 */
			memcpy(f.b + f.check, &check, 2);
			assert_int_equal(csum_tcpudp_magic(iph->saddr, iph->daddr, f.l4len, protos[p],
							   csum_partial(f.b + f.th, (int)f.l4len, 0)),
					 0);
		}
	}
	assert_misuses(0);
}

static void test_l4_v6(void **state)
{
	static const uint8_t protos[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMPV6 };
	struct frame f;

	(void)state;
	for (unsigned int p = 0; p < 3; p++) {
		for (unsigned int paylen = 1; paylen < 90; paylen += 11) {
			const struct ipv6hdr *ip6;
			__sum16 check;

			build(&f, true, protos[p], paylen, 0, paylen);
			ip6 = (const struct ipv6hdr *)(f.b + f.nh);
			memset(f.b + f.check, 0, 2);
			check = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, f.l4len, protos[p],
						csum_partial(f.b + f.th, (int)f.l4len, 0));
			if (protos[p] == IPPROTO_UDP && check == 0)
				check = CSUM_MANGLED_0;
			assert_int_equal(be_of(check), ref_l4_check(&f));
			memcpy(f.b + f.check, &check, 2);
			assert_int_equal(csum_ipv6_magic(&ip6->saddr, &ip6->daddr, f.l4len, protos[p],
							 csum_partial(f.b + f.th, (int)f.l4len, 0)),
					 0);
		}
	}
	/* a length above 64 KiB counts its high 16 bits (jumbograms) */
	{
		struct in6_addr a, b;

		memcpy(&a, v6_src, 16);
		memcpy(&b, v6_dst, 16);
		assert_int_equal(be_of(csum_ipv6_magic(&a, &b, 0x12345, IPPROTO_TCP, 0)),
				 (uint16_t)~ref_fold(ref_sum(v6_src, 16, 0) + ref_sum(v6_dst, 16, 0) +
						     0x1 + 0x2345 + IPPROTO_TCP));
	}
	assert_misuses(0);
}

/* A UDP datagram whose checksum computes to 0 goes out as 0xffff. */
static void test_udp_mangled_0(void **state)
{
	struct sk_buff *skb;
	struct frame f;
	uint64_t s;
	uint16_t fix;

	(void)state;
	build(&f, false, IPPROTO_UDP, 20, 0, 1);
	/* choose the last two payload bytes so that the sum is 0xffff */
	put16(f.b + f.len - 2, 0);
	memset(f.b + f.check, 0, 2);
	s = ref_fold(ref_sum(f.b + f.th, f.l4len, ref_pseudo(&f)));
	fix = (uint16_t)(0xffff - s);
	put16(f.b + f.len - 2, fix);
	assert_int_equal(ref_fold(ref_sum(f.b + f.th, f.l4len, ref_pseudo(&f))), 0xffff);
	assert_int_equal(csum_tcpudp_magic(((struct iphdr *)(f.b + f.nh))->saddr,
					   ((struct iphdr *)(f.b + f.nh))->daddr, f.l4len,
					   IPPROTO_UDP, csum_partial(f.b + f.th, (int)f.l4len, 0)),
			 0);
	/* skb_checksum_help() of the CHECKSUM_PARTIAL form writes 0xffff */
	skb = skb_of(&f);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + f.th);
	skb->csum_offset = 6;
	udp_hdr(skb)->check = (__sum16)~csum_tcpudp_magic(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr,
							 f.l4len, IPPROTO_UDP, 0);
	assert_int_equal(skb_checksum_help(skb), 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	assert_int_equal(be16(skb->data + f.check), 0xffff);
	kfree_skb(skb);
	assert_misuses(0);
}

/* skb_checksum_help() leaves every skb CHECKSUM_NONE, as the kernel. */
static void test_checksum_help_state(void **state)
{
	static const int states[] = { CHECKSUM_NONE, CHECKSUM_UNNECESSARY, CHECKSUM_COMPLETE };
	struct sk_buff *skb;
	struct frame f;

	(void)state;
	build(&f, false, IPPROTO_TCP, 10, 0, 2);
	skb = skb_of(&f);
	for (unsigned int i = 0; i < 3; i++) {
		skb->ip_summed = states[i];
		skb->csum = 0x1234;
		assert_int_equal(skb_checksum_help(skb), 0);
		assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
		assert_int_equal(skb->csum, 0x1234);
		assert_memory_equal(skb->data, f.b, f.len);
	}
	/* a checksum start before the data: -EINVAL and the kernel's WARN */
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) - 2);
	skb->csum_offset = 16;
	assert_int_equal(skb_checksum_help(skb), -EINVAL);
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	assert_misuses(1);
	kfree_skb(skb);
}

/* ---------------------------------------------------------------------- */
/* Incremental updates                                                    */
/* ---------------------------------------------------------------------- */

static void test_replace(void **state)
{
	struct frame f;

	(void)state;
	for (unsigned int seed = 0; seed < 40; seed++) {
		struct iphdr *iph;
		struct tcphdr *th;
		__be16 port = rte_cpu_to_be_16((uint16_t)(1000 + seed * 977));
		__be32 addr = rte_cpu_to_be_32(0x0a000001u + seed * 0x01010101u);

		build(&f, false, IPPROTO_TCP, seed * 3, 0, seed);
		iph = (struct iphdr *)(f.b + f.nh);
		th = (struct tcphdr *)(f.b + f.th);
		/* a port: not in the pseudo header */
		csum_replace2(&th->check, th->source, port);
		th->source = port;
		assert_int_equal(be16(f.b + f.check), ref_l4_check(&f));
		/* an address: in both the IP header and the pseudo header */
		csum_replace4(&th->check, iph->saddr, addr);
		csum_replace4(&iph->check, iph->saddr, addr);
		iph->saddr = addr;
		assert_int_equal(be16(f.b + f.check), ref_l4_check(&f));
		assert_int_equal(be16(f.b + f.nh + 10), ref_ip_check(&f));
		/* a diff: the window */
		{
			__be16 old = th->window, nw = rte_cpu_to_be_16((uint16_t)(seed * 1234));

			csum_replace_by_diff(&th->check,
					     csum_sub(csum_unfold((__sum16)nw), csum_unfold((__sum16)old)));
			th->window = nw;
			assert_int_equal(be16(f.b + f.check), ref_l4_check(&f));
		}
	}
	assert_misuses(0);
}

/* data at the network header, skb->csum = sum of everything after it */
static void set_complete(struct sk_buff *skb)
{
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = csum_partial(skb->data, (int)skb->len, 0);
}

/* CHECKSUM_PARTIAL: the check field holds the pseudo header's sum */
static void set_partial(struct sk_buff *skb, const struct frame *f)
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
static void frame_of(struct frame *f, const struct sk_buff *skb)
{
	memcpy(f->b, skb_mac_header(skb), f->len);
}

static void test_inet_proto_replace_v4(void **state)
{
	static const int modes[] = { CHECKSUM_NONE, CHECKSUM_COMPLETE, CHECKSUM_PARTIAL };
	__be32 naddr = rte_cpu_to_be_32(0x0a0b0c0d);
	__be16 nport = rte_cpu_to_be_16(8080);
	struct frame f;

	(void)state;
	for (unsigned int m = 0; m < 3; m++) {
		for (unsigned int p = 0; p < 2; p++) {
			uint8_t proto = p ? IPPROTO_UDP : IPPROTO_TCP;
			struct sk_buff *skb;
			struct iphdr *iph;
			__sum16 *check;
			__be16 *sport;
			__wsum csum0;

			build(&f, false, proto, 33 + m, 0, m + p);
			skb = skb_of(&f);
			__skb_pull(skb, f.nh);	/* data at the IP header, as tc sees it */
			if (modes[m] == CHECKSUM_COMPLETE)
				set_complete(skb);
			if (modes[m] == CHECKSUM_PARTIAL)
				set_partial(skb, &f);
			csum0 = skb->csum;
			iph = ip_hdr(skb);
			check = (__sum16 *)(skb_transport_header(skb) + (f.check - f.th));
			sport = (__be16 *)skb_transport_header(skb);

			/* SNAT: the address, then the source port */
			inet_proto_csum_replace4(check, skb, iph->saddr, naddr, true);
			csum_replace4(&iph->check, iph->saddr, naddr);
			iph->saddr = naddr;
			inet_proto_csum_replace2(check, skb, *sport, nport, false);
			*sport = nport;

			frame_of(&f, skb);
			assert_int_equal(be16(f.b + f.nh + 10), ref_ip_check(&f));
			if (modes[m] == CHECKSUM_PARTIAL) {
				/* still the pseudo header's sum, of the new address */
				assert_int_equal(be16(f.b + f.check),
						 ref_fold(ref_pseudo(&f)));
				assert_int_equal(skb->csum_start, skb->transport_header);
				/* and software resolves it to the right checksum */
				assert_int_equal(skb_checksum_help(skb), 0);
				frame_of(&f, skb);
			}
			assert_int_equal(be16(f.b + f.check), ref_l4_check(&f));
			if (modes[m] == CHECKSUM_COMPLETE)
				/* skb->csum still sums the data it covers */
				assert_int_equal(lib_fold(skb->csum),
						 lib_fold(csum_partial(skb->data, (int)skb->len, 0)));
			else if (modes[m] == CHECKSUM_NONE)
				assert_int_equal(skb->csum, csum0);

			/* by diff: the destination address, IPv4 */
			{
				__be32 nd = rte_cpu_to_be_32(0xc0a80101);
				__wsum diff = csum_sub((__wsum)nd, (__wsum)iph->daddr);

				if (modes[m] == CHECKSUM_PARTIAL)
					set_partial(skb, &f);
				inet_proto_csum_replace_by_diff(check, skb, diff, true, false);
				csum_replace4(&iph->check, iph->daddr, nd);
				iph->daddr = nd;
				frame_of(&f, skb);
				if (modes[m] == CHECKSUM_PARTIAL)
					assert_int_equal(be16(f.b + f.check), ref_fold(ref_pseudo(&f)));
				else
					assert_int_equal(be16(f.b + f.check), ref_l4_check(&f));
				if (modes[m] == CHECKSUM_COMPLETE)
					assert_int_equal(lib_fold(skb->csum),
							 lib_fold(csum_partial(skb->data,
									       (int)skb->len, 0)));
			}
			kfree_skb(skb);
		}
	}
	assert_misuses(0);
}

static void test_inet_proto_replace_v6(void **state)
{
	static const int modes[] = { CHECKSUM_NONE, CHECKSUM_COMPLETE, CHECKSUM_PARTIAL };
	struct frame f;

	(void)state;
	for (unsigned int m = 0; m < 3; m++) {
		struct sk_buff *skb;
		struct ipv6hdr *ip6;
		__sum16 *check;
		__be32 naddr[4];
		__wsum csum0;

		build(&f, true, IPPROTO_TCP, 51, 0, m);
		skb = skb_of(&f);
		__skb_pull(skb, f.nh);
		if (modes[m] == CHECKSUM_COMPLETE)
			set_complete(skb);
		if (modes[m] == CHECKSUM_PARTIAL)
			set_partial(skb, &f);
		csum0 = skb->csum;
		ip6 = ipv6_hdr(skb);
		check = &tcp_hdr(skb)->check;
		memcpy(naddr, ip6->saddr.s6_addr, 16);
		naddr[3] = rte_cpu_to_be_32(0xfeedf00d);
		naddr[1] ^= rte_cpu_to_be_32(0x00ff0000);

		inet_proto_csum_replace16(check, skb, (const __be32 *)ip6->saddr.s6_addr, naddr,
					  true);
		memcpy(ip6->saddr.s6_addr, naddr, 16);
		frame_of(&f, skb);
		if (modes[m] == CHECKSUM_PARTIAL) {
			assert_int_equal(be16(f.b + f.check), ref_fold(ref_pseudo(&f)));
			assert_int_equal(skb_checksum_help(skb), 0);
			frame_of(&f, skb);
		}
		assert_int_equal(be16(f.b + f.check), ref_l4_check(&f));
		/* IPv6 has no header checksum: the address change and the L4
		 * checksum's change cancel out, skb->csum stays (and is right) */
		if (modes[m] != CHECKSUM_PARTIAL)
			assert_int_equal(skb->csum, csum0);
		if (modes[m] == CHECKSUM_COMPLETE)
			assert_int_equal(lib_fold(skb->csum),
					 lib_fold(csum_partial(skb->data, (int)skb->len, 0)));

		/* by diff with ipv6: skb->csum left as is too */
		{
			__be32 nd[4];
			__wsum diff = 0;

			if (modes[m] == CHECKSUM_PARTIAL)
				set_partial(skb, &f);
			csum0 = skb->csum;
			memcpy(nd, ip6->daddr.s6_addr, 16);
			nd[2] = rte_cpu_to_be_32(0x12345678);
			for (int i = 0; i < 4; i++)
				diff = csum_add(csum_sub(diff, ((const __be32 *)ip6->daddr.s6_addr)[i]),
						nd[i]);
			inet_proto_csum_replace_by_diff(check, skb, diff, true, true);
			memcpy(ip6->daddr.s6_addr, nd, 16);
			frame_of(&f, skb);
			if (modes[m] == CHECKSUM_PARTIAL)
				assert_int_equal(be16(f.b + f.check), ref_fold(ref_pseudo(&f)));
			else
				assert_int_equal(be16(f.b + f.check), ref_l4_check(&f));
			assert_int_equal(skb->csum, csum0);
		}
		/* pseudohdr false on CHECKSUM_PARTIAL: nothing to patch */
		if (modes[m] == CHECKSUM_PARTIAL) {
			__sum16 before = *check;

			inet_proto_csum_replace4(check, skb, 1, 2, false);
			inet_proto_csum_replace16(check, skb, naddr, naddr, false);
			inet_proto_csum_replace_by_diff(check, skb, 12345, false, true);
			assert_int_equal(*check, before);
		}
		kfree_skb(skb);
	}
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* The skb checksum state                                                 */
/* ---------------------------------------------------------------------- */

/* An skb with data at the transport header (as the L4 receive sees it). */
static struct sk_buff *l4_skb(struct frame *f, bool v6, uint8_t proto, unsigned int paylen,
			      unsigned int seed)
{
	struct sk_buff *skb;

	build(f, v6, proto, paylen, 0, seed);
	skb = skb_of(f);
	__skb_pull(skb, f->th);
	return skb;
}

static void test_unnecessary(void **state)
{
	struct sk_buff *skb;
	struct frame f;

	(void)state;
	skb = l4_skb(&f, false, IPPROTO_UDP, 40, 1);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	assert_false(skb_csum_unnecessary(skb));
	__skb_incr_checksum_unnecessary(skb);
	assert_int_equal(skb->ip_summed, CHECKSUM_UNNECESSARY);
	assert_int_equal(skb->csum_level, 0);
	for (int i = 0; i < 5; i++)
		__skb_incr_checksum_unnecessary(skb);
	assert_int_equal(skb->csum_level, SKB_MAX_CSUM_LEVEL);
	assert_true(skb_csum_unnecessary(skb));
	__skb_decr_checksum_unnecessary(skb);
	assert_int_equal(skb->csum_level, 2);
	__skb_reset_checksum_unnecessary(skb);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	assert_int_equal(skb->csum_level, 0);
	__skb_decr_checksum_unnecessary(skb);	/* NONE stays NONE */
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	/* COMPLETE is neither raised nor lowered */
	skb->ip_summed = CHECKSUM_COMPLETE;
	__skb_incr_checksum_unnecessary(skb);
	__skb_decr_checksum_unnecessary(skb);
	assert_int_equal(skb->ip_summed, CHECKSUM_COMPLETE);
	skb_checksum_complete_unset(skb);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	/* csum_valid and a PARTIAL start within the data count as verified */
	skb->csum_valid = 1;
	assert_true(skb_csum_unnecessary(skb));
	skb->csum_valid = 0;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)skb_headroom(skb);
	assert_true(skb_csum_unnecessary(skb));
	skb->csum_start = (__u16)(skb_headroom(skb) - 1);
	assert_false(skb_csum_unnecessary(skb));
	skb->ip_summed = CHECKSUM_NONE;

	/* skb_checksum_none_assert: a counted warning unless NONE */
	skb_checksum_none_assert(skb);
	assert_misuses(0);
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb_checksum_none_assert(skb);
	assert_misuses(1);
	kfree_skb(skb);
}

static void test_validate_unnecessary(void **state)
{
	struct sk_buff *skb;
	struct frame f;

	(void)state;
	/* the device verified one level: used up, nothing computed */
	skb = l4_skb(&f, false, IPPROTO_TCP, 200, 2);
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum = 0x1234;
	assert_int_equal(skb_checksum_init(skb, IPPROTO_TCP, inet_compute_pseudo), 0);
	assert_int_equal(skb->csum_valid, 1);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	assert_int_equal(skb->csum, 0x1234);
	/* two levels: one left for the inner packet */
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = 1;
	assert_int_equal(skb_checksum_validate(skb, IPPROTO_TCP, inet_compute_pseudo), 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_UNNECESSARY);
	assert_int_equal(skb->csum_level, 0);
	kfree_skb(skb);

	/* UDP with no checksum: accepted with zero_check, as the kernel */
	skb = l4_skb(&f, false, IPPROTO_UDP, 150, 3);
	udp_hdr(skb)->check = 0;
	assert_int_equal(skb_checksum_init_zero_check(skb, IPPROTO_UDP, udp_hdr(skb)->check,
						      inet_compute_pseudo), 0);
	assert_int_equal(skb->csum_valid, 1);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	/* ...and converted to CHECKSUM_COMPLETE for an encapsulated layer */
	skb_checksum_try_convert(skb, IPPROTO_UDP, inet_compute_pseudo);
	assert_int_equal(skb->ip_summed, CHECKSUM_COMPLETE);
	assert_int_equal(skb->csum, ~csum_tcpudp_nofold(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr,
						       skb->len, IPPROTO_UDP, 0));
	/* not converted again: only NONE with csum_valid is */
	skb->csum = 7;
	skb_checksum_try_convert(skb, IPPROTO_UDP, inet_compute_pseudo);
	assert_int_equal(skb->csum, 7);
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_validate_complete(void **state)
{
	uint64_t faults0 = nm_rx_csum_faults();
	struct sk_buff *skb;
	struct frame f;
	__wsum data;

	(void)state;
	/* the device's sum verifies: valid, nothing else changes */
	skb = l4_skb(&f, false, IPPROTO_TCP, 300, 4);
	set_complete(skb);
	data = skb->csum;
	assert_int_equal(skb_checksum_init(skb, IPPROTO_TCP, inet_compute_pseudo), 0);
	assert_int_equal(skb->csum_valid, 1);
	assert_int_equal(skb->ip_summed, CHECKSUM_COMPLETE);
	assert_int_equal(skb->csum, data);
	assert_int_equal(skb_checksum_complete(skb), 0);
	kfree_skb(skb);

	/* the device's sum is wrong but the packet is good, and short: checked
	 * now; a device fault is reported; the software sum replaces it */
	skb = l4_skb(&f, true, IPPROTO_UDP, 20, 5);
	assert_true(skb->len <= CHECKSUM_BREAK);
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = 0x1111;
	assert_int_equal(skb_checksum_init(skb, IPPROTO_UDP, ip6_compute_pseudo), 0);
	assert_int_equal(skb->csum_valid, 1);
	assert_int_equal(skb->ip_summed, CHECKSUM_COMPLETE);
	assert_int_equal(skb->csum_complete_sw, 1);
	assert_wsum_eq(skb->csum, csum_partial(skb->data, (int)skb->len, 0));
	assert_int_equal(nm_rx_csum_faults() - faults0, 1);
	kfree_skb(skb);

	/* long and the device's sum is wrong: deferred, the pseudo header kept */
	skb = l4_skb(&f, false, IPPROTO_TCP, 400, 6);
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = 0x2222;
	assert_int_equal(skb_checksum_init(skb, IPPROTO_TCP, inet_compute_pseudo), 0);
	assert_int_equal(skb->csum_valid, 0);
	assert_int_equal(skb->csum, csum_tcpudp_nofold(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr,
						      skb->len, IPPROTO_TCP, 0));
	/* the packet is good: the fault shows when it is completed */
	assert_int_equal(skb_checksum_complete(skb), 0);
	assert_int_equal(skb->csum_valid, 1);
	assert_int_equal(nm_rx_csum_faults() - faults0, 2);
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_validate_none(void **state)
{
	uint64_t faults0 = nm_rx_csum_faults();
	struct sk_buff *skb;
	struct frame f;
	uint16_t want;

	(void)state;
	/* CHECKSUM_NONE, long: deferred, then complete */
	skb = l4_skb(&f, false, IPPROTO_UDP, 500, 7);
	assert_int_equal(skb_checksum_init_zero_check(skb, IPPROTO_UDP, udp_hdr(skb)->check,
						      inet_compute_pseudo), 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	assert_int_equal(skb->csum_valid, 0);
	assert_false(skb_csum_unnecessary(skb));
	assert_int_equal(skb_checksum_complete(skb), 0);
	assert_int_equal(skb->csum_valid, 1);
	assert_int_equal(skb->ip_summed, CHECKSUM_COMPLETE);
	assert_int_equal(skb->csum_complete_sw, 1);
	assert_wsum_eq(skb->csum, csum_partial(skb->data, (int)skb->len, 0));
	/* verified now: the next call computes nothing */
	skb->data[20] ^= 0xff;
	assert_int_equal(skb_checksum_complete(skb), 0);
	kfree_skb(skb);

	/* a corrupted payload: the bad fold, as the kernel returns it */
	skb = l4_skb(&f, true, IPPROTO_TCP, 333, 8);
	skb->data[100] ^= 0x5a;
	memcpy(f.b + f.th, skb->data, f.l4len);
	want = (uint16_t)~ref_fold(ref_sum(f.b + f.th, f.l4len, ref_pseudo(&f)));
	assert_int_not_equal(want, 0);
	assert_int_equal(be_of(skb_checksum_validate(skb, IPPROTO_TCP, ip6_compute_pseudo)), want);
	assert_int_equal(skb->csum_valid, 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_COMPLETE);
	kfree_skb(skb);

	/* ICMP: no pseudo header */
	skb = l4_skb(&f, false, IPPROTO_ICMP, 56, 9);
	assert_int_equal(skb_checksum_simple_validate(skb), 0);
	assert_int_equal(skb->csum_valid, 1);
	kfree_skb(skb);
	skb = l4_skb(&f, false, IPPROTO_ICMP, 56, 9);
	icmp_hdr(skb)->un.echo.sequence ^= 1;
	memcpy(f.b + f.th, skb->data, f.l4len);
	want = (uint16_t)~ref_fold(ref_sum(f.b + f.th, f.l4len, 0));
	assert_int_equal(be_of(skb_checksum_simple_validate(skb)), want);
	kfree_skb(skb);

	/* a shared skb is checked but left as it was */
	skb = l4_skb(&f, false, IPPROTO_UDP, 90, 10);
	skb_get(skb);
	skb->csum = inet_compute_pseudo(skb, IPPROTO_UDP);
	assert_int_equal(__skb_checksum_complete(skb), 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	assert_int_equal(skb->csum_valid, 0);
	assert_int_equal(skb->csum, inet_compute_pseudo(skb, IPPROTO_UDP));
	kfree_skb(skb);
	kfree_skb(skb);

	/* __skb_checksum_complete_head(): the first len bytes against skb->csum */
	skb = l4_skb(&f, false, IPPROTO_UDP, 90, 11);
	skb->csum = inet_compute_pseudo(skb, IPPROTO_UDP);
	assert_int_equal(__skb_checksum_complete_head(skb, (int)skb->len), 0);
	assert_int_equal(skb->csum_valid, 1);
	assert_int_not_equal(__skb_checksum_complete_head(skb, (int)skb->len - 3), 0);
	assert_int_equal(skb->csum_valid, 0);
	kfree_skb(skb);

	assert_int_equal(nm_rx_csum_faults() - faults0, 0);
	assert_misuses(0);
}

/* CHECKSUM_COMPLETE kept right while headers are pulled and pushed. */
static void test_rcsum(void **state)
{
	struct sk_buff *skb;
	struct frame f;
	uint8_t eth[14];
	void *data;
	__wsum full;

	(void)state;
	build(&f, false, IPPROTO_TCP, 77, 4, 12);
	skb = skb_of(&f);
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = csum_partial(skb->data, (int)skb->len, 0);
	full = skb->csum;
	memcpy(eth, skb->data, 14);

	data = skb_pull_rcsum(skb, 14);
	assert_ptr_equal(data, skb->data);
	assert_int_equal(skb->len, f.len - 14);
	assert_wsum_eq(skb->csum, csum_partial(skb->data, (int)skb->len, 0));
	/* the exact value: minus what was pulled, in two's complement */
	assert_int_equal(skb->csum,
			 wsum_negate(csum_partial(eth, 14, wsum_negate(full))));
	data = skb_push_rcsum(skb, 14);
	assert_ptr_equal(data, skb->data);
	assert_wsum_eq(skb->csum, full);
	assert_memory_equal(skb->data, eth, 14);

	/* an odd pull: what stays is summed as it sat, one byte off */
	assert_non_null(skb_pull_rcsum(skb, 1));
	assert_wsum_eq(skb->csum, csum_shift(csum_partial(skb->data, (int)skb->len, 0), 1));
	assert_non_null(skb_push_rcsum(skb, 1));
	assert_wsum_eq(skb->csum, full);

	/* __skb_postpush_rcsum() of a piece @off bytes into the data */
	skb->csum = csum_partial(skb->data, 5, 0);
	__skb_postpush_rcsum(skb, skb->data + 5, skb->len - 5, 5);
	assert_wsum_eq(skb->csum, full);
	skb->csum = csum_partial(skb->data + 14, (int)skb->len - 14, 0);
	skb_postpush_rcsum(skb, skb->data, 14);
	assert_wsum_eq(skb->csum, full);

	/* CHECKSUM_PARTIAL: pulling before csum_start keeps it, past drops it */
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb->transport_header;
	skb->csum_offset = 16;
	assert_non_null(skb_pull_rcsum(skb, f.th));
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	assert_non_null(skb_pull_rcsum(skb, 1));
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	/* NONE: nothing changes */
	skb->csum = 0x77;
	assert_non_null(skb_pull_rcsum(skb, 2));
	assert_int_equal(skb->csum, 0x77);
	kfree_skb(skb);
	assert_misuses(0);
}

/* skb_pull_rcsum() beyond the data or the linear part: the kernel's BUG. */
static void test_pull_rcsum_bug(void **state)
{
	struct sk_buff *skb;
	struct page *page;
	struct frame f;
	unsigned char *data;

	(void)state;
	build(&f, false, IPPROTO_UDP, 30, 0, 13);
	skb = skb_of(&f);
	page = alloc_page(GFP);
	assert_non_null(page);
	skb_add_rx_frag(skb, 0, page, 0, 100, 4096);
	nm_set_bug_mode(NM_BUG_COUNT);
	data = skb->data;
	assert_null(skb_pull_rcsum(skb, skb->len + 1));
	assert_misuses(1);
	assert_null(skb_pull_rcsum(skb, skb_headlen(skb) + 1));
	assert_misuses(2);
	assert_ptr_equal(skb->data, data);
	assert_int_equal(skb->len, f.len + 100);
	assert_non_null(skb_pull_rcsum(skb, skb_headlen(skb)));	/* all of it: fine */
	nm_set_bug_mode(NM_BUG_ABORT);
	kfree_skb(skb);
	assert_misuses(2);
}

static struct sk_buff *partial_skb(struct frame *f, bool v6, uint8_t proto)
{
	struct sk_buff *skb;

	build(f, v6, proto, 61, 0, 14);
	skb = skb_of(f);
	set_partial(skb, f);
	return skb;
}

static void test_hwoffload_help(void **state)
{
	struct sk_buff *skb;
	struct frame f;
	uint8_t *ext;

	(void)state;
	/* HW_CSUM: any checksum is left to the device */
	skb = partial_skb(&f, false, IPPROTO_TCP);
	assert_int_equal(skb_csum_hwoffload_help(skb, NETIF_F_HW_CSUM), 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	/* IP_CSUM: TCP and UDP only */
	assert_int_equal(skb_csum_hwoffload_help(skb, NETIF_F_IP_CSUM), 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	/* no feature: software */
	assert_int_equal(skb_csum_hwoffload_help(skb, NETIF_F_SG), 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	frame_of(&f, skb);
	assert_int_equal(be16(f.b + f.check), ref_l4_check(&f));
	kfree_skb(skb);

	skb = partial_skb(&f, true, IPPROTO_UDP);
	assert_int_equal(skb_csum_hwoffload_help(skb, NETIF_F_IPV6_CSUM), 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	kfree_skb(skb);

	/* a checksum at another offset (ICMPv6's, 2): software even with IPV6_CSUM */
	skb = partial_skb(&f, true, IPPROTO_ICMPV6);
	assert_int_equal(skb->csum_offset, 2);
	assert_int_equal(skb_csum_hwoffload_help(skb, NETIF_F_IPV6_CSUM | NETIF_F_IP_CSUM), 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	frame_of(&f, skb);
	assert_int_equal(be16(f.b + f.check), ref_l4_check(&f));
	kfree_skb(skb);

	/* IPv6 with an extension header: software (the NIC may not parse it);
	 * behind a VLAN tag the protocol is found in the tag */
	skb = partial_skb(&f, true, IPPROTO_TCP);
	ext = skb_put(skb, 8);	/* room: the frame grows by 8 */
	memmove(skb->data + f.th + 8, skb->data + f.th, f.l4len);
	ext = skb->data + f.th;
	memset(ext, 0, 8);
	ext[0] = IPPROTO_TCP;	/* Destination Options, then TCP */
	skb->data[f.nh + 6] = NEXTHDR_DEST;
	put16(skb->data + f.nh + 4, (uint16_t)(f.l4len + 8));
	skb->transport_header = (__u16)(skb->transport_header + 8);
	skb->csum_start = skb->transport_header;
	assert_int_equal(skb_network_header_len(skb), 48);
	skb->protocol = rte_cpu_to_be_16(0x8100);	/* as if the tag were in the data */
	skb->mac_len = 18;
	/* a tag at mac_len - 4 = 14 whose inner type is IPv6 */
	{
		uint8_t saved[4];

		memcpy(saved, skb->data + 14, 4);
		put16(skb->data + 16, 0x86dd);
		assert_int_equal(skb_csum_hwoffload_help(skb, NETIF_F_IPV6_CSUM), 0);
		memcpy(skb->data + 14, saved, 4);
	}
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	kfree_skb(skb);

	assert_misuses(0);
}

/* CRC32c written here bit by bit (reflected, polynomial 0x82F63B78). */
static uint32_t ref_crc32c(uint32_t crc, const uint8_t *p, size_t n)
{
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1)));
	}
	return crc;
}

/* SCTP: CRC32c from the SCTP header to the end, across a frag, as
 * skb_csum_hwoffload_help() resolves it in software. */
static void test_sctp_crc32c(void **state)
{
	uint8_t pkt[14 + 20 + 12 + 300], *sh;
	struct sk_buff *skb;
	struct page *page;
	uint32_t want, got;
	unsigned int i;

	(void)state;
	assert_int_equal(~ref_crc32c(~0u, (const uint8_t *)"123456789", 9), 0xE3069283u);
	memset(pkt, 0, sizeof(pkt));
	put16(pkt + 12, 0x0800);
	pkt[14] = 0x45;
	put16(pkt + 16, sizeof(pkt) - 14);
	pkt[22] = 64;
	pkt[23] = 132;	/* IPPROTO_SCTP */
	sh = pkt + 34;
	put16(sh, 5000);
	put16(sh + 2, 5001);
	put32(sh + 4, 0xdeadbeef);
	for (i = 12; i < sizeof(pkt) - 34; i++)
		sh[i] = (uint8_t)(i * 3 + 1);
	want = ~ref_crc32c(~0u, sh, sizeof(pkt) - 34);

	/* 100 bytes of it in the linear part, the rest in a shared frag */
	skb = alloc_skb(HEADROOM + 200, GFP);
	assert_non_null(skb);
	skb_reserve(skb, HEADROOM);
	skb_put_data(skb, pkt, 14 + 20 + 12 + 100);
	page = alloc_page(GFP);
	assert_non_null(page);
	memcpy(page_address(page), pkt + 14 + 20 + 12 + 100, 200);
	skb_add_rx_frag(skb, 0, page, 0, 200, 4096);
	skb_shinfo(skb)->flags |= SKBFL_SHARED_FRAG;
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, 14);
	skb_set_transport_header(skb, 34);
	skb->protocol = rte_cpu_to_be_16(0x0800);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb->transport_header;
	skb->csum_offset = 8;
	skb_set_csum_not_inet(skb);
	assert_true(skb_csum_is_sctp(skb));

	/* HW_CSUM is for Internet checksums: the CRC is computed here */
	assert_int_equal(skb_csum_hwoffload_help(skb, NETIF_F_HW_CSUM | NETIF_F_IP_CSUM), 0);
	assert_false(skb_csum_is_sctp(skb));
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);	/* as the kernel leaves it */
	assert_false(skb_is_nonlinear(skb));	/* the shared frag was copied first */
	got = (uint32_t)skb->data[42] | (uint32_t)skb->data[43] << 8 |
	      (uint32_t)skb->data[44] << 16 | (uint32_t)skb->data[45] << 24;
	assert_int_equal(got, want);
	/* and the packet now verifies: the CRC over it with the field zero */
	memset(skb->data + 42, 0, 4);
	assert_int_equal(~ref_crc32c(~0u, skb->data + 34, skb->len - 34), want);
	/* not PARTIAL: nothing to do */
	skb->ip_summed = CHECKSUM_NONE;
	assert_int_equal(skb_crc32c_csum_help(skb), 0);
	assert_int_equal(be32(skb->data + 42), 0);
	/* the field outside the linear part: the kernel's WARN, -EINVAL */
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + skb_headlen(skb) - 4);
	assert_int_equal(skb_crc32c_csum_help(skb), -EINVAL);
	assert_misuses(1);
	kfree_skb(skb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_arith, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_block_add_sub, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_copy_and_sum, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_ip_fast_csum, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_l4_v4, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_l4_v6, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_udp_mangled_0, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_checksum_help_state, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_replace, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_inet_proto_replace_v4, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_inet_proto_replace_v6, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_unnecessary, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_validate_unnecessary, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_validate_complete, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_validate_none, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_rcsum, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_pull_rcsum_bug, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_hwoffload_help, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_sctp_crc32c, case_setup, case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("csum", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
