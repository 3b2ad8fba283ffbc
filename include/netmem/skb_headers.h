/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Header offsets an skb records beyond netmem/skbuff.h's outer ones, with
 * the kernel's names and semantics (linux/skbuff.h): the inner (encapsulated)
 * mac/network/transport headers and the inner protocol of a tunnel, the
 * mac header's length and its rebuild after a decapsulation. Included by
 * netmem/skbuff.h: it is part of the skb API. The protocol headers
 * themselves (ip_hdr(), tcp_hdr(), inner_ip_hdr(), ...) are in netmem/ip.h.
 *
 * Offsets are kept from skb->head, as 16-bit fields; the *_offset() helpers
 * return them relative to skb->data (negative in the headroom).
 *
 * @code
 *	// encapsulate: remember where the inner packet starts, then push
 *	skb_reset_inner_headers(skb);
 *	skb_set_inner_ipproto(skb, IPPROTO_TCP);
 *	skb->encapsulation = 1;
 *	outer = skb_push(skb, sizeof(struct iphdr));
 *	skb_reset_network_header(skb);
 * @endcode
 */
#ifndef NETMEM_SKB_HEADERS_H
#define NETMEM_SKB_HEADERS_H

#include <netmem/skbuff.h>

#ifdef __cplusplus
extern "C" {
#endif

/** skb->inner_protocol_type: inner_protocol is an ETH_P_* */
#define ENCAP_TYPE_ETHER	0
/** skb->inner_protocol_type: inner_ipproto is an IPPROTO_* */
#define ENCAP_TYPE_IPPROTO	1

/**
 * The encapsulated packet's L3 protocol (ETH_P_*, network order).
 * @param skb the encapsulating packet whose inner_protocol is set.
 * @param protocol EtherType of the inner packet (network order).
 */
static inline void skb_set_inner_protocol(struct sk_buff *skb, __be16 protocol)
{
	skb->inner_protocol = protocol;
	skb->inner_protocol_type = ENCAP_TYPE_ETHER;
}

/**
 * The encapsulated packet has no L2/L3 header: its IP protocol.
 * @param skb the encapsulating packet whose inner_ipproto is set.
 * @param ipproto IP protocol of the inner packet.
 */
static inline void skb_set_inner_ipproto(struct sk_buff *skb, __u8 ipproto)
{
	skb->inner_ipproto = ipproto;
	skb->inner_protocol_type = ENCAP_TYPE_IPPROTO;
}

/**
 * The inner MAC header (encapsulation).
 * @param skb the encapsulating packet.
 * @return skb->head + inner_mac_header.
 */
static inline unsigned char *skb_inner_mac_header(const struct sk_buff *skb)
{
	return skb->head + skb->inner_mac_header;
}

/**
 * Sets the inner MAC header at data.
 * @param skb the packet whose inner mac header is set at skb->data.
 */
static inline void skb_reset_inner_mac_header(struct sk_buff *skb)
{
	skb->inner_mac_header = (__u16)(skb->data - skb->head);
}

/**
 * Sets the inner MAC header at data + @p offset.
 * @param skb the packet whose inner mac header is set.
 * @param offset offset from skb->data, may be negative.
 */
static inline void skb_set_inner_mac_header(struct sk_buff *skb, const int offset)
{
	skb_reset_inner_mac_header(skb);
	skb->inner_mac_header = (__u16)(skb->inner_mac_header + offset);
}

/**
 * Sets the inner network header at data.
 * @param skb the packet whose inner network header is set at skb->data.
 */
static inline void skb_reset_inner_network_header(struct sk_buff *skb)
{
	skb->inner_network_header = (__u16)(skb->data - skb->head);
}

/**
 * Sets the inner network header at data + @p offset.
 * @param skb the packet whose inner network header is set.
 * @param offset offset from skb->data, may be negative.
 */
static inline void skb_set_inner_network_header(struct sk_buff *skb, const int offset)
{
	skb_reset_inner_network_header(skb);
	skb->inner_network_header = (__u16)(skb->inner_network_header + offset);
}

/**
 * Sets the inner transport header at data.
 * @param skb the packet whose inner transport header is set at skb->data.
 */
static inline void skb_reset_inner_transport_header(struct sk_buff *skb)
{
	skb->inner_transport_header = (__u16)(skb->data - skb->head);
}

/**
 * Sets the inner transport header at data + @p offset.
 * @param skb the packet whose inner transport header is set.
 * @param offset offset from skb->data, may be negative.
 */
static inline void skb_set_inner_transport_header(struct sk_buff *skb, const int offset)
{
	skb_reset_inner_transport_header(skb);
	skb->inner_transport_header = (__u16)(skb->inner_transport_header + offset);
}

/**
 * Inner mac header relative to skb->data.
 * @param skb the encapsulating packet.
 * @return the offset, negative when the header is before skb->data.
 */
static inline int skb_inner_mac_offset(const struct sk_buff *skb)
{
	return (int)(skb_inner_mac_header(skb) - skb->data);
}

/**
 * Inner network header relative to skb->data.
 * @param skb the encapsulating packet.
 * @return the offset, negative when the header is before skb->data.
 */
static inline int skb_inner_network_offset(const struct sk_buff *skb)
{
	return (int)(skb_inner_network_header(skb) - skb->data);
}

/**
 * Inner transport header relative to skb->data.
 * @param skb the encapsulating packet.
 * @return the offset, negative when the header is before skb->data.
 */
static inline int skb_inner_transport_offset(const struct sk_buff *skb)
{
	return (int)(skb_inner_transport_header(skb) - skb->data);
}

/**
 * Bytes from the inner network header to the inner transport header.
 * @param skb the encapsulating packet.
 * @return the inner network header's length in bytes.
 */
static inline __u32 skb_inner_network_header_len(const struct sk_buff *skb)
{
	return (__u32)(skb->inner_transport_header - skb->inner_network_header);
}

/**
 * Bytes from the mac header to the network header. The mac header must be
 * set (the kernel's DEBUG_NET_WARN_ON_ONCE: a counted nm_warn() here).
 * @param skb the packet whose mac and network headers are set.
 * @return network_header - mac_header in bytes.
 */
static inline __u32 skb_mac_header_len(const struct sk_buff *skb)
{
	if (!skb_mac_header_was_set(skb))
		nm_warn("skb_mac_header_len: mac header of skb %p not set", (const void *)skb);
	return (__u32)(skb->network_header - skb->mac_header);
}

/**
 * After headers between the mac header and skb->data were removed: moves
 * the mac_len bytes of the mac header up so it ends at skb->data, and points
 * mac_header there. Nothing when the mac header is unset.
 * @param skb the packet whose mac header moves up to skb->data.
 */
static inline void skb_mac_header_rebuild(struct sk_buff *skb)
{
	if (skb_mac_header_was_set(skb)) {
		const unsigned char *old_mac = skb_mac_header(skb);

		skb_set_mac_header(skb, -skb->mac_len);
		memmove(skb_mac_header(skb), old_mac, skb->mac_len);
	}
}

/**
 * As skb_mac_header_rebuild() for a mac header of @p full_mac_len bytes
 * (tags included beyond mac_len): moves them to end at the network header's
 * new place and leaves skb->data mac_len bytes into them.
 * @param skb the packet whose mac header and tags move up.
 * @param full_mac_len bytes of the mac header with its tags.
 */
static inline void skb_mac_header_rebuild_full(struct sk_buff *skb, __u32 full_mac_len)
{
	if (skb_mac_header_was_set(skb)) {
		const unsigned char *old_mac = skb_mac_header(skb);

		skb_set_mac_header(skb, -(int)full_mac_len);
		memmove(skb_mac_header(skb), old_mac, full_mac_len);
		__skb_push(skb, full_mac_len - skb->mac_len);
	}
}

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_SKB_HEADERS_H */
