/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/device.h of the kernel-style include tree, for what packet code
 * and drivers use of it: an opaque struct device, dev_name(), and the
 * dev_printk family (dev_err(), dev_warn(), dev_info(), dev_notice(),
 * dev_dbg(), dev_err_once(), dev_warn_once(), dev_err_probe()).
 *
 * Differences from the kernel: there is no device model; struct device is
 * never defined (a DPDK port stands for the device), so a message names
 * the pointer rather than a bus address, and dev_dbg() prints only with
 * DEBUG defined.
 */
#ifndef NM_KERNEL_LINUX_DEVICE_H
#define NM_KERNEL_LINUX_DEVICE_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/types.h>

struct device;

/** A name for @p dev: "device" and its address (there is no device model). */
#define dev_name(dev)	"device"

#define dev_printk(level, dev, fmt, ...) \
	printk(level "%s %p: " fmt, dev_name(dev), (const void *)(dev), ##__VA_ARGS__)
#define dev_emerg(dev, fmt, ...)	dev_printk(KERN_EMERG, dev, fmt, ##__VA_ARGS__)
#define dev_crit(dev, fmt, ...)		dev_printk(KERN_CRIT, dev, fmt, ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)		dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)		dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...)	dev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)		dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#ifdef DEBUG
#define dev_dbg(dev, fmt, ...)		dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__)
#else
#define dev_dbg(dev, fmt, ...) \
	no_printk(KERN_DEBUG "%s %p: " fmt, dev_name(dev), (const void *)(dev), ##__VA_ARGS__)
#endif
#define dev_err_once(dev, fmt, ...) \
	printk_once(KERN_ERR "%s %p: " fmt, dev_name(dev), (const void *)(dev), ##__VA_ARGS__)
#define dev_warn_once(dev, fmt, ...) \
	printk_once(KERN_WARNING "%s %p: " fmt, dev_name(dev), (const void *)(dev), ##__VA_ARGS__)

/** Logs an error (unless @p err is -EPROBE_DEFER) and returns @p err. */
#define dev_err_probe(dev, err, fmt, ...) __extension__ ({ \
	int __nm_err = (err); \
	if (__nm_err != -EPROBE_DEFER) \
		dev_err(dev, "error %d: " fmt, __nm_err, ##__VA_ARGS__); \
	__nm_err; \
})

#endif /* NM_KERNEL_LINUX_DEVICE_H */
