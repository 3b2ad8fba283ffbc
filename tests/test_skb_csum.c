/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the skb checksum state (netmem/skb_csum.h):
 * skb_checksum_init(_zero_check), skb_checksum_validate,
 * skb_checksum_simple_validate, skb_checksum_try_convert,
 * skb_checksum_complete(_unset), __skb_checksum_complete(_head),
 * skb_csum_unnecessary, csum levels (__skb_incr/decr/reset_checksum_
 * unnecessary), the device-fault report (netdev_rx_csum_fault),
 * skb_postpull/postpush_rcsum, skb_pull/push_rcsum (even and odd lengths, a
 * PARTIAL start passed, the BUG cases), skb_checksum_none_assert,
 * skb_csum_hwoffload_help and skb_crc32c_csum_help (SCTP, checked with a
 * CRC32c written here), on real IPv4/IPv6 TCP/UDP/ICMP frames whose
 * checksums come from the reference sum (test_csum_frames.h).
 *
 * Every case checks that the misuses it provokes (and only those) were
 * counted, and that every skb it made was freed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>

#include <netmem/checksum.h>
#include <netmem/ip.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/types.h>
#include <netmem/skb_csum.h>
#include <netmem/skbuff.h>

#include "test_csum_frames.h"
#include "test_skb_case.h"


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
		cmocka_unit_test_setup_teardown(test_unnecessary, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_validate_unnecessary, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_validate_complete, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_validate_none, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_rcsum, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_pull_rcsum_bug, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_hwoffload_help, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_sctp_crc32c, skb_case_setup, skb_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("skb_csum", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
