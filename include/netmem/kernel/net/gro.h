/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <net/gro.h> as the kernel's (6.16+): struct gro_node, NAPI_GRO_CB(),
 * gro_receive_skb(), gro_flush(), gro_normal_list(), gro_normal_one(),
 * gro_init(), gro_cleanup(), GRO_HASH_BUCKETS, gro_result_t with
 * GRO_MERGED/GRO_MERGED_FREE/GRO_HELD/GRO_NORMAL/GRO_CONSUMED (all from
 * <netmem/gro.h>). Differences: the hash lists and rx_list are
 * sk_buff_heads, completed skbs go to gro_node::deliver (set by the device
 * layer), the age clock is gro_node::now; protocol offload registration
 * (inet_offloads, gro_receive callbacks) is not part of libnetmem.
 */
#ifndef NM_KERNEL_NET_GRO_H
#define NM_KERNEL_NET_GRO_H

#include <linux/skbuff.h>

#include <netmem/gro.h>

#endif /* NM_KERNEL_NET_GRO_H */
