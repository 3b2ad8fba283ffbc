/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/gfp.h of the kernel-style include tree: the GFP_* and __GFP_* flags,
 * gfpflags_allow_blocking(), and page allocation (alloc_pages(),
 * alloc_page(), alloc_pages_node(), __free_pages(), __free_page(),
 * __get_free_pages(), get_zeroed_page(), free_pages(), free_page()).
 *
 * Differences from the kernel: the flags are accepted for source
 * compatibility; only __GFP_ZERO has an effect (pages and kmalloc memory are
 * cleared). Nothing blocks or reclaims: an allocation that finds nothing
 * returns NULL at once. The node of alloc_pages_node() is not honoured (the
 * default page mempools are made on the caller's socket). Pages come from
 * libnetmem's page mempools (<netmem/netmem.h>), orders 0..4.
 */
#ifndef NM_KERNEL_LINUX_GFP_H
#define NM_KERNEL_LINUX_GFP_H

#include <linux/types.h>

#include <netmem/api.h>
#include <netmem/netmem.h>

/* GFP_ATOMIC, GFP_KERNEL, GFP_NOWAIT, __GFP_NOWARN, __GFP_ZERO: netmem/api.h */
#define __GFP_DMA		0x01u
#define __GFP_HIGHMEM		0x02u
#define __GFP_DMA32		0x04u
#define __GFP_MOVABLE		0x08u
#define __GFP_RECLAIMABLE	0x10u
#define __GFP_HIGH		0x20u
#define __GFP_IO		0x40u
#define __GFP_FS		0x80u
#define __GFP_DIRECT_RECLAIM	0x400u
#define __GFP_KSWAPD_RECLAIM	0x800u
#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define __GFP_RETRY_MAYFAIL	0x4000u
#define __GFP_NOFAIL		0x8000u
#define __GFP_NORETRY		0x10000u
#define __GFP_MEMALLOC		0x20000u
#define __GFP_COMP		0x40000u
#define __GFP_NOMEMALLOC	0x80000u
#define __GFP_HARDWALL		0x100000u
#define __GFP_THISNODE		0x200000u
#define __GFP_ACCOUNT		0x400000u
#define __GFP_NOLOCKDEP		0

#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOIO		(__GFP_RECLAIM)
#define GFP_NOFS		(__GFP_RECLAIM | __GFP_IO)
#define GFP_USER		(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA			__GFP_DMA
#define GFP_DMA32		__GFP_DMA32
#define GFP_HIGHUSER		(GFP_USER | __GFP_HIGHMEM)

/** True when @p gfp lets the allocator sleep (never acted on here). */
static inline bool gfpflags_allow_blocking(const gfp_t gfp)
{
	return (gfp & __GFP_DIRECT_RECLAIM) != 0;
}

/** alloc_pages() for a NUMA node: the node is not honoured. */
static inline struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	(void)nid;
	return alloc_pages(gfp, order);
}

/** The CPU address of a new page of @p order, or 0. */
static inline unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? (unsigned long)page_address(page) : 0;
}

/** __get_free_pages() of order 0. */
static inline unsigned long __get_free_page(gfp_t gfp)
{
	return __get_free_pages(gfp, 0);
}

/** A cleared page's CPU address, or 0. */
static inline unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

/** Frees what __get_free_pages() returned (0 is ignored). */
static inline void free_pages(unsigned long addr, unsigned int order)
{
	if (addr != 0)
		__free_pages(virt_to_head_page((const void *)addr), order);
}

/** free_pages() of order 0. */
static inline void free_page(unsigned long addr)
{
	free_pages(addr, 0);
}

#endif /* NM_KERNEL_LINUX_GFP_H */
