/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/cache.h of the kernel-style include tree: L1_CACHE_BYTES,
 * SMP_CACHE_BYTES, ____cacheline_aligned(_in_smp), __cacheline_aligned,
 * L1_CACHE_ALIGN(), __read_mostly, the cache-line group markers of struct
 * layouts (__cacheline_group_begin/end), cache_line_size().
 *
 * 64-byte lines (the x86 and most arm64 parts DPDK runs on); SMP_CACHE_BYTES
 * is also defined by <netmem/skbuff.h> with the same value.
 */
#ifndef NM_KERNEL_LINUX_CACHE_H
#define NM_KERNEL_LINUX_CACHE_H

#include <linux/compiler_types.h>
#include <linux/align.h>
#include <linux/types.h>

#define L1_CACHE_SHIFT		6
#define L1_CACHE_BYTES		(1 << L1_CACHE_SHIFT)
#ifndef SMP_CACHE_BYTES
#define SMP_CACHE_BYTES		64
#endif
#define SMP_CACHE_SHIFT		L1_CACHE_SHIFT

/** @p x rounded up to a cache line. */
#define L1_CACHE_ALIGN(x)	ALIGN(x, L1_CACHE_BYTES)

#ifndef ____cacheline_aligned
#define ____cacheline_aligned	__attribute__((__aligned__(SMP_CACHE_BYTES)))
#endif
#ifndef ____cacheline_aligned_in_smp
#define ____cacheline_aligned_in_smp	____cacheline_aligned
#endif
#ifndef __cacheline_aligned
#define __cacheline_aligned	____cacheline_aligned
#endif
#ifndef __cacheline_aligned_in_smp
#define __cacheline_aligned_in_smp	____cacheline_aligned
#endif

/** Marks the start / end of a group of struct members (zero-size). */
#ifndef __cacheline_group_begin
#define __cacheline_group_begin(GROUP)	__u8 __cacheline_group_begin__##GROUP[0]
#define __cacheline_group_end(GROUP)	__u8 __cacheline_group_end__##GROUP[0]
#endif

/** Bytes in a cache line. */
static inline int cache_line_size(void)
{
	return L1_CACHE_BYTES;
}

#endif /* NM_KERNEL_LINUX_CACHE_H */
