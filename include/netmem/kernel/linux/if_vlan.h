/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linux/if_vlan.h of the kernel-style include tree: the system's uapi
 * header (the VLAN ioctl definitions), then the kernel's VLAN helpers from
 * <netmem/vlan.h>: struct vlan_hdr and vlan_ethhdr, VLAN_* constants,
 * skb_vlan_tag_*, __vlan_hwaccel_*, __vlan_insert_(inner_)tag,
 * vlan_insert_tag(_set_proto), __vlan_get_protocol, vlan_get_protocol,
 * eth_type_vlan, skb_vlan_tagged(_multi), skb_vlan_push/pop/untag.
 *
 * VLAN devices (vlan_dev_*, vlan_vid_add ...) are not provided, and
 * NETIF_F_HW_VLAN_STAG_TX does not exist (802.1ad tags are never offloaded).
 */
#ifndef NM_KERNEL_LINUX_IF_VLAN_H
#define NM_KERNEL_LINUX_IF_VLAN_H

#include_next <linux/if_vlan.h>

#include <linux/etherdevice.h>

#include <netmem/vlan.h>

#endif /* NM_KERNEL_LINUX_IF_VLAN_H */
