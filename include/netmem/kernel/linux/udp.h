/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <linux/udp.h> as the kernel's: its uapi header (the system's), then the
 * helpers kernel code finds there, from <netmem/ip.h>.
 * When glibc's <netinet/...> came first, its struct udphdr (same layout and
 * field names) is the one and the uapi's is set aside; see <netmem/ip.h>.
 */
#ifndef NM_KERNEL_LINUX_UDP_H
#define NM_KERNEL_LINUX_UDP_H

/* glibc's <net/if.h> before the uapi's <linux/libc-compat.h> decides which of
 * them defines struct ifreq & co: the uapi then keeps out of glibc's way. */
#if !defined(_LIBC_COMPAT_H) && !defined(_LINUX_IF_H)
#include <net/if.h>
#endif

#if defined(__NETINET_UDP_H) && !defined(_LINUX_UDP_H)
#define udphdr nm_uapi_udphdr
#include_next <linux/udp.h>
#undef udphdr
#else
#include_next <linux/udp.h>
#endif

#include <netmem/ip.h>

#endif /* NM_KERNEL_LINUX_UDP_H */
