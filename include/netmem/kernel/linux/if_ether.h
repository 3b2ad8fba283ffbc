/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linux/if_ether.h of the kernel-style include tree: the system's uapi
 * header (struct ethhdr, ETH_ALEN, ETH_HLEN, ETH_ZLEN, ETH_P_*), then what
 * the kernel's own header adds (eth_hdr, skb_eth_hdr, inner_eth_hdr,
 * eth_header_parse), from <netmem/ether.h>.
 */
#ifndef NM_KERNEL_LINUX_IF_ETHER_H
#define NM_KERNEL_LINUX_IF_ETHER_H

#include_next <linux/if_ether.h>

#include <netmem/ether.h>

#endif /* NM_KERNEL_LINUX_IF_ETHER_H */
