/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The link names of libnetmem's kernel-named API (included by
 * <netmem/api.h>, so before any declaration it renames).
 *
 * Each NM_KSYM(name) line makes the C name `name` link as the symbol
 * `nm_linux_name`: kernel code keeps calling alloc_pages() or skb_put(),
 * while libnetmem.so and libnetmem.a define only nm_linux_alloc_pages and
 * nm_linux_skb_put, which cannot collide with another library's
 * alloc_pages in the same process. Names already in the library's
 * namespace (nm_*, __nm_*) link as they are.
 *
 * Every NM_API function or object with a kernel name has its line here,
 * grouped by the header that declares it; a new one needs its line and its
 * symbol in lib/libnetmem.map (the abi test checks both). See docs/abi.md.
 */
#ifndef NETMEM_KSYM_H
#define NETMEM_KSYM_H

#include <netmem/api.h>	/* NM_KSYM(); it includes this header at its end */

/* <netmem/netmem.h> */
NM_KSYM(__put_page)
NM_KSYM(get_netmem)
NM_KSYM(put_netmem)
NM_KSYM(alloc_pages)
NM_KSYM(__free_pages)
NM_KSYM(virt_to_head_page)

/* <netmem/devmem.h> */
NM_KSYM(net_devmem_bind)
NM_KSYM(net_devmem_unbind)
NM_KSYM(net_devmem_binding_id)
NM_KSYM(net_devmem_lookup)
NM_KSYM(net_devmem_binding_get)
NM_KSYM(net_devmem_binding_put)
NM_KSYM(net_devmem_binding_refcnt)
NM_KSYM(net_devmem_binding_area)
NM_KSYM(net_devmem_binding_avail)
NM_KSYM(net_devmem_binding_port_mapped)
NM_KSYM(net_devmem_binding_unbound)

/* <netmem/page_pool/types.h> */
NM_KSYM(page_pool_create)
NM_KSYM(page_pool_destroy)
NM_KSYM(page_pool_inflight)
NM_KSYM(page_pool_get_stats)
NM_KSYM(page_pool_ethtool_stats_get_strings)
NM_KSYM(page_pool_ethtool_stats_get_count)
NM_KSYM(page_pool_ethtool_stats_get)
NM_KSYM(page_pool_nid_changed)
NM_KSYM(__page_pool_alloc_netmems_slow)
NM_KSYM(page_pool_alloc_netmems_bulk)
NM_KSYM(page_pool_alloc_pages)
NM_KSYM(page_pool_alloc_frag_netmem)
NM_KSYM(page_pool_alloc_frag)
NM_KSYM(__page_pool_put_unrefed_slow)
NM_KSYM(page_pool_put_netmem_bulk)
NM_KSYM(__page_pool_ref_underflow)

/* <netmem/page_pool/memory_provider.h> */
NM_KSYM(dmabuf_devmem_ops)
NM_KSYM(net_mp_niov_set_page_pool)
NM_KSYM(net_mp_niov_clear_page_pool)
NM_KSYM(net_mp_netmem_place_in_cache)

/* <netmem/skbuff.h> */
NM_KSYM(__alloc_skb)
NM_KSYM(__netdev_alloc_skb)
NM_KSYM(napi_alloc_skb)
NM_KSYM(build_skb)
NM_KSYM(napi_build_skb)
NM_KSYM(build_skb_around)
NM_KSYM(kfree_skb)
NM_KSYM(kfree_skb_list)
NM_KSYM(consume_skb)
NM_KSYM(napi_consume_skb)
NM_KSYM(dev_kfree_skb_any)
NM_KSYM(kfree_skbmem)
NM_KSYM(skb_over_panic)
NM_KSYM(skb_under_panic)
NM_KSYM(skb_put)
NM_KSYM(skb_push)
NM_KSYM(__pskb_pull_tail)
NM_KSYM(skb_trim)
NM_KSYM(___pskb_trim)
NM_KSYM(skb_copy_bits)
NM_KSYM(skb_store_bits)
NM_KSYM(skb_readable_all)
NM_KSYM(skb_clone)
NM_KSYM(skb_copy)
NM_KSYM(__pskb_copy_fclone)
NM_KSYM(pskb_expand_head)
NM_KSYM(skb_unshare)
NM_KSYM(skb_cow)
NM_KSYM(skb_cow_head)
NM_KSYM(skb_linearize)
NM_KSYM(skb_split)
NM_KSYM(skb_shift)
NM_KSYM(skb_try_coalesce)
NM_KSYM(kfree_skb_partial)
NM_KSYM(skb_headers_offset_update)
NM_KSYM(skb_segment)
NM_KSYM(skb_gso_segment)
NM_KSYM(skb_segment_list)
NM_KSYM(skb_checksum)
NM_KSYM(skb_checksum_help)
NM_KSYM(net_zcopy_put)
NM_KSYM(skb_zcopy_set)
NM_KSYM(skb_zcopy_clear)
NM_KSYM(msg_zerocopy_alloc)
NM_KSYM(msg_zerocopy_realloc)
NM_KSYM(msg_zerocopy_put_abort)
NM_KSYM(msg_zerocopy_set_copied)

/* <netmem/skb_alloc.h> */
NM_KSYM(kfree_skb_reason)
NM_KSYM(kfree_skb_list_reason)
NM_KSYM(dev_kfree_skb_any_reason)
NM_KSYM(dev_kfree_skb_irq_reason)
NM_KSYM(__napi_alloc_frag_align)
NM_KSYM(__netdev_alloc_frag_align)
NM_KSYM(skb_free_frag)
NM_KSYM(alloc_skb_with_frags)

/* <netmem/skb_queue.h> */
NM_KSYM(skb_queue_head)
NM_KSYM(skb_queue_tail)
NM_KSYM(skb_dequeue)
NM_KSYM(skb_dequeue_tail)
NM_KSYM(skb_unlink)
NM_KSYM(skb_append)
NM_KSYM(skb_queue_purge_reason)

/* <netmem/skb_linear.h> */
NM_KSYM(__skb_pad)
NM_KSYM(pskb_trim_rcsum_slow)

/* <netmem/skb_writable.h> */
NM_KSYM(skb_ensure_writable)
NM_KSYM(skb_copy_header)
NM_KSYM(skb_copy_expand)
NM_KSYM(skb_realloc_headroom)
NM_KSYM(skb_expand_head)
NM_KSYM(skb_copy_ubufs)
NM_KSYM(skb_morph)
NM_KSYM(skb_pp_cow_data)

/* <netmem/checksum.h> */
NM_KSYM(csum_partial)
NM_KSYM(inet_proto_csum_replace4)
NM_KSYM(inet_proto_csum_replace16)
NM_KSYM(inet_proto_csum_replace_by_diff)
NM_KSYM(csum_ipv6_magic)

/* <netmem/skb_csum.h> */
NM_KSYM(__skb_checksum_complete_head)
NM_KSYM(__skb_checksum_complete)
NM_KSYM(skb_pull_rcsum)
NM_KSYM(skb_crc32c_csum_help)
NM_KSYM(skb_csum_hwoffload_help)
NM_KSYM(netdev_rx_csum_fault)

/* <netmem/uio.h> */
NM_KSYM(iov_iter_init)
NM_KSYM(iov_iter_kvec)
NM_KSYM(iov_iter_bvec)
NM_KSYM(iov_iter_ubuf)
NM_KSYM(iov_iter_discard)
NM_KSYM(iov_iter_advance)
NM_KSYM(iov_iter_revert)
NM_KSYM(copy_to_iter)
NM_KSYM(copy_from_iter)
NM_KSYM(iov_iter_zero)
NM_KSYM(csum_and_copy_to_iter)

/* <netmem/skb_datagram.h> */
NM_KSYM(__skb_datagram_iter)
NM_KSYM(skb_copy_datagram_iter)
NM_KSYM(skb_copy_and_csum_datagram_msg)
NM_KSYM(skb_copy_datagram_from_iter)
NM_KSYM(zerocopy_fill_skb_from_iter)
NM_KSYM(zerocopy_sg_from_iter)
NM_KSYM(skb_copy_and_csum_bits)
NM_KSYM(skb_copy_and_csum_dev)
NM_KSYM(skb_to_sgvec)
NM_KSYM(skb_to_sgvec_nomark)
NM_KSYM(skb_prepare_seq_read)
NM_KSYM(skb_seq_read)
NM_KSYM(skb_abort_seq_read)
NM_KSYM(skb_find_text)
NM_KSYM(skb_zerocopy_headlen)
NM_KSYM(skb_zerocopy)

/* <netmem/textsearch.h> */
NM_KSYM(textsearch_prepare)
NM_KSYM(textsearch_destroy)
NM_KSYM(textsearch_next)
NM_KSYM(textsearch_find_continuous)
NM_KSYM(textsearch_get_pattern)
NM_KSYM(textsearch_get_pattern_len)

/* <netmem/ether.h> */
NM_KSYM(eth_header_parse)
NM_KSYM(eth_random_addr)
NM_KSYM(ether_setup)
NM_KSYM(eth_type_trans)
NM_KSYM(eth_get_headlen)
NM_KSYM(skb_eth_push)
NM_KSYM(skb_eth_pop)

/* <netmem/vlan.h> */
NM_KSYM(__skb_vlan_pop)
NM_KSYM(skb_vlan_pop)
NM_KSYM(skb_vlan_push)
NM_KSYM(skb_vlan_untag)

/* <netmem/flow.h> */
NM_KSYM(skb_flow_dissect_flow_keys)
NM_KSYM(skb_flow_dissect_flow_keys_basic)
NM_KSYM(__skb_get_poff)
NM_KSYM(skb_get_poff)
NM_KSYM(flow_hash_from_keys)
NM_KSYM(__skb_get_hash)

/* <netmem/gro.h> */
NM_KSYM(gro_init)
NM_KSYM(gro_receive_skb)
NM_KSYM(__gro_flush)
NM_KSYM(gro_normal_list)
NM_KSYM(gro_normal_one)
NM_KSYM(gro_cleanup)
NM_KSYM(gro_held_count)

/* <netmem/netdevice.h> */
NM_KSYM(alloc_netdev_mqs)
NM_KSYM(alloc_etherdev_mqs)
NM_KSYM(free_netdev)
NM_KSYM(register_netdev)
NM_KSYM(unregister_netdev)
NM_KSYM(dev_get_by_index)
NM_KSYM(dev_get_by_name)
NM_KSYM(dev_open)
NM_KSYM(dev_close)
NM_KSYM(netif_carrier_on)
NM_KSYM(netif_carrier_off)
NM_KSYM(netif_tx_wake_queue)
NM_KSYM(__netif_tx_lock)
NM_KSYM(__netif_tx_unlock)
NM_KSYM(__netif_tx_trylock)
NM_KSYM(netdev_tx_sent_queue)
NM_KSYM(__netdev_tx_sent_queue)
NM_KSYM(netdev_tx_completed_queue)
NM_KSYM(netdev_tx_reset_queue)
NM_KSYM(netif_napi_add_weight)
NM_KSYM(netif_napi_del)
NM_KSYM(napi_enable)
NM_KSYM(napi_disable)
NM_KSYM(napi_schedule_prep)
NM_KSYM(__napi_schedule)
NM_KSYM(napi_complete_done)
NM_KSYM(netif_receive_skb)
NM_KSYM(netif_receive_skb_list)
NM_KSYM(netif_rx)
NM_KSYM(napi_gro_receive)
NM_KSYM(napi_get_frags)
NM_KSYM(napi_gro_frags)
NM_KSYM(netdev_rx_handler_register)
NM_KSYM(netdev_rx_handler_unregister)
NM_KSYM(dev_add_pack)
NM_KSYM(dev_remove_pack)
NM_KSYM(dev_queue_xmit)
NM_KSYM(netif_skb_features)
NM_KSYM(validate_xmit_skb_list)
NM_KSYM(netdev_xmit_more)
NM_KSYM(dev_get_stats)

/* <linux/printk.h> */
NM_KSYM(_printk)
NM_KSYM(vprintk)
NM_KSYM(___ratelimit)
NM_KSYM(net_ratelimit)

#endif /* NETMEM_KSYM_H */
