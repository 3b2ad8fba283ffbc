/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ethernet, with the kernel's semantics (net/ethernet/eth.c, skb_eth_push()
 * and skb_eth_pop() of net/core/skbuff.c): eth_type_trans() on receive,
 * eth_get_headlen() for header split, padding to ETH_ZLEN, and pushing or
 * removing an Ethernet header around a network-layer packet.
 */
#include <errno.h>

#include <rte_random.h>

#include <netmem/ether.h>
#include <netmem/flow.h>
#include <netmem/vlan.h>

#include <netmem/skb_csum.h>

#define NM_ARPHRD_ETHER		1	/* uapi linux/if_arp.h */
#define NM_IFF_BROADCAST	0x2	/* uapi linux/if.h */
#define NM_IFF_MULTICAST	0x1000

int eth_header_parse(const struct sk_buff *skb, unsigned char *haddr)
{
	ether_addr_copy(haddr, eth_hdr(skb)->h_source);
	return ETH_ALEN;
}

void eth_random_addr(uint8_t *addr)
{
	uint64_t r = rte_rand();

	memcpy(addr, &r, ETH_ALEN);
	addr[0] &= 0xfe;	/* individual */
	addr[0] |= 0x02;	/* locally administered */
}

void ether_setup(struct net_device *dev)
{
	dev->type = NM_ARPHRD_ETHER;
	dev->hard_header_len = ETH_HLEN;
	dev->mtu = ETH_DATA_LEN;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_DATA_LEN;
	dev->addr_len = ETH_ALEN;
	dev->flags = NM_IFF_BROADCAST | NM_IFF_MULTICAST;
	eth_broadcast_addr(dev->broadcast);
}

__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	uint16_t sap;

	skb->dev = dev;
	skb_reset_mac_header(skb);
	/* skb_pull_inline(): nothing when the frame is shorter. */
	if (likely(skb->len >= ETH_HLEN))
		__skb_pull(skb, ETH_HLEN);
	eth_skb_pkt_type(skb, dev);

	if (likely(eth_proto_is_802_3(eth->h_proto)))
		return eth->h_proto;
	/* A length: raw 802.3 (Novell IPX starts with 0xffff, not a valid
	 * 802.2 DSAP/SSAP pair) or 802.2 LLC. */
	if (skb_copy_bits(skb, 0, &sap, sizeof(sap)) == 0 && sap == 0xFFFF)
		return RTE_BE16(ETH_P_802_3);
	return RTE_BE16(ETH_P_802_2);
}

uint32_t eth_get_headlen(const struct net_device *dev, const void *data, uint32_t len)
{
	const struct ethhdr *eth = (const struct ethhdr *)data;
	struct flow_keys_basic keys;
	uint32_t poff;

	(void)dev;
	if (unlikely(len < sizeof(*eth)))
		return len;
	if (!skb_flow_dissect_flow_keys_basic(NULL, NULL, &keys, data, eth->h_proto,
					      sizeof(*eth), (int)len,
					      FLOW_DISSECTOR_F_PARSE_1ST_FRAG))
		return RTE_MAX((uint32_t)keys.control.thoff, (uint32_t)sizeof(*eth));
	poff = __skb_get_poff(NULL, data, &keys, (int)len);
	return RTE_MIN(poff, len);
}

int skb_eth_push(struct sk_buff *skb, const unsigned char *dst, const unsigned char *src)
{
	struct ethhdr *eth;
	int err;

	if (skb_network_offset(skb) || skb_vlan_tag_present(skb))
		return -EPROTO;
	err = skb_cow_head(skb, sizeof(*eth));
	if (err < 0)
		return err;
	skb_push(skb, sizeof(*eth));
	skb_reset_mac_header(skb);
	skb_reset_mac_len(skb);

	eth = eth_hdr(skb);
	ether_addr_copy(eth->h_dest, dst);
	ether_addr_copy(eth->h_source, src);
	eth->h_proto = skb->protocol;
	skb_postpush_rcsum(skb, eth, sizeof(*eth));
	return 0;
}

int skb_eth_pop(struct sk_buff *skb)
{
	if (!pskb_may_pull(skb, ETH_HLEN) || skb_vlan_tagged(skb) ||
	    skb_network_offset(skb) < ETH_HLEN)
		return -EPROTO;
	skb_pull_rcsum(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	skb_reset_mac_len(skb);
	return 0;
}
