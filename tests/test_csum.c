/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the checksum arithmetic (netmem/checksum.h):
 *
 *  - csum_fold/add/sub, csum16_add/sub, csum_unfold, csum_shift,
 *    csum_block_add/sub at every split of a buffer (odd offsets included),
 *    wsum_negate, the copy-and-sum helpers, CSUM_MANGLED_0;
 *  - header checksums of real frames (Ethernet + IPv4/IPv6 + TCP with
 *    options, UDP, ICMP, ICMPv6, odd payload lengths): ip_fast_csum,
 *    ip_send_check, csum_tcpudp_nofold/magic, csum_ipv6_magic,
 *    skb_checksum_help (CSUM_MANGLED_0, the state it leaves), against a
 *    plain reference sum written in the tests (16-bit big-endian words,
 *    bytewise), plus a published IPv4 header whose checksum is known (0xb861);
 *  - incremental updates: csum_replace2/4, csum_replace_by_diff,
 *    csum_replace, inet_proto_csum_replace2/4/16/by_diff on skbs in
 *    CHECKSUM_NONE, CHECKSUM_COMPLETE and CHECKSUM_PARTIAL, each compared
 *    with a full recomputation (and skb->csum with the data's sum).
 * The skb checksum state is test_skb_csum.c's.
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

#include "test_csum_frames.h"
#include "test_skb_case.h"

#define NM_CSUM_ALL 1		/* every version of the sum, whatever the build uses */
#include "skb_csum_sum.h"


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

/* The sum under csum_partial(): each version lib/skb has (the portable C
 * one, x86-64's adc chain) against a 16-bit reference, over random bytes,
 * every length to 300 and some long ones, every start alignment mod 8;
 * all-ones bytes (the carries) and zeros too. */
static uint16_t ref_fold16(const uint8_t *p, size_t len)
{
	uint64_t s = 0;

	for (size_t i = 0; i + 1 < len; i += 2)	/* memory order: native words */
		s += (uint16_t)(p[i] | p[i + 1] << 8);
	if (len & 1)
		s += p[len - 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

static uint16_t fold32(uint32_t v)
{
	v = (v & 0xffff) + (v >> 16);
	v = (v & 0xffff) + (v >> 16);
	return (uint16_t)v;
}

static void test_sum_versions(void **state)
{
	static uint8_t buf[9000 + 8];
	static const size_t longs[] = { 512, 1448, 1500, 4096, 8999, 9000 };
	unsigned int versions = 0;

	(void)state;
	for (int fill = 0; fill < 3; fill++) {
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = fill == 0 ? (uint8_t)rand() : fill == 1 ? 0xff : 0;
		for (size_t len = 0; len <= 300 + RTE_DIM(longs); len++) {
			size_t n = len <= 300 ? len : longs[len - 301];

			for (unsigned int a = 0; a < 8; a++) {
				const uint8_t *p = buf + a;
				uint16_t want = ref_fold16(p, n);

				assert_int_equal(fold32(csum_sum_generic(p, n)) % 0xffff, want % 0xffff);
				assert_int_equal(csum_sum_generic(p, n) == 0, want == 0);
#if defined(__x86_64__)
				assert_int_equal(fold32(csum_sum_x86(p, n)) % 0xffff, want % 0xffff);
				assert_int_equal(csum_sum_x86(p, n) == 0, want == 0);
#endif
				assert_int_equal(fold32(do_csum(p, n)) % 0xffff, want % 0xffff);
			}
		}
	}
	versions = 1;
#if defined(__x86_64__)
	versions++;
#endif
	printf("sum versions compared: %u\n", versions);
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
		/* COMPLETE no longer holds once the packet is changed or sent:
		 * NONE, as the kernel; NONE and UNNECESSARY have nothing to do
		 * (the kernel's callers never ask) and stay. */
		assert_int_equal(skb->ip_summed,
				 states[i] == CHECKSUM_COMPLETE ? CHECKSUM_NONE : states[i]);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_arith, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_sum_versions, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_block_add_sub, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_copy_and_sum, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_ip_fast_csum, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_l4_v4, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_l4_v6, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_udp_mangled_0, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_checksum_help_state, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_replace, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_inet_proto_replace_v4, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_inet_proto_replace_v6, skb_case_setup,
						skb_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("csum", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
