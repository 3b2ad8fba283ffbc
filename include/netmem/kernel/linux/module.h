/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/module.h of the kernel-style include tree: the module metadata
 * macros (MODULE_LICENSE(), MODULE_AUTHOR(), MODULE_DESCRIPTION(),
 * MODULE_ALIAS(), MODULE_DEVICE_TABLE(), MODULE_IMPORT_NS()...) expand to
 * nothing, module_param() declares nothing, and module_init()/module_exit()
 * run the function as a constructor/destructor of the program.
 *
 * Differences from the kernel: there are no modules. An init function
 * registered with module_init() runs before main(), so before
 * rte_eal_init(): it must not allocate from DPDK; its return value is
 * ignored.
 */
#ifndef NM_KERNEL_LINUX_MODULE_H
#define NM_KERNEL_LINUX_MODULE_H

#include <linux/export.h>
#include <linux/init.h>
#include <linux/kernel.h>

#define MODULE_LICENSE(x)
#define MODULE_AUTHOR(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_VERSION(x)
#define MODULE_ALIAS(x)
#define MODULE_SOFTDEP(x)
#define MODULE_FIRMWARE(x)
#define MODULE_INFO(tag, info)
#define MODULE_DEVICE_TABLE(type, name)
#define MODULE_IMPORT_NS(ns)
#define MODULE_PARM_DESC(parm, desc)
#define module_param(name, type, perm)
#define module_param_named(name, value, type, perm)
#define module_param_array(name, type, nump, perm)

/** Takes a reference on @p module: always succeeds here. */
static inline bool try_module_get(struct module *module)
{
	(void)module;
	return true;
}

static inline void module_put(struct module *module)
{
	(void)module;
}

static inline void __module_get(struct module *module)
{
	(void)module;
}

#endif /* NM_KERNEL_LINUX_MODULE_H */
