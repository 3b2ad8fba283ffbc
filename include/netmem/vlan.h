/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * 802.1Q / 802.1ad VLAN tags with the kernel's names and semantics
 * (linux/if_vlan.h, the skb_vlan_* functions of net/core/skbuff.c).
 *
 * A tag lives in one of two places:
 *  - in the skb ("hardware accelerated"): skb->vlan_proto and skb->vlan_tci,
 *    which share the 32-bit word skb->vlan_all (the layout of Linux 6.2+).
 *    A tag is present when vlan_all is nonzero: there is no separate
 *    present bit, so a tag is always put with its protocol;
 *  - in the frame, after the MAC addresses: struct vlan_ethhdr.
 *
 * skb_vlan_push() moves the skb's tag into the frame and holds the new one
 * in the skb; skb_vlan_pop() drops the held tag (or the frame's outer one)
 * and moves the next one from the frame into the skb. Both need skb->data at
 * the mac header and keep a CHECKSUM_COMPLETE csum right.
 *
 * @code
 *	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), 100);
 *	skb = __vlan_hwaccel_push_inside(skb);      // in the frame now; NULL: freed
 *	skb_vlan_pop(skb);                          // tag 100 back in the skb
 * @endcode
 */
#ifndef NETMEM_VLAN_H
#define NETMEM_VLAN_H

#include <errno.h>
#include <stdbool.h>
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include <netmem/api.h>
#include <netmem/ether.h>
#include <netmem/skbuff.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VLAN_HLEN		4	/**< bytes a tag adds */
#define VLAN_ETH_HLEN		18	/**< Ethernet header with one tag */
#define VLAN_ETH_ZLEN		64	/**< smallest tagged frame, without FCS */
#define VLAN_ETH_DATA_LEN	1500	/**< largest payload */
#define VLAN_ETH_FRAME_LEN	1518	/**< largest tagged frame, without FCS */
#define VLAN_MAX_DEPTH		8	/**< tags __vlan_get_protocol() parses, plus one */

#define VLAN_PRIO_MASK		0xe000	/**< Priority Code Point */
#define VLAN_PRIO_SHIFT		13	/**< Shift of the priority in the TCI. */
#define VLAN_CFI_MASK		0x1000	/**< Canonical Format / Drop Eligible Indicator */
#define VLAN_VID_MASK		0x0fff	/**< VLAN Identifier */
#define VLAN_N_VID		4096	/**< Number of VLAN ids. */

/** A VLAN tag as it follows the MAC addresses (or another tag). */
struct vlan_hdr {
	__be16 h_vlan_TCI;		/**< priority, DEI and VLAN ID */
	__be16 h_vlan_encapsulated_proto; /**< the EtherType (or length) after it */
};

/** An Ethernet header with one VLAN tag. */
struct vlan_ethhdr {
	union {
		struct {
			unsigned char h_dest[ETH_ALEN];
			unsigned char h_source[ETH_ALEN];
		};
		struct {
			unsigned char h_dest[ETH_ALEN];
			unsigned char h_source[ETH_ALEN];
		} addrs;		/**< the kernel's struct_group(addrs, ...) */
	};
	__be16 h_vlan_proto;	/**< ETH_P_8021Q or ETH_P_8021AD */
	__be16 h_vlan_TCI;	/**< priority, DEI and VLAN id */
	__be16 h_vlan_encapsulated_proto;	/**< the protocol after the tag */
};

static_assert(sizeof(struct vlan_ethhdr) == VLAN_ETH_HLEN, "vlan_ethhdr is 18 bytes");

/**
 * The tagged Ethernet header at the mac header.
 * @param skb a packet whose mac header is set.
 * @return a pointer into the head at the mac header.
 */
static inline struct vlan_ethhdr *vlan_eth_hdr(const struct sk_buff *skb)
{
	return (struct vlan_ethhdr *)skb_mac_header(skb);
}

/**
 * The tagged Ethernet header at skb->data (TX paths).
 * @param skb a packet whose data starts at a tagged Ethernet header.
 * @return skb->data as a struct vlan_ethhdr pointer.
 */
static inline struct vlan_ethhdr *skb_vlan_eth_hdr(const struct sk_buff *skb)
{
	return (struct vlan_ethhdr *)skb->data;
}

/**
 * The tag held in the skb: macros, as the kernel's, for const and non-const
 * skbs.
 * @param __skb the packet.
 * @return true when a tag is held in it (vlan_all nonzero).
 */
#define skb_vlan_tag_present(__skb)	(!!(__skb)->vlan_all)
#define skb_vlan_tag_get(__skb)		((__skb)->vlan_tci)	/**< The TCI held in @p __skb. */
/**
 * The VLAN id held in @p __skb.
 * @param __skb the packet, a tag held.
 * @return the VLAN id, 0..4095.
 */
#define skb_vlan_tag_get_id(__skb)	((__skb)->vlan_tci & VLAN_VID_MASK)
/**
 * The CFI/DEI bit held in @p __skb.
 * @param __skb the packet, a tag held.
 * @return the CFI/DEI bit, 0 or 1.
 */
#define skb_vlan_tag_get_cfi(__skb)	(!!((__skb)->vlan_tci & VLAN_CFI_MASK))
/**
 * The priority held in @p __skb.
 * @param __skb the packet, a tag held.
 * @return the priority, 0..7.
 */
#define skb_vlan_tag_get_prio(__skb)	(((__skb)->vlan_tci & VLAN_PRIO_MASK) >> VLAN_PRIO_SHIFT)

/**
 * True for ETH_P_8021Q and ETH_P_8021AD (network order).
 * @param ethertype an EtherType (network order).
 * @return true for a VLAN TPID.
 */
static inline bool eth_type_vlan(__be16 ethertype)
{
	return ethertype == RTE_BE16(ETH_P_8021Q) || ethertype == RTE_BE16(ETH_P_8021AD);
}

/** True when @p features offload a tag of @p proto on TX (802.1Q only here:
 *  libnetmem has no NETIF_F_HW_VLAN_STAG_TX).
 * @param features device features.
 * @param proto the tag's TPID (network order).
 * @return true when the device inserts the tag.
 */
static inline bool vlan_hw_offload_capable(netdev_features_t features, __be16 proto)
{
	return proto == RTE_BE16(ETH_P_8021Q) && (features & NETIF_F_HW_VLAN_CTAG_TX);
}

/**
 * Holds the tag (@p vlan_proto, @p vlan_tci) in the skb.
 * @param skb the packet that holds the tag (vlan_present set).
 * @param vlan_proto TPID (network order).
 * @param vlan_tci TCI (host order).
 */
static inline void __vlan_hwaccel_put_tag(struct sk_buff *skb, __be16 vlan_proto,
					  uint16_t vlan_tci)
{
	skb->vlan_proto = vlan_proto;
	skb->vlan_tci = vlan_tci;
}

/**
 * Forgets the tag held in the skb.
 * @param skb the packet whose held tag is forgotten.
 */
static inline void __vlan_hwaccel_clear_tag(struct sk_buff *skb)
{
	skb->vlan_all = 0;
}

/**
 * Copies the tag held in @p src (or its absence) to @p dst.
 * @param dst the packet written.
 * @param src the packet read.
 */
static inline void __vlan_hwaccel_copy_tag(struct sk_buff *dst, const struct sk_buff *src)
{
	dst->vlan_all = src->vlan_all;
}

/**
 * The held TCI in *vlan_tci and 0, or 0 in it and -ENODATA.
 * @param skb the packet whose held tag is read.
 * @param vlan_tci set to the TCI (host order), or 0.
 * @return 0 or -ENODATA.
 */
static inline int __vlan_hwaccel_get_tag(const struct sk_buff *skb, uint16_t *vlan_tci)
{
	if (skb_vlan_tag_present(skb)) {
		*vlan_tci = skb_vlan_tag_get(skb);
		return 0;
	}
	*vlan_tci = 0;
	return -ENODATA;
}

/**
 * The TCI of the tag in the frame at skb->data, or -ENODATA.
 * @param skb the packet, data at a tagged Ethernet header.
 * @param vlan_tci set to the TCI (host order).
 * @return 0 or -ENODATA (untagged or too short).
 */
static inline int __vlan_get_tag(const struct sk_buff *skb, uint16_t *vlan_tci)
{
	const struct vlan_ethhdr *veth = skb_vlan_eth_hdr(skb);

	if (!eth_type_vlan(veth->h_vlan_proto))
		return -ENODATA;
	*vlan_tci = rte_be_to_cpu_16(veth->h_vlan_TCI);
	return 0;
}

/**
 * The held tag when skb->dev offloads 802.1Q on TX, else the frame's.
 * @param skb the packet whose tag is read.
 * @param vlan_tci set to the TCI (host order).
 * @return 0 or -ENODATA.
 */
static inline int vlan_get_tag(const struct sk_buff *skb, uint16_t *vlan_tci)
{
	if (skb->dev->features & NETIF_F_HW_VLAN_CTAG_TX)
		return __vlan_hwaccel_get_tag(skb, vlan_tci);
	return __vlan_get_tag(skb, vlan_tci);
}

/**
 * Inserts a tag into the frame at @p mac_len (the MAC header length with
 * any outer tags), with skb->data at the mac header: cows the head when
 * shared or short of VLAN_HLEN headroom, pushes VLAN_HLEN, moves the MAC
 * header (less its EtherType) forward and moves a set mac header with it.
 * skb->protocol is unchanged. 0 or -ENOMEM.
 * @param skb the packet, data at the mac header.
 * @param vlan_proto TPID (network order).
 * @param vlan_tci TCI (host order).
 * @param mac_len offset at which the tag goes.
 * @return 0, or -ENOMEM (@p skb unchanged, still the caller's).
 */
static inline int __vlan_insert_inner_tag(struct sk_buff *skb, __be16 vlan_proto,
					  uint16_t vlan_tci, unsigned int mac_len)
{
	__be16 tci = rte_cpu_to_be_16(vlan_tci);
	unsigned char *tag;

	if (skb_cow_head(skb, VLAN_HLEN) < 0)
		return -ENOMEM;
	skb_push(skb, VLAN_HLEN);
	if (mac_len > ETH_TLEN)
		memmove(skb->data, skb->data + VLAN_HLEN, mac_len - ETH_TLEN);
	if (skb_mac_header_was_set(skb))
		skb->mac_header = (__u16)(skb->mac_header - VLAN_HLEN);
	/* The new tag's TCI sits at mac_len: the kernel's vlan_ethhdr at
	 * data + mac_len - ETH_HLEN, written field by field. With a MAC header
	 * the TPID goes before it (the old EtherType now follows the TCI);
	 * without one (mac_len < ETH_TLEN) skb->protocol goes after it. */
	tag = skb->data + mac_len;
	if (mac_len >= ETH_TLEN)
		memcpy(tag - ETH_TLEN, &vlan_proto, sizeof(vlan_proto));
	else
		memcpy(tag + 2, &skb->protocol, sizeof(skb->protocol));
	memcpy(tag, &tci, sizeof(tci));
	return 0;
}

/**
 * __vlan_insert_inner_tag() right after the MAC addresses.
 * @param skb the packet, data at the mac header.
 * @param vlan_proto TPID (network order).
 * @param vlan_tci TCI (host order).
 * @return 0, or -ENOMEM.
 */
static inline int __vlan_insert_tag(struct sk_buff *skb, __be16 vlan_proto, uint16_t vlan_tci)
{
	return __vlan_insert_inner_tag(skb, vlan_proto, vlan_tci, ETH_HLEN);
}

/** __vlan_insert_inner_tag() that frees the skb on failure: the skb, or
 *  NULL (then the skb is gone).
 * @param skb the packet, data at the mac header; freed on failure.
 * @param vlan_proto TPID (network order).
 * @param vlan_tci TCI (host order).
 * @param mac_len offset at which the tag goes.
 * @return @p skb, or NULL.
 */
static inline struct sk_buff *vlan_insert_inner_tag(struct sk_buff *skb, __be16 vlan_proto,
						    uint16_t vlan_tci, unsigned int mac_len)
{
	if (__vlan_insert_inner_tag(skb, vlan_proto, vlan_tci, mac_len)) {
		dev_kfree_skb_any(skb);
		return NULL;
	}
	return skb;
}

/**
 * vlan_insert_inner_tag() right after the MAC addresses.
 * @param skb the packet, data at the mac header; freed on failure.
 * @param vlan_proto TPID (network order).
 * @param vlan_tci TCI (host order).
 * @return @p skb, or NULL.
 */
static inline struct sk_buff *vlan_insert_tag(struct sk_buff *skb, __be16 vlan_proto,
					      uint16_t vlan_tci)
{
	return vlan_insert_inner_tag(skb, vlan_proto, vlan_tci, ETH_HLEN);
}

/**
 * vlan_insert_tag() that also sets skb->protocol to @p vlan_proto.
 * @param skb the packet, data at the mac header; freed on failure.
 * @param vlan_proto TPID (network order).
 * @param vlan_tci TCI (host order).
 * @return @p skb, or NULL.
 */
static inline struct sk_buff *vlan_insert_tag_set_proto(struct sk_buff *skb, __be16 vlan_proto,
							uint16_t vlan_tci)
{
	skb = vlan_insert_tag(skb, vlan_proto, vlan_tci);
	if (skb)
		skb->protocol = vlan_proto;
	return skb;
}

/** Moves the held tag into the frame (skb->protocol becomes its protocol);
 *  the skb, or NULL after freeing it.
 * @param skb the packet holding a tag; freed on failure.
 * @return @p skb, or NULL.
 */
static inline struct sk_buff *__vlan_hwaccel_push_inside(struct sk_buff *skb)
{
	skb = vlan_insert_tag_set_proto(skb, skb->vlan_proto, skb_vlan_tag_get(skb));
	if (skb)
		__vlan_hwaccel_clear_tag(skb);
	return skb;
}

/**
 * __vlan_hwaccel_push_inside() when a tag is held; else the skb as is.
 * @param skb the packet; freed on failure.
 * @return @p skb, or NULL.
 */
static inline struct sk_buff *vlan_hwaccel_push_inside(struct sk_buff *skb)
{
	if (skb_vlan_tag_present(skb))
		skb = __vlan_hwaccel_push_inside(skb);
	return skb;
}

/**
 * The EtherType under any tags in the frame, @p type being the first: the
 * tags are read from skb->mac_len - VLAN_HLEN (from ETH_HLEN when mac_len
 * is 0), offsets from skb->data, through frags too; *depth (if given) gets
 * the offset of the header after the last tag. 0 when the frame is cut short
 * or has VLAN_MAX_DEPTH tags or more (and a warning when mac_len is set but
 * shorter than a tag).
 * @param skb the packet whose frame is read.
 * @param type the EtherType at the mac header (network order).
 * @param depth set to the offset after the last tag, or NULL.
 * @return the inner EtherType (network order), or 0.
 */
static inline __be16 __vlan_get_protocol(const struct sk_buff *skb, __be16 type, int *depth)
{
	unsigned int vlan_depth = skb->mac_len, parse_depth = VLAN_MAX_DEPTH;

	if (eth_type_vlan(type)) {
		if (vlan_depth) {
			if (vlan_depth < VLAN_HLEN) {
				nm_warn("__vlan_get_protocol: mac_len %u < VLAN_HLEN", vlan_depth);
				return 0;
			}
			vlan_depth -= VLAN_HLEN;
		} else {
			vlan_depth = ETH_HLEN;
		}
		do {
			struct vlan_hdr vhdr;
			const struct vlan_hdr *vh;

			vh = (const struct vlan_hdr *)skb_header_pointer(skb, (int)vlan_depth,
									 sizeof(vhdr), &vhdr);
			if (!vh || !--parse_depth)
				return 0;
			type = vh->h_vlan_encapsulated_proto;
			vlan_depth += VLAN_HLEN;
		} while (eth_type_vlan(type));
	}
	if (depth)
		*depth = (int)vlan_depth;
	return type;
}

/**
 * __vlan_get_protocol() of skb->protocol.
 * @param skb the packet whose frame is read.
 * @return the EtherType under the tags (network order), or 0.
 */
static inline __be16 vlan_get_protocol(const struct sk_buff *skb)
{
	return __vlan_get_protocol(skb, skb->protocol, NULL);
}

/** __vlan_get_protocol() that also pulls the MAC header and tags into the
 *  head; 0 when it cannot.
 * @param skb the packet; its head may be reallocated.
 * @param type the EtherType at the mac header (network order).
 * @param depth set to the offset after the last tag, or NULL.
 * @return the inner EtherType (network order), or 0.
 */
static inline __be16 vlan_get_protocol_and_depth(struct sk_buff *skb, __be16 type, int *depth)
{
	int maclen;

	type = __vlan_get_protocol(skb, type, &maclen);
	if (type) {
		if (!pskb_may_pull(skb, (unsigned int)maclen))
			type = 0;
		else if (depth)
			*depth = maclen;
	}
	return type;
}

/** skb->protocol, or the held tag's protocol (@p skip_vlan false), or the
 *  protocol under all tags (@p skip_vlan true).
 * @param skb the packet whose protocol (and held tag, frame tags) are read.
 * @param skip_vlan true to look under tags in the frame too.
 * @return an EtherType (network order); 0 when the frame is cut short.
 */
static inline __be16 skb_protocol(const struct sk_buff *skb, bool skip_vlan)
{
	if (!skip_vlan)
		return skb_vlan_tag_present(skb) ? skb->vlan_proto : skb->protocol;
	return vlan_get_protocol(skb);
}

/**
 * Sets skb->protocol from the tag at @p vhdr: its encapsulated EtherType,
 * or ETH_P_802_3 / ETH_P_802_2 for a length (0xffff after the tag: raw
 * 802.3), as eth_type_trans() decides. Reads two bytes after the tag.
 * @param skb the packet whose protocol is set.
 * @param vhdr the tag in the frame.
 */
static inline void vlan_set_encap_proto(struct sk_buff *skb, const struct vlan_hdr *vhdr)
{
	__be16 proto = vhdr->h_vlan_encapsulated_proto;
	uint16_t raw;

	if (eth_proto_is_802_3(proto)) {
		skb->protocol = proto;
		return;
	}
	memcpy(&raw, vhdr + 1, sizeof(raw));
	skb->protocol = raw == 0xFFFF ? RTE_BE16(ETH_P_802_3) : RTE_BE16(ETH_P_802_2);
}

/**
 * Removes the outer tag of the frame at skb->data (its MAC header): the
 * TCI goes to *vlan_tci, the MAC addresses move up, skb->protocol becomes
 * the encapsulated protocol, VLAN_HLEN is pulled. Returns skb->data. The
 * head must be writable and VLAN_ETH_HLEN (+2) bytes linear; header offsets
 * are the caller's.
 * @param skb the packet whose outer tag is removed.
 * @param vlan_tci set to the removed TCI (host order).
 * @return the new skb->data.
 */
static inline void *vlan_remove_tag(struct sk_buff *skb, uint16_t *vlan_tci)
{
	struct vlan_hdr *vhdr = (struct vlan_hdr *)(skb->data + ETH_HLEN);

	*vlan_tci = rte_be_to_cpu_16(vhdr->h_vlan_TCI);
	memmove(skb->data + VLAN_HLEN, skb->data, 2 * ETH_ALEN);
	vlan_set_encap_proto(skb, vhdr);
	return __skb_pull(skb, VLAN_HLEN);
}

/**
 * True when a tag is held in the skb or skb->protocol is a VLAN one.
 * @param skb the packet whose held tag and protocol are read.
 * @return true when tagged.
 */
static inline bool skb_vlan_tagged(const struct sk_buff *skb)
{
	return skb_vlan_tag_present(skb) || eth_type_vlan(skb->protocol);
}

/** True when the skb has two tags or more (held and in the frame at
 *  skb->data); pulls VLAN_ETH_HLEN into the head to look.
 * @param skb the packet; its head may be reallocated.
 * @return true for two tags or more.
 */
static inline bool skb_vlan_tagged_multi(struct sk_buff *skb)
{
	__be16 protocol = skb->protocol;

	if (!skb_vlan_tag_present(skb)) {
		if (!eth_type_vlan(protocol))
			return false;
		if (!pskb_may_pull(skb, VLAN_ETH_HLEN))
			return false;
		protocol = skb_vlan_eth_hdr(skb)->h_vlan_encapsulated_proto;
	}
	return eth_type_vlan(protocol);
}

/**
 * @p features without the offloads unsafe for a multi-tagged skb.
 * @param skb the packet to send.
 * @param features the device's features.
 * @return @p features, reduced for a multi-tagged skb.
 */
static inline netdev_features_t vlan_features_check(struct sk_buff *skb,
						    netdev_features_t features)
{
	if (skb_vlan_tagged_multi(skb))
		features &= NETIF_F_SG | NETIF_F_HIGHDMA | NETIF_F_HW_CSUM |
			    NETIF_F_FRAGLIST | NETIF_F_HW_VLAN_CTAG_TX;
	return features;
}

/**
 * 0 when the two tags are equal.
 * @param h1 a tag.
 * @param h2 a tag.
 * @return 0 when TCI and encapsulated protocol are equal, non-zero otherwise.
 */
static inline unsigned long compare_vlan_header(const struct vlan_hdr *h1,
						const struct vlan_hdr *h2)
{
	return (unsigned long)((h1->h_vlan_TCI ^ h2->h_vlan_TCI) |
			       (h1->h_vlan_encapsulated_proto ^ h2->h_vlan_encapsulated_proto));
}

/**
 * Removes the outer tag of the frame at skb->data, which must be the mac
 * header (else a warning and -EINVAL): makes VLAN_ETH_HLEN bytes linear and
 * writable (-ENOMEM), adjusts CHECKSUM_COMPLETE, moves the mac header (and
 * a network header left inside the MAC header) and resets mac_len.
 * @param skb the packet, data at the mac header.
 * @param vlan_tci set to the removed TCI (host order).
 * @return 0, -EINVAL or -ENOMEM.
 */
NM_API int __skb_vlan_pop(struct sk_buff *skb, uint16_t *vlan_tci);

/**
 * Drops the held tag, or the frame's outer one when none is held (nothing
 * when the frame is untagged); then moves the frame's next tag, if any, into
 * the skb. skb->data at the mac header. 0 or -errno.
 * @param skb the packet, data at the mac header.
 * @return 0 or a negative errno.
 */
NM_API int skb_vlan_pop(struct sk_buff *skb);

/**
 * Holds (@p vlan_proto, @p vlan_tci) in the skb; a tag held already goes
 * into the frame first (skb->data must be at the mac header, else a
 * warning and -EINVAL), becoming skb->protocol, with the network header
 * moved onto it and CHECKSUM_COMPLETE adjusted. 0 or -ENOMEM.
 * @param skb the packet that holds the new tag.
 * @param vlan_proto TPID (network order).
 * @param vlan_tci TCI (host order).
 * @return 0, -EINVAL or -ENOMEM.
 */
NM_API int skb_vlan_push(struct sk_buff *skb, __be16 vlan_proto, uint16_t vlan_tci);

/**
 * Receive side: moves the tag at skb->data (after eth_type_trans(), with
 * skb->protocol its TPID) into the skb: pulls it (adjusting
 * CHECKSUM_COMPLETE), sets skb->protocol from it, moves the MAC header up
 * against the payload, resets the network header (and an unset transport
 * header) and mac_len. An skb holding a tag already is returned as is.
 * Returns the skb (a clone if it was shared) or NULL after freeing it.
 * @param skb the packet; consumed.
 * @return the skb to use from now on, or NULL.
 */
NM_API struct sk_buff *skb_vlan_untag(struct sk_buff *skb);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_VLAN_H */
