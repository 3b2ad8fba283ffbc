/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * IPv4, IPv6, TCP, UDP and ICMP header access on an skb, with the kernel's
 * names and semantics (linux/ip.h, linux/ipv6.h, linux/tcp.h, linux/udp.h,
 * linux/icmp.h, linux/icmpv6.h, net/ip.h, net/ipv6.h, net/ip6_checksum.h).
 *
 * The header structs are the system's uapi ones (struct iphdr from
 * <linux/ip.h>, ipv6hdr, tcphdr, udphdr, icmphdr, icmp6hdr); the accessors
 * return them at the offsets the skb records (netmem/skbuff.h for the outer
 * headers, netmem/skb_headers.h for the inner ones). They do not check that
 * the bytes are linear: pull them first (pskb_may_pull()), as in the kernel.
 *
 * glibc's <netinet/ip.h> (which DPDK's <rte_ip.h> includes), <netinet/udp.h>
 * and <netinet/ip_icmp.h> define struct iphdr, udphdr and icmphdr too, with
 * the same layout and field names, as other types: one translation unit
 * cannot hold both definitions. This header lets them be combined in either
 * order: when glibc's header came first its struct is the one (the uapi
 * struct is taken under the name nm_uapi_iphdr and so on); otherwise the
 * uapi struct is the one and glibc's header is taken here with its struct
 * under the name nm_libc_iphdr, so a later <netinet/ip.h> or <rte_ip.h> adds
 * nothing that clashes. The only difference left: glibc's struct iphdr has no
 * `addrs` group over saddr/daddr. <netinet/tcp.h> and <netinet/icmp6.h>
 * clash with the uapi headers in many names and cannot be combined with this
 * header (DPDK's <rte_tcp.h>, <rte_udp.h> and <rte_icmp.h> can). glibc's
 * <net/if.h> is taken first too, so the uapi <linux/if.h> that <linux/icmp.h>
 * pulls in keeps out of its way; only a program that includes a uapi header
 * before this one and <net/if.h> after it still meets the usual clash.
 *
 * @code
 *	skb_reset_network_header(skb);
 *	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
 *		goto drop;
 *	iph = ip_hdr(skb);
 *	skb_set_transport_header(skb, ip_hdrlen(skb));
 *	iph->ttl--;
 *	ip_send_check(iph);
 * @endcode
 */
#ifndef NETMEM_IP_H
#define NETMEM_IP_H

/* glibc's <net/if.h> before the uapi's <linux/libc-compat.h> decides which of
 * them defines struct ifreq & co: the uapi then keeps out of glibc's way. */
#if !defined(_LIBC_COMPAT_H) && !defined(_LINUX_IF_H)
#include <net/if.h>
#endif

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <netmem/checksum.h>
#include <netmem/skbuff.h>

/* The uapi headers, with glibc's same-named structs set aside (see above). */
#if defined(__NETINET_IP_H) && !defined(_LINUX_IP_H)
#define iphdr nm_uapi_iphdr
#include <linux/ip.h>
#undef iphdr
#else
#include <linux/ip.h>
#endif
#if defined(__NETINET_UDP_H) && !defined(_LINUX_UDP_H)
#define udphdr nm_uapi_udphdr
#include <linux/udp.h>
#undef udphdr
#else
#include <linux/udp.h>
#endif
#if defined(__NETINET_IP_ICMP_H) && !defined(_LINUX_ICMP_H)
#define icmphdr nm_uapi_icmphdr
#include <linux/icmp.h>
#undef icmphdr
#else
#include <linux/icmp.h>
#endif
#ifndef __NETINET_IP_H
#define iphdr nm_libc_iphdr	/**< struct iphdr is the kernel's (libc's is renamed away). */
#include <netinet/ip.h>
#undef iphdr
#endif
#ifndef __NETINET_UDP_H
#define udphdr nm_libc_udphdr	/**< struct udphdr is the kernel's (libc's is renamed away). */
#include <netinet/udp.h>
#undef udphdr
#endif
#ifndef __NETINET_IP_ICMP_H
#define icmphdr nm_libc_icmphdr	/**< struct icmphdr is the kernel's (libc's is renamed away). */
#include <netinet/ip_icmp.h>
#undef icmphdr
#endif
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>

#include <rte_byteorder.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- IPv4 --------------------------------------------------------------- */

/** Largest IPv4 total length. */
#define IP_MAX_MTU	0xFFFFU

/**
 * The IPv4 header at the network header.
 * @param skb a packet whose network header is set.
 * @return a pointer into the head at the network header.
 */
static inline struct iphdr *ip_hdr(const struct sk_buff *skb)
{
	return (struct iphdr *)skb_network_header(skb);
}

/**
 * The encapsulated IPv4 header at the inner network header.
 * @param skb an encapsulated packet whose inner network header is set.
 * @return a pointer into the head at the inner network header.
 */
static inline struct iphdr *inner_ip_hdr(const struct sk_buff *skb)
{
	return (struct iphdr *)skb_inner_network_header(skb);
}

/**
 * The inner IPv4 header of IP-in-IP, at the transport header.
 * @param skb an IP-in-IP packet whose transport header is set.
 * @return a pointer into the head at the transport header.
 */
static inline struct iphdr *ipip_hdr(const struct sk_buff *skb)
{
	return (struct iphdr *)skb_transport_header(skb);
}

/**
 * Bytes of the IPv4 header (options included).
 * @param skb a packet whose network header is an IPv4 header.
 * @return ihl * 4, 20..60.
 */
static inline unsigned int ip_hdrlen(const struct sk_buff *skb)
{
	return ip_hdr(skb)->ihl * 4u;
}

/**
 * The IPv4 total length; for a TCP GSO skb (BIG TCP) whose tot_len is 0,
 * the bytes from the network header to the end.
 * @param skb the packet holding @p iph.
 * @param iph its IPv4 header.
 * @return the total length in bytes (host order).
 */
static inline unsigned int iph_totlen(const struct sk_buff *skb, const struct iphdr *iph)
{
	__u32 len = rte_be_to_cpu_16(iph->tot_len);

	if (len || !skb_is_gso(skb) ||
	    !(skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)))
		return len;
	return skb->len - (unsigned int)skb_network_offset(skb);
}

/**
 * iph_totlen() of the skb's IPv4 header.
 * @param skb a packet whose network header is an IPv4 header.
 * @return the total length in bytes (host order).
 */
static inline unsigned int skb_ip_totlen(const struct sk_buff *skb)
{
	return iph_totlen(skb, ip_hdr(skb));
}

/**
 * Sets tot_len, 0 past IP_MAX_MTU (BIG TCP).
 * @param iph the IPv4 header written.
 * @param len total length in bytes (host order).
 */
static inline void iph_set_totlen(struct iphdr *iph, unsigned int len)
{
	iph->tot_len = len <= IP_MAX_MTU ? rte_cpu_to_be_16((uint16_t)len) : 0;
}

/**
 * Bytes after the IPv4 header up to its total length.
 * @param skb a packet whose network and transport headers are set.
 * @return tot_len minus the IPv4 header length.
 */
static inline unsigned int ip_transport_len(const struct sk_buff *skb)
{
	return rte_be_to_cpu_16(ip_hdr(skb)->tot_len) - skb_network_header_len(skb);
}

/**
 * Recomputes the IPv4 header checksum of @p iph.
 * @param iph the IPv4 header; its check field is overwritten.
 */
static inline void ip_send_check(struct iphdr *iph)
{
	iph->check = 0;
	iph->check = ip_fast_csum((const unsigned char *)iph, iph->ihl);
}

/**
 * True when @p iph is a fragment (MF set or an offset).
 * @param iph an IPv4 header.
 * @return true for any fragment, the first one included.
 */
static inline bool ip_is_fragment(const struct iphdr *iph)
{
	return (iph->frag_off & rte_cpu_to_be_16(0x2000 | 0x1FFF)) != 0;
}

/**
 * The IPv4 pseudo-header sum for the skb's L4 packet (skb->len bytes of
 * protocol @p proto): the compute_pseudo callback of skb_checksum_init()
 * and its family, with skb->data at the transport header.
 * @param skb the packet, data at the transport header, network header IPv4.
 * @param proto L4 protocol (IPPROTO_TCP, IPPROTO_UDP).
 * @return the unfolded pseudo-header sum, length skb->len.
 */
static inline __wsum inet_compute_pseudo(struct sk_buff *skb, int proto)
{
	const unsigned char *iph = skb_network_header(skb);
	__be32 saddr, daddr;

	/* byte copies: behind a 14-byte Ethernet header the IPv4 header is
	 * only 2-byte aligned (NET_IP_ALIGN is 0) */
	memcpy(&saddr, iph + offsetof(struct iphdr, saddr), sizeof(saddr));
	memcpy(&daddr, iph + offsetof(struct iphdr, daddr), sizeof(daddr));
	return csum_tcpudp_nofold(saddr, daddr, skb->len, (__u8)proto, 0);
}

/* ---- IPv6 --------------------------------------------------------------- */

#define NEXTHDR_HOP		0	/**< IPv6 next header: hop-by-hop options. */
#define NEXTHDR_IPV4		4	/**< IPv6 next header: IPv4. */
#define NEXTHDR_TCP		6	/**< IPv6 next header: TCP. */
#define NEXTHDR_UDP		17	/**< IPv6 next header: UDP. */
#define NEXTHDR_IPV6		41	/**< IPv6 next header: IPv6. */
#define NEXTHDR_ROUTING		43	/**< IPv6 next header: routing header. */
#define NEXTHDR_FRAGMENT	44	/**< IPv6 next header: fragment header. */
#define NEXTHDR_GRE		47	/**< IPv6 next header: GRE. */
#define NEXTHDR_ESP		50	/**< IPv6 next header: ESP. */
#define NEXTHDR_AUTH		51	/**< IPv6 next header: authentication header. */
#define NEXTHDR_ICMP		58	/**< IPv6 next header: ICMPv6. */
#define NEXTHDR_NONE		59	/**< IPv6 next header: no next header. */
#define NEXTHDR_DEST		60	/**< IPv6 next header: destination options. */

/**
 * The IPv6 header at the network header.
 * @param skb a packet whose network header is set.
 * @return a pointer into the head at the network header.
 */
static inline struct ipv6hdr *ipv6_hdr(const struct sk_buff *skb)
{
	return (struct ipv6hdr *)skb_network_header(skb);
}

/**
 * The encapsulated IPv6 header at the inner network header.
 * @param skb an encapsulated packet whose inner network header is set.
 * @return a pointer into the head at the inner network header.
 */
static inline struct ipv6hdr *inner_ipv6_hdr(const struct sk_buff *skb)
{
	return (struct ipv6hdr *)skb_inner_network_header(skb);
}

/**
 * The inner IPv6 header of IPv6-in-IP, at the transport header.
 * @param skb an IPv6-in-IP packet whose transport header is set.
 * @return a pointer into the head at the transport header.
 */
static inline struct ipv6hdr *ipipv6_hdr(const struct sk_buff *skb)
{
	return (struct ipv6hdr *)skb_transport_header(skb);
}

/** Bytes after the network header's extension headers up to the payload
 *  length's end.
 * @param skb a packet whose network and transport headers are set.
 * @return payload_len + 40 minus the bytes from the network to the transport
 *   header.
 */
static inline unsigned int ipv6_transport_len(const struct sk_buff *skb)
{
	return rte_be_to_cpu_16(ipv6_hdr(skb)->payload_len) + (unsigned int)sizeof(struct ipv6hdr) -
	       skb_network_header_len(skb);
}

/**
 * True when the two IPv6 addresses are equal.
 * @param a1 an IPv6 address.
 * @param a2 an IPv6 address.
 * @return true when all 16 bytes are equal.
 */
static inline bool ipv6_addr_equal(const struct in6_addr *a1, const struct in6_addr *a2)
{
	return memcmp(a1, a2, sizeof(*a1)) == 0;
}

/**
 * True for the unspecified address ::.
 * @param a an IPv6 address.
 * @return true when all 16 bytes are 0.
 */
static inline bool ipv6_addr_any(const struct in6_addr *a)
{
	for (unsigned int i = 0; i < sizeof(a->s6_addr); i++)
		if (a->s6_addr[i])
			return false;
	return true;
}

/** The Hop-by-Hop jumbo option header of a BIG TCP packet. */
struct hop_jumbo_hdr {
	__u8 nexthdr;	/**< next header */
	__u8 hdrlen;	/**< length in 8-byte units, not counting the first 8 */
	__u8 tlv_type;		/**< IPV6_TLV_JUMBO */
	__u8 tlv_len;		/**< 4 */
	__be32 jumbo_payload_len;	/**< payload length of a jumbogram */
};

/**
 * IPPROTO_TCP when the skb is a BIG TCP IPv6 packet (longer than 64 KiB)
 * whose only extension header is the Hop-by-Hop jumbo option; else 0.
 * @param skb an IPv6 packet, network header set.
 * @return IPPROTO_TCP for a BIG TCP jumbogram, 0 otherwise.
 */
static inline int ipv6_has_hopopt_jumbo(const struct sk_buff *skb)
{
	const struct hop_jumbo_hdr *jhdr;
	const struct ipv6hdr *nhdr;

	if (skb->len <= 65536 /* GRO_LEGACY_MAX_SIZE */)
		return 0;
	if (skb->protocol != rte_cpu_to_be_16(0x86DD /* ETH_P_IPV6 */))
		return 0;
	if (skb_network_offset(skb) + (int)sizeof(struct ipv6hdr) +
	    (int)sizeof(struct hop_jumbo_hdr) > (int)skb_headlen(skb))
		return 0;
	nhdr = ipv6_hdr(skb);
	if (nhdr->nexthdr != NEXTHDR_HOP)
		return 0;
	jhdr = (const struct hop_jumbo_hdr *)(nhdr + 1);
	if (jhdr->tlv_type != IPV6_TLV_JUMBO || jhdr->hdrlen != 0 ||
	    jhdr->nexthdr != IPPROTO_TCP)
		return 0;
	return jhdr->nexthdr;
}

/**
 * The IPv6 pseudo-header sum for the skb's L4 packet (skb->len bytes of
 * protocol @p proto), unfolded: skb_checksum_init()'s callback for IPv6.
 * @param skb the packet, data at the transport header, network header IPv6.
 * @param proto L4 protocol (next header value).
 * @return the unfolded pseudo-header sum, length skb->len.
 */
static inline __wsum ip6_compute_pseudo(struct sk_buff *skb, int proto)
{
	return ~csum_unfold(csum_ipv6_magic(&ipv6_hdr(skb)->saddr, &ipv6_hdr(skb)->daddr,
					    skb->len, (__u8)proto, 0));
}

/* ---- TCP, UDP, ICMP ----------------------------------------------------- */

/**
 * The TCP header at the transport header.
 * @param skb a packet whose transport header is set.
 * @return a pointer into the head at the transport header.
 */
static inline struct tcphdr *tcp_hdr(const struct sk_buff *skb)
{
	return (struct tcphdr *)skb_transport_header(skb);
}

/**
 * Bytes of the TCP header @p th (options included).
 * @param th a TCP header.
 * @return doff * 4, 20..60.
 */
static inline unsigned int __tcp_hdrlen(const struct tcphdr *th)
{
	return th->doff * 4u;
}

/**
 * Bytes of the skb's TCP header (options included).
 * @param skb a packet whose transport header is a TCP header.
 * @return doff * 4, 20..60.
 */
static inline unsigned int tcp_hdrlen(const struct sk_buff *skb)
{
	return __tcp_hdrlen(tcp_hdr(skb));
}

/**
 * Bytes of TCP options.
 * @param skb a packet whose transport header is a TCP header.
 * @return (doff - 5) * 4, 0..40.
 */
static inline unsigned int tcp_optlen(const struct sk_buff *skb)
{
	return (tcp_hdr(skb)->doff - 5) * 4u;
}

/**
 * The encapsulated TCP header at the inner transport header.
 * @param skb an encapsulated packet whose inner transport header is set.
 * @return a pointer into the head at the inner transport header.
 */
static inline struct tcphdr *inner_tcp_hdr(const struct sk_buff *skb)
{
	return (struct tcphdr *)skb_inner_transport_header(skb);
}

/**
 * Length of the inner TCP header (encapsulation).
 * @param skb an encapsulated packet whose inner transport header is TCP.
 * @return the inner doff * 4.
 */
static inline unsigned int inner_tcp_hdrlen(const struct sk_buff *skb)
{
	return inner_tcp_hdr(skb)->doff * 4u;
}

/**
 * Bytes from skb->data to the end of the TCP header.
 * @param skb a TCP packet, transport header set.
 * @return the bytes of headers in front of the TCP payload, counted from
 *   skb->data.
 */
static inline int skb_tcp_all_headers(const struct sk_buff *skb)
{
	return skb_transport_offset(skb) + (int)tcp_hdrlen(skb);
}

/**
 * Bytes from skb->data to the end of the inner TCP header.
 * @param skb an encapsulated TCP packet, inner transport header set.
 * @return the bytes of headers in front of the inner TCP payload, counted from
 *   skb->data.
 */
static inline int skb_inner_tcp_all_headers(const struct sk_buff *skb)
{
	return (int)(skb_inner_transport_header(skb) - skb->data) + (int)inner_tcp_hdrlen(skb);
}

/**
 * The UDP header at the transport header.
 * @param skb a packet whose transport header is set.
 * @return a pointer into the head at the transport header.
 */
static inline struct udphdr *udp_hdr(const struct sk_buff *skb)
{
	return (struct udphdr *)skb_transport_header(skb);
}

/**
 * The encapsulated UDP header at the inner transport header.
 * @param skb an encapsulated packet whose inner transport header is set.
 * @return a pointer into the head at the inner transport header.
 */
static inline struct udphdr *inner_udp_hdr(const struct sk_buff *skb)
{
	return (struct udphdr *)skb_inner_transport_header(skb);
}

/**
 * The ICMP header at the transport header.
 * @param skb a packet whose transport header is set.
 * @return a pointer into the head at the transport header.
 */
static inline struct icmphdr *icmp_hdr(const struct sk_buff *skb)
{
	return (struct icmphdr *)skb_transport_header(skb);
}

/**
 * The ICMPv6 header at the transport header.
 * @param skb a packet whose transport header is set.
 * @return a pointer into the head at the transport header.
 */
static inline struct icmp6hdr *icmp6_hdr(const struct sk_buff *skb)
{
	return (struct icmp6hdr *)skb_transport_header(skb);
}

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_IP_H */
