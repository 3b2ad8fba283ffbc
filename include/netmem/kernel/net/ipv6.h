/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <net/ipv6.h> as the kernel's, for the header helpers packet code uses:
 * the NEXTHDR_* numbers, ipv6_addr_equal(), ipv6_addr_any(),
 * ipv6_transport_len(), struct hop_jumbo_hdr, ipv6_has_hopopt_jumbo(), and
 * net/ip6_checksum.h's csum_ipv6_magic() and ip6_compute_pseudo() (all from
 * <netmem/ip.h>). Routing, sockets and extension header parsing are not part
 * of libnetmem.
 */
#ifndef NM_KERNEL_NET_IPV6_H
#define NM_KERNEL_NET_IPV6_H

#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/checksum.h>

#include <netmem/ip.h>

#endif /* NM_KERNEL_NET_IPV6_H */
