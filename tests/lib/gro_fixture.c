/* SPDX-License-Identifier: BSD-3-Clause */
/* GRO test fixture (gro_fixture.h): the helpers, compiled once. */
#define _GNU_SOURCE
#include "gro_fixture.h"

static struct page_pool *pp;

struct net_device gdev = { .name = "gro0", .mtu = 9000, .addr_len = 6,
				  .dev_addr = { 0x02, 0, 0, 0, 0, 1 } };

struct gro_node gro;

struct sk_buff_head delivered;

struct fspec fs_default(void)
{
	struct fspec f;

	memset(&f, 0, sizeof(f));
	f.sport = 1000;
	f.dport = 80;
	f.seq = 100000;
	f.ack = 5555;
	f.win = 512;
	f.flags = TH_ACK;
	f.ttl = 64;
	f.id = 10;
	f.pay = 1448;
	f.tcpopt = 12;		/* NOP NOP timestamp */
	f.optval = 1;
	f.vid = 7;
	f.saddr_last = 1;
	return f;
}

static inline uint8_t g_pay(unsigned int i)
{
	return (uint8_t)((i * 13) ^ (i >> 5) ^ 0xa5);
}

/* The kinds of extension headers of @f, in order; returns how many. */
static unsigned int fs_ext_kinds(const struct fspec *f, uint8_t *kinds)
{
	unsigned int n = 0;

	if (f->v6ext)
		kinds[n++] = 60;
	for (unsigned int i = 0; i < f->next && i < 4; i++)
		kinds[n++] = f->ext[i];
	return n;
}

static unsigned int ext_hdr_len(const struct fspec *f, uint8_t kind)
{
	if (kind == 44)
		return 8;
	return (f->v6ext && kind == 60 && f->next == 0) ? 8 : 8u * (1u + f->extlen);
}

unsigned int fs_ext_len(const struct fspec *f)
{
	uint8_t kinds[5];
	unsigned int n = fs_ext_kinds(f, kinds), len = 0;

	if (!f->v6)
		return 0;
	for (unsigned int i = 0; i < n; i++)
		len += ext_hdr_len(f, kinds[i]);
	return len;
}

/* Writes the extension headers of @f at @p, the last one followed by
 * @proto; returns the first header's kind (or @proto without any). */
static uint8_t put_ext(const struct fspec *f, uint8_t *p, uint8_t proto)
{
	uint8_t kinds[5];
	unsigned int n = fs_ext_kinds(f, kinds);

	for (unsigned int i = 0; i < n; i++) {
		unsigned int len = ext_hdr_len(f, kinds[i]);

		memset(p, 0, len);
		p[0] = i + 1 < n ? kinds[i + 1] : proto;
		if (kinds[i] == 44) {
			put32(p + 4, 0x1234u + f->extval);	/* atomic fragment */
		} else {
			p[1] = (uint8_t)(len / 8 - 1);
			if (kinds[i] == 43) {
				p[2] = 253;		/* routing type: experimental */
				p[len - 1] = f->extval;
			} else {
				p[2] = 1;		/* PadN */
				p[3] = (uint8_t)(len - 4);
				p[len - 1] = f->extval;
			}
		}
		p += len;
	}
	return n ? kinds[0] : proto;
}

/* Writes the frame of @f into @buf; returns its length. */
unsigned int build_frame(const struct fspec *f, uint8_t *buf)
{
	uint8_t *p = buf, *nh, *th;
	unsigned int l3len, l4len, thlen = f->udp ? 8 : 20 + f->tcpopt;
	uint8_t proto = f->udp ? 17 : 6;
	uint64_t s;

	memcpy(p, gdev.dev_addr, 6);
	p[5] = (uint8_t)(p[5] + f->dmac_last);
	memcpy(p + 6, (uint8_t[]){ 0x02, 0, 0, 0, 0, 2 }, 6);
	p += 12;
	if (f->vlan) {
		put16(p, 0x8100);
		put16(p + 2, f->vid);
		p += 4;
	}
	put16(p, f->v6 ? 0x86dd : 0x0800);
	p += 2;
	nh = p;
	l4len = thlen + f->pay;
	if (f->v6) {
		unsigned int ext = fs_ext_len(f);

		put32(nh, 0x60000000u | ((uint32_t)f->tos << 20) | (f->flowlabel & 0xfffff));
		put16(nh + 4, (uint16_t)(l4len + ext));
		nh[6] = put_ext(f, nh + 40, proto);
		nh[7] = f->ttl;
		memset(nh + 8, 0, 32);
		nh[8] = 0x20;
		nh[23] = f->saddr_last;
		nh[24] = 0x20;
		nh[39] = 9;
		th = nh + 40 + ext;
		l3len = (unsigned int)(th - nh) + l4len;
	} else {
		unsigned int ihl = 20 + f->ipopt;

		nh[0] = (uint8_t)(0x40 | ihl / 4);
		nh[1] = f->tos;
		l3len = ihl + l4len;
		put16(nh + 2, (uint16_t)l3len);
		put16(nh + 4, f->id);
		put16(nh + 6, (uint16_t)((f->no_df ? 0 : 0x4000) | (f->ip_mf ? 0x2000 : 0)));
		nh[8] = f->ttl;
		nh[9] = proto;
		put16(nh + 10, 0);
		put32(nh + 12, 0x0a000000u | f->saddr_last);
		put32(nh + 16, 0x0a000009u);
		for (unsigned int i = 20; i < ihl; i++)
			nh[i] = 1;	/* NOP options */
		put16(nh + 10, (uint16_t)~ref_fold(ref_sum(nh, ihl, 0)));
		th = nh + ihl;
	}
	put16(th, f->sport);
	put16(th + 2, f->dport);
	if (f->udp) {
		put16(th + 4, (uint16_t)l4len);
		put16(th + 6, 0);
	} else {
		put32(th + 4, f->seq);
		put32(th + 8, f->ack);
		th[12] = (uint8_t)((thlen / 4) << 4);
		th[13] = f->flags;
		put16(th + 14, f->win);
		put16(th + 16, 0);
		put16(th + 18, 0);
		for (unsigned int i = 0; i < f->tcpopt; i++)
			th[20 + i] = i < 2 ? 1 : (uint8_t)(f->optval + i);
	}
	for (unsigned int i = 0; i < f->pay; i++)
		th[thlen + i] = g_pay(f->pay_off + i);
	/* L4 checksum over the pseudo header (independent of the library). */
	s = f->v6 ? ref_sum(nh + 8, 32, 0) : ref_sum(nh + 12, 8, 0);
	s += (l4len >> 16) + (l4len & 0xffff) + proto;
	s = ref_sum(th, l4len, s);
	if (!(f->udp && f->zero_udp_csum)) {
		uint16_t c = (uint16_t)~ref_fold(s);

		if (f->udp && c == 0)
			c = 0xffff;
		if (f->bad_csum)
			c ^= 0x1234;
		put16(th + (f->udp ? 6 : 16), c);
	}
	(void)l3len;
	return (unsigned int)(th - buf) + l4len;
}

/* Builds the skb of @f as a driver would, after eth_type_trans(). */
struct sk_buff *build_rx(const struct fspec *f, uint8_t *copy, unsigned int *copy_len)
{
	uint8_t frame[G_MAXFRAME];
	unsigned int len = build_frame(f, frame);
	struct sk_buff *skb;
	struct page *page;

	assert_true(len <= G_MAXFRAME);
	if (copy) {
		memcpy(copy, frame, len);
		*copy_len = len;
	}
	page = page_pool_dev_alloc_pages(pp);
	assert_non_null(page);
	if (!f->split || f->pay == 0) {
		skb = napi_build_skb(page_address(page), PAGE_SIZE);
		assert_non_null(skb);
		skb_mark_for_recycle(skb);
		skb_reserve(skb, G_HEADROOM);
		memcpy(skb_put(skb, len), frame, len);
	} else {
		unsigned int hl = len - f->pay;

		skb = napi_alloc_skb(NULL, 256);
		assert_non_null(skb);
		skb_mark_for_recycle(skb);
		memcpy(skb_put(skb, hl), frame, hl);
		memcpy((uint8_t *)page_address(page) + 64, frame + hl, f->pay);
		skb_add_rx_frag(skb, 0, page, 64, (int)f->pay, PAGE_SIZE);
	}
	skb->protocol = eth_type_trans(skb, &gdev);
	skb->ip_summed = f->csum_mode;
	if (f->csum_mode == CHECKSUM_COMPLETE)
		skb->csum = skb_checksum(skb, 0, (int)skb->len, 0);
	if (f->hw_vlan) {
		skb->vlan_proto = rte_cpu_to_be_16(0x8100);
		skb->vlan_tci = f->hw_vlan;
	}
	skb->hash = f->hash;
	return skb;
}

static void g_deliver(struct gro_node *g, struct sk_buff_head *list)
{
	(void)g;
	skb_queue_splice_tail_init(list, &delivered);
}

static void gro_setup(void)
{
	gro_init(&gro);
	gro.deliver = g_deliver;
	__skb_queue_head_init(&delivered);
}

struct gin gins[G_MAXIN];

unsigned int nr_gin;

static bool gin_used[G_MAXIN];

/* true: a segment may match any unmatched input of its flow (a packet the
 * kernel passes on while an older train of its flow is still held) */
bool g_any_order;

gro_result_t feed(const struct fspec *f)
{
	struct sk_buff *skb;

	assert_true(nr_gin < G_MAXIN);
	skb = build_rx(f, gins[nr_gin].bytes, &gins[nr_gin].len);
	gins[nr_gin].flow = f->sport;
	nr_gin++;
	return gro_receive_skb(&gro, skb);
}

/* Ends the poll: everything held is completed and delivered. */
void g_flush_all(void)
{
	gro_flush(&gro, false);
	gro_normal_list(&gro);
}

/* The @i-th delivered skb (0-based), NULL past the end. */
struct sk_buff *g_out(unsigned int i)
{
	struct sk_buff *skb;

	skb_queue_walk(&delivered, skb)
		if (i-- == 0)
			return skb;
	return NULL;
}

/* Per flow, the index of the next input frame to match. */
static unsigned int next_in_of(uint16_t flow, unsigned int *cursor)
{
	for (unsigned int i = *cursor; i < nr_gin; i++)
		if (gins[i].flow == flow) {
			*cursor = i + 1;
			return i;
		}
	fail_msg("flow %u: more output than input", flow);
	return 0;
}

static void compare_seg(const struct sk_buff *seg, unsigned int *cursors)
{
	static uint8_t buf[70000];
	uint16_t flow;
	unsigned int i;
	const uint8_t *l3;
	unsigned int l2 = 14;

	assert_true(seg->len <= sizeof(buf));
	assert_int_equal(skb_copy_bits(seg, 0, buf, (int)seg->len), 0);
	if (be16(buf + 12) == 0x8100)
		l2 = 18;
	l3 = buf + l2;
	if ((l3[0] >> 4) == 6) {
		unsigned int off = 40;
		uint8_t nx = l3[6];

		/* past the extension headers */
		while ((nx == 0 || nx == 43 || nx == 60 || nx == 44) && l2 + off + 8 <= seg->len) {
			unsigned int len = nx == 44 ? 8 : (l3[off + 1] + 1u) * 8;

			nx = l3[off];
			off += len;
		}
		flow = be16(l3 + off);
	} else {
		flow = be16(l3 + (l3[0] & 15) * 4);
	}
	if (g_any_order) {
		for (i = 0; i < nr_gin; i++)
			if (!gin_used[i] && gins[i].flow == flow && gins[i].len == seg->len &&
			    memcmp(buf, gins[i].bytes, seg->len) == 0)
				break;
		if (i == nr_gin)
			fail_msg("flow %u: a segment of %u bytes matches no input", flow, seg->len);
	} else {
		i = next_in_of(flow, &cursors[flow]);
	}
	gin_used[i] = true;
	if (seg->len != gins[i].len || memcmp(buf, gins[i].bytes, seg->len) != 0) {
		unsigned int d = 0;

		while (d < seg->len && d < gins[i].len && buf[d] == gins[i].bytes[d])
			d++;
		fail_msg("input %u (flow %u): %u bytes out, %u in, first difference at %u", i,
			 flow, seg->len, gins[i].len, d);
	}
}

/*
 * Round trip of everything delivered: each skb back at its mac header,
 * segmented in software (NETIF_F_SG, no checksum offload: full checksums
 * written), every segment equal to the next input frame of its flow; all
 * inputs matched. Frees the delivered skbs.
 */
void g_round_trip(void)
{
	static unsigned int cursors[65536];
	struct sk_buff *skb;
	unsigned int segs_total = 0;

	memset(cursors, 0, sizeof(cursors));
	memset(gin_used, 0, sizeof(gin_used));
	while ((skb = __skb_dequeue(&delivered)) != NULL) {
		struct sk_buff *segs, *seg, *next;

		assert_true(skb_mac_header_was_set(skb));
		skb_push(skb, (unsigned int)(skb->data - skb_mac_header(skb)));
		segs = skb_gso_segment(skb, NETIF_F_SG);
		assert_false(IS_ERR(segs));
		if (segs == NULL) {
			compare_seg(skb, cursors);
			segs_total++;
		} else {
			for (seg = segs; seg; seg = next) {
				next = seg->next;
				seg->next = NULL;
				compare_seg(seg, cursors);
				segs_total++;
				consume_skb(seg);
			}
		}
		consume_skb(skb);
	}
	assert_int_equal(segs_total, nr_gin);
	nr_gin = 0;
}



int case_setup(void **state)
{
	int ret = skb_case_setup(state);

	gro_setup();
	nr_gin = 0;
	g_any_order = false;
	return ret;
}

int case_teardown(void **state)
{
	(void)state;
	gro_cleanup(&gro);
	__skb_queue_purge(&delivered);
	return skb_case_quiet(pp);
}

/* Feeds @n in-order segments of @f (seq, id and payload advance). */
void feed_train(struct fspec *f, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		feed(f);
		f->seq += f->pay;
		f->pay_off += f->pay;
		f->id++;
	}
}

void check_tcp_gso(const struct sk_buff *skb, unsigned int segs, unsigned int mss,
			  unsigned int type)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);

	assert_int_equal(sh->gso_segs, segs);
	assert_int_equal(sh->gso_size, mss);
	assert_int_equal(sh->gso_type, type);
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	assert_int_equal(skb->csum_start, skb->transport_header);
	assert_int_equal(skb->csum_offset, (type & SKB_GSO_UDP_L4) ? 6 : 16);
}

int gro_run(const char *name, const struct CMUnitTest *tests, size_t n)
{
	int ret;

	nm_test_eal_init(1, NULL);
	pp = host_pool_create(1024, 0, "t_gro");
	if (IS_ERR_OR_NULL(pp)) {
		fprintf(stderr, "page_pool_create failed\n");
		return 1;
	}
	ret = _cmocka_run_group_tests(name, tests, n, NULL, NULL);
	page_pool_destroy(pp);
	nm_page_pool_reap();
	rte_eal_cleanup();
	return ret;
}
