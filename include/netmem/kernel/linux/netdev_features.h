/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/netdev_features.h of the kernel-style include tree:
 * netdev_features_t and the NETIF_F_* bits, defined in <netmem/skbuff.h>
 * (the kernel's bit numbers for the features libnetmem knows; the others
 * are absent).
 */
#ifndef NM_KERNEL_LINUX_NETDEV_FEATURES_H
#define NM_KERNEL_LINUX_NETDEV_FEATURES_H

#include <linux/types.h>

#include <netmem/skbuff.h>

#endif /* NM_KERNEL_LINUX_NETDEV_FEATURES_H */
