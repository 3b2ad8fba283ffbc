/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small flow dissector with the kernel's rules (net/core/flow_dissector.c)
 * for what skb_get_hash() and eth_get_headlen() need: L2 tags, IPv4, IPv6
 * and its extension headers, IP-in-IP, L4 ports. The loop structure follows
 * the kernel's: a network-protocol step (proto_again) and a transport-
 * protocol step (ip_proto_again), each repeat counted against
 * MAX_FLOW_DISSECT_HDRS; at the end thoff is where parsing stopped.
 */
#include <rte_jhash.h>

#include <netmem/flow.h>
#include <netmem/vlan.h>

#include "skb_priv.h"

#define MAX_FLOW_DISSECT_HDRS	15

#define NM_IPPROTO_HOPOPTS	0
#define NM_IPPROTO_ICMP		1
#define NM_IPPROTO_IGMP		2
#define NM_IPPROTO_IPIP		4
#define NM_IPPROTO_TCP		6
#define NM_IPPROTO_UDP		17
#define NM_IPPROTO_DCCP		33
#define NM_IPPROTO_IPV6		41
#define NM_IPPROTO_ROUTING	43
#define NM_IPPROTO_FRAGMENT	44
#define NM_IPPROTO_ESP		50
#define NM_IPPROTO_AH		51
#define NM_IPPROTO_ICMPV6	58
#define NM_IPPROTO_DSTOPTS	60
#define NM_IPPROTO_SCTP		132
#define NM_IPPROTO_UDPLITE	136

#define NM_IP_MF		0x2000
#define NM_IP_OFFSET		0x1fff
#define NM_IP6_OFFSET		0xfff8
#define NM_IPV6_FLOWLABEL_MASK	0x000fffff

/* Header sizes __skb_get_poff() adds. */
#define NM_TCP_HLEN_MIN		20
#define NM_UDP_HLEN		8
#define NM_ICMP_HLEN		8
#define NM_ICMP6_HLEN		8
#define NM_IGMP_HLEN		8
#define NM_DCCP_HLEN		12
#define NM_SCTP_HLEN		12

/* A fixed seed: the kernel's is random per boot (hash values never match). */
#define NM_FLOW_HASH_SEED	0x5eed1e55u

/* Headers as they lie in frames: an IPv4 header after a 14-byte Ethernet
 * header is only 2-byte aligned (NET_IP_ALIGN is 0), hence packed. */
struct __attribute__((packed)) nm_iphdr {
	uint8_t ver_ihl;
	uint8_t tos;
	__be16 tot_len;
	__be16 id;
	__be16 frag_off;
	uint8_t ttl;
	uint8_t protocol;
	__sum16 check;
	__be32 saddr;
	__be32 daddr;
};

struct __attribute__((packed)) nm_ipv6hdr {
	__be32 ver_tc_flow;
	__be16 payload_len;
	uint8_t nexthdr;
	uint8_t hop_limit;
	struct in6_addr saddr;
	struct in6_addr daddr;
};

struct __attribute__((packed)) nm_frag_hdr {
	uint8_t nexthdr;
	uint8_t reserved;
	__be16 frag_off;
	__be32 identification;
};

enum dissect_ret { DISSECT_OUT_GOOD, DISSECT_OUT_BAD, DISSECT_PROTO_AGAIN,
		   DISSECT_IPPROTO_AGAIN, DISSECT_CONTINUE };

/* Offset of the "ports" in an L4 header, or -1 (proto_ports_offset()). */
static int proto_ports_offset(uint8_t proto)
{
	switch (proto) {
	case NM_IPPROTO_TCP:
	case NM_IPPROTO_UDP:
	case NM_IPPROTO_DCCP:
	case NM_IPPROTO_ESP:
	case NM_IPPROTO_SCTP:
	case NM_IPPROTO_UDPLITE:
		return 0;
	case NM_IPPROTO_AH:
		return 4;
	default:
		return -1;
	}
}

static inline const void *hdr(const struct sk_buff *skb, int off, int len, const void *data,
			      int hlen, void *buf)
{
	return __skb_header_pointer(skb, off, len, data, hlen, buf);
}

/* One tag: the held one first (proto comes from skb->protocol), then those
 * in the frame. Only the outermost is a key, as in the kernel's flow_keys. */
static enum dissect_ret dissect_vlan(const struct sk_buff *skb, struct flow_keys *k,
				     __be16 *proto, int *nhoff, const void *data, int hlen,
				     int *nvlan)
{
	__be16 tpid = *proto;
	uint16_t tci;

	if (*nvlan == 0 && skb && skb_vlan_tag_present(skb)) {
		*proto = skb->protocol;
		tci = skb_vlan_tag_get(skb);
	} else {
		struct vlan_hdr _vh;
		const struct vlan_hdr *vh = hdr(skb, *nhoff, sizeof(_vh), data, hlen, &_vh);

		if (!vh)
			return DISSECT_OUT_BAD;
		*proto = vh->h_vlan_encapsulated_proto;
		*nhoff += (int)sizeof(*vh);
		tci = rte_be_to_cpu_16(vh->h_vlan_TCI);
	}
	if (++*nvlan == 1) {
		k->vlan.vlan_id = tci & VLAN_VID_MASK;
		k->vlan.vlan_dei = !!(tci & VLAN_CFI_MASK);
		k->vlan.vlan_priority = (uint8_t)((tci & VLAN_PRIO_MASK) >> VLAN_PRIO_SHIFT);
		k->vlan.vlan_tpid = tpid;
		k->vlan.vlan_eth_type = *proto;
	}
	return DISSECT_PROTO_AGAIN;
}

static enum dissect_ret dissect_ipv4(const struct sk_buff *skb, struct flow_keys *k,
				     uint8_t *ip_proto, int *nhoff, const void *data, int hlen,
				     unsigned int flags)
{
	struct nm_iphdr _iph;
	const struct nm_iphdr *iph = hdr(skb, *nhoff, sizeof(_iph), data, hlen, &_iph);
	unsigned int ihl;
	uint16_t frag;

	if (!iph || (ihl = iph->ver_ihl & 0x0f) < 5)
		return DISSECT_OUT_BAD;
	*nhoff += (int)ihl * 4;
	*ip_proto = iph->protocol;
	k->addrs.v4addrs.src = iph->saddr;
	k->addrs.v4addrs.dst = iph->daddr;
	k->control.addr_type = FLOW_DISSECTOR_KEY_IPV4_ADDRS;

	frag = rte_be_to_cpu_16(iph->frag_off);
	if (frag & (NM_IP_MF | NM_IP_OFFSET)) {
		k->control.flags |= FLOW_DIS_IS_FRAGMENT;
		if (frag & NM_IP_OFFSET)
			return DISSECT_OUT_GOOD;
		k->control.flags |= FLOW_DIS_FIRST_FRAG;
		if (!(flags & FLOW_DISSECTOR_F_PARSE_1ST_FRAG))
			return DISSECT_OUT_GOOD;
	}
	return DISSECT_IPPROTO_AGAIN;
}

static enum dissect_ret dissect_ipv6(const struct sk_buff *skb, struct flow_keys *k,
				     uint8_t *ip_proto, int *nhoff, const void *data, int hlen,
				     unsigned int flags)
{
	struct nm_ipv6hdr _iph;
	const struct nm_ipv6hdr *iph = hdr(skb, *nhoff, sizeof(_iph), data, hlen, &_iph);
	uint32_t label;

	if (!iph)
		return DISSECT_OUT_BAD;
	*ip_proto = iph->nexthdr;
	*nhoff += (int)sizeof(*iph);
	k->addrs.v6addrs.src = iph->saddr;
	k->addrs.v6addrs.dst = iph->daddr;
	k->control.addr_type = FLOW_DISSECTOR_KEY_IPV6_ADDRS;

	label = rte_be_to_cpu_32(iph->ver_tc_flow) & NM_IPV6_FLOWLABEL_MASK;
	if (label) {
		k->tags.flow_label = label;
		if (flags & FLOW_DISSECTOR_F_STOP_AT_FLOW_LABEL)
			return DISSECT_OUT_GOOD;
	}
	return DISSECT_IPPROTO_AGAIN;
}

/* The transport-protocol step: IPv6 extension headers and IP-in-IP repeat,
 * anything else ends the headers (ports are read after). */
static enum dissect_ret dissect_l4(const struct sk_buff *skb, struct flow_keys *k,
				   __be16 *proto, uint8_t *ip_proto, int *nhoff,
				   const void *data, int hlen, unsigned int flags)
{
	bool v6 = *proto == RTE_BE16(ETH_P_IPV6);

	switch (*ip_proto) {
	case NM_IPPROTO_HOPOPTS:
	case NM_IPPROTO_ROUTING:
	case NM_IPPROTO_DSTOPTS: {
		uint8_t _opt[2];
		const uint8_t *opt;

		if (!v6)
			break;
		opt = hdr(skb, *nhoff, sizeof(_opt), data, hlen, _opt);
		if (!opt)
			return DISSECT_OUT_BAD;
		*ip_proto = opt[0];
		*nhoff += (opt[1] + 1) << 3;
		return DISSECT_IPPROTO_AGAIN;
	}
	case NM_IPPROTO_FRAGMENT: {
		struct nm_frag_hdr _fh;
		const struct nm_frag_hdr *fh;

		if (!v6)
			break;
		fh = hdr(skb, *nhoff, sizeof(_fh), data, hlen, &_fh);
		if (!fh)
			return DISSECT_OUT_BAD;
		k->control.flags |= FLOW_DIS_IS_FRAGMENT;
		*nhoff += (int)sizeof(_fh);
		*ip_proto = fh->nexthdr;
		if (!(rte_be_to_cpu_16(fh->frag_off) & NM_IP6_OFFSET)) {
			k->control.flags |= FLOW_DIS_FIRST_FRAG;
			if (flags & FLOW_DISSECTOR_F_PARSE_1ST_FRAG)
				return DISSECT_IPPROTO_AGAIN;
		}
		return DISSECT_OUT_GOOD;
	}
	case NM_IPPROTO_IPIP:
	case NM_IPPROTO_IPV6:
		if (flags & FLOW_DISSECTOR_F_STOP_BEFORE_ENCAP)
			return DISSECT_OUT_GOOD;
		*proto = *ip_proto == NM_IPPROTO_IPIP ? RTE_BE16(ETH_P_IP) : RTE_BE16(ETH_P_IPV6);
		k->control.flags |= FLOW_DIS_ENCAPSULATION;
		if (flags & FLOW_DISSECTOR_F_STOP_AT_ENCAP)
			return DISSECT_OUT_GOOD;
		return DISSECT_PROTO_AGAIN;
	default:
		break;
	}
	return DISSECT_CONTINUE;
}

/*
 * The dissection proper. @want_ports: fill k->ports (flow_keys), not for
 * flow_keys_basic. The kernel's __skb_flow_dissect() with its
 * flow_keys_dissector (or flow_keys_basic_dissector).
 */
static bool dissect(const struct sk_buff *skb, struct flow_keys *k, const void *data,
		    __be16 proto, int nhoff, int hlen, unsigned int flags, bool want_ports)
{
	enum dissect_ret ret;
	uint8_t ip_proto = 0;
	int num_hdrs = 0, nvlan = 0;

	if (!data) {
		data = skb->data;
		proto = skb_vlan_tag_present(skb) ? skb->vlan_proto : skb->protocol;
		nhoff = skb_network_offset(skb);
		hlen = (int)skb_headlen(skb);
	}

proto_again:
	switch (rte_be_to_cpu_16(proto)) {
	case ETH_P_IP:
		ret = dissect_ipv4(skb, k, &ip_proto, &nhoff, data, hlen, flags);
		break;
	case ETH_P_IPV6:
		ret = dissect_ipv6(skb, k, &ip_proto, &nhoff, data, hlen, flags);
		break;
	case ETH_P_8021Q:
	case ETH_P_8021AD:
		ret = dissect_vlan(skb, k, &proto, &nhoff, data, hlen, &nvlan);
		break;
	default:
		ret = DISSECT_OUT_BAD;
		break;
	}
	if (ret == DISSECT_PROTO_AGAIN) {
		if (++num_hdrs <= MAX_FLOW_DISSECT_HDRS)
			goto proto_again;
		ret = DISSECT_OUT_GOOD;
	}
	if (ret != DISSECT_IPPROTO_AGAIN)
		goto out;

ip_proto_again:
	ret = dissect_l4(skb, k, &proto, &ip_proto, &nhoff, data, hlen, flags);
	if (ret == DISSECT_PROTO_AGAIN) {
		if (++num_hdrs <= MAX_FLOW_DISSECT_HDRS)
			goto proto_again;
		ret = DISSECT_OUT_GOOD;
	} else if (ret == DISSECT_IPPROTO_AGAIN) {
		if (++num_hdrs <= MAX_FLOW_DISSECT_HDRS)
			goto ip_proto_again;
		ret = DISSECT_OUT_GOOD;
	}
	if (ret == DISSECT_CONTINUE) {
		int poff = proto_ports_offset(ip_proto);

		if (want_ports && poff >= 0) {
			__be32 _ports;
			const void *ports = hdr(skb, nhoff + poff, sizeof(_ports), data, hlen,
						&_ports);

			if (ports)
				memcpy(&k->ports.ports, ports, sizeof(k->ports.ports));
		}
		ret = DISSECT_OUT_GOOD;
	}
out:
	{
		int end = skb ? (int)skb->len : hlen;

		k->control.thoff = (uint16_t)RTE_MIN(nhoff, end);
	}
	k->basic.n_proto = proto;
	k->basic.ip_proto = ip_proto;
	return ret == DISSECT_OUT_GOOD;
}

bool skb_flow_dissect_flow_keys(const struct sk_buff *skb, struct flow_keys *flow,
				unsigned int flags)
{
	memset(flow, 0, sizeof(*flow));
	return dissect(skb, flow, NULL, 0, 0, 0, flags, true);
}

bool skb_flow_dissect_flow_keys_basic(const struct net *net, const struct sk_buff *skb,
				      struct flow_keys_basic *flow, const void *data,
				      __be16 proto, int nhoff, int hlen, unsigned int flags)
{
	struct flow_keys k;
	bool ok;

	(void)net;
	memset(&k, 0, sizeof(k));
	ok = dissect(skb, &k, data, proto, nhoff, hlen, flags, false);
	flow->control = k.control;
	flow->basic = k.basic;
	return ok;
}

uint32_t __skb_get_poff(const struct sk_buff *skb, const void *data,
			const struct flow_keys_basic *keys, int hlen)
{
	uint32_t poff = keys->control.thoff;

	if ((keys->control.flags & FLOW_DIS_IS_FRAGMENT) &&
	    !(keys->control.flags & FLOW_DIS_FIRST_FRAG))
		return poff;

	switch (keys->basic.ip_proto) {
	case NM_IPPROTO_TCP: {
		uint8_t _doff;
		const uint8_t *doff = hdr(skb, (int)poff + 12, 1, data, hlen, &_doff);

		if (!doff)
			return poff;
		poff += RTE_MAX((uint32_t)NM_TCP_HLEN_MIN, (uint32_t)(*doff & 0xF0) >> 2);
		break;
	}
	case NM_IPPROTO_UDP:
	case NM_IPPROTO_UDPLITE:
		poff += NM_UDP_HLEN;
		break;
	case NM_IPPROTO_ICMP:
		poff += NM_ICMP_HLEN;
		break;
	case NM_IPPROTO_ICMPV6:
		poff += NM_ICMP6_HLEN;
		break;
	case NM_IPPROTO_IGMP:
		poff += NM_IGMP_HLEN;
		break;
	case NM_IPPROTO_DCCP:
		poff += NM_DCCP_HLEN;
		break;
	case NM_IPPROTO_SCTP:
		poff += NM_SCTP_HLEN;
		break;
	default:
		break;
	}
	return poff;
}

uint32_t skb_get_poff(const struct sk_buff *skb)
{
	struct flow_keys_basic keys;

	if (!skb_flow_dissect_flow_keys_basic(NULL, skb, &keys, NULL, 0, 0, 0, 0))
		return 0;
	return __skb_get_poff(skb, skb->data, &keys, (int)skb_headlen(skb));
}

/* Addresses in ascending order, ports in ascending order, each pair on its
 * own (__flow_hash_consistentify() since Linux 5.x). */
static void flow_hash_consistentify(struct flow_keys *keys)
{
	switch (keys->control.addr_type) {
	case FLOW_DISSECTOR_KEY_IPV4_ADDRS:
		if (keys->addrs.v4addrs.dst < keys->addrs.v4addrs.src) {
			__be32 t = keys->addrs.v4addrs.src;

			keys->addrs.v4addrs.src = keys->addrs.v4addrs.dst;
			keys->addrs.v4addrs.dst = t;
		}
		break;
	case FLOW_DISSECTOR_KEY_IPV6_ADDRS:
		if (memcmp(&keys->addrs.v6addrs.dst, &keys->addrs.v6addrs.src,
			   sizeof(struct in6_addr)) < 0) {
			struct in6_addr t = keys->addrs.v6addrs.src;

			keys->addrs.v6addrs.src = keys->addrs.v6addrs.dst;
			keys->addrs.v6addrs.dst = t;
		}
		break;
	default:
		return;
	}
	if (keys->ports.dst < keys->ports.src) {
		__be16 t = keys->ports.src;

		keys->ports.src = keys->ports.dst;
		keys->ports.dst = t;
	}
}

_Static_assert(offsetof(struct flow_keys, addrs) + sizeof(struct flow_dissector_key_addrs) ==
	       sizeof(struct flow_keys), "flow_keys.addrs must be last");
_Static_assert((offsetof(struct flow_keys, addrs) - offsetof(struct flow_keys, basic)) % 4 == 0,
	       "the hashed keys are whole 32-bit words");

uint32_t flow_hash_from_keys(struct flow_keys *keys)
{
	size_t len = offsetof(struct flow_keys, addrs) - offsetof(struct flow_keys, basic);
	uint32_t words[sizeof(struct flow_keys) / 4];
	uint32_t hash;

	flow_hash_consistentify(keys);
	if (keys->control.addr_type == FLOW_DISSECTOR_KEY_IPV4_ADDRS)
		len += sizeof(keys->addrs.v4addrs);
	else if (keys->control.addr_type == FLOW_DISSECTOR_KEY_IPV6_ADDRS)
		len += sizeof(keys->addrs.v6addrs);
	memcpy(words, &keys->basic, len);
	hash = rte_jhash_32b(words, (uint32_t)(len / 4), NM_FLOW_HASH_SEED);
	return hash ? hash : 1;
}

void __skb_get_hash(struct sk_buff *skb)
{
	struct flow_keys keys;

	skb_flow_dissect_flow_keys(skb, &keys, FLOW_DISSECTOR_F_STOP_AT_FLOW_LABEL);
	__skb_set_sw_hash(skb, flow_hash_from_keys(&keys), flow_keys_have_l4(&keys));
}
