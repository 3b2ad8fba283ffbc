/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/dma-mapping.h of the kernel-style include tree: enum
 * dma_data_direction (<netmem/api.h>), DMA_BIT_MASK(), DMA_MAPPING_ERROR,
 * dma_map_page(), dma_unmap_page(), dma_map_single(), dma_unmap_single(),
 * dma_mapping_error(), dma_sync_single_for_cpu/_for_device(),
 * dma_sync_single_range_for_cpu/_for_device(), dma_set_mask() and
 * dma_set_mask_and_coherent(); struct device is opaque.
 *
 * Differences from the kernel: DPDK memory is mapped for every device at
 * start-up (its IOVA), so "mapping" returns the IOVA of the bytes and
 * unmapping does nothing: dma_map_page() is page->dma_addr + offset;
 * dma_map_single() of an address in a libnetmem page is the same, of other
 * DPDK memory rte_mem_virt2iova(); memory DPDK does not know (a plain
 * malloc) gives DMA_MAPPING_ERROR (the same value as DPDK's RTE_BAD_IOVA).
 * The device argument is not used. DPDK memory is cache coherent on the
 * platforms it supports: the syncs are memory barriers.
 */
#ifndef NM_KERNEL_LINUX_DMA_MAPPING_H
#define NM_KERNEL_LINUX_DMA_MAPPING_H

#include <rte_memory.h>

#include <linux/compiler.h>
#include <linux/device.h>
#include <linux/dma-direction.h>
#include <linux/errno.h>
#include <linux/types.h>

#include <netmem/api.h>
#include <netmem/netmem.h>

struct device;

/** The value of a failed mapping (also DPDK's RTE_BAD_IOVA). */
#define DMA_MAPPING_ERROR	(~(dma_addr_t)0)
/** A mask of the low @p n address bits. */
#define DMA_BIT_MASK(n)		(((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))

#define DMA_ATTR_WEAK_ORDERING		(1UL << 1)
#define DMA_ATTR_SKIP_CPU_SYNC		(1UL << 5)

/** True when @p dir is a valid direction. */
static inline bool valid_dma_direction(enum dma_data_direction dir)
{
	return dir == DMA_BIDIRECTIONAL || dir == DMA_TO_DEVICE || dir == DMA_FROM_DEVICE;
}

/** IOVA of @p size bytes at @p offset in @p page. */
static inline dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page,
					    size_t offset, size_t size,
					    enum dma_data_direction dir,
					    unsigned long attrs)
{
	(void)dev;
	(void)size;
	(void)dir;
	(void)attrs;
	if (unlikely(page->dma_addr == DMA_MAPPING_ERROR))
		return DMA_MAPPING_ERROR;
	return page->dma_addr + offset;
}

static inline dma_addr_t dma_map_page(struct device *dev, struct page *page,
				      size_t offset, size_t size,
				      enum dma_data_direction dir)
{
	return dma_map_page_attrs(dev, page, offset, size, dir, 0);
}

/** Nothing: the mapping stays for the life of the memory. */
static inline void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size,
					enum dma_data_direction dir, unsigned long attrs)
{
	(void)dev;
	(void)addr;
	(void)size;
	(void)dir;
	(void)attrs;
}

static inline void dma_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
				  enum dma_data_direction dir)
{
	dma_unmap_page_attrs(dev, addr, size, dir, 0);
}

/** IOVA of @p size bytes at @p ptr (DPDK memory), or DMA_MAPPING_ERROR. */
static inline dma_addr_t dma_map_single_attrs(struct device *dev, void *ptr, size_t size,
					      enum dma_data_direction dir,
					      unsigned long attrs)
{
	struct page *page = virt_to_head_page(ptr);
	rte_iova_t iova;

	if (page != NULL)
		return dma_map_page_attrs(dev, page,
					  (size_t)((uintptr_t)ptr - (uintptr_t)page_address(page)),
					  size, dir, attrs);
	iova = rte_mem_virt2iova(ptr);
	return iova == RTE_BAD_IOVA ? DMA_MAPPING_ERROR : (dma_addr_t)iova;
}

static inline dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size,
					enum dma_data_direction dir)
{
	return dma_map_single_attrs(dev, ptr, size, dir, 0);
}

static inline void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size,
				    enum dma_data_direction dir)
{
	dma_unmap_page_attrs(dev, addr, size, dir, 0);
}

#define dma_unmap_single_attrs(dev, addr, size, dir, attrs) \
	dma_unmap_page_attrs(dev, addr, size, dir, attrs)

/** -ENOMEM when @p dma_addr is a failed mapping, else 0. */
static inline int dma_mapping_error(struct device *dev, dma_addr_t dma_addr)
{
	(void)dev;
	return dma_addr == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}

/** After the device wrote: a read barrier (coherent memory). */
static inline void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr,
					   size_t size, enum dma_data_direction dir)
{
	(void)dev;
	(void)addr;
	(void)size;
	(void)dir;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

/** Before the device reads: a write barrier (coherent memory). */
static inline void dma_sync_single_for_device(struct device *dev, dma_addr_t addr,
					      size_t size, enum dma_data_direction dir)
{
	(void)dev;
	(void)addr;
	(void)size;
	(void)dir;
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline void dma_sync_single_range_for_cpu(struct device *dev, dma_addr_t addr,
						 unsigned long offset, size_t size,
						 enum dma_data_direction dir)
{
	dma_sync_single_for_cpu(dev, addr + offset, size, dir);
}

static inline void dma_sync_single_range_for_device(struct device *dev, dma_addr_t addr,
						    unsigned long offset, size_t size,
						    enum dma_data_direction dir)
{
	dma_sync_single_for_device(dev, addr + offset, size, dir);
}

/** 0: every DPDK IOVA is reachable (the mask is not checked). */
static inline int dma_set_mask(struct device *dev, u64 mask)
{
	(void)dev;
	(void)mask;
	return 0;
}

static inline int dma_set_coherent_mask(struct device *dev, u64 mask)
{
	return dma_set_mask(dev, mask);
}

static inline int dma_set_mask_and_coherent(struct device *dev, u64 mask)
{
	return dma_set_mask(dev, mask);
}

/** Bytes a DMA buffer should be aligned to. */
static inline int dma_get_cache_alignment(void)
{
	return 64;
}

#endif /* NM_KERNEL_LINUX_DMA_MAPPING_H */
