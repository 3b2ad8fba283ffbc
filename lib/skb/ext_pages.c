/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * External pages: struct page descriptors for application memory (a buffer
 * sent zero-copy, a region the application manages), so that it can sit in
 * skb frags like any page. The memory is not refcounted per page: it is held
 * by an nm_owner (page->private, flag NM_PAGE_EXT) and every frag reference
 * on such a page is a reference on that owner (get_netmem/put_netmem), whose
 * destructor runs once, when the last one goes.
 *
 * The descriptors are registered for virt_to_page() until
 * nm_ext_pages_free(); they are never given to a mempool or a page_pool.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_memory.h>

#include "handle_priv.h"
#include "skb_priv.h"

/* Arrays nm_ext_pages_create() made and nm_ext_pages_free() did not free. */
static struct nm_handles live_arrays = NM_HANDLES_INITIALIZER;

_Static_assert(sizeof(struct page) % SMP_CACHE_BYTES == 0,
	       "an array of struct page keeps each one on its own cache line");

/*
 * IOVA of @va: from its memseg when DPDK knows the memory (internal, or
 * registered with rte_extmem_register() and its own IOVAs), else
 * rte_mem_virt2iova() (VA in IOVA-as-VA mode, else the physical address or
 * RTE_BAD_IOVA when it cannot be read).
 */
static rte_iova_t ext_virt2iova(void *va, const struct rte_memseg_list *msl)
{
	if (msl != NULL) {
		const struct rte_memseg *ms = rte_mem_virt2memseg(va, msl);

		if (ms != NULL && ms->iova != RTE_BAD_IOVA)
			return ms->iova + RTE_PTR_DIFF(va, ms->addr);
	}
	return rte_mem_virt2iova(va);
}

/* True when some byte of [va, va + PAGE_SIZE) is already in a page. */
static bool ext_range_taken(const char *va)
{
	return virt_to_head_page(va) != NULL ||
	       virt_to_head_page(va + PAGE_SIZE - 1) != NULL;
}

struct page *nm_ext_pages_create(void *addr, size_t len, struct nm_owner *owner)
{
	uintptr_t base = (uintptr_t)addr;
	struct page *pages;
	size_t n, i;

	if (addr == NULL || owner == NULL || len == 0 ||
	    (base & (PAGE_SIZE - 1)) != 0 || (len & (PAGE_SIZE - 1)) != 0 ||
	    base + len < base)
		return ERR_PTR(-EINVAL);
	n = len / PAGE_SIZE;
	if (n > SIZE_MAX / sizeof(*pages))
		return ERR_PTR(-EINVAL);
	for (i = 0; i < n; i++)
		if (ext_range_taken((const char *)addr + i * PAGE_SIZE)) {
			nm_misuse("nm_ext_pages_create: %p is already in a page of libnetmem",
				  (void *)((const char *)addr + i * PAGE_SIZE));
			return ERR_PTR(-EEXIST);
		}

	pages = aligned_alloc(SMP_CACHE_BYTES, n * sizeof(*pages));
	if (pages == NULL)
		return ERR_PTR(-ENOMEM);
	memset(pages, 0, n * sizeof(*pages));

	for (i = 0; i < n; i++) {
		struct page *page = &pages[i];
		void *va = (char *)addr + i * PAGE_SIZE;
		const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(va);
		int nid = msl != NULL ? msl->socket_id : 0;

		page->virt = va;
		page->order = 0;
		page->flags = NM_PAGE_EXT;
		page->private = (unsigned long)owner;
		page->dma_addr = ext_virt2iova(va, msl);	/* RTE_BAD_IOVA allowed */
		page->_refcount = 1;			/* unused: the owner counts */
		page->nid = (int8_t)(nid < 0 ? 0 : nid);
		if (nm_page_map_add(page) != 0) {
			while (i-- > 0)
				nm_page_map_del(&pages[i]);
			nm_page_map_del(page);
			free(pages);
			return ERR_PTR(-ENOMEM);
		}
	}
	if (nm_handle_add(&live_arrays, pages) != 0) {
		for (i = 0; i < n; i++)
			nm_page_map_del(&pages[i]);
		free(pages);
		return ERR_PTR(-ENOMEM);
	}
	return pages;
}

void nm_ext_pages_free(struct page *pages, size_t len)
{
	size_t n = len / PAGE_SIZE;

	if (IS_ERR_OR_NULL(pages))
		return;
	/* Only the pointer is looked at: the array may be freed already. */
	if (!nm_handle_del(&live_arrays, pages)) {
		nm_misuse("nm_ext_pages_free(%p): not a live external page array (freed twice?)",
			  (void *)pages);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!page_is_ext(&pages[i]))
			nm_misuse("nm_ext_pages_free: page %zu of %p is not an external page",
				  i, (void *)pages);
		nm_page_map_del(&pages[i]);
	}
	free(pages);
}
