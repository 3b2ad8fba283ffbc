/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests: a second, independent statement of rules another test
 * already holds, and the edges planted bugs slipped through (issue 19,
 * "Behaviours no test states"). Each case reaches the rule by another way
 * than the first test does:
 *  - UDP GSO in software (NETIF_F_SG only): a segment whose checksum
 *    computes to 0 carries exactly 0xffff (CSUM_MANGLED_0), the others
 *    their exact checksum;
 *  - skb_try_coalesce() stealing from's head: 16 frags + head + 1 frag is
 *    refused, 15 + head + 1 accepted with nr_frags == MAX_SKB_FRAGS;
 *  - skb_shift() at MAX_SKB_FRAGS: 16 + 1 whole frag accepted, 17 + 1 and
 *    a cut needing two slots refused, nothing changed;
 *  - dataref's nohdr bias seen through skb_cow_head(): the clone of a
 *    nohdr skb writes its headers without copying the head;
 *  - the recycle fast path's _refcount check reached from napi_consume_skb():
 *    a frag page someone else holds a page reference on is released, not
 *    cached, and never handed out again while held;
 *  - TX's sole-owner guard on a frag page with two pp references: sent as an
 *    external segment, not moved;
 *  - the zero-copy "copied" flag through net_zcopy_put(): it is the uarg's
 *    own, never inherited, and copied ranges never merge with others;
 *  - device-memory tokens: two records of the same frag are two tokens,
 *    each with its own pp reference on the net_iov, each given back once.
 * Every case checks that its skbs are freed, page_pool inflight is 0, and
 * no misuse was counted.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_ethdev.h>
#include <rte_log.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/port.h>
#include <netmem/skbuff.h>

/* Private: the RX queue's device-memory page_pool. */
#include "port_priv.h"

#include "test_common.h"
#include "test_pool.h"
#include "test_skb_case.h"

#define GFP	(GFP_ATOMIC | __GFP_NOWARN)

static struct page_pool *pool;		/* host pages, owned by this lcore */

static int case_teardown(void **state)
{
	if (page_pool_inflight(pool) != 0) {
		print_error("page_pool inflight %ld\n", page_pool_inflight(pool));
		return -1;
	}
	if (nm_misuse_count() != case_misuse0) {
		print_error("%" PRIu64 " misuses\n", nm_misuse_count() - case_misuse0);
		return -1;
	}
	return skb_case_teardown(state);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Ones' complement sum of @len bytes (big-endian words) added to @sum. */
static uint32_t ref_sum(const uint8_t *b, unsigned int len, uint32_t sum)
{
	for (unsigned int i = 0; i + 1 < len; i += 2)
		sum += get16(b + i);
	if (len & 1)
		sum += (uint32_t)b[len - 1] << 8;
	return sum;
}

static uint16_t ref_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* ---------------------------------------------------------------------- */
/* UDP GSO: a segment checksum of 0 goes out as 0xffff                    */
/* ---------------------------------------------------------------------- */

#define U_MSS		200
#define U_SEGS		3
#define U_NH		14
#define U_TH		34
#define U_HDR		42
#define U_LEN		(U_HDR + U_SEGS * U_MSS)

/* The UDP checksum of one segment: @udp its 8-byte header (check 0),
 * @pl its payload, both addresses from @ip. */
static uint16_t udp4_check(const uint8_t *ip, const uint8_t *udp, const uint8_t *pl,
			   unsigned int plen)
{
	uint32_t s = ref_sum(ip + 12, 8, 0);

	s += 17 + 8 + plen;
	s = ref_sum(udp, 6, s);
	s = ref_sum(pl, plen, s);
	return (uint16_t)~ref_fold(s);
}

static void test_gso_udp_zero_csum(void **state)
{
	uint8_t b[U_LEN], udp[8];
	struct sk_buff *skb, *segs, *s;
	unsigned int k = 0;
	uint32_t sum;

	(void)state;
	for (unsigned int i = 0; i < U_LEN; i++)
		b[i] = (uint8_t)(i * 7 + 3);
	memset(b, 0x02, 12);
	put16(b + 12, 0x0800);
	b[U_NH] = 0x45;
	b[U_NH + 1] = 0;
	put16(b + U_NH + 2, U_LEN - U_NH);
	put16(b + U_NH + 4, 1);
	put16(b + U_NH + 6, 0);
	b[U_NH + 8] = 64;
	b[U_NH + 9] = 17;
	put16(b + U_NH + 10, 0);
	put16(b + U_NH + 12, 0x0a00);
	put16(b + U_NH + 14, 0x0001);
	put16(b + U_NH + 16, 0x0a00);
	put16(b + U_NH + 18, 0x0002);
	put16(b + U_NH + 10, (uint16_t)~ref_fold(ref_sum(b + U_NH, 20, 0)));
	put16(b + U_TH, 5000);
	put16(b + U_TH + 2, 6000);
	put16(b + U_TH + 4, 8 + U_SEGS * U_MSS);
	/* Segment 1's first two payload bytes make its checksum 0: the sum
	 * of everything else, complemented, added makes the total 0xffff. */
	memcpy(udp, b + U_TH, 8);
	put16(udp + 4, 8 + U_MSS);
	put16(udp + 6, 0);
	put16(b + U_HDR + U_MSS, 0);
	sum = ref_sum(b + U_NH + 12, 8, 0) + 17 + 8 + U_MSS;
	sum = ref_sum(udp, 8, sum);
	sum = ref_sum(b + U_HDR + U_MSS, U_MSS, sum);
	put16(b + U_HDR + U_MSS, (uint16_t)~ref_fold(sum));
	assert_int_equal(udp4_check(b + U_NH, udp, b + U_HDR + U_MSS, U_MSS), 0);

	skb = alloc_skb(128 + U_LEN, GFP);
	assert_non_null(skb);
	skb_reserve(skb, 128);
	memcpy(skb_put(skb, U_LEN), b, U_LEN);
	skb->protocol = rte_cpu_to_be_16(0x0800);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, U_NH);
	skb_set_transport_header(skb, U_TH);
	/* As the stack leaves it: the pseudo-header sum in the check field. */
	{
		uint32_t ph = ref_sum(b + U_NH + 12, 8, 0) + 17 + 8 + U_SEGS * U_MSS;

		put16(skb->data + U_TH + 6, ref_fold(ph));
	}
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + U_TH);
	skb->csum_offset = 6;
	skb_shinfo(skb)->gso_size = U_MSS;
	skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;

	segs = skb_gso_segment(skb, NETIF_F_SG);
	assert_false(IS_ERR_OR_NULL(segs));
	for (s = segs; s != NULL; s = s->next, k++) {
		const uint8_t *d = s->data;
		uint16_t want;

		assert_int_equal(s->len, U_HDR + U_MSS);
		assert_int_equal(skb_headlen(s), s->len);
		assert_int_equal(s->ip_summed, CHECKSUM_NONE);
		assert_memory_equal(d + U_HDR, b + U_HDR + k * U_MSS, U_MSS);
		assert_int_equal(get16(d + U_TH + 4), 8 + U_MSS);
		want = udp4_check(d + U_NH, d + U_TH, d + U_HDR, U_MSS);
		if (k == 1) {
			assert_int_equal(want, 0);
			assert_int_equal(get16(d + U_TH + 6), 0xffff);
		} else {
			assert_int_not_equal(want, 0);
			assert_int_equal(get16(d + U_TH + 6), want);
		}
	}
	assert_int_equal(k, U_SEGS);
	kfree_skb_list(segs);
	consume_skb(skb);
}

/* ---------------------------------------------------------------------- */
/* MAX_SKB_FRAGS edges of skb_try_coalesce() and skb_shift()               */
/* ---------------------------------------------------------------------- */

/* Adds @n frags of @len bytes, each its own page (no two coalesce). */
static void add_pages(struct sk_buff *skb, int n, unsigned int len)
{
	for (int i = 0; i < n; i++) {
		struct page *p = alloc_page(GFP);
		int at = skb_shinfo(skb)->nr_frags;

		assert_non_null(p);
		memset(page_address(p), 0x30 + at, len);
		skb_add_rx_frag(skb, at, p, 0, (int)len, PAGE_SIZE);
	}
}

/* An skb with @hl linear bytes in a head of its own page and @nfrags frags. */
static struct sk_buff *mk_skb(unsigned int hl, int nfrags)
{
	struct sk_buff *skb = alloc_skb(hl ? hl : 1, GFP);

	assert_non_null(skb);
	if (hl)
		memset(skb_put(skb, hl), 0x77, hl);
	add_pages(skb, nfrags, 100);
	return skb;
}

static void test_coalesce_max_frags(void **state)
{
	struct sk_buff *to, *from;
	bool stolen;
	int delta;

	(void)state;
	/* 16 + head + 1 = 18 frags: refused, nothing moved */
	to = mk_skb(0, MAX_SKB_FRAGS - 1);
	from = mk_skb(1500, 1);
	assert_true(from->head_frag);
	assert_true((unsigned int)skb_tailroom(to) < from->len);
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(stolen);
	assert_int_equal(skb_shinfo(to)->nr_frags, MAX_SKB_FRAGS - 1);
	assert_int_equal(skb_shinfo(from)->nr_frags, 1);
	assert_int_equal(to->len, (MAX_SKB_FRAGS - 1) * 100);
	assert_int_equal(from->len, 1600);
	kfree_skb(to);
	kfree_skb(from);

	/* 15 + head + 1 = 17: accepted, the last slot taken */
	to = mk_skb(0, MAX_SKB_FRAGS - 2);
	from = mk_skb(1500, 1);
	assert_true(skb_try_coalesce(to, from, &stolen, &delta));
	assert_true(stolen);
	assert_int_equal(skb_shinfo(to)->nr_frags, MAX_SKB_FRAGS);
	assert_true(skb_shinfo(to)->nr_frags <= MAX_SKB_FRAGS);
	assert_int_equal(to->len, (MAX_SKB_FRAGS - 2) * 100 + 1600);
	assert_int_equal(skb_frag_size(&skb_shinfo(to)->frags[MAX_SKB_FRAGS - 2]), 1500);
	assert_int_equal(skb_frag_size(&skb_shinfo(to)->frags[MAX_SKB_FRAGS - 1]), 100);
	kfree_skb_partial(from, stolen);
	kfree_skb(to);

	/* no head to steal: 16 + 1 = 17 accepted, 17 + 1 refused */
	to = mk_skb(0, MAX_SKB_FRAGS - 1);
	from = mk_skb(0, 1);
	assert_true(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(stolen);
	assert_int_equal(skb_shinfo(to)->nr_frags, MAX_SKB_FRAGS);
	kfree_skb_partial(from, stolen);
	from = mk_skb(0, 1);
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	assert_int_equal(skb_shinfo(to)->nr_frags, MAX_SKB_FRAGS);
	kfree_skb(from);
	kfree_skb(to);
}

static void test_shift_max_frags(void **state)
{
	struct sk_buff *tgt, *skb;

	(void)state;
	/* 16 + 1 whole frag: 17 */
	tgt = mk_skb(64, MAX_SKB_FRAGS - 1);
	skb = mk_skb(0, 1);
	assert_int_equal(skb_shift(tgt, skb, 100), 100);
	assert_int_equal(skb_shinfo(tgt)->nr_frags, MAX_SKB_FRAGS);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 0);
	assert_int_equal(skb->len, 0);
	assert_int_equal(tgt->len, 64 + MAX_SKB_FRAGS * 100);

	/* 17 + 1: no slot left */
	kfree_skb(skb);
	skb = mk_skb(0, 1);
	assert_int_equal(skb_shift(tgt, skb, 100), 0);
	assert_int_equal(skb_shinfo(tgt)->nr_frags, MAX_SKB_FRAGS);
	assert_int_equal(skb->len, 100);
	kfree_skb(skb);
	kfree_skb(tgt);

	/* 16 + a whole frag and part of the next: two slots needed, refused */
	tgt = mk_skb(64, MAX_SKB_FRAGS - 1);
	skb = mk_skb(0, 2);
	assert_int_equal(skb_shift(tgt, skb, 150), 0);
	assert_int_equal(skb_shinfo(tgt)->nr_frags, MAX_SKB_FRAGS - 1);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 2);
	assert_int_equal(skb->len, 200);
	assert_int_equal(skb_frag_size(&skb_shinfo(skb)->frags[0]), 100);
	assert_int_equal(skb_frag_off(&skb_shinfo(skb)->frags[1]), 0);
	/* ... but the whole first frag alone fits */
	assert_int_equal(skb_shift(tgt, skb, 100), 100);
	assert_int_equal(skb_shinfo(tgt)->nr_frags, MAX_SKB_FRAGS);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 1);
	kfree_skb(skb);
	kfree_skb(tgt);
}

/* ---------------------------------------------------------------------- */
/* dataref's nohdr bias                                                   */
/* ---------------------------------------------------------------------- */

static void test_nohdr_cow_head(void **state)
{
	struct sk_buff *skb, *c, *c2;
	unsigned char *head;

	(void)state;
	skb = mk_skb(54, 1);
	head = skb->head;
	__skb_header_release(skb);
	c = skb_clone(skb, GFP);
	assert_non_null(c);
	/* the clone alone writes headers: its head stays shared */
	assert_false(skb_header_cloned(c));
	assert_int_equal(skb_cow_head(c, 0), 0);
	assert_ptr_equal(c->head, head);
	memset(c->data, 0xee, 14);
	/* a second clone: now the headers are shared by two writers */
	c2 = skb_clone(skb, GFP);
	assert_non_null(c2);
	assert_true(skb_header_cloned(c2));
	assert_int_equal(skb_cow_head(c2, 0), 0);
	assert_ptr_not_equal(c2->head, head);
	assert_memory_equal(c2->data, c->data, 54);
	kfree_skb(c2);
	/* the nohdr owner goes first: the clone is the head's only user */
	kfree_skb(skb);
	assert_false(skb_cloned(c));
	assert_false(skb_header_cloned(c));
	assert_int_equal(skb_shinfo(c)->dataref, 1);
	kfree_skb(c);
}

/* ---------------------------------------------------------------------- */
/* The recycle fast path's _refcount check                                */
/* ---------------------------------------------------------------------- */

static void test_recycle_held_page(void **state)
{
	struct page_pool_stats s0, s1;
	struct page *p, *got[64];
	struct sk_buff *skb;
	uint32_t cache;

	(void)state;
	p = page_pool_dev_alloc_pages(pool);
	assert_non_null(p);
	memset(page_address(p), 0xab, PAGE_SIZE);
	skb = alloc_skb(64, GFP);
	assert_non_null(skb);
	skb_put(skb, 10);
	skb_add_rx_frag(skb, 0, p, 0, 1000, PAGE_SIZE);
	skb_mark_for_recycle(skb);
	get_page(p);			/* someone else's page reference */
	cache = pool->alloc.count;
	memset(&s0, 0, sizeof(s0));
	page_pool_get_stats(pool, &s0);
	napi_consume_skb(skb, 64);	/* direct recycling allowed */
	memset(&s1, 0, sizeof(s1));
	page_pool_get_stats(pool, &s1);
	assert_int_equal(s1.recycle_stats.released_refcnt - s0.recycle_stats.released_refcnt, 1);
	assert_int_equal(s1.recycle_stats.cached, s0.recycle_stats.cached);
	assert_int_equal(pool->alloc.count, cache);
	assert_false(netmem_is_pp(page_to_netmem(p)));
	assert_int_equal(page_ref_count(p), 1);
	/* never handed out while held */
	for (int i = 0; i < 64; i++) {
		got[i] = page_pool_dev_alloc_pages(pool);
		assert_non_null(got[i]);
		assert_ptr_not_equal(got[i], p);
	}
	for (int i = 0; i < 64; i++)
		page_pool_recycle_direct(pool, got[i]);
	for (unsigned int i = 0; i < PAGE_SIZE; i++)
		if (((uint8_t *)page_address(p))[i] != 0xab)
			fail_msg("byte %u of the held page changed", i);
	put_page(p);
}

/* A port closed by nm_port_close() is released: probe the vdev again. */
static void ring_reprobe(void)
{
	int level = rte_log_get_level(RTE_LOGTYPE_RING);

	assert_int_equal(rte_eal_hotplug_remove("vdev", "net_ring0"), 0);
	rte_log_set_level(RTE_LOGTYPE_RING, RTE_LOG_CRIT);
	assert_int_equal(rte_eal_hotplug_add("vdev", "net_ring0", ""), 0);
	rte_log_set_level(RTE_LOGTYPE_RING, (uint32_t)level);
}

/* ---------------------------------------------------------------------- */
/* TX's sole-owner guard on a frag                                        */
/* ---------------------------------------------------------------------- */

static void test_tx_shared_frag_not_moved(void **state)
{
	struct nm_port_conf c;
	struct nm_queue_stats st;
	struct sk_buff *skb, *rx;
	struct page *hp, *fp;
	uint16_t pid;
	uint8_t want[64 + 500];

	(void)state;
	if (rte_eth_dev_get_port_by_name("net_ring0", &pid) != 0)
		fail_msg("no net_ring0");
	memset(&c, 0, sizeof(c));
	c.nb_rxq = 1;
	c.nb_txq = 1;
	for (int q = 0; q < NM_PORT_MAX_QUEUES; q++)
		c.rxq_lcore[q] = rte_lcore_id();
	assert_int_equal(nm_port_init(pid, &c), 0);

	/* a head page and a frag page of the pool, the frag's page with a
	 * second pp user (another skb's frag, say) */
	hp = page_pool_dev_alloc_pages(pool);
	fp = page_pool_dev_alloc_pages(pool);
	assert_non_null(hp);
	assert_non_null(fp);
	for (unsigned int i = 0; i < sizeof(want); i++)
		want[i] = (uint8_t)(i * 13);
	memcpy((uint8_t *)page_address(hp) + 128, want, 64);
	memcpy(page_address(fp), want + 64, 500);
	skb = build_skb(page_address(hp), PAGE_SIZE);
	assert_non_null(skb);
	skb_reserve(skb, 128);
	skb_put(skb, 64);
	skb_mark_for_recycle(skb);
	skb_add_rx_frag(skb, 0, fp, 0, 500, PAGE_SIZE);
	page_pool_ref_page(fp);
	assert_int_equal(fp->pp_ref_count, 2);

	assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
	assert_int_equal(nm_port_queue_stats(pid, 0, &st), 0);
	assert_int_equal(st.tx_packets, 1);
	assert_int_equal(st.tx_zc_segs, 0);
	assert_true(st.tx_ext_segs >= 2);
	/* the frag page was lent, not given: our reference still counts */
	assert_int_equal(nm_rx_burst(pid, 0, &rx, 1), 1);
	assert_int_equal(rx->len, sizeof(want));
	{
		uint8_t got[sizeof(want)];

		assert_int_equal(skb_copy_bits(rx, 0, got, sizeof(got)), 0);
		assert_memory_equal(got, want, sizeof(want));
	}
	kfree_skb(rx);
	assert_int_equal(fp->pp_ref_count, 1);
	assert_true(netmem_is_pp(page_to_netmem(fp)));
	assert_memory_equal(page_address(fp), want + 64, 500);
	page_pool_put_full_page(pool, fp, true);
	assert_int_equal(nm_port_close(pid), 0);
	ring_reprobe();
}

/* ---------------------------------------------------------------------- */
/* The zero-copy "copied" flag                                            */
/* ---------------------------------------------------------------------- */

static void test_zc_copied_own(void **state)
{
	struct nm_zc_queue *q = nm_zc_queue_create(8);
	struct nm_zc_notification n[4];
	struct ubuf_info *u;

	(void)state;
	assert_non_null(q);
	u = msg_zerocopy_alloc(q, 100);			/* 0: copied */
	msg_zerocopy_set_copied(u);
	net_zcopy_put(u);
	u = msg_zerocopy_alloc(q, 100);			/* 1: zero-copy */
	net_zcopy_put(u);
	u = msg_zerocopy_alloc(q, 100);			/* 2: zero-copy, merges with 1 */
	net_zcopy_put(u);
	u = msg_zerocopy_alloc(q, 100);			/* 3: copied, after completion
							 * was reported as a success */
	net_zcopy_get(u);
	u->ops->complete(NULL, u, true);
	msg_zerocopy_set_copied(u);
	net_zcopy_put(u);
	assert_int_equal(nm_zc_queue_poll(q, n, 4), 3);
	assert_int_equal(n[0].lo, 0);
	assert_int_equal(n[0].hi, 0);
	assert_true(n[0].copied);
	assert_int_equal(n[1].lo, 1);
	assert_int_equal(n[1].hi, 2);
	assert_false(n[1].copied);
	assert_int_equal(n[2].lo, 3);
	assert_int_equal(n[2].hi, 3);
	assert_true(n[2].copied);
	nm_zc_queue_free(q);
}

/* ---------------------------------------------------------------------- */
/* Device-memory token references                                         */
/* ---------------------------------------------------------------------- */

struct dm_region {
	void *addr;
	size_t len;
	int released;
};

static void dm_release(void *addr, size_t len, void *arg)
{
	struct dm_region *r = arg;

	munmap(addr, len);
	__atomic_fetch_add(&r->released, 1, __ATOMIC_RELEASE);
}

static void test_devmem_token_refs(void **state)
{
	enum { PAY = 3000, HDR = 54 };
	struct net_devmem_region_params rp;
	struct net_devmem_dmabuf_binding *b;
	struct nm_devmem_rx_frag rec[2];
	struct nm_devmem_token t;
	struct nm_port_conf c;
	struct dm_region r;
	struct page_pool *dpool;
	struct sk_buff *skb;
	const uint16_t q0[] = { 0 };
	netmem_ref nm;
	uint16_t pid;
	uint32_t id;
	uint8_t *d;

	(void)state;
	assert_int_equal(rte_eth_dev_get_port_by_name("net_ring0", &pid), 0);
	memset(&c, 0, sizeof(c));
	c.nb_rxq = 1;
	c.nb_txq = 1;
	c.flags = NM_PORT_F_HEADER_SPLIT | NM_PORT_F_SW_SPLIT;
	c.rxq_lcore[0] = rte_lcore_id();
	assert_int_equal(nm_port_init(pid, &c), 0);
	memset(&r, 0, sizeof(r));
	r.len = 16 * PAGE_SIZE;
	r.addr = mmap(NULL, r.len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(r.addr != MAP_FAILED);
	memset(r.addr, 0, r.len);
	memset(&rp, 0, sizeof(rp));
	rp.addr = r.addr;
	rp.len = r.len;
	rp.pg_sz = PAGE_SIZE;
	rp.release = dm_release;
	rp.release_arg = &r;
	b = net_devmem_bind(&rp);
	assert_false(IS_ERR_OR_NULL(b));
	id = net_devmem_binding_id(b);
	assert_int_equal(nm_port_bind_devmem(pid, q0, 1, b, NM_DEVMEM_F_SW_SPLIT), 0);
	dpool = nm_ports[pid].rxq[0].devmem_pool;
	assert_non_null(dpool);

	/* Ethernet, IPv4, TCP, and PAY bytes: the payload in one net_iov */
	skb = alloc_skb(HDR + PAY, GFP);
	assert_non_null(skb);
	d = skb_put(skb, HDR + PAY);
	memset(d, 0, HDR);
	memset(d, 0x02, 12);
	put16(d + 12, 0x0800);
	d[14] = 0x45;
	put16(d + 16, 40 + PAY);
	d[22] = 64;
	d[23] = 6;
	put16(d + 26, 0x0a00);
	put16(d + 28, 0x0001);
	put16(d + 30, 0x0a00);
	put16(d + 32, 0x0002);
	put16(d + 24, (uint16_t)~ref_fold(ref_sum(d + 14, 20, 0)));
	d[46] = 5 << 4;
	for (unsigned int i = 0; i < PAY; i++)
		d[HDR + i] = (uint8_t)(i * 5 + 1);
	assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
	assert_int_equal(nm_rx_burst(pid, 0, &skb, 1), 1);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 1);
	nm = skb_frag_netmem(&skb_shinfo(skb)->frags[0]);
	assert_true(netmem_is_net_iov(nm));
	assert_int_equal(*netmem_get_pp_ref_count_ref(nm), 1);

	/* the same frag taken twice: two tokens, a reference each */
	assert_int_equal(nm_devmem_recv(skb, &rec[0], 1), 1);
	assert_int_equal(nm_devmem_recv(skb, &rec[1], 1), 1);
	assert_true(rec[0].token != rec[1].token);
	assert_int_equal(rec[0].offset, rec[1].offset);
	assert_int_equal(rec[0].len, PAY);
	assert_int_equal(*netmem_get_pp_ref_count_ref(nm), 3);
	for (unsigned int i = 0; i < PAY; i++)
		if (((uint8_t *)r.addr)[rec[0].offset + i] != (uint8_t)(i * 5 + 1))
			fail_msg("payload byte %u", i);
	consume_skb(skb);
	assert_int_equal(page_pool_inflight(dpool), 1);
	assert_int_equal(*netmem_get_pp_ref_count_ref(nm), 2);

	/* one token back: the other still holds the net_iov */
	t.token_start = rec[0].token;
	t.token_count = 1;
	assert_int_equal(nm_devmem_dontneed(id, &t, 1), 1);
	assert_int_equal(page_pool_inflight(dpool), 1);
	assert_int_equal(*netmem_get_pp_ref_count_ref(nm), 1);
	assert_int_equal(nm_devmem_dontneed(id, &t, 1), 0);	/* given back already */
	assert_int_equal(*netmem_get_pp_ref_count_ref(nm), 1);
	t.token_start = rec[1].token;
	assert_int_equal(nm_devmem_dontneed(id, &t, 1), 1);
	assert_int_equal(page_pool_inflight(dpool), 0);

	assert_int_equal(nm_port_unbind_devmem(pid, b), 0);
	nm_page_pool_reap();
	net_devmem_unbind(b);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_int_equal(__atomic_load_n(&r.released, __ATOMIC_ACQUIRE), 1);
	assert_int_equal(nm_port_close(pid), 0);
	ring_reprobe();
}

static int group_setup(void **state)
{
	(void)state;
	pool = host_pool_create(256, 1024, "test_rules");
	return IS_ERR_OR_NULL(pool) ? -1 : 0;
}

static int group_teardown(void **state)
{
	long inflight = page_pool_inflight(pool);

	(void)state;
	page_pool_destroy(pool);
	return inflight == 0 && nm_page_pool_reap() == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gso_udp_zero_csum, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_coalesce_max_frags, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_shift_max_frags, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_nohdr_cow_head, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_recycle_held_page, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_shared_frag_not_moved, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_zc_copied_own, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_devmem_token_refs, skb_case_setup,
						case_teardown),
	};
	int ret;

	if (getenv("NM_TEST_FILTER") != NULL)
		cmocka_set_test_filter(getenv("NM_TEST_FILTER"));
	nm_test_eal_init(1, "--vdev=net_ring0", NULL);
	ret = cmocka_run_group_tests_name("rules", tests, group_setup, group_teardown);
	rte_eal_cleanup();
	return ret;
}
