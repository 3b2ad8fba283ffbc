/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/stddef.h of the kernel-style include tree: the system's uapi header
 * (__struct_group, __DECLARE_FLEX_ARRAY), the C <stddef.h>, and the
 * kernel's sizeof_field, offsetofend, struct_group and DECLARE_FLEX_ARRAY.
 *
 * The system's <linux/posix_types.h> includes this header, so it includes
 * nothing of libnetmem. Difference from the kernel: no `false`/`true` enum
 * (they come from <stdbool.h>).
 */
#ifndef NM_KERNEL_LINUX_STDDEF_H
#define NM_KERNEL_LINUX_STDDEF_H

#include_next <linux/stddef.h>

#include <stddef.h>

/** Size of @p MEMBER of struct type @p TYPE. */
#ifndef sizeof_field
#define sizeof_field(TYPE, MEMBER)	sizeof((((TYPE *)0)->MEMBER))
#endif

/** Offset of the first byte after @p MEMBER in @p TYPE. */
#ifndef offsetofend
#define offsetofend(TYPE, MEMBER) \
	(offsetof(TYPE, MEMBER) + sizeof_field(TYPE, MEMBER))
#endif

/** Members reachable both directly and as the struct @p NAME. */
#ifndef struct_group
#define struct_group(NAME, ...)	__struct_group(, NAME, , __VA_ARGS__)
#define struct_group_attr(NAME, ATTRS, ...) \
	__struct_group(, NAME, ATTRS, __VA_ARGS__)
#define struct_group_tagged(TAG, NAME, ...) \
	__struct_group(TAG, NAME, , __VA_ARGS__)
#endif

/** A flexible array usable in a union or alone in a struct. */
#ifndef DECLARE_FLEX_ARRAY
#define DECLARE_FLEX_ARRAY(TYPE, NAME)	__DECLARE_FLEX_ARRAY(TYPE, NAME)
#endif

#endif /* NM_KERNEL_LINUX_STDDEF_H */
