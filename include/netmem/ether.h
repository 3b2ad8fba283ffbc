/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Ethernet helpers with the kernel's names and semantics
 * (linux/etherdevice.h, linux/if_ether.h, net/ethernet/eth.c).
 *
 * struct ethhdr, ETH_ALEN, ETH_HLEN, ETH_ZLEN and the ETH_P_* values come
 * from the system's uapi <linux/if_ether.h>, exactly as the kernel's header
 * wraps it. On top of it: eth_hdr(), the address predicates and copies,
 * eth_type_trans() (what a driver calls on RX), eth_get_headlen() (how much
 * to pull into the head, from the flow dissector), skb_eth_push/pop() and
 * eth_skb_pad().
 *
 * @code
 *	struct net_device dev = { .name = "nm0" };
 *	ether_setup(&dev);                        // broadcast ff:ff:..., ETH_ALEN
 *	eth_hw_addr_set(&dev, mac);
 *	skb->protocol = eth_type_trans(skb, &dev); // pulls 14 bytes, sets pkt_type
 *	if (skb->pkt_type == PACKET_OTHERHOST)
 *		...
 * @endcode
 *
 * As in the kernel, eth_type_trans() classifies a frame PACKET_BROADCAST
 * only when its destination equals dev->broadcast (ether_setup() fills it);
 * a frame to our own address leaves pkt_type as it was (PACKET_HOST, 0, in
 * a new skb). DSA tagging (ETH_P_XDSA) is not modelled.
 */
#ifndef NETMEM_ETHER_H
#define NETMEM_ETHER_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <linux/if_ether.h>

#include <rte_byteorder.h>

#include <netmem/api.h>
#include <netmem/netdevice.h>
#include <netmem/skbuff.h>
#include <netmem/skb_linear.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- packet types (skb->pkt_type), as the uapi linux/if_packet.h -------- */

#define PACKET_HOST		0	/**< to us */
#define PACKET_BROADCAST	1	/**< to all */
#define PACKET_MULTICAST	2	/**< to group */
#define PACKET_OTHERHOST	3	/**< to someone else */
#define PACKET_OUTGOING		4	/**< outgoing of any type */
#define PACKET_LOOPBACK		5	/**< MC/BRD frame looped back */
#define PACKET_USER		6	/**< to user space */
#define PACKET_KERNEL		7	/**< to kernel space */

/* ---- header accessors (linux/if_ether.h) --------------------------------- */

/**
 * The Ethernet header at the skb's mac header.
 * @param skb a packet whose mac header is set (skb_reset_mac_header()).
 * @return a pointer into @p skb's head at the mac header; valid until the head
 *   is reallocated.
 */
static inline struct ethhdr *eth_hdr(const struct sk_buff *skb)
{
	return (struct ethhdr *)skb_mac_header(skb);
}

/**
 * The Ethernet header at skb->data (TX paths, before the mac header is set).
 * @param skb a packet whose data starts at an Ethernet header.
 * @return skb->data as a struct ethhdr pointer.
 */
static inline struct ethhdr *skb_eth_hdr(const struct sk_buff *skb)
{
	return (struct ethhdr *)skb->data;
}

/**
 * The inner Ethernet header of an encapsulated skb.
 * @param skb an encapsulated packet whose inner mac header is set.
 * @return a pointer into @p skb's head at the inner mac header.
 */
static inline struct ethhdr *inner_eth_hdr(const struct sk_buff *skb)
{
	return (struct ethhdr *)(skb->head + skb->inner_mac_header);
}

/** Copies the source address of the skb's Ethernet header to @p haddr;
 *  returns ETH_ALEN.
 * @param skb a packet whose mac header is set.
 * @param haddr buffer of at least ETH_ALEN bytes for the source address.
 * @return ETH_ALEN, the bytes written.
 */
NM_API int eth_header_parse(const struct sk_buff *skb, unsigned char *haddr);

/* ---- addresses (linux/etherdevice.h) ------------------------------------- */

/**
 * True when @p proto (network order) is an EtherType, not an 802.3 length.
 * @param proto the type/length field of an Ethernet header (network order).
 * @return true when the field is >= ETH_P_802_3_MIN (0x0600), an EtherType;
 *   false for an 802.3 length.
 */
static inline bool eth_proto_is_802_3(__be16 proto)
{
	return rte_be_to_cpu_16(proto) >= ETH_P_802_3_MIN;
}

/**
 * True for 01:80:c2:00:00:0X, the 802.1D link-local group addresses.
 * @param addr ETH_ALEN bytes.
 * @return true for 01:80:c2:00:00:00..0f.
 */
static inline bool is_link_local_ether_addr(const uint8_t *addr)
{
	static const uint8_t base[ETH_ALEN] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 };

	return memcmp(addr, base, ETH_ALEN - 1) == 0 && (addr[5] & 0xf0) == 0;
}

/**
 * True for 00:00:00:00:00:00.
 * @param addr ETH_ALEN bytes.
 * @return true when all six octets are 0.
 */
static inline bool is_zero_ether_addr(const uint8_t *addr)
{
	static const uint8_t zero[ETH_ALEN] = { 0 };

	return memcmp(addr, zero, ETH_ALEN) == 0;
}

/**
 * True for a group address (the I/G bit, first octet bit 0).
 * @param addr ETH_ALEN bytes.
 * @return true when the I/G bit is set (multicast or broadcast).
 */
static inline bool is_multicast_ether_addr(const uint8_t *addr)
{
	return addr[0] & 0x01;
}

/**
 * is_multicast_ether_addr(); the kernel's reads 8 bytes, this one does not.
 * @param addr ETH_ALEN bytes (6 are read).
 * @return true when the I/G bit is set.
 */
static inline bool is_multicast_ether_addr_64bits(const uint8_t *addr)
{
	return is_multicast_ether_addr(addr);
}

/**
 * True for a locally administered address (the U/L bit, first octet bit 1).
 * @param addr ETH_ALEN bytes.
 * @return true when the U/L bit is set.
 */
static inline bool is_local_ether_addr(const uint8_t *addr)
{
	return addr[0] & 0x02;
}

/**
 * True for ff:ff:ff:ff:ff:ff.
 * @param addr ETH_ALEN bytes.
 * @return true when all six octets are 0xff.
 */
static inline bool is_broadcast_ether_addr(const uint8_t *addr)
{
	return (addr[0] & addr[1] & addr[2] & addr[3] & addr[4] & addr[5]) == 0xff;
}

/**
 * True for an individual (not group) address.
 * @param addr ETH_ALEN bytes.
 * @return true when the I/G bit is clear.
 */
static inline bool is_unicast_ether_addr(const uint8_t *addr)
{
	return !is_multicast_ether_addr(addr);
}

/**
 * True for an address a device may have: not a group address, not zero.
 * @param addr ETH_ALEN bytes.
 * @return true when @p addr is neither a group address nor all zeros.
 */
static inline bool is_valid_ether_addr(const uint8_t *addr)
{
	return !is_multicast_ether_addr(addr) && !is_zero_ether_addr(addr);
}

/**
 * Fills @p addr with a random locally administered unicast address.
 * @param addr ETH_ALEN bytes, overwritten: U/L bit set, I/G bit clear.
 */
NM_API void eth_random_addr(uint8_t *addr);

/**
 * Sets @p addr to ff:ff:ff:ff:ff:ff.
 * @param addr ETH_ALEN bytes, overwritten.
 */
static inline void eth_broadcast_addr(uint8_t *addr)
{
	memset(addr, 0xff, ETH_ALEN);
}

/**
 * Sets @p addr to 00:00:00:00:00:00.
 * @param addr ETH_ALEN bytes, overwritten.
 */
static inline void eth_zero_addr(uint8_t *addr)
{
	memset(addr, 0x00, ETH_ALEN);
}

/**
 * Copies an Ethernet address (any alignment here; the kernel wants 2).
 * @param dst ETH_ALEN bytes to write.
 * @param src ETH_ALEN bytes to read; must not overlap @p dst.
 */
static inline void ether_addr_copy(uint8_t *dst, const uint8_t *src)
{
	memcpy(dst, src, ETH_ALEN);
}

/**
 * True when the two addresses are equal.
 * @param addr1 ETH_ALEN bytes.
 * @param addr2 ETH_ALEN bytes.
 * @return true when all six octets are equal.
 */
static inline bool ether_addr_equal(const uint8_t *addr1, const uint8_t *addr2)
{
	uint32_t a, b;
	uint16_t c, d;

	memcpy(&a, addr1, 4);
	memcpy(&b, addr2, 4);
	memcpy(&c, addr1 + 4, 2);
	memcpy(&d, addr2 + 4, 2);
	return ((a ^ b) | (uint32_t)(c ^ d)) == 0;
}

/**
 * ether_addr_equal(); the kernel's reads 8 bytes, this one reads 6.
 * @param addr1 ETH_ALEN bytes (6 are read).
 * @param addr2 ETH_ALEN bytes (6 are read).
 * @return true when all six octets are equal.
 */
static inline bool ether_addr_equal_64bits(const uint8_t *addr1, const uint8_t *addr2)
{
	return ether_addr_equal(addr1, addr2);
}

/**
 * ether_addr_equal() for addresses of any alignment.
 * @param addr1 ETH_ALEN bytes, any alignment.
 * @param addr2 ETH_ALEN bytes, any alignment.
 * @return true when all six octets are equal.
 */
static inline bool ether_addr_equal_unaligned(const uint8_t *addr1, const uint8_t *addr2)
{
	return memcmp(addr1, addr2, ETH_ALEN) == 0;
}

/**
 * True when the addresses are equal in the bits set in @p mask.
 * @param addr1 ETH_ALEN bytes.
 * @param addr2 ETH_ALEN bytes.
 * @param mask ETH_ALEN bytes; only the bits set here are compared.
 * @return true when no masked bit differs.
 */
static inline bool ether_addr_equal_masked(const uint8_t *addr1, const uint8_t *addr2,
					   const uint8_t *mask)
{
	int i;

	for (i = 0; i < ETH_ALEN; i++)
		if ((addr1[i] ^ addr2[i]) & mask[i])
			return false;
	return true;
}

/**
 * The address as a number, first octet most significant.
 * @param addr ETH_ALEN bytes.
 * @return the 48-bit value of the address in the low bits.
 */
static inline uint64_t ether_addr_to_u64(const uint8_t *addr)
{
	uint64_t u = 0;
	int i;

	for (i = 0; i < ETH_ALEN; i++)
		u = u << 8 | addr[i];
	return u;
}

/**
 * The inverse of ether_addr_to_u64().
 * @param u a value whose low 48 bits are the address.
 * @param addr ETH_ALEN bytes, overwritten, first octet from bits 47..40.
 */
static inline void u64_to_ether_addr(uint64_t u, uint8_t *addr)
{
	int i;

	for (i = ETH_ALEN - 1; i >= 0; i--) {
		addr[i] = (uint8_t)u;
		u >>= 8;
	}
}

/**
 * Adds 1 to the address (carrying through all 48 bits).
 * @param addr ETH_ALEN bytes, incremented in place (ff:..:ff wraps to 0).
 */
static inline void eth_addr_inc(uint8_t *addr)
{
	u64_to_ether_addr(ether_addr_to_u64(addr) + 1, addr);
}

/**
 * Subtracts 1 from the address.
 * @param addr ETH_ALEN bytes, decremented in place (0 wraps to ff:..:ff).
 */
static inline void eth_addr_dec(uint8_t *addr)
{
	u64_to_ether_addr(ether_addr_to_u64(addr) - 1, addr);
}

/**
 * Sets @p dev's hardware address to the ETH_ALEN bytes at @p addr.
 * @param dev the device whose dev_addr is written.
 * @param addr ETH_ALEN bytes.
 */
static inline void eth_hw_addr_set(struct net_device *dev, const uint8_t *addr)
{
	memcpy(dev->dev_addr, addr, ETH_ALEN);
}

/**
 * Copies @p src's hardware address (and its length) to @p dst.
 * @param dst the device given the address.
 * @param src the device whose address and addr_len are copied.
 */
static inline void eth_hw_addr_inherit(struct net_device *dst, struct net_device *src)
{
	dst->addr_len = src->addr_len;
	memcpy(dst->dev_addr, src->dev_addr, ETH_ALEN);
}

/**
 * Gives @p dev a random locally administered address.
 * @param dev the device given a new random dev_addr.
 */
static inline void eth_hw_addr_random(struct net_device *dev)
{
	uint8_t addr[ETH_ALEN];

	eth_random_addr(addr);
	eth_hw_addr_set(dev, addr);
}

/**
 * Fills the Ethernet fields of @p dev as the kernel's ether_setup(): type
 * ARPHRD_ETHER, hard_header_len ETH_HLEN, mtu and max_mtu ETH_DATA_LEN,
 * min_mtu ETH_MIN_MTU, addr_len ETH_ALEN, IFF_BROADCAST | IFF_MULTICAST and
 * the broadcast address ff:ff:ff:ff:ff:ff.
 * @param dev a device being set up (alloc_netdev() calls it through its setup
 *   callback, as alloc_etherdev() does).
 */
NM_API void ether_setup(struct net_device *dev);

/* ---- receive --------------------------------------------------------------- */

/**
 * Sets skb->pkt_type from the destination address at the mac header:
 * PACKET_OTHERHOST for another unicast address, PACKET_BROADCAST for
 * dev->broadcast, PACKET_MULTICAST for other group addresses. A frame to
 * dev->dev_addr leaves pkt_type unchanged, as the kernel's.
 * @param skb a received frame whose mac header is set.
 * @param dev the receiving device (its dev_addr and broadcast address).
 */
static inline void eth_skb_pkt_type(struct sk_buff *skb, const struct net_device *dev)
{
	const struct ethhdr *eth = eth_hdr(skb);

	if (ether_addr_equal_64bits(eth->h_dest, dev->dev_addr))
		return;
	if (is_multicast_ether_addr_64bits(eth->h_dest)) {
		if (ether_addr_equal_64bits(eth->h_dest, dev->broadcast))
			skb->pkt_type = PACKET_BROADCAST;
		else
			skb->pkt_type = PACKET_MULTICAST;
	} else {
		skb->pkt_type = PACKET_OTHERHOST;
	}
}

/**
 * Takes a received frame with skb->data at its Ethernet header: sets
 * skb->dev, the mac header and pkt_type, pulls ETH_HLEN, and returns the
 * protocol for skb->protocol: the EtherType when it is one (>= 0x0600),
 * else htons(ETH_P_802_3) for raw 802.3 (IPX: payload starts 0xffff) or
 * htons(ETH_P_802_2) for an LLC frame. The caller assigns skb->protocol.
 * A frame shorter than ETH_HLEN is not pulled (the kernel's
 * skb_pull_inline()), as in the kernel; drivers never hand one in.
 * @param skb a received frame, skb->data at the Ethernet header; pulled past
 *   it.
 * @param dev the receiving device, stored in skb->dev.
 * @return the protocol to store in skb->protocol (network order).
 */
NM_API __be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);

/**
 * The length of the headers (L2 to L4) of the frame at @p data, @p len
 * bytes long: how much a driver copies into the head of a header-split
 * frame. Parsed by the flow dissector (Ethernet, VLAN, IPv4, IPv6 with
 * extension headers and first fragments, TCP with options, UDP, ICMP);
 * never more than @p len, never less than ETH_HLEN when @p len allows.
 * @param dev the receiving device (unused here).
 * @param data start of the frame (its Ethernet header).
 * @param len bytes readable at @p data.
 * @return the header length in bytes, between ETH_HLEN (or @p len when shorter)
 *   and @p len.
 */
NM_API uint32_t eth_get_headlen(const struct net_device *dev, const void *data,
				uint32_t len);

/**
 * Pads the frame with zeros to ETH_ZLEN (60) bytes: skb_put_padto(skb,
 * ETH_ZLEN). 0, or -ENOMEM after freeing the skb (the kernel's rule: a
 * caller that gets an error must not touch the skb again). A short
 * nonlinear or cloned skb gets a private, linear head first.
 * @param skb a frame to send; freed when padding fails.
 * @return 0 (@p skb at least ETH_ZLEN bytes long), or -ENOMEM with @p skb
 *   freed.
 */
static inline int eth_skb_pad(struct sk_buff *skb)
{
	return skb_put_padto(skb, ETH_ZLEN);
}

/**
 * Prepends an Ethernet header (@p dst, @p src, skb->protocol) to a packet
 * whose data starts at its network header; resets the mac header and
 * mac_len, adjusts a CHECKSUM_COMPLETE csum. -EPROTO when skb->data is not
 * at the network header or a VLAN tag is held in the skb, -ENOMEM.
 * @param skb a packet whose data starts at its network header.
 * @param dst destination address, ETH_ALEN bytes.
 * @param src source address, ETH_ALEN bytes.
 * @return 0; -EPROTO (data not at the network header, a VLAN tag held) or
 *   -ENOMEM, @p skb unchanged and still the caller's.
 */
NM_API int skb_eth_push(struct sk_buff *skb, const unsigned char *dst,
			const unsigned char *src);

/**
 * Removes the Ethernet header at skb->data (which must end at or before the
 * network header); -EPROTO for a VLAN-tagged skb or a short one.
 * @param skb a packet whose data starts at its Ethernet header.
 * @return 0 with the header pulled and the mac header reset; -EPROTO.
 */
NM_API int skb_eth_pop(struct sk_buff *skb);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_ETHER_H */
