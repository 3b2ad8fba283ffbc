/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/overflow.h of the kernel-style include tree: check_add_overflow(),
 * check_sub_overflow(), check_mul_overflow() (the compiler's checked
 * arithmetic: true when the result does not fit *@p d), and the saturating
 * size helpers size_add(), size_sub(), size_mul(), array_size(),
 * array3_size(), struct_size(), flex_array_size() (SIZE_MAX on overflow, so
 * an allocation of the result fails).
 */
#ifndef NM_KERNEL_LINUX_OVERFLOW_H
#define NM_KERNEL_LINUX_OVERFLOW_H

#include <stdint.h>

#include <linux/compiler.h>
#include <linux/types.h>

#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_sub_overflow(a, b, d)	__builtin_sub_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

static inline size_t __must_check size_mul(size_t a, size_t b)
{
	size_t r;

	return __builtin_mul_overflow(a, b, &r) ? SIZE_MAX : r;
}

static inline size_t __must_check size_add(size_t a, size_t b)
{
	size_t r;

	return __builtin_add_overflow(a, b, &r) ? SIZE_MAX : r;
}

static inline size_t __must_check size_sub(size_t a, size_t b)
{
	size_t r;

	if (a == SIZE_MAX || b == SIZE_MAX || __builtin_sub_overflow(a, b, &r))
		return SIZE_MAX;
	return r;
}

#define array_size(a, b)		size_mul(a, b)
#define array3_size(a, b, c)		size_mul(size_mul(a, b), c)
/** Bytes of @p count elements of *@p p's flexible array @p member. */
#define flex_array_size(p, member, count) \
	size_mul(count, sizeof(*(p)->member))
/** Bytes of *@p p with @p count elements in its flexible array @p member. */
#define struct_size(p, member, count) \
	size_add(sizeof(*(p)), flex_array_size(p, member, count))

#endif /* NM_KERNEL_LINUX_OVERFLOW_H */
