/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * net/netmem.h of the kernel-style include tree: netmem_ref, struct net_iov
 * and the netmem helpers of <netmem/netmem.h> (netmem_to_page(),
 * page_to_netmem(), netmem_is_net_iov(), netmem_address(),
 * __netmem_address(), virt_to_netmem(), netmem_get_pp(), __netmem_get_pp(),
 * netmem_compound_head(), netmem_is_pfmemalloc(), netmem_is_pref_nid(),
 * get_netmem(), put_netmem()...), with linux/mm.h.
 *
 * Difference from the kernel: netmem_ref is a one-member struct, not an
 * integer type with a sparse annotation, so it cannot be compared with ==
 * or tested with !: use netmem_is_null() and netmem_eq() (the kernel
 * compares with plain operators). See <netmem/netmem.h> for the memory
 * model (pages are mempool objects, never split).
 */
#ifndef NM_KERNEL_NET_NETMEM_H
#define NM_KERNEL_NET_NETMEM_H

#include <linux/mm.h>
#include <linux/types.h>

#include <netmem/netmem.h>

#endif /* NM_KERNEL_NET_NETMEM_H */
