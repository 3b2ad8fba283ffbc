/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/err.h of the kernel-style include tree: ERR_PTR(), PTR_ERR(),
 * IS_ERR(), IS_ERR_OR_NULL(), ERR_CAST(), PTR_ERR_OR_ZERO(),
 * IS_ERR_VALUE(), MAX_ERRNO, from <netmem/err.h> (the same encoding as the
 * kernel's: the last 4095 addresses), plus the errno codes.
 */
#ifndef NM_KERNEL_LINUX_ERR_H
#define NM_KERNEL_LINUX_ERR_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>

#include <netmem/err.h>

#endif /* NM_KERNEL_LINUX_ERR_H */
