/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by test_netdev.c and test_netdev_xmit.c: frame builders with the
 * reference checksums of test_bytes.h, and the no-leak snapshot (skbs
 * live, misuse count, page mempools, the test page_pool's inflight).
 */
#ifndef NM_TEST_NETDEV_UTIL_H
#define NM_TEST_NETDEV_UTIL_H

#include <inttypes.h>
#include <string.h>

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <netmem/ether.h>
#include <netmem/netdevice.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/skb_alloc.h>
#include <netmem/skbuff.h>

#include "test_bytes.h"
#include "test_common.h"
#include "test_pool.h"

#define T_ETH_HLEN	14
#define T_TCP4_HLEN	54	/* eth + ipv4 + tcp */
#define T_UDP4_HLEN	42

static struct page_pool *t_pp;
static struct rte_mempool *t_page_mp[NM_MAX_PAGE_ORDER + 1];

struct t_snap {
	uint64_t misuse;
	uint64_t live;
	unsigned int in_use[NM_MAX_PAGE_ORDER + 1];
};

static struct t_snap t_snap0;

static void t_snap_take(struct t_snap *s)
{
	struct nm_skb_stats st;

	nm_skb_get_stats(&st);
	s->live = st.live;
	s->misuse = nm_misuse_count();
	for (unsigned int o = 0; o <= NM_MAX_PAGE_ORDER; o++)
		s->in_use[o] = rte_mempool_in_use_count(t_page_mp[o]);
}

static int t_group_setup(void **state)
{
	(void)state;
	t_pp = host_pool_create(256, 1024, "test_netdev");
	if (IS_ERR(t_pp))
		return -1;
	return page_mempools_find(t_page_mp);
}

static int t_group_teardown(void **state)
{
	(void)state;
	page_pool_destroy(t_pp);
	return 0;
}

static int t_case_setup(void **state)
{
	(void)state;
	t_snap_take(&t_snap0);
	return 0;
}

/* Every case: skbs back, no misuse beyond what it expected (it adds them
 * to t_expect_misuse), pages back, the page_pool with nothing out. */
static uint64_t t_expect_misuse;

static int t_case_teardown(void **state)
{
	struct t_snap now;
	int ret = 0;

	(void)state;
	t_snap_take(&now);
	if (now.live != t_snap0.live) {
		fprintf(stderr, "leak: %" PRIu64 " skbs live, %" PRIu64 " before\n", now.live,
			t_snap0.live);
		ret = -1;
	}
	if (now.misuse != t_snap0.misuse + t_expect_misuse) {
		fprintf(stderr, "misuse: %" PRIu64 ", expected %" PRIu64 "\n",
			now.misuse - t_snap0.misuse, t_expect_misuse);
		ret = -1;
	}
	for (unsigned int o = 0; o <= NM_MAX_PAGE_ORDER; o++) {
		if (now.in_use[o] != t_snap0.in_use[o]) {
			fprintf(stderr, "order %u pages: %u in use, %u before\n", o,
				now.in_use[o], t_snap0.in_use[o]);
			ret = -1;
		}
	}
	if (page_pool_inflight(t_pp) != 0) {
		fprintf(stderr, "page_pool inflight %ld\n", page_pool_inflight(t_pp));
		ret = -1;
	}
	t_expect_misuse = 0;
	return ret;
}

static uint32_t t_rng = 0x12345678;

static uint8_t t_rnd8(void)
{
	t_rng ^= t_rng << 13;
	t_rng ^= t_rng >> 17;
	t_rng ^= t_rng << 5;
	return (uint8_t)t_rng;
}

/* Ethernet header: dst 02:..:02, src 02:..:01, @type. */
static void t_put_eth(uint8_t *b, uint16_t type)
{
	static const uint8_t dst[6] = { 2, 0, 0, 0, 0, 2 }, src[6] = { 2, 0, 0, 0, 0, 1 };

	memcpy(b, dst, 6);
	memcpy(b + 6, src, 6);
	put16(b + 12, type);
}

static void t_put_ip4(uint8_t *ip, uint16_t tot_len, uint8_t proto, uint16_t id)
{
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, tot_len);
	put16(ip + 4, id);
	ip[6] = 0x40;		/* DF */
	ip[8] = 64;
	ip[9] = proto;
	put32(ip + 12, 0x0a000001);
	put32(ip + 16, 0x0a000002);
	put16(ip + 10, (uint16_t)~ref_fold(ref_sum(ip, 20, 0)));
}

static uint64_t t_pseudo4(const uint8_t *ip, uint32_t l4len, uint8_t proto)
{
	uint64_t s = ref_sum(ip + 12, 8, 0);

	return s + proto + l4len;
}

/* A TCPv4 frame of @payload bytes (random), seq @seq, checksums correct. */
static unsigned int t_tcp4_frame(uint8_t *b, unsigned int payload, uint32_t seq, uint16_t id)
{
	uint8_t *ip = b + T_ETH_HLEN, *th = ip + 20;

	t_put_eth(b, 0x0800);
	t_put_ip4(ip, (uint16_t)(40 + payload), 6, id);
	put16(th, 40000);
	put16(th + 2, 80);
	put32(th + 4, seq);
	put32(th + 8, 1);
	memset(th + 12, 0, 8);
	th[12] = 5 << 4;
	th[13] = 0x10;		/* ACK */
	put16(th + 14, 0xfff0);
	for (unsigned int i = 0; i < payload; i++)
		th[20 + i] = t_rnd8();
	put16(th + 16, (uint16_t)~ref_fold(ref_sum(th, 20 + payload,
						   t_pseudo4(ip, 20 + payload, 6))));
	return T_TCP4_HLEN + payload;
}

/* A linear skb holding @len bytes of @frame, data at the MAC header. */
static inline struct sk_buff *t_skb_from(const uint8_t *frame, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(len + NET_SKB_PAD + 64, GFP_ATOMIC);

	assert_non_null(skb);
	skb_reserve(skb, NET_SKB_PAD + 32);
	skb_put_data(skb, frame, len);
	skb_reset_mac_header(skb);
	return skb;
}

/* The bytes of @skb (data..end) into @out; returns skb->len. */
static inline unsigned int t_skb_bytes(const struct sk_buff *skb, uint8_t *out)
{
	assert_int_equal(skb_copy_bits(skb, 0, out, (int)skb->len), 0);
	return skb->len;
}

/* True when the IPv4 header and TCP checksum of the frame @b are right. */
static inline bool t_tcp4_csum_ok(const uint8_t *b, unsigned int len)
{
	const uint8_t *ip = b + T_ETH_HLEN;
	unsigned int l4len = len - T_ETH_HLEN - 20;

	return ref_fold(ref_sum(ip, 20, 0)) == 0xffff &&
	       ref_fold(ref_sum(ip + 20, l4len, t_pseudo4(ip, l4len, 6))) == 0xffff;
}

#endif /* NM_TEST_NETDEV_UTIL_H */
