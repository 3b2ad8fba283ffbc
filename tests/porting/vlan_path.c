// SPDX-License-Identifier: BSD-3-Clause
/*
 * VLAN handling in the style of the kernel's RX path and of an
 * openvswitch-like action engine: an in-band tag on receive is moved into
 * the skb (skb_vlan_untag), transmit puts an accelerated tag back into the
 * frame when the device cannot insert it (__vlan_hwaccel_push_inside), and
 * push/pop actions stack and unstack 802.1Q / 802.1ad tags with
 * skb_vlan_push()/skb_vlan_pop(), keeping CHECKSUM_COMPLETE right.
 *
 * Only the kernel's include lines: this is the code a porter brings.
 */
#include <linux/errno.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "porting.h"

/* RX: data at the MAC header's end (after eth_type_trans). Returns the skb
 * with its outer tag in skb->vlan_* or NULL (dropped). */
struct sk_buff *vlan_rx(struct sk_buff *skb)
{
	if (eth_type_vlan(skb->protocol)) {
		skb = skb_vlan_untag(skb);
		if (unlikely(!skb))
			return NULL;
	}
	return skb;
}

/* TX: a tag the device cannot insert goes into the frame. NULL: dropped. */
struct sk_buff *vlan_tx_prepare(struct sk_buff *skb, const struct net_device *dev)
{
	if (skb_vlan_tag_present(skb) &&
	    (!(dev->features & NETIF_F_HW_VLAN_CTAG_TX) ||
	     skb->vlan_proto != htons(ETH_P_8021Q)))
		skb = __vlan_hwaccel_push_inside(skb);
	return skb;
}

/* The action list's push and pop. 0 or -errno. */
int vlan_action_push(struct sk_buff *skb, __be16 proto, u16 vid, u8 prio)
{
	return skb_vlan_push(skb, proto, vid | (prio << VLAN_PRIO_SHIFT));
}

int vlan_action_pop(struct sk_buff *skb)
{
	return skb_vlan_pop(skb);
}
