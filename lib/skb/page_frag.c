/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * skb heads: small ones are page frags cut from per-lcore order-3 pages
 * (the kernel's page_frag_cache: each frag holds one page reference taken
 * from a bias), larger ones whole pages of the smallest fitting order, the
 * largest rte_malloc. A head is freed by dropping its page reference, or
 * through its page_pool when the page is page_pool memory.
 */
#include <rte_malloc.h>
#include <rte_spinlock.h>

#include "skb_priv.h"

#define PAGE_FRAG_ORDER		3
#define PAGE_FRAG_BIAS		(1 << 20)

struct page_frag_cache {
	struct page *page;
	unsigned int offset;	/* frags are cut downwards from here */
	unsigned int bias;	/* references not yet handed to frags */
} __attribute__((aligned(64)));

static struct page_frag_cache frag_caches[RTE_MAX_LCORE + 1];
static rte_spinlock_t shared_frag_lock = RTE_SPINLOCK_INITIALIZER;

static void *page_frag_alloc(struct page_frag_cache *nc, unsigned int size, gfp_t gfp)
{
	if (nc->page == NULL || nc->offset < size) {
		struct page *page;

		if (nc->page != NULL)
			page_ref_sub(nc->page, (int)nc->bias);
		nc->page = NULL;
		page = alloc_pages(gfp | __GFP_NOWARN, PAGE_FRAG_ORDER);
		if (page == NULL)
			page = alloc_pages(gfp | __GFP_NOWARN, 0);
		if (page == NULL)
			return NULL;
		page_ref_add(page, PAGE_FRAG_BIAS - 1);
		nc->page = page;
		nc->bias = PAGE_FRAG_BIAS;
		nc->offset = (unsigned int)page_size(page);
	}
	nc->offset -= size;
	nc->bias--;
	return (char *)page_address(nc->page) + nc->offset;
}

void *nm_skb_head_alloc(unsigned int size, gfp_t gfp, unsigned int *osize, bool *head_frag)
{
	unsigned int lcore = rte_lcore_id();
	void *data;

	size = SKB_DATA_ALIGN(size);
	if (size <= NM_SKB_HEAD_FRAG_MAX) {
		*head_frag = true;
		*osize = size;
		if (lcore < RTE_MAX_LCORE)
			return page_frag_alloc(&frag_caches[lcore], size, gfp);
		rte_spinlock_lock(&shared_frag_lock);
		data = page_frag_alloc(&frag_caches[RTE_MAX_LCORE], size, gfp);
		rte_spinlock_unlock(&shared_frag_lock);
		return data;
	}
	for (unsigned int order = 1; order <= NM_MAX_PAGE_ORDER; order++) {
		if (size <= (PAGE_SIZE << order)) {
			struct page *page = alloc_pages(gfp | __GFP_NOWARN, order);

			if (page == NULL)
				break;
			*head_frag = true;
			*osize = (unsigned int)page_size(page);
			return page_address(page);
		}
	}
	*head_frag = false;
	*osize = size;
	return rte_malloc("skb_head", size, SMP_CACHE_BYTES);
}

void *nm_skb_head_kmalloc(unsigned int size, gfp_t gfp, unsigned int *osize)
{
	(void)gfp;
	size = SKB_DATA_ALIGN(size);
	*osize = size;
	return rte_malloc("skb_head", size, SMP_CACHE_BYTES);
}

void __nm_skb_head_free_slow(void *head, bool head_frag, bool napi_safe)
{
	struct page *page;

	if (!head_frag) {
		rte_free(head);
		return;
	}
	page = virt_to_head_page(head);
	if (unlikely(page == NULL)) {
		nm_misuse("skb head %p is in no page of libnetmem", head);
		return;
	}
	if (netmem_is_pp(page_to_netmem(page)))
		page_pool_put_full_page(page->pp, page, napi_safe);
	else
		put_page(page);
}
