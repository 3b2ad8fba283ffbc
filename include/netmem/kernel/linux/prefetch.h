/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/prefetch.h of the kernel-style include tree: prefetch(),
 * prefetchw(), prefetch_range(), net_prefetch(), net_prefetchw() (the
 * latter two from linux/netdevice.h in the kernel: two 64-byte lines, as
 * the kernel does where L1_CACHE_BYTES < 128).
 */
#ifndef NM_KERNEL_LINUX_PREFETCH_H
#define NM_KERNEL_LINUX_PREFETCH_H

#include <linux/cache.h>

#define prefetch(x)	__builtin_prefetch(x)
#define prefetchw(x)	__builtin_prefetch(x, 1)

static inline void prefetch_range(void *addr, size_t len)
{
	char *p = (char *)addr, *end = p + len;

	for (; p < end; p += L1_CACHE_BYTES)
		prefetch(p);
}

/** Prefetches the first 128 bytes of a packet at @p p. */
static inline void net_prefetch(void *p)
{
	prefetch(p);
	prefetch((char *)p + L1_CACHE_BYTES);
}

/** net_prefetch() for writing. */
static inline void net_prefetchw(void *p)
{
	prefetchw(p);
	prefetchw((char *)p + L1_CACHE_BYTES);
}

#endif /* NM_KERNEL_LINUX_PREFETCH_H */
