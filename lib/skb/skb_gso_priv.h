/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/skb: state skb_segment() leaves in each segment's cb for the
 * protocol fix-ups of skb_gso_segment(), as the kernel's SKB_GSO_CB. */
#ifndef SKB_GSO_PRIV_H
#define SKB_GSO_PRIV_H

#include <rte_byteorder.h>

#include "skb_priv.h"

/** Where the GSO state sits in skb->cb (the kernel's SKB_GSO_CB_OFFSET). */
#define NM_GSO_CB_OFFSET	32

struct nm_gso_cb {
	int data_offset;	/**< GSO partial: payload start, from head */
	int encap_level;
	__wsum csum;		/**< software path: sum of [csum_start, end) */
	__u16 csum_start;	/**< from head */
};

_Static_assert(NM_GSO_CB_OFFSET + sizeof(struct nm_gso_cb) <=
	       sizeof(((struct sk_buff *)0)->cb), "GSO cb does not fit in skb->cb");

static inline struct nm_gso_cb *NM_GSO_CB(struct sk_buff *skb)
{
	return (struct nm_gso_cb *)(void *)(skb->cb + NM_GSO_CB_OFFSET);
}

#define NM_ETH_HLEN		14
#define NM_VLAN_HLEN		4
#define NM_ETH_P_IP		0x0800
#define NM_ETH_P_IPV6		0x86DD
#define NM_ETH_P_8021Q		0x8100
#define NM_ETH_P_8021AD		0x88A8

/** True for an 802.1Q / 802.1ad ethertype (network order). */
static inline bool nm_eth_type_vlan(__be16 type)
{
	return type == RTE_BE16(NM_ETH_P_8021Q) || type == RTE_BE16(NM_ETH_P_8021AD);
}

#endif /* SKB_GSO_PRIV_H */
