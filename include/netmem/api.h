/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Common definitions of the libnetmem public API: the export macro, the
 * kernel's basic types (gfp_t, dma_addr_t) and small helpers that every
 * other public header needs.
 *
 * Symbols are hidden by default; only what carries NM_API (and is listed in
 * the version map) is exported from libnetmem.so.
 */
#ifndef NETMEM_API_H
#define NETMEM_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netmem/config.h>

/** Marks a symbol as part of the exported libnetmem API. */
#define NM_API __attribute__((visibility("default")))

/** Allocation flags, accepted for source compatibility with the kernel. */
typedef unsigned int gfp_t;
#define __GFP_NOWARN	0x2000u		/**< do not log allocation failures */
#define __GFP_ZERO	0x100u		/**< zero the memory (honoured where stated) */
#define GFP_ATOMIC	0x0a20u		/**< may be used from any context */
#define GFP_KERNEL	0x0cc0u		/**< may be used from any context */
#define GFP_NOWAIT	0x0800u		/**< may be used from any context */

/** Device (IOVA) address as seen by a NIC. */
typedef uint64_t dma_addr_t;

/** Any NUMA node / DPDK socket. */
#define NUMA_NO_NODE	(-1)

#ifndef BIT
#define BIT(nr)		(1UL << (nr))	/**< The unsigned long with bit @p nr set. */
#endif

/** DMA directions, as in the kernel's dma_data_direction. */
enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

#endif /* NETMEM_API_H */
