/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of lib/port over two net_ring loopback ports (TX on queue q
 * comes back as RX on queue q of the same port):
 *  - thousands of skbs of every shape (linear, build_skb around page_pool
 *    pages, page_pool / alloc_page / page_pool-frag frags, frag_list,
 *    clones, 64 KB TCPv4 GSO skbs segmented in software) sent in mixed
 *    bursts and received byte for byte, zero copy on every path;
 *  - a clone sent on two ports: its page goes back to its pool only after
 *    both sends completed;
 *  - a full TX ring: unsent skbs stay the caller's, intact; GSO tails drop;
 *  - running out of TX segment headers, of RX pool pages, of skb structs;
 *  - nm_port_init() errors and offloads (TSO, header split);
 *  - nm_port_close() with pages still out.
 *
 * After each case: nm_skb_get_stats().live, nm_misuse_count(), the default
 * page mempools and our own page_pool are back where they were.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/port.h>
#include <netmem/skbuff.h>

#include "test_bytes.h"
#include "test_skb_util.h"
#include "test_common.h"
#include "test_pool.h"

#define NR_RINGS	2
#define BURST		32
#define ETH_HLEN	14
#define TCP4_HLEN	54	/* eth + ipv4 + tcp, no options */
#define MSS		1448
#define NM_SHINFO	NM_SKB_SHINFO_RESERVE

static const char *const ring_name[NR_RINGS] = { "net_ring0", "net_ring1" };

static struct page_pool *my_pp;		/* host pages, owned by this lcore */
static struct rte_mempool *page_mp[NM_MAX_PAGE_ORDER + 1];	/* alloc_pages() */

/* ---------------------------------------------------------------------- */
/* Small helpers                                                          */
/* ---------------------------------------------------------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static unsigned int rnd_range(unsigned int lo, unsigned int hi)
{
	return lo + rnd() % (hi - lo + 1);
}

static void fill_random(uint8_t *b, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++)
		b[i] = (uint8_t)rnd();
}

/* IPv4 pseudo-header sum of an L4 segment of @l4len bytes. */
static uint64_t ref_pseudo4(const uint8_t *iph, uint32_t l4len, uint8_t proto)
{
	return ref_sum(iph + 12, 8, 0) + l4len + proto;
}

static void put_eth(uint8_t *b, uint16_t type)
{
	memcpy(b, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02", 12);
	put16(b + 12, type);
}

/* An IPv4 header at @ip for @l4len bytes of @proto, checksum filled. */
static void put_ip4(uint8_t *ip, unsigned int ihl, unsigned int l4len, uint8_t proto,
		    uint16_t id)
{
	memset(ip, 0, ihl);
	ip[0] = (uint8_t)(0x40 | ihl / 4);
	put16(ip + 2, (uint16_t)(ihl + l4len));
	put16(ip + 4, id);
	put16(ip + 6, 0x4000);		/* DF */
	ip[8] = 64;
	ip[9] = proto;
	put32(ip + 12, 0x0a000001);
	put32(ip + 16, 0x0a000002);
	for (unsigned int i = 20; i < ihl; i++)
		ip[i] = 1;		/* NOP options */
	put16(ip + 10, (uint16_t)~ref_fold(ref_sum(ip, ihl, 0)));
}

static uint16_t ring_pid(int r)
{
	uint16_t pid = UINT16_MAX;

	assert_int_equal(rte_eth_dev_get_port_by_name(ring_name[r], &pid), 0);
	return pid;
}

static struct nm_queue_stats qstats(uint16_t pid, uint16_t q)
{
	struct nm_queue_stats st;

	assert_int_equal(nm_port_queue_stats(pid, q, &st), 0);
	return st;
}

static uint64_t drops_total(const struct nm_queue_stats *st)
{
	uint64_t n = 0;

	for (int i = 0; i < NM_DROP_MAX; i++)
		n += st->drops[i];
	return n;
}

struct txh_walk {
	char prefix[RTE_MEMPOOL_NAMESIZE];
	unsigned int found, in_use;
};

static void txh_walk_one(struct rte_mempool *mp, void *arg)
{
	struct txh_walk *w = arg;
	size_t n = strlen(w->prefix);

	if (strncmp(mp->name, w->prefix, n) == 0 &&
	    (mp->name[n] == '\0' || mp->name[n] == '_')) {
		w->found++;
		w->in_use += rte_mempool_in_use_count(mp);
	}
}

/* TX segment headers of port @pid out of their mempool ("nm_txh<port>"). */
static unsigned int txh_in_use(uint16_t pid)
{
	struct txh_walk w = { .found = 0 };

	snprintf(w.prefix, sizeof(w.prefix), "nm_txh%u", pid);
	rte_mempool_walk(txh_walk_one, &w);
	assert_true(w.found >= 1);
	return w.in_use;
}

/* ---------------------------------------------------------------------- */
/* Ports                                                                  */
/* ---------------------------------------------------------------------- */

static bool port_configured(uint16_t pid)
{
	return nm_port_rxq_page_pool(pid, 0) != NULL;
}

/* Receives and frees whatever is left on every queue; returns how many. */
static unsigned int port_drain(uint16_t pid, uint16_t nb_q)
{
	struct sk_buff *skbs[64];
	unsigned int n = 0;

	for (uint16_t q = 0; q < nb_q; q++) {
		uint16_t got;

		while ((got = nm_rx_burst(pid, q, skbs, 64)) != 0) {
			for (uint16_t i = 0; i < got; i++)
				kfree_skb(skbs[i]);
			n += got;
		}
	}
	return n;
}

/*
 * The ethdev port of ring @r, unconfigured. nm_port_close() releases the
 * ethdev port (rte_eth_dev_close()); the vdev is then probed again.
 */
static uint16_t ring_fresh(int r)
{
	uint16_t pid;

	if (rte_eth_dev_get_port_by_name(ring_name[r], &pid) == 0) {
		if (port_configured(pid)) {
			port_drain(pid, NM_PORT_MAX_QUEUES);
			assert_int_equal(nm_port_close(pid), 0);
		} else {
			return pid;
		}
	}
	assert_int_equal(rte_eal_hotplug_remove("vdev", ring_name[r]), 0);
	/* net_ring creates its rings, or attaches to those a previous life
	 * left (it frees only the ones in use): quiet the failed creation. */
	{
		int level = rte_log_get_level(RTE_LOGTYPE_RING);
		int ret;

		rte_log_set_level(RTE_LOGTYPE_RING, RTE_LOG_CRIT);
		ret = rte_eal_hotplug_add("vdev", ring_name[r], "");
		rte_log_set_level(RTE_LOGTYPE_RING, (uint32_t)level);
		assert_int_equal(ret, 0);
	}
	return ring_pid(r);
}

static struct nm_port_conf conf_default(void)
{
	struct nm_port_conf c;

	memset(&c, 0, sizeof(c));
	c.nb_rxq = 1;
	c.nb_txq = 1;
	for (int q = 0; q < NM_PORT_MAX_QUEUES; q++)
		c.rxq_lcore[q] = rte_lcore_id();
	return c;
}

static uint16_t port_up(int r, const struct nm_port_conf *c)
{
	struct nm_port_conf d = conf_default();
	uint16_t pid = ring_fresh(r);

	assert_int_equal(nm_port_init(pid, c ? c : &d), 0);
	return pid;
}

/* Closes a port that was fully received: nothing may be left. */
static void port_down(uint16_t pid)
{
	assert_int_equal(port_drain(pid, NM_PORT_MAX_QUEUES), 0);
	assert_int_equal(nm_port_close(pid), 0);
}

/* ---------------------------------------------------------------------- */
/* Case set-up and the no-leak teardown                                   */
/* ---------------------------------------------------------------------- */

struct snap {
	uint64_t misuse;
	struct nm_skb_stats skb;
	unsigned int in_use[NM_MAX_PAGE_ORDER + 1];
};

static struct snap snap0;

static void snap_take(struct snap *s)
{
	s->misuse = nm_misuse_count();
	nm_skb_get_stats(&s->skb);
	for (unsigned int o = 0; o <= NM_MAX_PAGE_ORDER; o++)
		s->in_use[o] = rte_mempool_in_use_count(page_mp[o]);
}

static int case_setup(void **state)
{
	(void)state;
	snap_take(&snap0);
	return 0;
}

static int case_teardown(void **state)
{
	struct snap now;
	int ret = 0;

	(void)state;
	/* A case that failed half way may leave ports up: close them. */
	for (int r = 0; r < NR_RINGS; r++) {
		uint16_t pid;

		if (rte_eth_dev_get_port_by_name(ring_name[r], &pid) == 0 &&
		    port_configured(pid)) {
			unsigned int left = port_drain(pid, NM_PORT_MAX_QUEUES);

			if (left != 0) {
				fprintf(stderr, "%s: %u packets left in the ring\n", ring_name[r],
					left);
				ret = -1;
			}
			nm_port_close(pid);
		}
	}
	snap_take(&now);
	if (now.skb.live != snap0.skb.live) {
		fprintf(stderr, "leak: %" PRIu64 " skbs live, %" PRIu64 " before\n",
			now.skb.live, snap0.skb.live);
		ret = -1;
	}
	if (now.misuse != snap0.misuse) {
		fprintf(stderr, "misuse reported: %" PRIu64 "\n", now.misuse - snap0.misuse);
		ret = -1;
	}
	for (unsigned int o = 0; o <= NM_MAX_PAGE_ORDER; o++) {
		if (now.in_use[o] != snap0.in_use[o]) {
			fprintf(stderr, "leak: order-%u pages in use %u, %u before\n", o,
				now.in_use[o], snap0.in_use[o]);
			ret = -1;
		}
	}
	if (page_pool_inflight(my_pp) != 0) {
		fprintf(stderr, "leak: %ld pages of our page_pool in flight\n",
			page_pool_inflight(my_pp));
		ret = -1;
	}
	/* Every port's pool had all its pages back when the port closed. */
	if (nm_page_pool_reap() != 0) {
		fprintf(stderr, "leak: destroyed page_pools still wait for pages\n");
		ret = -1;
	}
	return ret;
}

/* ---------------------------------------------------------------------- */
/* What we expect to receive, in order, per ring                          */
/* ---------------------------------------------------------------------- */

/* A GSO super-packet, flat, shared by the expectations of its segments. */
struct gso_exp {
	uint8_t *buf;
	unsigned int len, hdr, mss, nsegs, left;
};

struct exp {
	uint8_t *buf;		/* the bytes, flat (owned); NULL: a GSO segment */
	unsigned int len;
	struct gso_exp *g;
	unsigned int seg;
	const struct page *head_page;	/* moved: the head stays in this page */
};

#define EXPQ_SIZE	8192

struct expq {
	struct exp e[EXPQ_SIZE];
	unsigned int head, tail;
};

static struct expq expq[NR_RINGS];

static unsigned int expq_count(int r)
{
	return expq[r].tail - expq[r].head;
}

static void exp_push(int r, const struct exp *e)
{
	assert_true(expq_count(r) < EXPQ_SIZE);
	expq[r].e[expq[r].tail++ % EXPQ_SIZE] = *e;
}

static void exp_push_bytes(int r, const uint8_t *src, unsigned int len,
			   const struct page *head_page)
{
	struct exp e = { .len = len, .head_page = head_page };

	e.buf = malloc(len);
	assert_non_null(e.buf);
	memcpy(e.buf, src, len);
	exp_push(r, &e);
}

static void exp_push_gso(int r, struct gso_exp *g)
{
	for (unsigned int k = 0; k < g->nsegs; k++) {
		struct exp e = { .g = g, .seg = k };

		exp_push(r, &e);
	}
}

/* Drops the last @n expectations of ring @r (never sent). */
static void exp_forget_tail(int r, unsigned int n)
{
	while (n-- != 0) {
		struct exp *e = &expq[r].e[--expq[r].tail % EXPQ_SIZE];

		if (e->g != NULL) {
			if (--e->g->left == 0) {
				free(e->g->buf);
				free(e->g);
			}
		} else {
			free(e->buf);
		}
	}
}

static void exp_clear(void)
{
	for (int r = 0; r < NR_RINGS; r++)
		exp_forget_tail(r, expq_count(r));
}

/* Segment @k of super-packet @g, flat: lengths, seq, flags, checksums. */
static void check_gso_seg(const struct gso_exp *g, unsigned int k, const uint8_t *b,
			  unsigned int len)
{
	const uint8_t *o = g->buf, *ip = b + ETH_HLEN, *oip = o + ETH_HLEN;
	unsigned int payload = g->len - g->hdr, off = k * g->mss;
	unsigned int plen = RTE_MIN(g->mss, payload - off);
	const uint8_t *th = b + 34, *oth = o + 34;
	uint8_t flags = oth[13];

	assert_true(off < payload);
	assert_int_equal(len, g->hdr + plen);
	assert_memory_equal(b, o, ETH_HLEN);
	/* IPv4: total length of this segment, ids counting up, checksum. */
	assert_memory_equal(ip, oip, 2);
	assert_int_equal(be16(ip + 2), len - ETH_HLEN);
	assert_int_equal(be16(ip + 4), (uint16_t)(be16(oip + 4) + k));
	assert_memory_equal(ip + 6, oip + 6, 4);
	assert_memory_equal(ip + 12, oip + 12, 8);
	assert_int_equal(ref_fold(ref_sum(ip, 20, 0)), 0xffff);
	/* TCP: ports, seq advancing by the MSS, PSH on the last only. */
	assert_memory_equal(th, oth, 4);
	assert_int_equal(be32(th + 4), (uint32_t)(be32(oth + 4) + off));
	assert_memory_equal(th + 8, oth + 8, 5);
	if (k + 1 != g->nsegs)
		flags &= (uint8_t)~0x09;	/* FIN, PSH */
	assert_int_equal(th[13], flags);
	assert_memory_equal(th + 14, oth + 14, 2);
	assert_int_equal(ref_fold(ref_sum(th, len - 34,
					  ref_pseudo4(ip, len - 34, 6))), 0xffff);
	/* The payload slice. */
	assert_memory_equal(b + g->hdr, o + g->hdr + off, plen);
}

/* Checks @skb against the next expectation of ring @r and frees it. */
static void exp_check(int r, struct sk_buff *skb)
{
	struct exp *e;
	uint8_t *b;

	assert_true(expq_count(r) > 0);
	e = &expq[r].e[expq[r].head++ % EXPQ_SIZE];
	assert_true(skb->len > 0);
	b = malloc(skb->len);
	assert_non_null(b);
	assert_int_equal(skb_copy_bits(skb, 0, b, (int)skb->len), 0);
	assert_int_equal(skb->queue_mapping, 0);
	assert_ptr_equal(skb_mac_header(skb), skb->data);
	if (e->g != NULL) {
		check_gso_seg(e->g, e->seg, b, skb->len);
		if (--e->g->left == 0) {
			free(e->g->buf);
			free(e->g);
		}
	} else {
		assert_int_equal(skb->len, e->len);
		assert_memory_equal(b, e->buf, e->len);
		if (e->head_page != NULL)
			assert_ptr_equal(virt_to_head_page(skb->head), e->head_page);
		free(e->buf);
	}
	free(b);
	consume_skb(skb);
}

/* Receives on ring @r (queue 0) until every expectation was met. */
static void rx_expect_all(int r)
{
	uint16_t pid = ring_pid(r);
	struct sk_buff *skbs[64];
	unsigned int idle = 0;

	while (expq_count(r) != 0 && idle < 1000) {
		uint16_t n = nm_rx_burst(pid, 0, skbs, 64);

		idle = n ? 0 : idle + 1;
		for (uint16_t i = 0; i < n; i++)
			exp_check(r, skbs[i]);
	}
	assert_int_equal(expq_count(r), 0);
	/* ... and nothing more came. */
	assert_int_equal(nm_rx_burst(pid, 0, skbs, 64), 0);
}

/* Receives exactly @n packets on ring @r, checked against expectations. */
static void rx_expect_n(int r, unsigned int n)
{
	uint16_t pid = ring_pid(r);
	struct sk_buff *skbs[64];
	unsigned int idle = 0;

	while (n != 0 && idle < 1000) {
		uint16_t got = nm_rx_burst(pid, 0, skbs, (uint16_t)RTE_MIN(n, 64u));

		idle = got ? 0 : idle + 1;
		for (uint16_t i = 0; i < got; i++)
			exp_check(r, skbs[i]);
		n -= got;
	}
	assert_int_equal(n, 0);
}

/* ---------------------------------------------------------------------- */
/* Building skbs of every shape                                           */
/* ---------------------------------------------------------------------- */

enum fkind {
	F_MYPP,		/* a whole page of our page_pool */
	F_RXPP,		/* a whole page of a port's RX page_pool */
	F_PAGE,		/* alloc_page() */
	F_PPFRAG,	/* page_pool_dev_alloc_frag() of our pool: a shared page */
	F_NR
};

/* RX pools of both ports (set by the loopback case). */
static struct page_pool *rx_pp[NR_RINGS];

static struct page_pool *any_rx_pool(void)
{
	struct page_pool *pp = rx_pp[rnd() % NR_RINGS];

	assert_non_null(pp);
	return pp;
}

/* Appends @len bytes of @src as frag of kind @k; the reference moves in. */
static void frag_add(struct sk_buff *skb, enum fkind k, const uint8_t *src, unsigned int len)
{
	int i = skb_shinfo(skb)->nr_frags;
	unsigned int off = 0;
	struct page *page = NULL;

	assert_true(i < MAX_SKB_FRAGS);
	switch (k) {
	case F_MYPP:
	case F_RXPP:
		page = page_pool_dev_alloc_pages(k == F_MYPP ? my_pp : any_rx_pool());
		off = rnd_range(0, (unsigned int)PAGE_SIZE - len);
		skb_mark_for_recycle(skb);
		break;
	case F_PAGE:
		page = alloc_page(GFP_ATOMIC);
		off = rnd_range(0, (unsigned int)PAGE_SIZE - len);
		break;
	default:
		page = page_pool_dev_alloc_frag(my_pp, &off, len);
		skb_mark_for_recycle(skb);
		break;
	}
	assert_non_null(page);
	memcpy((uint8_t *)page_address(page) + off, src, len);
	skb_add_rx_frag(skb, i, page, (int)off, (int)len, (unsigned int)PAGE_SIZE);
}

/* An skb whose head came from alloc_skb() (a page frag or whole pages). */
static struct sk_buff *mk_alloc_head(const uint8_t *src, unsigned int headlen)
{
	unsigned int hr = rnd_range(0, 128);
	struct sk_buff *skb = alloc_skb(hr + headlen, GFP_ATOMIC);

	assert_non_null(skb);
	skb_reserve(skb, (int)hr);
	if (headlen)
		skb_put_data(skb, src, headlen);
	return skb;
}

/* An skb built around a page of @pool (its pp reference moves in). */
static struct sk_buff *mk_build_head(struct page_pool *pool, const uint8_t *src,
				     unsigned int headlen, struct page **pagep)
{
	unsigned int hr = rnd_range(0, 256);
	struct page *page = page_pool_dev_alloc_pages(pool);
	struct sk_buff *skb;

	assert_non_null(page);
	assert_true(hr + headlen <= PAGE_SIZE - NM_SHINFO);
	memcpy((uint8_t *)page_address(page) + hr, src, headlen);
	skb = build_skb(page_address(page), (unsigned int)PAGE_SIZE);
	assert_non_null(skb);
	skb_reserve(skb, (int)hr);
	skb_put(skb, headlen);
	skb_mark_for_recycle(skb);
	if (pagep)
		*pagep = page;
	return skb;
}

enum shape {
	SH_LINEAR,		/* alloc_skb, a page frag head: external */
	SH_LINEAR_BIG,		/* alloc_skb, whole pages: moved */
	SH_BUILD,		/* build_skb around a page_pool page: moved */
	SH_BUILD_FRAGS,		/* ... with sole page frags: moved, multi-segment */
	SH_FRAGS,		/* alloc_skb head + frags of every kind: external */
	SH_FRAGS_ONLY,		/* no linear part */
	SH_FRAGLIST,		/* head, frags and a frag_list */
	SH_CLONE,		/* a clone and its original, both sent */
	SH_GSO,			/* 64 KB TCPv4, software GSO */
	SH_NR
};

/* One packet to send: the skb, its bytes, and the page a moved head keeps. */
struct out {
	struct sk_buff *skb;
	uint8_t *buf;
	unsigned int len;
	struct page *head_page;
	struct gso_exp *g;
};

/* A random non-GSO packet of shape @sh (not SH_CLONE / SH_GSO). */
static struct out mk_plain(enum shape sh)
{
	struct out o = { 0 };
	unsigned int headlen = 0, nfrags = 0, flen[MAX_SKB_FRAGS], pos, total;
	enum fkind fk[MAX_SKB_FRAGS];
	struct sk_buff *last = NULL;

	switch (sh) {
	case SH_LINEAR:
		headlen = rnd_range(ETH_HLEN, 3000);
		break;
	case SH_LINEAR_BIG:
		headlen = rnd_range(4000, 12000);
		break;
	case SH_BUILD:
		headlen = rnd_range(ETH_HLEN, 3000);
		break;
	case SH_BUILD_FRAGS:
		headlen = rnd_range(ETH_HLEN, 1500);
		nfrags = rnd_range(1, 6);
		for (unsigned int i = 0; i < nfrags; i++) {
			fk[i] = (enum fkind)(rnd() % F_PPFRAG);	/* whole pages */
			flen[i] = rnd_range(1, 4000);
		}
		break;
	case SH_FRAGS:
	case SH_FRAGS_ONLY:
		headlen = sh == SH_FRAGS ? rnd_range(ETH_HLEN, 300) : 0;
		nfrags = rnd_range(1, 16);
		for (unsigned int i = 0; i < nfrags; i++) {
			fk[i] = (enum fkind)(rnd() % F_NR);
			flen[i] = fk[i] == F_PPFRAG ? rnd_range(1, 2000) : rnd_range(1, 4000);
		}
		if (headlen == 0 && flen[0] < ETH_HLEN)
			flen[0] = ETH_HLEN;
		break;
	case SH_FRAGLIST:
		headlen = rnd_range(ETH_HLEN, 500);
		nfrags = rnd_range(0, 3);
		for (unsigned int i = 0; i < nfrags; i++) {
			fk[i] = (enum fkind)(rnd() % F_NR);
			flen[i] = rnd_range(1, 2000);
		}
		break;
	default:
		fail();
	}
	/* Children of a frag_list skb: linear, or a head and 1..3 frags;
	 * external segments stay <= MAX_SKB_FRAGS so RX needs no copy. */
	unsigned int nch = sh == SH_FRAGLIST ? rnd_range(1, 3) : 0;
	unsigned int chead[3], cnf[3], cflen[3][3];
	enum fkind cfk[3][3];

	total = headlen;
	for (unsigned int i = 0; i < nfrags; i++)
		total += flen[i];
	for (unsigned int c = 0; c < nch; c++) {
		chead[c] = rnd_range(1, 1500);
		cnf[c] = rnd() % 2 ? rnd_range(1, 3) : 0;
		total += chead[c];
		for (unsigned int i = 0; i < cnf[c]; i++) {
			cfk[c][i] = (enum fkind)(rnd() % F_NR);
			cflen[c][i] = rnd_range(1, 2000);
			total += cflen[c][i];
		}
	}
	o.len = total;
	o.buf = malloc(total);
	assert_non_null(o.buf);
	fill_random(o.buf, total);
	if (total >= ETH_HLEN)
		put_eth(o.buf, 0x88b5);	/* local experimental ethertype */

	if (sh == SH_BUILD || sh == SH_BUILD_FRAGS) {
		struct page_pool *pool = rnd() % 3 ? any_rx_pool() : my_pp;

		o.skb = mk_build_head(pool, o.buf, headlen, &o.head_page);
	} else {
		o.skb = mk_alloc_head(o.buf, headlen);
		if (sh == SH_LINEAR_BIG)
			o.head_page = virt_to_head_page(o.skb->head);
	}
	pos = headlen;
	for (unsigned int i = 0; i < nfrags; i++) {
		frag_add(o.skb, fk[i], o.buf + pos, flen[i]);
		pos += flen[i];
	}
	for (unsigned int c = 0; c < nch; c++) {
		struct sk_buff *ch = mk_alloc_head(o.buf + pos, chead[c]);

		pos += chead[c];
		for (unsigned int i = 0; i < cnf[c]; i++) {
			frag_add(ch, cfk[c][i], o.buf + pos, cflen[c][i]);
			pos += cflen[c][i];
		}
		add_child(o.skb, &last, ch);
	}
	assert_int_equal(pos, total);
	assert_int_equal(o.skb->len, total);
	return o;
}

/*
 * A TCPv4 GSO skb of about 64 KB as the stack hands it to a driver: the
 * headers in the head, the payload in up to 17 page frags, CHECKSUM_PARTIAL
 * with the pseudo-header sum in the check field.
 */
static struct out mk_gso(unsigned int payload)
{
	struct out o = { 0 };
	struct gso_exp *g = calloc(1, sizeof(*g));
	unsigned int nfrags, pos, hdr = TCP4_HLEN;
	uint8_t *b, *ip, *th;
	struct sk_buff *skb;

	assert_non_null(g);
	assert_true(payload + hdr - ETH_HLEN <= 65535);
	g->hdr = hdr;
	g->mss = MSS;
	g->len = hdr + payload;
	g->nsegs = g->left = (payload + MSS - 1) / MSS;
	g->buf = b = malloc(g->len);
	assert_non_null(b);
	fill_random(b, g->len);
	put_eth(b, 0x0800);
	ip = b + ETH_HLEN;
	th = ip + 20;
	put_ip4(ip, 20, 20 + payload, 6, (uint16_t)rnd());
	put16(th, 40000);
	put16(th + 2, 80);
	put32(th + 4, rnd());		/* the seq may wrap */
	put32(th + 8, rnd());
	th[12] = 5 << 4;
	th[13] = 0x18;			/* ACK | PSH */
	put16(th + 14, 0xfff0);
	put16(th + 16, ref_fold(ref_pseudo4(ip, 20 + payload, 6)));
	put16(th + 18, 0);

	skb = mk_alloc_head(b, hdr);
	nfrags = (payload + 3899) / 3900;
	assert_true(nfrags <= MAX_SKB_FRAGS);
	pos = hdr;
	for (unsigned int i = 0; i < nfrags; i++) {
		unsigned int chunk = RTE_MIN(3900u, g->len - pos);

		frag_add(skb, (enum fkind)(rnd() % F_PPFRAG), b + pos, chunk);
		pos += chunk;
	}
	assert_int_equal(skb->len, g->len);
	skb->protocol = rte_cpu_to_be_16(0x0800);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, 34);
	skb_shinfo(skb)->gso_size = MSS;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + 34);
	skb->csum_offset = 16;
	o.skb = skb;
	o.len = g->len;
	o.g = g;
	return o;
}

/* Expectations for @o sent on ring @r; takes o.buf. */
static void exp_out(int r, struct out *o)
{
	if (o->g != NULL) {
		exp_push_gso(r, o->g);
	} else {
		exp_push_bytes(r, o->buf, o->len, o->head_page);
		free(o->buf);
	}
	o->buf = NULL;
}

/* ---------------------------------------------------------------------- */
/* Loopback of every shape                                                */
/* ---------------------------------------------------------------------- */

static void check_quiet_stats(uint16_t pid, unsigned int gso)
{
	struct nm_queue_stats st = qstats(pid, 0);

	printf("port %u: rx %" PRIu64 " tx %" PRIu64 " zc_segs %" PRIu64 " ext_segs %" PRIu64
	       " gso_sw %" PRIu64 " csum_sw %" PRIu64 " hdr_copied %" PRIu64 "\n",
	       pid, st.rx_packets, st.tx_packets, st.tx_zc_segs, st.tx_ext_segs,
	       st.tx_gso_sw, st.tx_csum_sw, st.hdr_copied_bytes);
	assert_int_equal(st.copied_bytes, 0);
	assert_int_equal(drops_total(&st), 0);
	assert_int_equal(st.rx_packets, st.tx_packets);
	assert_int_equal(st.rx_bytes, st.tx_bytes);
	assert_int_equal(st.tx_gso_sw, gso);
	assert_true(st.tx_zc_segs > 0);
	assert_true(st.tx_ext_segs > 0);
}

static void test_loopback_shapes(void **state)
{
	enum { ROUNDS = 220 };
	uint16_t pid[NR_RINGS];
	unsigned int gso[NR_RINGS] = { 0 }, sent_skbs = 0, shape_count[SH_NR] = { 0 };
	uint64_t copied0;
	struct nm_skb_stats st;

	(void)state;
	nm_skb_get_stats(&st);
	copied0 = st.copied_bytes;
	for (int r = 0; r < NR_RINGS; r++) {
		pid[r] = port_up(r, NULL);
		rx_pp[r] = nm_port_rxq_page_pool(pid[r], 0);
		assert_non_null(rx_pp[r]);
		assert_int_equal(page_pool_inflight(rx_pp[r]), 0);
		assert_false(nm_port_features(pid[r]) & NETIF_F_TSO);
	}

	for (int round = 0; round < ROUNDS; round++) {
		int r = (int)(rnd() % NR_RINGS);
		struct sk_buff *skbs[BURST + 1];
		unsigned int n = 0, ngso = 0;

		while (n < BURST) {
			enum shape sh = (enum shape)(rnd() % SH_NR);
			struct out o;

			if (sh == SH_GSO && ngso >= 3)
				sh = SH_FRAGS;
			if (round % 10 == 0)	/* some bursts of one shape */
				sh = (enum shape)((unsigned int)(round / 10) % SH_NR);
			if (sh == SH_GSO && ngso >= 3)
				sh = SH_BUILD;
			if (sh == SH_CLONE && n + 2 > BURST)
				sh = SH_LINEAR;
			shape_count[sh]++;
			if (sh == SH_GSO) {
				unsigned int pl = rnd() % 4 ? 65495 - rnd_range(0, 5 * MSS) :
					   rnd_range(MSS + 1, 20 * MSS);

				o = mk_gso(pl);
				ngso++;
			} else if (sh == SH_CLONE) {
				static const enum shape base[] = {
					SH_LINEAR, SH_BUILD, SH_BUILD_FRAGS, SH_FRAGS, SH_FRAGLIST
				};

				o = mk_plain(base[rnd() % RTE_DIM(base)]);
				skbs[n] = skb_clone(o.skb, GFP_ATOMIC);
				assert_non_null(skbs[n]);
				n++;
				/* both carry the same bytes; the moved head is gone */
				o.head_page = NULL;
				exp_push_bytes(r, o.buf, o.len, NULL);
			} else {
				o = mk_plain(sh);
			}
			skbs[n++] = o.skb;
			exp_out(r, &o);
		}
		gso[r] += ngso;
		assert_int_equal(nm_tx_burst(pid[r], 0, skbs, (uint16_t)n), n);
		sent_skbs += n;
		rx_expect_all(r);
	}
	printf("%u skbs sent; shapes:", sent_skbs);
	for (int s = 0; s < SH_NR; s++)
		printf(" %u", shape_count[s]);
	printf("\n");

	for (int r = 0; r < NR_RINGS; r++) {
		check_quiet_stats(pid[r], gso[r]);
		assert_int_equal(page_pool_inflight(rx_pp[r]), 0);
	}
	assert_int_equal(page_pool_inflight(my_pp), 0);
	nm_skb_get_stats(&st);
	assert_int_equal(st.copied_bytes - copied0, 0);
	for (int r = 0; r < NR_RINGS; r++) {
		port_down(pid[r]);
		rx_pp[r] = NULL;
	}
}

/* ---------------------------------------------------------------------- */
/* A clone sent on two ports                                              */
/* ---------------------------------------------------------------------- */

static struct sk_buff *rx_one(uint16_t pid)
{
	struct sk_buff *skb = NULL;

	for (int i = 0; i < 1000 && skb == NULL; i++)
		if (nm_rx_burst(pid, 0, &skb, 1) == 0)
			skb = NULL;
	assert_non_null(skb);
	return skb;
}

static void assert_bytes(const struct sk_buff *skb, const uint8_t *src, unsigned int len)
{
	uint8_t *b = malloc(len);

	assert_non_null(b);
	assert_int_equal(skb->len, len);
	assert_int_equal(skb_copy_bits(skb, 0, b, (int)len), 0);
	assert_memory_equal(b, src, len);
	free(b);
}

/* The first 1000 bytes of @src in a head on a page of @pool (*hp), the
 * other 2000 in a frag of our own pool (*fp). */
static struct sk_buff *mk_head_frag(struct page_pool *pool, const uint8_t *src,
				    struct page **hp, struct page **fp)
{
	struct sk_buff *skb = mk_build_head(pool, src, 1000, hp);

	*fp = page_pool_dev_alloc_pages(my_pp);
	assert_non_null(*fp);
	memcpy(page_address(*fp), src + 1000, 2000);
	skb_add_rx_frag(skb, 0, *fp, 0, 2000, (unsigned int)PAGE_SIZE);
	return skb;
}

static void test_clone_two_ports(void **state)
{
	uint16_t p0, p1;
	struct page_pool *pool;
	struct page *hp, *fp;
	struct sk_buff *skb, *clone, *a, *b;
	uint8_t src[1000 + 2000];
	struct nm_queue_stats s0, s1;

	(void)state;
	p0 = port_up(0, NULL);
	p1 = port_up(1, NULL);
	pool = nm_port_rxq_page_pool(p0, 0);
	rx_pp[0] = pool;
	rx_pp[1] = nm_port_rxq_page_pool(p1, 0);
	fill_random(src, sizeof(src));
	put_eth(src, 0x88b5);

	/* Head in a page of port 0's RX pool, a frag of our own pool. */
	skb = mk_head_frag(pool, src, &hp, &fp);
	assert_int_equal(page_pool_inflight(pool), 1);
	assert_int_equal(page_pool_inflight(my_pp), 1);
	assert_int_equal(page_pp_refs(hp), 1);
	clone = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(clone);

	/* Both go out as external segments, each holding a pp reference. */
	assert_int_equal(nm_tx_burst(p0, 0, &skb, 1), 1);
	assert_int_equal(page_pp_refs(hp), 2);	/* the clone's data + port 0's segment */
	assert_int_equal(nm_tx_burst(p1, 0, &clone, 1), 1);
	assert_int_equal(page_pp_refs(hp), 2);	/* port 0's and port 1's segments */
	assert_int_equal(page_pp_refs(fp), 2);
	s0 = qstats(p0, 0);
	s1 = qstats(p1, 0);
	assert_int_equal(s0.tx_zc_segs + s1.tx_zc_segs, 0);
	assert_int_equal(s0.tx_ext_segs, 2);
	assert_int_equal(s1.tx_ext_segs, 2);

	/* Port 0 completes: its received skb holds the page now. */
	a = rx_one(p0);
	assert_bytes(a, src, sizeof(src));
	assert_int_equal(page_pp_refs(hp), 2);
	assert_int_equal(page_pp_refs(fp), 2);
	consume_skb(a);
	assert_int_equal(page_pp_refs(hp), 1);	/* port 1's send is still out */
	assert_int_equal(page_pp_refs(fp), 1);
	assert_int_equal(page_pool_inflight(pool), 1);
	assert_int_equal(page_pool_inflight(my_pp), 1);

	/* Port 1 completes: the last reference returns the pages. */
	b = rx_one(p1);
	assert_bytes(b, src, sizeof(src));
	assert_int_equal(page_pp_refs(hp), 1);
	assert_int_equal(page_pool_inflight(pool), 1);
	consume_skb(b);
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(page_pool_inflight(my_pp), 0);

	/*
	 * Again, the original kept back: while the clone's segment is out the
	 * original shares its page (external); once it completed the original
	 * owns its pages alone and leaves as their own mbufs (moved).
	 */
	skb = mk_head_frag(pool, src, &hp, &fp);
	clone = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(clone);
	assert_int_equal(nm_tx_burst(p1, 0, &clone, 1), 1);
	assert_int_equal(page_pp_refs(hp), 2);
	b = rx_one(p1);
	assert_bytes(b, src, sizeof(src));
	s0 = qstats(p0, 0);
	assert_int_equal(nm_tx_burst(p0, 0, &skb, 1), 1);	/* b still holds refs */
	assert_int_equal(qstats(p0, 0).tx_ext_segs, s0.tx_ext_segs + 2);
	a = rx_one(p0);
	assert_bytes(a, src, sizeof(src));
	consume_skb(a);
	assert_int_equal(page_pp_refs(hp), 1);
	consume_skb(b);
	assert_int_equal(page_pool_inflight(pool), 0);

	skb = mk_head_frag(pool, src, &hp, &fp);
	clone = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(clone);
	assert_int_equal(nm_tx_burst(p1, 0, &clone, 1), 1);
	b = rx_one(p1);
	consume_skb(b);				/* the clone's send completed */
	assert_int_equal(page_pp_refs(hp), 1);
	s0 = qstats(p0, 0);
	assert_int_equal(nm_tx_burst(p0, 0, &skb, 1), 1);
	assert_int_equal(qstats(p0, 0).tx_zc_segs, s0.tx_zc_segs + 2);
	assert_int_equal(qstats(p0, 0).tx_ext_segs, s0.tx_ext_segs);
	a = rx_one(p0);
	assert_bytes(a, src, sizeof(src));
	assert_ptr_equal(virt_to_head_page(a->head), hp);	/* the same page */
	assert_ptr_equal(skb_frag_page(&skb_shinfo(a)->frags[0]), fp);
	consume_skb(a);
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(page_pool_inflight(my_pp), 0);
	assert_int_equal(qstats(p0, 0).copied_bytes + qstats(p1, 0).copied_bytes, 0);

	port_down(p0);
	port_down(p1);
	rx_pp[0] = rx_pp[1] = NULL;
}

/* ---------------------------------------------------------------------- */
/* A full TX ring                                                         */
/* ---------------------------------------------------------------------- */

/* Sends @n skbs on ring @r in bursts until the ring takes no more;
 * returns how many went. */
static unsigned int tx_until_full(uint16_t pid, struct sk_buff **skbs, unsigned int n)
{
	unsigned int done = 0;

	while (done < n) {
		uint16_t want = (uint16_t)RTE_MIN(n - done, (unsigned int)BURST);
		uint16_t got = nm_tx_burst(pid, 0, skbs + done, want);

		done += got;
		if (got < want)
			break;
	}
	return done;
}

static void test_tx_ring_full(void **state)
{
	enum { N = 1500 };
	static struct sk_buff *skbs[N];
	static struct out outs[N];
	unsigned int sent, more, dropped;
	struct nm_queue_stats st;
	struct out go;
	struct sk_buff *burst[3];
	uint16_t pid;
	int r = 0;

	(void)state;
	pid = port_up(r, NULL);
	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 0);

	/* One packet per skb, moved and external mixed. */
	for (unsigned int i = 0; i < N; i++) {
		static const enum shape sh[] = {
			SH_LINEAR, SH_BUILD, SH_BUILD_FRAGS, SH_LINEAR_BIG
		};

		outs[i] = mk_plain(sh[i % RTE_DIM(sh)]);
		skbs[i] = outs[i].skb;
	}
	sent = tx_until_full(pid, skbs, N);
	printf("ring took %u of %u\n", sent, N);
	assert_true(sent > 0 && sent < N);
	/* Full: nothing more goes, nothing is dropped. */
	assert_int_equal(nm_tx_burst(pid, 0, skbs + sent, BURST), 0);
	st = qstats(pid, 0);
	assert_int_equal(st.tx_packets, sent);
	assert_int_equal(drops_total(&st), 0);
	for (unsigned int i = 0; i < sent; i++)
		exp_out(r, &outs[i]);
	/* The rest are the caller's, intact: sole owner, bytes unchanged. */
	for (unsigned int i = sent; i < N; i++) {
		assert_int_equal(skbs[i]->users, 1);
		assert_false(skb_cloned(skbs[i]));
		assert_bytes(skbs[i], outs[i].buf, outs[i].len);
		if (outs[i].head_page != NULL) {
			assert_int_equal(page_ref_count(outs[i].head_page), 1);
			if (netmem_is_pp(page_to_netmem(outs[i].head_page)))
				assert_int_equal(page_pp_refs(outs[i].head_page), 1);
		}
	}

	/* Room for 300: the next 300 go, later ones are refused again. */
	rx_expect_n(r, 300);
	more = tx_until_full(pid, skbs + sent, N - sent);
	assert_int_equal(more, 300);
	for (unsigned int i = sent; i < sent + more; i++)
		exp_out(r, &outs[i]);
	sent += more;

	/* The caller gives up on the rest: counted TX_FULL drops. */
	rx_expect_all(r);
	dropped = N - sent;
	nm_tx_drop_unsent(pid, 0, skbs + sent, (uint16_t)dropped);
	for (unsigned int i = sent; i < N; i++)
		free(outs[i].buf);
	st = qstats(pid, 0);
	assert_int_equal(st.drops[NM_DROP_TX_FULL], dropped);
	assert_int_equal(drops_total(&st), dropped);

	/*
	 * Software GSO into a ring with room for 10 packets: burst {A, G, C}.
	 * A goes, 9 segments of G go and its other segments drop (TX_FULL), G
	 * counts as taken, C stays the caller's.
	 */
	for (unsigned int i = 0; i < N; i++) {
		outs[i] = mk_plain(SH_LINEAR);
		skbs[i] = outs[i].skb;
	}
	sent = tx_until_full(pid, skbs, N);
	for (unsigned int i = 0; i < sent; i++)
		exp_out(r, &outs[i]);
	nm_tx_drop_unsent(pid, 0, skbs + sent, (uint16_t)(N - sent));
	for (unsigned int i = sent; i < N; i++)
		free(outs[i].buf);
	dropped += N - sent;
	rx_expect_n(r, 10);
	outs[0] = mk_plain(SH_LINEAR);
	go = mk_gso(30 * MSS + 100);		/* 31 segments */
	outs[2] = mk_plain(SH_BUILD);
	burst[0] = outs[0].skb;
	burst[1] = go.skb;
	burst[2] = outs[2].skb;
	st = qstats(pid, 0);
	assert_int_equal(nm_tx_burst(pid, 0, burst, 3), 2);
	exp_out(r, &outs[0]);
	go.g->nsegs = 9;	/* only these come */
	go.g->left = 9;
	exp_push_gso(r, go.g);
	go.g->nsegs = 31;
	{
		struct nm_queue_stats st2 = qstats(pid, 0);

		assert_int_equal(st2.tx_packets - st.tx_packets, 10);
		assert_int_equal(st2.drops[NM_DROP_TX_FULL] - st.drops[NM_DROP_TX_FULL], 31 - 9);
		assert_int_equal(st2.tx_gso_sw - st.tx_gso_sw, 1);
		dropped += 31 - 9;
	}
	/* C is intact; the ring is full again. */
	assert_bytes(outs[2].skb, outs[2].buf, outs[2].len);
	assert_int_equal(nm_tx_burst(pid, 0, &burst[2], 1), 0);

	/* A GSO skb into a full ring stays whole, and goes later. */
	go = mk_gso(20 * MSS);
	burst[0] = go.skb;
	assert_int_equal(nm_tx_burst(pid, 0, burst, 1), 0);
	assert_int_equal(go.skb->users, 1);
	assert_int_equal(go.skb->len, go.g->len);
	assert_true(skb_is_gso(go.skb));
	rx_expect_all(r);
	assert_int_equal(nm_tx_burst(pid, 0, burst, 1), 1);
	exp_push_gso(r, go.g);
	assert_int_equal(nm_tx_burst(pid, 0, &outs[2].skb, 1), 1);
	exp_out(r, &outs[2]);
	rx_expect_all(r);

	st = qstats(pid, 0);
	assert_int_equal(st.drops[NM_DROP_TX_FULL], dropped);
	assert_int_equal(drops_total(&st), dropped);
	assert_int_equal(st.copied_bytes, 0);
	assert_int_equal(st.rx_packets, st.tx_packets);
	assert_int_equal(page_pool_inflight(rx_pp[0]), 0);
	assert_int_equal(txh_in_use(pid), 0);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
}

/*
 * Counters of a refused send: a chain the ring did not take was not a TX
 * segment, and an skb segmented (or checksummed) in software twice because
 * the first try found the ring full was sent once.
 */
/* Ring 0 up, its RX pool the one mk_plain() builds from, and @n packets
 * of shape @sh made (outs[i].skb in skbs[i]). */
static uint16_t port_up_with(enum shape sh, struct out *outs, struct sk_buff **skbs,
			     unsigned int n)
{
	uint16_t pid = port_up(0, NULL);

	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 0);
	for (unsigned int i = 0; i < n; i++) {
		outs[i] = mk_plain(sh);
		skbs[i] = outs[i].skb;
	}
	return pid;
}

/*
 * A full ring under skbs that all take TX's fast path (each struct leaves
 * with its page): the burst the PMD took in part counts exactly the
 * packets and bytes that went; the rest stay the caller's, intact.
 */
static void test_tx_fast_ring_full(void **state)
{
	enum { N = 1100 };
	static struct sk_buff *skbs[N];
	static struct out outs[N];
	struct nm_queue_stats a, b;
	unsigned int sent;
	uint64_t bytes = 0;
	uint16_t pid;

	(void)state;
	pid = port_up_with(SH_BUILD, outs, skbs, N);
	a = qstats(pid, 0);
	sent = tx_until_full(pid, skbs, N);
	b = qstats(pid, 0);
	assert_true(sent > 0 && sent < N);
	assert_true(sent % BURST != 0);		/* a burst went in part */
	for (unsigned int i = 0; i < sent; i++)
		bytes += outs[i].len;
	assert_int_equal(b.tx_packets - a.tx_packets, sent);
	assert_int_equal(b.tx_bytes - a.tx_bytes, bytes);
	assert_int_equal(b.tx_zc_segs - a.tx_zc_segs, sent);
	assert_int_equal(b.tx_ext_segs - a.tx_ext_segs, 0);
	for (unsigned int i = sent; i < N; i++)
		assert_bytes(skbs[i], outs[i].buf, outs[i].len);
	for (unsigned int i = 0; i < sent; i++)
		exp_out(0, &outs[i]);
	nm_tx_drop_unsent(pid, 0, skbs + sent, (uint16_t)(N - sent));
	for (unsigned int i = sent; i < N; i++)
		free(outs[i].buf);
	rx_expect_all(0);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
}

static int dtor_calls;

static void count_dtor(struct sk_buff *skb)
{
	(void)skb;
	dtor_calls++;
}

enum slot_guard {
	G_NONE,		/* moved, struct and all */
	G_USERS,	/* a second skb reference: external segment */
	G_PAGE_REF,	/* a second page reference: external segment */
	G_PP_REF,	/* a second pp reference: external segment */
	G_DTOR,		/* a destructor to run after the send: external segment */
	G_CSUM,		/* CHECKSUM_PARTIAL: summed in software first */
	G_VLAN,		/* a stripped tag: back in the frame */
	G_VLAN0,	/* ... with vlan_proto unset: an 802.1Q tag */
	G_FRAG,		/* a page frag after the head: two segments */
	G_CLONE,	/* a clone shares the head: external segment */
	G_NEWHEAD,	/* the head moved out of the slot's page */
	G_NR
};

/*
 * TX's fast path for an RX skb (the struct in its head page's slot) moves
 * the page only when nothing else holds the skb or the page and nothing is
 * left to do: each guard sends the skb the general way instead, with the
 * right bytes on the wire and nothing leaked.
 */
static void test_tx_slot_guards(void **state)
{
	struct page_pool *pp;
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	pp = nm_port_rxq_page_pool(pid, 0);
	for (int g = 0; g < G_NR; g++) {
		unsigned int len = 80 + (unsigned int)g, elen = len;
		uint8_t b[128], e[132];
		struct nm_queue_stats a, z;
		struct sk_buff *skb, *out, *clone = NULL;
		struct page *hp, *fp;

		for (unsigned int i = 0; i < len; i++)
			b[i] = (uint8_t)(i * 7 + (unsigned int)g);
		put_eth(b, 0x0800);
		put_ip4(b + ETH_HLEN, 20, len - ETH_HLEN - 20, 17, 1);
		skb = mk_build_head(pp, b, len, NULL);
		assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
		skb = rx_one(pid);		/* an RX skb, in its page's slot */
		hp = virt_to_head_page(skb->head);
		memcpy(e, b, len);
		switch (g) {
		case G_USERS:
			skb_get(skb);
			break;
		case G_PAGE_REF:
			get_page(hp);
			break;
		case G_PP_REF:
			page_pool_ref_page(hp);
			break;
		case G_DTOR:
			dtor_calls = 0;
			skb->destructor = count_dtor;
			break;
		case G_CSUM:
			/* UDP: the field holds a start value, the sum goes over it */
			skb->ip_summed = CHECKSUM_PARTIAL;
			skb->csum_start = (__u16)(skb_headroom(skb) + ETH_HLEN + 20);
			skb->csum_offset = 6;
			put16(e + ETH_HLEN + 20 + 6,
			      (uint16_t)~ref_fold(ref_sum(b + ETH_HLEN + 20, len - ETH_HLEN - 20, 0)));
			break;
		case G_VLAN:
		case G_VLAN0:
			/* no vlan_present bit (6.2+): held when vlan_all != 0 */
			skb->vlan_proto = g == G_VLAN ? rte_cpu_to_be_16(0x88a8) : 0;
			skb->vlan_tci = 0x2123;
			memcpy(e + 16, b + 12, len - 12);
			memcpy(e + 12, g == G_VLAN ? "\x88\xa8\x21\x23" : "\x81\x00\x21\x23", 4);
			elen = len + 4;
			break;
		case G_FRAG:
			fp = page_pool_dev_alloc_pages(pp);
			assert_non_null(fp);
			memcpy(page_address(fp), "fragment", 8);
			skb_add_rx_frag(skb, 0, fp, 0, 8, (unsigned int)PAGE_SIZE);
			memcpy(e + len, "fragment", 8);
			elen = len + 8;
			break;
		case G_CLONE:
			clone = skb_clone(skb, GFP_ATOMIC);
			assert_non_null(clone);
			break;
		case G_NEWHEAD:
			assert_int_equal(pskb_expand_head(skb, 64, 0, GFP_ATOMIC), 0);
			break;
		}
		a = qstats(pid, 0);
		assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
		z = qstats(pid, 0);
		out = rx_one(pid);
		assert_bytes(out, e, elen);
		assert_int_equal(z.tx_packets - a.tx_packets, 1);
		assert_int_equal(z.tx_bytes - a.tx_bytes, elen);
		switch (g) {
		case G_USERS:
		case G_PAGE_REF:
		case G_PP_REF:
		case G_DTOR:
		case G_CLONE:
			assert_int_equal(z.tx_zc_segs - a.tx_zc_segs, 0);
			assert_int_equal(z.tx_ext_segs - a.tx_ext_segs, 1);
			break;
		case G_FRAG:
			assert_int_equal(z.tx_zc_segs - a.tx_zc_segs, 2);
			break;
		case G_NEWHEAD:
			assert_ptr_not_equal(virt_to_head_page(out->head), hp);
			break;
		default:
			assert_int_equal(z.tx_zc_segs - a.tx_zc_segs, 1);
			assert_int_equal(z.tx_ext_segs - a.tx_ext_segs, 0);
			assert_ptr_equal(virt_to_head_page(out->head), hp);
			break;
		}
		assert_int_equal(z.tx_csum_sw - a.tx_csum_sw, g == G_CSUM);
		consume_skb(out);
		switch (g) {
		case G_USERS:
			assert_bytes(skb, b, len);	/* still the caller's */
			consume_skb(skb);
			break;
		case G_PAGE_REF:
			put_page(hp);
			break;
		case G_PP_REF:
			page_pool_put_full_page(pp, hp, false);
			break;
		case G_DTOR:
			assert_int_equal(dtor_calls, 1);
			break;
		case G_CLONE:
			assert_bytes(clone, b, len);	/* the shared head is intact */
			consume_skb(clone);
			break;
		}
		assert_int_equal(page_pool_inflight(pp), 0);
	}
	port_down(pid);
}

static void test_tx_counters_ring_full(void **state)
{
	enum { N = 1100 };
	static struct sk_buff *skbs[N];
	static struct out outs[N];
	struct nm_queue_stats a, b;
	struct out o[3];
	unsigned int sent;
	uint16_t pid;

	(void)state;
	pid = port_up_with(SH_LINEAR, outs, skbs, N);
	sent = tx_until_full(pid, skbs, N);
	for (unsigned int i = 0; i < sent; i++)
		exp_out(0, &outs[i]);
	nm_tx_drop_unsent(pid, 0, skbs + sent, (uint16_t)(N - sent));
	for (unsigned int i = sent; i < N; i++)
		free(outs[i].buf);

	o[0] = mk_plain(SH_BUILD);		/* moved */
	o[1] = mk_plain(SH_FRAGS);		/* external */
	o[2] = mk_gso(10 * MSS);		/* software GSO */
	for (int i = 0; i < 3; i++)
		skbs[i] = o[i].skb;
	a = qstats(pid, 0);
	assert_int_equal(nm_tx_burst(pid, 0, skbs, 3), 0);
	b = qstats(pid, 0);
	rx_expect_all(0);
	assert_int_equal(nm_tx_burst(pid, 0, skbs, 3), 3);
	for (int i = 0; i < 3; i++)
		exp_out(0, &o[i]);
	rx_expect_all(0);
	printf("refused burst counted: zc_segs +%" PRIu64 " ext_segs +%" PRIu64
	       " gso_sw +%" PRIu64 "\n", b.tx_zc_segs - a.tx_zc_segs,
	       b.tx_ext_segs - a.tx_ext_segs, b.tx_gso_sw - a.tx_gso_sw);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
	assert_int_equal(b.tx_zc_segs, a.tx_zc_segs);
	assert_int_equal(b.tx_ext_segs, a.tx_ext_segs);
	assert_int_equal(b.tx_gso_sw, a.tx_gso_sw);
}

/* ---------------------------------------------------------------------- */
/* Running out of memory                                                  */
/* ---------------------------------------------------------------------- */

/*
 * TX segment headers (one per external segment) run out: the skb that finds
 * none is dropped and counted once as TX_NOMEM; nothing leaks; sending works
 * again once the ring drained.
 */
static void test_tx_headers_exhausted(void **state)
{
	enum { N = 600, FR = 7, PLEN = 100 };
	static struct sk_buff *skbs[N];
	uint8_t src[ETH_HLEN + FR * PLEN];
	struct page *page;
	struct nm_queue_stats st;
	unsigned int done = 0;
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	page = alloc_page(GFP_ATOMIC);
	assert_non_null(page);
	fill_random(page_address(page), (unsigned int)PAGE_SIZE);
	memcpy(src, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x88\xb5", ETH_HLEN);
	for (int f = 0; f < FR; f++)
		memcpy(src + ETH_HLEN + f * PLEN, (uint8_t *)page_address(page) + f * 64, PLEN);
	/* head + 7 frags of one shared page (a page reference each): 8
	 * external segments per skb */
	for (unsigned int i = 0; i < N; i++) {
		skbs[i] = mk_alloc_head(src, ETH_HLEN);
		for (int f = 0; f < FR; f++) {
			get_page(page);
			skb_add_rx_frag(skbs[i], f, page, f * 64, PLEN, (unsigned int)PAGE_SIZE);
		}
	}
	assert_int_equal(page_ref_count(page), 1 + N * FR);
	while (done < N) {
		uint16_t want = (uint16_t)RTE_MIN(N - done, (unsigned int)BURST);
		uint16_t got = nm_tx_burst(pid, 0, skbs + done, want);

		assert_true(got > 0);
		done += got;
	}
	st = qstats(pid, 0);
	printf("%" PRIu64 " sent, drops TX_NOMEM %" PRIu64 " (of %u skbs)\n", st.tx_packets,
	       st.drops[NM_DROP_TX_NOMEM], N);
	assert_true(st.tx_packets > 0 && st.tx_packets < N);
	for (unsigned int i = 0; i < st.tx_packets; i++)
		exp_push_bytes(0, src, sizeof(src), NULL);
	rx_expect_all(0);
	assert_int_equal(txh_in_use(pid), 0);
	/* Every skb was taken: the sent ones consumed, the others dropped. */
	assert_int_equal(page_ref_count(page), 1);
	put_page(page);
	st = qstats(pid, 0);
	port_down(pid);
	assert_int_equal(st.drops[NM_DROP_TX_NOMEM], N - st.tx_packets);
	assert_int_equal(drops_total(&st), N - st.tx_packets);
}

/* Takes every skb struct there is (clones of one skb); returns the count. */
static unsigned int skb_hoard(struct sk_buff *base, struct sk_buff ***out)
{
	unsigned int cap = 1u << 17, n = 0;
	struct sk_buff **h = malloc(cap * sizeof(*h));

	assert_non_null(h);
	while (n < cap && (h[n] = skb_clone(base, GFP_ATOMIC)) != NULL)
		n++;
	assert_true(n < cap);
	*out = h;
	return n;
}

static void skb_unhoard(struct sk_buff **h, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		kfree_skb(h[i]);
	free(h);
}

/*
 * A port whose RX pool has 64 pages: the pool runs dry (allocations fail,
 * nothing else breaks); skb structs run out too: packets on the queue's own
 * pages still arrive (their skbs live in the pages' slots), the others are
 * dropped (RX_NOMEM) with their pages and segment headers given back; all
 * recovers once the skbs are freed.
 */
static void test_pool_exhaustion(void **state)
{
	enum { NP = 64, NL = 16 };
	struct nm_port_conf c = conf_default();
	struct sk_buff *skbs[NP + NL], *rx[NP + NL + 64], *base, **hoard;
	struct page_pool *pool;
	uint8_t src[NP + NL][600];
	unsigned int nh, got = 0, nrx = 0;
	uint16_t pid;

	(void)state;
	c.nr_pages = NP;
	pid = port_up(1, &c);
	pool = nm_port_rxq_page_pool(pid, 0);
	assert_non_null(pool);
	rx_pp[0] = rx_pp[1] = pool;

	/* The pool hands out exactly its pages, then nothing. */
	for (int round = 0; round < 2; round++) {
		for (unsigned int i = 0; i < NP; i++) {
			fill_random(src[i], sizeof(src[i]));
			put_eth(src[i], 0x88b5);
			skbs[i] = mk_build_head(pool, src[i], sizeof(src[i]), NULL);
		}
		assert_null(page_pool_dev_alloc_pages(pool));
		assert_null(page_pool_dev_alloc_pages(pool));
		assert_int_equal(page_pool_inflight(pool), NP);
		for (unsigned int i = NP; i < NP + NL; i++) {
			fill_random(src[i], sizeof(src[i]));
			put_eth(src[i], 0x88b5);
			skbs[i] = mk_alloc_head(src[i], sizeof(src[i]));
		}
		/* Sent: the pages travel in their own mbufs. */
		assert_int_equal(nm_tx_burst(pid, 0, skbs, BURST), BURST);
		assert_int_equal(nm_tx_burst(pid, 0, skbs + BURST, BURST), BURST);
		assert_int_equal(nm_tx_burst(pid, 0, skbs + 2 * BURST, NP + NL - 2 * BURST),
				 NP + NL - 2 * BURST);
		assert_int_equal(page_pool_inflight(pool), NP);
		assert_null(page_pool_dev_alloc_pages(pool));
		if (round == 1)
			break;

		/* No skb struct left: the queue's own pages still arrive (their
		 * skbs live in the pages' slots); any other packet is a counted
		 * drop. */
		base = alloc_skb(64, GFP_ATOMIC);
		assert_non_null(base);
		nh = skb_hoard(base, &hoard);
		printf("hoarded %u skb structs\n", nh);
		for (int i = 0; i < 100; i++)
			nrx += nm_rx_burst(pid, 0, rx + nrx, 64);
		assert_int_equal(nrx, NP);
		for (unsigned int i = 0; i < nrx; i++) {
			assert_int_equal(rx[i]->fclone, SKB_FCLONE_EMBEDDED);
			assert_bytes(rx[i], src[i], sizeof(src[i]));
			kfree_skb(rx[i]);
		}
		assert_int_equal(qstats(pid, 0).drops[NM_DROP_RX_NOMEM], NL);
		assert_int_equal(qstats(pid, 0).rx_packets, NP);
		/* ... and the memory came back. */
		assert_int_equal(page_pool_inflight(pool), 0);
		assert_int_equal(txh_in_use(pid), 0);
		skb_unhoard(hoard, nh);
		kfree_skb(base);
	}

	/* Recovered: the second round is received whole, zero copy. */
	for (unsigned int i = 0; i < NP + NL; i++) {
		struct sk_buff *skb = rx_one(pid);

		assert_bytes(skb, src[i], sizeof(src[i]));
		skbs[got++] = skb;
	}
	/* The pages are in our skbs: the pool is dry until they go. */
	assert_null(page_pool_dev_alloc_pages(pool));
	for (unsigned int i = 0; i < got; i++)
		kfree_skb(skbs[i]);
	assert_int_equal(page_pool_inflight(pool), 0);
	skbs[0] = mk_build_head(pool, src[0], sizeof(src[0]), NULL);
	kfree_skb(skbs[0]);
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(qstats(pid, 0).drops[NM_DROP_RX_NOMEM], NL);
	assert_int_equal(qstats(pid, 0).copied_bytes, 0);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
}

/* ---------------------------------------------------------------------- */
/* nm_port_init() errors and offloads                                     */
/* ---------------------------------------------------------------------- */

static void test_init_errors(void **state)
{
	struct nm_port_conf c;
	struct nm_port_caps caps;
	struct nm_queue_stats st;
	struct sk_buff *skb;
	struct out o;
	uint16_t pid;

	(void)state;
	pid = ring_fresh(1);
	assert_int_equal(nm_port_caps_get(pid, &caps), 0);
	printf("%s: rx_offloads %#" PRIx64 " tx_offloads %#" PRIx64 " queues %u/%u hw_split %d\n",
	       caps.driver, caps.rx_offloads, caps.tx_offloads, caps.max_rxq, caps.max_txq,
	       caps.hw_split);
	assert_int_equal(nm_port_caps_get(RTE_MAX_ETHPORTS - 1, &caps), -ENODEV);

	assert_int_equal(nm_port_init(pid, NULL), -EINVAL);
	c = conf_default();
	c.nb_rxq = 0;
	assert_int_equal(nm_port_init(pid, &c), -EINVAL);
	c = conf_default();
	c.nb_txq = 0;
	assert_int_equal(nm_port_init(pid, &c), -EINVAL);
	c = conf_default();
	c.nb_rxq = NM_PORT_MAX_QUEUES + 1;
	assert_int_equal(nm_port_init(pid, &c), -EINVAL);
	c = conf_default();
	c.nb_txq = NM_PORT_MAX_QUEUES + 1;
	assert_int_equal(nm_port_init(pid, &c), -EINVAL);
	c = conf_default();
	c.rxq_lcore[0] = RTE_MAX_LCORE;
	assert_int_equal(nm_port_init(pid, &c), -EINVAL);
	c = conf_default();
	c.nb_rxq = 2;
	c.rxq_lcore[1] = LCORE_ID_ANY;
	assert_int_equal(nm_port_init(pid, &c), -EINVAL);
	c = conf_default();
	c.order = NM_MAX_PAGE_ORDER + 1;
	assert_int_equal(nm_port_init(pid, &c), -EINVAL);

	c = conf_default();
	assert_int_equal(nm_port_init(RTE_MAX_ETHPORTS, &c), -ENODEV);
	assert_int_equal(nm_port_init(RTE_MAX_ETHPORTS - 1, &c), -ENODEV);
	assert_false(rte_eth_dev_is_valid_port(7));
	assert_int_equal(nm_port_init(7, &c), -ENODEV);

	/* Offloads the ring lacks. */
	assert_false(caps.tx_offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO);
	assert_false(caps.hw_split);
	c = conf_default();
	c.flags = NM_PORT_F_TSO;
	assert_int_equal(nm_port_init(pid, &c), -EOPNOTSUPP);
	c.flags = NM_PORT_F_TX_CSUM;
	assert_int_equal(nm_port_init(pid, &c), -EOPNOTSUPP);
	c.flags = NM_PORT_F_HEADER_SPLIT;
	assert_int_equal(nm_port_init(pid, &c), -EOPNOTSUPP);
	/* Nothing was set up by the failures. */
	assert_null(nm_port_rxq_page_pool(pid, 0));
	assert_int_equal(nm_port_close(pid), -ENODEV);
	assert_int_equal(nm_port_queue_stats(pid, 0, &st), -EINVAL);
	skb = alloc_skb(64, GFP_ATOMIC);
	assert_non_null(skb);
	skb_put_zero(skb, 60);
	assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 0);	/* not set up */
	kfree_skb(skb);

	/* TSO asked, optional: the port comes up without it, GSO in software. */
	c.flags = NM_PORT_F_TSO | NM_PORT_F_TX_CSUM | NM_PORT_F_OPTIONAL;
	assert_int_equal(nm_port_init(pid, &c), 0);
	assert_false(nm_port_features(pid) & (NETIF_F_TSO | NETIF_F_TSO6));
	assert_false(nm_port_features(pid) & NETIF_F_CSUM_MASK);
	assert_int_equal(nm_port_init(pid, &c), -EBUSY);	/* double init */
	c = conf_default();
	assert_int_equal(nm_port_init(pid, &c), -EBUSY);
	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 0);
	assert_non_null(rx_pp[0]);
	assert_null(nm_port_rxq_page_pool(pid, 1));
	assert_int_equal(nm_port_queue_stats(pid, 1, &st), -EINVAL);
	assert_int_equal(nm_rx_burst(pid, 1, &skb, 1), 0);
	o = mk_gso(12 * MSS + 7);
	assert_int_equal(nm_tx_burst(pid, 0, &o.skb, 1), 1);
	exp_out(1, &o);
	rx_expect_all(1);
	st = qstats(pid, 0);
	assert_int_equal(st.tx_gso_sw, 1);
	assert_int_equal(st.tx_packets, 13);
	assert_int_equal(st.copied_bytes, 0);
	port_down(pid);

	/* Two queue pairs: each TX queue loops back to its RX queue. */
	c = conf_default();
	c.nb_rxq = c.nb_txq = 2;
	c.nr_pages = 256;
	pid = port_up(1, &c);
	assert_non_null(nm_port_rxq_page_pool(pid, 1));
	assert_ptr_not_equal(nm_port_rxq_page_pool(pid, 0), nm_port_rxq_page_pool(pid, 1));
	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 1);
	o = mk_plain(SH_BUILD);
	assert_int_equal(nm_tx_burst(pid, 1, &o.skb, 1), 1);
	assert_int_equal(nm_rx_burst(pid, 0, &skb, 1), 0);
	for (int i = 0; i < 1000; i++)
		if (nm_rx_burst(pid, 1, &skb, 1) == 1)
			break;
	assert_bytes(skb, o.buf, o.len);
	assert_ptr_equal(virt_to_head_page(skb->head), o.head_page);
	kfree_skb(skb);
	free(o.buf);
	assert_int_equal(qstats(pid, 1).tx_zc_segs, 1);
	assert_int_equal(qstats(pid, 1).rx_packets, 1);
	assert_int_equal(qstats(pid, 0).rx_packets + qstats(pid, 0).tx_packets, 0);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
}

/* ---------------------------------------------------------------------- */
/* Header split in software                                               */
/* ---------------------------------------------------------------------- */

struct split_case {
	uint16_t ethertype;
	uint8_t proto;		/* 6, 17, or 0 */
	unsigned int ipopt, tcpopt;
	unsigned int payload;
	bool moved;		/* build_skb around a pool page, else alloc_skb */
	unsigned int nfrags;	/* alloc_page frags after 100 payload bytes */
};

static void test_header_split(void **state)
{
	static const struct split_case cases[] = {
		{ 0x0800, 6, 0, 0, 1200, true, 0 },
		{ 0x0800, 6, 8, 12, 700, true, 0 },
		{ 0x0800, 17, 0, 0, 800, true, 0 },
		{ 0x0806, 0, 0, 0, 28, true, 0 },
		{ 0x0800, 6, 0, 0, 1000, false, 0 },
		{ 0x0800, 6, 0, 0, 100 + 2 * 1500, true, 2 },
	};
	struct nm_port_conf c = conf_default();
	uint64_t hdr_expect = 0;
	uint16_t pid;

	(void)state;
	c.flags = NM_PORT_F_HEADER_SPLIT;
	pid = ring_fresh(1);
	assert_int_equal(nm_port_init(pid, &c), -EOPNOTSUPP);
	c.flags = NM_PORT_F_HEADER_SPLIT | NM_PORT_F_SW_SPLIT;
	pid = port_up(1, &c);
	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 0);

	for (unsigned int k = 0; k < RTE_DIM(cases); k++) {
		const struct split_case *sc = &cases[k];
		unsigned int l3 = sc->proto ? 20 + sc->ipopt : 0;
		unsigned int l4 = sc->proto == 6 ? 20 + sc->tcpopt : sc->proto == 17 ? 8 : 0;
		unsigned int hdr = ETH_HLEN + l3 + l4, len = hdr + sc->payload;
		unsigned int headlen = sc->nfrags ? hdr + 100 : len;
		uint8_t *b = malloc(len);
		struct page *hp = NULL, *fpages[2];
		struct sk_buff *skb;
		const skb_frag_t *f0;

		assert_non_null(b);
		fill_random(b, len);
		put_eth(b, sc->ethertype);
		if (sc->proto) {
			put_ip4(b + ETH_HLEN, l3, l4 + sc->payload, sc->proto, 1);
			if (sc->proto == 6)
				b[ETH_HLEN + l3 + 12] = (uint8_t)((l4 / 4) << 4);
		}
		if (sc->moved) {
			skb = mk_build_head(rx_pp[0], b, headlen, &hp);
		} else {
			skb = mk_alloc_head(b, headlen);
		}
		for (unsigned int i = 0; i < sc->nfrags; i++) {
			fpages[i] = alloc_page(GFP_ATOMIC);
			assert_non_null(fpages[i]);
			memcpy(page_address(fpages[i]), b + headlen + i * 1500, 1500);
			skb_add_rx_frag(skb, (int)i, fpages[i], 0, 1500, (unsigned int)PAGE_SIZE);
		}
		assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
		skb = rx_one(pid);
		assert_bytes(skb, b, len);
		/* The headers alone in a small head, the payload in frags. */
		assert_int_equal(skb_headlen(skb), hdr);
		assert_int_equal(skb_network_offset(skb), ETH_HLEN);
		assert_int_equal(skb->protocol, rte_cpu_to_be_16(sc->ethertype));
		assert_true(skb_shinfo(skb)->nr_frags >= 1);
		f0 = &skb_shinfo(skb)->frags[0];
		if (sc->moved) {
			/* the payload stayed in the page it was sent from */
			assert_ptr_equal(skb_frag_page(f0), hp);
			assert_int_equal(skb_shinfo(skb)->nr_frags, 1 + sc->nfrags);
			for (unsigned int i = 0; i < sc->nfrags; i++)
				assert_ptr_equal(skb_frag_page(&skb_shinfo(skb)->frags[i + 1]),
						 fpages[i]);
			hdr_expect += hdr;
		} else {
			/* external segment: 128 bytes were copied out of it first */
			hdr_expect += 128 + hdr;
		}
		kfree_skb(skb);
		free(b);
		assert_int_equal(qstats(pid, 0).hdr_copied_bytes, hdr_expect);
	}
	assert_int_equal(qstats(pid, 0).copied_bytes, 0);
	assert_int_equal(page_pool_inflight(rx_pp[0]), 0);
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
}

/* ---------------------------------------------------------------------- */
/* The RX fast path's skb                                                 */
/* ---------------------------------------------------------------------- */

struct rx_case {
	unsigned int len;	/* frame bytes */
	uint16_t ethertype;	/* 0: a runt with no ethertype */
	uint16_t inner;		/* under a VLAN tag, when ethertype is 0x8100 */
};

/*
 * Frames in pages of the RX queue's own pool come back through RX's fast
 * path (the skb built in the page's slot). Every field is what
 * build_skb() + eth_type_trans() would give, whatever the struct in the
 * slot held before: the sender leaves cb, mark, priority, hash behind.
 * A frame that reaches into the shared info is a counted bad packet.
 */
static void test_rx_fast_fields(void **state)
{
	static const struct rx_case cases[] = {
		{ 60, 0x0800, 0 }, { 1514, 0x86dd, 0 }, { 64, 0x8100, 0x0800 },
		{ 16, 0x8100, 0x0800 }, { 14, 0x0806, 0 }, { 10, 0, 0 },
	};
	struct page_pool *pp;
	struct rte_mbuf *m;
	struct page *page;
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	pp = nm_port_rxq_page_pool(pid, 0);
	for (unsigned int k = 0; k < RTE_DIM(cases); k++) {
		const struct rx_case *rc = &cases[k];
		bool vlan = rc->ethertype == 0x8100 && rc->len >= ETH_HLEN + 4;
		unsigned int mac_len = vlan ? ETH_HLEN + 4 : ETH_HLEN, hr;
		uint8_t b[1514], cb0[sizeof(((struct sk_buff *)0)->cb)];
		struct sk_buff *skb;
		struct page *hp;
		const struct skb_shared_info *sh;

		fill_random(b, rc->len);
		if (rc->ethertype)
			put16(b + 12, rc->ethertype);
		if (rc->ethertype == 0x8100 && rc->len >= ETH_HLEN + 4)
			put16(b + 16, rc->inner);
		skb = mk_build_head(pp, b, rc->len, &hp);
		hr = (unsigned int)skb_headroom(skb);
		/* what the struct in the slot holds when the page comes back */
		memset(skb->cb, 0xa5, sizeof(skb->cb));
		skb->mark = 7;
		skb->priority = 3;
		skb->hash = 0x1234;
		skb->l4_hash = 1;
		skb->tstamp = 99;
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		skb_shinfo(skb)->tx_flags = 0xff;
		skb_shinfo(skb)->gso_segs = 5;
		assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
		skb = rx_one(pid);

		assert_ptr_equal(skb->head, page_address(hp));
		assert_ptr_equal(virt_to_head_page(skb->head), hp);
		assert_int_equal(skb_headroom(skb), hr);
		assert_int_equal(skb->len, rc->len);
		assert_int_equal(skb_headlen(skb), rc->len);
		assert_int_equal(skb->data_len, 0);
		assert_int_equal(skb_end_offset(skb), PAGE_SIZE - NM_SHINFO);
		assert_int_equal(skb->users, 1);
		assert_false(skb->cloned);
		assert_true(skb->head_frag);
		assert_true(skb->pp_recycle);
		assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
		assert_int_equal(skb->queue_mapping, 0);
		assert_int_equal(skb->port, pid);
		assert_int_equal(skb->mark, 0);
		assert_int_equal(skb->priority, 0);
		assert_int_equal(skb->hash, 0);
		assert_false(skb->l4_hash);
		assert_int_equal(skb->tstamp, 0);
		assert_null(skb->destructor);
		memset(cb0, 0, sizeof(cb0));
		assert_memory_equal(skb->cb, cb0, sizeof(cb0));
		assert_int_equal(skb_mac_offset(skb), 0);
		if (rc->ethertype) {
			assert_int_equal(skb->mac_len, mac_len);
			assert_int_equal(skb_network_offset(skb), mac_len);
			assert_int_equal(skb->protocol,
					 rte_cpu_to_be_16(vlan ? rc->inner : rc->ethertype));
		} else {
			assert_int_equal(skb->protocol, 0);
			/* no MAC header to pull: the network header at data, as
			 * the kernel's receive path resets it */
			assert_int_equal(skb_network_offset(skb), 0);
		}
		assert_false(skb_transport_header_was_set(skb));
		sh = skb_shinfo(skb);
		assert_int_equal(sh->nr_frags, 0);
		assert_int_equal(sh->tx_flags, 0);
		assert_int_equal(sh->gso_size, 0);
		assert_int_equal(sh->gso_segs, 0);
		assert_null(sh->frag_list);
		assert_int_equal(sh->dataref, 1);
		assert_int_equal(page_pp_refs(hp), 1);
		assert_memory_equal(skb->data, b, rc->len);
		kfree_skb(skb);
	}
	/* data_off + data_len past the data room: dropped, counted, freed */
	page = page_pool_dev_alloc_pages(pp);
	assert_non_null(page);
	m = nm_page_to_mbuf(page);
	page->_refcount = 0;		/* the mbuf carries the reference */
	m->data_off = (uint16_t)(PAGE_SIZE - NM_SHINFO - 32);
	m->data_len = 64;
	m->pkt_len = 64;
	m->nb_segs = 1;
	m->next = NULL;
	m->ol_flags = 0;
	assert_int_equal(rte_eth_tx_burst(pid, 0, &m, 1), 1);
	assert_int_equal(port_drain(pid, 1), 0);
	assert_int_equal(qstats(pid, 0).drops[NM_DROP_RX_BAD], 1);
	assert_int_equal(page_pool_inflight(pp), 0);
	port_down(pid);
}

/* ---------------------------------------------------------------------- */
/* Segments per packet                                                    */
/* ---------------------------------------------------------------------- */

/*
 * The most an skb carries: a head and MAX_SKB_FRAGS frags. Moved, that is
 * MAX_SKB_FRAGS + 1 page mbufs, which RX can take back without a copy (the
 * first one is the head).
 */
static void test_max_frags_zero_copy(void **state)
{
	unsigned int len = 200 + MAX_SKB_FRAGS * 1000;
	struct sk_buff *skb;
	struct page *hp;
	bool same_page;
	uint64_t copied;
	uint8_t *b;
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	rx_pp[0] = rx_pp[1] = nm_port_rxq_page_pool(pid, 0);
	b = malloc(len);
	assert_non_null(b);
	fill_random(b, len);
	put_eth(b, 0x88b5);
	skb = mk_build_head(rx_pp[0], b, 200, &hp);
	for (int i = 0; i < MAX_SKB_FRAGS; i++)
		frag_add(skb, F_PAGE, b + 200 + i * 1000, 1000);
	assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
	assert_int_equal(qstats(pid, 0).tx_zc_segs, MAX_SKB_FRAGS + 1);
	skb = rx_one(pid);
	assert_bytes(skb, b, len);
	free(b);
	same_page = virt_to_head_page(skb->head) == hp;
	kfree_skb(skb);
	copied = qstats(pid, 0).copied_bytes;
	port_down(pid);
	rx_pp[0] = rx_pp[1] = NULL;
	printf("head + %d frags: %" PRIu64 " bytes copied on RX\n", MAX_SKB_FRAGS, copied);
	assert_int_equal(copied, 0);
	assert_true(same_page);
}

/* ---------------------------------------------------------------------- */
/* Closing                                                                */
/* ---------------------------------------------------------------------- */

static bool reap_until_zero(void)
{
	uint64_t end = rte_get_timer_cycles() + 2 * rte_get_timer_hz();

	while (nm_page_pool_reap() != 0) {
		if (rte_get_timer_cycles() > end)
			return false;
		rte_delay_us_sleep(1000);
	}
	return true;
}

/* Sends N packets built in pages of @pid's RX pool and receives them;
 * keeps the first @hold received skbs in @held. */
static void close_prepare(uint16_t pid, uint8_t (*src)[300], unsigned int n,
			  struct sk_buff **held, unsigned int hold)
{
	struct page_pool *pool = nm_port_rxq_page_pool(pid, 0);
	struct sk_buff *skbs[16];

	assert_true(n <= 16);
	for (unsigned int i = 0; i < n; i++) {
		fill_random(src[i], sizeof(src[i]));
		put_eth(src[i], 0x88b5);
		skbs[i] = mk_build_head(pool, src[i], sizeof(src[i]), NULL);
	}
	assert_int_equal(nm_tx_burst(pid, 0, skbs, (uint16_t)n), n);
	for (unsigned int i = 0; i < n; i++) {
		struct sk_buff *skb = rx_one(pid);

		assert_bytes(skb, src[i], sizeof(src[i]));
		if (i < hold)
			held[i] = skb;
		else
			kfree_skb(skb);
	}
	assert_int_equal(page_pool_inflight(pool), hold);
}

/*
 * Pages still out in skbs keep a closed port's pool alive until they are
 * freed; then it goes (nm_page_pool_reap() == 0).
 */
static void test_close(void **state)
{
	enum { N = 8, HOLD = 5 };
	struct sk_buff *skb, *held[HOLD];
	struct page_pool *pool;
	uint8_t src[N][300];
	uint16_t pid;

	(void)state;
	pid = port_up(0, NULL);
	pool = nm_port_rxq_page_pool(pid, 0);
	close_prepare(pid, src, N, held, HOLD);

	assert_int_equal(nm_port_close(pid), 0);
	assert_int_equal(nm_port_close(pid), -ENODEV);
	assert_null(nm_port_rxq_page_pool(pid, 0));
	assert_int_equal(nm_rx_burst(pid, 0, &skb, 1), 0);
	/* The pool waits for its pages; the skbs still read right. */
	assert_int_equal(nm_page_pool_reap(), 1);
	assert_int_equal(page_pool_inflight(pool), HOLD);
	for (int i = 0; i < HOLD; i++)
		assert_bytes(held[i], src[i], sizeof(src[i]));
	kfree_skb(held[0]);
	assert_int_equal(nm_page_pool_reap(), 1);
	assert_int_equal(page_pool_inflight(pool), HOLD - 1);
	for (int i = 1; i < HOLD; i++)
		kfree_skb(held[i]);
	assert_true(reap_until_zero());

	/* The port comes up again and works. */
	pid = port_up(0, NULL);
	close_prepare(pid, src, 1, NULL, 0);
	port_down(pid);
	assert_true(reap_until_zero());
}

/*
 * The same port set up again while the pool of its previous life still
 * waits for pages held by the application.
 */
static void test_reinit_while_old_pool_waits(void **state)
{
	enum { N = 4, HOLD = 2 };
	struct nm_port_conf c = conf_default();
	struct sk_buff *held[HOLD];
	uint8_t src[N][300];
	uint16_t pid;
	int ret;

	(void)state;
	pid = port_up(0, NULL);
	close_prepare(pid, src, N, held, HOLD);
	assert_int_equal(nm_port_close(pid), 0);
	assert_int_equal(nm_page_pool_reap(), 1);

	pid = ring_fresh(0);
	ret = nm_port_init(pid, &c);
	if (ret == 0) {
		close_prepare(pid, src, 1, NULL, 0);
		port_down(pid);
	}
	for (int i = 0; i < HOLD; i++)
		kfree_skb(held[i]);
	assert_true(reap_until_zero());
	assert_int_equal(ret, 0);
}

/*
 * Closing a port with packets still in its (loopback) RX ring: they are
 * the port's to give back, so its pool and TX headers are freed and the
 * port can be set up again.
 */
static void test_close_with_packets_in_ring(void **state)
{
	enum { N = 8 };
	struct sk_buff *skbs[N];
	struct page_pool *pool;
	uint8_t src[300];
	uint16_t pid;
	int ret;

	(void)state;
	pid = port_up(1, NULL);
	pool = nm_port_rxq_page_pool(pid, 0);
	fill_random(src, sizeof(src));
	put_eth(src, 0x88b5);
	for (int i = 0; i < N; i++)
		skbs[i] = i % 2 ? mk_build_head(pool, src, sizeof(src), NULL) :
				  mk_alloc_head(src, sizeof(src));
	assert_int_equal(nm_tx_burst(pid, 0, skbs, N), N);
	assert_int_equal(nm_port_close(pid), 0);
	assert_true(reap_until_zero());
	pid = ring_fresh(1);
	{
		struct nm_port_conf c = conf_default();

		ret = nm_port_init(pid, &c);
		if (ret == 0)
			port_down(pid);
	}
	assert_int_equal(ret, 0);
}

/* ---------------------------------------------------------------------- */

static int group_setup(void **state)
{
	struct page_pool_params pp = {
		.flags = PP_FLAG_DMA_MAP,
		.order = 0,
		.pool_size = 1024,
		.nid = NUMA_NO_NODE,
		.dev = PP_DEV_NONE,
		.lcore = rte_lcore_id(),
		.dma_dir = DMA_BIDIRECTIONAL,
		.nr_pages = 4096,
		.name = "test_port",
	};
	struct sk_buff *skb;

	(void)state;
	my_pp = page_pool_create(&pp);
	if (IS_ERR(my_pp))
		return -1;
	for (unsigned int o = 0; o <= NM_MAX_PAGE_ORDER; o++) {
		struct page *page = alloc_pages(GFP_ATOMIC, o);

		if (page == NULL)
			return -1;
		page_mp[o] = nm_page_to_mbuf(page)->pool;
		__free_pages(page, o);
	}
	/* The per-lcore head cache holds one page from now on. */
	skb = alloc_skb(64, GFP_ATOMIC);
	if (skb == NULL)
		return -1;
	kfree_skb(skb);
	return 0;
}

static int group_teardown(void **state)
{
	long inflight = page_pool_inflight(my_pp);

	(void)state;
	exp_clear();
	page_pool_destroy(my_pp);
	return inflight == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_loopback_shapes, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_clone_two_ports, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_ring_full, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_fast_ring_full, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_slot_guards, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_counters_ring_full, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_headers_exhausted, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_pool_exhaustion, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_init_errors, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_header_split, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_rx_fast_fields, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_max_frags_zero_copy, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_close, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_reinit_while_old_pool_waits, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_close_with_packets_in_ring, case_setup,
						case_teardown),
	};
	int ret;

	nm_test_eal_init(1, "--vdev=net_ring0", "--vdev=net_ring1", NULL);
	ret = cmocka_run_group_tests_name("port", tests, group_setup, group_teardown);
	rte_eal_cleanup();
	return ret;
}
