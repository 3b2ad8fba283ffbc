/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/mm.h of the kernel-style include tree: struct page and its helpers
 * from <netmem/netmem.h> (page_address(), virt_to_page(),
 * virt_to_head_page(), get_page(), put_page(), page_ref_count(),
 * page_count(), compound_order(), page_size(), page_to_nid(),
 * alloc_pages()...) plus compound_head(), page_is_pfmemalloc(),
 * offset_in_page(), PAGE_MASK, PAGE_ALIGN(), get_order(), page_to_virt(),
 * nth_page(), is_vmalloc_addr(), kmap_local_page()/kunmap_local().
 *
 * Differences from the kernel, from the memory model (docs/architecture.md):
 * - A page is one object of a libnetmem page mempool, PAGE_SIZE << order
 *   bytes (order 0..4), and is never split into tail pages:
 *   virt_to_page() is virt_to_head_page(), compound_head() is the page
 *   itself, nth_page(page, n) is only valid for n = 0.
 * - Page buffers are not PAGE_SIZE aligned in virtual memory (an mbuf
 *   header precedes each). offset_in_page(p) is therefore the offset of @p p
 *   from the start of its page's buffer (consistent with virt_to_page()),
 *   not p & ~PAGE_MASK; for an address in no libnetmem page it falls back
 *   to the kernel's masking.
 * - There are no pfmemalloc reserves: page_is_pfmemalloc() is false.
 */
#ifndef NM_KERNEL_LINUX_MM_H
#define NM_KERNEL_LINUX_MM_H

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/types.h>

#include <netmem/netmem.h>

#define PAGE_MASK		(~(PAGE_SIZE - 1))
/** @p addr rounded up to a multiple of PAGE_SIZE. */
#define PAGE_ALIGN(addr)	ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr)	IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define MAX_PAGE_ORDER		NM_MAX_PAGE_ORDER

/** The head page of @p page: the page itself (pages are never split). */
static inline struct page *compound_head(const struct page *page)
{
	return (struct page *)(uintptr_t)page;
}

/** False: there are no pfmemalloc reserves in user space. */
static inline bool page_is_pfmemalloc(const struct page *page)
{
	(void)page;
	return false;
}

/** CPU address of @p page's buffer (page_address()). */
static inline void *page_to_virt(const struct page *page)
{
	return page_address(page);
}

/** Offset of @p addr in the buffer of the page virt_to_page() gives. */
static inline unsigned long offset_in_page(const void *addr)
{
	const struct page *page = virt_to_head_page(addr);

	if (page == NULL)
		return (unsigned long)addr & ~PAGE_MASK;
	return (unsigned long)((uintptr_t)addr - (uintptr_t)page_address(page));
}

/** The smallest order whose pages hold @p size bytes (size > 0). */
static inline int get_order(unsigned long size)
{
	int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size != 0) {
		order++;
		size >>= 1;
	}
	return order;
}

/** Page @p n of a compound page: only n = 0 exists here. */
static inline struct page *nth_page(struct page *page, unsigned long n)
{
	WARN_ON_ONCE(n != 0);
	return page;
}

/** False: there is no vmalloc area. */
static inline bool is_vmalloc_addr(const void *addr)
{
	(void)addr;
	return false;
}

/** The buffer of @p page: there is no highmem. */
static inline void *kmap_local_page(struct page *page)
{
	return page_address(page);
}

static inline void kunmap_local(const void *addr)
{
	(void)addr;
}

static inline void *kmap_atomic(struct page *page)
{
	return page_address(page);
}

static inline void kunmap_atomic(void *addr)
{
	(void)addr;
}

static inline void *kmap(struct page *page)
{
	return page_address(page);
}

static inline void kunmap(struct page *page)
{
	(void)page;
}

#endif /* NM_KERNEL_LINUX_MM_H */
