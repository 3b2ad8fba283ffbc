/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/align.h of the kernel-style include tree: ALIGN(), ALIGN_DOWN(),
 * PTR_ALIGN(), PTR_ALIGN_DOWN(), IS_ALIGNED(); @p a is a power of two.
 */
#ifndef NM_KERNEL_LINUX_ALIGN_H
#define NM_KERNEL_LINUX_ALIGN_H

/** @p x rounded up to a multiple of @p a, in the type of @p x. */
#define ALIGN(x, a)		((((x) + ((__typeof__(x))(a) - 1))) & ~((__typeof__(x))(a) - 1))
/** @p x rounded down to a multiple of @p a. */
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
/** Pointer @p p rounded up to a multiple of @p a. */
#define PTR_ALIGN(p, a)		((__typeof__(p))ALIGN((unsigned long)(p), (a)))
/** Pointer @p p rounded down to a multiple of @p a. */
#define PTR_ALIGN_DOWN(p, a)	((__typeof__(p))ALIGN_DOWN((unsigned long)(p), (a)))
/** True when @p x is a multiple of @p a. */
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)

#endif /* NM_KERNEL_LINUX_ALIGN_H */
