/* SPDX-License-Identifier: BSD-3-Clause */
/* sk_buff core test fixture (skb_core_fixture.h): the helpers, compiled once. */
#define _GNU_SOURCE
#include "skb_core_fixture.h"

/* ---------------------------------------------------------------------- */
/* Set-up and checks                                                      */
/* ---------------------------------------------------------------------- */

struct nm_skb_stats stats_now(void)
{
	struct nm_skb_stats st;

	nm_skb_get_stats(&st);
	return st;
}

int dataref(const struct sk_buff *skb)
{
	return __atomic_load_n(&skb_shinfo(skb)->dataref, __ATOMIC_RELAXED);
}

/* ---------------------------------------------------------------------- */
/* page_pools                                                             */
/* ---------------------------------------------------------------------- */

struct page_pool *pool_new(unsigned int order)
{
	struct page_pool_params pp = host_pool_params(256, 512, "t_skb");

	pp.order = order;
	return pool_create_ok(&pp);
}

void pool_free_idle(struct page_pool *pool)
{
	assert_int_equal(page_pool_inflight(pool), 0);
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
}

struct page_pool_recycle_stats recycle_of(const struct page_pool *pool)
{
	struct page_pool_stats s;

	memset(&s, 0, sizeof(s));
	assert_true(page_pool_get_stats(pool, &s));
	return s.recycle_stats;
}

/* Pages recycled into the pool (cache or ring) since @a. */
uint64_t recycled_since(const struct page_pool *pool,
			       const struct page_pool_recycle_stats *a)
{
	struct page_pool_recycle_stats b = recycle_of(pool);

	/* never released for other references, never dropped */
	assert_int_equal(b.released_refcnt, a->released_refcnt);
	assert_int_equal(b.ring_full, a->ring_full);
	return (b.cached - a->cached) + (b.ring - a->ring);
}

struct net_iov *binding_niov(struct net_devmem_dmabuf_binding *b, size_t i)
{
	const struct net_iov_area *area = net_devmem_binding_area(b);

	assert_true(i < area->num_niovs);
	return (struct net_iov *)(uintptr_t)&area->niovs[i];
}

/* Adds frag @i: @len bytes of @page at @off; the caller's reference moves
 * into the frag. */
void add_frag(struct sk_buff *skb, int i, struct page *page, unsigned int off,
		     unsigned int len)
{
	skb_add_rx_frag(skb, i, page, (int)off, (int)len, len);
}

/* A plain (non page_pool) page filled with 0xcc. */
struct page *plain_page(void)
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

void check_fresh(struct sk_buff *skb, unsigned int size)
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

int skb_core_run(const char *name, const struct CMUnitTest *tests, size_t n)
{
	int ret;

	nm_test_eal_init(1, NULL);
	ret = _cmocka_run_group_tests(name, tests, n, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
