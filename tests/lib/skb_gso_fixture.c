/* SPDX-License-Identifier: BSD-3-Clause */
/* checksum and segmentation test fixture (skb_gso_fixture.h): the helpers, compiled once. */
#define _GNU_SOURCE
#include "skb_gso_fixture.h"

static struct page_pool *pp;		/* host pages, owned by this lcore */



/* ---------------------------------------------------------------------- */
/* Independent checksum (big-endian 16-bit words, bytewise)               */
/* ---------------------------------------------------------------------- */

/* The library's folded checksum, read as the big-endian value it stores. */
uint16_t lib_fold_be(__wsum w)
{
	__sum16 f = csum_fold(w);
	const uint8_t *b = (const uint8_t *)&f;

	return (uint16_t)(b[0] << 8 | b[1]);
}

uint64_t ref_pseudo(const uint8_t *nh, bool v6, uint32_t l4len, uint8_t proto)
{
	uint64_t s = v6 ? ref_sum(nh + 8, 32, 0) : ref_sum(nh + 12, 8, 0);

	return s + (l4len >> 16) + (l4len & 0xffff) + proto;
}

static uint8_t pay(size_t i)
{
	return (uint8_t)((i * 7) ^ (i >> 7) ^ 0x5a);
}

/* ---------------------------------------------------------------------- */
/* Cases: setup and the no-leak teardown                                  */
/* ---------------------------------------------------------------------- */

int case_teardown(void **state)
{
	(void)state;
	return skb_case_quiet(pp);
}

void pkt_make(struct pkt *p, const struct spec *s)
{
	unsigned int l4hlen = s->udp ? 8 : 20 + s->tcpopt;
	unsigned int l3hlen = s->v6 ? 40 : 20 + s->ipopt;
	uint8_t *b, *nh, *th;

	memset(p, 0, sizeof(*p));
	p->s = *s;
	p->nhoff = s->vlan ? 18 : 14;
	p->thoff = p->nhoff + l3hlen;
	p->thlen = l4hlen;
	p->hdr = p->thoff + l4hlen;
	p->len = p->hdr + s->payload;
	p->buf = calloc(1, p->len);
	assert_non_null(p->buf);
	b = p->buf;
	memcpy(b, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02", 12);
	if (s->vlan) {
		put16(b + 12, 0x8100);
		put16(b + 14, 0x0123);
	}
	put16(b + p->nhoff - 2, s->v6 ? 0x86dd : 0x0800);
	nh = b + p->nhoff;
	if (s->v6) {
		nh[0] = 0x60;
		nh[1] = 0x0a;
		put16(nh + 4, (uint16_t)(l4hlen + s->payload));
		nh[6] = s->udp ? 17 : 6;
		nh[7] = 64;
		for (int i = 0; i < 16; i++) {
			nh[8 + i] = (uint8_t)(0x20 + i);
			nh[24 + i] = (uint8_t)(0x40 + 3 * i);
		}
	} else {
		nh[0] = (uint8_t)(0x40 | (l3hlen / 4));
		nh[1] = 0x10;
		put16(nh + 2, (uint16_t)(p->len - p->nhoff));
		put16(nh + 4, 0xfff0);	/* the ids wrap */
		put16(nh + 6, s->df ? 0x4000 : 0);
		nh[8] = 64;
		nh[9] = s->udp ? 17 : 6;
		put32(nh + 12, 0x0a000001);
		put32(nh + 16, 0x0a000102);
		for (unsigned int i = 20; i < l3hlen; i++)
			nh[i] = 1;	/* NOP options */
		put16(nh + 10, (uint16_t)~ref_fold(ref_sum(nh, l3hlen, 0)));
	}
	th = b + p->thoff;
	if (s->udp) {
		put16(th, 5000);
		put16(th + 2, 6000);
		put16(th + 4, (uint16_t)(8 + s->payload));
	} else {
		put16(th, 1234);
		put16(th + 2, 80);
		put32(th + 4, 0xffffe000);	/* the sequence wraps */
		put32(th + 8, 0x11223344);
		th[12] = (uint8_t)((l4hlen / 4) << 4);
		th[13] = s->flags;
		put16(th + 14, 0xffff);
		for (unsigned int i = 20; i < l4hlen; i++)
			th[i] = 1;
	}
	for (unsigned int i = 0; i < s->payload; i++)
		b[p->hdr + i] = pay(i);
}

void pkt_free(struct pkt *p)
{
	free(p->buf);
}

const char *const layout_name[L_NR] = {
	"linear", "pp_frags", "page_frags", "frag_list", "mixed"
};

static struct page *pages_held[MAX_PAGES];

static unsigned int nr_pages_held;

void pages_check_and_put(void)
{
	for (unsigned int i = 0; i < nr_pages_held; i++) {
		assert_int_equal(page_ref_count(pages_held[i]), 1);
		put_page(pages_held[i]);
	}
	nr_pages_held = 0;
}

/* Appends @n bytes of @src as frags of page_pool (or alloc_page) pages to
 * @skb, at odd offsets; returns bytes added (until MAX_SKB_FRAGS). */
unsigned int add_frags(struct sk_buff *skb, const uint8_t *src, unsigned int n,
			      bool use_pp, unsigned int max_frags)
{
	unsigned int done = 0;

	while (done < n && skb_shinfo(skb)->nr_frags < max_frags) {
		int i = skb_shinfo(skb)->nr_frags;
		unsigned int off = (unsigned int)(i * 37 + 1) % 97;
		unsigned int chunk = (unsigned int)PAGE_SIZE - off - (unsigned int)(i * 11) % 50;
		struct page *page;

		if (chunk > n - done)
			chunk = n - done;
		if (use_pp) {
			page = page_pool_dev_alloc_pages(pp);
			assert_non_null(page);
		} else {
			page = alloc_page(GFP_ATOMIC);
			assert_non_null(page);
			assert_true(nr_pages_held < MAX_PAGES);
			get_page(page);
			pages_held[nr_pages_held++] = page;
		}
		memcpy((uint8_t *)page_address(page) + off, src + done, chunk);
		skb_add_rx_frag(skb, i, page, (int)off, (int)chunk, PAGE_SIZE);
		done += chunk;
	}
	if (use_pp)
		skb_mark_for_recycle(skb);
	return done;
}

/* An skb of @lin linear bytes of @src (no headroom beyond HEADROOM). */
struct sk_buff *linear_skb(const uint8_t *src, unsigned int lin, unsigned int headroom)
{
	struct sk_buff *skb = alloc_skb(headroom + lin, GFP_ATOMIC);

	assert_non_null(skb);
	skb_reserve(skb, (int)headroom);
	if (lin)
		assert_non_null(skb_put_data(skb, src, lin));
	return skb;
}

/* The packet @p in an skb of layout @lay; data at the mac header. */
struct sk_buff *pkt_skb(const struct pkt *p, enum layout lay)
{
	const uint8_t *b = p->buf;
	struct sk_buff *skb, *last = NULL;
	unsigned int pos, lin;

	switch (lay) {
	case L_LINEAR:
		skb = linear_skb(b, p->len, HEADROOM);
		break;
	case L_PP:
	case L_PAGES:
		lin = p->hdr + (lay == L_PAGES ? RTE_MIN(101u, p->s.payload) : 0);
		skb = linear_skb(b, lin, HEADROOM);
		pos = lin + add_frags(skb, b + lin, p->len - lin, lay == L_PP, MAX_SKB_FRAGS);
		assert_int_equal(pos, p->len);
		break;
	case L_FRAGLIST:
	case L_MIXED:
	default:
		lin = p->hdr + RTE_MIN(lay == L_MIXED ? 333u : 1000u, p->s.payload);
		skb = linear_skb(b, lin, HEADROOM);
		pos = lin;
		if (lay == L_MIXED) {
			pos += add_frags(skb, b + pos, RTE_MIN(9000u, p->len - pos), true, 3);
			pos += add_frags(skb, b + pos, RTE_MIN(7000u, p->len - pos), false, 5);
		} else {
			pos += add_frags(skb, b + pos, RTE_MIN(5000u, p->len - pos), true, 2);
		}
		/* Children: linear only, frags only, both; odd sizes. */
		for (int k = 0; pos < p->len; k++) {
			unsigned int want = 2900u + (unsigned int)(k * 1237) % 4000u;
			struct sk_buff *c;

			if (want > p->len - pos)
				want = p->len - pos;
			switch (k % 3) {
			case 0:	/* linear */
				c = linear_skb(b + pos, want, 0);
				break;
			case 1:	/* frags only */
				c = linear_skb(b, 0, 0);
				assert_int_equal(add_frags(c, b + pos, want, k % 2, MAX_SKB_FRAGS),
						 want);
				break;
			default:	/* both */
				lin = RTE_MIN(want, 777u);
				c = linear_skb(b + pos, lin, 0);
				assert_int_equal(lin + add_frags(c, b + pos + lin, want - lin, true,
								 MAX_SKB_FRAGS), want);
				break;
			}
			add_child(skb, &last, c);
			pos += want;
		}
		break;
	}
	skb_reset_mac_header(skb);
	skb->network_header = (__u16)(skb->mac_header + p->nhoff);
	skb->transport_header = (__u16)(skb->mac_header + p->thoff);
	skb_shinfo(skb)->gso_size = (unsigned short)p->s.mss;
	skb_shinfo(skb)->gso_type = (p->s.udp ? SKB_GSO_UDP_L4 :
				     p->s.v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4) | p->s.extra_type;
	if (p->s.partial_csum) {
		/* As the stack leaves it: pseudo-header in the check field. */
		uint8_t ph[2];
		unsigned int coff = p->thoff + (p->s.udp ? 6 : 16);

		put16(ph, ref_fold(ref_pseudo(p->buf + p->nhoff, p->s.v6, p->len - p->thoff,
					      p->s.udp ? 17 : 6)));
		memcpy(skb->data + coff, ph, 2);
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = (__u16)(skb_headroom(skb) + p->thoff);
		skb->csum_offset = p->s.udp ? 6 : 16;
	}
	assert_int_equal(skb->len, p->len);
	return skb;
}

/* ---------------------------------------------------------------------- */
/* Checking segments                                                      */
/* ---------------------------------------------------------------------- */

static bool feat_csum(const struct pkt *p, netdev_features_t f)
{
	return (f & NETIF_F_HW_CSUM) || (f & (p->s.v6 ? NETIF_F_IPV6_CSUM : NETIF_F_IP_CSUM));
}

/* Bytes of @seg, flat (malloc'd). */
uint8_t *seg_bytes(const struct sk_buff *seg)
{
	uint8_t *b = malloc(seg->len + 1);

	assert_non_null(b);
	assert_int_equal(skb_copy_bits(seg, 0, b, (int)seg->len), 0);
	return b;
}

/* The L4 checksum of flat segment bytes @b is right. */
void assert_l4_csum_ok(const struct pkt *p, const uint8_t *b, unsigned int len)
{
	unsigned int l4len = len - p->thoff;
	uint64_t s = ref_pseudo(b + p->nhoff, p->s.v6, l4len, p->s.udp ? 17 : 6);

	s = ref_sum(b + p->thoff, l4len, s);
	assert_int_equal(ref_fold(s), 0xffff);
}

/*
 * Checks every segment against @p, then trims / re-heads some of them and
 * frees the list. Returns the number of segments.
 */
unsigned int check_segs(const struct pkt *p, struct sk_buff *segs, netdev_features_t f,
			       const struct expect *ex)
{
	bool csum = feat_csum(p, f);
	unsigned int k = 0, poff = 0, idx = 0;
	uint16_t id0 = be16(p->buf + p->nhoff + 4);
	uint32_t seq0 = p->s.udp ? 0 : be32(p->buf + p->thoff + 4);
	uint8_t flags0 = p->s.udp ? 0 : p->buf[p->thoff + 13];
	bool fixedid = (p->s.extra_type & SKB_GSO_TCP_FIXEDID) != 0;
	struct sk_buff *seg, *next, *last = NULL;

	assert_false(IS_ERR_OR_NULL(segs));
	for (seg = segs; seg; seg = seg->next)
		last = seg;
	assert_ptr_equal(segs->prev, last);

	for (seg = segs; seg; seg = seg->next, k++) {
		uint8_t *b = seg_bytes(seg);
		unsigned int plen = seg->len - p->hdr;
		const uint8_t *nh = b + p->nhoff, *th = b + p->thoff;
		const uint8_t *onh = p->buf + p->nhoff, *oth = p->buf + p->thoff;
		bool is_gso = skb_is_gso(seg);
		/* GSO partial: the IP length of one MSS segment. */
		bool gp = is_gso && (skb_shinfo(seg)->gso_type & SKB_GSO_PARTIAL);

		assert_true(seg->len > p->hdr);
		assert_ptr_equal(skb_mac_header(seg), seg->data);
		assert_int_equal(seg->network_header, seg->mac_header + p->nhoff);
		assert_int_equal(seg->transport_header, seg->mac_header + p->thoff);
		if (!ex->partial) {
			assert_false(is_gso);
			assert_int_equal(plen, RTE_MIN(p->s.mss, p->s.payload - poff));
		}
		/* Payload: the right slice. */
		assert_true(poff + plen <= p->s.payload);
		assert_memory_equal(b + p->hdr, p->buf + p->hdr + poff, plen);
		/* L2 unchanged. */
		assert_memory_equal(b, p->buf, p->nhoff);
		/* L3 */
		if (p->s.v6) {
			unsigned int want = gp ? skb_shinfo(seg)->gso_size + p->thlen :
				seg->len - p->nhoff - 40;

			assert_memory_equal(nh, onh, 4);
			assert_int_equal(be16(nh + 4), want);
			assert_memory_equal(nh + 6, onh + 6, 34);
		} else {
			unsigned int ihl = (onh[0] & 0xf) * 4u;
			unsigned int want = gp ?
				skb_shinfo(seg)->gso_size + p->thoff - p->nhoff + p->thlen :
				seg->len - p->nhoff;

			assert_memory_equal(nh, onh, 2);
			assert_int_equal(be16(nh + 2), want);
			assert_int_equal(be16(nh + 4), fixedid ? id0 : (uint16_t)(id0 + idx));
			assert_memory_equal(nh + 6, onh + 6, 4);
			assert_memory_equal(nh + 12, onh + 12, ihl - 12);
			assert_int_equal(ref_fold(ref_sum(nh, ihl, 0)), 0xffff);
		}
		idx += is_gso ? skb_shinfo(seg)->gso_segs : 1;
		/* L4 */
		if (p->s.udp) {
			assert_memory_equal(th, oth, 4);
			assert_int_equal(be16(th + 4), seg->len - p->thoff);
		} else {
			uint8_t want = flags0;

			if (seg->next)
				want &= (uint8_t)~(TCP_FIN | TCP_PSH);
			if (k)
				want &= (uint8_t)~TCP_CWR;
			assert_memory_equal(th, oth, 4);
			assert_int_equal(be32(th + 4), (uint32_t)(seq0 + poff));
			assert_memory_equal(th + 8, oth + 8, 5);
			assert_int_equal(th[13], want);
			assert_memory_equal(th + 14, oth + 14, 2);
			assert_memory_equal(th + 18, oth + 18, p->thlen - 18);
		}
		if (csum) {
			unsigned int coff = p->thoff + (p->s.udp ? 6 : 16);
			uint16_t ph = ref_fold(ref_pseudo(nh, p->s.v6, seg->len - p->thoff,
							  p->s.udp ? 17 : 6));

			assert_int_equal(seg->ip_summed, CHECKSUM_PARTIAL);
			assert_int_equal(seg->csum_start, skb_headroom(seg) + p->thoff);
			assert_int_equal(seg->csum_offset, p->s.udp ? 6 : 16);
			assert_int_equal(be16(b + coff), ph);
			if (!is_gso && skb_frags_readable(seg)) {
				/* Resolve in software: now the full checksum is right. */
				assert_int_equal(skb_checksum_help(seg), 0);
				assert_int_equal(seg->ip_summed, CHECKSUM_NONE);
				free(b);
				b = seg_bytes(seg);
				assert_l4_csum_ok(p, b, seg->len);
			}
		} else {
			assert_int_equal(seg->ip_summed, CHECKSUM_NONE);
			assert_l4_csum_ok(p, b, seg->len);
		}
		poff += plen;
		free(b);
	}
	assert_int_equal(poff, p->s.payload);
	if (ex->nsegs)
		assert_int_equal(k, ex->nsegs);

	/* What a user may do next: trim, re-head, free. */
	k = 0;
	for (seg = segs; seg; seg = next, k++) {
		next = seg->next;
		seg->next = NULL;
		if (k % 3 == 0)
			assert_int_equal(pskb_trim(seg, seg->len - 7), 0);
		else if (k % 3 == 1)
			assert_int_equal(pskb_expand_head(seg, 64, 32, GFP_ATOMIC), 0);
		kfree_skb(seg);
	}
	return k;
}

unsigned int div_up(unsigned int a, unsigned int b)
{
	return (a + b - 1) / b;
}

/* Segments @p in layout @lay with @f and checks everything. */
void run_one(const struct spec *s, enum layout lay, netdev_features_t f)
{
	struct expect ex = { 0 };
	struct sk_buff *skb, *segs;
	struct pkt p;

	pkt_make(&p, s);
	skb = pkt_skb(&p, lay);
	segs = skb_gso_segment(skb, f);
	if (IS_ERR_OR_NULL(segs))
		fail_msg("%s: skb_gso_segment: %ld (v6 %d udp %d payload %u mss %u f %#llx)",
			 layout_name[lay], PTR_ERR(segs), s->v6, s->udp, s->payload, s->mss,
			 (unsigned long long)f);
	/* The original is as it came: data at the mac header. */
	assert_ptr_equal(skb->data, skb_mac_header(skb));
	assert_int_equal(skb->len, p.len);
	ex.nsegs = div_up(s->payload, s->mss);
	check_segs(&p, segs, f, &ex);
	consume_skb(skb);
	pages_check_and_put();
	pkt_free(&p);
}

int skb_gso_run(const char *name, const struct CMUnitTest *tests, size_t n)
{
	int ret;

	nm_test_eal_init(1, NULL);
	pp = host_pool_create(1024, 0, "t_gso");
	if (IS_ERR_OR_NULL(pp)) {
		fprintf(stderr, "page_pool_create failed\n");
		return 1;
	}
	srand(1);
	ret = _cmocka_run_group_tests(name, tests, n, NULL, NULL);
	page_pool_destroy(pp);
	nm_page_pool_reap();
	rte_eal_cleanup();
	return ret;
}
