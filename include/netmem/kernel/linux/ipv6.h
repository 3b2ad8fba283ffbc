/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <linux/ipv6.h> as the kernel's: its uapi header (the system's), then the
 * helpers kernel code finds there, from <netmem/ip.h>.
 */
#ifndef NM_KERNEL_LINUX_IPV6_H
#define NM_KERNEL_LINUX_IPV6_H

/* glibc's <net/if.h> before the uapi's <linux/libc-compat.h> decides which of
 * them defines struct ifreq & co: the uapi then keeps out of glibc's way. */
#if !defined(_LIBC_COMPAT_H) && !defined(_LINUX_IF_H)
#include <net/if.h>
#endif

#include_next <linux/ipv6.h>

#include <netmem/ip.h>

#endif /* NM_KERNEL_LINUX_IPV6_H */
