/* SPDX-License-Identifier: BSD-3-Clause */
/* skb_share test fixture (skb_share_fixture.h): the helpers, compiled once. */
#define _GNU_SOURCE
#include "skb_share_fixture.h"

/* ------------------------------------------------------------------ */
/* pools, device memory, quiescence                                     */
/* ------------------------------------------------------------------ */

static struct page_pool *hpool;		/* host pages */

static struct page_pool *dpool;		/* device memory: net_iovs */

static struct net_devmem_dmabuf_binding *binding;

static struct rte_mempool *page_mp[NM_MAX_PAGE_ORDER + 1];	/* alloc_pages() */

static struct region dm_region;

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
void assert_quiet(void)
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
void expect_misuse(uint64_t n)
{
	assert_int_equal(nm_misuse_count() - q0.misuse, n);
	q0.misuse += n;
}

uint64_t copied_bytes(void)
{
	struct nm_skb_stats st;

	nm_skb_get_stats(&st);
	return st.copied_bytes;
}

uint64_t skbs_live(void)
{
	struct nm_skb_stats st;

	nm_skb_get_stats(&st);
	return st.live;
}

struct page_pool_stats hstats(void)
{
	struct page_pool_stats s;

	memset(&s, 0, sizeof(s));
	assert_true(page_pool_get_stats(hpool, &s));
	return s;
}

/* Pages the host pool got back (each counted once, however it went). */
uint64_t recycled(const struct page_pool_stats *s)
{
	return s->recycle_stats.cached + s->recycle_stats.ring +
	       s->recycle_stats.ring_full + s->recycle_stats.released_refcnt;
}

static int make_devmem(void)
{
	binding = region_bind(&dm_region, 64 * PAGE_SIZE, 0x5a);
	dpool = devmem_pool_create(binding, 64, 0);
	return IS_ERR_OR_NULL(dpool) ? -1 : 0;
}

static int group_setup(void **state)
{
	struct page_pool_params pp;
	struct sk_buff *skb;

	(void)state;
	pp = host_pool_params(256, 0, "t_share_host");
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
	for (int i = 0; i < 5000 && release_calls(&dm_region) == 0; i++)
		usleep(1000);
	return release_calls(&dm_region) == 1 ? 0 : -1;
}

struct exp E[6];

static uint32_t rnd_state = 0x12345678;

static uint8_t rnd8(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return (uint8_t)(rnd_state >> 7);
}

struct exp *exp_reset(struct exp *e)
{
	e->len = 0;
	e->unread_from = UINT_MAX;
	return e;
}

int t_setup(void **state)
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
void exp_concat(struct exp *dst, const struct exp *a, unsigned int afrom,
		       unsigned int alen, const struct exp *b, unsigned int bfrom,
		       unsigned int blen)
{
	exp_reset(dst);
	memcpy(dst->b, a->b + afrom, alen);
	if (blen)
		memcpy(dst->b + alen, b->b + bfrom, blen);
	dst->len = alen + blen;
}

struct sk_buff *new_linear(struct exp *e, unsigned int headroom, unsigned int len,
				  unsigned int tailroom)
{
	struct sk_buff *skb = alloc_skb(headroom + len + tailroom, GFP);

	assert_non_null(skb);
	skb_reserve(skb, (int)headroom);
	fill(skb_put(skb, len), len, e);
	return skb;
}

/* build_skb() around a page_pool page, marked for recycling. */
struct sk_buff *new_pphead(struct exp *e, unsigned int headroom, unsigned int len)
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

void add_frag(struct sk_buff *skb, struct page *page, unsigned int off,
		     unsigned int len, struct exp *e)
{
	fill((char *)page_address(page) + off, len, e);
	skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, page, (int)off, (int)len,
			(unsigned int)PAGE_SIZE);
}

/* A whole page_pool page as a frag (its pp reference moves in). */
struct page *add_pp_frag(struct sk_buff *skb, struct exp *e, unsigned int off,
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
struct page *add_page_frag(struct sk_buff *skb, struct exp *e, unsigned int off,
				  unsigned int len)
{
	struct page *page = alloc_page(GFP);

	assert_non_null(page);
	add_frag(skb, page, off, len, e);
	return page;
}

/* A device-memory net_iov as a frag: unreadable. */
netmem_ref add_niov_frag(struct sk_buff *skb, struct exp *e, unsigned int len)
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
void add_list(struct sk_buff *skb, struct sk_buff *child)
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

struct sk_buff *build_shape(enum shape s, struct exp *e)
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

void check_sane(const struct sk_buff *skb)
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
void check_bytes_at(const struct sk_buff *skb, const struct exp *e, unsigned int from)
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

void check_bytes(const struct sk_buff *skb, const struct exp *e)
{
	assert_int_equal(skb->len, e->len);
	check_bytes_at(skb, e, 0);
}

bool is_linear_only(const struct sk_buff *skb)
{
	return skb->data_len == 0 && skb_shinfo(skb)->nr_frags == 0 &&
	       !skb_has_frag_list(skb);
}

/* Frees @a and @b (either may be NULL) in the order @flip says. */
void free2(struct sk_buff *a, struct sk_buff *b, bool flip)
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
/* __pskb_pull_tail, skb_linearize                                      */
/* ------------------------------------------------------------------ */

/* Linear bytes to ask for, for pulls across every boundary of @s. */
unsigned int pull_targets(const struct sk_buff *skb, unsigned int *t)
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

struct shape_snap shape_of(const struct sk_buff *skb)
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

void assert_unchanged(const struct sk_buff *skb, const struct shape_snap *s)
{
	struct shape_snap now = shape_of(skb);

	assert_memory_equal(&now, s, sizeof(now));
}

int skb_share_run(const char *name, const struct CMUnitTest *tests, size_t n)
{
	int ret;

	nm_test_eal_init(1, NULL);
	ret = _cmocka_run_group_tests(name, tests, n, group_setup, group_teardown);
	rte_eal_cleanup();
	return ret;
}
