/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/log2.h of the kernel-style include tree: is_power_of_2(), ilog2()
 * (a constant expression for a constant argument), roundup_pow_of_two(),
 * rounddown_pow_of_two(), order_base_2().
 *
 * Difference from the kernel: ilog2(0) is -1 (the kernel leaves it
 * undefined).
 */
#ifndef NM_KERNEL_LINUX_LOG2_H
#define NM_KERNEL_LINUX_LOG2_H

#include <linux/types.h>

/** True when @p n is a power of two (0 is not). */
static inline __attribute__((const)) bool is_power_of_2(unsigned long n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

/** Floor of log2(@p n); a constant expression when @p n is one. */
#define ilog2(n) \
	((n) ? (int)(63 - __builtin_clzll((unsigned long long)(n))) : -1)

/** The smallest power of two >= @p n (n > 0). */
#define roundup_pow_of_two(n) \
	((n) <= 1 ? 1UL : 1UL << (ilog2((unsigned long)(n) - 1) + 1))

/** The largest power of two <= @p n (n > 0). */
#define rounddown_pow_of_two(n)	(1UL << ilog2(n))

/** ceil(log2(@p n)), 0 for n <= 1. */
#define order_base_2(n)		((n) > 1 ? ilog2((unsigned long)(n) - 1) + 1 : 0)

#endif /* NM_KERNEL_LINUX_LOG2_H */
