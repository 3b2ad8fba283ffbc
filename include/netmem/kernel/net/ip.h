/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <net/ip.h> as the kernel's, for the header helpers packet code uses:
 * ip_hdrlen(), ip_send_check(), iph_totlen(), skb_ip_totlen(),
 * iph_set_totlen(), ip_transport_len(), ip_is_fragment(),
 * inet_compute_pseudo() (all from <netmem/ip.h>). Routing, sockets and
 * fragmentation are not part of libnetmem.
 */
#ifndef NM_KERNEL_NET_IP_H
#define NM_KERNEL_NET_IP_H

#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/checksum.h>

#include <netmem/ip.h>

#endif /* NM_KERNEL_NET_IP_H */
