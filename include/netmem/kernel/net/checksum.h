/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <net/checksum.h> as the kernel's: the Internet checksum arithmetic and the
 * skb-aware inet_proto_csum_replace*() of <netmem/checksum.h>. The x86
 * <asm/checksum.h> functions the kernel reaches through it (csum_partial,
 * csum_fold, ip_fast_csum, csum_tcpudp_nofold/magic) are there too.
 */
#ifndef NM_KERNEL_NET_CHECKSUM_H
#define NM_KERNEL_NET_CHECKSUM_H

#include <netmem/checksum.h>

#endif /* NM_KERNEL_NET_CHECKSUM_H */
