/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/gro private: the protocol layer (gro_inet.c) and the merge
 * (gro.c: nm_skb_gro_receive) see each other through this header.
 * Header fields are read and written bytewise (network order) so that no
 * header struct alignment is assumed.
 */
#ifndef NM_GRO_PRIV_H
#define NM_GRO_PRIV_H

#include <errno.h>
#include <string.h>

#include <netmem/gro.h>
#include <netmem/checksum.h>
#include <netmem/skb_csum.h>
#include <netmem/skb_linear.h>

#define NM_ETH_P_IP		0x0800
#define NM_ETH_P_IPV6		0x86DD
#define NM_ETH_P_8021Q		0x8100
#define NM_ETH_P_8021AD		0x88A8
#define NM_IPPROTO_TCP		6
#define NM_IPPROTO_UDP		17
#define NM_IP_DF		0x4000
#define NM_VLAN_VID_MASK	0x0fff

/* TCP flag word (doff, flags, window) in host order. */
#define NM_TCP_FLAG_CWR		0x00800000u
#define NM_TCP_FLAG_ECE		0x00400000u
#define NM_TCP_FLAG_URG		0x00200000u
#define NM_TCP_FLAG_ACK		0x00100000u
#define NM_TCP_FLAG_PSH		0x00080000u
#define NM_TCP_FLAG_RST		0x00040000u
#define NM_TCP_FLAG_SYN		0x00020000u
#define NM_TCP_FLAG_FIN		0x00010000u

static inline uint16_t gro_rd16(const unsigned char *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t gro_rd32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static inline void gro_wr16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static inline void gro_wr32(unsigned char *p, uint32_t v)
{
	gro_wr16(p, (uint16_t)(v >> 16));
	gro_wr16(p + 2, (uint16_t)v);
}

/* Bytes of @skb left after the headers parsed so far. */
static inline unsigned int skb_gro_len(const struct sk_buff *skb)
{
	return skb->len - NAPI_GRO_CB(skb)->data_offset;
}

static inline unsigned int skb_gro_offset(const struct sk_buff *skb)
{
	return NAPI_GRO_CB(skb)->data_offset;
}

static inline void skb_gro_pull(struct sk_buff *skb, unsigned int len)
{
	NAPI_GRO_CB(skb)->data_offset += len;
}

/* The next @hlen header bytes at the GRO offset, pulled into the readable
 * head when they are not there yet; NULL when the packet is shorter or
 * the bytes are unreadable. */
unsigned char *nm_gro_header(struct sk_buff *skb, unsigned int hlen);

/* CHECKSUM_COMPLETE bookkeeping after @len header bytes at @start. */
static inline void skb_gro_postpull_rcsum(struct sk_buff *skb, const void *start,
					  unsigned int len)
{
	if (NAPI_GRO_CB(skb)->csum_valid)
		NAPI_GRO_CB(skb)->csum = csum_sub(NAPI_GRO_CB(skb)->csum,
						  csum_partial(start, (int)len, 0));
}

/* Validates the L4 checksum of the bytes left (pseudo-header @psum): 0
 * when good (the skb's checksum state then says so), nonzero when bad. */
int nm_gro_checksum_validate(struct sk_buff *skb, __wsum psum);

/* The kernel's skb_gro_receive(): merges @skb's payload into @p. 0 or
 * -E2BIG / -ETOOMANYREFS / -EINVAL (not merged, nothing changed). */
int nm_skb_gro_receive(struct gro_node *gro, struct sk_buff *p, struct sk_buff *skb);

/* The kernel's skb_gro_receive_list(): chains @skb, whole but for its
 * pulled headers, on @p's frag_list (fraglist GRO). 0 or -E2BIG / -EINVAL
 * / -ENOMEM (not chained). */
int nm_skb_gro_receive_list(struct gro_node *gro, struct sk_buff *p, struct sk_buff *skb);

/* Protocol receive by ethertype (the ptype gro_receive callbacks): the
 * held skb to complete, or NULL; sets NAPI_GRO_CB(skb)->flush/same_flow.
 * *handled false: no GRO for this ethertype. */
struct sk_buff *nm_gro_network_receive(struct gro_node *gro, struct sk_buff_head *head,
				       struct sk_buff *skb, uint16_t type, bool *handled);

/* Protocol completion of a held skb of count > 1 (the gro_complete
 * callbacks): lengths, checksum set-up, gso_type/segs. */
void nm_gro_network_complete(struct sk_buff *skb);

#endif /* NM_GRO_PRIV_H */
