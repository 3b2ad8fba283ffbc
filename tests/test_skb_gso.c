/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of checksums (csum_partial, skb_checksum, skb_checksum_help)
 * and of segmentation (skb_segment, skb_gso_segment).
 *
 * GSO skbs of TCPv4, TCPv6 and UDP (IPv4 and IPv6) up to ~64 KB, MSS 1448
 * and odd sizes, carry their payload in the linear part, in frags of
 * page_pool pages or of alloc_page() pages, in a frag_list, or all of these.
 * Each segment is checked byte for byte against a flat copy of the packet:
 * headers, the right slice of payload, IP/TCP/UDP fields, and checksums
 * verified with an independent routine written here. Segments are then
 * trimmed, re-headed (pskb_expand_head) and freed; every case ends with no
 * skb, page_pool page or page reference left behind and no API misuse
 * reported (unless the case provokes one on purpose).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_memory.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/skbuff.h>

#include "test_bytes.h"
#include "test_skb_util.h"
#include "test_common.h"

#define HEADROOM	128
#define MSS		1448

static struct page_pool *pp;		/* host pages, owned by this lcore */
static uint64_t misuse0;
static struct nm_skb_stats stats0;

/* ---------------------------------------------------------------------- */
/* Independent checksum (big-endian 16-bit words, bytewise)               */
/* ---------------------------------------------------------------------- */

/* The library's folded checksum, read as the big-endian value it stores. */
static uint16_t lib_fold_be(__wsum w)
{
	__sum16 f = csum_fold(w);
	const uint8_t *b = (const uint8_t *)&f;

	return (uint16_t)(b[0] << 8 | b[1]);
}

static uint64_t ref_pseudo(const uint8_t *nh, bool v6, uint32_t l4len, uint8_t proto)
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

static int case_setup(void **state)
{
	(void)state;
	misuse0 = nm_misuse_count();
	nm_skb_get_stats(&stats0);
	return 0;
}

static int case_teardown(void **state)
{
	struct nm_skb_stats st;

	(void)state;
	nm_skb_get_stats(&st);
	if (st.live != stats0.live) {
		fprintf(stderr, "leak: %" PRIu64 " skbs live, %" PRIu64 " before\n", st.live,
			stats0.live);
		return -1;
	}
	if (page_pool_inflight(pp) != 0) {
		fprintf(stderr, "leak: %ld page_pool pages in flight\n", page_pool_inflight(pp));
		return -1;
	}
	if (nm_misuse_count() != misuse0) {
		fprintf(stderr, "misuse reported: %" PRIu64 "\n", nm_misuse_count() - misuse0);
		return -1;
	}
	return 0;
}

static uint64_t copied_now(void)
{
	struct nm_skb_stats st;

	nm_skb_get_stats(&st);
	return st.copied_bytes;
}

/* ---------------------------------------------------------------------- */
/* Building packets                                                       */
/* ---------------------------------------------------------------------- */

struct spec {
	bool v6, udp, vlan, df, partial_csum;
	unsigned int ipopt;	/* IPv4 option bytes, multiple of 4 */
	unsigned int tcpopt;	/* TCP option bytes, multiple of 4 */
	uint8_t flags;		/* TCP flags */
	unsigned int payload;
	unsigned int mss;
	unsigned int extra_type;	/* more gso_type bits */
};

/* What a packet looks like, flat. */
struct pkt {
	uint8_t *buf;
	unsigned int len;
	unsigned int nhoff, thoff, thlen, hdr;
	struct spec s;
};

#define TCP_FIN	0x01
#define TCP_SYN	0x02
#define TCP_PSH	0x08
#define TCP_ACK	0x10
#define TCP_ECE	0x40
#define TCP_CWR	0x80

static void pkt_make(struct pkt *p, const struct spec *s)
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

static void pkt_free(struct pkt *p)
{
	free(p->buf);
}

enum layout {
	L_LINEAR,	/* everything in the head */
	L_PP,		/* headers in the head, payload in page_pool frags */
	L_PAGES,	/* headers + a little payload in the head, alloc_page frags */
	L_FRAGLIST,	/* head payload, frags and a frag_list */
	L_MIXED,	/* every kind at once */
	L_NR
};

static const char *const layout_name[L_NR] = {
	"linear", "pp_frags", "page_frags", "frag_list", "mixed"
};

/* alloc_page() pages given to skbs: a reference of ours is kept on each to
 * check they come back to exactly it. */
#define MAX_PAGES 128
static struct page *pages_held[MAX_PAGES];
static unsigned int nr_pages_held;

static void pages_check_and_put(void)
{
	for (unsigned int i = 0; i < nr_pages_held; i++) {
		assert_int_equal(page_ref_count(pages_held[i]), 1);
		put_page(pages_held[i]);
	}
	nr_pages_held = 0;
}

/* Appends @n bytes of @src as frags of page_pool (or alloc_page) pages to
 * @skb, at odd offsets; returns bytes added (until MAX_SKB_FRAGS). */
static unsigned int add_frags(struct sk_buff *skb, const uint8_t *src, unsigned int n,
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
static struct sk_buff *linear_skb(const uint8_t *src, unsigned int lin, unsigned int headroom)
{
	struct sk_buff *skb = alloc_skb(headroom + lin, GFP_ATOMIC);

	assert_non_null(skb);
	skb_reserve(skb, (int)headroom);
	if (lin)
		assert_non_null(skb_put_data(skb, src, lin));
	return skb;
}

/* The packet @p in an skb of layout @lay; data at the mac header. */
static struct sk_buff *pkt_skb(const struct pkt *p, enum layout lay)
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
static uint8_t *seg_bytes(const struct sk_buff *seg)
{
	uint8_t *b = malloc(seg->len + 1);

	assert_non_null(b);
	assert_int_equal(skb_copy_bits(seg, 0, b, (int)seg->len), 0);
	return b;
}

/* The L4 checksum of flat segment bytes @b is right. */
static void assert_l4_csum_ok(const struct pkt *p, const uint8_t *b, unsigned int len)
{
	unsigned int l4len = len - p->thoff;
	uint64_t s = ref_pseudo(b + p->nhoff, p->s.v6, l4len, p->s.udp ? 17 : 6);

	s = ref_sum(b + p->thoff, l4len, s);
	assert_int_equal(ref_fold(s), 0xffff);
}

struct expect {
	unsigned int nsegs;		/* 0: not checked */
	bool partial;			/* GSO partial segments */
};

/*
 * Checks every segment against @p, then trims / re-heads some of them and
 * frees the list. Returns the number of segments.
 */
static unsigned int check_segs(const struct pkt *p, struct sk_buff *segs, netdev_features_t f,
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

static unsigned int div_up(unsigned int a, unsigned int b)
{
	return (a + b - 1) / b;
}

/* Segments @p in layout @lay with @f and checks everything. */
static void run_one(const struct spec *s, enum layout lay, netdev_features_t f)
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

static const netdev_features_t feature_sets[] = {
	0,					/* copy + software checksum */
	NETIF_F_SG,				/* share + software checksum */
	NETIF_F_SG | NETIF_F_HW_CSUM,		/* share + offload */
	NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM,
	NETIF_F_HW_CSUM,			/* copy + offload */
};

static void run_matrix(struct spec s)
{
	static const unsigned int sizes[][2] = {
		{ 45 * MSS, MSS },	/* 65160: ~64 KB, all full */
		{ 63001, MSS },		/* last segment short, odd */
		{ MSS + 1, MSS },	/* two, the last one byte */
		{ 4097, 999 },		/* odd MSS */
	};

	for (unsigned int z = 0; z < RTE_DIM(sizes); z++) {
		s.payload = sizes[z][0];
		s.mss = sizes[z][1];
		for (int lay = 0; lay < L_NR; lay++)
			for (unsigned int fi = 0; fi < RTE_DIM(feature_sets); fi++) {
				s.partial_csum = (fi + (unsigned int)lay) % 2;
				run_one(&s, (enum layout)lay, feature_sets[fi]);
			}
	}
}

/* ---------------------------------------------------------------------- */
/* Checksums                                                              */
/* ---------------------------------------------------------------------- */

static void test_csum_partial(void **state)
{
	/* RFC 1071's example: words 0001 f203 f4f5 f6f7 sum to ddf2. */
	static const uint8_t rfc[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	uint8_t buf[600];

	(void)state;
	assert_int_equal(lib_fold_be(csum_partial(rfc, 8, 0)), (uint16_t)~0xddf2);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(rand() & 0xff);
	buf[10] = 0xff;
	buf[11] = 0xff;
	for (int off = 0; off < 9; off++)
		for (int len = 0; len + off <= (int)sizeof(buf); len += (len < 80 ? 1 : 37)) {
			uint16_t want = (uint16_t)~ref_fold(ref_sum(buf + off, (size_t)len, 0));
			__wsum w = csum_partial(buf + off, len, 0);

			assert_int_equal(lib_fold_be(w), want);
			/* A running sum carries over, and a split at an even
			 * offset needs no rotation. */
			if (len >= 4) {
				w = csum_partial(buf + off + 2, len - 2, csum_partial(buf + off, 2, 0));
				assert_int_equal(lib_fold_be(w), want);
			}
		}
	/* All ones. */
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(lib_fold_be(csum_partial(buf, 513, 0)),
			 (uint16_t)~ref_fold(ref_sum(buf, 513, 0)));
}

/* An skb with a linear part, frags at odd offsets and a frag_list. */
static struct sk_buff *csum_skb(uint8_t *flat, unsigned int len)
{
	struct sk_buff *skb, *last = NULL;
	unsigned int pos;

	for (unsigned int i = 0; i < len; i++)
		flat[i] = (uint8_t)(rand() & 0xff);
	skb = linear_skb(flat, 333, HEADROOM);
	pos = 333 + add_frags(skb, flat + 333, 5001, true, 3);
	pos += add_frags(skb, flat + pos, 3003, false, 5);
	while (pos < len) {
		unsigned int n = RTE_MIN(1999u, len - pos);
		struct sk_buff *c = linear_skb(flat + pos, RTE_MIN(n, 501u), 0);

		if (n > 501)
			add_frags(c, flat + pos + 501, n - 501, true, MAX_SKB_FRAGS);
		add_child(skb, &last, c);
		pos += n;
	}
	assert_int_equal(skb->len, len);
	return skb;
}

static void test_skb_checksum(void **state)
{
	enum { LEN = 15000 };
	uint8_t *flat = malloc(LEN);
	struct sk_buff *skb;

	(void)state;
	assert_non_null(flat);
	skb = csum_skb(flat, LEN);
	for (int off = 0; off < LEN; off += 1 + off / 3) {
		for (int len = 0; off + len <= LEN; len += 1 + len / 2) {
			uint16_t want = (uint16_t)~ref_fold(ref_sum(flat + off, (size_t)len, 0));

			assert_int_equal(lib_fold_be(skb_checksum(skb, off, len, 0)), want);
		}
		/* An initial sum is added in. */
		{
			int len = LEN - off;
			uint64_t s = ref_sum(flat + off, (size_t)len, 0x1234);

			assert_int_equal(lib_fold_be(skb_checksum(skb, off, len,
								  csum_partial("\x12\x34", 2, 0))),
					 (uint16_t)~ref_fold(s));
		}
	}
	consume_skb(skb);
	pages_check_and_put();
	free(flat);
}

static void test_skb_checksum_misuse(void **state)
{
	uint8_t flat[400] = { 1, 2, 3 };
	struct sk_buff *skb = linear_skb(flat, sizeof(flat), HEADROOM);

	(void)state;
	assert_int_equal(skb_checksum(skb, 0, 401, 0), 0);
	assert_int_equal(skb_checksum(skb, -1, 4, 0), 0);
	assert_int_equal(skb_checksum(skb, 399, 2, 0), 0);
	assert_int_equal(nm_misuse_count() - misuse0, 3);
	misuse0 = nm_misuse_count();
	consume_skb(skb);
}

/* A TCPv4 packet with payload in frags, CHECKSUM_PARTIAL. */
static void test_checksum_help(void **state)
{
	struct spec s = { .payload = 6000, .mss = MSS, .partial_csum = true,
			  .flags = TCP_ACK | TCP_PSH };
	struct sk_buff *skb, *clone;
	struct pkt p;
	uint8_t *b, before[128];

	(void)state;
	pkt_make(&p, &s);
	/* On the original. */
	skb = pkt_skb(&p, L_PAGES);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	assert_int_equal(skb_checksum_help(skb), 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	b = seg_bytes(skb);
	assert_l4_csum_ok(&p, b, skb->len);
	free(b);
	/* Again: nothing to do. */
	assert_int_equal(skb_checksum_help(skb), 0);
	consume_skb(skb);

	/* On a clone: the shared head is not written, the clone gets its own. */
	skb = pkt_skb(&p, L_PP);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	clone = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(clone);
	memcpy(before, skb->data, p.hdr);
	assert_int_equal(skb_checksum_help(clone), 0);
	assert_memory_equal(skb->data, before, p.hdr);
	assert_ptr_not_equal(clone->head, skb->head);
	b = seg_bytes(clone);
	assert_l4_csum_ok(&p, b, clone->len);
	free(b);
	consume_skb(clone);

	/* Bad offsets: -EINVAL and the kernel's WARN (a counted misuse),
	 * nothing changed. */
	skb->csum_start = (__u16)(skb_headroom(skb) + skb_headlen(skb));
	assert_int_equal(skb_checksum_help(skb), -EINVAL);
	skb->csum_start = (__u16)(skb_headroom(skb) + p.thoff);
	skb->csum_offset = (__u16)(skb_headlen(skb) - p.thoff - 1);
	assert_int_equal(skb_checksum_help(skb), -EINVAL);
	skb->csum_start = (__u16)(skb_headroom(skb) - 1);
	assert_int_equal(skb_checksum_help(skb), -EINVAL);
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	/* A GSO skb is checksummed per segment (skb_warn_bad_offload). */
	skb->csum_start = (__u16)(skb_headroom(skb) + p.thoff);
	skb->csum_offset = 16;
	skb_shinfo(skb)->gso_size = MSS;
	assert_int_equal(skb_checksum_help(skb), -EINVAL);
	assert_memory_equal(skb->data, before, p.hdr);
	assert_int_equal(nm_misuse_count() - misuse0, 4);
	misuse0 = nm_misuse_count();
	consume_skb(skb);

	/* UDP: a zero checksum is sent as 0xffff. */
	{
		struct spec u = { .udp = true, .payload = 2, .partial_csum = true, .mss = 1 };
		struct pkt q;
		uint16_t sum;

		pkt_make(&q, &u);
		/* Pick payload bytes that make the checksum 0. */
		q.buf[q.hdr] = 0;
		q.buf[q.hdr + 1] = 0;
		sum = ref_fold(ref_sum(q.buf + q.thoff, 10,
				       ref_pseudo(q.buf + q.nhoff, false, 10, 17)));
		put16(q.buf + q.hdr, (uint16_t)~sum);
		skb = pkt_skb(&q, L_LINEAR);
		skb_shinfo(skb)->gso_size = 0;
		skb_shinfo(skb)->gso_type = 0;
		assert_int_equal(skb_checksum_help(skb), 0);
		assert_int_equal(be16(skb->data + q.thoff + 6), 0xffff);
		consume_skb(skb);
		pkt_free(&q);
	}
	pages_check_and_put();
	pkt_free(&p);
}

/* ---------------------------------------------------------------------- */
/* GSO                                                                    */
/* ---------------------------------------------------------------------- */

static void test_gso_tcp4(void **state)
{
	struct spec s = { .flags = TCP_ACK | TCP_PSH | TCP_FIN | TCP_CWR | TCP_ECE };

	(void)state;
	run_matrix(s);
}

static void test_gso_tcp6(void **state)
{
	struct spec s = { .v6 = true, .flags = TCP_ACK | TCP_PSH | TCP_CWR,
			  .extra_type = SKB_GSO_TCP_ECN };

	(void)state;
	run_matrix(s);
}

static void test_gso_udp4(void **state)
{
	struct spec s = { .udp = true };

	(void)state;
	run_matrix(s);
}

static void test_gso_udp6(void **state)
{
	struct spec s = { .udp = true, .v6 = true, .vlan = true };

	(void)state;
	run_matrix(s);
}

/* VLAN tag, IPv4 and TCP options, a fixed id (DF set, then clear). */
static void test_gso_options_vlan_fixedid(void **state)
{
	struct spec s = { .vlan = true, .ipopt = 12, .tcpopt = 12, .df = true,
			  .flags = TCP_ACK | TCP_PSH, .payload = 30001, .mss = 1400,
			  .extra_type = SKB_GSO_TCP_FIXEDID };

	(void)state;
	for (int lay = 0; lay < L_NR; lay++) {
		run_one(&s, (enum layout)lay, NETIF_F_SG | NETIF_F_HW_CSUM);
		run_one(&s, (enum layout)lay, NETIF_F_SG);
	}
	/* Without DF, as the current kernel (6.18, since "net: gro: remove
	 * unnecessary df checks", 2025): segmented, every segment keeping the
	 * id (the running kernel does it for a GRO-built skb of same-id DF-clear
	 * segments); older kernels refused it with -EINVAL. */
	s.df = false;
	for (int lay = 0; lay < L_NR; lay++) {
		run_one(&s, (enum layout)lay, NETIF_F_SG | NETIF_F_HW_CSUM);
		run_one(&s, (enum layout)lay, NETIF_F_SG);
	}
}

/* With SG and checksum offload, frags are shared: nothing is copied but
 * the linear payload bytes; the page_pool pages gain references. */
static void test_gso_zero_copy(void **state)
{
	struct spec s = { .flags = TCP_ACK, .payload = 45 * MSS, .mss = MSS };
	struct sk_buff *skb, *segs;
	struct pkt p;
	uint64_t c0;
	struct page *pg;
	long refs;

	(void)state;
	pkt_make(&p, &s);
	skb = pkt_skb(&p, L_PP);
	pg = skb_frag_page(&skb_shinfo(skb)->frags[1]);
	refs = *netmem_get_pp_ref_count_ref(page_to_netmem(pg));
	c0 = copied_now();
	segs = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
	assert_false(IS_ERR_OR_NULL(segs));
	assert_int_equal(copied_now() - c0, 0);
	/* Frag 1 (~4 KB) is shared by 3 or 4 segments. */
	assert_true(*netmem_get_pp_ref_count_ref(page_to_netmem(pg)) >= refs + 3);
	consume_skb(skb);	/* the segments keep the pages alive */
	{
		struct expect ex = { .nsegs = 45 };

		/* check_segs resolves the checksums in software: reads the pages. */
		check_segs(&p, segs, NETIF_F_SG | NETIF_F_HW_CSUM, &ex);
	}
	pkt_free(&p);
}

/* A timestamp request goes to the segment that carries tskey (TCP) or to
 * the first one (UDP), as the kernel's tcp_gso_tstamp(). */
static void test_gso_tstamp(void **state)
{
	(void)state;
	for (int udp = 0; udp < 2; udp++) {
		struct spec s = { .udp = udp, .flags = TCP_ACK, .payload = 10 * MSS, .mss = MSS };
		unsigned int want = udp ? 0 : 3, k = 0;
		struct sk_buff *skb, *segs, *seg;
		struct expect ex = { .nsegs = 10 };
		struct pkt p;

		pkt_make(&p, &s);
		skb = pkt_skb(&p, L_PP);
		skb_shinfo(skb)->tx_flags = SKBTX_SW_TSTAMP;
		/* A byte of the fourth segment (the sequence wraps on the way). */
		skb_shinfo(skb)->tskey = 0xffffe000u + 3 * MSS + 5;
		segs = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
		assert_false(IS_ERR_OR_NULL(segs));
		for (seg = segs; seg; seg = seg->next, k++) {
			bool has = skb_shinfo(seg)->tx_flags & SKBTX_SW_TSTAMP;

			assert_int_equal(has, k == want);
			if (has)
				assert_int_equal(skb_shinfo(seg)->tskey, 0xffffe000u + 3 * MSS + 5);
		}
		check_segs(&p, segs, NETIF_F_SG | NETIF_F_HW_CSUM, &ex);
		consume_skb(skb);
		pkt_free(&p);
	}
}

/* Offloaded or not GSO: NULL, nothing to do. */
static void test_gso_nothing_to_do(void **state)
{
	struct spec s = { .flags = TCP_ACK, .payload = 10000, .mss = MSS };
	struct sk_buff *skb;
	struct pkt p;
	uint8_t *b;

	(void)state;
	pkt_make(&p, &s);
	skb = pkt_skb(&p, L_PP);
	skb_shinfo(skb)->gso_segs = 1;
	assert_null(skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO));
	/* gso_segs recomputed, checksum set up for the device. */
	assert_int_equal(skb_shinfo(skb)->gso_segs, div_up(10000, MSS));
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	assert_int_equal(skb->csum_start, skb_headroom(skb) + p.thoff);
	assert_int_equal(skb->csum_offset, 16);
	b = seg_bytes(skb);
	assert_int_equal(be16(b + p.thoff + 16),
			 ref_fold(ref_pseudo(b + p.nhoff, false, p.len - p.thoff, 6)));
	free(b);
	assert_ptr_equal(skb->data, skb_mac_header(skb));
	/* SKB_GSO_DODGY needs no more: GSO_ROBUST is implied. */
	skb_shinfo(skb)->gso_type |= SKB_GSO_DODGY;
	assert_null(skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO));
	skb_shinfo(skb)->gso_type &= ~(unsigned int)SKB_GSO_DODGY;
	/* Not GSO at all. */
	skb_shinfo(skb)->gso_size = 0;
	assert_null(skb_gso_segment(skb, 0));
	consume_skb(skb);

	/* A frag_list needs NETIF_F_FRAGLIST too. */
	skb = pkt_skb(&p, L_FRAGLIST);
	assert_null(skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO |
					 NETIF_F_FRAGLIST));
	consume_skb(skb);
	pages_check_and_put();
	pkt_free(&p);
}

/* NETIF_F_GSO_PARTIAL: one GSO skb of MSS multiples and the rest. */
static void test_gso_partial(void **state)
{
	netdev_features_t f = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_GSO_PARTIAL;

	(void)state;
	for (int v6 = 0; v6 < 2; v6++)
		for (int udp = 0; udp < 2; udp++)
			for (int lay = 0; lay < L_NR; lay++) {
				/* Frag_list layouts: a segment of 44 MSS would need more
				 * than MAX_SKB_FRAGS frags (the kernel's -EINVAL "too
				 * many frags", below): smaller there. */
				bool list = lay == L_FRAGLIST || lay == L_MIXED;
				unsigned int n = list ? 6 : 44;
				struct spec s = { .v6 = v6, .udp = udp, .flags = TCP_ACK | TCP_FIN,
						  .payload = list ? 10000 : 65000, .mss = MSS };
				struct expect ex = { .nsegs = 2, .partial = true };
				struct sk_buff *skb, *segs;
				struct pkt p;

				pkt_make(&p, &s);
				skb = pkt_skb(&p, (enum layout)lay);
				segs = skb_gso_segment(skb, f);
				if (IS_ERR_OR_NULL(segs))
					fail_msg("v6 %d udp %d %s: %ld", v6, udp, layout_name[lay],
						 PTR_ERR(segs));
				assert_true(skb_is_gso(segs));
				assert_int_equal(skb_shinfo(segs)->gso_size, MSS);
				assert_int_equal(skb_shinfo(segs)->gso_segs, n);
				assert_true(skb_shinfo(segs)->gso_type & SKB_GSO_PARTIAL);
				assert_int_equal(segs->len - p.hdr, n * MSS);
				assert_false(skb_is_gso(segs->next));
				assert_int_equal(segs->next->len - p.hdr, s.payload - n * MSS);
				check_segs(&p, segs, f, &ex);
				consume_skb(skb);
				pages_check_and_put();
				pkt_free(&p);
			}
	/* Too many frags for one partial segment: -EINVAL, nothing leaked. */
	{
		struct spec s = { .flags = TCP_ACK, .payload = 65000, .mss = MSS };
		struct sk_buff *skb;
		struct pkt p;

		pkt_make(&p, &s);
		skb = pkt_skb(&p, L_MIXED);
		assert_ptr_equal(skb_gso_segment(skb, f), ERR_PTR(-EINVAL));
		kfree_skb(skb);
		pages_check_and_put();
		/* Without GSO_PARTIAL the same packet segments fine. */
		run_one(&s, L_MIXED, NETIF_F_SG | NETIF_F_HW_CSUM);
		pkt_free(&p);
	}
}

/*
 * skb_segment() as the kernel's: head_skb->data is left at the mac header
 * (the kernel pushes the headers and does not pull them back), and the
 * GSO_PARTIAL count is min(payload, GSO_BY_FRAGS - 1) / gso_size MSS per
 * segment, the rest in a last segment (a GSO skb when it is still more than
 * one MSS: DIV_ROUND_UP(rest, gso_size)), no partial split below 2 MSS.
 */
static void test_segment_kernel_data_and_partial_count(void **state)
{
	static const struct {
		unsigned int payload, nsegs, first_segs, last_len;
		bool last_gso;
	} c[] = {
		{ 10 * MSS + 100, 2, 10, 100, false },
		{ 2 * MSS + 1, 2, 2, 1, false },
		{ 2 * MSS, 1, 2, 2 * MSS, true },
		{ MSS + 1, 2, 0, 1, false },	/* < 2 MSS: plain segments */
	};
	netdev_features_t f = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_GSO_PARTIAL;

	(void)state;
	for (size_t i = 0; i < RTE_DIM(c); i++) {
		struct spec s = { .flags = TCP_ACK, .payload = c[i].payload, .mss = MSS };
		struct sk_buff *skb, *segs, *seg, *last = NULL;
		unsigned int n = 0;
		struct pkt p;

		pkt_make(&p, &s);
		skb = pkt_skb(&p, L_PP);
		skb->protocol = rte_cpu_to_be_16(0x0800);
		__skb_pull(skb, p.hdr);
		segs = skb_segment(skb, f);
		assert_false(IS_ERR_OR_NULL(segs));
		assert_ptr_equal(skb->data, skb_mac_header(skb));
		assert_int_equal(skb->len, p.hdr + c[i].payload);
		for (seg = segs; seg; seg = seg->next, n++)
			last = seg;
		assert_int_equal(n, c[i].nsegs);
		assert_ptr_equal(segs->prev, last);
		if (c[i].first_segs) {
			assert_int_equal(skb_shinfo(segs)->gso_size, MSS);
			assert_int_equal(skb_shinfo(segs)->gso_segs, c[i].first_segs);
			assert_true(skb_shinfo(segs)->gso_type & SKB_GSO_PARTIAL);
		} else {
			assert_false(skb_is_gso(segs));
		}
		assert_int_equal(last->len - p.hdr, c[i].last_len);
		assert_int_equal(skb_is_gso(last), c[i].last_gso);
		kfree_skb_list(segs);
		kfree_skb(skb);
		pages_check_and_put();
		pkt_free(&p);
	}
}

/*
 * The device does TSO but not frag_list: a frag_list skb whose members all
 * have the head's payload length becomes GSO skbs without frag_list, each
 * sharing one member (skb_clone of it).
 */
static void test_gso_fraglist_split(void **state)
{
	netdev_features_t f = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO;
	struct spec s = { .flags = TCP_ACK, .mss = MSS };
	enum { PER = 4 * MSS, NCHILD = 5 };
	struct sk_buff *skb, *segs, *last = NULL;
	struct expect ex = { .nsegs = NCHILD + 1, .partial = true };
	struct pkt p;
	unsigned int pos;

	(void)state;
	s.payload = PER * (NCHILD + 1);
	pkt_make(&p, &s);
	skb = linear_skb(p.buf, p.hdr + 1000, HEADROOM);
	pos = p.hdr + 1000 + add_frags(skb, p.buf + p.hdr + 1000, PER - 1000, true, 3);
	assert_int_equal(pos, p.hdr + PER);
	for (int k = 0; k < NCHILD; k++, pos += PER) {
		struct sk_buff *c;

		if (k % 2) {
			c = linear_skb(p.buf, 0, 0);
			add_frags(c, p.buf + pos, PER, true, MAX_SKB_FRAGS);
		} else {
			c = linear_skb(p.buf + pos, PER, 0);	/* head_frag */
			assert_true(c->head_frag);
		}
		add_child(skb, &last, c);
	}
	skb_reset_mac_header(skb);
	skb_shinfo(skb)->gso_size = MSS;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	assert_int_equal(skb->len, p.len);
	segs = skb_gso_segment(skb, f);
	assert_false(IS_ERR_OR_NULL(segs));
	for (struct sk_buff *g = segs; g; g = g->next) {
		assert_int_equal(g->len - p.hdr, PER);
		assert_false(skb_has_frag_list(g));
		assert_int_equal(skb_shinfo(g)->gso_size, MSS);
		assert_int_equal(skb_shinfo(g)->gso_segs, 4);
		assert_false(skb_shinfo(g)->gso_type & SKB_GSO_PARTIAL);
	}
	check_segs(&p, segs, f, &ex);
	consume_skb(skb);
	pkt_free(&p);
}

/*
 * Without SG, frag_list members of exactly one MSS that do not start on a
 * segment boundary (the head carries 1000 payload bytes) must be copied,
 * not shared: a shared member would carry the wrong bytes.
 */
static void test_gso_fraglist_nosg(void **state)
{
	static const netdev_features_t fs[] = { 0, NETIF_F_HW_CSUM };

	(void)state;
	for (unsigned int fi = 0; fi < RTE_DIM(fs); fi++)
		for (unsigned int lead = 0; lead <= 1000; lead += 1000) {
			struct spec s = { .flags = TCP_ACK, .mss = MSS, .payload = lead + 8 * MSS };
			struct expect ex = { .nsegs = div_up(lead + 8 * MSS, MSS) };
			struct sk_buff *skb, *segs, *last = NULL;
			unsigned int pos;
			struct pkt p;

			pkt_make(&p, &s);
			skb = linear_skb(p.buf, p.hdr + lead, HEADROOM);
			for (pos = p.hdr + lead; pos < p.len; pos += MSS)
				add_child(skb, &last, linear_skb(p.buf + pos, MSS, 0));
			skb_reset_mac_header(skb);
			skb_shinfo(skb)->gso_size = MSS;
			skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
			segs = skb_gso_segment(skb, fs[fi]);
			check_segs(&p, segs, fs[fi], &ex);
			consume_skb(skb);
			pkt_free(&p);
		}
}

/* skb_segment() with GSO_BY_FRAGS: one segment per frag_list skb. */
static void test_segment_by_frags(void **state)
{
	static const netdev_features_t fs[] = { NETIF_F_SG | NETIF_F_HW_CSUM, NETIF_F_SG, 0 };
	struct spec s = { .udp = true, .payload = 0, .mss = 1 };
	unsigned int lens[] = { 1200, 333, 2000, 1, 4000, 777 };

	(void)state;
	for (unsigned int fi = 0; fi < RTE_DIM(fs); fi++) {
		struct sk_buff *skb, *segs, *seg, *next, *last = NULL;
		unsigned int pos, k = 0, total = 0;
		struct pkt p;

		for (unsigned int i = 0; i < RTE_DIM(lens); i++)
			total += lens[i];
		s.payload = total;
		pkt_make(&p, &s);
		skb = linear_skb(p.buf, p.hdr, HEADROOM);
		pos = p.hdr;
		for (unsigned int i = 0; i < RTE_DIM(lens); i++) {
			struct sk_buff *c;

			if (i % 2) {
				c = linear_skb(p.buf, 0, 0);
				add_frags(c, p.buf + pos, lens[i], true, MAX_SKB_FRAGS);
			} else {
				c = linear_skb(p.buf + pos, lens[i], 0);
			}
			add_child(skb, &last, c);
			pos += lens[i];
		}
		skb_reset_mac_header(skb);
		skb->protocol = rte_cpu_to_be_16(0x0800);
		skb->mac_len = 14;
		skb_shinfo(skb)->gso_size = GSO_BY_FRAGS;
		skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
		__skb_pull(skb, p.hdr);
		segs = skb_segment(skb, fs[fi]);
		if (IS_ERR_OR_NULL(segs))
			fail_msg("features %#llx: %ld", (unsigned long long)fs[fi], PTR_ERR(segs));
		/* as the kernel: data left at the mac header */
		assert_ptr_equal(skb->data, skb_mac_header(skb));
		assert_int_equal(skb->len, p.hdr + total);
		pos = 0;
		for (seg = segs; seg; seg = seg->next, k++) {
			uint8_t *b = seg_bytes(seg);

			assert_int_equal(seg->len, p.hdr + lens[k]);
			assert_memory_equal(b, p.buf, p.hdr);
			assert_memory_equal(b + p.hdr, p.buf + p.hdr + pos, lens[k]);
			assert_false(skb_is_gso(seg));
			if (!(fs[fi] & NETIF_F_HW_CSUM)) {
				/* Payload sum left for the protocol: ip_summed NONE. */
				assert_int_equal(seg->ip_summed, CHECKSUM_NONE);
			}
			pos += lens[k];
			free(b);
		}
		assert_int_equal(k, RTE_DIM(lens));
		for (seg = segs; seg; seg = next) {
			next = seg->next;
			kfree_skb(seg);
		}
		consume_skb(skb);
		pkt_free(&p);
	}
}

static void test_segment_errors(void **state)
{
	struct spec s = { .flags = TCP_ACK, .payload = 5000, .mss = MSS };
	struct sk_buff *skb, *r;
	struct pkt p;

	(void)state;
	pkt_make(&p, &s);
	skb = pkt_skb(&p, L_PP);
	skb->protocol = rte_cpu_to_be_16(0x0800);
	__skb_pull(skb, p.hdr);
	/* gso_size 0 */
	skb_shinfo(skb)->gso_size = 0;
	r = skb_segment(skb, NETIF_F_SG);
	assert_int_equal(PTR_ERR(r), -EINVAL);
	skb_shinfo(skb)->gso_size = MSS;
	/* GSO_BY_FRAGS without a frag_list */
	skb_shinfo(skb)->gso_size = GSO_BY_FRAGS;
	r = skb_segment(skb, NETIF_F_SG);
	assert_int_equal(PTR_ERR(r), -EINVAL);
	skb_shinfo(skb)->gso_size = MSS;
	/* unknown protocol: found after the headers were pushed, data left at
	 * the mac header as in the kernel */
	skb->protocol = 0;
	r = skb_segment(skb, NETIF_F_SG);
	assert_int_equal(PTR_ERR(r), -EINVAL);
	assert_ptr_equal(skb->data, skb_mac_header(skb));
	__skb_pull(skb, p.hdr);
	skb->protocol = rte_cpu_to_be_16(0x0800);
	/* no mac header */
	skb_unset_mac_header(skb);
	r = skb_segment(skb, NETIF_F_SG);
	assert_int_equal(PTR_ERR(r), -EINVAL);
	skb->mac_header = (__u16)(skb_headroom(skb) - p.hdr);
	/* lengths that do not add up */
	skb->data_len += 10;
	skb->len += 10;
	r = skb_segment(skb, NETIF_F_SG);
	assert_int_equal(PTR_ERR(r), -EINVAL);
	skb->data_len -= 10;
	skb->len -= 10;
	/* still good: data at the mac header after, as in the kernel */
	r = skb_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
	assert_false(IS_ERR_OR_NULL(r));
	assert_ptr_equal(skb->data, skb_mac_header(skb));
	assert_int_equal(skb->len, 5000 + p.hdr);
	kfree_skb_list(r);
	kfree_skb(skb);
	pkt_free(&p);
}

/* Malformed packets: an error, the skb intact and freed once by its owner. */
enum mal {
	M_TRUNC_IP, M_IHL, M_TOTLEN_SHORT, M_TOTLEN_LONG, M_VERSION, M_FRAG, M_DOFF,
	M_TRUNC_TCP, M_MSS_BIG, M_MSS_EQ, M_MSS_FRAGS, M_UDP_LEN, M_V6_EXT, M_V6_PLEN,
	M_ETHERTYPE, M_QINQ, M_TYPE_MISMATCH, M_TYPE_TUNNEL, M_CSUM_START, M_MSS_TOO_BIG,
	M_PROTO, M_NR
};

static void test_gso_malformed(void **state)
{
	(void)state;
	for (int m = 0; m < M_NR; m++)
		for (int lay = 0; lay < L_NR; lay += 2) {
			struct spec s = { .flags = TCP_ACK, .payload = 8000, .mss = MSS };
			long want = -EINVAL;
			struct sk_buff *skb, *r;
			unsigned int cut = 0;
			uint8_t *before;
			struct pkt p;

			if (m == M_UDP_LEN)
				s.udp = true;
			if (m == M_V6_EXT || m == M_V6_PLEN)
				s.v6 = true;
			pkt_make(&p, &s);
			switch (m) {
			case M_TRUNC_IP:	/* 10 bytes of IP header */
				cut = p.len - (p.nhoff + 10);
				break;
			case M_IHL:
				p.buf[p.nhoff] = 0x44;
				break;
			case M_TOTLEN_SHORT:
				put16(p.buf + p.nhoff + 2, (uint16_t)(p.len - p.nhoff - 1));
				break;
			case M_TOTLEN_LONG:
				put16(p.buf + p.nhoff + 2, (uint16_t)(p.len - p.nhoff + 1));
				break;
			case M_VERSION:
				p.buf[p.nhoff] = 0x65;
				break;
			case M_FRAG:
				put16(p.buf + p.nhoff + 6, 0x2000);
				break;
			case M_DOFF:
				p.buf[p.thoff + 12] = 0x40;
				break;
			case M_TRUNC_TCP:
				cut = p.len - (p.thoff + 12);
				break;
			case M_MSS_BIG:
				s.mss = 60000;
				break;
			case M_MSS_EQ:
				s.mss = s.payload;
				break;
			case M_MSS_FRAGS:
				s.mss = GSO_BY_FRAGS;
				break;
			case M_MSS_TOO_BIG:	/* bigger than a 16-bit IP length */
				s.payload = 66000;
				s.mss = 65500;
				pkt_free(&p);
				pkt_make(&p, &s);
				/* tot_len 0 is fine past 64 KiB (BIG TCP); the MSS is not. */
				put16(p.buf + p.nhoff + 2, 0);
				break;
			case M_UDP_LEN:
				put16(p.buf + p.thoff + 4, 1000);
				break;
			case M_V6_EXT:
				p.buf[p.nhoff + 6] = 0;	/* hop-by-hop */
				want = -EPROTONOSUPPORT;
				break;
			case M_V6_PLEN:
				put16(p.buf + p.nhoff + 4, 100);
				break;
			case M_ETHERTYPE:
				put16(p.buf + 12, 0x0806);
				want = -EPROTONOSUPPORT;
				break;
			case M_QINQ:
				put16(p.buf + 12, 0x8100);	/* a tag whose inner type */
				put16(p.buf + 16, 0x8100);	/* is a tag again */
				want = -EPROTONOSUPPORT;
				break;
			case M_TYPE_MISMATCH:
				s.extra_type = SKB_GSO_UDP_L4;
				break;
			case M_TYPE_TUNNEL:
				s.extra_type = SKB_GSO_UDP_TUNNEL;
				want = -EPROTONOSUPPORT;
				break;
			case M_CSUM_START:
				s.partial_csum = true;
				break;
			case M_PROTO:
				p.buf[p.nhoff + 9] = 47;	/* GRE */
				want = -EPROTONOSUPPORT;
				break;
			default:
				break;
			}
			p.s = s;
			if (m == M_TRUNC_IP || m == M_TRUNC_TCP) {
				skb = linear_skb(p.buf, p.len - cut, HEADROOM);
				skb_reset_mac_header(skb);
				skb_shinfo(skb)->gso_size = MSS;
				skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
			} else {
				skb = pkt_skb(&p, (enum layout)lay);
			}
			if (m == M_CSUM_START)
				skb->csum_start--;
			before = seg_bytes(skb);
			r = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
			if (!IS_ERR(r))
				fail_msg("malformed case %d layout %d: got %p", m, lay, (void *)r);
			assert_int_equal(PTR_ERR(r), want);
			/* Unchanged, data at the mac header. */
			assert_ptr_equal(skb->data, skb_mac_header(skb));
			{
				uint8_t *after = seg_bytes(skb);

				assert_memory_equal(before, after, skb->len);
				free(after);
			}
			free(before);
			kfree_skb(skb);
			pages_check_and_put();
			pkt_free(&p);
		}
}

/* A cloned skb without CHECKSUM_PARTIAL: its header is made private before
 * the pseudo-header is written; the clone's bytes stay as they were. */
static void test_gso_cloned(void **state)
{
	struct spec s = { .v6 = true, .flags = TCP_ACK, .payload = 20000, .mss = MSS };
	struct sk_buff *skb, *clone, *segs;
	struct expect ex = { .nsegs = div_up(20000, MSS) };
	struct pkt p;
	uint8_t *b;

	(void)state;
	pkt_make(&p, &s);
	skb = pkt_skb(&p, L_MIXED);
	clone = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(clone);
	segs = skb_gso_segment(clone, NETIF_F_SG);
	b = seg_bytes(skb);
	assert_memory_equal(b, p.buf, p.len);
	free(b);
	check_segs(&p, segs, NETIF_F_SG, &ex);
	consume_skb(clone);
	consume_skb(skb);
	pages_check_and_put();
	pkt_free(&p);
}

/* Headers split across the head and a frag: pulled, then segmented. */
static void test_gso_headers_in_frags(void **state)
{
	struct spec s = { .flags = TCP_ACK, .ipopt = 8, .payload = 9000, .mss = 1000 };
	struct sk_buff *skb, *segs;
	struct expect ex = { .nsegs = 9 };
	struct pkt p;

	(void)state;
	pkt_make(&p, &s);
	skb = linear_skb(p.buf, 20, HEADROOM);
	assert_int_equal(add_frags(skb, p.buf + 20, p.len - 20, true, MAX_SKB_FRAGS),
			 p.len - 20);
	skb_reset_mac_header(skb);
	skb_shinfo(skb)->gso_size = 1000;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	segs = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_IP_CSUM);
	check_segs(&p, segs, NETIF_F_SG | NETIF_F_IP_CSUM, &ex);
	consume_skb(skb);
	pkt_free(&p);
}

/* ---------------------------------------------------------------------- */
/* Unreadable (device memory) payload                                     */
/* ---------------------------------------------------------------------- */

struct dm {
	void *addr;
	size_t len;
	int released;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *pool;
};

static void dm_release(void *addr, size_t len, void *arg)
{
	struct dm *d = arg;

	munmap(addr, len);
	__atomic_fetch_add(&d->released, 1, __ATOMIC_RELEASE);
}

static void dm_init(struct dm *d, size_t npages)
{
	struct net_devmem_region_params rp;
	struct page_pool_params pp_params;
	int fd = memfd_create("nm_test_gso", MFD_CLOEXEC);

	memset(d, 0, sizeof(*d));
	assert_true(fd >= 0);
	d->len = npages * PAGE_SIZE;
	assert_int_equal(ftruncate(fd, (off_t)d->len), 0);
	d->addr = mmap(NULL, d->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(d->addr != MAP_FAILED);
	close(fd);
	memset(d->addr, 0xa5, d->len);
	memset(&rp, 0, sizeof(rp));
	rp.addr = d->addr;
	rp.len = d->len;
	rp.pg_sz = PAGE_SIZE;
	rp.release = dm_release;
	rp.release_arg = d;
	d->b = net_devmem_bind(&rp);
	assert_false(IS_ERR_OR_NULL(d->b));
	memset(&pp_params, 0, sizeof(pp_params));
	pp_params.flags = PP_FLAG_ALLOW_UNREADABLE_NETMEM;
	pp_params.pool_size = 64;
	pp_params.nid = NUMA_NO_NODE;
	pp_params.dev = PP_DEV_NONE;
	pp_params.lcore = rte_lcore_id();
	pp_params.mp_ops = &dmabuf_devmem_ops;
	pp_params.mp_priv = d->b;
	pp_params.name = "t_gso_dm";
	d->pool = page_pool_create(&pp_params);
	assert_false(IS_ERR_OR_NULL(d->pool));
}

static void dm_fini(struct dm *d)
{
	assert_int_equal(page_pool_inflight(d->pool), 0);
	page_pool_destroy(d->pool);
	net_devmem_unbind(d->b);
	for (int i = 0; i < 5000 && !__atomic_load_n(&d->released, __ATOMIC_ACQUIRE); i++) {
		nm_page_pool_reap();
		usleep(1000);
	}
	assert_int_equal(d->released, 1);
}

/* Headers in the head, the payload in net_iovs. */
static struct sk_buff *dm_skb(struct dm *d, const struct pkt *p)
{
	struct sk_buff *skb = linear_skb(p->buf, p->hdr, HEADROOM);
	unsigned int left = p->s.payload;

	for (int i = 0; left; i++) {
		netmem_ref nm = page_pool_dev_alloc_netmems(d->pool);
		unsigned int n = RTE_MIN(left, (unsigned int)PAGE_SIZE - 3);

		assert_false(netmem_is_null(nm));
		assert_true(netmem_is_net_iov(nm));
		skb_add_rx_frag_netmem(skb, i, nm, 3, (int)n, PAGE_SIZE);
		left -= n;
	}
	skb_mark_for_recycle(skb);
	skb_reset_mac_header(skb);
	skb_shinfo(skb)->gso_size = (unsigned short)p->s.mss;
	skb_shinfo(skb)->gso_type = p->s.v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4;
	/* CHECKSUM_PARTIAL, pseudo-header in place (the payload is not read). */
	put16(skb->data + p->thoff + 16,
	      ref_fold(ref_pseudo(p->buf + p->nhoff, p->s.v6, p->len - p->thoff, 6)));
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + p->thoff);
	skb->csum_offset = 16;
	assert_true(skb->unreadable);
	return skb;
}

static void test_unreadable(void **state)
{
	struct spec s = { .flags = TCP_ACK | TCP_PSH, .payload = 20000, .mss = MSS,
			  .partial_csum = true };
	struct sk_buff *skb, *segs, *seg, *next;
	long refs0, niov_refs0;
	netmem_ref niov;
	uint8_t hdr[128];
	struct pkt p;
	struct dm d;
	int n = 0;

	(void)state;
	dm_init(&d, 32);
	pkt_make(&p, &s);
	skb = dm_skb(&d, &p);
	refs0 = net_devmem_binding_refcnt(d.b);
	niov = skb_frag_netmem(&skb_shinfo(skb)->frags[1]);
	niov_refs0 = *netmem_get_pp_ref_count_ref(niov);
	memcpy(hdr, skb->data, p.hdr);

	/* Software checksum or copy: refused, nothing touched. */
	assert_ptr_equal(skb_gso_segment(skb, NETIF_F_SG), ERR_PTR(-EIO));
	assert_ptr_equal(skb_gso_segment(skb, NETIF_F_HW_CSUM), ERR_PTR(-EIO));
	assert_memory_equal(skb->data, hdr, p.hdr);
	assert_int_equal(net_devmem_binding_refcnt(d.b), refs0);
	assert_int_equal(*netmem_get_pp_ref_count_ref(niov), niov_refs0);
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	assert_int_equal(skb_checksum_help(skb), -EFAULT);	/* unreadable, as the kernel */
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	assert_memory_equal(skb->data, hdr, p.hdr);
	/* A checksum over it is misuse, reported, 0. */
	assert_int_equal(skb_checksum(skb, 0, (int)skb->len, 0), 0);
	assert_int_equal(nm_misuse_count() - misuse0, 1);
	misuse0 = nm_misuse_count();
	/* Its readable head may be summed. */
	assert_int_equal(lib_fold_be(skb_checksum(skb, 0, (int)p.hdr, 0)),
			 (uint16_t)~ref_fold(ref_sum(hdr, p.hdr, 0)));
	skb_shinfo(skb)->gso_size = MSS;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;

	/* Sharing with checksum offload: fine, the payload is never read. */
	segs = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
	assert_false(IS_ERR_OR_NULL(segs));
	for (seg = segs; seg; seg = seg->next, n++) {
		uint8_t b[128];
		uint16_t ph;

		assert_true(seg->unreadable);
		assert_int_equal(seg->ip_summed, CHECKSUM_PARTIAL);
		assert_int_equal(skb_headlen(seg), p.hdr);
		memcpy(b, seg->data, p.hdr);
		assert_int_equal(be32(b + p.thoff + 4), (uint32_t)(0xffffe000u + (unsigned int)n * MSS));
		assert_int_equal(ref_fold(ref_sum(b + p.nhoff, 20, 0)), 0xffff);
		ph = ref_fold(ref_pseudo(b + p.nhoff, false, seg->len - p.thoff, 6));
		assert_int_equal(be16(b + p.thoff + 16), ph);
		/* Software checksum of a segment: -EFAULT, untouched. */
		assert_int_equal(skb_checksum_help(seg), -EFAULT);
		assert_memory_equal(seg->data, b, p.hdr);
	}
	assert_int_equal(n, (int)div_up(20000, MSS));
	/* The segments share the net_iovs: pp references, taken per frag as
	 * the memory asks (a page_pool's net_iov), the binding untouched. */
	assert_true(*netmem_get_pp_ref_count_ref(niov) >= niov_refs0 + 2);
	assert_int_equal(net_devmem_binding_refcnt(d.b), refs0);
	consume_skb(skb);
	for (seg = segs; seg; seg = next) {
		next = seg->next;
		kfree_skb(seg);
	}
	assert_int_equal(net_devmem_binding_refcnt(d.b), refs0);
	pkt_free(&p);
	dm_fini(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_csum_partial, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_skb_checksum, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_skb_checksum_misuse, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_checksum_help, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_tcp4, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_tcp6, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_udp4, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_udp6, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_options_vlan_fixedid, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_zero_copy, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_tstamp, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_nothing_to_do, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_partial, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_segment_kernel_data_and_partial_count,
						case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_fraglist_split, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_fraglist_nosg, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_segment_by_frags, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_segment_errors, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_malformed, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_cloned, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_headers_in_frags, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, case_setup, case_teardown),
	};
	struct page_pool_params params;
	int ret;

	nm_test_eal_init(1, NULL);
	memset(&params, 0, sizeof(params));
	params.flags = PP_FLAG_DMA_MAP;
	params.pool_size = 1024;
	params.nid = NUMA_NO_NODE;
	params.dev = PP_DEV_NONE;
	params.lcore = rte_lcore_id();
	params.name = "t_gso";
	pp = page_pool_create(&params);
	if (IS_ERR_OR_NULL(pp)) {
		fprintf(stderr, "page_pool_create failed\n");
		return 1;
	}
	srand(1);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	page_pool_destroy(pp);
	nm_page_pool_reap();
	rte_eal_cleanup();
	return ret;
}
