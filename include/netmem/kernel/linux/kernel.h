/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/kernel.h of the kernel-style include tree: the system's uapi header,
 * then what kernel code expects from kernel.h: the types, compiler
 * attributes, min/max (linux/minmax.h), DIV_ROUND_UP and rounding
 * (linux/math.h), ALIGN (linux/align.h), U8_MAX..S64_MIN (linux/limits.h),
 * BUG/WARN (linux/bug.h), printk (linux/printk.h), bit operations
 * (linux/bitops.h), ilog2 (linux/log2.h), byte order
 * (asm/byteorder.h), ARRAY_SIZE(), container_of(), might_sleep().
 *
 * glibc's <sys/sysinfo.h> includes this header; everything it pulls in is
 * safe to include from there.
 *
 * Differences from the kernel: container_of() is also DPDK's
 * (<rte_common.h>), the same macro: whichever comes first stays, and no
 * type check is made. might_sleep() and cond_resched() do nothing (a DPDK
 * lcore never sleeps on the library's behalf).
 */
#ifndef NM_KERNEL_LINUX_KERNEL_H
#define NM_KERNEL_LINUX_KERNEL_H

#include_next <linux/kernel.h>

#include <stdarg.h>

#include <linux/align.h>
#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/stddef.h>
#include <linux/stringify.h>
#include <linux/types.h>
#include <asm/byteorder.h>

/** 0, or a build error when @p a is a pointer rather than an array. */
#define __must_be_array(a) \
	BUILD_BUG_ON_ZERO(__same_type((a), &(a)[0]))

/** Number of elements of array @p arr (a build error for a pointer). */
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))
#endif

/** The struct of @p type whose @p member @p ptr points at. */
#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))
#endif

/** container_of() keeping the constness of @p ptr. */
#ifndef container_of_const
#define container_of_const(ptr, type, member) \
	_Generic(ptr, \
		 const __typeof__(*(ptr)) *: ((const type *)container_of(ptr, type, member)), \
		 default: ((type *)container_of(ptr, type, member)))
#endif

/** Compile-time check that @p x has @p type; evaluates to 1. */
#define typecheck(type, x) __extension__ ({ \
	type __nm_dummy; \
	__typeof__(x) __nm_dummy2; \
	(void)(&__nm_dummy == &__nm_dummy2); \
	1; \
})

/** Nothing: no lcore sleeps in libnetmem. */
#define might_sleep()		do { } while (0)
#define might_sleep_if(cond)	do { (void)(cond); } while (0)
#define might_fault()		do { } while (0)
/** Nothing: DPDK lcores are not preempted by a scheduler we control. */
#define cond_resched()		0

/** @p ptr when @p cond is true, else NULL. */
#define PTR_IF(cond, ptr)	((cond) ? (ptr) : NULL)

#endif /* NM_KERNEL_LINUX_KERNEL_H */
