/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/init.h of the kernel-style include tree: __init and friends are
 * empty (linux/compiler_types.h); module_init(), module_exit() and the
 * *_initcall() macros run the function as a constructor (destructor for
 * module_exit()) of the program.
 *
 * Difference from the kernel: constructors run before main(), so before
 * rte_eal_init(): such a function must not use DPDK; return values are
 * ignored.
 */
#ifndef NM_KERNEL_LINUX_INIT_H
#define NM_KERNEL_LINUX_INIT_H

#include <linux/compiler_types.h>

#define __nm_initcall(fn) \
	static void __attribute__((__constructor__, __used__)) __nm_init_##fn(void) \
	{ \
		(void)fn(); \
	}

#define module_init(fn)		__nm_initcall(fn)
#define module_exit(fn) \
	static void __attribute__((__destructor__, __used__)) __nm_exit_##fn(void) \
	{ \
		fn(); \
	}
#define core_initcall(fn)	__nm_initcall(fn)
#define subsys_initcall(fn)	__nm_initcall(fn)
#define fs_initcall(fn)		__nm_initcall(fn)
#define device_initcall(fn)	__nm_initcall(fn)
#define late_initcall(fn)	__nm_initcall(fn)

#endif /* NM_KERNEL_LINUX_INIT_H */
