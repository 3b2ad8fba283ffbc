/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the sk_buff core: allocation sizes and heads, the linear
 * data helpers and their bound checks, header offsets, byte access across
 * the linear part, frags and frag_list (skb_header_pointer, skb_copy_bits,
 * skb_store_bits) and its refusal of unreadable frags, build_skb() around
 * page_pool pages and rte_malloc memory, users, clones and fast clones,
 * dataref, page_pool recycling that happens once per page however many
 * clones shared it, frag helpers, and frag references of every kind of
 * memory (page_pool page, plain page, net_iov in and out of a pool,
 * external page), taken and dropped symmetrically.
 *
 * Every case checks that the misuses it provokes (and only those) were
 * reported, and that every skb it made was freed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <rte_malloc.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/skbuff.h>

#include "test_common.h"
#include "test_pool.h"

#define GFP		(GFP_ATOMIC | __GFP_NOWARN)
#define SHINFO_SIZE	SKB_DATA_ALIGN(sizeof(struct skb_shared_info))

/* ---------------------------------------------------------------------- */
/* Set-up and checks                                                      */
/* ---------------------------------------------------------------------- */

static uint64_t misuse0;
static struct nm_skb_stats st0;

static int case_setup(void **state)
{
	(void)state;
	misuse0 = nm_misuse_count();
	nm_skb_get_stats(&st0);
	return 0;
}

static int case_teardown(void **state)
{
	struct nm_skb_stats st;

	(void)state;
	nm_skb_get_stats(&st);
	if (st.live != st0.live) {
		print_error("skbs leaked: live %" PRIu64 ", was %" PRIu64 "\n", st.live, st0.live);
		return -1;
	}
	return nm_page_pool_reap() == 0 ? 0 : -1;
}

static void assert_misuses(uint64_t n)
{
	assert_int_equal(nm_misuse_count() - misuse0, n);
}

static struct nm_skb_stats stats_now(void)
{
	struct nm_skb_stats st;

	nm_skb_get_stats(&st);
	return st;
}

static int dataref(const struct sk_buff *skb)
{
	return __atomic_load_n(&skb_shinfo(skb)->dataref, __ATOMIC_RELAXED);
}

/* ---------------------------------------------------------------------- */
/* page_pools                                                             */
/* ---------------------------------------------------------------------- */

static struct page_pool *pool_new(unsigned int order)
{
	struct page_pool_params pp;
	struct page_pool *pool;

	memset(&pp, 0, sizeof(pp));
	pp.order = order;
	pp.pool_size = 256;
	pp.nr_pages = 512;
	pp.nid = NUMA_NO_NODE;
	pp.dev = PP_DEV_NONE;
	pp.lcore = rte_lcore_id();
	pp.dma_dir = DMA_FROM_DEVICE;
	pp.name = "t_skb";
	pool = page_pool_create(&pp);
	assert_false(IS_ERR_OR_NULL(pool));
	return pool;
}

static void pool_free_idle(struct page_pool *pool)
{
	assert_int_equal(page_pool_inflight(pool), 0);
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
}

static struct page_pool_recycle_stats recycle_of(const struct page_pool *pool)
{
	struct page_pool_stats s;

	memset(&s, 0, sizeof(s));
	assert_true(page_pool_get_stats(pool, &s));
	return s.recycle_stats;
}

/* Pages recycled into the pool (cache or ring) since @a. */
static uint64_t recycled_since(const struct page_pool *pool,
			       const struct page_pool_recycle_stats *a)
{
	struct page_pool_recycle_stats b = recycle_of(pool);

	/* never released for other references, never dropped */
	assert_int_equal(b.released_refcnt, a->released_refcnt);
	assert_int_equal(b.ring_full, a->ring_full);
	return (b.cached - a->cached) + (b.ring - a->ring);
}

/* ---------------------------------------------------------------------- */
/* Device memory (for net_iov frags)                                      */
/* ---------------------------------------------------------------------- */

struct region {
	void *addr;
	size_t len;
	int release_calls;
};

static void region_release(void *addr, size_t len, void *arg)
{
	struct region *r = arg;

	munmap(addr, len);
	__atomic_fetch_add(&r->release_calls, 1, __ATOMIC_RELEASE);
}

static struct net_devmem_dmabuf_binding *devmem_bind(struct region *r, size_t npages)
{
	struct net_devmem_region_params p;
	struct net_devmem_dmabuf_binding *b;
	int fd = memfd_create("nm_test_skb", MFD_CLOEXEC);

	memset(r, 0, sizeof(*r));
	assert_true(fd >= 0);
	r->len = npages * PAGE_SIZE;
	assert_int_equal(ftruncate(fd, (off_t)r->len), 0);
	r->addr = mmap(NULL, r->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	assert_true(r->addr != MAP_FAILED);
	memset(r->addr, 0x5a, r->len);
	memset(&p, 0, sizeof(p));
	p.addr = r->addr;
	p.len = r->len;
	p.pg_sz = PAGE_SIZE;
	p.release = region_release;
	p.release_arg = r;
	b = net_devmem_bind(&p);
	assert_false(IS_ERR_OR_NULL(b));
	return b;
}

static void devmem_unbind_last(struct net_devmem_dmabuf_binding *b, struct region *r)
{
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	net_devmem_unbind(b);
	assert_int_equal(__atomic_load_n(&r->release_calls, __ATOMIC_ACQUIRE), 1);
}

static struct net_iov *binding_niov(struct net_devmem_dmabuf_binding *b, size_t i)
{
	const struct net_iov_area *area = net_devmem_binding_area(b);

	assert_true(i < area->num_niovs);
	return (struct net_iov *)(uintptr_t)&area->niovs[i];
}

/* ---------------------------------------------------------------------- */
/* Application memory under an owner (external pages)                     */
/* ---------------------------------------------------------------------- */

struct app_mem {
	struct nm_owner owner;
	int release_calls;
	char *buf;
	size_t len;
	struct page *pages;
};

static void app_release(struct nm_owner *o)
{
	((struct app_mem *)o)->release_calls++;
}

static void app_mem_init(struct app_mem *m, size_t npages)
{
	memset(m, 0, sizeof(*m));
	m->len = npages * PAGE_SIZE;
	m->buf = aligned_alloc(PAGE_SIZE, m->len);
	assert_non_null(m->buf);
	memset(m->buf, 0x11, m->len);
	nm_owner_init(&m->owner, "t_skb_app", app_release);
	m->pages = nm_ext_pages_create(m->buf, m->len, &m->owner);
	assert_false(IS_ERR_OR_NULL(m->pages));
}

static void app_mem_fini(struct app_mem *m)
{
	assert_int_equal(nm_owner_refcnt(&m->owner), 1);
	nm_owner_put(&m->owner);
	assert_int_equal(m->release_calls, 1);
	nm_ext_pages_free(m->pages, m->len);
	free(m->buf);
}

/* ---------------------------------------------------------------------- */
/* Building test skbs                                                     */
/* ---------------------------------------------------------------------- */

/* Value of byte @off of the reference pattern. */
static unsigned char pat(size_t off, unsigned int seed)
{
	return (unsigned char)((off * 131u + seed * 17u + (off >> 8)) & 0xff);
}

/* Adds frag @i: @len bytes of @page at @off; the caller's reference moves
 * into the frag. */
static void add_frag(struct sk_buff *skb, int i, struct page *page, unsigned int off,
		     unsigned int len)
{
	skb_add_rx_frag(skb, i, page, (int)off, (int)len, len);
}

/* A plain (non page_pool) page filled with 0xcc. */
static struct page *plain_page(void)
{
	struct page *p = alloc_page(GFP);

	assert_non_null(p);
	assert_int_equal(page_ref_count(p), 1);
	memset(page_address(p), 0xcc, PAGE_SIZE);
	return p;
}

/* ---------------------------------------------------------------------- */
/* Allocation                                                             */
/* ---------------------------------------------------------------------- */

static void check_fresh(struct sk_buff *skb, unsigned int size)
{
	struct skb_shared_info *sh = skb_shinfo(skb);

	assert_int_equal(__atomic_load_n(&skb->users, __ATOMIC_RELAXED), 1);
	assert_int_equal(skb->len, 0);
	assert_int_equal(skb->data_len, 0);
	assert_ptr_equal(skb->data, skb->head);
	assert_int_equal(skb_headroom(skb), 0);
	assert_int_equal(skb_headlen(skb), 0);
	assert_true(skb_tailroom(skb) >= (int)size);
	assert_true(skb_end_offset(skb) >= size);
	assert_int_equal(skb_tailroom(skb), (int)skb_end_offset(skb));
	assert_true(skb->truesize >= size);
	assert_true(((uintptr_t)sh & 7) == 0);
	assert_int_equal(dataref(skb), 1);
	assert_int_equal(sh->nr_frags, 0);
	assert_null(sh->frag_list);
	assert_null(sh->destructor_arg);
	assert_int_equal(sh->flags, 0);
	assert_int_equal(sh->gso_size, 0);
	assert_false(skb->cloned);
	assert_false(skb->pp_recycle);
	assert_false(skb->unreadable);
	assert_false(skb_mac_header_was_set(skb));
	assert_false(skb_transport_header_was_set(skb));
	assert_null(skb_zcopy(skb));
	assert_null(skb->next);
	assert_null(skb->destructor);
}

static void test_alloc_sizes(void **state)
{
	static const unsigned int sizes[] = {
		0, 1, 64, 100, 1500, 4096 - 320, 4096, 9000, 20 * 1024, 60000,
		100 * 1024, 300 * 1024,
	};
	struct nm_skb_stats a = stats_now(), b;

	(void)state;
	for (size_t k = 0; k < RTE_DIM(sizes); k++) {
		unsigned int size = sizes[k];
		struct sk_buff *skb = alloc_skb(size, GFP_ATOMIC);
		struct page *page;
		unsigned char *p;

		assert_non_null(skb);
		check_fresh(skb, size);
		assert_int_equal(skb->fclone, SKB_FCLONE_UNAVAILABLE);
		page = virt_to_head_page(skb->head);
		if (size <= 60000) {
			/* page frag or whole pages */
			assert_true(skb->head_frag);
			assert_non_null(page);
			assert_true(skb->head >= (unsigned char *)page_address(page));
			assert_true(skb_end_pointer(skb) + SHINFO_SIZE <=
				    (unsigned char *)page_address(page) + page_size(page));
		} else {
			/* rte_malloc */
			assert_false(skb->head_frag);
			assert_null(page);
		}
		if (size == 4096) {
			/* 4 KB + shinfo: a whole order-1 page */
			assert_int_equal(compound_order(page), 1);
			assert_ptr_equal(skb->head, page_address(page));
			assert_int_equal(skb_end_offset(skb), 2 * PAGE_SIZE - SHINFO_SIZE);
		}
		if (size == 20 * 1024) {
			assert_int_equal(compound_order(page), 3);
			assert_ptr_equal(skb->head, page_address(page));
		}
		/* the whole data area is usable */
		p = skb_put(skb, (unsigned int)skb_tailroom(skb));
		assert_non_null(p);
		memset(p, 0xa5, skb->len);
		assert_int_equal(skb_tailroom(skb), 0);
		assert_int_equal(skb_headlen(skb), skb_end_offset(skb));
		kfree_skb(skb);
	}
	b = stats_now();
	assert_int_equal(b.alloc - a.alloc, RTE_DIM(sizes));
	assert_int_equal(b.dropped - a.dropped, RTE_DIM(sizes));
	assert_int_equal(b.live, a.live);

	/* small heads share a page: two 100-byte skbs come from one page */
	{
		struct sk_buff *s1 = alloc_skb(100, GFP_ATOMIC);
		struct sk_buff *s2 = alloc_skb(100, GFP_ATOMIC);

		assert_non_null(s1);
		assert_non_null(s2);
		assert_true(s1->head_frag && s2->head_frag);
		assert_true(skb_end_pointer(s2) + SHINFO_SIZE <= s1->head ||
			    skb_end_pointer(s1) + SHINFO_SIZE <= s2->head);
		consume_skb(s1);
		consume_skb(s2);
	}

	/* __GFP_ZERO clears the data area */
	{
		struct sk_buff *skb = __alloc_skb(3000, GFP_ATOMIC | __GFP_ZERO, 0,
						  NUMA_NO_NODE);
		unsigned char *p;

		assert_non_null(skb);
		p = skb_put(skb, 3000);
		for (int i = 0; i < 3000; i++)
			assert_int_equal(p[i], 0);
		kfree_skb(skb);
	}

	/* an absurd size fails and is counted */
	a = stats_now();
	assert_null(alloc_skb((1U << 30) + 1, GFP));
	b = stats_now();
	assert_int_equal(b.alloc_fail - a.alloc_fail, 1);
	assert_int_equal(b.live, a.live);
	assert_misuses(0);
}

static void test_netdev_alloc(void **state)
{
	struct sk_buff *skb;

	(void)state;
	skb = netdev_alloc_skb(NULL, 1500);
	assert_non_null(skb);
	assert_int_equal(skb_headroom(skb), NET_SKB_PAD);
	assert_true(skb_tailroom(skb) >= 1500);
	assert_int_equal(skb->len, 0);
	assert_true(skb->head_frag);
	kfree_skb(skb);

	skb = napi_alloc_skb(NULL, 200);
	assert_non_null(skb);
	assert_int_equal(skb_headroom(skb), NET_SKB_PAD + NET_IP_ALIGN);
	assert_true(skb_tailroom(skb) >= 200);
	napi_consume_skb(skb, 64);

	skb = __netdev_alloc_skb(NULL, 9000, GFP_ATOMIC);
	assert_non_null(skb);
	assert_int_equal(skb_headroom(skb), NET_SKB_PAD);
	assert_true(skb_tailroom(skb) >= 9000);
	dev_kfree_skb_any(skb);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* Linear data                                                            */
/* ---------------------------------------------------------------------- */

static void test_put_push_pull_trim(void **state)
{
	struct sk_buff *skb = alloc_skb(256, GFP_ATOMIC);
	unsigned int end;
	unsigned char *p, *q;
	int room;

	(void)state;
	assert_non_null(skb);
	end = skb_end_offset(skb);
	skb_reserve(skb, 64);
	assert_int_equal(skb_headroom(skb), 64);
	assert_int_equal(skb_tailroom(skb), (int)end - 64);
	assert_int_equal(skb->len, 0);
	assert_ptr_equal(skb->data, skb->head + 64);
	assert_ptr_equal(skb_tail_pointer(skb), skb->data);

	p = skb_put(skb, 100);
	assert_ptr_equal(p, skb->head + 64);
	assert_int_equal(skb->len, 100);
	assert_int_equal(skb_headlen(skb), 100);
	assert_int_equal(skb_tailroom(skb), (int)end - 164);
	assert_ptr_equal(skb_tail_pointer(skb), p + 100);
	memset(p, 1, 100);

	q = skb_put_data(skb, "abcd", 4);
	assert_ptr_equal(q, p + 100);
	assert_memory_equal(q, "abcd", 4);
	q = skb_put_zero(skb, 6);
	assert_int_equal(q[0] | q[5], 0);
	assert_int_equal(skb->len, 110);

	p = skb_push(skb, 14);
	assert_ptr_equal(p, skb->head + 50);
	assert_ptr_equal(skb->data, p);
	assert_int_equal(skb->len, 124);
	assert_int_equal(skb_headroom(skb), 50);

	p = skb_pull(skb, 14);
	assert_ptr_equal(p, skb->head + 64);
	assert_int_equal(skb->len, 110);
	assert_null(skb_pull(skb, 111));	/* more than there is: nothing moves */
	assert_int_equal(skb->len, 110);
	assert_ptr_equal(skb->data, skb->head + 64);
	p = skb_pull(skb, 110);
	assert_non_null(p);
	assert_int_equal(skb->len, 0);
	__skb_push(skb, 110);
	assert_int_equal(skb->len, 110);

	skb_trim(skb, 50);
	assert_int_equal(skb->len, 50);
	assert_ptr_equal(skb_tail_pointer(skb), skb->data + 50);
	skb_trim(skb, 80);			/* longer: no change */
	assert_int_equal(skb->len, 50);
	assert_int_equal(pskb_trim(skb, 40), 0);
	assert_int_equal(skb->len, 40);
	assert_true(pskb_may_pull(skb, 40));
	assert_false(pskb_may_pull(skb, 41));
	assert_misuses(0);

	/* bound checks: the kernel's BUG cases; they abort by default (see
	 * test_skb_kernel_semantics), counted here: reported, nothing changes */
	nm_set_bug_mode(NM_BUG_COUNT);
	room = skb_tailroom(skb);
	assert_null(skb_put(skb, (unsigned int)room + 1));
	assert_misuses(1);
	assert_int_equal(skb->len, 40);
	assert_int_equal(skb_tailroom(skb), room);
	assert_null(skb_put(skb, UINT32_MAX));
	assert_misuses(2);
	assert_null(skb_push(skb, skb_headroom(skb) + 1));
	assert_misuses(3);
	assert_int_equal(skb->len, 40);
	assert_ptr_equal(skb->data, skb->head + 64);
	assert_null(skb_put_data(skb, "x", (unsigned int)room + 1));
	assert_misuses(4);
	/* exactly the room is fine */
	assert_non_null(skb_push(skb, skb_headroom(skb)));
	assert_ptr_equal(skb->data, skb->head);
	assert_non_null(skb_put(skb, (unsigned int)room));
	assert_int_equal(skb_tailroom(skb), 0);
	assert_int_equal(skb->len, end);
	assert_misuses(4);

	/* a nonlinear skb: skb_put refuses (BUG), skb_trim warns (WARN) */
	{
		struct page *pg = plain_page();

		skb_trim(skb, 20);
		add_frag(skb, 0, pg, 0, 1000);
		assert_int_equal(skb_tailroom(skb), 0);
		assert_true(skb_is_nonlinear(skb));
		assert_int_equal(skb->len, 1020);
		assert_int_equal(skb_headlen(skb), 20);
		assert_null(skb_put(skb, 1));
		assert_misuses(5);
		skb_trim(skb, 10);
		assert_misuses(6);
		assert_int_equal(skb->len, 1020);
		/* skb_pull: NULL only past skb->len; into the frags, a BUG */
		assert_null(skb_pull(skb, 1021));
		assert_misuses(6);
		assert_null(skb_pull(skb, 21));
		assert_misuses(7);
		assert_int_equal(skb->len, 1020);
		assert_non_null(skb_pull(skb, 20));
		assert_int_equal(skb_headlen(skb), 0);
		assert_int_equal(skb->len, 1000);
	}
	nm_set_bug_mode(NM_BUG_ABORT);
	kfree_skb(skb);
	misuse0 += 7;
	assert_misuses(0);
}

static void test_header_offsets(void **state)
{
	struct sk_buff *skb = alloc_skb(256, GFP_ATOMIC);

	(void)state;
	assert_non_null(skb);
	skb_reserve(skb, 64);
	assert_non_null(skb_put(skb, 14 + 20 + 20 + 10));

	skb_reset_mac_header(skb);
	assert_true(skb_mac_header_was_set(skb));
	assert_int_equal(skb->mac_header, 64);
	assert_ptr_equal(skb_mac_header(skb), skb->data);
	assert_int_equal(skb_mac_offset(skb), 0);
	skb_set_network_header(skb, 14);
	assert_int_equal(skb->network_header, 78);
	assert_ptr_equal(skb_network_header(skb), skb->data + 14);
	assert_int_equal(skb_network_offset(skb), 14);
	assert_false(skb_transport_header_was_set(skb));
	skb_set_transport_header(skb, 34);
	assert_true(skb_transport_header_was_set(skb));
	assert_ptr_equal(skb_transport_header(skb), skb->data + 34);
	assert_int_equal(skb_transport_offset(skb), 34);
	assert_int_equal(skb_network_header_len(skb), 20);
	skb_reset_mac_len(skb);
	assert_int_equal(skb->mac_len, 14);

	/* offsets are from data: they move with pull/push */
	assert_non_null(skb_pull(skb, 14));
	assert_int_equal(skb_mac_offset(skb), -14);
	assert_int_equal(skb_network_offset(skb), 0);
	assert_int_equal(skb_transport_offset(skb), 20);
	skb_reset_network_header(skb);
	assert_int_equal(skb->network_header, 78);
	assert_non_null(skb_pull(skb, 20));
	skb_reset_transport_header(skb);
	assert_int_equal(skb->transport_header, 98);
	assert_int_equal(skb_transport_offset(skb), 0);
	assert_non_null(skb_push(skb, 34));
	assert_int_equal(skb_mac_offset(skb), 0);
	skb_set_mac_header(skb, 2);
	assert_int_equal(skb->mac_header, 66);
	skb_unset_mac_header(skb);
	assert_false(skb_mac_header_was_set(skb));

	skb_reset_inner_headers(skb);
	assert_int_equal(skb->inner_network_header, skb->network_header);
	assert_int_equal(skb->inner_transport_header, skb->transport_header);
	assert_ptr_equal(skb_inner_network_header(skb), skb_network_header(skb));

	skb->csum_start = (__u16)(skb_headroom(skb) + 34);
	assert_int_equal(skb_checksum_start_offset(skb), 34);
	assert_ptr_equal(skb_checksum_start(skb), skb->data + 34);
	consume_skb(skb);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* Byte access across linear + frags + frag_list                          */
/* ---------------------------------------------------------------------- */

struct layout {
	struct sk_buff *skb;
	struct page *pages[3];
	unsigned char ref[8192];
	unsigned int len;
};

/* Writes pattern @seed over @len bytes at @dst, as bytes [@at, @at + len). */
static void fill(unsigned char *dst, size_t at, size_t len, unsigned int seed,
		 unsigned char *ref)
{
	for (size_t i = 0; i < len; i++) {
		dst[i] = pat(at + i, seed);
		ref[at + i] = dst[i];
	}
}

/*
 * skb: 100 linear bytes, frags [page0 +100, 1000] [page1 +0, 2000], and a
 * frag_list of two skbs: 300 linear bytes, then 50 linear bytes + frag
 * [page2 +10, 500]. 3950 bytes in all.
 */
static void layout_build(struct layout *l)
{
	struct sk_buff *f1, *f2;
	unsigned char *p;
	size_t at = 0;

	memset(l, 0, sizeof(*l));
	for (int i = 0; i < 3; i++)
		l->pages[i] = plain_page();
	l->skb = alloc_skb(256, GFP_ATOMIC);
	assert_non_null(l->skb);
	skb_reserve(l->skb, 32);
	p = skb_put(l->skb, 100);
	fill(p, at, 100, 1, l->ref);
	at += 100;
	fill((unsigned char *)page_address(l->pages[0]) + 100, at, 1000, 1, l->ref);
	add_frag(l->skb, 0, l->pages[0], 100, 1000);
	at += 1000;
	fill(page_address(l->pages[1]), at, 2000, 1, l->ref);
	add_frag(l->skb, 1, l->pages[1], 0, 2000);
	at += 2000;

	f1 = alloc_skb(300, GFP_ATOMIC);
	assert_non_null(f1);
	fill(skb_put(f1, 300), at, 300, 1, l->ref);
	at += 300;
	f2 = alloc_skb(64, GFP_ATOMIC);
	assert_non_null(f2);
	fill(skb_put(f2, 50), at, 50, 1, l->ref);
	at += 50;
	fill((unsigned char *)page_address(l->pages[2]) + 10, at, 500, 1, l->ref);
	add_frag(f2, 0, l->pages[2], 10, 500);
	at += 500;
	f1->next = f2;
	skb_shinfo(l->skb)->frag_list = f1;
	l->skb->len += f1->len + f2->len;
	l->skb->data_len += f1->len + f2->len;
	l->len = (unsigned int)at;
	assert_int_equal(l->skb->len, 3950);
	assert_int_equal(l->skb->data_len, 3850);
	assert_int_equal(skb_headlen(l->skb), 100);
	assert_true(skb_has_frag_list(l->skb));
	/* hold a reference on each page to see them released once */
	for (int i = 0; i < 3; i++)
		get_page(l->pages[i]);
}

static void layout_free(struct layout *l)
{
	kfree_skb(l->skb);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(page_ref_count(l->pages[i]), 1);
		put_page(l->pages[i]);
	}
}

static void test_header_pointer(void **state)
{
	struct layout *l = calloc(1, sizeof(*l));
	unsigned char buf[64];
	unsigned char *p;

	(void)state;
	assert_non_null(l);
	layout_build(l);
	/* in place: linear */
	p = skb_header_pointer(l->skb, 10, 40, buf);
	assert_ptr_equal(p, l->skb->data + 10);
	p = skb_header_pointer(l->skb, 60, 40, buf);
	assert_ptr_equal(p, l->skb->data + 60);
	/* copied: across the linear/frag boundary, inside a frag, in frag_list */
	p = skb_header_pointer(l->skb, 80, 40, buf);
	assert_ptr_equal(p, buf);
	assert_memory_equal(buf, l->ref + 80, 40);
	p = skb_header_pointer(l->skb, 1090, 20, buf);
	assert_ptr_equal(p, buf);
	assert_memory_equal(buf, l->ref + 1090, 20);
	p = skb_header_pointer(l->skb, 3390, 20, buf);
	assert_ptr_equal(p, buf);
	assert_memory_equal(buf, l->ref + 3390, 20);
	p = skb_header_pointer(l->skb, (int)l->len - 64, 64, buf);
	assert_ptr_equal(p, buf);
	assert_memory_equal(buf, l->ref + l->len - 64, 64);
	/* past the end; a negative offset is the headroom (32 bytes), in place
	 * as in the kernel, and before the head NULL */
	assert_null(skb_header_pointer(l->skb, (int)l->len - 63, 64, buf));
	assert_ptr_equal(skb_header_pointer(l->skb, -1, 4, buf), l->skb->data - 1);
	assert_ptr_equal(skb_header_pointer(l->skb, -32, 40, buf), l->skb->head);
	assert_null(skb_header_pointer(l->skb, -33, 4, buf));
	assert_null(skb_header_pointer(l->skb, 0, -1, buf));

	/* a clone shares the frags and the frag_list: same bytes, and
	 * everything is released once, with the last data reference */
	{
		struct sk_buff *c = skb_clone(l->skb, GFP_ATOMIC);
		struct sk_buff *f1 = skb_shinfo(l->skb)->frag_list;

		assert_non_null(c);
		assert_ptr_equal(skb_shinfo(c)->frag_list, f1);
		p = skb_header_pointer(c, 3390, 20, buf);
		assert_memory_equal(p, l->ref + 3390, 20);
		kfree_skb(l->skb);
		assert_int_equal(f1->users, 1);
		assert_int_equal(page_ref_count(l->pages[2]), 2);
		l->skb = c;
	}
	layout_free(l);
	free(l);
	assert_misuses(0);
}

static void test_copy_store_bits(void **state)
{
	static const int bounds[] = { 0, 1, 99, 100, 101, 1099, 1100, 1101, 3099, 3100,
				      3101, 3399, 3400, 3401, 3449, 3450, 3451, 3949, 3950 };
	struct layout *l = calloc(1, sizeof(*l));
	unsigned char *out = malloc(8192), *in = malloc(8192);
	struct nm_skb_stats a = stats_now();

	(void)state;
	assert_non_null(l);
	assert_non_null(out);
	assert_non_null(in);
	layout_build(l);

	/* every pair of interesting boundaries */
	for (size_t i = 0; i < RTE_DIM(bounds); i++)
		for (size_t j = i; j < RTE_DIM(bounds); j++) {
			int off = bounds[i], len = bounds[j] - bounds[i];

			memset(out, 0xee, 8192);
			assert_int_equal(skb_copy_bits(l->skb, off, out, len), 0);
			assert_memory_equal(out, l->ref + off, (size_t)len);
			assert_int_equal(out[len], 0xee);
		}

	/* out of range: -EFAULT, nothing written; the headroom (32 bytes) is
	 * in range, as in the kernel */
	memset(out, 0xee, 16);
	assert_int_equal(skb_copy_bits(l->skb, -33, out, 4), -EFAULT);
	assert_int_equal(skb_copy_bits(l->skb, 0, out, -1), -EFAULT);
	assert_int_equal(skb_copy_bits(l->skb, (int)l->len - 3, out, 4), -EFAULT);
	assert_int_equal(skb_copy_bits(l->skb, (int)l->len + 1, out, 0), -EFAULT);
	assert_int_equal(skb_copy_bits(l->skb, 0, out, (int)l->len + 1), -EFAULT);
	assert_int_equal(out[0], 0xee);
	assert_int_equal(skb_copy_bits(l->skb, (int)l->len, out, 0), 0);
	assert_int_equal(skb_store_bits(l->skb, (int)l->len - 3, in, 4), -EFAULT);
	assert_int_equal(skb_store_bits(l->skb, -33, in, 4), -EFAULT);
	memset(l->skb->head, 0x5a, 32);
	assert_int_equal(skb_store_bits(l->skb, -4, "\x01\x02\x03\x04\x05\x06", 6), 0);
	assert_memory_equal(l->skb->data - 4, "\x01\x02\x03\x04", 4);
	memcpy(l->ref, "\x05\x06", 2);
	assert_int_equal(skb_copy_bits(l->skb, -5, out, 7), 0);
	assert_memory_equal(out, "\x5a\x01\x02\x03\x04\x05\x06", 7);
	assert_int_equal(skb_copy_bits(l->skb, -32, out, 32), 0);
	assert_memory_equal(out, l->skb->head, 32);

	/* store across everything, read back, and see it in each piece */
	for (size_t i = 0; i < l->len; i++)
		in[i] = pat(i, 9);
	assert_int_equal(skb_store_bits(l->skb, 50, in + 50, 3850), 0);
	memcpy(l->ref + 50, in + 50, 3850);
	assert_int_equal(skb_copy_bits(l->skb, 0, out, (int)l->len), 0);
	assert_memory_equal(out, l->ref, l->len);
	assert_memory_equal(l->skb->data + 50, in + 50, 50);
	assert_memory_equal((unsigned char *)page_address(l->pages[0]) + 100, in + 100, 1000);
	assert_memory_equal(page_address(l->pages[1]), in + 1100, 2000);
	assert_memory_equal(skb_shinfo(l->skb)->frag_list->data, in + 3100, 300);
	assert_memory_equal((unsigned char *)page_address(l->pages[2]) + 10, in + 3450, 450);
	/* bytes outside the frags were not touched */
	assert_int_equal(((unsigned char *)page_address(l->pages[0]))[99], 0xcc);
	assert_int_equal(((unsigned char *)page_address(l->pages[1]))[2000], 0xcc);
	assert_int_equal(((unsigned char *)page_address(l->pages[2]))[9], 0xcc);
	/* small stores at each boundary */
	for (size_t i = 0; i < RTE_DIM(bounds) - 1; i++) {
		int off = bounds[i];

		assert_int_equal(skb_store_bits(l->skb, off, "\x42", 1), 0);
		l->ref[off] = 0x42;
	}
	assert_int_equal(skb_copy_bits(l->skb, 0, out, (int)l->len), 0);
	assert_memory_equal(out, l->ref, l->len);

	layout_free(l);
	assert_int_equal(stats_now().live, a.live);
	free(l);
	free(out);
	free(in);
	assert_misuses(0);
}

/* Unreadable frags are never touched: -EIO, NULL, nothing copied. */
static void test_unreadable_frag(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b = devmem_bind(&r, 4);
	struct net_iov *niov = binding_niov(b, 1);
	netmem_ref nm = net_iov_to_netmem(niov);
	struct sk_buff *skb, *clone;
	struct page *pg = plain_page();
	unsigned char out[4096], lin[100];
	skb_frag_t *f;

	(void)state;
	skb = alloc_skb(128, GFP_ATOMIC);
	assert_non_null(skb);
	for (int i = 0; i < 100; i++)
		lin[i] = (unsigned char)i;
	skb_put_data(skb, lin, 100);
	add_frag(skb, 0, pg, 0, 1000);
	assert_true(skb_frags_readable(skb));
	assert_true(skb_readable_all(skb));
	/* a net_iov frag, with the reference on its binding it holds */
	get_netmem(nm);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	skb_add_rx_frag_netmem(skb, 1, nm, 0, 2000, PAGE_SIZE);
	assert_false(skb_frags_readable(skb));
	assert_false(skb_readable_all(skb));
	assert_int_equal(skb->len, 3100);

	f = &skb_shinfo(skb)->frags[1];
	assert_true(skb_frag_is_net_iov(f));
	assert_null(skb_frag_page(f));
	assert_ptr_equal(skb_frag_net_iov(f), niov);
	assert_null(skb_frag_address(f));
	assert_null(skb_frag_address_safe(f));
	assert_false(skb_frag_is_net_iov(&skb_shinfo(skb)->frags[0]));
	assert_null(skb_frag_net_iov(&skb_shinfo(skb)->frags[0]));

	/* readable ranges still work */
	assert_int_equal(skb_copy_bits(skb, 0, out, 1100), 0);
	assert_memory_equal(out, lin, 100);
	/* any range touching the net_iov: -EIO and nothing copied or stored */
	memset(out, 0xee, sizeof(out));
	assert_int_equal(skb_copy_bits(skb, 0, out, 1101), -EIO);
	assert_int_equal(skb_copy_bits(skb, 1100, out, 1), -EIO);
	assert_int_equal(skb_copy_bits(skb, 3000, out, 100), -EIO);
	assert_int_equal(out[0], 0xee);
	memset(out, 0x77, sizeof(out));
	assert_int_equal(skb_store_bits(skb, 0, out, 1101), -EIO);
	assert_memory_equal(skb->data, lin, 100);
	assert_int_equal(((unsigned char *)r.addr)[PAGE_SIZE], 0x5a);
	assert_null(skb_header_pointer(skb, 1090, 20, out));
	assert_non_null(skb_header_pointer(skb, 10, 20, out));
	/* out of range beats unreadable */
	assert_int_equal(skb_copy_bits(skb, 3000, out, 101), -EFAULT);

	/* a clone is unreadable too and shares the frag: no new reference */
	clone = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(clone);
	assert_false(skb_frags_readable(clone));
	assert_int_equal(skb_copy_bits(clone, 1000, out, 200), -EIO);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	kfree_skb(skb);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	kfree_skb(clone);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	devmem_unbind_last(b, &r);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* build_skb                                                              */
/* ---------------------------------------------------------------------- */

static void test_build_skb_pp(void **state)
{
	struct page_pool *pool = pool_new(0);
	struct page_pool_recycle_stats r0;
	struct sk_buff *skb;
	struct page *page;

	(void)state;
	/* kfree_skb on the pool's owner lcore: the kernel's
	 * page_pool_napi_local() recycles it directly (see budget 0 below) */
	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	assert_int_equal(page_pool_inflight(pool), 1);
	assert_int_equal(pp_refs(page_to_netmem(page)), 1);
	skb = build_skb(page_address(page), PAGE_SIZE);
	assert_non_null(skb);
	check_fresh(skb, 0);
	assert_ptr_equal(skb->head, page_address(page));
	assert_int_equal(skb_end_offset(skb), PAGE_SIZE - SHINFO_SIZE);
	assert_true(skb->head_frag);
	assert_ptr_equal(virt_to_head_page(skb->data), page);
	skb_reserve(skb, NET_SKB_PAD);
	assert_non_null(skb_put(skb, 1500));
	skb_mark_for_recycle(skb);
	/* the head holds the caller's pp reference: no new one */
	assert_int_equal(pp_refs(page_to_netmem(page)), 1);
	r0 = recycle_of(pool);
	kfree_skb(skb);
	assert_int_equal(recycled_since(pool, &r0), 1);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* napi_build_skb + napi_consume_skb(64): straight to the alloc cache */
	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	skb = napi_build_skb(page_address(page), PAGE_SIZE);
	assert_non_null(skb);
	skb_mark_for_recycle(skb);
	skb_reserve(skb, NET_SKB_PAD);
	assert_non_null(skb_put(skb, 60));
	r0 = recycle_of(pool);
	napi_consume_skb(skb, 64);
	assert_int_equal(recycle_of(pool).cached - r0.cached, 1);
	assert_int_equal(recycled_since(pool, &r0), 1);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* budget 0 is not NAPI context, but this is the pool's owner lcore:
	 * as the kernel's page_pool_napi_local(), still recycled directly */
	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	skb = napi_build_skb(page_address(page), PAGE_SIZE);
	assert_non_null(skb);
	skb_mark_for_recycle(skb);
	r0 = recycle_of(pool);
	napi_consume_skb(skb, 0);
	assert_int_equal(recycle_of(pool).cached - r0.cached, 1);
	assert_int_equal(recycled_since(pool, &r0), 1);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* head in a pp page, a pp frag: each recycled once */
	{
		struct page *fp = page_pool_dev_alloc_pages(pool);

		page = page_pool_dev_alloc_pages(pool);
		assert_non_null(page);
		assert_non_null(fp);
		skb = build_skb(page_address(page), PAGE_SIZE);
		assert_non_null(skb);
		skb_mark_for_recycle(skb);
		skb_put(skb, 128);
		add_frag(skb, 0, fp, 0, 3000);
		assert_int_equal(page_pool_inflight(pool), 2);
		r0 = recycle_of(pool);
		napi_consume_skb(skb, 64);
		assert_int_equal(recycled_since(pool, &r0), 2);
		assert_int_equal(page_pool_inflight(pool), 0);
	}

	/* never marked for recycling: the head is still page_pool memory and
	 * goes back to its pool (decided by the memory, not by the flag) */
	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	skb = build_skb(page_address(page), PAGE_SIZE);
	assert_non_null(skb);
	assert_false(skb->pp_recycle);
	r0 = recycle_of(pool);
	consume_skb(skb);
	assert_int_equal(recycled_since(pool, &r0), 1);
	assert_int_equal(page_ref_count(page), 1);	/* the pool's own */
	assert_int_equal(page_pool_inflight(pool), 0);

	/* two heads cut from one page_pool page (frags): the page is in flight
	 * until both are gone */
	{
		unsigned int o1, o2;
		struct page *p1 = page_pool_dev_alloc_frag(pool, &o1, 2048);
		struct page *p2 = page_pool_dev_alloc_frag(pool, &o2, 2048);
		struct sk_buff *s1, *s2;

		assert_non_null(p1);
		assert_ptr_equal(p1, p2);
		assert_int_equal(o1, 0);
		assert_int_equal(o2, 2048);
		s1 = build_skb((char *)page_address(p1) + o1, 2048);
		s2 = build_skb((char *)page_address(p2) + o2, 2048);
		assert_non_null(s1);
		assert_non_null(s2);
		assert_int_equal(skb_end_offset(s1), 2048 - SHINFO_SIZE);
		assert_ptr_equal(virt_to_head_page(s2->head), p1);
		skb_mark_for_recycle(s1);
		skb_mark_for_recycle(s2);
		assert_int_equal(page_pool_inflight(pool), 1);
		napi_consume_skb(s1, 64);
		assert_int_equal(page_pool_inflight(pool), 1);
		napi_consume_skb(s2, 64);
		assert_int_equal(page_pool_inflight(pool), 0);
	}
	pool_free_idle(pool);
	assert_misuses(0);
}

/* build_skb() on a page's start puts the struct in the page's slot; the
 * page's reference counts stay the kernel's, and the struct keeps its page
 * whatever happens to the head. */
static void test_build_skb_embedded(void **state)
{
	struct page_pool *pool = pool_new(0);
	struct nm_skb_stats s0 = stats_now();
	struct sk_buff *skb, *c;
	struct page *page, *np;
	unsigned int off;

	(void)state;
	for (int cloned = 0; cloned < 2; cloned++) {
		page = page_pool_dev_alloc_pages(pool);
		assert_non_null(page);
		skb = build_skb(page_address(page), PAGE_SIZE);
		assert_non_null(skb);
		assert_int_equal(skb->fclone, SKB_FCLONE_EMBEDDED);
		assert_ptr_equal((char *)skb, (char *)page - NM_PAGE_SKB_SLOT);
		assert_int_equal(stats_now().live, s0.live);	/* no cache struct */
		assert_int_equal(pp_refs(page_to_netmem(page)), 1);
		skb_mark_for_recycle(skb);
		skb_reserve(skb, NET_SKB_PAD);
		memset(skb_put(skb, 200), 0x5a, 200);
		c = cloned ? skb_clone(skb, GFP_ATOMIC) : NULL;
		/* The head leaves the page: the struct keeps it (the head's
		 * reference when the skb was its last user, else a new one). */
		assert_int_equal(pskb_expand_head(skb, 0, 0, GFP_ATOMIC), 0);
		/* as the kernel: a kmalloc'ed (rte_malloc) head, head_frag 0 */
		assert_false(skb->head_frag);
		np = virt_to_head_page(skb->head);
		assert_null(np);
		assert_int_equal(pp_refs(page_to_netmem(page)), cloned ? 2 : 1);
		assert_int_equal(page_pool_inflight(pool), 1);
		assert_int_equal(skb->data[199], 0x5a);
		if (c != NULL) {
			kfree_skb(c);
			assert_int_equal(pp_refs(page_to_netmem(page)), 1);
		}
		kfree_skb(skb);
		assert_int_equal(page_pool_inflight(pool), 0);
	}

	/* The original goes first while a clone shares its head: the page
	 * (and the struct's slot) stays until the clone is gone. */
	page = page_pool_dev_alloc_pages(pool);
	skb = build_skb(page_address(page), PAGE_SIZE);
	assert_non_null(skb);
	memset(skb_put(skb, 100), 0xa5, 100);
	c = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(c);
	assert_int_equal(c->fclone, SKB_FCLONE_UNAVAILABLE);
	kfree_skb(skb);
	assert_int_equal(pp_refs(page_to_netmem(page)), 1);
	assert_int_equal(page_pool_inflight(pool), 1);
	assert_int_equal(dataref(c), 1);
	assert_int_equal(c->data[99], 0xa5);
	kfree_skb(c);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* Not a page's start: the struct comes from the skb cache. */
	page = page_pool_dev_alloc_frag(pool, &off, 2048);
	assert_non_null(page);
	assert_int_equal(off, 0);
	skb = build_skb((char *)page_address(page) + off, 2048);
	assert_non_null(skb);
	assert_int_equal(skb->fclone, SKB_FCLONE_EMBEDDED);
	kfree_skb(skb);
	page = page_pool_dev_alloc_frag(pool, &off, 2048);
	assert_int_equal(off, 2048);
	skb = build_skb((char *)page_address(page) + off, 2048);
	assert_non_null(skb);
	assert_int_equal(skb->fclone, SKB_FCLONE_UNAVAILABLE);
	assert_int_equal(stats_now().live, s0.live + 1);
	kfree_skb(skb);
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
	assert_misuses(0);
}

static void test_build_skb_malloc(void **state)
{
	unsigned char *data = rte_malloc("t_skb", 2048, SMP_CACHE_BYTES);
	struct nm_skb_stats a = stats_now();
	struct sk_buff *skb;
	/* not rte_malloc memory; zeroes before it, so that DPDK's check of
	 * the (absent) malloc header before it fails cleanly */
	static struct {
		char before[256];
		char buf[2048];
	} plain __attribute__((aligned(64)));

	(void)state;
	assert_non_null(data);
	skb = build_skb(data, 0);
	assert_non_null(skb);
	check_fresh(skb, 0);
	assert_false(skb->head_frag);
	assert_ptr_equal(skb->head, data);
	assert_true(skb_end_offset(skb) >= 2048 - SHINFO_SIZE);
	skb_reserve(skb, 32);
	assert_non_null(skb_put(skb, 1500));
	consume_skb(skb);		/* rte_free()s the buffer */
	assert_int_equal(stats_now().live, a.live);
	assert_misuses(0);

	/* refused: too small, NULL */
	data = rte_malloc("t_skb", 2048, SMP_CACHE_BYTES);
	assert_non_null(data);
	assert_null(build_skb(data, 100));
	assert_misuses(1);
	assert_null(build_skb(NULL, 2048));
	rte_free(data);
	assert_int_equal(stats_now().live, a.live);

	/*
	 * refused: frag_size 0 on memory that is not rte_malloc's. Run in a
	 * child process: if build_skb() takes the memory for rte_malloc's, it
	 * writes a shared info at a made-up place and may crash.
	 */
	{
		pid_t pid = fork();
		int status = 0;

		assert_true(pid >= 0);
		if (pid == 0) {
			uint64_t m0 = nm_misuse_count();
			struct sk_buff *bad;

			/* a crash must end the child (not cmocka's handler) */
			signal(SIGSEGV, SIG_DFL);
			signal(SIGBUS, SIG_DFL);
			signal(SIGILL, SIG_DFL);
			signal(SIGFPE, SIG_DFL);
			signal(SIGABRT, SIG_DFL);
			bad = build_skb(plain.buf, 0);

			_exit(bad == NULL && nm_misuse_count() - m0 == 1 ? 0 : 3);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fail_msg("build_skb(not rte_malloc memory, 0) was not refused: %s %d",
				 WIFSIGNALED(status) ? "killed by signal" : "exit status",
				 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	}
	misuse0 += 1;
	assert_misuses(0);

	/*
	 * Same with memory DPDK knows but that is not its heap's: a region
	 * registered with rte_extmem_register() (as device memory is) has a
	 * memseg list, and still no malloc header.
	 */
	{
		size_t len = 16 * PAGE_SIZE;
		char *ext = mmap(NULL, len, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		pid_t pid;
		int status = 0;

		assert_true(ext != MAP_FAILED);
		memset(ext, 0, len);
		assert_int_equal(rte_extmem_register(ext, len, NULL, 0, PAGE_SIZE), 0);
		assert_non_null(rte_mem_virt2memseg_list(ext + PAGE_SIZE));
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			uint64_t m0 = nm_misuse_count();
			struct sk_buff *bad;

			signal(SIGSEGV, SIG_DFL);
			signal(SIGBUS, SIG_DFL);
			bad = build_skb(ext + PAGE_SIZE, 0);
			_exit(bad == NULL && nm_misuse_count() - m0 == 1 ? 0 : 3);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_int_equal(rte_extmem_unregister(ext, len), 0);
		munmap(ext, len);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fail_msg("build_skb(external memory, 0) was not refused: %s %d",
				 WIFSIGNALED(status) ? "killed by signal" : "exit status",
				 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	}
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* Users, clones, dataref                                                 */
/* ---------------------------------------------------------------------- */

static int destructor_calls;

static void count_destructor(struct sk_buff *skb)
{
	(void)skb;
	destructor_calls++;
}

static void test_users_and_stats(void **state)
{
	struct nm_skb_stats a = stats_now(), b;
	struct sk_buff *skb = alloc_skb(100, GFP_ATOMIC), *list = NULL;

	(void)state;
	assert_non_null(skb);
	b = stats_now();
	assert_int_equal(b.alloc - a.alloc, 1);
	assert_int_equal(b.live - a.live, 1);

	assert_false(skb_shared(skb));
	assert_ptr_equal(skb_get(skb), skb);
	assert_int_equal(skb->users, 2);
	assert_true(skb_shared(skb));
	kfree_skb(skb);			/* drops a user only */
	assert_int_equal(skb->users, 1);
	b = stats_now();
	assert_int_equal(b.dropped - a.dropped, 0);
	assert_int_equal(b.live - a.live, 1);
	kfree_skb(skb);
	b = stats_now();
	assert_int_equal(b.dropped - a.dropped, 1);
	assert_int_equal(b.live, a.live);

	/* a second kfree_skb of the same skb is caught, and changes nothing */
	kfree_skb(skb);
	assert_misuses(1);
	assert_int_equal(stats_now().dropped - a.dropped, 1);
	assert_int_equal(stats_now().live, a.live);
	misuse0++;
	kfree_skb(NULL);
	consume_skb(NULL);

	skb = alloc_skb(100, GFP_ATOMIC);
	skb_get(skb);
	consume_skb(skb);
	consume_skb(skb);
	b = stats_now();
	assert_int_equal(b.freed - a.freed, 1);

	/* kfree_skb_list frees a ->next list */
	for (int i = 0; i < 5; i++) {
		struct sk_buff *s = alloc_skb(64, GFP_ATOMIC);

		assert_non_null(s);
		s->next = list;
		list = s;
	}
	assert_int_equal(stats_now().live - a.live, 5);
	kfree_skb_list(list);
	b = stats_now();
	assert_int_equal(b.live, a.live);
	assert_int_equal(b.dropped - a.dropped, 6);
	assert_int_equal(b.alloc - a.alloc, 7);
	kfree_skb_list(NULL);

	/* the destructor runs once, when the last user goes; clones have none */
	{
		struct sk_buff *c;

		destructor_calls = 0;
		skb = alloc_skb(100, GFP_ATOMIC);
		skb->destructor = count_destructor;
		skb_get(skb);
		c = skb_clone(skb, GFP_ATOMIC);
		assert_null(c->destructor);
		kfree_skb(skb);
		assert_int_equal(destructor_calls, 0);
		kfree_skb(c);
		assert_int_equal(destructor_calls, 0);
		consume_skb(skb);
		assert_int_equal(destructor_calls, 1);
	}
	assert_misuses(0);
}

static void test_clone(void **state)
{
	struct nm_skb_stats a = stats_now();
	struct sk_buff *skb = alloc_skb(256, GFP_ATOMIC), *c, *cc;
	struct page *pg = plain_page();

	(void)state;
	assert_non_null(skb);
	skb_reserve(skb, 64);
	skb_put_data(skb, "0123456789abcdef", 16);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, 14);
	skb->protocol = 0x0008;
	skb->mark = 7;
	skb->hash = 0x1234;
	skb->priority = 3;
	memcpy(skb->cb, "control", 8);
	add_frag(skb, 0, pg, 0, 500);
	get_page(pg);

	c = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(c);
	assert_ptr_not_equal(c, skb);
	assert_int_equal(c->fclone, SKB_FCLONE_UNAVAILABLE);
	assert_int_equal(stats_now().live - a.live, 2);
	assert_ptr_equal(c->head, skb->head);
	assert_ptr_equal(c->data, skb->data);
	assert_int_equal(c->len, skb->len);
	assert_int_equal(c->data_len, skb->data_len);
	assert_int_equal(c->mac_header, skb->mac_header);
	assert_int_equal(c->network_header, skb->network_header);
	assert_int_equal(c->protocol, 0x0008);
	assert_int_equal(c->mark, 7);
	assert_int_equal(c->hash, 0x1234);
	assert_int_equal(c->priority, 3);
	assert_memory_equal(c->cb, "control", 8);
	assert_int_equal(c->users, 1);
	assert_true(c->cloned && skb->cloned);
	assert_ptr_equal(skb_shinfo(c), skb_shinfo(skb));
	assert_int_equal(dataref(skb), 2);
	/* a clone's own pointers move alone */
	assert_non_null(skb_pull(c, 14));
	assert_int_equal(skb->len, 516);
	/* a clone of a clone shares the same data */
	cc = skb_clone(c, GFP_ATOMIC);
	assert_non_null(cc);
	assert_int_equal(dataref(skb), 3);
	assert_int_equal(page_ref_count(pg), 2);
	kfree_skb(skb);
	kfree_skb(c);
	assert_int_equal(page_ref_count(pg), 2);
	assert_int_equal(dataref(cc), 1);
	assert_false(skb_cloned(cc));
	assert_memory_equal(cc->data, "ef", 2);
	kfree_skb(cc);
	assert_int_equal(page_ref_count(pg), 1);
	put_page(pg);
	assert_int_equal(stats_now().live, a.live);
	assert_misuses(0);
}

static void test_fclone(void **state)
{
	struct nm_skb_stats a = stats_now(), b;
	struct sk_buff *skb = alloc_skb_fclone(512, GFP_ATOMIC), *c1, *c2, *c3;

	(void)state;
	assert_non_null(skb);
	assert_int_equal(skb->fclone, SKB_FCLONE_ORIG);
	skb_put(skb, 100);

	/* the first clone is the companion, from the same allocation */
	c1 = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(c1);
	assert_int_equal(c1->fclone, SKB_FCLONE_CLONE);
	assert_ptr_equal(c1, skb + 1);
	b = stats_now();
	assert_int_equal(b.alloc - a.alloc, 2);
	assert_int_equal(b.live - a.live, 2);
	/* the companion is busy: a second clone is allocated */
	c2 = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(c2);
	assert_int_equal(c2->fclone, SKB_FCLONE_UNAVAILABLE);
	assert_ptr_not_equal(c2, skb + 1);
	assert_int_equal(dataref(skb), 3);
	b = stats_now();
	assert_int_equal(b.alloc - a.alloc, 3);
	assert_int_equal(b.live - a.live, 3);
	/* a clone of the companion is allocated too */
	c3 = skb_clone(c1, GFP_ATOMIC);
	assert_int_equal(c3->fclone, SKB_FCLONE_UNAVAILABLE);
	kfree_skb(c3);

	/* once the companion is freed it serves the next clone */
	kfree_skb(c1);
	assert_int_equal(stats_now().live - a.live, 2);
	c1 = skb_clone(skb, GFP_ATOMIC);
	assert_ptr_equal(c1, skb + 1);
	assert_int_equal(c1->fclone, SKB_FCLONE_CLONE);

	/* original freed before its companion */
	kfree_skb(skb);
	assert_int_equal(dataref(c1), 2);
	kfree_skb(c2);
	assert_false(skb_cloned(c1));
	consume_skb(c1);
	b = stats_now();
	assert_int_equal(b.live, a.live);

	/* and the pair is whole again: a new fclone skb works alike */
	for (int i = 0; i < 3; i++) {
		skb = alloc_skb_fclone(64, GFP_ATOMIC);
		assert_non_null(skb);
		c1 = skb_clone(skb, GFP_ATOMIC);
		assert_ptr_equal(c1, skb + 1);
		if (i & 1) {
			kfree_skb(c1);
			kfree_skb(skb);
		} else {
			kfree_skb(skb);
			kfree_skb(c1);
		}
	}
	/* an fclone skb that never got cloned */
	skb = alloc_skb_fclone(64, GFP_ATOMIC);
	consume_skb(skb);
	assert_int_equal(stats_now().live, a.live);
	assert_misuses(0);
}

static void test_dataref(void **state)
{
	struct sk_buff *skb = alloc_skb(256, GFP_ATOMIC), *c;
	struct page *pg = plain_page();

	(void)state;
	assert_non_null(skb);
	skb_reserve(skb, 64);
	skb_put(skb, 54);
	add_frag(skb, 0, pg, 0, 1000);
	get_page(pg);
	assert_false(skb_cloned(skb));
	assert_false(skb_header_cloned(skb));

	c = skb_clone(skb, GFP_ATOMIC);
	assert_true(skb_cloned(skb));
	assert_true(skb_cloned(c));
	assert_true(skb_header_cloned(skb));
	assert_true(skb_header_cloned(c));
	assert_int_equal(dataref(skb) & SKB_DATAREF_MASK, 2);
	assert_int_equal(dataref(skb) >> SKB_DATAREF_SHIFT, 0);
	kfree_skb(c);
	assert_int_equal(dataref(skb), 1);
	assert_false(skb_cloned(skb));		/* cloned bit, but dataref 1 */
	assert_true(skb->cloned);
	assert_false(skb_header_cloned(skb));

	/* TCP's pattern: the queued skb touches only the payload from now on;
	 * its clone (the one transmitted) may write the headers */
	__skb_header_release(skb);
	assert_true(skb->nohdr);
	assert_int_equal(dataref(skb), 1 + (1 << SKB_DATAREF_SHIFT));
	c = skb_clone(skb, GFP_ATOMIC);
	assert_int_equal(dataref(skb), 2 + (1 << SKB_DATAREF_SHIFT));
	assert_false(c->nohdr);
	assert_int_equal(c->hdr_len, skb_headroom(skb));
	assert_true(skb_cloned(c));
	assert_false(skb_header_cloned(c));
	/* the nohdr owner drops both its references */
	kfree_skb(skb);
	assert_int_equal(dataref(c), 1);
	assert_false(skb_cloned(c));
	assert_int_equal(page_ref_count(pg), 2);
	kfree_skb(c);
	assert_int_equal(page_ref_count(pg), 1);
	put_page(pg);

	/* nohdr clone freed last: the original's nohdr reference went first */
	skb = alloc_skb(128, GFP_ATOMIC);
	__skb_header_release(skb);
	c = skb_clone(skb, GFP_ATOMIC);
	kfree_skb(c);
	assert_int_equal(dataref(skb), 1 + (1 << SKB_DATAREF_SHIFT));
	kfree_skb(skb);
	assert_misuses(0);
}

/* A cloned pp_recycle skb returns its pages once, when the last data
 * reference goes, whichever is freed first. */
static void test_clone_pp_recycle(void **state)
{
	struct page_pool *pool = pool_new(0);
	struct page_pool_recycle_stats r0;
	struct sk_buff *skb, *c;
	struct page *head, *f0, *f1;

	(void)state;
	for (int order = 0; order < 2; order++) {
		head = page_pool_dev_alloc_pages(pool);
		f0 = page_pool_dev_alloc_pages(pool);
		f1 = page_pool_dev_alloc_pages(pool);
		assert_true(head && f0 && f1);
		skb = build_skb(page_address(head), PAGE_SIZE);
		assert_non_null(skb);
		skb_mark_for_recycle(skb);
		skb_reserve(skb, NET_SKB_PAD);
		skb_put(skb, 100);
		add_frag(skb, 0, f0, 0, 2000);
		add_frag(skb, 1, f1, 100, 3000);
		c = skb_clone(skb, GFP_ATOMIC);
		assert_non_null(c);
		assert_true(c->pp_recycle);
		assert_int_equal(page_pool_inflight(pool), 3);
		r0 = recycle_of(pool);
		if (order == 0) {
			kfree_skb(c);
			assert_int_equal(recycled_since(pool, &r0), 0);
			assert_int_equal(page_pool_inflight(pool), 3);
			assert_int_equal(pp_refs(page_to_netmem(f0)), 1);
			kfree_skb(skb);
		} else {
			napi_consume_skb(skb, 64);
			assert_false(skb_cloned(c));
			assert_int_equal(recycled_since(pool, &r0), 0);
			assert_int_equal(pp_refs(page_to_netmem(f1)), 1);
			napi_consume_skb(c, 64);
			assert_int_equal(recycle_of(pool).cached - r0.cached, 3);
		}
		assert_int_equal(recycled_since(pool, &r0), 3);
		assert_int_equal(page_pool_inflight(pool), 0);
	}

	/* pp memory in an skb never marked for recycling: still a pp
	 * reference, dropped as one (decided by the memory, not the flag) */
	f0 = page_pool_dev_alloc_pages(pool);
	skb = alloc_skb(128, GFP_ATOMIC);
	add_frag(skb, 0, f0, 0, 100);
	assert_false(skb->pp_recycle);
	skb_frag_ref(skb, 0);
	assert_int_equal(pp_refs(page_to_netmem(f0)), 2);
	assert_int_equal(page_ref_count(f0), 1);
	skb_frag_unref(skb, 0);
	r0 = recycle_of(pool);
	kfree_skb(skb);
	assert_int_equal(recycled_since(pool, &r0), 1);
	assert_int_equal(page_pool_inflight(pool), 0);

	pool_free_idle(pool);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* Frags                                                                  */
/* ---------------------------------------------------------------------- */

static void test_frag_helpers(void **state)
{
	struct page *pg = plain_page();
	struct sk_buff *skb = alloc_skb(64, GFP_ATOMIC);
	skb_frag_t f, g;

	(void)state;
	skb_frag_fill_page_desc(&f, pg, 100, 200);
	assert_int_equal(skb_frag_size(&f), 200);
	assert_int_equal(skb_frag_off(&f), 100);
	assert_ptr_equal(skb_frag_page(&f), pg);
	assert_true(netmem_eq(skb_frag_netmem(&f), page_to_netmem(pg)));
	assert_false(skb_frag_is_net_iov(&f));
	assert_ptr_equal(skb_frag_address(&f), (char *)page_address(pg) + 100);
	assert_ptr_equal(skb_frag_address_safe(&f), (char *)page_address(pg) + 100);
	skb_frag_size_add(&f, 50);
	assert_int_equal(skb_frag_size(&f), 250);
	skb_frag_size_sub(&f, 100);
	assert_int_equal(skb_frag_size(&f), 150);
	skb_frag_size_set(&f, 10);
	assert_int_equal(skb_frag_size(&f), 10);
	skb_frag_off_add(&f, 24);
	assert_int_equal(skb_frag_off(&f), 124);
	skb_frag_off_set(&g, 0);
	skb_frag_off_copy(&g, &f);
	assert_int_equal(skb_frag_off(&g), 124);
	skb_frag_off_set(&f, 4000);
	assert_int_equal(skb_frag_off(&f), 4000);

	/* fill helpers: nr_frags and length accounting */
	skb_fill_page_desc(skb, 0, pg, 10, 20);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 1);
	assert_int_equal(skb->len, 0);		/* skb_fill_* does no accounting */
	__skb_fill_page_desc(skb, 0, pg, 30, 40);
	assert_int_equal(skb_frag_off(&skb_shinfo(skb)->frags[0]), 30);
	assert_int_equal(skb_frag_size(&skb_shinfo(skb)->frags[0]), 40);
	skb->len = skb->data_len = 40;
	kfree_skb(skb);				/* drops the page reference */
	assert_misuses(0);
}

static void test_frag_refs(void **state)
{
	struct page_pool *pool = pool_new(0);
	struct region r;
	struct net_devmem_dmabuf_binding *b = devmem_bind(&r, 128);
	struct page_pool *dpool = devmem_pool(b, 64);
	struct app_mem m;
	struct sk_buff *skb = alloc_skb(64, GFP_ATOMIC);
	struct page *ppage = page_pool_dev_alloc_pages(pool);
	struct page *plain = plain_page();
	struct net_iov *loose = NULL;
	netmem_ref pooled;
	long brefs;

	(void)state;
	assert_non_null(skb);
	assert_non_null(ppage);
	app_mem_init(&m, 2);
	pooled = page_pool_alloc_netmems(dpool, GFP);
	assert_true(netmem_is_net_iov(pooled));
	/* a net_iov the pool did not take */
	for (size_t i = 0; i < 128 && loose == NULL; i++)
		if (netmem_get_pp(net_iov_to_netmem(binding_niov(b, i))) == NULL)
			loose = binding_niov(b, i);
	assert_non_null(loose);
	assert_false(netmem_eq(pooled, net_iov_to_netmem(loose)));
	brefs = net_devmem_binding_refcnt(b);	/* user + pool */
	get_netmem(net_iov_to_netmem(loose));	/* the loose frag's own reference */
	get_netmem(page_to_netmem(&m.pages[1]));	/* the external frag's */

	add_frag(skb, 0, ppage, 0, 100);
	add_frag(skb, 1, plain, 0, 100);
	skb_add_rx_frag_netmem(skb, 2, net_iov_to_netmem(loose), 0, 100, PAGE_SIZE);
	skb_add_rx_frag_netmem(skb, 3, pooled, 0, 100, PAGE_SIZE);
	add_frag(skb, 4, &m.pages[1], 0, 100);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 5);
	assert_int_equal(skb->len, 500);
	assert_false(skb_frags_readable(skb));

	/* page_pool page: a pp reference, not a page reference */
	skb_frag_ref(skb, 0);
	assert_int_equal(pp_refs(page_to_netmem(ppage)), 2);
	assert_int_equal(page_ref_count(ppage), 1);
	skb_frag_unref(skb, 0);
	assert_int_equal(pp_refs(page_to_netmem(ppage)), 1);
	/* plain page: a page reference */
	skb_frag_ref(skb, 1);
	assert_int_equal(page_ref_count(plain), 2);
	assert_int_equal(pp_refs(page_to_netmem(plain)), 0);
	skb_frag_unref(skb, 1);
	assert_int_equal(page_ref_count(plain), 1);
	/* net_iov out of any pool: a reference on its binding */
	skb_frag_ref(skb, 2);
	assert_int_equal(net_devmem_binding_refcnt(b), brefs + 2);
	assert_int_equal(pp_refs(net_iov_to_netmem(loose)), 0);
	skb_frag_unref(skb, 2);
	assert_int_equal(net_devmem_binding_refcnt(b), brefs + 1);
	/* net_iov of a devmem page_pool: page_pool memory, a pp reference */
	skb_frag_ref(skb, 3);
	assert_int_equal(pp_refs(pooled), 2);
	assert_int_equal(net_devmem_binding_refcnt(b), brefs + 1);
	skb_frag_unref(skb, 3);
	assert_int_equal(pp_refs(pooled), 1);
	/* external page: a reference on its owner */
	skb_frag_ref(skb, 4);
	assert_int_equal(nm_owner_refcnt(&m.owner), 3);
	assert_int_equal(page_ref_count(&m.pages[1]), 1);
	skb_frag_unref(skb, 4);
	assert_int_equal(nm_owner_refcnt(&m.owner), 2);

	/* a clone shares all five: nothing taken; freeing drops each once */
	{
		struct sk_buff *c = skb_clone(skb, GFP_ATOMIC);

		assert_false(skb_frags_readable(c));
		get_page(plain);
		kfree_skb(skb);
		assert_int_equal(page_ref_count(plain), 2);
		assert_int_equal(nm_owner_refcnt(&m.owner), 2);
		kfree_skb(c);
		assert_int_equal(page_ref_count(plain), 1);
		put_page(plain);
	}
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(page_pool_inflight(dpool), 0);
	assert_int_equal(net_devmem_binding_refcnt(b), brefs);
	assert_int_equal(nm_owner_refcnt(&m.owner), 1);

	page_pool_destroy(dpool);
	assert_int_equal(nm_page_pool_reap(), 0);
	devmem_unbind_last(b, &r);
	pool_free_idle(pool);
	app_mem_fini(&m);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_alloc_sizes, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_netdev_alloc, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_put_push_pull_trim, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_header_offsets, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_header_pointer, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_copy_store_bits, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_frag, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_build_skb_pp, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_build_skb_embedded, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_build_skb_malloc, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_users_and_stats, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_clone, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_fclone, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_dataref, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_clone_pp_recycle, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_frag_helpers, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_frag_refs, case_setup, case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("skb", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
