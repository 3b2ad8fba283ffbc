/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/export.h of the kernel-style include tree: EXPORT_SYMBOL() and
 * friends expand to nothing. There are no modules: a ported function is
 * visible to whatever links its object file. (libnetmem's own exports are
 * NM_API plus the version map.)
 */
#ifndef NM_KERNEL_LINUX_EXPORT_H
#define NM_KERNEL_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)
#define EXPORT_SYMBOL_NS(sym, ns)
#define EXPORT_SYMBOL_NS_GPL(sym, ns)
#define EXPORT_SYMBOL_FOR_MODULES(sym, mods)
#define EXPORT_IPV6_MOD(sym)
#define EXPORT_IPV6_MOD_GPL(sym)
#define THIS_MODULE		((struct module *)0)

struct module;

#endif /* NM_KERNEL_LINUX_EXPORT_H */
