/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the page_pool (lib/page_pool) over the host provider:
 * allocation sizes and virtual addresses, DMA addresses, bulk alloc and put,
 * exact inflight accounting and pool exhaustion.
 *
 * After the cases no pool waits for pages (nm_page_pool_reap() == 0).
 */
#include "page_pool_fixture.h"

static void test_alloc_sizes(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page *p, *a, *whole;
	unsigned int off, size;
	netmem_ref nm;
	(void)state;

	/* more than half a page: a whole page */
	size = PAGE_SIZE / 2 + 1;
	off = 77;
	whole = page_pool_dev_alloc(pool, &off, &size);
	check_out_page(pool, whole);
	assert_int_equal(off, 0);
	assert_int_equal(size, PAGE_SIZE);
	assert_false(netmem_eq(pool->frag_page, page_to_netmem(whole)));
	size = 3000;
	nm = page_pool_alloc_netmem(pool, &off, &size, GFP);
	assert_false(netmem_is_null(nm));
	assert_int_equal(size, PAGE_SIZE);
	assert_int_equal(off, 0);
	assert_int_equal(page_pp_refs(netmem_to_page(nm)), 1);
	assert_int_equal(page_pool_inflight(pool), 2);
	page_pool_put_full_page(pool, whole, true);
	page_pool_put_full_netmem(pool, nm, true);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* 1000 bytes: packed as the kernel on x86 (no rounding), 4 frags;
	 * the last one gets the page's rest */
	a = NULL;
	for (unsigned int i = 0; i < 4; i++) {
		size = 1000;
		p = page_pool_dev_alloc(pool, &off, &size);
		assert_non_null(p);
		if (i == 0)
			a = p;
		assert_ptr_equal(p, a);
		assert_int_equal(off, i * 1000);
		assert_int_equal(size, i == 3 ? PAGE_SIZE - 3000 : 1000);
	}
	size = 1000;
	p = page_pool_dev_alloc(pool, &off, &size);
	assert_ptr_not_equal(p, a);
	assert_int_equal(off, 0);
	assert_int_equal(size, 1000);
	for (int i = 0; i < 4; i++)
		page_pool_put_full_page(pool, a, true);
	page_pool_put_full_page(pool, p, true);
	assert_int_equal(page_pool_inflight(pool), 0);

	size = 1500;		/* 1500 used: the second one gets the rest */
	a = page_pool_dev_alloc(pool, &off, &size);
	unsigned int off0 = off;

	assert_int_equal(size, 1500);
	size = 1500;
	p = page_pool_dev_alloc(pool, &off, &size);
	assert_ptr_equal(p, a);
	assert_int_equal(off, off0 + 1500);
	assert_int_equal(size, PAGE_SIZE - off);
	size = 1500;
	p = page_pool_dev_alloc(pool, &off, &size);
	assert_ptr_not_equal(p, a);
	assert_int_equal(off, 0);
	page_pool_put_full_page(pool, a, true);
	page_pool_put_full_page(pool, a, true);
	page_pool_put_full_page(pool, p, true);
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

static void test_alloc_va(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	unsigned int size;
	char *va1, *va2, *va3;
	struct page *p;
	(void)state;

	size = 256;
	va1 = page_pool_dev_alloc_va(pool, &size);
	assert_non_null(va1);
	p = virt_to_head_page(va1);
	assert_non_null(p);
	assert_true(netmem_is_pp(page_to_netmem(p)));
	assert_ptr_equal(p->pp, pool);
	size = 256;
	va2 = page_pool_dev_alloc_va(pool, &size);
	assert_ptr_equal(virt_to_head_page(va2), p);
	assert_ptr_equal(va2, va1 + 256);
	memset(va1, 1, 256);
	memset(va2, 2, 256);
	assert_int_equal(va1[255], 1);
	assert_int_equal(va2[0], 2);

	size = PAGE_SIZE - 100;	/* a whole page */
	va3 = page_pool_alloc_va(pool, &size, GFP);
	assert_non_null(va3);
	assert_int_equal(size, PAGE_SIZE);
	assert_ptr_not_equal(virt_to_head_page(va3), p);
	assert_ptr_equal(va3, page_address(virt_to_head_page(va3)));
	memset(va3, 3, PAGE_SIZE);
	assert_int_equal(page_pool_inflight(pool), 2);

	page_pool_free_va(pool, va3 + 100, true);	/* any address inside */
	assert_int_equal(page_pool_inflight(pool), 1);
	page_pool_free_va(pool, va1, true);
	assert_int_equal(page_pool_inflight(pool), 1);
	page_pool_free_va(pool, va2 + 10, false);
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

static void test_dma_addr(void **state)
{
	struct page_pool *pool = pool_new(PP_FLAG_DMA_MAP, 0, 0, 256, main_lcore);
	struct page *pages[8], *p;
	dma_addr_t dma[8];
	(void)state;

	alloc_n(pool, pages, 8);
	for (unsigned int i = 0; i < 8; i++) {
		p = pages[i];
		dma[i] = page_pool_get_dma_addr(p);
		assert_int_not_equal(dma[i], 0);
		assert_int_not_equal(dma[i], RTE_BAD_IOVA);
		assert_int_equal(dma[i], netmem_get_dma_addr(page_to_netmem(p)));
		assert_int_equal(dma[i], page_pool_get_dma_addr_netmem(page_to_netmem(p)));
		assert_int_equal(dma[i], nm_page_to_mbuf(p)->buf_iova);
		assert_ptr_equal(page_address(p), nm_page_to_mbuf(p)->buf_addr);
		if (rte_eal_iova_mode() == RTE_IOVA_VA)
			assert_int_equal(dma[i], (uintptr_t)page_address(p));
		for (unsigned int j = 0; j < i; j++) {
			dma_addr_t d = dma[i] > dma[j] ? dma[i] - dma[j] : dma[j] - dma[i];

			assert_true(d >= PAGE_SIZE);	/* buffers do not overlap */
		}
	}
	/* stays the same across recycling */
	page_pool_recycle_direct(pool, pages[3]);
	p = page_pool_dev_alloc_pages(pool);
	assert_ptr_equal(p, pages[3]);
	assert_int_equal(page_pool_get_dma_addr(p), dma[3]);
	put_all(pool, pages, 8, true);
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
}

/* ------------------------------------------------------------------ */
/* bulk                                                                 */
/* ------------------------------------------------------------------ */

static void test_put_bulk(void **state)
{
	struct page_pool *a = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool *b = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool *c = pool_new(0, 0, 64, 128, PP_LCORE_NONE);
	struct page_pool_stats sa0, sa1, sb0, sb1, sc0, sc1;
	struct page *pa[10], *pb[10], *pc[5];
	netmem_ref bulk[25];
	unsigned int n = 0;
	(void)state;

	alloc_n(a, pa, 10);
	alloc_n(b, pb, 10);
	alloc_n(c, pc, 5);
	for (unsigned int i = 0; i < 10; i++) {
		bulk[n++] = page_to_netmem(pa[i]);
		bulk[n++] = page_to_netmem(pb[i]);
		if (i < 5)
			bulk[n++] = page_to_netmem(pc[i]);
	}
	assert_int_equal(page_pool_inflight(a), 10);
	assert_int_equal(page_pool_inflight(b), 10);
	assert_int_equal(page_pool_inflight(c), 5);
	sa0 = stats_of(a);
	sb0 = stats_of(b);
	sc0 = stats_of(c);
	/* each back to its own pool: owned ones cached, the ownerless one's
	 * into its ring */
	page_pool_put_netmem_bulk(bulk, n);
	sa1 = stats_of(a);
	sb1 = stats_of(b);
	sc1 = stats_of(c);
	EXPECT_DELTA(sa0, sa1, { RECYCLE(.cached = 10) });
	EXPECT_DELTA(sb0, sb1, { RECYCLE(.cached = 10) });
	EXPECT_DELTA(sc0, sc1, { RECYCLE(.ring = 5) });
	assert_int_equal(page_pool_inflight(a), 0);
	assert_int_equal(page_pool_inflight(b), 0);
	assert_int_equal(page_pool_inflight(c), 0);
	assert_int_equal(rte_ring_count(c->ring), 5);
	for (unsigned int i = 0; i < 10; i++) {
		assert_ptr_equal(pa[i]->pp, a);
		assert_ptr_equal(pb[i]->pp, b);
	}
	/* an empty bulk does nothing */
	page_pool_put_netmem_bulk(bulk, 0);
	assert_int_equal(page_pool_inflight(a), 0);

	pool_free_idle(a);
	pool_free_idle(b);
	pool_free_idle(c);
}

static void test_alloc_bulk(void **state)
{
	struct page_pool *pool = pool_new(0, 0, 0, 0, main_lcore);
	struct page_pool *small = pool_new(0, 0, 64, 40, main_lcore);
	struct page_pool_stats s0, s1;
	netmem_ref nms[100];
	struct page *pages[100];
	unsigned int n;
	(void)state;

	s0 = stats_of(pool);
	n = page_pool_alloc_netmems_bulk(pool, GFP, nms, 100);
	assert_int_equal(n, 100);
	for (unsigned int i = 0; i < n; i++) {
		assert_false(netmem_is_net_iov(nms[i]));
		pages[i] = netmem_to_page(nms[i]);
		check_out_page(pool, pages[i]);
	}
	assert_true(all_distinct(pages, n));
	s1 = stats_of(pool);
	EXPECT_DELTA(s0, s1, { ALLOC(.fast = 98, .slow = 2, .empty = 2) });
	assert_int_equal(page_pool_inflight(pool), 100);
	page_pool_put_netmem_bulk(nms, n);
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(page_pool_alloc_netmems_bulk(pool, GFP, nms, 0), 0);

	/* fewer pages than asked: what there is */
	n = page_pool_alloc_netmems_bulk(small, GFP, nms, 100);
	assert_int_equal(n, 40);
	for (unsigned int i = 0; i < n; i++)
		pages[i] = netmem_to_page(nms[i]);
	assert_true(all_distinct(pages, n));
	assert_int_equal(page_pool_inflight(small), 40);
	assert_int_equal(page_pool_alloc_netmems_bulk(small, GFP, nms + 40, 10), 0);
	page_pool_put_netmem_bulk(nms, n);
	assert_int_equal(page_pool_inflight(small), 0);

	pool_free_idle(pool);
	pool_free_idle(small);
}

/* ------------------------------------------------------------------ */
/* exhaustion                                                           */
/* ------------------------------------------------------------------ */

#define EX_PAGES	100

static void exhaust_case(unsigned int lcore)
{
	struct page_pool *pool = pool_new(0, 0, 64, EX_PAGES, lcore);
	struct page *pages[EX_PAGES + 1], *p;
	unsigned int n = 0;

	while (n <= EX_PAGES) {
		p = page_pool_dev_alloc_pages(pool);
		if (p == NULL)
			break;
		check_out_page(pool, p);
		memset(page_address(p), (int)n, 64);
		pages[n++] = p;
	}
	assert_int_equal(n, EX_PAGES);
	assert_true(all_distinct(pages, n));
	for (unsigned int i = 0; i < n; i++)
		assert_int_equal(((unsigned char *)page_address(pages[i]))[63], (unsigned char)i);
	assert_int_equal(page_pool_inflight(pool), EX_PAGES);
	assert_int_equal(mempool_in_use(pool), EX_PAGES);
	assert_null(page_pool_dev_alloc_pages(pool));
	unsigned int off;

	assert_null(page_pool_dev_alloc_frag(pool, &off, 128));
	assert_int_equal(page_pool_inflight(pool), EX_PAGES);
	/* one back: exactly that one can be had again */
	page_pool_recycle_direct(pool, pages[17]);
	p = page_pool_dev_alloc_pages(pool);
	assert_ptr_equal(p, pages[17]);
	assert_null(page_pool_dev_alloc_pages(pool));
	put_all(pool, pages, n, true);
	assert_int_equal(page_pool_inflight(pool), 0);
	p = page_pool_dev_alloc_pages(pool);
	assert_non_null(p);
	page_pool_recycle_direct(pool, p);
	pool_free_idle(pool);
}

static void test_exhaustion(void **state)
{
	(void)state;
	exhaust_case(main_lcore);
	exhaust_case(PP_LCORE_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_sizes),
		cmocka_unit_test(test_alloc_va),
		cmocka_unit_test(test_dma_addr),
		cmocka_unit_test(test_put_bulk),
		cmocka_unit_test(test_alloc_bulk),
		cmocka_unit_test(test_exhaustion),
	};

	return page_pool_run("page_pool_alloc", tests, sizeof(tests) / sizeof(tests[0]));
}

