/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the kernel-style page helpers of libnetmem (netmem/netmem.h):
 * alloc_pages()/__free_pages() over the default host page mempools and
 * their sizing with nm_page_alloc_configure(), page_address() and
 * virt_to_page()/virt_to_head_page(), page refcounts and the return of the
 * last reference to the mempool, misuse reports (wrong order, put without a
 * reference), and the page <-> mbuf glue.
 *
 * The tests run in the order of the table in main(): the first one sizes
 * the order-3 mempool (CFG_ORDER) before anything else allocates from it.
 */
#include "test_common.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include <rte_mbuf.h>
#include <rte_memory.h>
#include <rte_mempool.h>

#include <netmem/netmem.h>

_Static_assert(PAGE_SHIFT == 12, "PAGE_SHIFT is 12");
_Static_assert(PAGE_SIZE == 4096, "PAGE_SIZE is 4 KiB");
_Static_assert(NM_MAX_PAGE_ORDER == 4, "orders 0..4");
_Static_assert(NM_MBUF_HDR_SIZE == sizeof(struct rte_mbuf),
	       "the private area (skb slot, page metadata) right after the mbuf");

/* The order sized by the first test, and its number of pages. */
#define CFG_ORDER	3
#define CFG_PAGES	8

static struct rte_mempool *page_mempool(const struct page *page)
{
	return nm_page_to_mbuf(page)->pool;
}

static unsigned int in_use(const struct page *page)
{
	return rte_mempool_in_use_count(page_mempool(page));
}

/* Pages of one order come from one mempool: find it through a probe page. */
static struct rte_mempool *order_mempool(unsigned int order)
{
	struct page *page = alloc_pages(GFP_KERNEL, order);
	struct rte_mempool *mp;

	assert_non_null(page);
	mp = page_mempool(page);
	__free_pages(page, order);
	return mp;
}

/* Runs first: sizes CFG_ORDER before its first use, then cannot. */
static void test_configure(void **state)
{
	uint64_t misuse = nm_misuse_count();
	struct page *page;

	(void)state;
	assert_int_equal(nm_page_alloc_configure(NM_MAX_PAGE_ORDER + 1, 8), -EINVAL);
	assert_int_equal(nm_page_alloc_configure(UINT_MAX, 8), -EINVAL);
	assert_int_equal(nm_page_alloc_configure(CFG_ORDER, 0), -EINVAL);

	/* Before first use: accepted, and may be changed again. */
	assert_int_equal(nm_page_alloc_configure(CFG_ORDER, 2 * CFG_PAGES), 0);
	assert_int_equal(nm_page_alloc_configure(CFG_ORDER, CFG_PAGES), 0);

	page = alloc_pages(GFP_KERNEL, CFG_ORDER);
	assert_non_null(page);
	/* The mempool has exactly the configured size. */
	assert_int_equal(page_mempool(page)->size, CFG_PAGES);
	assert_int_equal(in_use(page), 1);

	/* After first use: refused, and the size stays. */
	assert_int_equal(nm_page_alloc_configure(CFG_ORDER, 64), -EBUSY);
	assert_int_equal(nm_page_alloc_configure(CFG_ORDER, CFG_PAGES), -EBUSY);
	assert_int_equal(page_mempool(page)->size, CFG_PAGES);
	__free_pages(page, CFG_ORDER);

	/* Same for order 0 once it has been used. */
	page = alloc_page(GFP_KERNEL);
	assert_non_null(page);
	assert_int_equal(nm_page_alloc_configure(0, 16), -EBUSY);
	__free_page(page);
	/* Bad arguments still win over -EBUSY. */
	assert_int_equal(nm_page_alloc_configure(0, 0), -EINVAL);
	assert_int_equal(nm_misuse_count(), misuse);
}

/* alloc_pages(order 0..4): a private, writable PAGE_SIZE << order buffer. */
static void test_alloc_orders(void **state)
{
	uint64_t misuse = nm_misuse_count();
	unsigned int order;

	(void)state;
	for (order = 0; order <= NM_MAX_PAGE_ORDER; order++) {
		struct page *a = alloc_pages(GFP_KERNEL, order);
		struct page *b = alloc_pages(GFP_ATOMIC, order);
		size_t size = PAGE_SIZE << order;
		unsigned int before;
		uintptr_t va, vb;
		unsigned char *p;
		size_t i;

		assert_non_null(a);
		assert_non_null(b);
		assert_ptr_not_equal(a, b);
		assert_ptr_equal(page_mempool(a), page_mempool(b));
		assert_int_equal(compound_order(a), order);
		assert_int_equal(page_size(a), size);
		assert_int_equal(page_size(b), size);
		assert_int_equal(page_ref_count(a), 1);
		assert_int_equal(page_count(a), 1);
		assert_null(a->pp);
		assert_int_equal(a->pp_magic, 0);
		assert_int_equal(a->pp_ref_count, 0);

		/* The two buffers do not overlap. */
		va = (uintptr_t)page_address(a);
		vb = (uintptr_t)page_address(b);
		assert_true(va != 0 && vb != 0);
		assert_true(va + size <= vb || vb + size <= va);

		/* Every byte is writable and keeps what was written. */
		memset(page_address(a), 0x5a, size);
		memset(page_address(b), 0xa5, size);
		p = page_address(a);
		for (i = 0; i < size; i++)
			if (p[i] != 0x5a)
				fail_msg("order %u: byte %zu of page a is %#x", order, i, p[i]);
		p = page_address(b);
		for (i = 0; i < size; i++)
			if (p[i] != 0xa5)
				fail_msg("order %u: byte %zu of page b is %#x", order, i, p[i]);

		before = in_use(a);
		__free_pages(a, order);
		assert_int_equal(in_use(b), before - 1);
		__free_pages(b, order);
		assert_int_equal(rte_mempool_in_use_count(page_mempool(b)), before - 2);
	}
	assert_int_equal(nm_misuse_count(), misuse);
}

/* Orders above NM_MAX_PAGE_ORDER are refused. */
static void test_alloc_order_too_big(void **state)
{
	(void)state;
	assert_null(alloc_pages(GFP_KERNEL, NM_MAX_PAGE_ORDER + 1));
	assert_null(alloc_pages(GFP_KERNEL | __GFP_ZERO, NM_MAX_PAGE_ORDER + 1));
	assert_null(alloc_pages(GFP_ATOMIC, 10));
	assert_null(alloc_pages(GFP_KERNEL, 31));
	assert_null(alloc_pages(GFP_KERNEL, UINT_MAX));
}

/* __GFP_ZERO clears pages that were dirtied by earlier users. */
static void test_alloc_zero(void **state)
{
	enum { N = CFG_PAGES };	/* no more than the smallest mempool */
	unsigned int order;

	(void)state;
	for (order = 0; order <= NM_MAX_PAGE_ORDER; order++) {
		struct page *dirty[N], *zeroed[N];
		size_t size = PAGE_SIZE << order;
		unsigned int i, j, reused = 0;

		for (i = 0; i < N; i++) {
			dirty[i] = alloc_pages(GFP_KERNEL, order);
			assert_non_null(dirty[i]);
			memset(page_address(dirty[i]), 0xee, size);
		}
		for (i = 0; i < N; i++)
			__free_pages(dirty[i], order);
		for (i = 0; i < N; i++) {
			const unsigned char *p;
			size_t k;

			zeroed[i] = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
			assert_non_null(zeroed[i]);
			p = page_address(zeroed[i]);
			for (k = 0; k < size; k++)
				if (p[k] != 0)
					fail_msg("order %u: byte %zu of a __GFP_ZERO page is %#x",
						 order, k, p[k]);
			for (j = 0; j < N; j++)
				if (dirty[j] == zeroed[i])
					reused++;
		}
		/* The check above ran on pages that had been dirtied. */
		assert_true(reused > 0);
		for (i = 0; i < N; i++)
			__free_pages(zeroed[i], order);
	}
}

/* virt_to_page()/virt_to_head_page() of first, middle, last and every
 * granule-boundary byte; NULL just outside the buffer. */
static void test_virt_to_page(void **state)
{
	enum { N = 8 };
	unsigned int order;

	(void)state;
	for (order = 0; order <= NM_MAX_PAGE_ORDER; order++) {
		struct page *pages[N];
		size_t size = PAGE_SIZE << order;
		unsigned int i;

		for (i = 0; i < N; i++) {
			pages[i] = alloc_pages(GFP_KERNEL, order);
			assert_non_null(pages[i]);
		}
		for (i = 0; i < N; i++) {
			struct page *page = pages[i];
			char *va = page_address(page);
			size_t off;

			assert_ptr_equal(virt_to_page(va), page);
			assert_ptr_equal(virt_to_head_page(va), page);
			assert_ptr_equal(virt_to_page(va + size / 2), page);
			assert_ptr_equal(virt_to_head_page(va + size / 2), page);
			assert_ptr_equal(virt_to_page(va + size - 1), page);
			assert_ptr_equal(virt_to_head_page(va + size - 1), page);
			/* Around every 4 KiB boundary of virtual memory inside it. */
			for (off = PAGE_SIZE - ((uintptr_t)va & (PAGE_SIZE - 1));
			     off < size; off += PAGE_SIZE) {
				assert_ptr_equal(virt_to_page(va + off - 1), page);
				assert_ptr_equal(virt_to_page(va + off), page);
			}
			/* Just before: the page metadata, not a buffer. */
			assert_null(virt_to_page(va - 1));
			assert_null(virt_to_page(page));
			assert_null(virt_to_page(nm_page_to_mbuf(page)));
			/* Just after: the next mempool object's header. */
			assert_null(virt_to_page(va + size));
		}
		for (i = 0; i < N; i++)
			__free_pages(pages[i], order);
	}
}

/* virt_to_page() of memory that is no page of libnetmem. */
static void test_virt_to_page_foreign(void **state)
{
	static char static_buf[64];
	char stack_var = 1;
	char *heap = malloc(3 * PAGE_SIZE);
	size_t off;

	(void)state;
	assert_non_null(heap);
	assert_null(virt_to_page(&stack_var));
	assert_null(virt_to_head_page(&stack_var));
	for (off = 0; off < 3 * PAGE_SIZE; off += 512)
		assert_null(virt_to_page(heap + off));
	assert_null(virt_to_head_page(heap + 3 * PAGE_SIZE - 1));
	assert_null(virt_to_page(static_buf));
	assert_null(virt_to_page(NULL));
	assert_null(virt_to_page((void *)(uintptr_t)1));
	assert_null(virt_to_page((void *)UINTPTR_MAX));
	assert_null(virt_to_page((void *)(UINTPTR_MAX << 47)));
	free(heap);
}

/* Page refcounts; the last reference returns the page to its mempool. */
static void test_refcount(void **state)
{
	uint64_t misuse = nm_misuse_count();
	struct page *page = alloc_page(GFP_KERNEL);
	struct rte_mempool *mp;
	unsigned int used;

	(void)state;
	assert_non_null(page);
	mp = page_mempool(page);
	used = rte_mempool_in_use_count(mp);
	assert_true(used >= 1);
	assert_int_equal(page_ref_count(page), 1);

	get_page(page);
	assert_int_equal(page_ref_count(page), 2);
	assert_int_equal(page_count(page), 2);
	page_ref_inc(page);
	assert_int_equal(page_ref_count(page), 3);
	page_ref_add(page, 5);
	assert_int_equal(page_ref_count(page), 8);
	page_ref_sub(page, 4);
	assert_int_equal(page_ref_count(page), 4);
	put_page(page);
	assert_int_equal(page_ref_count(page), 3);
	page_ref_sub(page, 2);
	assert_int_equal(page_ref_count(page), 1);
	/* Still ours while a reference is held. */
	assert_int_equal(rte_mempool_in_use_count(mp), used);

	put_page(page);
	assert_int_equal(page_ref_count(page), 0);
	assert_int_equal(rte_mempool_in_use_count(mp), used - 1);

	/* page_ref_sub() of all references frees too. */
	page = alloc_page(GFP_KERNEL);
	assert_non_null(page);
	assert_int_equal(rte_mempool_in_use_count(mp), used);
	page_ref_add(page, 2);
	page_ref_sub(page, 3);
	assert_int_equal(page_ref_count(page), 0);
	assert_int_equal(rte_mempool_in_use_count(mp), used - 1);

	/* __free_page() drops a reference like put_page(). */
	page = alloc_page(GFP_KERNEL);
	assert_non_null(page);
	get_page(page);
	__free_page(page);
	assert_int_equal(page_ref_count(page), 1);
	assert_int_equal(rte_mempool_in_use_count(mp), used);
	__free_page(page);
	assert_int_equal(rte_mempool_in_use_count(mp), used - 1);
	assert_int_equal(nm_misuse_count(), misuse);
}

/* __free_pages() with an order that is not the page's is reported. */
static void test_free_pages_wrong_order(void **state)
{
	uint64_t misuse = nm_misuse_count();
	struct page *page = alloc_pages(GFP_KERNEL, 1);
	unsigned int used;

	(void)state;
	assert_non_null(page);
	used = in_use(page);
	get_page(page);
	__free_pages(page, 0);
	assert_int_equal(nm_misuse_count(), misuse + 1);
	__free_pages(page, 2);
	assert_int_equal(nm_misuse_count(), misuse + 2);
	/* Only reported: the reference is dropped all the same. */
	assert_int_equal(in_use(page), used - 1);
	assert_int_equal(page_ref_count(page), 0);

	/* The right order is not reported. */
	page = alloc_pages(GFP_KERNEL, 2);
	assert_non_null(page);
	__free_pages(page, 2);
	assert_int_equal(nm_misuse_count(), misuse + 2);
	/* NULL is ignored, as free(NULL). */
	__free_pages(NULL, 0);
	assert_int_equal(nm_misuse_count(), misuse + 2);
}

/* put_page() of a page with no reference (a double free) is caught: no
 * crash, the page is not put back into its mempool twice. */
static void test_put_page_no_reference(void **state)
{
	enum { N = 128 };
	struct page *page = alloc_page(GFP_KERNEL);
	struct page *pages[N];
	struct rte_mempool *mp;
	unsigned int used, i, j;
	uint64_t misuse;

	(void)state;
	assert_non_null(page);
	mp = page_mempool(page);
	put_page(page);
	used = rte_mempool_in_use_count(mp);
	misuse = nm_misuse_count();

	put_page(page);
	assert_int_equal(nm_misuse_count(), misuse + 1);
	assert_int_equal(page_ref_count(page), 0);
	assert_int_equal(rte_mempool_in_use_count(mp), used);
	/* Again, with page_ref_sub(). */
	page_ref_sub(page, 3);
	assert_int_equal(nm_misuse_count(), misuse + 2);
	assert_int_equal(page_ref_count(page), 0);
	assert_int_equal(rte_mempool_in_use_count(mp), used);

	/* The mempool hands every page out once: no duplicate, and none is
	 * found with references left by the bad puts (alloc_pages() would
	 * report it). */
	for (i = 0; i < N; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		assert_non_null(pages[i]);
		assert_int_equal(page_ref_count(pages[i]), 1);
		for (j = 0; j < i; j++)
			assert_ptr_not_equal(pages[j], pages[i]);
	}
	assert_int_equal(rte_mempool_in_use_count(mp), used + N);
	assert_int_equal(nm_misuse_count(), misuse + 2);
	for (i = 0; i < N; i++)
		put_page(pages[i]);
	assert_int_equal(rte_mempool_in_use_count(mp), used);
	assert_int_equal(nm_misuse_count(), misuse + 2);
}

/* Dropping more references than are held is caught and the count is not
 * left negative. (The page is then neither free nor in use: libnetmem
 * does not return it to its mempool; see the report of these tests.) */
static void test_page_ref_sub_past_zero(void **state)
{
	struct page *page = alloc_page(GFP_KERNEL);
	uint64_t misuse;

	(void)state;
	assert_non_null(page);
	get_page(page);
	misuse = nm_misuse_count();
	page_ref_sub(page, 3);
	assert_int_equal(nm_misuse_count(), misuse + 1);
	assert_int_equal(page_ref_count(page), 0);
	/* A later put is caught again, not taken as a valid reference. */
	put_page(page);
	assert_int_equal(nm_misuse_count(), misuse + 2);
	assert_int_equal(page_ref_count(page), 0);
}

/* Exhausting the configured order gives exactly its pages, all back. */
static void test_exhaust_configured_order(void **state)
{
	enum { MAX = 4 * CFG_PAGES };
	struct page *pages[MAX], *again[MAX];
	struct rte_mempool *mp = order_mempool(CFG_ORDER);
	uint64_t misuse = nm_misuse_count();
	unsigned int n = 0, m = 0, i, j;

	(void)state;
	assert_int_equal(rte_mempool_in_use_count(mp), 0);
	while (n < MAX && (pages[n] = alloc_pages(GFP_KERNEL | __GFP_NOWARN,
						   CFG_ORDER)) != NULL) {
		assert_ptr_equal(page_mempool(pages[n]), mp);
		for (j = 0; j < n; j++)
			assert_ptr_not_equal(pages[j], pages[n]);
		n++;
	}
	assert_int_equal(n, CFG_PAGES);
	assert_int_equal(rte_mempool_in_use_count(mp), CFG_PAGES);
	/* Stays empty. */
	assert_null(alloc_pages(GFP_KERNEL, CFG_ORDER));
	assert_null(alloc_pages(GFP_ATOMIC | __GFP_ZERO, CFG_ORDER));
	/* Other orders are not affected. */
	again[0] = alloc_pages(GFP_KERNEL, CFG_ORDER - 1);
	assert_non_null(again[0]);
	__free_pages(again[0], CFG_ORDER - 1);

	for (i = 0; i < n; i++)
		__free_pages(pages[i], CFG_ORDER);
	assert_int_equal(rte_mempool_in_use_count(mp), 0);
	assert_int_equal(rte_mempool_avail_count(mp), CFG_PAGES);

	/* Every page is back: the same set can be taken again. */
	while (m < MAX && (again[m] = alloc_pages(GFP_KERNEL | __GFP_NOWARN,
						   CFG_ORDER)) != NULL)
		m++;
	assert_int_equal(m, CFG_PAGES);
	for (i = 0; i < m; i++) {
		bool found = false;

		for (j = 0; j < n; j++)
			found |= again[i] == pages[j];
		assert_true(found);
		assert_int_equal(page_ref_count(again[i]), 1);
	}
	for (i = 0; i < m; i++)
		__free_pages(again[i], CFG_ORDER);
	assert_int_equal(rte_mempool_in_use_count(mp), 0);
	assert_int_equal(nm_misuse_count(), misuse);
}

/* page_to_nid(), compound_order(), nm_page_to_mbuf()/nm_mbuf_to_page(). */
static void test_page_mbuf_glue(void **state)
{
	unsigned int order;

	(void)state;
	for (order = 0; order <= NM_MAX_PAGE_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);
		const struct rte_memseg_list *msl;
		struct rte_mbuf *m;
		char name[RTE_MEMPOOL_NAMESIZE];

		assert_non_null(page);
		m = nm_page_to_mbuf(page);
		assert_ptr_equal((char *)page,
				 (char *)m + sizeof(struct rte_mbuf) + NM_PAGE_SKB_SLOT);
		assert_ptr_equal(nm_mbuf_to_page(m), page);
		assert_ptr_equal(nm_page_to_mbuf(nm_mbuf_to_page(m)), m);
		assert_ptr_equal((char *)rte_mbuf_to_priv(m) + NM_PAGE_SKB_SLOT, (void *)page);
		assert_true(m->priv_size >= sizeof(struct page));
		assert_ptr_equal(m->buf_addr, page_address(page));
		assert_int_equal(rte_mbuf_iova_get(m), page->dma_addr);
		assert_non_null(m->pool);
		snprintf(name, sizeof(name), "nm_pages_o%u", order);
		assert_string_equal(m->pool->name, name);

		assert_int_equal(compound_order(page), order);
		assert_int_equal(page->order, order);
		assert_true(page_to_nid(page) >= 0);
		assert_true(page_to_nid(page) < RTE_MAX_NUMA_NODES);
		msl = rte_mem_virt2memseg_list(page_address(page));
		if (msl != NULL && msl->socket_id >= 0)
			assert_int_equal(page_to_nid(page), msl->socket_id);
		__free_pages(page, order);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_configure),	/* must run first */
		cmocka_unit_test(test_alloc_orders),
		cmocka_unit_test(test_alloc_order_too_big),
		cmocka_unit_test(test_alloc_zero),
		cmocka_unit_test(test_virt_to_page),
		cmocka_unit_test(test_virt_to_page_foreign),
		cmocka_unit_test(test_refcount),
		cmocka_unit_test(test_free_pages_wrong_order),
		cmocka_unit_test(test_put_page_no_reference),
		cmocka_unit_test(test_page_ref_sub_past_zero),
		cmocka_unit_test(test_exhaust_configured_order),
		cmocka_unit_test(test_page_mbuf_glue),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
