/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: arbitrary frames into gro_receive_skb(), as a driver's
 * RX path hands them over (napi_build_skb() in a page_pool page, or the
 * headers in the head and the rest in a page_pool frag), with flushes by
 * call and by age in between; every completed skb then goes through
 * skb_gso_segment().
 *
 * Input: 2 parameter bytes, then records of [flags][len hi][len lo][frame].
 *   param [0]: gro_node flags (bit 0 GRO_F_UDP_FWD), bits 1-7 max size / 512
 *   param [1]: bit 0 GRO_F_FRAGLIST (TCP and UDP trains chained whole, GSO
 *              by skb_segment_list()), bits 1-7 unused
 *   flags: bits 0-1 ip_summed, bit 2 header split, bit 3 fix the IPv4/IPv6
 *          lengths and the IPv4 header checksum (deeper paths), bit 4
 *          gro_flush() after it, bit 5 gro_tick() + gro_flush(old), bits
 *          6-7 skb->hash
 *
 * Checked: a completed merge always segments (no error), its segments
 * count its gso_segs and their payload sums to its payload; in all, the
 * skbs and segments that come out carry one frame per frame that went in;
 * no skb, page_pool page or misuse report is left behind.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_lcore.h>

#include <netmem/ether.h>
#include <netmem/gro.h>
#include <netmem/netdevice.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/skb_queue.h>
#include <netmem/skbuff.h>

#define HEADROOM	128
#define MAX_FRAME	(PAGE_SIZE - HEADROOM - 512)

#define CHECK(cond) do {							\
	if (!(cond)) {								\
		fprintf(stderr, "fuzz_gro: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort();							\
	}									\
} while (0)

static struct page_pool *pp;
static struct net_device dev = { .name = "fz0", .mtu = 9000, .addr_len = 6 };
static struct sk_buff_head out;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *eal_argv[] = {
		(char *)"fuzz_gro", (char *)"--no-huge", (char *)"--no-shconf",
		(char *)"--no-pci", (char *)"--no-telemetry", (char *)"-m", (char *)"256",
		(char *)"-l", (char *)"0", (char *)"--log-level=lib.eal:error",
		(char *)"--log-level=netmem:critical", NULL,
	};
	struct page_pool_params p = { 0 };

	(void)argc;
	(void)argv;
	if (rte_eal_init((int)RTE_DIM(eal_argv) - 1, eal_argv) < 0) {
		fprintf(stderr, "fuzz_gro: rte_eal_init failed\n");
		abort();
	}
	p.flags = PP_FLAG_DMA_MAP;
	p.pool_size = 1024;
	p.nid = NUMA_NO_NODE;
	p.dev = PP_DEV_NONE;
	p.lcore = rte_lcore_id();
	p.name = "fuzz_gro_pp";
	pp = page_pool_create(&p);
	CHECK(!IS_ERR_OR_NULL(pp));
	return 0;
}

static void deliver(struct gro_node *gro, struct sk_buff_head *list)
{
	(void)gro;
	skb_queue_splice_tail_init(list, &out);
}

/* IPv4/IPv6 lengths from the frame, the IPv4 header checksum. */
static void fixup(uint8_t *b, unsigned int len)
{
	unsigned int nh = 14;
	uint16_t type;

	if (len < 14)
		return;
	type = (uint16_t)(b[12] << 8 | b[13]);
	if ((type == 0x8100 || type == 0x88a8) && len >= 18) {
		nh = 18;
		type = (uint16_t)(b[16] << 8 | b[17]);
	}
	if (type == 0x0800 && len >= nh + 20) {
		uint32_t s = 0;

		b[nh] = 0x45;
		b[nh + 2] = (uint8_t)((len - nh) >> 8);
		b[nh + 3] = (uint8_t)(len - nh);
		b[nh + 10] = 0;
		b[nh + 11] = 0;
		for (unsigned int i = 0; i < 20; i += 2)
			s += (uint32_t)(b[nh + i] << 8 | b[nh + i + 1]);
		while (s >> 16)
			s = (s & 0xffff) + (s >> 16);
		b[nh + 10] = (uint8_t)(~s >> 8);
		b[nh + 11] = (uint8_t)~s;
	} else if (type == 0x86dd && len >= nh + 40) {
		b[nh] = (uint8_t)(0x60 | (b[nh] & 0xf));
		b[nh + 4] = (uint8_t)((len - nh - 40) >> 8);
		b[nh + 5] = (uint8_t)(len - nh - 40);
	}
}

static struct sk_buff *rx_skb(const uint8_t *frame, unsigned int len, uint8_t flags)
{
	struct page *page = page_pool_dev_alloc_pages(pp);
	struct sk_buff *skb;
	uint8_t *buf;

	CHECK(page != NULL);
	buf = (uint8_t *)page_address(page) + HEADROOM;
	memcpy(buf, frame, len);
	if (flags & 8)
		fixup(buf, len);
	if ((flags & 4) && len > 60) {
		/* headers in a small head, the rest in the page as a frag */
		skb = napi_alloc_skb(NULL, 128);
		CHECK(skb != NULL);
		skb_put_data(skb, buf, 54);
		skb_add_rx_frag(skb, 0, page, HEADROOM + 54, (int)(len - 54), PAGE_SIZE);
	} else {
		skb = napi_build_skb(page_address(page), PAGE_SIZE);
		CHECK(skb != NULL);
		skb_reserve(skb, HEADROOM);
		skb_put(skb, len);
	}
	skb_mark_for_recycle(skb);
	skb->protocol = eth_type_trans(skb, &dev);
	skb->ip_summed = flags & 3;
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = skb_checksum(skb, 0, (int)skb->len, 0);
	else if (skb->ip_summed == CHECKSUM_PARTIAL)
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->hash = flags >> 6;
	return skb;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nm_skb_stats st0, st1;
	uint64_t misuse0 = nm_misuse_count();
	unsigned int frames = 0, pieces = 0;
	struct gro_node gro;
	struct sk_buff *skb;
	size_t pos = 2;

	if (size < 2)
		return 0;
	nm_skb_get_stats(&st0);
	gro_init(&gro);
	gro.deliver = deliver;
	__skb_queue_head_init(&out);
	if (data[0] & 1)
		gro.flags |= GRO_F_UDP_FWD;
	if (data[1] & 1)
		gro.flags |= GRO_F_FRAGLIST;
	if (data[0] >> 1)
		gro.gro_max_size = gro.gro_ipv4_max_size = (unsigned int)(data[0] >> 1) * 512;

	while (pos + 3 <= size) {
		uint8_t flags = data[pos];
		unsigned int len = (unsigned int)(data[pos + 1] << 8 | data[pos + 2]);

		pos += 3;
		if (len > size - pos)
			len = (unsigned int)(size - pos);
		if (len > MAX_FRAME)
			len = MAX_FRAME;
		if (len < 14)
			break;
		gro_receive_skb(&gro, rx_skb(data + pos, len, flags));
		frames++;
		pos += len;
		if (flags & 16)
			gro_flush(&gro, false);
		if (flags & 32) {
			gro_tick(&gro);
			gro_flush(&gro, true);
		}
		gro_normal_list(&gro);
	}
	gro_flush(&gro, false);
	gro_normal_list(&gro);
	CHECK(gro.bitmask == 0 && gro_held_count(&gro) == 0);

	while ((skb = __skb_dequeue(&out)) != NULL) {
		unsigned int segs_expected = skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1;
		struct sk_buff *segs, *seg, *next;
		unsigned int n = 0;

		CHECK(skb_mac_header_was_set(skb));
		skb_push(skb, (unsigned int)(skb->data - skb_mac_header(skb)));
		segs = skb_gso_segment(skb, NETIF_F_SG);
		if (skb_is_gso(skb))
			CHECK(!IS_ERR_OR_NULL(segs));
		if (IS_ERR_OR_NULL(segs)) {
			n = 1;
		} else {
			for (seg = segs; seg; seg = next) {
				next = seg->next;
				n++;
				kfree_skb(seg);
			}
		}
		CHECK(n == segs_expected);
		pieces += n;
		consume_skb(skb);
	}
	CHECK(pieces == frames);
	nm_skb_get_stats(&st1);
	CHECK(st1.live == st0.live);
	CHECK(page_pool_inflight(pp) == 0);
	CHECK(nm_misuse_count() == misuse0);
	return 0;
}
