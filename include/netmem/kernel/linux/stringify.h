/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/stringify.h of the kernel-style include tree: __stringify() turns
 * its (macro-expanded) argument into a string literal.
 */
#ifndef NM_KERNEL_LINUX_STRINGIFY_H
#define NM_KERNEL_LINUX_STRINGIFY_H

#define __nm_stringify_1(...)	#__VA_ARGS__
#define __stringify(...)	__nm_stringify_1(__VA_ARGS__)

#endif /* NM_KERNEL_LINUX_STRINGIFY_H */
