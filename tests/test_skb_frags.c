/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the frag helpers of kernel 6.12+ (skbuff.h, section after
 * skb_readable_all()): skb_frag_dma_map with 0 to 3 optional arguments on
 * page and net_iov frags, skb_can_coalesce(_netmem) and
 * skb_coalesce_rx_frag as a driver uses them, skb_len_add,
 * skb_has_shared_frag, skb_zcopy_pure/_managed, skb_fill_page_desc_noacc,
 * napi_pp_put_page on page_pool, plain and net_iov memory,
 * skb_frag_page_copy, __skb_frag_set_netmem/_page, skb_frag_foreach_page,
 * skb_frag_address_safe; the frag moves skb_zerocopy (+ _headlen) and
 * zerocopy_sg_from_iter, which share memory by reference, not by copy; a
 * frag_list member with
 * unreadable frags under a readable root; and the misuses they report.
 *
 * Every case checks the misuses it provokes, and that every skb it made was
 * freed and every page_pool is idle.
 */
#include "test_dgram_util.h"

static void test_frag_dma_map(void **state)
{
	struct page_pool *pool = pool_new();
	struct page *pg = page_pool_dev_alloc_pages(pool);
	struct region r;
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 2 * PAGE_SIZE, 0x5a);
	struct net_iov *niov = binding_niov(b, 1);
	skb_frag_t f, n;
	dma_addr_t base;

	(void)state;
	assert_non_null(pg);
	base = page_pool_get_dma_addr(pg);
	skb_frag_fill_page_desc(&f, pg, 100, 1000);
	/* 0..3 optional arguments: offset, size, direction */
	assert_int_equal(skb_frag_dma_map(NULL, &f), base + 100);
	assert_int_equal(skb_frag_dma_map(NULL, &f, 10), base + 110);
	assert_int_equal(skb_frag_dma_map(NULL, &f, 10, 20), base + 110);
	assert_int_equal(skb_frag_dma_map(NULL, &f, 999, 1, DMA_BIDIRECTIONAL), base + 1099);
	assert_int_equal(__skb_frag_dma_map(NULL, &f, 5, 5, DMA_TO_DEVICE), base + 105);
	/* a net_iov: its own DMA address */
	skb_frag_fill_netmem_desc(&n, net_iov_to_netmem(niov), 64, 2000);
	assert_int_equal(skb_frag_dma_map(NULL, &n), niov->dma_addr + 64);
	assert_int_equal(skb_frag_dma_map(NULL, &n, 36), niov->dma_addr + 100);
	assert_int_not_equal(niov->dma_addr, binding_niov(b, 0)->dma_addr);
	/* address of the bytes: NULL for the net_iov */
	assert_ptr_equal(skb_frag_address_safe(&f), (char *)page_address(pg) + 100);
	assert_null(skb_frag_address_safe(&n));

	page_pool_put_full_page(pool, pg, false);
	pool_free_idle(pool);
	devmem_unbind_last(b, &r);
	assert_misuses(0);
}

/* A driver's RX loop: a new buffer that continues the last frag grows it. */
static void test_coalesce_rx_frag(void **state)
{
	struct page_pool *pool = pool_new();
	struct page *pg = page_pool_dev_alloc_pages(pool);
	struct page *other = page_pool_dev_alloc_pages(pool);
	struct sk_buff *skb = alloc_skb(64, GFP);
	struct region r;
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 2 * PAGE_SIZE, 0x5a);
	unsigned int truesize;

	(void)state;
	skb_mark_for_recycle(skb);
	assert_false(skb_can_coalesce(skb, 0, pg, 0));	/* no frag before */
	skb_add_rx_frag(skb, 0, pg, 0, 1000, 1024);
	truesize = skb->truesize;
	assert_true(skb_can_coalesce(skb, 1, pg, 1000));
	assert_false(skb_can_coalesce(skb, 1, pg, 1001));
	assert_false(skb_can_coalesce(skb, 1, pg, 999));
	assert_false(skb_can_coalesce(skb, 1, other, 1000));
	assert_true(skb_can_coalesce_netmem(skb, 1, page_to_netmem(pg), 1000));
	/* a net_iov never continues a page */
	assert_false(skb_can_coalesce_netmem(skb, 1, net_iov_to_netmem(binding_niov(b, 0)),
					     1000));

	/* the buffer at 1000 continues frag 0: its pp reference is dropped */
	page_pool_ref_page(pg);
	assert_int_equal(pp_refs(page_to_netmem(pg)), 2);
	skb_coalesce_rx_frag(skb, 0, 500, 512);
	page_pool_put_full_page(pool, pg, false);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 1);
	assert_int_equal(skb_frag_size(&skb_shinfo(skb)->frags[0]), 1500);
	assert_int_equal(skb->len, 1500);
	assert_int_equal(skb->data_len, 1500);
	assert_int_equal(skb->truesize, truesize + 512);
	assert_true(skb_can_coalesce(skb, 1, pg, 1500));

	/* zero-copy skbs never coalesce */
	skb_shinfo(skb)->flags |= SKBFL_ZEROCOPY_ENABLE;
	skb_shinfo(skb)->destructor_arg = NULL;
	/* skb_zcopy() needs a ubuf: attach a dummy one */
	{
		static struct ubuf_info_ops ops;
		struct ubuf_info u = { .ops = &ops, .refcnt = 1 };

		skb_shinfo(skb)->destructor_arg = &u;
		assert_false(skb_can_coalesce(skb, 1, pg, 1500));
		skb_shinfo(skb)->destructor_arg = NULL;
		skb_shinfo(skb)->flags &= (__u8)~SKBFL_ZEROCOPY_ENABLE;
	}

	/* a frag that does not exist: reported, nothing changes */
	skb_coalesce_rx_frag(skb, 1, 100, 100);
	assert_misuses(1);
	assert_int_equal(skb->len, 1500);

	kfree_skb(skb);
	page_pool_put_full_page(pool, other, false);
	pool_free_idle(pool);
	devmem_unbind_last(b, &r);
	case_misuse0 += 1;
}

static void test_len_and_flags(void **state)
{
	struct sk_buff *skb = alloc_skb(64, GFP);
	struct page *pg = plain_page();
	unsigned int truesize;

	(void)state;
	skb_put_zero(skb, 10);
	/* shared frags only count on a nonlinear skb */
	skb_shinfo(skb)->flags |= SKBFL_SHARED_FRAG;
	assert_false(skb_has_shared_frag(skb));

	/* skb_fill_page_desc_noacc + skb_len_add: a frag, accounted by hand */
	truesize = skb->truesize;
	skb_fill_page_desc_noacc(skb, 0, pg, 300, 700);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 1);
	assert_int_equal(skb->len, 10);		/* no accounting */
	assert_ptr_equal(skb_frag_page(&skb_shinfo(skb)->frags[0]), pg);
	assert_int_equal(skb_frag_off(&skb_shinfo(skb)->frags[0]), 300);
	assert_int_equal(skb_frag_size(&skb_shinfo(skb)->frags[0]), 700);
	assert_false(skb->unreadable);
	skb_len_add(skb, 700);
	assert_int_equal(skb->len, 710);
	assert_int_equal(skb->data_len, 700);
	assert_int_equal(skb->truesize, truesize + 700);
	assert_true(skb_has_shared_frag(skb));
	skb_shinfo(skb)->flags &= (__u8)~SKBFL_SHARED_FRAG;
	assert_false(skb_has_shared_frag(skb));

	assert_false(skb_zcopy_pure(skb));
	assert_false(skb_zcopy_managed(skb));
	skb_shinfo(skb)->flags |= SKBFL_PURE_ZEROCOPY;
	assert_true(skb_zcopy_pure(skb));
	assert_false(skb_zcopy_managed(skb));
	skb_shinfo(skb)->flags = SKBFL_MANAGED_FRAG_REFS;
	assert_false(skb_zcopy_pure(skb));
	assert_true(skb_zcopy_managed(skb));
	skb_shinfo(skb)->flags = 0;

	/* out of the frag array: reported, nothing written */
	skb_fill_page_desc_noacc(skb, MAX_SKB_FRAGS, pg, 0, 1);
	__skb_fill_page_desc_noacc(skb_shinfo(skb), -1, pg, 0, 1);
	assert_misuses(2);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 1);
	kfree_skb(skb);				/* drops the page reference */
	case_misuse0 += 2;
}

static void test_napi_pp_put_page(void **state)
{
	struct page_pool *pool = pool_new();
	struct page *pg = page_pool_dev_alloc_pages(pool);
	struct page *plain = plain_page();
	struct region r;
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 4 * PAGE_SIZE, 0x5a);
	struct page_pool *dpool = devmem_pool(b, 64);
	netmem_ref nm;

	(void)state;
	/* page_pool memory: one pp reference dropped, true */
	page_pool_ref_page(pg);
	assert_int_equal(pp_refs(page_to_netmem(pg)), 2);
	assert_true(napi_pp_put_page(page_to_netmem(pg)));
	assert_int_equal(pp_refs(page_to_netmem(pg)), 1);
	assert_int_equal(page_pool_inflight(pool), 1);
	/* the last one recycles it */
	assert_true(napi_pp_put_page(page_to_netmem(pg)));
	assert_int_equal(page_pool_inflight(pool), 0);

	/* other memory: false, untouched */
	assert_false(napi_pp_put_page(page_to_netmem(plain)));
	assert_int_equal(page_ref_count(plain), 1);
	put_page(plain);

	/* a net_iov of a devmem pool is page_pool memory too */
	nm = page_pool_dev_alloc_netmems(dpool);
	assert_false(netmem_is_null(nm));
	assert_true(netmem_is_net_iov(nm));
	assert_int_equal(page_pool_inflight(dpool), 1);
	assert_true(napi_pp_put_page(nm));
	assert_int_equal(page_pool_inflight(dpool), 0);

	pool_free_idle(pool);
	pool_free_idle(dpool);
	devmem_unbind_last(b, &r);
	assert_misuses(0);
}

static void test_frag_setters_and_foreach(void **state)
{
	struct page *pg = plain_page(), *q = plain_page();
	struct region r;
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 2 * PAGE_SIZE, 0x5a);
	netmem_ref nm = net_iov_to_netmem(binding_niov(b, 0));
	skb_frag_t f, g;
	struct page *p;
	unsigned int p_off, p_len, copied, steps = 0, none = 0;

	(void)state;
	skb_frag_fill_page_desc(&f, pg, 100, 1000);
	g = f;
	__skb_frag_set_page(&g, q);
	assert_ptr_equal(skb_frag_page(&g), q);
	assert_int_equal(skb_frag_off(&g), 100);	/* only the memory changes */
	assert_int_equal(skb_frag_size(&g), 1000);
	skb_frag_page_copy(&g, &f);
	assert_ptr_equal(skb_frag_page(&g), pg);
	__skb_frag_set_netmem(&g, nm);
	assert_true(skb_frag_is_net_iov(&g));
	assert_null(skb_frag_page(&g));
	/* no reference moved with any of them */
	assert_int_equal(page_ref_count(pg), 1);
	assert_int_equal(page_ref_count(q), 1);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);

	/* one step per frag range: a page of any order is one struct page */
	skb_frag_foreach_page(&f, skb_frag_off(&f) + 50, 200, p, p_off, p_len, copied) {
		assert_ptr_equal(p, pg);
		assert_int_equal(p_off, 150);
		assert_int_equal(p_len, 200);
		assert_int_equal(copied, 0);
		assert_ptr_equal((char *)page_address(p) + p_off,
				 (char *)skb_frag_address(&f) + 50);
		steps++;
	}
	assert_int_equal(steps, 1);
	skb_frag_foreach_page(&f, skb_frag_off(&f), none, p, p_off, p_len, copied)
		steps++;
	assert_int_equal(steps, 1);

	put_page(pg);
	put_page(q);
	devmem_unbind_last(b, &r);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* skb_zerocopy                                                           */
/* ---------------------------------------------------------------------- */

/* Drops the reference the completion stands for. */
static void zc_complete(struct sk_buff *skb, struct ubuf_info *uarg, bool success)
{
	(void)skb;
	(void)success;
	__atomic_fetch_sub(&uarg->refcnt, 1, __ATOMIC_RELAXED);
}

static const struct ubuf_info_ops zc_ops = { .complete = zc_complete };

static void test_zerocopy(void **state)
{
	struct page_pool *pool = pool_new();
	struct sk_buff *from, *to, *small;
	struct page *pp1, *pp2, *head;
	unsigned char ref[2300], out[2300];
	struct ubuf_info ua = { .ops = &zc_ops, .refcnt = 1 };
	struct ubuf_info ub = { .ops = &zc_ops, .refcnt = 1 };
	unsigned int hoff;

	(void)state;
	for (int i = 0; i < 2300; i++)
		ref[i] = pat((size_t)i, 9);
	/* a page-frag head with 300 linear bytes, two pp frags of 1000 */
	from = netdev_alloc_skb(NULL, 300);
	assert_non_null(from);
	assert_true(from->head_frag);
	skb_put_data(from, ref, 300);
	pp1 = page_pool_dev_alloc_pages(pool);
	pp2 = page_pool_dev_alloc_pages(pool);
	memcpy((unsigned char *)page_address(pp1) + 64, ref + 300, 1000);
	memcpy(page_address(pp2), ref + 1300, 1000);
	skb_add_rx_frag(from, 0, pp1, 64, 1000, PAGE_SIZE);
	skb_add_rx_frag(from, 1, pp2, 0, 1000, PAGE_SIZE);
	skb_mark_for_recycle(from);
	assert_int_equal(skb_zerocopy_headlen(from), 0);
	head = virt_to_head_page(from->data);
	hoff = (unsigned int)(from->data - (unsigned char *)page_address(head));

	/* hlen 0: the head becomes frag 0, the frags are shared */
	to = alloc_skb(0, GFP);
	assert_non_null(to);
	assert_true(skb_tailroom(to) < 2300);
	skb_zcopy_set(from, &ua, NULL);
	assert_int_equal(ua.refcnt, 2);
	{
		long r_head = pp_refs(page_to_netmem(head)), r1 = pp_refs(page_to_netmem(pp1));
		int pr_head = page_ref_count(head);
		unsigned int truesize = to->truesize;

		assert_int_equal(skb_zerocopy(to, from, 2300, 0), 0);
		assert_int_equal(to->len, 2300);
		assert_int_equal(to->data_len, 2300);
		assert_int_equal(skb_headlen(to), 0);
		assert_int_equal(to->truesize, truesize + 2300);
		assert_int_equal(skb_shinfo(to)->nr_frags, 3);
		assert_ptr_equal(skb_frag_page(&skb_shinfo(to)->frags[0]), head);
		assert_int_equal(skb_frag_off(&skb_shinfo(to)->frags[0]), hoff);
		assert_int_equal(skb_frag_size(&skb_shinfo(to)->frags[0]), 300);
		assert_ptr_equal(skb_frag_page(&skb_shinfo(to)->frags[1]), pp1);
		assert_int_equal(skb_frag_off(&skb_shinfo(to)->frags[1]), 64);
		/* one more reference each, of the kind the memory asks for */
		assert_int_equal(pp_refs(page_to_netmem(pp1)), r1 + 1);
		assert_true(pp_refs(page_to_netmem(head)) + page_ref_count(head) ==
			    r_head + pr_head + 1);
		/* the completion is shared */
		assert_ptr_equal(skb_zcopy(to), &ua);
		assert_int_equal(ua.refcnt, 3);
	}
	/* the data outlives @from */
	skb_zcopy_clear(from, true);
	assert_int_equal(ua.refcnt, 2);
	kfree_skb(from);
	assert_int_equal(skb_copy_bits(to, 0, out, 2300), 0);
	assert_memory_equal(out, ref, 2300);
	/* another completion on the target: refused before anything moves */
	small = alloc_skb(0, GFP);
	skb_zcopy_set(small, &ub, NULL);
	assert_int_equal(skb_zerocopy(small, to, 2300, 0), -EIO);
	assert_int_equal(small->len, 0);
	assert_int_equal(skb_shinfo(small)->nr_frags, 0);
	skb_zcopy_clear(small, true);
	kfree_skb(small);
	net_zcopy_put(&ub);
	assert_int_equal(ub.refcnt, 0);

	/* hlen (a linear part under 64 bytes): copied; len cuts the frag */
	{
		struct sk_buff *f2 = alloc_skb(128, GFP);
		struct page *pg = plain_page();

		skb_put_data(f2, ref, 20);
		memcpy(page_address(pg), ref + 20, 1000);
		skb_add_rx_frag(f2, 0, pg, 0, 1000, 1000);
		assert_int_equal(skb_zerocopy_headlen(f2), 20);
		small = alloc_skb(64, GFP);
		assert_true(skb_tailroom(small) < 520);
		assert_int_equal(skb_zerocopy(small, f2, 520, 20), 0);
		assert_int_equal(small->len, 520);
		assert_int_equal(skb_headlen(small), 20);
		assert_int_equal(skb_shinfo(small)->nr_frags, 1);
		assert_int_equal(skb_frag_size(&skb_shinfo(small)->frags[0]), 500);
		assert_int_equal(page_ref_count(pg), 2);
		assert_int_equal(skb_copy_bits(small, 0, out, 520), 0);
		assert_memory_equal(out, ref, 520);
		kfree_skb(f2);
		kfree_skb(small);
	}
	/* a target with no room for hlen: skb_put()'s BUG case (counted here) */
	small = alloc_skb(0, GFP);
	nm_set_bug_mode(NM_BUG_COUNT);
	assert_int_equal(skb_zerocopy(small, to, 2300, (int)skb_tailroom(small) + 1), -EINVAL);
	nm_set_bug_mode(NM_BUG_ABORT);
	assert_misuses(1);
	case_misuse0++;
	kfree_skb(small);

	/* what fits in the tailroom is copied */
	small = alloc_skb(512, GFP);
	assert_int_equal(skb_zerocopy(small, to, 400, 0), 0);
	assert_int_equal(skb_headlen(small), 400);
	assert_int_equal(skb_shinfo(small)->nr_frags, 0);
	assert_memory_equal(small->data, ref, 400);
	kfree_skb(small);

	/* headlen rules: small linear part, all paged, frag_list */
	assert_int_equal(skb_zerocopy_headlen(to), 2300);	/* no linear: len */
	{
		struct sk_buff *s = alloc_skb(256, GFP), *c = alloc_skb(64, GFP), *last = NULL;

		skb_put_zero(s, 20);
		assert_int_equal(skb_zerocopy_headlen(s), 20);
		skb_put_zero(c, 10);
		add_child(s, &last, c);
		assert_int_equal(skb_zerocopy_headlen(s), 30);
		kfree_skb(s);
	}
	kfree_skb(to);
	assert_int_equal(ua.refcnt, 1);
	net_zcopy_put(&ua);
	assert_int_equal(ua.refcnt, 0);
	pool_free_idle(pool);
	assert_misuses(0);
}

/* zero-copy sends: frags point into the sender's libnetmem pages */
static void test_zerocopy_sg_from_iter(void **state)
{
	struct page *p1 = plain_page(), *p2 = plain_page();
	unsigned char *a = page_address(p1), *b = page_address(p2);
	unsigned char expect[1250], out[1250], heap[64];
	struct iovec iov[MAX_SKB_FRAGS + 1];
	struct kvec kv = { a, 10 };
	struct sk_buff *skb;
	struct iov_iter it;
	unsigned int truesize;

	(void)state;
	for (int i = 0; i < 4096; i++) {
		a[i] = pat((size_t)i, 11);
		b[i] = pat((size_t)i, 12);
	}
	iov[0] = (struct iovec){ a + 100, 50 };
	iov[1] = (struct iovec){ a + 150, 200 };	/* continues iov[0] */
	iov[2] = (struct iovec){ b, 1000 };
	memcpy(expect, a + 100, 250);
	memcpy(expect + 250, b, 1000);

	skb = alloc_skb(64, GFP);
	skb_put(skb, 20);
	truesize = skb->truesize;
	iov_iter_init(&it, ITER_SOURCE, iov, 3, 1250);
	assert_int_equal(zerocopy_sg_from_iter(skb, &it), 0);
	assert_int_equal(iov_iter_count(&it), 0);
	assert_int_equal(skb->len, 1250);
	assert_int_equal(skb->data_len, 1230);
	/* the linear part is copied, the rest is two frags */
	assert_memory_equal(skb->data, expect, 20);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 2);
	assert_ptr_equal(skb_frag_page(&skb_shinfo(skb)->frags[0]), p1);
	assert_int_equal(skb_frag_off(&skb_shinfo(skb)->frags[0]), 120);
	assert_int_equal(skb_frag_size(&skb_shinfo(skb)->frags[0]), 230);
	assert_ptr_equal(skb_frag_page(&skb_shinfo(skb)->frags[1]), p2);
	assert_int_equal(skb_frag_size(&skb_shinfo(skb)->frags[1]), 1000);
	/* one page reference per frag; truesize in whole pages per piece */
	assert_int_equal(page_ref_count(p1), 2);
	assert_int_equal(page_ref_count(p2), 2);
	assert_int_equal(skb->truesize, truesize + 3 * PAGE_SIZE);
	assert_int_equal(skb_copy_bits(skb, 0, out, 1250), 0);
	assert_memory_equal(out, expect, 1250);
	/* shared, not copied */
	b[0] ^= 0xff;
	assert_int_equal(skb_copy_bits(skb, 250, out, 1), 0);
	assert_int_equal(out[0], b[0]);
	kfree_skb(skb);
	assert_int_equal(page_ref_count(p1), 1);
	assert_int_equal(page_ref_count(p2), 1);

	/* memory outside libnetmem pages, and kvecs, cannot be referenced */
	skb = alloc_skb(64, GFP);
	iov[0] = (struct iovec){ heap, sizeof(heap) };
	iov_iter_init(&it, ITER_SOURCE, iov, 1, sizeof(heap));
	assert_int_equal(zerocopy_sg_from_iter(skb, &it), -EFAULT);
	iov_iter_kvec(&it, ITER_SOURCE, &kv, 1, 10);
	assert_int_equal(zerocopy_sg_from_iter(skb, &it), -EFAULT);
	assert_int_equal(skb->len, 0);

	/* more pieces than frags: -EMSGSIZE, what was added stays */
	for (int i = 0; i <= MAX_SKB_FRAGS; i++)
		iov[i] = (struct iovec){ a + 200 * i, 100 };	/* gaps: no merging */
	iov_iter_init(&it, ITER_SOURCE, iov, MAX_SKB_FRAGS + 1, 100 * (MAX_SKB_FRAGS + 1));
	assert_int_equal(zerocopy_sg_from_iter(skb, &it), -EMSGSIZE);
	assert_int_equal(skb_shinfo(skb)->nr_frags, MAX_SKB_FRAGS);
	assert_int_equal(skb->len, 100 * MAX_SKB_FRAGS);
	assert_int_equal(iov_iter_count(&it), 100);
	assert_int_equal(page_ref_count(p1), 1 + MAX_SKB_FRAGS);
	kfree_skb(skb);
	assert_int_equal(page_ref_count(p1), 1);
	put_page(p1);
	put_page(p2);
	assert_misuses(0);
}

/* A frag_list member with device memory: each level checks its own skb. */
static void test_unreadable_child(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 2 * PAGE_SIZE, 0x5a);
	netmem_ref nm = net_iov_to_netmem(binding_niov(b, 0));
	struct sk_buff *skb = alloc_skb(128, GFP), *child = alloc_skb(128, GFP), *last = NULL;
	unsigned char ref[150], out[4096];
	struct iovec iov = { out, sizeof(out) };
	struct scatterlist sg[8];
	struct skb_seq_state st;
	struct iov_iter it;
	const __u8 *data;

	(void)state;
	for (int i = 0; i < 150; i++)
		ref[i] = pat((size_t)i, 14);
	skb_put_data(skb, ref, 100);
	skb_put_data(child, ref + 100, 50);
	get_netmem(nm);
	skb_add_rx_frag_netmem(child, 0, nm, 0, 1000, PAGE_SIZE);
	add_child(skb, &last, child);
	assert_true(skb_frags_readable(skb));	/* the root's own frags */
	assert_false(skb_readable_all(skb));

	/* up to the member's frags everything reads; past them, -EFAULT and
	 * the iterator back where it was at both levels */
	iov_iter_init(&it, ITER_DEST, &iov, 1, sizeof(out));
	assert_int_equal(skb_copy_datagram_iter(skb, 0, &it, 150), 0);
	assert_memory_equal(out, ref, 150);
	iov_iter_init(&it, ITER_DEST, &iov, 1, sizeof(out));
	assert_int_equal(skb_copy_datagram_iter(skb, 0, &it, 151), -EFAULT);
	assert_int_equal(iov_iter_count(&it), sizeof(out));
	/* the member's sum is 0 from the kernel once it meets its frags, so
	 * the root's sum leaves the member out */
	assert_int_equal(skb_copy_and_csum_bits(skb, 0, out, 1150),
			 csum_partial(ref, 100, 0));
	sg_init_table(sg, 8);
	assert_int_equal(skb_to_sgvec(skb, sg, 0, 150), 2);
	/* the end mark it left makes the table too short now */
	assert_int_equal(skb_to_sgvec(skb, sg, 0, 1150), -EMSGSIZE);
	sg_init_table(sg, 8);
	assert_int_equal(skb_to_sgvec(skb, sg, 0, 1150), -EFAULT);
	/* sequential reads stop at the member's frags */
	skb_prepare_seq_read(skb, 0, skb->len, &st);
	assert_int_equal(skb_seq_read(0, &data, &st), 100);
	assert_int_equal(skb_seq_read(100, &data, &st), 50);
	assert_memory_equal(data, ref + 100, 50);
	assert_int_equal(skb_seq_read(150, &data, &st), 0);
	kfree_skb(skb);
	devmem_unbind_last(b, &r);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_frag_dma_map, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_coalesce_rx_frag, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_len_and_flags, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_napi_pp_put_page, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_frag_setters_and_foreach, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_zerocopy, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_child, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_zerocopy_sg_from_iter, skb_case_setup,
						skb_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("skb_frags", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
