/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/netdevice.h of the kernel-style include tree: the device layer of
 * <netmem/netdevice.h> (struct net_device with net_device_ops, TX queues,
 * BQL, NAPI, netif_receive_skb, dev_queue_xmit, packet_type, rx_handler,
 * rtnl_link_stats64; lib/netdev) with linux/skbuff.h, the IFF_* flags of
 * <net/if.h>, and netdev_name(), netdev_err()/netdev_warn()/netdev_info()/netdev_notice()/
 * netdev_dbg(), netdev_printk(), netdev_*_once(), and net_*_ratelimited()
 * (linux/printk.h).
 *
 * Differences from the kernel: dev_addr is an array inside the struct (see
 * <netmem/netdevice.h>); netif_receive_skb_list() takes a sk_buff_head (no
 * skb->list); NAPIs are polled by the lcore loop nm_napi_poll_lcore(); netdev_* messages go to the DPDK log as printk()
 * does, "<name>: <message>", and netdev_dbg() only with DEBUG defined.
 */
#ifndef NM_KERNEL_LINUX_NETDEVICE_H
#define NM_KERNEL_LINUX_NETDEVICE_H

#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/netdev_features.h>
#include <linux/prefetch.h>
#include <linux/printk.h>
#include <linux/skbuff.h>
#include <linux/smp.h>
#include <linux/topology.h>

/* glibc's <net/if.h> defines IFNAMSIZ too (16, spelled IF_NAMESIZE); the
 * native header defines it unconditionally */
#ifndef NETMEM_NETDEVICE_H
#undef IFNAMSIZ
#endif
#include <netmem/netdevice.h>

/** @p dev's name, or a placeholder for a device not named yet. */
static inline const char *netdev_name(const struct net_device *dev)
{
	if (dev == NULL)
		return "(NULL net_device)";
	if (dev->name[0] == '\0')
		return "(unnamed net_device)";
	return dev->name;
}

/** printk() at @p level (a KERN_* literal), prefixed with @p dev's name. */
#define netdev_printk(level, dev, fmt, ...) \
	printk(level "%s: " fmt, netdev_name(dev), ##__VA_ARGS__)

#define netdev_emerg(dev, fmt, ...)	printk(KERN_EMERG "%s: " fmt, netdev_name(dev), ##__VA_ARGS__)
#define netdev_alert(dev, fmt, ...)	printk(KERN_ALERT "%s: " fmt, netdev_name(dev), ##__VA_ARGS__)
#define netdev_crit(dev, fmt, ...)	printk(KERN_CRIT "%s: " fmt, netdev_name(dev), ##__VA_ARGS__)
#define netdev_err(dev, fmt, ...)	printk(KERN_ERR "%s: " fmt, netdev_name(dev), ##__VA_ARGS__)
#define netdev_warn(dev, fmt, ...)	printk(KERN_WARNING "%s: " fmt, netdev_name(dev), ##__VA_ARGS__)
#define netdev_notice(dev, fmt, ...)	printk(KERN_NOTICE "%s: " fmt, netdev_name(dev), ##__VA_ARGS__)
#define netdev_info(dev, fmt, ...)	printk(KERN_INFO "%s: " fmt, netdev_name(dev), ##__VA_ARGS__)
#ifdef DEBUG
#define netdev_dbg(dev, fmt, ...)	printk(KERN_DEBUG "%s: " fmt, netdev_name(dev), ##__VA_ARGS__)
#else
#define netdev_dbg(dev, fmt, ...)	no_printk(KERN_DEBUG "%s: " fmt, netdev_name(dev), ##__VA_ARGS__)
#endif

#define netdev_err_once(dev, fmt, ...) \
	printk_once(KERN_ERR "%s: " fmt, netdev_name(dev), ##__VA_ARGS__)
#define netdev_warn_once(dev, fmt, ...) \
	printk_once(KERN_WARNING "%s: " fmt, netdev_name(dev), ##__VA_ARGS__)
#define netdev_info_once(dev, fmt, ...) \
	printk_once(KERN_INFO "%s: " fmt, netdev_name(dev), ##__VA_ARGS__)

#endif /* NM_KERNEL_LINUX_NETDEVICE_H */
