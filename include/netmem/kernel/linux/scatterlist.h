/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/scatterlist.h of the kernel-style include tree: struct scatterlist
 * and sg_init_table, sg_init_one, sg_set_page, sg_set_buf, sg_page,
 * sg_virt, sg_mark_end, sg_unmark_end, sg_is_last, sg_is_chain, sg_chain,
 * sg_next, sg_nents, for_each_sg, sg_dma_address, sg_dma_len, over
 * <netmem/scatterlist.h>. skb_to_sgvec() is declared by linux/skbuff.h
 * (<netmem/skb_datagram.h>).
 *
 * Differences from the kernel are listed in <netmem/scatterlist.h>: mainly,
 * dma_address is set with the page (libnetmem memory is DMA-mapped for
 * life), and a struct page of any order is one entry.
 */
#ifndef NM_KERNEL_LINUX_SCATTERLIST_H
#define NM_KERNEL_LINUX_SCATTERLIST_H

#include <linux/types.h>

#include <netmem/scatterlist.h>

#endif /* NM_KERNEL_LINUX_SCATTERLIST_H */
