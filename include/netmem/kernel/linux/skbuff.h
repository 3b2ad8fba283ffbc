/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/skbuff.h of the kernel-style include tree: struct sk_buff, struct
 * skb_shared_info and the skb API of <netmem/skbuff.h> (with its families
 * in their own native headers), plus the kernel headers skbuff.h brings in
 * the kernel and that skb code relies on: linux/kernel.h, compiler.h,
 * bug.h, cache.h, slab.h, spinlock.h, string.h, unaligned.h, atomic.h,
 * refcount.h, list.h, rcupdate.h, overflow.h, mm.h,
 * dma-mapping.h, asm/byteorder.h,
 * linux/socket.h (struct msghdr), net/checksum.h, net/netmem.h and
 * net/page_pool/types.h.
 *
 * Differences from the kernel are stated in <netmem/skbuff.h> and in
 * docs/porting.md: mainly, skb->users and shinfo->dataref are plain ints
 * updated atomically (not refcount_t / atomic_t), sk_buff_data_t is a
 * 32-bit offset, and skb->port names the DPDK port.
 */
#ifndef NM_KERNEL_LINUX_SKBUFF_H
#define NM_KERNEL_LINUX_SKBUFF_H

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/cache.h>
#include <linux/compiler.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/unaligned.h>
#include <asm/byteorder.h>
#include <net/netmem.h>
#include <linux/socket.h>
#include <net/checksum.h>
#include <net/netmem.h>
#include <net/page_pool/types.h>

#include <netmem/skbuff.h>
#include <netmem/dropreason.h>
#include <netmem/ether.h>
#include <netmem/flow.h>
#include <netmem/skb_alloc.h>
#include <netmem/skb_datagram.h>
#include <netmem/skb_linear.h>
#include <netmem/skb_queue.h>
#include <netmem/skb_writable.h>
#include <netmem/vlan.h>

#endif /* NM_KERNEL_LINUX_SKBUFF_H */
