/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linux/etherdevice.h of the kernel-style include tree: eth_type_trans,
 * eth_get_headlen, eth_skb_pad, eth_skb_pkt_type, ether_setup, the address
 * predicates and copies (is_*_ether_addr, ether_addr_equal*,
 * ether_addr_copy, eth_zero_addr, eth_broadcast_addr, eth_hw_addr_set,
 * eth_random_addr), from <netmem/ether.h>.
 *
 * Differences from the kernel, stated here for porters:
 *  - ether_addr_equal_64bits() and is_multicast_ether_addr_64bits() read
 *    6 bytes, not 8 (same results, no over-read);
 *  - eth_type_trans() does not model DSA tagging (ETH_P_XDSA);
 *  - dev->dev_addr is an array in struct net_device, not a pointer.
 */
#ifndef NM_KERNEL_LINUX_ETHERDEVICE_H
#define NM_KERNEL_LINUX_ETHERDEVICE_H

#include <linux/if_ether.h>

#include <netmem/ether.h>
#include <netmem/netdevice.h>

#endif /* NM_KERNEL_LINUX_ETHERDEVICE_H */
