/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <net/ip6_checksum.h> as the kernel's: csum_ipv6_magic() (from
 * <netmem/checksum.h>) and ip6_compute_pseudo() (from <netmem/ip.h>).
 */
#ifndef NM_KERNEL_NET_IP6_CHECKSUM_H
#define NM_KERNEL_NET_IP6_CHECKSUM_H

#include <linux/ipv6.h>
#include <net/checksum.h>

#include <netmem/ip.h>

#endif /* NM_KERNEL_NET_IP6_CHECKSUM_H */
