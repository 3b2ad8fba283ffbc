/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the sk_buff core: frag helpers, and frag references of
 * every kind of memory (page_pool page, plain page, net_iov in and out of a
 * pool, external page), taken and dropped symmetrically.
 *
 * Every case checks that the misuses it provokes (and only those) were
 * reported, and that every skb it made was freed.
 */
#define _GNU_SOURCE
#include "skb_core_fixture.h"

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
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 128 * PAGE_SIZE, 0x5a);
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
		cmocka_unit_test_setup_teardown(test_frag_helpers, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_frag_refs, skb_case_setup, skb_case_teardown),
	};

	return skb_core_run("skb_core_frag", tests, sizeof(tests) / sizeof(tests[0]));
}

