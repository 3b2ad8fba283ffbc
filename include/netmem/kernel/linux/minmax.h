/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/minmax.h of the kernel-style include tree: min(), max(), min3(),
 * max3(), min_t(), max_t(), umin(), umax(), clamp(), clamp_t(),
 * clamp_val(), min_not_zero(), swap(). Each argument is evaluated once.
 *
 * Differences from the kernel: min()/max() do not refuse arguments of
 * different signedness at compile time; they compare in the common type of
 * the two (the C rules, as the kernel's comparison does once its checks
 * pass) and return that type, without -Wsign-compare noise.
 */
#ifndef NM_KERNEL_LINUX_MINMAX_H
#define NM_KERNEL_LINUX_MINMAX_H

#include <linux/compiler.h>

/* both operands in the type x + y has: what "x < y" compares in; the + 0
 * promotes a bit-field, which __auto_type would refuse */
#define __nm_cmp(op, x, y) __extension__ ({ \
	__auto_type __nm_x = (x) + 0; \
	__auto_type __nm_y = (y) + 0; \
	(__typeof__(__nm_x + __nm_y))__nm_x op (__typeof__(__nm_x + __nm_y))__nm_y ? \
		(__typeof__(__nm_x + __nm_y))__nm_x : \
		(__typeof__(__nm_x + __nm_y))__nm_y; \
})

/** The smaller of @p x and @p y. */
#define min(x, y)		__nm_cmp(<, x, y)
/** The larger of @p x and @p y. */
#define max(x, y)		__nm_cmp(>, x, y)
/** The smallest of three. */
#define min3(x, y, z)		min(min(x, y), z)
/** The largest of three. */
#define max3(x, y, z)		max(max(x, y), z)

/** min() of @p x and @p y both converted to @p type. */
#define min_t(type, x, y) __extension__ ({ \
	type __nm_a = (x); \
	type __nm_b = (y); \
	__nm_a < __nm_b ? __nm_a : __nm_b; \
})
/** max() of @p x and @p y both converted to @p type. */
#define max_t(type, x, y) __extension__ ({ \
	type __nm_a = (x); \
	type __nm_b = (y); \
	__nm_a > __nm_b ? __nm_a : __nm_b; \
})

/** min() comparing as unsigned (unsigned long long). */
#define umin(x, y)		min_t(unsigned long long, x, y)
/** max() comparing as unsigned (unsigned long long). */
#define umax(x, y)		max_t(unsigned long long, x, y)

/** The smaller of two values, ignoring a zero one. */
#define min_not_zero(x, y) __extension__ ({ \
	__auto_type __nm_p = (x); \
	__auto_type __nm_q = (y); \
	__nm_p == 0 ? __nm_q : (__nm_q == 0 ? __nm_p : min(__nm_p, __nm_q)); \
})

/** @p val limited to [@p lo, @p hi]. */
#define clamp(val, lo, hi)	min(max(val, lo), hi)
/** clamp() with every value converted to @p type. */
#define clamp_t(type, val, lo, hi)	min_t(type, max_t(type, val, lo), hi)
/** clamp() in the type of @p val. */
#define clamp_val(val, lo, hi)	clamp_t(__typeof__(val), val, lo, hi)

/** True when @p val is in [@p start, @p start + @p len). */
#define in_range(val, start, len) \
	((__typeof__((start) + (len) + (val)))((val) - (start)) < \
	 (__typeof__((start) + (len) + (val)))(len))

/** Exchanges the values of @p a and @p b. */
#define swap(a, b) \
	do { __typeof__(a) __nm_tmp = (a); (a) = (b); (b) = __nm_tmp; } while (0)

#endif /* NM_KERNEL_LINUX_MINMAX_H */
