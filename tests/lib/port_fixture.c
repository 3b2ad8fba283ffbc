/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/port test fixture (port_fixture.h): the helpers, compiled once. */
#include "port_fixture.h"

static const char *const ring_name[NR_RINGS] = { "net_ring0", "net_ring1" };

struct page_pool *my_pp;		/* host pages, owned by this lcore */

static struct rte_mempool *page_mp[NM_MAX_PAGE_ORDER + 1];	/* alloc_pages() */

/* ---------------------------------------------------------------------- */
/* Small helpers                                                          */
/* ---------------------------------------------------------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

unsigned int rnd_range(unsigned int lo, unsigned int hi)
{
	return lo + rnd() % (hi - lo + 1);
}

void fill_random(uint8_t *b, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++)
		b[i] = (uint8_t)rnd();
}

/* IPv4 pseudo-header sum of an L4 segment of @l4len bytes. */
static uint64_t ref_pseudo4(const uint8_t *iph, uint32_t l4len, uint8_t proto)
{
	return ref_sum(iph + 12, 8, 0) + l4len + proto;
}

void put_eth(uint8_t *b, uint16_t type)
{
	memcpy(b, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02", 12);
	put16(b + 12, type);
}

/* An IPv4 header at @ip for @l4len bytes of @proto, checksum filled. */
void put_ip4(uint8_t *ip, unsigned int ihl, unsigned int l4len, uint8_t proto,
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

uint16_t ring_pid(int r)
{
	uint16_t pid = UINT16_MAX;

	assert_int_equal(rte_eth_dev_get_port_by_name(ring_name[r], &pid), 0);
	return pid;
}

struct nm_queue_stats qstats(uint16_t pid, uint16_t q)
{
	struct nm_queue_stats st;

	assert_int_equal(nm_port_queue_stats(pid, q, &st), 0);
	return st;
}

uint64_t drops_total(const struct nm_queue_stats *st)
{
	uint64_t n = 0;

	for (int i = 0; i < NM_DROP_MAX; i++)
		n += st->drops[i];
	return n;
}

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
unsigned int txh_in_use(uint16_t pid)
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
unsigned int port_drain(uint16_t pid, uint16_t nb_q)
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
uint16_t ring_fresh(int r)
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

uint16_t port_up(int r, const struct nm_port_conf *c)
{
	struct nm_port_conf d = conf_default();
	uint16_t pid = ring_fresh(r);

	assert_int_equal(nm_port_init(pid, c ? c : &d), 0);
	return pid;
}

/* Closes a port that was fully received: nothing may be left. */
void port_down(uint16_t pid)
{
	assert_int_equal(port_drain(pid, NM_PORT_MAX_QUEUES), 0);
	assert_int_equal(nm_port_close(pid), 0);
}

static struct snap snap0;

static void snap_take(struct snap *s)
{
	s->misuse = nm_misuse_count();
	nm_skb_get_stats(&s->skb);
	for (unsigned int o = 0; o <= NM_MAX_PAGE_ORDER; o++)
		s->in_use[o] = rte_mempool_in_use_count(page_mp[o]);
}

int case_setup(void **state)
{
	(void)state;
	snap_take(&snap0);
	return 0;
}

int case_teardown(void **state)
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

void exp_push_bytes(int r, const uint8_t *src, unsigned int len,
			   const struct page *head_page)
{
	struct exp e = { .len = len, .head_page = head_page };

	e.buf = malloc(len);
	assert_non_null(e.buf);
	memcpy(e.buf, src, len);
	exp_push(r, &e);
}

void exp_push_gso(int r, struct gso_exp *g)
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
void exp_check(int r, struct sk_buff *skb)
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
void rx_expect_all(int r)
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

/* RX pools of both ports (set by the loopback case). */
struct page_pool *rx_pp[NR_RINGS];

static struct page_pool *any_rx_pool(void)
{
	struct page_pool *pp = rx_pp[rnd() % NR_RINGS];

	assert_non_null(pp);
	return pp;
}

/* Appends @len bytes of @src as frag of kind @k; the reference moves in. */
void frag_add(struct sk_buff *skb, enum fkind k, const uint8_t *src, unsigned int len)
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
struct sk_buff *mk_alloc_head(const uint8_t *src, unsigned int headlen)
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
struct sk_buff *mk_build_head(struct page_pool *pool, const uint8_t *src,
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

/* A random non-GSO packet of shape @sh (not SH_CLONE / SH_GSO). */
struct out mk_plain(enum shape sh)
{
	struct out o = { 0 };
	unsigned int headlen = 0, nfrags = 0, flen[MAX_SKB_FRAGS] = { 0 }, pos, total;
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
struct out mk_gso(unsigned int payload)
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
	t_mark_tcp4_gso(skb, ETH_HLEN, MSS);
	o.skb = skb;
	o.len = g->len;
	o.g = g;
	return o;
}

/* Expectations for @o sent on ring @r; takes o.buf. */
void exp_out(int r, struct out *o)
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
/* A clone sent on two ports                                              */
/* ---------------------------------------------------------------------- */

struct sk_buff *rx_one(uint16_t pid)
{
	struct sk_buff *skb = NULL;

	for (int i = 0; i < 1000 && skb == NULL; i++)
		if (nm_rx_burst(pid, 0, &skb, 1) == 0)
			skb = NULL;
	assert_non_null(skb);
	return skb;
}

void assert_bytes(const struct sk_buff *skb, const uint8_t *src, unsigned int len)
{
	uint8_t *b = malloc(len);

	assert_non_null(b);
	assert_int_equal(skb->len, len);
	assert_int_equal(skb_copy_bits(skb, 0, b, (int)len), 0);
	assert_memory_equal(b, src, len);
	free(b);
}

/* ---------------------------------------------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	my_pp = host_pool_create(1024, 4096, "test_port");
	if (IS_ERR(my_pp))
		return -1;
	return page_mempools_find(page_mp);
}

static int group_teardown(void **state)
{
	long inflight = page_pool_inflight(my_pp);

	(void)state;
	exp_clear();
	page_pool_destroy(my_pp);
	return inflight == 0 ? 0 : -1;
}

int port_run(const char *name, const struct CMUnitTest *tests, size_t n)
{
	int ret;

	nm_test_eal_init(1, "--vdev=net_ring0", "--vdev=net_ring1", NULL);
	ret = _cmocka_run_group_tests(name, tests, n, group_setup, group_teardown);
	rte_eal_cleanup();
	return ret;
}
