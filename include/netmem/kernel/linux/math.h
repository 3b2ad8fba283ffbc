/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/math.h of the kernel-style include tree: DIV_ROUND_UP(),
 * DIV_ROUND_UP_ULL(), DIV_ROUND_CLOSEST(), roundup(), rounddown(),
 * round_up(), round_down() (powers of two), upper_32_bits(),
 * lower_32_bits().
 */
#ifndef NM_KERNEL_LINUX_MATH_H
#define NM_KERNEL_LINUX_MATH_H

#include <linux/types.h>

/** @p n / @p d rounded up. */
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
/** DIV_ROUND_UP() in 64 bits. */
#define DIV_ROUND_UP_ULL(ll, d) \
	((unsigned long long)DIV_ROUND_UP((unsigned long long)(ll), (d)))
/** @p x / @p divisor rounded to the nearest (positive values). */
#define DIV_ROUND_CLOSEST(x, divisor)	(((x) + ((divisor) / 2)) / (divisor))

/** @p x rounded up to a multiple of @p y (any @p y; glibc's <sys/param.h>
 *  has the same macro: whichever comes first stays). */
#ifndef roundup
#define roundup(x, y)		((((x) + ((y) - 1)) / (y)) * (y))
#endif
/** @p x rounded down to a multiple of @p y (any @p y). */
#define rounddown(x, y)		((x) - ((x) % (y)))

/* power-of-two rounding: the mask in the type of x */
#define __nm_round_mask(x, y)	((__typeof__(x))((y) - 1))
/** @p x rounded up to a multiple of @p y, a power of two. */
#define round_up(x, y)		((((x) - 1) | __nm_round_mask(x, y)) + 1)
/** @p x rounded down to a multiple of @p y, a power of two. */
#define round_down(x, y)	((x) & ~__nm_round_mask(x, y))

/** Bits 32..63 of @p n. */
#define upper_32_bits(n)	((u32)(((n) >> 16) >> 16))
/** Bits 0..31 of @p n. */
#define lower_32_bits(n)	((u32)((n) & 0xffffffff))
/** Bits 16..31 of @p n. */
#define upper_16_bits(n)	((u16)((n) >> 16))
/** Bits 0..15 of @p n. */
#define lower_16_bits(n)	((u16)((n) & 0xffff))

#endif /* NM_KERNEL_LINUX_MATH_H */
