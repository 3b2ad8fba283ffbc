/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/bits.h of the kernel-style include tree: BIT(), BIT_ULL(),
 * BIT_MASK(), BIT_WORD(), GENMASK(), GENMASK_ULL(), BITS_PER_BYTE.
 *
 * BIT() is also defined by <netmem/api.h>, with the same expansion.
 */
#ifndef NM_KERNEL_LINUX_BITS_H
#define NM_KERNEL_LINUX_BITS_H

#include <linux/types.h>

#ifndef BIT
#define BIT(nr)			(1UL << (nr))
#endif
#define BIT_ULL(nr)		(1ULL << (nr))
/** Bit @p nr within its unsigned long of a bitmap. */
#define BIT_MASK(nr)		(1UL << ((nr) % BITS_PER_LONG))
/** Index of the unsigned long holding bit @p nr of a bitmap. */
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)
#define BIT_ULL_MASK(nr)	(1ULL << ((nr) % BITS_PER_LONG_LONG))
#define BIT_ULL_WORD(nr)	((nr) / BITS_PER_LONG_LONG)
#define BITS_PER_BYTE		8

/** Bits @p l..@p h (inclusive, @p h >= @p l) set, as an unsigned long. */
#define GENMASK(h, l) \
	((~0UL << (l)) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
/** GENMASK() as an unsigned long long. */
#define GENMASK_ULL(h, l) \
	((~0ULL << (l)) & (~0ULL >> (BITS_PER_LONG_LONG - 1 - (h))))

#endif /* NM_KERNEL_LINUX_BITS_H */
