/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Per-packet metadata with the kernel's names and semantics: the flow hash
 * (skb_set_hash, skb_get_hash and the flow dissector behind it), the RX
 * queue and TX queue mapping, and timestamps (linux/skbuff.h,
 * net/flow_dissector.h, net/core/flow_dissector.c).
 *
 * The flow dissector here is a subset of the kernel's: Ethernet
 * (skb->protocol), 802.1Q/802.1ad tags (held in the skb and in the frame,
 * QinQ), IPv4 (fragments), IPv6 (hop-by-hop, routing, destination and
 * fragment headers, the flow label), IP-in-IP and IPv6-in-IP, and the ports
 * of TCP, UDP, UDP-Lite, DCCP and SCTP (the SPI of ESP and AH). GRE, MPLS,
 * PPPoE, ARP and the other protocols of the kernel's end the dissection
 * (as an unknown protocol does there).
 *
 * skb_get_hash() computes, like the kernel's __skb_get_hash(), a hash of the
 * flow keys (protocols, outer VLAN tag, IPv6 flow label, ports, addresses)
 * after ordering addresses and ports so both directions of a flow hash
 * alike; the hash is never 0; skb->sw_hash is set, skb->l4_hash when ports
 * or a flow label were found. The hash VALUES differ from the kernel's,
 * which hashes with siphash and a key chosen at random at each boot (so no
 * two kernels agree either): compare hashes with each other, never with
 * constants.
 *
 * @code
 *	skb_set_hash(skb, rss, PKT_HASH_TYPE_L4);   // from the NIC
 *	u32 h = skb_get_hash(skb);                 // software hash if none
 *	skb_record_rx_queue(skb, qid);
 * @endcode
 */
#ifndef NETMEM_FLOW_H
#define NETMEM_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include <netinet/in.h>

#include <netmem/api.h>
#include <netmem/skbuff.h>

#ifdef __cplusplus
extern "C" {
#endif

struct net;

/* ---- flow dissector (net/flow_dissector.h) -------------------------------- */

/** Keys; the numbering is the kernel's. */
enum flow_dissector_key_id {
	FLOW_DISSECTOR_KEY_CONTROL,
	FLOW_DISSECTOR_KEY_BASIC,
	FLOW_DISSECTOR_KEY_IPV4_ADDRS,
	FLOW_DISSECTOR_KEY_IPV6_ADDRS,
	FLOW_DISSECTOR_KEY_PORTS,
	FLOW_DISSECTOR_KEY_PORTS_RANGE,
	FLOW_DISSECTOR_KEY_ICMP,
	FLOW_DISSECTOR_KEY_ETH_ADDRS,
	FLOW_DISSECTOR_KEY_TIPC,
	FLOW_DISSECTOR_KEY_ARP,
	FLOW_DISSECTOR_KEY_VLAN,
	FLOW_DISSECTOR_KEY_FLOW_LABEL,
};

/* flow_dissector_key_control.flags */
#define FLOW_DIS_IS_FRAGMENT	(1u << 0)	/**< an IP fragment */
#define FLOW_DIS_FIRST_FRAG	(1u << 1)	/**< ... the first one */
#define FLOW_DIS_ENCAPSULATION	(1u << 6)	/**< passed an IP-in-IP header */

/* flags of the dissection */
#define FLOW_DISSECTOR_F_PARSE_1ST_FRAG		(1u << 0) /**< L4 of a first fragment too */
#define FLOW_DISSECTOR_F_STOP_AT_FLOW_LABEL	(1u << 1) /**< IPv6 with a label: stop there */
#define FLOW_DISSECTOR_F_STOP_AT_ENCAP		(1u << 2) /**< stop after an IP-in-IP header */
#define FLOW_DISSECTOR_F_STOP_BEFORE_ENCAP	(1u << 3) /**< stop at an IP-in-IP header */

/** Where the dissection ended. */
struct flow_dissector_key_control {
	uint16_t thoff;			/**< L4 header offset (or where it stopped) */
	uint16_t addr_type;		/**< FLOW_DISSECTOR_KEY_IPV4/IPV6_ADDRS, or 0 */
	uint32_t flags;			/**< FLOW_DIS_* */
};

/** The protocols found. */
struct flow_dissector_key_basic {
	__be16 n_proto;			/**< last network protocol, e.g. htons(ETH_P_IP) */
	uint8_t ip_proto;		/**< IPPROTO_* */
	uint8_t padding;	/**< unused */
};

/** The IPv6 flow label (host order). */
struct flow_dissector_key_tags {
	uint32_t flow_label;	/**< flow label, host order */
};

/** The outer VLAN tag. */
struct flow_dissector_key_vlan {
	uint16_t vlan_id;		/**< VID; the kernel packs id, DEI, priority */
	uint8_t vlan_dei;	/**< drop eligible indicator */
	uint8_t vlan_priority;	/**< priority code point */
	__be16 vlan_tpid;		/**< ETH_P_8021Q / ETH_P_8021AD */
	__be16 vlan_eth_type;		/**< the protocol after it */
};

/** A tunnel key (not filled here: GRE is not dissected). */
struct flow_dissector_key_keyid {
	__be32 keyid;	/**< the key */
};

/** L4 ports (network order); the SPI for ESP and AH. */
struct flow_dissector_key_ports {
	union {
		__be32 ports;
		struct {
			__be16 src;
			__be16 dst;
		};
	};
};

/** IPv4 addresses (network order). */
struct flow_dissector_key_ipv4_addrs {
	__be32 src;	/**< source address */
	__be32 dst;	/**< destination address */
};

/** IPv6 addresses. */
struct flow_dissector_key_ipv6_addrs {
	struct in6_addr src;	/**< source address */
	struct in6_addr dst;	/**< destination address */
};

/** The addresses: IPv4 or IPv6 (control.addr_type says which). */
struct flow_dissector_key_addrs {
	union {
		struct flow_dissector_key_ipv4_addrs v4addrs;
		struct flow_dissector_key_ipv6_addrs v6addrs;
	};
};

/** What skb_get_hash() dissects; @c addrs stays last (it is hashed only as
 *  far as addr_type says). */
struct flow_keys {
	/** how far the dissector got, address type */
	struct flow_dissector_key_control control;
	struct flow_dissector_key_basic basic;		/**< hashed from here */
	struct flow_dissector_key_tags tags;	/**< IPv6 flow label */
	struct flow_dissector_key_vlan vlan;	/**< outer VLAN tag */
	struct flow_dissector_key_keyid keyid;	/**< tunnel key */
	struct flow_dissector_key_ports ports;	/**< L4 ports */
	struct flow_dissector_key_addrs addrs;	/**< addresses (last) */
};

/** What eth_get_headlen() and skb_get_poff() dissect. */
struct flow_keys_basic {
	struct flow_dissector_key_control control;	/**< how far the dissector got */
	struct flow_dissector_key_basic basic;	/**< the protocols found */
};

/**
 * Dissects the packet of @p skb (from its network header: skb->protocol,
 * or the held VLAN tag's protocol) into @p flow, which is cleared first.
 * @p flags: FLOW_DISSECTOR_F_*. True when the headers parsed.
 * @param skb the packet, network header set; not changed.
 * @param flow keys to fill (cleared first).
 * @param flags FLOW_DISSECTOR_F_* (stop at the first fragment, at
 *   encapsulation...).
 * @return true when the headers parsed and @p flow is filled; false for a
 *   truncated or unknown packet (@p flow holds what was found).
 */
NM_API bool skb_flow_dissect_flow_keys(const struct sk_buff *skb, struct flow_keys *flow,
				       unsigned int flags);

/**
 * Dissects control and basic keys only: of @p data (@p hlen bytes, protocol
 * @p proto, network header at @p nhoff) when @p data is given, else of
 * @p skb as skb_flow_dissect_flow_keys(). @p net is ignored.
 * @param net network namespace (ignored).
 * @param skb the packet, used when @p data is NULL.
 * @param flow control and basic keys to fill (cleared first).
 * @param data linear headers to dissect instead of @p skb, or NULL.
 * @param proto EtherType of @p data (network order).
 * @param nhoff offset of the network header in @p data.
 * @param hlen bytes readable at @p data.
 * @param flags FLOW_DISSECTOR_F_*.
 * @return true when the headers parsed.
 */
NM_API bool skb_flow_dissect_flow_keys_basic(const struct net *net, const struct sk_buff *skb,
					     struct flow_keys_basic *flow, const void *data,
					     __be16 proto, int nhoff, int hlen, unsigned int flags);

/** The payload offset after the L4 header found in @p keys: TCP with its
 *  options, UDP, ICMP, ICMPv6, IGMP, DCCP, SCTP; thoff for others and for
 *  later fragments.
 * @param skb the packet, read when @p data is NULL.
 * @param data linear headers, or NULL to read from @p skb.
 * @param keys the dissected keys (thoff, ip_proto).
 * @param hlen bytes readable at @p data.
 * @return the payload's offset from the start of @p data (or skb->data), as
 *   keys->control.thoff is; thoff itself when the TCP header cannot be read.
 */
NM_API uint32_t __skb_get_poff(const struct sk_buff *skb, const void *data,
			       const struct flow_keys_basic *keys, int hlen);

/**
 * __skb_get_poff() of the skb's own headers; 0 when they do not parse.
 * @param skb the packet, network header set.
 * @return the payload's offset from skb->data, 0 when the headers do not
 *   parse.
 */
NM_API uint32_t skb_get_poff(const struct sk_buff *skb);

/** The hash of @p keys, after ordering their addresses and ports (in
 *  place) so both directions agree; never 0.
 * @param keys dissected keys; addresses and ports are swapped in place into a
 *   canonical order.
 * @return the flow hash, never 0, the same for both directions.
 */
NM_API uint32_t flow_hash_from_keys(struct flow_keys *keys);

/**
 * True when the keys hold ports or an IPv6 flow label.
 * @param keys dissected keys.
 * @return true when ports or a flow label were found.
 */
static inline bool flow_keys_have_l4(const struct flow_keys *keys)
{
	return keys->ports.ports || keys->tags.flow_label;
}

/* ---- the flow hash (linux/skbuff.h) ---------------------------------------- */

/** What a hash given to skb_set_hash() covers. */
enum pkt_hash_types {
	PKT_HASH_TYPE_NONE,	/**< undefined type */
	PKT_HASH_TYPE_L2,	/**< input: src_MAC, dest_MAC */
	PKT_HASH_TYPE_L3,	/**< input: src_IP, dst_IP */
	PKT_HASH_TYPE_L4,	/**< input: src_IP, dst_IP, src_port, dst_port */
};

/**
 * Forgets the hash.
 * @param skb the packet; hash, sw_hash and l4_hash become 0.
 */
static inline void skb_clear_hash(struct sk_buff *skb)
{
	skb->hash = 0;
	skb->sw_hash = 0;
	skb->l4_hash = 0;
}

/**
 * Forgets the hash unless it covers L4.
 * @param skb the packet whose hash is cleared unless l4_hash is set.
 */
static inline void skb_clear_hash_if_not_l4(struct sk_buff *skb)
{
	if (!skb->l4_hash)
		skb_clear_hash(skb);
}

/**
 * Sets skb->hash to @p hash, with its sw_hash and l4_hash bits.
 * @param skb the packet whose hash, sw_hash and l4_hash are written.
 * @param hash the hash value.
 * @param is_sw true when software computed it.
 * @param is_l4 true when it covers the L4 ports.
 */
static inline void __skb_set_hash(struct sk_buff *skb, uint32_t hash, bool is_sw, bool is_l4)
{
	skb->l4_hash = is_l4;
	skb->sw_hash = is_sw;
	skb->hash = hash;
}

/**
 * Sets a hash the hardware computed; @p type PKT_HASH_TYPE_L4 sets l4_hash.
 * @param skb the received packet whose hash is written (sw_hash cleared).
 * @param hash the hash the device reported (e.g. the RSS hash).
 * @param type what the hash covers (PKT_HASH_TYPE_*).
 */
static inline void skb_set_hash(struct sk_buff *skb, uint32_t hash, enum pkt_hash_types type)
{
	__skb_set_hash(skb, hash, false, type == PKT_HASH_TYPE_L4);
}

/**
 * Sets a hash software computed.
 * @param skb the packet whose hash is written (sw_hash set).
 * @param hash the hash value.
 * @param is_l4 true when it covers the L4 ports.
 */
static inline void __skb_set_sw_hash(struct sk_buff *skb, uint32_t hash, bool is_l4)
{
	__skb_set_hash(skb, hash, true, is_l4);
}

/**
 * Computes the software flow hash into skb->hash (see the file comment).
 * @param skb the packet, network header set; skb->hash, sw_hash and l4_hash
 *   set.
 */
NM_API void __skb_get_hash(struct sk_buff *skb);

/**
 * The flow hash: skb->hash when it covers L4 or software computed it, else
 * computed now from the headers (a hardware L2/L3 hash is replaced, as in
 * the kernel).
 * @param skb the packet; its hash may be computed and stored.
 * @return the flow hash; 0 when none could be computed.
 */
static inline uint32_t skb_get_hash(struct sk_buff *skb)
{
	if (!skb->l4_hash && !skb->sw_hash)
		__skb_get_hash(skb);
	return skb->hash;
}

/**
 * skb->hash as it is.
 * @param skb the packet whose stored hash is read.
 * @return skb->hash, 0 when unset; never computed here.
 */
static inline uint32_t skb_get_hash_raw(const struct sk_buff *skb)
{
	return skb->hash;
}

/**
 * Copies the hash and its kind from @p from.
 * @param to the packet receiving the hash.
 * @param from the packet whose hash is copied.
 */
static inline void skb_copy_hash(struct sk_buff *to, const struct sk_buff *from)
{
	to->hash = from->hash;
	to->sw_hash = from->sw_hash;
	to->l4_hash = from->l4_hash;
}

/* ---- queues ------------------------------------------------------------------ */

/**
 * Sets the TX queue.
 * @param skb the packet whose queue_mapping is written.
 * @param queue_mapping TX queue index.
 */
static inline void skb_set_queue_mapping(struct sk_buff *skb, uint16_t queue_mapping)
{
	skb->queue_mapping = queue_mapping;
}

/**
 * The TX queue.
 * @param skb the packet whose queue_mapping is read.
 * @return skb->queue_mapping (on RX, the recorded queue + 1).
 */
static inline uint16_t skb_get_queue_mapping(const struct sk_buff *skb)
{
	return skb->queue_mapping;
}

/**
 * Copies the queue mapping of @p from to @p to.
 * @param to the packet written.
 * @param from the packet read.
 */
static inline void skb_copy_queue_mapping(struct sk_buff *to, const struct sk_buff *from)
{
	to->queue_mapping = from->queue_mapping;
}

/**
 * Records the RX queue (stored as queue + 1, 0 meaning none, as the kernel).
 * @param skb a received packet.
 * @param rx_queue the RX queue it came from.
 */
static inline void skb_record_rx_queue(struct sk_buff *skb, uint16_t rx_queue)
{
	skb->queue_mapping = (uint16_t)(rx_queue + 1);
}

/**
 * The recorded RX queue (0xffff when none was).
 * @param skb a received packet.
 * @return the recorded RX queue; 0xffff when none was recorded.
 */
static inline uint16_t skb_get_rx_queue(const struct sk_buff *skb)
{
	return (uint16_t)(skb->queue_mapping - 1);
}

/**
 * True when an RX queue was recorded.
 * @param skb a packet.
 * @return true after skb_record_rx_queue().
 */
static inline bool skb_rx_queue_recorded(const struct sk_buff *skb)
{
	return skb->queue_mapping != 0;
}

/* ---- timestamps ------------------------------------------------------------ */

/**
 * The hardware timestamps of the skb's data (in its shared info).
 * @param skb the packet whose shared info holds the timestamps.
 * @return a pointer to the timestamps in its shared info (shared by clones).
 */
static inline struct skb_shared_hwtstamps *skb_hwtstamps(struct sk_buff *skb)
{
	return &skb_shinfo(skb)->hwtstamps;
}

/**
 * Drivers call this right before handing the frame to the hardware. The
 * kernel takes the software TX timestamp and a PTP clone here; libnetmem
 * has no socket error queue to report them to, so it does nothing.
 * @param skb the frame about to be sent (unused).
 */
static inline void skb_tx_timestamp(struct sk_buff *skb)
{
	(void)skb;
}

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_FLOW_H */
