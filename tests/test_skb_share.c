/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of lib/skb/skb_share.c: skb_copy, pskb_copy, pskb_expand_head,
 * skb_unshare, skb_cow(_head), __pskb_pull_tail / pskb_may_pull,
 * skb_linearize, pskb_trim, skb_split, skb_shift, skb_try_coalesce and
 * kfree_skb_partial, on skbs of every shape: linear (alloc_skb), built
 * around a page_pool page, with page_pool frags, with alloc_page frags, with
 * a frag_list, cloned, and with unreadable device-memory (net_iov) frags.
 *
 * Every skb's bytes are known (a pattern recorded while it is built) and
 * compared with skb_copy_bits() after each operation; lengths and the
 * shared info are checked for sanity; frag references are checked per
 * frag (a page_pool page gets pp references and never page references).
 * Each test ends quiescent: every page_pool's inflight is 0, every
 * alloc_page page is back in its mempool, no skb struct is left and no
 * misuse was reported beyond the ones a test provokes on purpose.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>

#include "test_common.h"
#include "test_pool.h"

#include <rte_common.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/skbuff.h>

#define GFP		(GFP_ATOMIC | __GFP_NOWARN)
#define MAXB		(96 * 1024)
#define T_TRUESIZE(X)	((X) + SKB_DATA_ALIGN(sizeof(struct sk_buff)) + \
			 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

/* ------------------------------------------------------------------ */
/* pools, device memory, quiescence                                     */
/* ------------------------------------------------------------------ */

static struct page_pool *hpool;		/* host pages */
static struct page_pool *dpool;		/* device memory: net_iovs */
static struct net_devmem_dmabuf_binding *binding;
static struct rte_mempool *page_mp[NM_MAX_PAGE_ORDER + 1];	/* alloc_pages() */
static void *region;
static size_t region_len = 64 * PAGE_SIZE;
static int region_released;

struct quiet {
	uint64_t misuse;
	uint64_t live;
	unsigned int in_use[NM_MAX_PAGE_ORDER + 1];
	long bind_refs;
};

static struct quiet q0;

static void quiet_take(struct quiet *q)
{
	struct nm_skb_stats st;

	nm_skb_get_stats(&st);
	q->misuse = nm_misuse_count();
	q->live = st.live;
	for (unsigned int o = 0; o <= NM_MAX_PAGE_ORDER; o++)
		q->in_use[o] = rte_mempool_in_use_count(page_mp[o]);
	q->bind_refs = net_devmem_binding_refcnt(binding);
}

/* Nothing leaked, nothing reported since the test started. */
static void assert_quiet(void)
{
	struct quiet q;

	quiet_take(&q);
	assert_int_equal(page_pool_inflight(hpool), 0);
	assert_int_equal(page_pool_inflight(dpool), 0);
	assert_int_equal(q.live, q0.live);
	for (unsigned int o = 0; o <= NM_MAX_PAGE_ORDER; o++)
		assert_int_equal(q.in_use[o], q0.in_use[o]);
	assert_int_equal(q.bind_refs, q0.bind_refs);
	assert_int_equal(q.misuse, q0.misuse);
}

/* The test provoked exactly @n misuse reports since the last check. */
static void expect_misuse(uint64_t n)
{
	assert_int_equal(nm_misuse_count() - q0.misuse, n);
	q0.misuse += n;
}

static uint64_t copied_bytes(void)
{
	struct nm_skb_stats st;

	nm_skb_get_stats(&st);
	return st.copied_bytes;
}

static uint64_t skbs_live(void)
{
	struct nm_skb_stats st;

	nm_skb_get_stats(&st);
	return st.live;
}

static struct page_pool_stats hstats(void)
{
	struct page_pool_stats s;

	memset(&s, 0, sizeof(s));
	assert_true(page_pool_get_stats(hpool, &s));
	return s;
}

/* Pages the host pool got back (each counted once, however it went). */
static uint64_t recycled(const struct page_pool_stats *s)
{
	return s->recycle_stats.cached + s->recycle_stats.ring +
	       s->recycle_stats.ring_full + s->recycle_stats.released_refcnt;
}

static void region_release(void *addr, size_t len, void *arg)
{
	(void)arg;
	munmap(addr, len);
	region_released++;
}

static int make_devmem(void)
{
	int fd = memfd_create("nm_test_skb_share", MFD_CLOEXEC);
	struct net_devmem_region_params rp;
	struct page_pool_params pp;

	if (fd < 0 || ftruncate(fd, (off_t)region_len) != 0)
		return -1;
	region = mmap(NULL, region_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (region == MAP_FAILED)
		return -1;
	memset(region, 0x5a, region_len);
	memset(&rp, 0, sizeof(rp));
	rp.addr = region;
	rp.len = region_len;
	rp.pg_sz = PAGE_SIZE;
	rp.release = region_release;
	binding = net_devmem_bind(&rp);
	if (IS_ERR_OR_NULL(binding))
		return -1;
	memset(&pp, 0, sizeof(pp));
	pp.flags = PP_FLAG_ALLOW_UNREADABLE_NETMEM;
	pp.pool_size = 64;
	pp.nid = NUMA_NO_NODE;
	pp.dev = PP_DEV_NONE;
	pp.lcore = rte_lcore_id();
	pp.mp_ops = &dmabuf_devmem_ops;
	pp.mp_priv = binding;
	pp.name = "t_share_dev";
	dpool = page_pool_create(&pp);
	return IS_ERR_OR_NULL(dpool) ? -1 : 0;
}

static int group_setup(void **state)
{
	struct page_pool_params pp;
	struct sk_buff *skb;

	(void)state;
	memset(&pp, 0, sizeof(pp));
	pp.pool_size = 256;
	pp.nid = NUMA_NO_NODE;
	pp.dev = PP_DEV_NONE;
	pp.lcore = rte_lcore_id();
	pp.dma_dir = DMA_FROM_DEVICE;
	pp.name = "t_share_host";
	hpool = page_pool_create(&pp);
	if (IS_ERR_OR_NULL(hpool) || make_devmem() != 0)
		return -1;
	for (unsigned int o = 0; o <= NM_MAX_PAGE_ORDER; o++) {
		struct page *p = alloc_pages(GFP, o);

		if (p == NULL)
			return -1;
		page_mp[o] = nm_page_to_mbuf(p)->pool;
		put_page(p);
	}
	/* The head frag cache keeps one page from now on. */
	skb = alloc_skb(64, GFP);
	if (skb == NULL)
		return -1;
	kfree_skb(skb);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (page_pool_inflight(hpool) != 0 || page_pool_inflight(dpool) != 0)
		return -1;
	page_pool_destroy(hpool);
	page_pool_destroy(dpool);
	net_devmem_unbind(binding);
	if (nm_page_pool_reap() != 0)
		return -1;
	for (int i = 0; i < 5000 && __atomic_load_n(&region_released, __ATOMIC_ACQUIRE) == 0; i++)
		usleep(1000);
	return region_released == 1 ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* expected bytes and builders                                          */
/* ------------------------------------------------------------------ */

/* The bytes an skb must hold, in packet order. Bytes of net_iov frags are
 * unknown: from unread_from on, nothing is compared. */
struct exp {
	uint8_t b[MAXB];
	unsigned int len;
	unsigned int unread_from;
};

static struct exp E[6];
static uint32_t rnd_state = 0x12345678;

static uint8_t rnd8(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return (uint8_t)(rnd_state >> 7);
}

static struct exp *exp_reset(struct exp *e)
{
	e->len = 0;
	e->unread_from = UINT_MAX;
	return e;
}

static int t_setup(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < RTE_DIM(E); i++)
		exp_reset(&E[i]);
	quiet_take(&q0);
	return 0;
}

/* Writes @len fresh bytes at @dst and appends them to @e. */
static void fill(void *dst, unsigned int len, struct exp *e)
{
	uint8_t *d = dst;

	assert_true(e->len + len <= MAXB);
	for (unsigned int i = 0; i < len; i++)
		d[i] = e->b[e->len + i] = rnd8();
	e->len += len;
}

/* @dst = @a[afrom, afrom + alen) then @b[bfrom, bfrom + blen). */
static void exp_concat(struct exp *dst, const struct exp *a, unsigned int afrom,
		       unsigned int alen, const struct exp *b, unsigned int bfrom,
		       unsigned int blen)
{
	exp_reset(dst);
	memcpy(dst->b, a->b + afrom, alen);
	if (blen)
		memcpy(dst->b + alen, b->b + bfrom, blen);
	dst->len = alen + blen;
}

static struct sk_buff *new_linear(struct exp *e, unsigned int headroom, unsigned int len,
				  unsigned int tailroom)
{
	struct sk_buff *skb = alloc_skb(headroom + len + tailroom, GFP);

	assert_non_null(skb);
	skb_reserve(skb, (int)headroom);
	fill(skb_put(skb, len), len, e);
	return skb;
}

/* build_skb() around a page_pool page, marked for recycling. */
static struct sk_buff *new_pphead(struct exp *e, unsigned int headroom, unsigned int len)
{
	struct page *page = page_pool_dev_alloc_pages(hpool);
	struct sk_buff *skb;

	assert_non_null(page);
	skb = build_skb(page_address(page), (unsigned int)PAGE_SIZE);
	assert_non_null(skb);
	assert_true(skb->head_frag);
	skb_mark_for_recycle(skb);
	skb_reserve(skb, (int)headroom);
	fill(skb_put(skb, len), len, e);
	return skb;
}

static void add_frag(struct sk_buff *skb, struct page *page, unsigned int off,
		     unsigned int len, struct exp *e)
{
	fill((char *)page_address(page) + off, len, e);
	skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, page, (int)off, (int)len,
			(unsigned int)PAGE_SIZE);
}

/* A whole page_pool page as a frag (its pp reference moves in). */
static struct page *add_pp_frag(struct sk_buff *skb, struct exp *e, unsigned int off,
				unsigned int len)
{
	struct page *page = page_pool_dev_alloc_pages(hpool);

	assert_non_null(page);
	add_frag(skb, page, off, len, e);
	return page;
}

/* A page_pool frag (part of a page shared with other frags). */
static struct page *add_ppsub_frag(struct sk_buff *skb, struct exp *e, unsigned int len)
{
	unsigned int off;
	struct page *page = page_pool_dev_alloc_frag(hpool, &off, len);

	assert_non_null(page);
	add_frag(skb, page, off, len, e);
	return page;
}

/* An alloc_page() page as a frag (its page reference moves in). */
static struct page *add_page_frag(struct sk_buff *skb, struct exp *e, unsigned int off,
				  unsigned int len)
{
	struct page *page = alloc_page(GFP);

	assert_non_null(page);
	add_frag(skb, page, off, len, e);
	return page;
}

/* A device-memory net_iov as a frag: unreadable. */
static netmem_ref add_niov_frag(struct sk_buff *skb, struct exp *e, unsigned int len)
{
	netmem_ref nm = page_pool_dev_alloc_netmems(dpool);

	assert_false(netmem_is_null(nm));
	assert_true(netmem_is_net_iov(nm));
	if (e->unread_from == UINT_MAX)
		e->unread_from = e->len;
	memset(e->b + e->len, 0, len);
	e->len += len;
	skb_add_rx_frag_netmem(skb, skb_shinfo(skb)->nr_frags, nm, 0, (int)len,
			       (unsigned int)PAGE_SIZE);
	assert_true(skb->unreadable);
	return nm;
}

/* Appends @child to @skb's frag_list. */
static void add_list(struct sk_buff *skb, struct sk_buff *child)
{
	struct sk_buff **pp = &skb_shinfo(skb)->frag_list;

	while (*pp != NULL)
		pp = &(*pp)->next;
	*pp = child;
	child->next = NULL;
	skb->len += child->len;
	skb->data_len += child->len;
	skb->truesize += child->truesize;
}

enum shape {
	SH_LINEAR,	/* alloc_skb, linear */
	SH_PPHEAD,	/* build_skb around a page_pool page */
	SH_PPFRAGS,	/* small head + page_pool frags (whole pages and a sub-frag) */
	SH_PAGEFRAGS,	/* small head + alloc_page frags */
	SH_MIXED,	/* page_pool head + page_pool and alloc_page frags */
	SH_FRAGLIST,	/* head + frag + a frag_list of three skbs of three kinds */
	SH_HEADLESS,	/* page_pool head with no linear bytes + page_pool frags */
	SH_NR,
};

static struct sk_buff *build_shape(enum shape s, struct exp *e)
{
	struct sk_buff *skb = NULL, *c;

	exp_reset(e);
	switch (s) {
	case SH_LINEAR:
		skb = new_linear(e, 64, 200, 40);
		break;
	case SH_PPHEAD:
		skb = new_pphead(e, 128, 300);
		break;
	case SH_PPFRAGS:
		skb = new_linear(e, 64, 100, 0);
		add_pp_frag(skb, e, 0, 1000);
		add_pp_frag(skb, e, 100, 1500);
		add_ppsub_frag(skb, e, 700);
		add_pp_frag(skb, e, 2000, 900);
		skb_mark_for_recycle(skb);
		break;
	case SH_PAGEFRAGS:
		skb = new_linear(e, 32, 60, 0);
		add_page_frag(skb, e, 0, 800);
		add_page_frag(skb, e, 300, 3000);
		add_page_frag(skb, e, 4000, 96);
		break;
	case SH_MIXED:
		skb = new_pphead(e, 64, 90);
		add_pp_frag(skb, e, 64, 400);
		add_page_frag(skb, e, 0, 600);
		add_pp_frag(skb, e, 0, (unsigned int)PAGE_SIZE);
		break;
	case SH_FRAGLIST:
		skb = new_linear(e, 64, 80, 0);
		add_pp_frag(skb, e, 0, 700);
		skb_mark_for_recycle(skb);
		add_list(skb, new_linear(e, 16, 150, 0));
		c = new_linear(e, 16, 40, 0);
		add_page_frag(c, e, 10, 500);
		add_list(skb, c);
		c = new_pphead(e, 32, 60);
		add_pp_frag(c, e, 0, 333);
		add_list(skb, c);
		break;
	case SH_HEADLESS:
		skb = new_pphead(e, 64, 0);
		add_pp_frag(skb, e, 0, 1200);
		add_pp_frag(skb, e, 512, 2000);
		break;
	default:
		fail();
	}
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, 14);
	return skb;
}

/* ------------------------------------------------------------------ */
/* checks                                                               */
/* ------------------------------------------------------------------ */

static void check_sane(const struct sk_buff *skb)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	const struct sk_buff *it;
	unsigned int paged = 0;
	bool niov = false;

	assert_true(skb->len >= skb->data_len);
	assert_true(skb->data >= skb->head);
	assert_int_equal(skb->tail, skb_headroom(skb) + skb_headlen(skb));
	assert_true(skb->tail <= skb->end);
	assert_true(sh->nr_frags <= MAX_SKB_FRAGS);
	assert_true(__atomic_load_n(&skb->users, __ATOMIC_RELAXED) >= 1);
	assert_true((__atomic_load_n(&sh->dataref, __ATOMIC_RELAXED) & SKB_DATAREF_MASK) >= 1);
	for (int i = 0; i < sh->nr_frags; i++) {
		const skb_frag_t *f = &sh->frags[i];

		assert_true(skb_frag_size(f) > 0);
		paged += skb_frag_size(f);
		if (skb_frag_is_net_iov(f)) {
			niov = true;
			assert_true(skb_frag_off(f) + skb_frag_size(f) <= PAGE_SIZE);
		} else {
			assert_true(skb_frag_off(f) + skb_frag_size(f) <=
				    page_size(skb_frag_page(f)));
		}
	}
	skb_walk_frags(skb, it) {
		check_sane(it);
		paged += it->len;
	}
	assert_int_equal(paged, skb->data_len);
	assert_true(skb->truesize > 0 && skb->truesize < (1u << 24));
	if (niov)
		assert_true(skb->unreadable);
}

/* @skb holds @e's bytes [from, from + skb->len) (the readable ones). */
static void check_bytes_at(const struct sk_buff *skb, const struct exp *e, unsigned int from)
{
	static uint8_t buf[MAXB];
	unsigned int n = skb->len;

	check_sane(skb);
	assert_true(from + n <= e->len);
	if (e->unread_from < from + n)
		n = e->unread_from > from ? e->unread_from - from : 0;
	if (n == 0)
		return;
	memset(buf, 0xee, n);
	assert_int_equal(skb_copy_bits(skb, 0, buf, (int)n), 0);
	assert_memory_equal(buf, e->b + from, n);
}

static void check_bytes(const struct sk_buff *skb, const struct exp *e)
{
	assert_int_equal(skb->len, e->len);
	check_bytes_at(skb, e, 0);
}

static bool is_linear_only(const struct sk_buff *skb)
{
	return skb->data_len == 0 && skb_shinfo(skb)->nr_frags == 0 &&
	       !skb_has_frag_list(skb);
}

/* References held on each frag of an skb, and users of its frag_list. */
struct refsnap {
	int n;
	netmem_ref nm[MAX_SKB_FRAGS];
	long pp[MAX_SKB_FRAGS];
	int pg[MAX_SKB_FRAGS];
	int nl;
	struct sk_buff *list[8];
	int users[8];
};

static void snap(const struct sk_buff *skb, struct refsnap *r)
{
	const struct sk_buff *it;

	memset(r, 0, sizeof(*r));
	r->n = skb_shinfo(skb)->nr_frags;
	for (int i = 0; i < r->n; i++) {
		netmem_ref nm = skb_shinfo(skb)->frags[i].netmem;

		r->nm[i] = nm;
		r->pp[i] = pp_refs(nm);
		r->pg[i] = netmem_ref_count(nm);
	}
	skb_walk_frags(skb, it) {
		assert_true(r->nl < 8);
		r->list[r->nl] = (struct sk_buff *)(uintptr_t)it;
		r->users[r->nl++] = it->users;
	}
}

/* Each frag of @r gained @d references of its memory's kind: pp references
 * for page_pool memory (its page references untouched), page references
 * for other pages; each frag_list member @d users. */
static void assert_refs_delta(const struct refsnap *r, int d)
{
	for (int i = 0; i < r->n; i++) {
		netmem_ref nm = r->nm[i];

		if (netmem_is_pp(nm)) {
			assert_int_equal(pp_refs(nm), r->pp[i] + d);
			assert_int_equal(netmem_ref_count(nm), r->pg[i]);
		} else {
			assert_int_equal(netmem_ref_count(nm), r->pg[i] + d);
		}
	}
	for (int i = 0; i < r->nl; i++)
		assert_int_equal(r->list[i]->users, r->users[i] + d);
}

/* Frees @a and @b (either may be NULL) in the order @flip says. */
static void free2(struct sk_buff *a, struct sk_buff *b, bool flip)
{
	if (flip) {
		kfree_skb(b);
		kfree_skb(a);
	} else {
		kfree_skb(a);
		kfree_skb(b);
	}
}

/* ------------------------------------------------------------------ */
/* skb_copy, pskb_copy                                                  */
/* ------------------------------------------------------------------ */

static void test_copy(void **state)
{
	(void)state;
	for (int s = 0; s < SH_NR; s++) {
		for (int cl = 0; cl < 2; cl++) {
			struct sk_buff *skb = build_shape(s, &E[0]), *c, *n, *src;
			uint64_t cb = copied_bytes();

			c = cl ? skb_clone(skb, GFP) : NULL;
			src = cl ? c : skb;
			n = skb_copy(src, GFP);
			assert_non_null(n);
			assert_int_equal(copied_bytes() - cb, src->len);
			check_bytes(n, &E[0]);
			assert_true(is_linear_only(n));
			assert_false(skb_cloned(n));
			assert_int_equal(skb_headroom(n), skb_headroom(src));
			assert_int_equal(skb_network_offset(n), 14);
			assert_int_equal(skb_mac_offset(n), 0);
			assert_true(n->head != src->head);
			check_bytes(skb, &E[0]);
			if (c != NULL)
				check_bytes(c, &E[0]);
			/* writing the copy leaves the original alone */
			memset(n->data, 0, skb_headlen(n));
			check_bytes(skb, &E[0]);
			free2(n, skb, s & 1);
			kfree_skb(c);
			assert_quiet();
		}
	}
}

static void test_pskb_copy(void **state)
{
	(void)state;
	for (int s = 0; s < SH_NR; s++) {
		for (int cl = 0; cl < 2; cl++) {
			struct sk_buff *skb = build_shape(s, &E[0]), *c, *n, *src;
			struct refsnap r;

			c = cl ? skb_clone(skb, GFP) : NULL;
			src = cl ? c : skb;
			snap(src, &r);
			n = pskb_copy(src, GFP);
			assert_non_null(n);
			check_bytes(n, &E[0]);
			assert_int_equal(skb_headlen(n), skb_headlen(src));
			assert_int_equal(skb_headroom(n), skb_headroom(src));
			assert_int_equal(skb_network_offset(n), 14);
			assert_int_equal(n->truesize - T_TRUESIZE(skb_end_offset(n)), src->data_len);
			assert_true(n->head != src->head);
			assert_int_equal(skb_shinfo(n)->nr_frags, r.n);
			for (int i = 0; i < r.n; i++)
				assert_true(netmem_eq(skb_shinfo(n)->frags[i].netmem, r.nm[i]));
			assert_ptr_equal(skb_shinfo(n)->frag_list, skb_shinfo(src)->frag_list);
			assert_int_equal(n->pp_recycle, src->pp_recycle);
			assert_refs_delta(&r, 1);
			check_bytes(skb, &E[0]);
			free2(n, skb, (s + cl) & 1);
			if (c != NULL) {
				check_bytes(c, &E[0]);
				kfree_skb(c);
			}
			assert_quiet();
		}
	}
}

/* __pskb_copy_fclone with another headroom: offsets follow, the copy is an
 * fclone whose clone comes from the same allocation. */
static void test_pskb_copy_fclone(void **state)
{
	struct sk_buff *skb, *n, *c;
	struct refsnap r;

	(void)state;
	skb = build_shape(SH_FRAGLIST, &E[0]);
	snap(skb, &r);
	n = __pskb_copy_fclone(skb, (int)skb_headroom(skb) + 40, GFP, true);
	assert_non_null(n);
	assert_int_equal(n->fclone, SKB_FCLONE_ORIG);
	assert_int_equal(skb_headroom(n), skb_headroom(skb) + 40);
	assert_int_equal(skb_network_offset(n), 14);
	assert_int_equal(skb_mac_offset(n), 0);
	check_bytes(n, &E[0]);
	assert_refs_delta(&r, 1);
	c = skb_clone(n, GFP);
	assert_non_null(c);
	assert_int_equal(c->fclone, SKB_FCLONE_CLONE);
	check_bytes(c, &E[0]);
	kfree_skb(skb);
	kfree_skb(n);
	check_bytes(c, &E[0]);
	kfree_skb(c);
	assert_quiet();

	/* less headroom than the original */
	skb = build_shape(SH_MIXED, &E[0]);
	n = __pskb_copy_fclone(skb, 8, GFP, false);
	assert_non_null(n);
	assert_int_equal(skb_headroom(n), 8);
	assert_int_equal(skb_network_offset(n), 14);
	check_bytes(n, &E[0]);
	free2(skb, n, false);
	assert_quiet();
}

/* ------------------------------------------------------------------ */
/* pskb_expand_head, skb_unshare, skb_cow                               */
/* ------------------------------------------------------------------ */

static void test_expand_head(void **state)
{
	(void)state;
	for (int s = 0; s < SH_NR; s++) {
		for (int cl = 0; cl < 2; cl++) {
			struct sk_buff *skb = build_shape(s, &E[0]), *c;
			unsigned int hr = skb_headroom(skb), oend = skb_end_offset(skb);
			unsigned int tr = skb->end - skb->tail, ts = skb->truesize;
			unsigned char *ohead = skb->head;
			struct refsnap r;

			c = cl ? skb_clone(skb, GFP) : NULL;
			snap(skb, &r);
			assert_int_equal(pskb_expand_head(skb, 64, 100, GFP), 0);
			assert_true(skb->head != ohead);
			assert_int_equal(skb_headroom(skb), hr + 64);
			assert_true(skb->end - skb->tail >= tr + 100);
			assert_int_equal(skb->truesize, ts + skb_end_offset(skb) - oend);
			assert_int_equal(skb_network_offset(skb), 14);
			assert_int_equal(skb_mac_offset(skb), 0);
			assert_false(skb->cloned);
			assert_false(skb->nohdr);
			assert_false(skb_cloned(skb));
			assert_int_equal(skb_shinfo(skb)->dataref, 1);
			check_bytes(skb, &E[0]);
			/* the old data stays the clone's; ours took its own refs */
			assert_refs_delta(&r, cl ? 1 : 0);
			if (c != NULL) {
				assert_ptr_equal(c->head, ohead);
				assert_false(skb_cloned(c));
				check_bytes(c, &E[0]);
			}
			free2(skb, c, s & 1);
			assert_quiet();
		}
	}
}

/*
 * Kernel pitfall: pskb_expand_head on a cloned skb with page_pool frags
 * takes pp references (not page references), and freeing both skbs in
 * either order recycles every page exactly once: no leak, no double free.
 */
static void test_expand_cloned_pp(void **state)
{
	(void)state;
	for (int flip = 0; flip < 2; flip++) {
		struct sk_buff *skb = new_pphead(exp_reset(&E[0]), 64, 120), *c;
		struct page *p[3];
		struct page_pool_stats s0, s1;

		p[0] = add_pp_frag(skb, &E[0], 0, 1000);
		p[1] = add_pp_frag(skb, &E[0], 10, 2000);
		p[2] = add_pp_frag(skb, &E[0], 3000, 1096);
		c = skb_clone(skb, GFP);
		s0 = hstats();
		assert_int_equal(pskb_expand_head(skb, 32, 0, GFP), 0);
		for (int i = 0; i < 3; i++) {
			assert_int_equal(pp_refs(page_to_netmem(p[i])), 2);
			assert_int_equal(page_ref_count(p[i]), 1);
		}
		assert_true(skb->pp_recycle);
		check_bytes(skb, &E[0]);
		check_bytes(c, &E[0]);
		free2(skb, c, flip);
		s1 = hstats();
		/* 3 frag pages and c's head page, each once, none let go */
		assert_int_equal(recycled(&s1) - recycled(&s0), 4);
		assert_int_equal(s1.recycle_stats.released_refcnt,
				 s0.recycle_stats.released_refcnt);
		assert_quiet();
	}
}

static void test_expand_head_bad(void **state)
{
	struct sk_buff *skb = build_shape(SH_PPFRAGS, &E[0]);
	unsigned char *h = skb->head;

	(void)state;
	/* shared: misuse, nothing changes */
	skb_get(skb);
	assert_int_equal(pskb_expand_head(skb, 0, 0, GFP), -EINVAL);
	expect_misuse(1);
	kfree_skb(skb);
	assert_int_equal(pskb_expand_head(skb, -1, 0, GFP), -EINVAL);
	expect_misuse(1);
	/* a tail that would cut the linear data */
	assert_int_equal(pskb_expand_head(skb, 0, -(int)skb->end, GFP), -EINVAL);
	expect_misuse(1);
	assert_ptr_equal(skb->head, h);
	check_bytes(skb, &E[0]);
	/* ntail < 0 within the tailroom is fine */
	assert_int_equal(pskb_expand_head(skb, 16, -(int)(skb->end - skb->tail), GFP), 0);
	check_bytes(skb, &E[0]);
	kfree_skb(skb);
	assert_quiet();
}

static void test_unshare(void **state)
{
	struct sk_buff *skb, *c, *u;

	(void)state;
	/* not cloned: the same skb */
	skb = build_shape(SH_PPFRAGS, &E[0]);
	assert_ptr_equal(skb_unshare(skb, GFP), skb);
	check_bytes(skb, &E[0]);
	kfree_skb(skb);
	assert_quiet();

	for (int s = 0; s < SH_NR; s++) {
		uint64_t live;

		skb = build_shape(s, &E[0]);
		c = skb_clone(skb, GFP);
		live = skbs_live();
		u = skb_unshare(c, GFP);	/* c is gone, u is private */
		assert_non_null(u);
		assert_int_equal(skbs_live(), live);
		assert_true(is_linear_only(u));
		assert_false(skb_cloned(u));
		assert_false(skb_cloned(skb));
		check_bytes(u, &E[0]);
		check_bytes(skb, &E[0]);
		free2(skb, u, s & 1);
		assert_quiet();
	}
}

static void test_cow(void **state)
{
	struct sk_buff *skb, *c;
	unsigned char *h;
	struct refsnap r;

	(void)state;
	/* more headroom: aligned to NET_SKB_PAD */
	skb = build_shape(SH_PPFRAGS, &E[0]);
	assert_int_equal(skb_headroom(skb), 64);
	assert_int_equal(skb_cow(skb, 200), 0);
	assert_int_equal(skb_headroom(skb), 64 + 192);
	assert_int_equal(skb_network_offset(skb), 14);
	check_bytes(skb, &E[0]);
	/* enough headroom, private: nothing to do */
	h = skb->head;
	assert_int_equal(skb_cow(skb, 100), 0);
	assert_int_equal(skb_cow_head(skb, 100), 0);
	assert_ptr_equal(skb->head, h);
	kfree_skb(skb);
	assert_quiet();

	/* cloned: a private head even when the headroom suffices */
	skb = build_shape(SH_MIXED, &E[0]);
	c = skb_clone(skb, GFP);
	snap(skb, &r);
	h = skb->head;
	assert_int_equal(skb_cow(skb, 16), 0);
	assert_true(skb->head != h);
	assert_false(skb_cloned(skb));
	assert_refs_delta(&r, 1);
	check_bytes(skb, &E[0]);
	check_bytes(c, &E[0]);
	free2(skb, c, true);
	assert_quiet();

	/* header-released original: its clone may write headers in place
	 * (skb_cow_head), not payload (skb_cow) */
	skb = build_shape(SH_PPFRAGS, &E[0]);
	__skb_header_release(skb);
	c = skb_clone(skb, GFP);
	h = c->head;
	assert_false(skb_header_cloned(c));
	assert_int_equal(skb_cow_head(c, 32), 0);
	assert_ptr_equal(c->head, h);
	assert_int_equal(skb_cow(c, 32), 0);
	assert_true(c->head != h);
	check_bytes(c, &E[0]);
	/* the nohdr original, alone now, still counts as header-cloned */
	assert_true(skb_header_cloned(skb));
	assert_int_equal(skb_cow_head(skb, 32), 0);
	assert_false(skb->nohdr);
	assert_false(skb_header_cloned(skb));
	check_bytes(skb, &E[0]);
	free2(skb, c, false);
	assert_quiet();
}

/* ------------------------------------------------------------------ */
/* __pskb_pull_tail, skb_linearize                                      */
/* ------------------------------------------------------------------ */

/* Linear bytes to ask for, for pulls across every boundary of @s. */
static unsigned int pull_targets(const struct sk_buff *skb, unsigned int *t)
{
	unsigned int n = 0, k = 0, pos = skb_headlen(skb);
	const struct sk_buff *it;

	t[n++] = pos + 1;
	for (int i = 0; i < skb_shinfo(skb)->nr_frags && n < 12; i++) {
		pos += skb_frag_size(&skb_shinfo(skb)->frags[i]);
		t[n++] = pos - 1;
		t[n++] = pos;
		t[n++] = pos + 1;
	}
	skb_walk_frags(skb, it) {
		t[n++] = pos + skb_headlen(it) / 2 + 1;
		t[n++] = pos + skb_headlen(it) + 7;
		pos += it->len;
		t[n++] = pos;
	}
	t[n++] = skb->len;
	for (unsigned int i = 0; i < n; i++)	/* keep those within the skb */
		if (t[i] <= skb->len)
			t[k++] = t[i];
	return k;
}

static void test_pull_tail(void **state)
{
	static const enum shape sh[] = {
		SH_PPFRAGS, SH_PAGEFRAGS, SH_MIXED, SH_FRAGLIST, SH_HEADLESS,
	};

	(void)state;
	for (unsigned int si = 0; si < RTE_DIM(sh); si++) {
		unsigned int t[32], nt;
		struct sk_buff *skb = build_shape(sh[si], &E[0]);

		nt = pull_targets(skb, t);
		kfree_skb(skb);
		for (unsigned int k = 0; k < nt; k++) {
			for (int cl = 0; cl < 2; cl++) {
				struct sk_buff *c;
				unsigned int hl;
				uint64_t cb;

				skb = build_shape(sh[si], &E[0]);
				hl = skb_headlen(skb);
				c = cl ? skb_clone(skb, GFP) : NULL;
				cb = copied_bytes();
				assert_true(pskb_may_pull(skb, t[k]));
				assert_true(copied_bytes() - cb >= t[k] - hl);
				assert_int_equal(skb_headlen(skb), t[k]);
				check_bytes(skb, &E[0]);
				assert_false(pskb_may_pull(skb, skb->len + 1));
				if (c != NULL) {
					assert_false(skb_cloned(skb));
					check_bytes(c, &E[0]);
				}
				free2(skb, c, (k + cl) & 1);
				assert_quiet();
			}
		}
	}
}

/* frag_list members held elsewhere are cloned, not pulled in place */
static void test_pull_tail_shared_list(void **state)
{
	struct sk_buff *skb, *m1, *m2;
	unsigned int base;

	(void)state;
	skb = build_shape(SH_FRAGLIST, &E[0]);
	base = skb_headlen(skb) + 700;	/* where the frag_list starts */
	m1 = skb_shinfo(skb)->frag_list;
	m2 = m1->next;
	skb_get(m1);
	skb_get(m2);
	/* m1 eaten whole, m2 partly (into its frag) */
	assert_true(pskb_may_pull(skb, base + 150 + 60));
	check_bytes(skb, &E[0]);
	assert_ptr_not_equal(skb_shinfo(skb)->frag_list, m2);
	assert_int_equal(skb_shinfo(skb)->frag_list->len, 540 - 60);
	/* ours are intact */
	assert_int_equal(m1->users, 1);
	assert_int_equal(m2->users, 1);
	check_bytes_at(m1, &E[0], base);
	check_bytes_at(m2, &E[0], base + 150);
	assert_ptr_equal(m1->next, m2);
	kfree_skb(skb);
	check_bytes_at(m2, &E[0], base + 150);
	kfree_skb(m1);
	kfree_skb(m2);
	assert_quiet();
}

static void test_linearize(void **state)
{
	(void)state;
	for (int s = 0; s < SH_NR; s++) {
		for (int cl = 0; cl < 2; cl++) {
			struct sk_buff *skb = build_shape(s, &E[0]), *c;

			c = cl ? skb_clone(skb, GFP) : NULL;
			assert_int_equal(skb_linearize(skb), 0);
			assert_true(is_linear_only(skb));
			assert_int_equal(skb_network_offset(skb), 14);
			check_bytes(skb, &E[0]);
			if (c != NULL)
				check_bytes(c, &E[0]);
			free2(skb, c, cl);
			assert_quiet();
		}
	}
}

/* ------------------------------------------------------------------ */
/* pskb_trim                                                            */
/* ------------------------------------------------------------------ */

static void test_trim(void **state)
{
	(void)state;
	for (int s = 0; s < SH_NR; s++) {
		unsigned int t[32], nt;
		struct sk_buff *skb = build_shape(s, &E[0]);

		nt = pull_targets(skb, t);
		t[nt++] = 0;
		t[nt++] = skb_headlen(skb) ? skb_headlen(skb) - 1 : 0;
		t[nt++] = skb->len - 1;
		kfree_skb(skb);
		for (unsigned int k = 0; k < nt; k++) {
			for (int cl = 0; cl < 2; cl++) {
				struct sk_buff *c;

				skb = build_shape(s, &E[0]);
				c = cl ? skb_clone(skb, GFP) : NULL;
				assert_int_equal(pskb_trim(skb, t[k]), 0);
				assert_int_equal(skb->len, t[k]);
				check_bytes_at(skb, &E[0], 0);
				if (c != NULL)
					check_bytes(c, &E[0]);
				free2(skb, c, (k + cl) & 1);
				assert_quiet();
			}
		}
	}
}

/* a shared frag_list member is cloned before it is trimmed */
static void test_trim_shared_list(void **state)
{
	struct sk_buff *skb, *m2;
	unsigned int base;

	(void)state;
	skb = build_shape(SH_FRAGLIST, &E[0]);
	base = skb_headlen(skb) + 700 + 150;	/* where m2 starts */
	m2 = skb_shinfo(skb)->frag_list->next;
	skb_get(m2);
	assert_int_equal(pskb_trim(skb, base + 100), 0);
	check_bytes_at(skb, &E[0], 0);
	assert_int_equal(skb->len, base + 100);
	assert_null(skb_shinfo(skb)->frag_list->next->next);
	assert_int_equal(m2->len, 540);
	assert_int_equal(m2->users, 1);
	check_bytes_at(m2, &E[0], base);
	kfree_skb(skb);
	kfree_skb(m2);
	assert_quiet();
}

/* ------------------------------------------------------------------ */
/* skb_split                                                            */
/* ------------------------------------------------------------------ */

struct test_ubuf {
	struct ubuf_info u;
	int completions;
};

static void tu_complete(struct sk_buff *skb, struct ubuf_info *uarg, bool ok)
{
	struct test_ubuf *t = container_of(uarg, struct test_ubuf, u);

	(void)skb;
	(void)ok;
	if (__atomic_sub_fetch(&uarg->refcnt, 1, __ATOMIC_ACQ_REL) == 0)
		t->completions++;
}

static const struct ubuf_info_ops tu_ops = { .complete = tu_complete };

/* Splits @skb (shape @s) at @len into a fresh skb and checks both. */
static void split_case(enum shape s, unsigned int len, bool cloned, bool flip)
{
	struct sk_buff *skb = build_shape(s, &E[0]), *skb1, *c;
	unsigned int total = skb->len;

	c = cloned ? skb_clone(skb, GFP) : NULL;
	skb1 = alloc_skb(total, GFP);
	assert_non_null(skb1);
	skb_split(skb, skb1, len);
	assert_int_equal(skb->len, len);
	assert_int_equal(skb1->len, total - len);
	check_bytes_at(skb, &E[0], 0);
	check_bytes_at(skb1, &E[0], len);
	assert_int_equal(skb1->unreadable, skb->unreadable);
	if (c != NULL) {
		assert_false(skb_cloned(skb));
		check_bytes(c, &E[0]);
	}
	free2(skb, skb1, flip);
	kfree_skb(c);
	assert_quiet();
}

static void test_split(void **state)
{
	static const enum shape sh[] = {
		SH_LINEAR, SH_PPHEAD, SH_PPFRAGS, SH_PAGEFRAGS, SH_MIXED, SH_HEADLESS,
	};

	(void)state;
	for (unsigned int si = 0; si < RTE_DIM(sh); si++) {
		unsigned int t[32], nt;
		struct sk_buff *skb = build_shape(sh[si], &E[0]);

		nt = pull_targets(skb, t);
		t[nt++] = 0;
		if (skb_headlen(skb) > 1)
			t[nt++] = skb_headlen(skb) / 2;
		kfree_skb(skb);
		for (unsigned int k = 0; k < nt; k++)
			for (int cl = 0; cl < 2; cl++)
				split_case(sh[si], t[k], cl, (k + cl) & 1);
	}
}

/* References when the split line cuts a frag, or sits on a boundary */
static void test_split_refs(void **state)
{
	struct sk_buff *skb, *skb1;
	struct page *p0, *p1, *q;

	(void)state;
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	p0 = add_pp_frag(skb, &E[0], 0, 1000);
	p1 = add_pp_frag(skb, &E[0], 0, 800);
	q = add_page_frag(skb, &E[0], 0, 500);
	skb_mark_for_recycle(skb);
	/* inside the header: frags move, no reference taken */
	skb1 = alloc_skb(200, GFP);
	skb_split(skb, skb1, 40);
	assert_true(is_linear_only(skb));
	assert_int_equal(skb_shinfo(skb1)->nr_frags, 3);
	assert_int_equal(skb_headlen(skb1), 60);
	assert_int_equal(pp_refs(page_to_netmem(p0)), 1);
	assert_int_equal(page_ref_count(q), 1);
	check_bytes_at(skb, &E[0], 0);
	check_bytes_at(skb1, &E[0], 40);
	kfree_skb(skb);
	kfree_skb(skb1);
	assert_quiet();

	/* cutting p0: both skbs hold it, a pp reference each */
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	p0 = add_pp_frag(skb, &E[0], 0, 1000);
	p1 = add_pp_frag(skb, &E[0], 0, 800);
	q = add_page_frag(skb, &E[0], 0, 500);
	skb1 = alloc_skb(0, GFP);
	skb_split(skb, skb1, 100 + 300);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 1);
	assert_int_equal(skb_shinfo(skb1)->nr_frags, 3);
	assert_int_equal(pp_refs(page_to_netmem(p0)), 2);
	assert_int_equal(page_ref_count(p0), 1);
	assert_int_equal(pp_refs(page_to_netmem(p1)), 1);
	assert_int_equal(page_ref_count(q), 1);
	assert_int_equal(skb_frag_off(&skb_shinfo(skb1)->frags[0]), 300);
	check_bytes_at(skb, &E[0], 0);
	check_bytes_at(skb1, &E[0], 400);
	kfree_skb(skb1);
	assert_int_equal(pp_refs(page_to_netmem(p0)), 1);
	kfree_skb(skb);
	assert_quiet();

	/* cutting an alloc_page page: a page reference */
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	q = add_page_frag(skb, &E[0], 0, 500);
	skb1 = alloc_skb(0, GFP);
	skb_split(skb, skb1, 100 + 1);
	assert_int_equal(page_ref_count(q), 2);
	check_bytes_at(skb, &E[0], 0);
	check_bytes_at(skb1, &E[0], 101);
	kfree_skb(skb);
	assert_int_equal(page_ref_count(q), 1);
	kfree_skb(skb1);
	assert_quiet();

	/* on a frag boundary: nothing shared */
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	p0 = add_pp_frag(skb, &E[0], 0, 1000);
	p1 = add_pp_frag(skb, &E[0], 0, 800);
	skb1 = alloc_skb(0, GFP);
	skb_split(skb, skb1, 1100);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 1);
	assert_int_equal(skb_shinfo(skb1)->nr_frags, 1);
	assert_int_equal(pp_refs(page_to_netmem(p0)), 1);
	assert_int_equal(pp_refs(page_to_netmem(p1)), 1);
	free2(skb, skb1, true);
	assert_quiet();
}

/* skb_split of a cloned skb: the clone keeps all its data and every page
 * comes back exactly once, whatever the order of the frees. */
static void test_split_cloned(void **state)
{
	(void)state;
	for (int order = 0; order < 3; order++) {
		struct sk_buff *skb = new_pphead(exp_reset(&E[0]), 64, 100), *c, *skb1;
		struct page_pool_stats s0, s1;
		struct page *p0;

		p0 = add_pp_frag(skb, &E[0], 0, 1000);
		add_pp_frag(skb, &E[0], 0, 800);
		c = skb_clone(skb, GFP);
		skb1 = alloc_skb(0, GFP);
		s0 = hstats();
		skb_split(skb, skb1, 100 + 500);
		assert_false(skb_cloned(skb));
		/* the clone's frag refs + skb's copy + skb1's share of p0 */
		assert_int_equal(pp_refs(page_to_netmem(p0)), 3);
		assert_int_equal(page_ref_count(p0), 1);
		check_bytes_at(skb, &E[0], 0);
		check_bytes_at(skb1, &E[0], 600);
		check_bytes(c, &E[0]);
		if (order == 0) {
			kfree_skb(c);
			free2(skb, skb1, false);
		} else if (order == 1) {
			free2(skb, skb1, true);
			kfree_skb(c);
		} else {
			kfree_skb(skb1);
			kfree_skb(c);
			kfree_skb(skb);
		}
		s1 = hstats();
		assert_int_equal(recycled(&s1) - recycled(&s0), 3);
		assert_int_equal(s1.recycle_stats.released_refcnt,
				 s0.recycle_stats.released_refcnt);
		assert_quiet();
	}
}

/* zero-copy state and the unreadable flag go to the second part */
static void test_split_zcopy_unreadable(void **state)
{
	struct test_ubuf tu = { .u = { .ops = &tu_ops, .refcnt = 1,
				       .flags = SKBFL_ZEROCOPY_FRAG } };
	struct sk_buff *skb, *skb1;
	netmem_ref nm;

	(void)state;
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	add_page_frag(skb, &E[0], 0, 1000);
	add_page_frag(skb, &E[0], 0, 1000);
	skb_zcopy_set(skb, &tu.u, NULL);
	assert_int_equal(tu.u.refcnt, 2);
	skb1 = alloc_skb(0, GFP);
	skb_split(skb, skb1, 600);
	assert_ptr_equal(skb_zcopy(skb1), &tu.u);
	assert_int_equal(tu.u.refcnt, 3);
	assert_true(skb_shinfo(skb1)->flags & SKBFL_SHARED_FRAG);
	check_bytes_at(skb, &E[0], 0);
	check_bytes_at(skb1, &E[0], 600);
	kfree_skb(skb);
	kfree_skb(skb1);
	assert_int_equal(tu.completions, 0);
	net_zcopy_put(&tu.u);
	assert_int_equal(tu.completions, 1);
	assert_quiet();

	/* unreadable frags: skb1 is unreadable too, the net_iov shared */
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	add_pp_frag(skb, &E[0], 0, 300);
	nm = add_niov_frag(skb, &E[0], 2000);
	skb_mark_for_recycle(skb);
	skb1 = alloc_skb(0, GFP);
	skb_split(skb, skb1, 100 + 300 + 50);
	assert_true(skb1->unreadable);
	assert_int_equal(pp_refs(nm), 2);
	check_bytes_at(skb, &E[0], 0);
	check_bytes_at(skb1, &E[0], 450);
	kfree_skb(skb);
	assert_int_equal(pp_refs(nm), 1);
	kfree_skb(skb1);
	/* inside the header */
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	nm = add_niov_frag(skb, &E[0], 2000);
	skb1 = alloc_skb(128, GFP);
	skb_split(skb, skb1, 10);
	assert_true(skb1->unreadable);
	assert_int_equal(pp_refs(nm), 1);
	check_bytes_at(skb, &E[0], 0);
	check_bytes_at(skb1, &E[0], 10);
	free2(skb, skb1, false);
	assert_quiet();
}

static void test_split_misuse(void **state)
{
	struct sk_buff *skb = build_shape(SH_PPFRAGS, &E[0]), *skb1, *f;

	(void)state;
	skb1 = alloc_skb(16, GFP);
	skb_split(skb, skb1, skb->len + 1);		/* past the end */
	expect_misuse(1);
	skb_split(skb, skb1, 10);			/* no room in skb1 */
	expect_misuse(1);
	f = build_shape(SH_FRAGLIST, &E[1]);
	skb_split(f, skb1, 10 + 100);			/* frag_list: not supported */
	expect_misuse(1);
	skb_put(skb1, 4);
	skb_split(skb, skb1, 200);			/* skb1 not empty */
	expect_misuse(1);
	check_bytes(skb, &E[0]);
	check_bytes(f, &E[1]);
	assert_int_equal(skb1->len, 4);
	kfree_skb(skb);
	kfree_skb(skb1);
	kfree_skb(f);
	assert_quiet();
}

/* ------------------------------------------------------------------ */
/* skb_shift                                                            */
/* ------------------------------------------------------------------ */

static void test_shift(void **state)
{
	struct sk_buff *tgt, *skb;
	struct page *pa, *pb;
	struct page_pool_stats s0, s1;
	struct exp *et = &E[0], *es = &E[1], *x = &E[2];
	unsigned int moved = 0;

	(void)state;
	s0 = hstats();
	tgt = new_pphead(exp_reset(et), 64, 0);
	pa = add_pp_frag(tgt, et, 0, 500);
	skb = new_pphead(exp_reset(es), 64, 0);
	/* skb's first frag continues tgt's last one in the same page */
	page_pool_ref_page(pa);
	add_frag(skb, pa, 500, 700, es);
	pb = add_pp_frag(skb, es, 0, 1000);
	add_pp_frag(skb, es, 0, 300);

	/* part of the first frag: merged, no reference moves */
	assert_int_equal(skb_shift(tgt, skb, 300), 300);
	moved = 300;
	assert_int_equal(skb_shinfo(tgt)->nr_frags, 1);
	assert_int_equal(skb_frag_size(&skb_shinfo(tgt)->frags[0]), 800);
	assert_int_equal(pp_refs(page_to_netmem(pa)), 2);
	exp_concat(x, et, 0, 500, es, 0, moved);
	check_bytes(tgt, x);
	check_bytes_at(skb, es, moved);
	assert_int_equal(tgt->ip_summed, CHECKSUM_PARTIAL);

	/* the rest of it (merged: its reference dropped) and part of pb */
	assert_int_equal(skb_shift(tgt, skb, 400 + 600), 1000);
	moved += 1000;
	assert_int_equal(skb_shinfo(tgt)->nr_frags, 2);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 2);
	assert_int_equal(pp_refs(page_to_netmem(pa)), 1);
	assert_int_equal(pp_refs(page_to_netmem(pb)), 2);
	assert_int_equal(page_ref_count(pb), 1);
	exp_concat(x, et, 0, 500, es, 0, moved);
	check_bytes(tgt, x);
	check_bytes_at(skb, es, moved);

	/* everything left: pb's tail merges back, the last frag moves */
	assert_int_equal(skb_shift(tgt, skb, (int)skb->len), 400 + 300);
	moved += 700;
	assert_int_equal(skb->len, 0);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 0);
	assert_int_equal(skb_shinfo(tgt)->nr_frags, 3);
	assert_int_equal(pp_refs(page_to_netmem(pb)), 1);
	exp_concat(x, et, 0, 500, es, 0, moved);
	check_bytes(tgt, x);
	check_sane(skb);
	free2(tgt, skb, false);
	s1 = hstats();
	assert_int_equal(recycled(&s1) - recycled(&s0), 5);
	assert_int_equal(s1.recycle_stats.released_refcnt, s0.recycle_stats.released_refcnt);
	assert_quiet();
}

static void test_shift_refused(void **state)
{
	struct sk_buff *tgt, *skb, *c;
	netmem_ref nm;

	(void)state;
	/* readable and unreadable never meet */
	tgt = new_pphead(exp_reset(&E[0]), 64, 0);
	add_pp_frag(tgt, &E[0], 0, 500);
	skb = new_pphead(exp_reset(&E[1]), 64, 0);
	nm = add_niov_frag(skb, &E[1], 1000);
	assert_int_equal(skb_shift(tgt, skb, 100), 0);
	assert_int_equal(skb_shift(skb, tgt, 100), 0);
	assert_int_equal(tgt->len, 500);
	assert_int_equal(skb->len, 1000);
	assert_int_equal(pp_refs(nm), 1);
	kfree_skb(skb);
	/* linear bytes in skb: not shifted */
	skb = new_linear(exp_reset(&E[1]), 0, 10, 0);
	add_pp_frag(skb, &E[1], 0, 500);
	assert_int_equal(skb_shift(tgt, skb, 100), 0);
	kfree_skb(skb);
	/* more than the frags hold: misuse */
	skb = new_pphead(exp_reset(&E[1]), 64, 0);
	add_pp_frag(skb, &E[1], 0, 500);
	assert_int_equal(skb_shift(tgt, skb, 501), 0);
	expect_misuse(1);
	/* cloned: the frags are shifted from a private copy, clone intact */
	c = skb_clone(skb, GFP);
	assert_int_equal(skb_shift(tgt, skb, 200), 200);
	check_bytes(c, &E[1]);
	check_bytes_at(skb, &E[1], 200);
	kfree_skb(c);
	kfree_skb(skb);
	kfree_skb(tgt);
	assert_quiet();
}

/* ------------------------------------------------------------------ */
/* skb_try_coalesce, kfree_skb_partial                                  */
/* ------------------------------------------------------------------ */

static void test_coalesce_copy(void **state)
{
	struct sk_buff *to, *from;
	bool stolen = true;
	int delta = -1;
	uint64_t cb;

	(void)state;
	to = new_linear(exp_reset(&E[0]), 64, 100, 600);
	from = new_linear(exp_reset(&E[1]), 32, 200, 0);
	cb = copied_bytes();
	assert_true(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(stolen);
	assert_int_equal(delta, 0);
	assert_int_equal(copied_bytes() - cb, 200);
	exp_concat(&E[2], &E[0], 0, 100, &E[1], 0, 200);
	check_bytes(to, &E[2]);
	assert_true(is_linear_only(to));
	kfree_skb_partial(from, stolen);
	kfree_skb(to);
	assert_quiet();

	/* a frag_list from copies as well (all bytes readable) */
	to = new_linear(exp_reset(&E[0]), 64, 100, 4000);
	from = build_shape(SH_FRAGLIST, &E[1]);
	to->pp_recycle = from->pp_recycle;
	assert_true(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(stolen);
	exp_concat(&E[2], &E[0], 0, 100, &E[1], 0, E[1].len);
	check_bytes(to, &E[2]);
	kfree_skb_partial(from, stolen);
	kfree_skb(to);
	assert_quiet();
}

/* from's page_pool head becomes a frag of to: the head's pp reference moves */
static void test_coalesce_steal_pp_head(void **state)
{
	struct sk_buff *to, *from;
	struct page *hp;
	struct page_pool_stats s0, s1;
	unsigned int ts, fts, len, off;
	uint64_t live;
	bool stolen;
	int delta;

	(void)state;
	s0 = hstats();
	to = new_pphead(exp_reset(&E[0]), 64, 100);
	add_pp_frag(to, &E[0], 0, 500);
	from = new_pphead(exp_reset(&E[1]), 64, 200);
	add_pp_frag(from, &E[1], 100, 300);
	hp = virt_to_head_page(from->head);
	off = (unsigned int)(from->data - (unsigned char *)page_address(hp));
	ts = to->truesize;
	fts = from->truesize;
	len = from->len;
	assert_true(skb_try_coalesce(to, from, &stolen, &delta));
	assert_true(stolen);
	assert_int_equal(delta, fts - SKB_DATA_ALIGN(sizeof(struct sk_buff)));
	assert_int_equal(to->truesize, ts + delta);
	assert_int_equal(skb_shinfo(to)->nr_frags, 3);
	assert_ptr_equal(skb_frag_page(&skb_shinfo(to)->frags[1]), hp);
	assert_int_equal(skb_frag_off(&skb_shinfo(to)->frags[1]), off);
	assert_int_equal(skb_frag_size(&skb_shinfo(to)->frags[1]), 200);
	/* from was built on its page's start, so its struct lives in the
	 * page's slot: the head's reference went to the frag and the struct
	 * took one of its own until kfree_skb_partial(). */
	assert_int_equal(from->fclone, SKB_FCLONE_EMBEDDED);
	assert_ptr_equal((char *)hp - NM_PAGE_SKB_SLOT, (char *)from);
	assert_int_equal(pp_refs(page_to_netmem(hp)), 2);
	assert_int_equal(page_ref_count(hp), 1);
	exp_concat(&E[2], &E[0], 0, 100 + 500, &E[1], 0, len);
	check_bytes(to, &E[2]);
	live = skbs_live();
	kfree_skb_partial(from, stolen);
	assert_int_equal(skbs_live(), live);	/* not from the skb cache */
	assert_int_equal(pp_refs(page_to_netmem(hp)), 1);
	check_bytes(to, &E[2]);
	kfree_skb(to);
	s1 = hstats();
	assert_int_equal(recycled(&s1) - recycled(&s0), 4);
	assert_int_equal(s1.recycle_stats.released_refcnt, s0.recycle_stats.released_refcnt);
	assert_quiet();
}

/* from's page-frag head (alloc_skb): the head's page reference moves */
static void test_coalesce_steal_frag_head(void **state)
{
	struct sk_buff *to, *from;
	struct page *hp;
	bool stolen;
	int delta, r0, same;

	(void)state;
	to = new_linear(exp_reset(&E[0]), 0, 100, 0);
	from = new_linear(exp_reset(&E[1]), 16, 1000, 0);
	add_page_frag(from, &E[1], 0, 700);
	assert_true(from->head_frag);
	hp = virt_to_head_page(from->head);
	/* to's head may be cut from the same page */
	same = virt_to_head_page(to->head) == hp;
	r0 = page_ref_count(hp);
	assert_true(skb_try_coalesce(to, from, &stolen, &delta));
	assert_true(stolen);
	assert_int_equal(page_ref_count(hp), r0);
	exp_concat(&E[2], &E[0], 0, 100, &E[1], 0, 1700);
	check_bytes(to, &E[2]);
	kfree_skb_partial(from, true);
	assert_int_equal(page_ref_count(hp), r0);
	check_bytes(to, &E[2]);
	kfree_skb(to);
	assert_int_equal(page_ref_count(hp), r0 - 1 - same);
	assert_quiet();
}

/*
 * Kernel pitfall: a cloned page_pool skb coalesced into another takes pp
 * references for its frags (not page references), and each page recycles
 * exactly once when all three skbs are gone, in any order.
 */
static void test_coalesce_cloned_pp(void **state)
{
	(void)state;
	for (int order = 0; order < 3; order++) {
		struct sk_buff *to, *from, *c;
		struct page *p1, *p2;
		struct page_pool_stats s0, s1;
		unsigned int ts, fts;
		bool stolen;
		int delta;

		s0 = hstats();
		to = new_pphead(exp_reset(&E[0]), 64, 100);
		add_pp_frag(to, &E[0], 0, 500);
		from = new_pphead(exp_reset(&E[1]), 64, 0);
		p1 = add_pp_frag(from, &E[1], 0, 1500);
		p2 = add_pp_frag(from, &E[1], 100, 2500);
		c = skb_clone(from, GFP);
		ts = to->truesize;
		fts = from->truesize;
		assert_true(skb_try_coalesce(to, from, &stolen, &delta));
		assert_false(stolen);
		assert_int_equal(delta, fts - T_TRUESIZE(skb_end_offset(from)));
		assert_int_equal(to->truesize, ts + delta);
		assert_int_equal(skb_shinfo(to)->nr_frags, 3);
		assert_int_equal(skb_shinfo(from)->nr_frags, 2);	/* cloned: kept */
		assert_int_equal(pp_refs(page_to_netmem(p1)), 2);
		assert_int_equal(pp_refs(page_to_netmem(p2)), 2);
		assert_int_equal(page_ref_count(p1), 1);
		assert_int_equal(page_ref_count(p2), 1);
		exp_concat(&E[2], &E[0], 0, 600, &E[1], 0, 4000);
		check_bytes(to, &E[2]);
		check_bytes(from, &E[1]);
		check_bytes(c, &E[1]);
		if (order == 0) {
			kfree_skb_partial(from, stolen);
			kfree_skb(c);
			kfree_skb(to);
		} else if (order == 1) {
			kfree_skb(to);
			kfree_skb(c);
			kfree_skb_partial(from, stolen);
		} else {
			kfree_skb(c);
			kfree_skb(to);
			kfree_skb_partial(from, stolen);
		}
		s1 = hstats();
		/* to: head + frag; from: head + p1 + p2 */
		assert_int_equal(recycled(&s1) - recycled(&s0), 5);
		assert_int_equal(s1.recycle_stats.released_refcnt,
				 s0.recycle_stats.released_refcnt);
		assert_quiet();
	}
}

/* from not cloned, headless: its frags move, references and all */
static void test_coalesce_frags_move(void **state)
{
	struct sk_buff *to, *from;
	struct page *p1, *q;
	bool stolen;
	int delta;

	(void)state;
	to = new_pphead(exp_reset(&E[0]), 64, 100);
	add_pp_frag(to, &E[0], 0, 500);
	from = new_pphead(exp_reset(&E[1]), 64, 0);
	p1 = add_pp_frag(from, &E[1], 0, 1500);
	q = add_page_frag(from, &E[1], 0, 200);
	assert_true(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(stolen);
	assert_int_equal(skb_shinfo(from)->nr_frags, 0);
	assert_int_equal(pp_refs(page_to_netmem(p1)), 1);
	assert_int_equal(page_ref_count(q), 1);
	exp_concat(&E[2], &E[0], 0, 600, &E[1], 0, 1700);
	check_bytes(to, &E[2]);
	kfree_skb_partial(from, stolen);
	check_bytes(to, &E[2]);
	kfree_skb(to);
	assert_quiet();
}

/* readable and unreadable skbs never coalesce; two unreadable ones may */
static void test_coalesce_unreadable(void **state)
{
	struct sk_buff *to, *from, *u;
	netmem_ref n1, n2;
	unsigned int tl;
	bool stolen;
	int delta;

	(void)state;
	to = new_pphead(exp_reset(&E[0]), 64, 100);	/* lots of tailroom */
	from = new_pphead(exp_reset(&E[1]), 64, 0);
	n1 = add_niov_frag(from, &E[1], 100);
	tl = (unsigned int)skb_tailroom(to);
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(stolen);
	assert_int_equal(to->len, 100);
	assert_int_equal(skb_tailroom(to), tl);
	assert_int_equal(skb_shinfo(to)->nr_frags, 0);
	assert_false(to->unreadable);
	assert_int_equal(from->len, 100);
	assert_int_equal(pp_refs(n1), 1);
	/* the other way round */
	u = new_linear(exp_reset(&E[2]), 64, 50, 0);
	n2 = add_niov_frag(u, &E[2], 300);
	skb_mark_for_recycle(u);
	assert_false(skb_try_coalesce(u, to, &stolen, &delta));
	assert_int_equal(u->len, 350);
	assert_int_equal(skb_shinfo(u)->nr_frags, 1);
	assert_int_equal(to->len, 100);
	/* two unreadable: the frags move */
	assert_true(skb_try_coalesce(u, from, &stolen, &delta));
	assert_false(stolen);
	assert_int_equal(u->len, 450);
	assert_int_equal(skb_shinfo(u)->nr_frags, 2);
	assert_true(netmem_eq(skb_shinfo(u)->frags[1].netmem, n1));
	assert_int_equal(pp_refs(n1), 1);
	assert_int_equal(pp_refs(n2), 1);
	kfree_skb_partial(from, stolen);
	check_sane(u);
	kfree_skb(u);
	kfree_skb(to);
	assert_quiet();
}

static void test_coalesce_refused(void **state)
{
	struct sk_buff *to, *from, *c;
	unsigned int tl;
	bool stolen;
	int delta;

	(void)state;
	/* page_pool and non-page_pool skbs (pp_recycle differs) */
	to = new_linear(exp_reset(&E[0]), 64, 100, 600);
	from = new_pphead(exp_reset(&E[1]), 64, 50);
	tl = (unsigned int)skb_tailroom(to);
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(skb_try_coalesce(from, to, &stolen, &delta));
	assert_int_equal(skb_tailroom(to), tl);
	check_bytes(to, &E[0]);
	check_bytes(from, &E[1]);
	kfree_skb(from);

	/* to cloned */
	from = new_linear(exp_reset(&E[1]), 64, 50, 0);
	c = skb_clone(to, GFP);
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	kfree_skb(c);
	/* from cloned with linear bytes and no tailroom in to: its head is
	 * locked */
	kfree_skb(to);
	to = new_linear(exp_reset(&E[0]), 0, 100, 0);
	add_page_frag(to, &E[0], 0, 100);
	c = skb_clone(from, GFP);
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(stolen);
	kfree_skb(c);
	/* from with an rte_malloc head (not a page frag) */
	kfree_skb(from);
	from = new_linear(exp_reset(&E[1]), 0, 70000, 0);
	assert_false(from->head_frag);
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	kfree_skb(from);
	/* too many frags */
	from = new_pphead(exp_reset(&E[1]), 64, 0);
	from->pp_recycle = 0;
	add_page_frag(from, &E[1], 0, 10);
	add_page_frag(from, &E[1], 0, 10);
	while (skb_shinfo(to)->nr_frags < MAX_SKB_FRAGS - 1)
		add_page_frag(to, &E[0], 0, 10);
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	check_bytes(to, &E[0]);
	check_bytes(from, &E[1]);
	/* frag_list in to */
	kfree_skb(to);
	to = build_shape(SH_FRAGLIST, &E[0]);
	to->pp_recycle = 0;
	assert_false(skb_try_coalesce(to, from, &stolen, &delta));
	kfree_skb(from);
	kfree_skb(to);
	assert_quiet();
}

/* ------------------------------------------------------------------ */
/* unreadable memory: copy paths refuse and change nothing              */
/* ------------------------------------------------------------------ */

struct shape_snap {
	unsigned char *head, *data;
	unsigned int len, data_len, truesize, tail;
	int nr_frags, dataref;
};

static struct shape_snap shape_of(const struct sk_buff *skb)
{
	struct shape_snap s;

	memset(&s, 0, sizeof(s));	/* compared with memcmp: no stray padding */
	s.head = skb->head;
	s.data = skb->data;
	s.len = skb->len;
	s.data_len = skb->data_len;
	s.truesize = skb->truesize;
	s.tail = skb->tail;
	s.nr_frags = skb_shinfo(skb)->nr_frags;
	s.dataref = skb_shinfo(skb)->dataref;
	return s;
}

static void assert_unchanged(const struct sk_buff *skb, const struct shape_snap *s)
{
	struct shape_snap now = shape_of(skb);

	assert_memory_equal(&now, s, sizeof(now));
}

static void test_unreadable_refused(void **state)
{
	struct sk_buff *skb, *c;
	struct shape_snap ss, cs, s0;
	netmem_ref nm;
	uint64_t cb, live;

	(void)state;
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	add_pp_frag(skb, &E[0], 0, 200);
	nm = add_niov_frag(skb, &E[0], 1000);
	skb_mark_for_recycle(skb);
	assert_int_equal(E[0].unread_from, 300);
	ss = shape_of(skb);
	cb = copied_bytes();
	assert_null(skb_copy(skb, GFP));
	assert_int_equal(skb_linearize(skb), -EIO);
	assert_false(pskb_may_pull(skb, 301));
	assert_null(__pskb_pull_tail(skb, 250));
	assert_false(skb_readable_all(skb));
	assert_int_equal(copied_bytes(), cb);
	assert_unchanged(skb, &ss);
	assert_int_equal(pp_refs(nm), 1);
	check_bytes(skb, &E[0]);

	/* the same on a clone: still sharing, still cloned */
	s0 = shape_of(skb);
	c = skb_clone(skb, GFP);
	ss = shape_of(skb);
	cs = shape_of(c);
	assert_null(skb_copy(c, GFP));
	assert_int_equal(skb_linearize(c), -EIO);
	assert_false(pskb_may_pull(c, 1000));
	assert_unchanged(c, &cs);
	assert_unchanged(skb, &ss);
	assert_true(skb_cloned(c));
	assert_int_equal(copied_bytes(), cb);
	/* skb_unshare: no private copy can be made; as the kernel, the skb
	 * is dropped and NULL returned */
	live = skbs_live();
	assert_null(skb_unshare(c, GFP));
	assert_int_equal(skbs_live(), live - 1);
	assert_false(skb_cloned(skb));
	assert_unchanged(skb, &s0);
	assert_int_equal(pp_refs(nm), 1);

	/* as the kernel's __pskb_pull_tail(): an skb with unreadable frags
	 * is refused whole, even the readable bytes before the net_iov */
	assert_false(pskb_may_pull(skb, 250));
	assert_int_equal(skb_headlen(skb), 100);
	check_bytes(skb, &E[0]);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 2);
	assert_true(skb->unreadable);

	/* pskb_expand_head and pskb_copy touch only the linear bytes: as in
	 * the kernel they work, and the net_iov gets pp references */
	c = skb_clone(skb, GFP);
	assert_int_equal(pskb_expand_head(skb, 64, 0, GFP), 0);
	assert_int_equal(pp_refs(nm), 2);
	assert_true(skb->unreadable);
	check_bytes(skb, &E[0]);
	check_bytes(c, &E[0]);
	kfree_skb(c);
	assert_int_equal(pp_refs(nm), 1);
	c = pskb_copy(skb, GFP);
	assert_non_null(c);
	assert_true(c->unreadable);
	assert_int_equal(pp_refs(nm), 2);
	check_bytes(c, &E[0]);
	kfree_skb(c);
	/* trimming into the net_iov does not touch its bytes */
	assert_int_equal(pskb_trim(skb, skb->len - 10), 0);
	assert_int_equal(skb_frag_size(&skb_shinfo(skb)->frags[1]), 990);
	check_bytes_at(skb, &E[0], 0);
	assert_int_equal(pskb_trim(skb, 260), 0);
	assert_int_equal(pp_refs(nm), 1);
	kfree_skb(skb);
	assert_quiet();

	/* a net_iov inside a frag_list member */
	skb = new_linear(exp_reset(&E[0]), 64, 100, 0);
	c = new_linear(&E[0], 0, 20, 0);
	nm = add_niov_frag(c, &E[0], 500);
	add_list(skb, c);
	ss = shape_of(skb);
	assert_null(skb_copy(skb, GFP));
	assert_int_equal(skb_linearize(skb), -EIO);
	assert_unchanged(skb, &ss);
	assert_true(pskb_may_pull(skb, 110));		/* from c's head */
	check_bytes(skb, &E[0]);
	kfree_skb(skb);
	assert_quiet();
}

static void test_pull_misuse(void **state)
{
	struct sk_buff *skb = build_shape(SH_PPFRAGS, &E[0]);
	struct shape_snap ss = shape_of(skb);

	(void)state;
	assert_null(__pskb_pull_tail(skb, (int)skb->data_len + 1));
	expect_misuse(1);
	assert_null(__pskb_pull_tail(skb, -1));
	expect_misuse(1);
	assert_unchanged(skb, &ss);
	assert_int_equal(___pskb_trim(skb, skb->len + 5), 0);
	assert_unchanged(skb, &ss);
	kfree_skb(skb);
	assert_quiet();
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, t_setup)
	const struct CMUnitTest tests[] = {
		T(test_copy),
		T(test_pskb_copy),
		T(test_pskb_copy_fclone),
		T(test_expand_head),
		T(test_expand_cloned_pp),
		T(test_expand_head_bad),
		T(test_unshare),
		T(test_cow),
		T(test_pull_tail),
		T(test_pull_tail_shared_list),
		T(test_linearize),
		T(test_trim),
		T(test_trim_shared_list),
		T(test_split),
		T(test_split_refs),
		T(test_split_cloned),
		T(test_split_zcopy_unreadable),
		T(test_split_misuse),
		T(test_shift),
		T(test_shift_refused),
		T(test_coalesce_copy),
		T(test_coalesce_steal_pp_head),
		T(test_coalesce_steal_frag_head),
		T(test_coalesce_cloned_pp),
		T(test_coalesce_frags_move),
		T(test_coalesce_unreadable),
		T(test_coalesce_refused),
		T(test_unreadable_refused),
		T(test_pull_misuse),
	};
#undef T
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests(tests, group_setup, group_teardown);
	rte_eal_cleanup();
	return ret;
}
