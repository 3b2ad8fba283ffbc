/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <linux/icmpv6.h> as the kernel's: its uapi header (the system's), then
 * icmp6_hdr() and the other helpers of <netmem/ip.h>. glibc's
 * <netinet/icmp6.h> clashes with the uapi header (struct icmp6_filter) and
 * cannot be in the same translation unit.
 */
#ifndef NM_KERNEL_LINUX_ICMPV6_H
#define NM_KERNEL_LINUX_ICMPV6_H

/* glibc's <net/if.h> before the uapi's <linux/libc-compat.h> decides which of
 * them defines struct ifreq & co: the uapi then keeps out of glibc's way. */
#if !defined(_LIBC_COMPAT_H) && !defined(_LINUX_IF_H)
#include <net/if.h>
#endif

#include_next <linux/icmpv6.h>

#include <netmem/ip.h>

#endif /* NM_KERNEL_LINUX_ICMPV6_H */
