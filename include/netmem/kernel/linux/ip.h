/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <linux/ip.h> as the kernel's: its uapi header (the system's), then the
 * helpers kernel code finds there, from <netmem/ip.h>.
 * When glibc's <netinet/...> came first, its struct iphdr (same layout and
 * field names) is the one and the uapi's is set aside; see <netmem/ip.h>.
 */
#ifndef NM_KERNEL_LINUX_IP_H
#define NM_KERNEL_LINUX_IP_H

/* glibc's <net/if.h> before the uapi's <linux/libc-compat.h> decides which of
 * them defines struct ifreq & co: the uapi then keeps out of glibc's way. */
#if !defined(_LIBC_COMPAT_H) && !defined(_LINUX_IF_H)
#include <net/if.h>
#endif

#if defined(__NETINET_IP_H) && !defined(_LINUX_IP_H)
#define iphdr nm_uapi_iphdr
#include_next <linux/ip.h>
#undef iphdr
#else
#include_next <linux/ip.h>
#endif

#include <netmem/ip.h>

#endif /* NM_KERNEL_LINUX_IP_H */
